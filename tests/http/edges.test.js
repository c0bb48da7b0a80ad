// edges.test.js - requests at the edges of HTTP, sent as raw bytes: every
// one gets one well-formed answer at once, never a hang, an empty reply or
// a response written twice (issue 11, item 7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
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

// Splits a raw byte stream into the HTTP/1.1 answers it holds, by their
// Content-Length; rest is what follows the last one.
function parseAnswers(raw) {
  const out = [];
  let buf = Buffer.from(raw, 'latin1');
  while (buf.length) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) break;
    const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
    const m = lines[0].match(/^HTTP\/1\.[01] (\d{3})/);
    if (!m) break;
    const headers = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
    }
    const len = Number(headers['content-length'] || 0);
    out.push({ status: Number(m[1]), headers, body: buf.subarray(end + 4, end + 4 + len).toString('utf8') });
    buf = buf.subarray(end + 4 + len);
  }
  if (out.length) out[out.length - 1].rest = buf.toString('latin1');
  return out;
}

// Writes pieces with a pause between them; resolves like rawRequest.
function trickle(pieces, gapMs) {
  const u = new URL(srv.url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => { sock.destroy(); resolve({ raw: data.toString('latin1'), timedOut: true }); }, 4000);
    sock.on('data', (d) => { data = Buffer.concat([data, d]); });
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      const raw = data.toString('latin1');
      const m = raw.match(/^HTTP\/1\.[01] (\d{3})/);
      const idx = data.indexOf('\r\n\r\n');
      resolve({ raw, status: m ? Number(m[1]) : 0, body: idx >= 0 ? data.subarray(idx + 4).toString('utf8') : '' });
    });
    sock.on('connect', async () => {
      for (const [i, p] of pieces.entries()) {
        if (i) await new Promise((r) => setTimeout(r, gapMs));
        if (!sock.destroyed) sock.write(p);
      }
    });
  });
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
// application is called, and writes its status line and headers twice; the
// server's prefilter (src/http/prefilter.c) looks at a connection's first
// request before the library does and answers them once.
function assertOneRefusal(r) {
  assertOneAnswer(r, 400, 'bad_content_length');
  const [a] = parseAnswers(r.raw);
  assert.equal(a.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(a.headers.connection, 'close');
  assert.equal(Number(a.headers['content-length']), Buffer.byteLength(a.body), 'Content-Length is the body');
  assert.equal(a.rest, '', 'nothing after the body');
}

test('Content-Length -1, +2, not a number, beyond 64 bits or two values: one well-formed 400', async () => {
  for (const cl of ['-1', '+2', 'abc', '2abc', '', '1 2', '0x10', '99999999999999999999',
    '99999999999999999999999', '9223372036854775808']) {
    assertOneRefusal(await send(post(`Content-Length: ${cl}\r\n`)));
  }
  assertOneRefusal(await send(post('Content-Length: 2\r\nContent-Length: 5\r\n')));
  assertOneRefusal(await send(post('content-length: 2, 5\r\n')));
  // In a GET too, and in lower case, after empty lines before the request line.
  assertOneRefusal(await send(`\r\nGET /healthz HTTP/1.1\r\nHost: x\r\ncontent-length:  -1 \r\n\r\n`));
  // The largest int64 is a number: the server's own limit answers it.
  assertOneAnswer(await send(post('Content-Length: 9223372036854775807\r\n')), 413, 'payload_too_large');
  assertOneAnswer(await send(post('Content-Length: 002\r\n')), 400, 'missing_field');
});

test('a bad Content-Length sent in pieces is refused; a slow client stalls no one', async () => {
  // Headers trickled past the first read: the prefilter waits for the blank line.
  const pieces = ['POST /api/v1/public/cases HTTP/1.1\r\nHost: x\r\nContent-Le', 'ngth: -', '1\r\nConnection: close\r\n\r\n{}'];
  assertOneRefusal(await trickle(pieces, 150));
  const good = ['GET /healthz HTTP/1.1\r\nHost: x\r\n', 'Connection: close\r\n', '\r\n'];
  assertOneAnswer(await trickle(good, 150), 200);
  // A client that opened a connection and sent half a request line: others go on.
  const idle = net.connect(Number(new URL(srv.url).port), '127.0.0.1');
  await new Promise((res) => idle.on('connect', res));
  idle.write('GET /hea');
  try {
    const r = await send(get('/healthz'));
    assertOneAnswer(r, 200);
    assert.ok(r.ms < 500, `answered in ${r.ms} ms beside a silent client`);
  } finally {
    idle.destroy();
  }
});

test('after a refused request, requests on new connections, kept alive and pipelined, are answered', async () => {
  assertOneRefusal(await send(post('Content-Length: -1\r\n')));
  // The handler runs (it complains about the empty body): not the prefilter.
  assertOneAnswer(await send(post('Content-Length: 2\r\n')), 400, 'missing_field');
  const body = JSON.stringify({ x: 1 });
  const ok = await send(post(`Content-Length: ${Buffer.byteLength(body)}\r\n`, body));
  assert.equal(ok.status, 400);
  assert.notEqual(JSON.parse(ok.body).error.code, 'bad_content_length');
  // Three requests in one write on one kept-alive connection, the last closing it.
  const keep = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const r = await send(keep + keep + get('/api/v1/categories'));
  assert.ok(!r.timedOut, r.raw.slice(0, 300));
  const answers = parseAnswers(r.raw);
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200], r.raw.slice(0, 600));
  assert.equal(answers[2].rest, '');
  // And one after the other on a kept-alive socket, as a browser does.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const ports = new Set();
    for (let i = 0; i < 5; i++) {
      const res = await new Promise((resolve, reject) => {
        http.get(`${srv.url}/healthz`, { agent }, (m) => {
          ports.add(m.socket.localPort);
          m.resume();
          m.on('end', () => resolve(m));
        }).on('error', reject);
      });
      assert.equal(res.statusCode, 200);
    }
    assert.equal(ports.size, 1, 'one connection served all five');
  } finally {
    agent.destroy();
  }
});
