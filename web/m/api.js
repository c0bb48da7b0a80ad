// api.js - the mobile pages' API client: errors as a toast; a lost session of
// a grid worker leads to the grid login page.
import { showFailToast } from 'vant';
import { createApi } from '@shared/api.js';

let unauthorizedHandler = () => {};
export function onUnauthorized(fn) { unauthorizedHandler = fn; }

export const api = createApi({
  onError(e) { showFailToast({ message: e.message, wordBreak: 'break-word' }); },
  onUnauthorized(e, o) { unauthorizedHandler(e, o); },
});
