// edges.test.js - requests at the edges of HTTP, sent as raw bytes: every
// one gets one well-formed answer at once, never a hang, an empty reply or
// a response written twice (issue 11, item 7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rawRequest } from './harness.js';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const statusLines = (raw) => (raw.match(/HTTP\/1\.[01] \d{3}/g) || []).length;

async function send(bytes) {
  const t0 = Date.now();
  const r = await rawRequest(srv.url, bytes, { timeoutMs: 4000 });
  return { ...r, ms: Date.now() - t0 };
}

function assertOneAnswer(r, status, code) {
  assert.ok(!r.timedOut, `no answer within 4 s: ${JSON.stringify(r.raw.slice(0, 200))}`);
  assert.equal(r.status, status, r.raw.slice(0, 300));
  assert.equal(statusLines(r.raw), 1, `one status line: ${JSON.stringify(r.raw.slice(0, 400))}`);
  if (code) {
    const body = JSON.parse(r.body);
    assert.equal(body.error.code, code);
    assert.ok(body.error.message.length > 0);
  }
}

const get = (target, headers = '') => `GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`;
const post = (headers, body = '{}') =>
  `POST /api/v1/public/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers}Connection: close\r\n\r\n${body}`;

test('about 1,000 query parameters: 414 at once, not a 30 s hang and an empty reply', async () => {
  for (const q of [
    Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&'),
    Array.from({ length: 5000 }, () => 'a').join('&'),
    `q=${'x'.repeat(9000)}`,
  ]) {
    const r = await send(get(`/api/v1/categories?${q}`));
    assertOneAnswer(r, 414, 'uri_too_long');
    assert.ok(r.ms < 2000, `answered in ${r.ms} ms`);
  }
  // A path alone over the limit, too.
  assertOneAnswer(await send(get(`/${'a'.repeat(9000)}`)), 414, 'uri_too_long');
  // An ordinary query still works, and the connection after a refusal is fine.
  const ok = await send(get('/api/v1/categories?a=1&b=2'));
  assertOneAnswer(ok, 200);
});

test('too many or too large headers or cookies: 431', async () => {
  const many = Array.from({ length: 150 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
  assertOneAnswer(await send(get('/api/v1/categories', many)), 431, 'headers_too_large');
  const big = `X-Big: ${'b'.repeat(20000)}\r\nX-Big2: ${'b'.repeat(20000)}\r\n`;
  assertOneAnswer(await send(get('/api/v1/categories', big)), 431);
  const cookies = `Cookie: ${Array.from({ length: 80 }, (_, i) => `c${i}=1`).join('; ')}\r\n`;
  assertOneAnswer(await send(get('/api/v1/categories', cookies)), 431, 'headers_too_large');
  // Thousands of headers: refused by the HTTP library itself, still at once.
  const huge = Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
  assertOneAnswer(await send(get('/api/v1/categories', huge)), 431);
});

test('a repeated Content-Length, or one beside Transfer-Encoding: one 400', async () => {
  assertOneAnswer(await send(post('Content-Length: 2\r\nContent-Length: 5\r\n')), 400, 'bad_content_length');
  assertOneAnswer(await send(post('Content-Length: 2\r\nContent-Length: 2\r\n')), 400, 'bad_content_length');
  assertOneAnswer(await send(post('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n')), 400, 'bad_content_length');
  // The well-formed request beside them is answered normally.
  assertOneAnswer(await send(post('Content-Length: 2\r\n')), 400, 'missing_field');
});

// libmicrohttpd 0.9.75 (Debian 12) answers these itself, before the
// application is called, and writes its status line and headers twice;
// fixed in the library (1.0) or behind a proxy, not from our handler.
test('Content-Length -1, +2 or beyond 64 bits: one well-formed 400/413', {
  todo: 'libmicrohttpd 0.9.75 writes its own error response twice before the application runs',
}, async () => {
  assertOneAnswer(await send(post('Content-Length: -1\r\n')), 400);
  assertOneAnswer(await send(post('Content-Length: +2\r\n')), 400);
  assertOneAnswer(await send(post('Content-Length: 99999999999999999999999\r\n')), 413);
});
