// Person names for ids shown in lists (cases, contacts), fetched once per id per page.
import { reactive } from 'vue';
import { api } from './api/client';
import type { Person } from './api/types';

export function usePersonNames() {
  const names = reactive(new Map<number, string>());
  async function load(ids: number[]) {
    const missing = [...new Set(ids)].filter((id) => !names.has(id));
    await Promise.all(
      missing.map(async (id) => {
        const p = await api.get<Person>(`/persons/${id}`).catch(() => null);
        names.set(id, p?.name ?? `#${id}`);
      }),
    );
  }
  return { names, load };
}
