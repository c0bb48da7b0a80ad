// session.js - who is logged in, for every app (console, grid-worker pages):
// one cookie; the CSRF token lives in the API client's memory only, and
// after a reload GET /me gives it back. Each app passes its own API client,
// which shows errors its own way.
import { reactive } from 'vue';

export function createSession(api) {
  const session = reactive({ user: null, loaded: false });

  async function loadMe() {
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

  async function login(username, password) {
    const r = await api.post('/session', { username, password }, { quiet: true, auth401: false });
    api.setCsrf(r.csrf_token);
    session.user = r.user;
    session.loaded = true;
    return r.user;
  }

  async function logout() {
    try {
      await api.del('/session', { quiet: true });
    } catch (e) {
      if (e.status !== 401) throw e;
    } finally {
      api.setCsrf('');
      session.user = null;
    }
  }

  function clearSession() {
    api.setCsrf('');
    session.user = null;
  }

  const hasRole = (...roles) => !!session.user && roles.includes(session.user.role);

  return { session, loadMe, login, logout, clearSession, hasRole };
}
