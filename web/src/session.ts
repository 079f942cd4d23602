// The signed-in account as GET /api/v1/session tells it; null when signed out.
import { reactive } from 'vue';
import { api, ApiError } from './api/client';
import type { Me } from './api/types';

export const session = reactive<{ me: Me | null; loaded: boolean }>({ me: null, loaded: false });

export function can(permission: string): boolean {
  return !!session.me && session.me.permissions.includes(permission);
}

// Loads who is signed in; a 401 (or a pending password change) leaves `me` as it says.
export async function loadSession(): Promise<Me | null> {
  try {
    session.me = await api.get<Me>('/session');
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    session.me = null;
  } finally {
    session.loaded = true;
  }
  return session.me;
}

export async function signIn(username: string, password: string): Promise<Me | null> {
  await api.post('/session', { username, password });
  return loadSession();
}

export async function signOut(): Promise<void> {
  try {
    await api.del('/session');
  } finally {
    session.me = null;
  }
}
