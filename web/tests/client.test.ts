import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, query, readCookie, toProblem } from '../src/api/client';

describe('api client', () => {
  it('reads a problem+json body with its field errors', () => {
    const p = toProblem(422, {
      type: 'about:blank',
      status: 422,
      code: 'validation_failed',
      title: 'Unprocessable Content',
      detail: 'invalid person',
      errors: [
        { field: 'name', code: 'required', message: 'name is required' },
        { field: 'id_number', code: 'bad_checksum', message: 'bad' },
        null,
      ],
    });
    const e = new ApiError(p);
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.fieldErrors('name').map((x) => x.code)).toEqual(['required']);
    expect(e.fieldErrors('phone')).toEqual([]);
    expect(p.errors).toHaveLength(2);
  });

  it('makes a problem from a body that is not one', () => {
    expect(toProblem(502, '<html>bad gateway</html>')).toMatchObject({ status: 502, code: 'http_502', errors: [] });
    expect(toProblem(0, null).code).toBe('network_error');
  });

  it('builds query strings of the given values only', () => {
    expect(query({ q: '刘 东', cursor: null, limit: 30, x: undefined, y: '' })).toBe('?q=%E5%88%98+%E4%B8%9C&limit=30');
    expect(query({})).toBe('');
  });

  it('reads a cookie by name', () => {
    expect(readCookie('cordon_csrf', 'a=1; cordon_csrf=abc%3D; b=2')).toBe('abc=');
    expect(readCookie('cordon_csrf', 'a=1')).toBeUndefined();
  });

  describe('upload', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('sends the file as it is, with its type, and reads the answer', async () => {
      const calls: { url: string; init: RequestInit }[] = [];
      vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return new Response(JSON.stringify({ id: 3, state: 'running' }), { status: 202 });
      });
      const file = new Blob(['name,id_number,grid\r\n'], { type: 'text/csv' });
      const job = await api.upload<{ id: number }>('/imports/persons', file, 'text/csv');
      expect(job.id).toBe(3);
      expect(calls[0].url).toBe('/api/v1/imports/persons');
      expect(calls[0].init.method).toBe('POST');
      expect(calls[0].init.body).toBe(file);
      expect((calls[0].init.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    });

    it('turns a refusal into an ApiError', async () => {
      vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ status: 413, code: 'payload_too_large' }), { status: 413 }));
      const refused = api.upload('/imports/persons', new Blob(['x']), 'text/csv');
      await expect(refused).rejects.toMatchObject({ status: 413, code: 'payload_too_large' });
    });
  });
});
