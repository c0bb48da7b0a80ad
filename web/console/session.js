// session.js - who is logged in. The CSRF token lives in the API client's
// memory only; after a reload GET /me gives it back.
import { reactive } from 'vue';
import { api } from './api.js';

export const session = reactive({ user: null, loaded: false });

export async function loadMe() {
  try {
    const me = await api.get('/me', { quiet: true, auth401: false });
    api.setCsrf(me.csrf_token);
    delete me.csrf_token;
    session.user = me;
  } catch (e) {
    if (e.status !== 401) throw e;
    session.user = null;
  } finally {
    session.loaded = true;
  }
  return session.user;
}

export async function login(username, password) {
  const r = await api.post('/session', { username, password }, { quiet: true, auth401: false });
  api.setCsrf(r.csrf_token);
  session.user = r.user;
  session.loaded = true;
  return r.user;
}

export async function logout() {
  try {
    await api.del('/session', { quiet: true });
  } catch (e) {
    if (e.status !== 401) throw e;
  } finally {
    api.setCsrf('');
    session.user = null;
  }
}

export function clearSession() {
  api.setCsrf('');
  session.user = null;
}

export const hasRole = (...roles) => !!session.user && roles.includes(session.user.role);
