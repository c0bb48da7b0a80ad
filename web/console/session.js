// session.js - the console's session, over the console's API client.
import { createSession } from '@shared/session.js';
import { api } from './api.js';

export const { session, loadMe, login, logout, clearSession, hasRole } = createSession(api);
