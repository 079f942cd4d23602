// The top of the place tree an account sees: its own jurisdiction, or the roots for an
// account of the whole deployment (GET /places without parent_id lists only true roots).
import { api, type Page } from './api/client';
import type { Place } from './api/types';
import { session } from './session';

export async function topPlaces(): Promise<Place[]> {
  const own = session.me?.jurisdiction_id;
  if (own) return [await api.get<Place>(`/places/${own}`)];
  return (await api.get<Page<Place>>('/places')).items;
}
