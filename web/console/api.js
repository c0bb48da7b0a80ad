// api.js - the console's API client: server errors shown with ElMessage, a
// lost session leads to the login page.
import { ElMessage } from 'element-plus';
import { createApi } from '@shared/api.js';

let unauthorizedHandler = () => {};
export function onUnauthorized(fn) { unauthorizedHandler = fn; }

export const api = createApi({
  onError(e) {
    ElMessage({ type: 'error', message: e.message, grouping: true, showClose: true });
  },
  onUnauthorized(e, { quiet }) {
    unauthorizedHandler(e, { quiet });
  },
});
