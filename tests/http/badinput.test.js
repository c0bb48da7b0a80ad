// badinput.test.js - every write endpoint answers malformed input with a
// clear 4xx in the one error shape, the server stays up, nothing is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rawRequest } from './harness.js';

let srv, admin, disp, caseId;

before(async () => {
  srv = await startServer();
  admin = srv.client();
  await admin.login('county_admin');
  disp = srv.client();
  await disp.login('town_dispatcher');
  const r = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: '130102001001', description: '隔壁装修把公共楼道堵住了，老人出行不便。',
    applicant: { name: '吴大爷', phone: '13900005555' },
  });
  caseId = r.json.id;
});
after(async () => { await srv.stop(); });

const endpoints = () => [
  ['POST', '/api/v1/session', srv.client()],
  ['POST', '/api/v1/public/cases', srv.client()],
  ['POST', '/api/v1/cases', disp],
  ['POST', `/api/v1/cases/${caseId}/actions`, disp],
  ['POST', '/api/v1/triage/suggest', disp],
  ['POST', '/api/v1/units', admin],
  ['PATCH', '/api/v1/units/1', admin],
  ['POST', '/api/v1/users', admin],
];

const counts = async () => {
  const cases = (await disp.get('/api/v1/cases?limit=100')).json.items.length;
  const units = (await admin.get('/api/v1/units?org=130102&subtree=1')).json.items.length;
  const users = (await admin.get('/api/v1/users')).json.items.length;
  return { cases, units, users };
};

test('malformed bodies: every write endpoint answers 4xx with the error shape', async () => {
  const before = await counts();
  const bodies = [
    ['not json', 'application/json', 400],
    ['{"a":', 'application/json', 400],
    ['[]', 'application/json', 400],
    ['{"a":1}', 'text/plain', 415],
    [Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), 'application/json', 400],
    ['{"x":"\\ud800"}', 'application/json', 400],
    ['{"x":1e999999}', 'application/json', 400],
    ['{' + '"a":{'.repeat(100) + '}'.repeat(101), 'application/json', 400],
    ['{"description":"\'; DROP TABLE cases; --","org":"1\' OR 1=1 --","category":"x\\" OR \\"1\\"=\\"1"}', 'application/json', null],
  ];
  for (const [method, path, c] of endpoints()) {
    for (const [body, ct, want] of bodies) {
      const r = await c.req(method, path, { body, headers: { 'Content-Type': ct } });
      assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} ${String(body).slice(0, 20)}: ${r.status} ${r.text}`);
      if (want) assert.equal(r.status, want, `${method} ${path} ${String(body).slice(0, 20)}: ${r.text}`);
      assert.ok(r.json?.error?.code && r.json.error.message, `${method} ${path}: error shape: ${r.text}`);
    }
    const big = await c.req(method, path, { body: '{"x":"' + 'a'.repeat(1100000) + '"}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(big.status, 413, `${method} ${path} oversize`);
  }
  assert.deepEqual(await counts(), before, 'nothing was stored');
  assert.equal((await srv.client().get('/healthz')).status, 200, 'the server is still up');
});

test('NUL bytes, huge numbers and path tricks', async () => {
  const r1 = await disp.req('POST', `/api/v1/cases/${caseId}/actions`, { body: '{"action":"comment","note":"a\\u0000b"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r1.status, 400, r1.text);
  const r2 = await disp.post(`/api/v1/cases/${caseId}/actions`, { action: 'dispatch', unit_id: 1e300 });
  assert.equal(r2.status, 400, r2.text);
  const r3 = await disp.post(`/api/v1/cases/${caseId}/actions`, { action: 'dispatch', unit_id: 1.5 });
  assert.equal(r3.status, 400, r3.text);
  for (const p of [`/api/v1/cases/${caseId}/attachments/..%2F..%2Fetc%2Fpasswd`, `/api/v1/cases/${caseId}/attachments/../../fengqiao.db`,
    '/api/v1/cases/-1', '/api/v1/cases/1e3', '/api/v1/cases/99999999999999999999']) {
    const r = await rawRequest(srv.url, `GET ${p} HTTP/1.1\r\nHost: x\r\nCookie: ${disp.cookie}\r\nConnection: close\r\n\r\n`);
    assert.ok([400, 404].includes(r.status), `${p}: ${r.raw.slice(0, 80)}`);
  }
});

test('a slow client is cut off, and others are served meanwhile', async () => {
  const slow = rawRequest(srv.url, 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n', { timeoutMs: 4000 });
  const r = await srv.client().get('/healthz');
  assert.equal(r.status, 200);
  await slow;
});
