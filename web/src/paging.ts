// A keyset-paginated list: the first page, then "more" with the server's next_cursor.
// A newer load supersedes an older one still in flight (typing fast in a search box), so
// a slow answer never replaces a newer one.
import { reactive } from 'vue';
import type { Page } from './api/client';

export type PageFetcher<T> = (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>;

export function usePagedList<T>(fetchPage: PageFetcher<T>) {
  const state = reactive({
    items: [] as T[],
    nextCursor: null as string | null,
    loading: false,
    loaded: false,
  });
  let controller: AbortController | null = null;

  async function load(reset: boolean): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    state.loading = true;
    try {
      const page = await fetchPage(reset ? null : state.nextCursor, mine.signal);
      if (controller !== mine) return;
      state.items = (reset ? page.items : [...(state.items as T[]), ...page.items]) as typeof state.items;
      state.nextCursor = page.next_cursor ?? null;
      state.loaded = true;
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      throw e;
    } finally {
      if (controller === mine) state.loading = false;
    }
  }

  return {
    state,
    reload: () => load(true),
    more: () => load(false),
    cancel: () => controller?.abort(),
  };
}

// Calls `fn` once `ms` have passed without another call.
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
