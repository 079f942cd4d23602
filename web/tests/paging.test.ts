import { describe, expect, it } from 'vitest';
import type { Page } from '../src/api/client';
import { usePagedList } from '../src/paging';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('paged lists', () => {
  it('appends pages by cursor and stops when the server says so', async () => {
    const pages: Record<string, Page<number>> = {
      first: { items: [1, 2], next_cursor: 'c2' },
      c2: { items: [3], next_cursor: null },
    };
    const seen: (string | null)[] = [];
    const list = usePagedList<number>(async (cursor) => {
      seen.push(cursor);
      return pages[cursor ?? 'first'];
    });
    await list.reload();
    expect(list.state.items).toEqual([1, 2]);
    expect(list.state.nextCursor).toBe('c2');
    await list.more();
    expect(list.state.items).toEqual([1, 2, 3]);
    expect(list.state.nextCursor).toBeNull();
    await list.reload();
    expect(list.state.items).toEqual([1, 2]);
    expect(seen).toEqual([null, 'c2', null]);
  });

  it('keeps the newest search when an older answer arrives late', async () => {
    const answers = [deferred<Page<string>>(), deferred<Page<string>>()];
    let call = 0;
    const list = usePagedList<string>((_cursor, signal) => {
      const d = answers[call++];
      return new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        d.promise.then(resolve);
      });
    });
    const older = list.reload();
    const newer = list.reload();
    answers[1].resolve({ items: ['new'], next_cursor: null });
    answers[0].resolve({ items: ['old'], next_cursor: 'x' });
    await Promise.all([older, newer]);
    expect(list.state.items).toEqual(['new']);
    expect(list.state.loading).toBe(false);
  });
});
