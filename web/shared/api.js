// api.js - the fetch wrapper every app uses for /api/v1.
//
// JSON in and out, the session cookie sent same-origin, the CSRF token (from
// POST /session or GET /me, kept in memory only) added to every state change.
// A failed call throws an ApiError carrying the server's Chinese message; the
// app decides how to show it (onError) and where a lost session leads
// (onUnauthorized).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

function withQuery(path, query) {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export function createApi({ base = '/api/v1', onError = () => {}, onUnauthorized = () => {} } = {}) {
  let csrf = '';

  // opts: query (object), body (JSON value), raw (a Blob or File sent as
  // it is, with its own type: uploads), quiet (do not call onError),
  // auth401 (false: a 401 is an ordinary error, as for a wrong password).
  async function request(method, path, opts = {}) {
    const { query, body, raw, quiet = false, auth401 = true } = opts;
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (raw !== undefined) {
      headers['Content-Type'] = raw.type || 'application/octet-stream';
      init.body = raw;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
    let res;
    try {
      res = await fetch(base + withQuery(path, query), init);
    } catch {
      const e = new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
      if (!quiet) onError(e);
      throw e;
    }
    const text = await res.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!res.ok) {
      const err = data && data.error;
      const e = new ApiError(res.status, err?.code || 'http_' + res.status,
        err?.message || `服务器返回错误（${res.status}），请稍后重试`);
      e.data = data; // the whole answer, for replies that carry more (an import's per-row report)
      if (res.status === 401 && auth401) {
        csrf = '';
        onUnauthorized(e, { quiet });
      } else if (!quiet) {
        onError(e);
      }
      throw e;
    }
    return data;
  }

  return {
    setCsrf(token) { csrf = token || ''; },
    hasCsrf() { return csrf !== ''; },
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
    patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }),
    put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
    del: (path, opts) => request('DELETE', path, opts),
    upload: (path, file, opts = {}) => request('POST', path, { ...opts, raw: file }),
  };
}
