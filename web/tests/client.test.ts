import { describe, expect, it } from 'vitest';
import { ApiError, query, readCookie, toProblem } from '../src/api/client';

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
});
