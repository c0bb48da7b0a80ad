// session.js - the grid worker's session (same cookie as the console), over
// the mobile pages' API client.
import { createSession } from '@shared/session.js';
import { api } from './api.js';

export const { session, loadMe, login, logout, clearSession } = createSession(api);
