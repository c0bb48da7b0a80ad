// foundation.test.js - login, CSRF, throttling, scope, orgs and units, and
// an error reply of the right status and shape for every kind of bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, rawRequest, expectError, PASSWORD } from './harness.js';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('healthz answers ok with security headers', async () => {
  const r = await srv.client().get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('login sets an HttpOnly SameSite=Strict cookie and returns a CSRF token', async () => {
  const c = srv.client();
  const r = await c.post('/api/v1/session', { username: 'county_dispatcher', password: PASSWORD });
  assert.equal(r.status, 200, r.text);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /fq_session=[^;]+/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.ok(r.json.csrf_token.length >= 32);
  assert.equal(r.json.user.username, 'county_dispatcher');
  assert.equal(r.json.user.role, 'dispatcher');
  assert.equal(r.json.user.org.code, '130102');
  assert.ok(!('password_hash' in r.json.user));
});

test('me returns user, role, org and unit; logout ends the session', async () => {
  const c = srv.client();
  await c.login('town_handler');
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.role, 'handler');
  assert.equal(me.json.org.code, '130102001');
  assert.ok(me.json.unit && me.json.unit.id > 0, 'a handler has a unit');
  assert.match(me.json.unit.name, /司法所/);
  const out = await c.del('/api/v1/session');
  assert.equal(out.status, 204, out.text);
  expectError(assert, await c.get('/api/v1/me'), 401, 'unauthenticated');
});

test('wrong password and unknown user get the same 401', async () => {
  const c = srv.client();
  const a = await c.post('/api/v1/session', { username: 'city_admin', password: 'wrong-password' });
  const b = await c.post('/api/v1/session', { username: 'nobody_here', password: 'wrong-password' });
  expectError(assert, a, 401, 'bad_credentials');
  expectError(assert, b, 401, 'bad_credentials');
  assert.equal(a.json.error.message, b.json.error.message);
});

test('repeated failures for one username are throttled with 429, even with the right password', async () => {
  const c = srv.client();
  let last;
  for (let i = 0; i < 6; i++) last = await c.post('/api/v1/session', { username: 'city_reviewer', password: 'nope-nope' });
  expectError(assert, last, 429, 'too_many_attempts');
  expectError(assert, await c.post('/api/v1/session', { username: 'city_reviewer', password: PASSWORD }), 429);
  // Another account from the same address is not locked by this one.
  await c.login('city_leader');
});

test('state changes need the CSRF header', async () => {
  const c = srv.client();
  await c.login('city_admin');
  const body = { org: '130102', name: '测试调解室', kind: 'mediation_committee' };
  expectError(assert, await c.post('/api/v1/units', body, { csrf: false }), 403, 'csrf_failed');
  expectError(assert, await c.post('/api/v1/units', body, { headers: { 'X-CSRF-Token': 'x'.repeat(64) } }), 403, 'csrf_failed');
  const ok = await c.post('/api/v1/units', body);
  assert.equal(ok.status, 201, ok.text);
});

test('no session: 401 on every staff route', async () => {
  const c = srv.client();
  for (const p of ['/api/v1/me', '/api/v1/orgs/1301', '/api/v1/units?org=1301', '/api/v1/orgs?q=长安']) {
    expectError(assert, await c.get(p), 401, 'unauthenticated');
  }
});

test('org with its parent chain, children, and name search', async () => {
  const c = srv.client();
  await c.login('city_dispatcher');
  const o = await c.get('/api/v1/orgs/130102');
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.name, '长安区');
  assert.equal(o.json.level, 2);
  assert.deepEqual(o.json.ancestors.map((a) => a.code), ['13', '1301']);
  const ch = await c.get('/api/v1/orgs/1301/children');
  assert.equal(ch.json.items.length, 24);
  assert.ok(ch.json.items.some((x) => x.name === '正定县'));
  const s = await c.get(`/api/v1/orgs?q=${encodeURIComponent('长安')}`);
  assert.equal(s.status, 200);
  assert.ok(s.json.items.some((x) => x.code === '130102'));
  const v = await c.get('/api/v1/orgs/130102001/children');
  assert.ok(v.json.items.length > 0 && v.json.items.every((x) => x.level === 4));
  const g = await c.get(`/api/v1/orgs/${v.json.items[0].code}/children`);
  assert.ok(g.json.items.length >= 1 && g.json.items.length <= 3, 'demo grids: 1-3 per village');
  assert.ok(g.json.items.every((x) => x.level === 5));
});

test('a township dispatcher cannot read a neighbouring township (404), but sees its ancestors', async () => {
  const c = srv.client();
  await c.login('town_dispatcher');
  assert.equal((await c.get('/api/v1/orgs/130102001')).status, 200);
  expectError(assert, await c.get('/api/v1/orgs/130102002'), 404);
  expectError(assert, await c.get('/api/v1/orgs/130102002/children'), 404);
  expectError(assert, await c.get('/api/v1/orgs/130104001'), 404);
  assert.equal((await c.get('/api/v1/orgs/130102')).status, 200, 'its county is visible');
  const s = await c.get(`/api/v1/orgs?q=${encodeURIComponent('青园')}`);
  assert.equal(s.status, 200);
  assert.equal(s.json.items.length, 0, 'search stays inside the scope');
  expectError(assert, await c.get('/api/v1/units?org=130102002'), 404);
});

test('units: list by org and subtree; admins create and update within scope only', async () => {
  const c = srv.client();
  await c.login('county_admin');
  const l = await c.get('/api/v1/units?org=130102');
  assert.equal(l.status, 200, l.text);
  const names = l.json.items.map((u) => u.name);
  for (const n of ['长安区司法局', '长安区公安局', '长安区信访局', '长安区人民法院']) assert.ok(names.includes(n), n);
  for (const u of l.json.items) for (const k of ['id', 'name', 'kind', 'org', 'level']) assert.ok(k in u, k);
  const sub = await c.get('/api/v1/units?org=130102&subtree=1');
  assert.ok(sub.json.items.length > l.json.items.length);
  assert.ok(sub.json.items.some((u) => u.kind === 'justice_office'));
  const created = await c.post('/api/v1/units', { org: '130102001', name: '建北街道物业纠纷调解室', kind: 'mediation_committee', categories: ['property_mgmt'] });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.json.categories, ['property_mgmt']);
  const upd = await c.patch(`/api/v1/units/${created.json.id}`, { phone: '0311-86001234', active: false });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.json.phone, '0311-86001234');
  assert.equal(upd.json.active, false);
  expectError(assert, await c.post('/api/v1/units', { org: '130104', name: '外区单位', kind: 'other' }), 404);
  expectError(assert, await c.post('/api/v1/units', { org: '130102', name: '长安区司法局', kind: 'justice_bureau' }), 409);
  const bad = await c.post('/api/v1/units', { org: '130102', name: '坏类别', kind: 'spaceship' });
  assert.ok([400, 422].includes(bad.status), bad.text);
  const d = srv.client();
  await d.login('county_dispatcher');
  expectError(assert, await d.post('/api/v1/units', { org: '130102', name: 'x', kind: 'other' }), 403, 'forbidden');
});

test('admins create users in scope; a taken username is 409', async () => {
  const c = srv.client();
  await c.login('county_admin');
  const r = await c.post('/api/v1/users', { username: 'zhang.san', password: 'Str0ngPass!', role: 'handler', org: '130102001' });
  assert.equal(r.status, 201, r.text);
  expectError(assert, await c.post('/api/v1/users', { username: 'zhang.san', password: 'Str0ngPass!', role: 'handler', org: '130102001' }), 409);
  expectError(assert, await c.post('/api/v1/users', { username: 'li.si', password: 'Str0ngPass!', role: 'handler', org: '130104' }), 404);
  const weak = await c.post('/api/v1/users', { username: 'wang.wu', password: 'short', role: 'handler', org: '130102' });
  assert.ok([400, 422].includes(weak.status), weak.text);
  const n = srv.client();
  await n.login('zhang.san', 'Str0ngPass!');
  assert.equal((await n.get('/api/v1/me')).json.org.code, '130102001');
});

test('bad bodies: malformed, wrong type, duplicate keys, deep nesting, invalid UTF-8', async () => {
  const c = srv.client();
  const raw = (body, ct = 'application/json') => c.req('POST', '/api/v1/session', { body, headers: { 'Content-Type': ct } });
  expectError(assert, await raw('{"username": "a",'), 400, 'bad_json');
  expectError(assert, await raw('[1,2]'), 400, 'bad_json');
  expectError(assert, await raw(''), 400);
  expectError(assert, await raw('{"username": 5, "password": "x"}'), 400, 'invalid_field');
  expectError(assert, await raw('{"password": "x"}'), 400, 'missing_field');
  expectError(assert, await raw('{"username":"a","username":"b","password":"x"}'), 400, 'duplicate_key');
  expectError(assert, await raw('['.repeat(5000) + ']'.repeat(5000)), 400, 'too_deep');
  expectError(assert, await raw(Buffer.from([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, 'bad_utf8');
  expectError(assert, await raw('{"username":"a\\u0000b","password":"x"}'), 400);
  expectError(assert, await raw('{"username":"a","password":"x"}', 'text/plain'), 415, 'unsupported_media_type');
});

test('oversized bodies get 413, by Content-Length or by streaming', async () => {
  const c = srv.client();
  const big = '{"username":"' + 'a'.repeat(1100000) + '","password":"x"}';
  expectError(assert, await c.req('POST', '/api/v1/session', { body: big, headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large');
  const head = 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n';
  const chunk = 'x'.repeat(65536);
  let body = '';
  for (let i = 0; i < 20; i++) body += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  const r = await rawRequest(srv.url, head + body + '0\r\n\r\n');
  assert.equal(r.status, 413, r.raw.slice(0, 200));
});

test('unknown route 404, wrong method 405, invalid UTF-8 in the query 400', async () => {
  const c = srv.client();
  expectError(assert, await c.get('/api/v1/nothing-here'), 404, 'not_found');
  expectError(assert, await c.req('PUT', '/api/v1/session'), 405, 'method_not_allowed');
  const r = await rawRequest(srv.url, 'GET /api/v1/orgs?q=%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 400, r.raw.slice(0, 200));
  assert.match(r.body, /bad_utf8/);
});

test('static files: pages carry a CSP, traversal is refused', async () => {
  const c = srv.client();
  const root = await c.get('/');
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), '/console/');
  const page = await c.get('/console/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(page.headers.get('content-security-policy'), /default-src 'self'/);
  for (const p of ['/console/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/console/..%2f..%2fREADME.md', '/.git/config']) {
    const r = await rawRequest(srv.url, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok([400, 404].includes(r.status), `${p}: ${r.raw.slice(0, 100)}`);
    assert.doesNotMatch(r.raw, /root:|\[core\]/);
  }
});

test('public places for the citizen forms: names and codes, no login', async () => {
  const c = srv.client();
  const top = await c.get('/api/v1/public/places');
  assert.equal(top.status, 200, top.text);
  assert.equal(top.json.items.length, 24, 'a city deployment starts at its counties');
  assert.ok(top.json.items.some((p) => p.name === '长安区'));
  const v = await c.get('/api/v1/public/places?parent=130102001');
  assert.ok(v.json.items.every((p) => p.level === 4 && !('path' in p)));
  const g = await c.get('/api/v1/public/places/130102001001001');
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.leaf, true);
  assert.deepEqual(g.json.ancestors.map((p) => p.code), ['13', '1301', '130102', '130102001', '130102001001']);
  expectError(assert, await c.get('/api/v1/public/places?parent=999'), 404);
  expectError(assert, await c.get('/api/v1/public/places/999'), 404);
});
