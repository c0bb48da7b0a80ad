// accounts.test.js - issue 11 items 2, 3 and 12: login throttling by
// (username, address) and by address with a growing Retry-After, a clean
// address always logging in, admins seeing failed logins and unlocking, the
// password policy on every way of setting a password, must_change_password
// enforced by the server, one-time passwords from a reset, disabling that
// ends sessions at once, PATCH /users/{id} scope and validation, and the
// CLI's user passwd|disable|enable.
//
// Other addresses: the whole of 127.0.0.0/8 is loopback on Linux, so a
// request bound to 127.0.0.N reaches the server from that address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, expectError, cli, PASSWORD } from './harness.js';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

// One request from a given local address; {status, headers, json, text}.
function from(addr, method, path, { json, cookie, csrf } = {}) {
  const u = new URL(srv.url + path);
  const body = json === undefined ? null : Buffer.from(JSON.stringify(json));
  const headers = {};
  if (body) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = body.length; }
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['X-CSRF-Token'] = csrf;
  return new Promise((resolve, reject) => {
    const rq = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, localAddress: addr }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let data = null;
        try { data = text ? JSON.parse(text) : null; } catch { data = null; }
        const set = res.headers['set-cookie'];
        const m = set && String(set).match(/fq_session=([^;]+)/);
        resolve({ status: res.statusCode, headers: res.headers, json: data, text, cookie: m ? `fq_session=${m[1]}` : null });
      });
    });
    rq.on('error', reject);
    if (body) rq.write(body);
    rq.end();
  });
}
const loginFrom = (addr, username, password) => from(addr, 'POST', '/api/v1/session', { json: { username, password } });

let clockOffset = 0;
async function advance(seconds) {
  clockOffset += seconds;
  const r = await srv.client().post('/api/v1/test/clock', { offset: clockOffset });
  assert.equal(r.status, 200, r.text);
}

async function admin(name = 'county_admin') {
  const c = srv.client();
  await c.login(name);
  return c;
}

async function userId(c, username) {
  const r = await c.get('/api/v1/users');
  assert.equal(r.status, 200, r.text);
  const u = r.json.items.find((x) => x.username === username);
  assert.ok(u, `${username} is listed`);
  return u.id;
}

test('failures slow down one (username, address) pair; the right password from a clean address still logs in', async () => {
  const bad = '127.0.0.2';
  for (let i = 0; i < 4; i++) expectError(assert, await loginFrom(bad, 'city_handler', 'wrong-pass-1'), 401, 'bad_credentials');
  const r = await loginFrom(bad, 'city_handler', 'wrong-pass-1');
  expectError(assert, r, 429, 'too_many_attempts');
  assert.ok(Number(r.headers['retry-after']) >= 1, `Retry-After: ${r.headers['retry-after']}`);
  assert.match(r.json.error.message, /秒后再试/);
  // The stranger's pair stays shut, even with the right password ...
  expectError(assert, await loginFrom(bad, 'city_handler', PASSWORD), 429, 'too_many_attempts');
  // ... but the account's owner elsewhere is not locked out,
  const owner = await loginFrom('127.0.0.3', 'city_handler', PASSWORD);
  assert.equal(owner.status, 200, owner.text);
  // nor is another account from the stranger's address.
  assert.equal((await loginFrom(bad, 'city_leader', PASSWORD)).status, 200);
});

test('Retry-After grows with every further failure of the pair', async () => {
  const addr = '127.0.0.4';
  for (let i = 0; i < 3; i++) expectError(assert, await loginFrom(addr, 'city_mediator', 'wrong-pass-2'), 401, 'bad_credentials');
  const waits = [];
  for (let round = 0; round < 4; round++) {
    expectError(assert, await loginFrom(addr, 'city_mediator', 'wrong-pass-2'), 401, 'bad_credentials');
    const r = await loginFrom(addr, 'city_mediator', 'wrong-pass-2');
    expectError(assert, r, 429, 'too_many_attempts');
    waits.push(Number(r.headers['retry-after']));
    await advance(waits.at(-1) + 1);
  }
  for (let i = 1; i < waits.length; i++) assert.ok(waits[i] > waits[i - 1], `growing: ${waits}`);
  // Once the wait is over, the right password works and clears the pair.
  assert.equal((await loginFrom(addr, 'city_mediator', PASSWORD)).status, 200);
  expectError(assert, await loginFrom(addr, 'city_mediator', 'wrong-pass-2'), 401, 'bad_credentials');
});

test('an address failing for many usernames is slowed down; other addresses are not', async () => {
  const addr = '127.0.0.5';
  let last;
  for (let i = 0; i < 21; i++) last = await loginFrom(addr, `nobody_${i}`, 'wrong-pass-3');
  expectError(assert, last, 401, 'bad_credentials');
  const shut = await loginFrom(addr, 'town_leader', PASSWORD);
  expectError(assert, shut, 429, 'too_many_attempts');
  assert.ok(Number(shut.headers['retry-after']) >= 1);
  assert.equal((await loginFrom('127.0.0.6', 'town_leader', PASSWORD)).status, 200);
});

test('admins in scope see failed logins and unlock an account', async () => {
  const addr = '127.0.0.7';
  // Eight failures, each after the previous wait: a block of half a minute.
  for (let i = 0; i < 8; i++) {
    expectError(assert, await loginFrom(addr, 'town_handler', 'wrong-pass-4'), 401, 'bad_credentials');
    if (i >= 3 && i < 7) await advance(2 ** (i - 2) + 1);
  }
  expectError(assert, await loginFrom(addr, 'town_handler', PASSWORD), 429, 'too_many_attempts');
  const a = await admin('town_admin');
  const id = await userId(a, 'town_handler');
  const f = await a.get(`/api/v1/users/${id}/login-failures`);
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.blocked, true);
  const row = f.json.items.find((x) => x.address === addr);
  assert.ok(row, f.text);
  assert.equal(row.failures, 8);
  assert.equal(row.blocked, true);
  assert.match(row.last_failure_at, /^\d{4}-\d\d-\d\dT/);
  assert.match(row.blocked_until, /^\d{4}-\d\d-\d\dT/);
  // Out of scope reads as absent; other roles may not look.
  const county = await admin('county_admin');
  const countyHandler = await userId(county, 'county_handler');
  expectError(assert, await a.get(`/api/v1/users/${countyHandler}/login-failures`), 404);
  expectError(assert, await a.post(`/api/v1/users/${countyHandler}/unlock`, {}), 404);
  const leader = srv.client();
  await leader.login('town_leader');
  expectError(assert, await leader.get(`/api/v1/users/${id}/login-failures`), 403, 'forbidden');
  expectError(assert, await leader.post(`/api/v1/users/${id}/unlock`, {}), 403, 'forbidden');

  const u = await a.post(`/api/v1/users/${id}/unlock`, {});
  assert.equal(u.status, 200, u.text);
  assert.equal((await loginFrom(addr, 'town_handler', PASSWORD)).status, 200);
  const after = await a.get(`/api/v1/users/${id}/login-failures`);
  assert.equal(after.json.blocked, false);
  assert.equal(after.json.items.length, 0, after.text);
});

test('the password policy refuses common passwords, the username and too few character classes', async () => {
  const a = await admin();
  const mk = (username, password) => a.post('/api/v1/users', { username, password, role: 'handler', org: '130102001' });
  for (const pw of ['12345678', '88888888', 'woaini1314', 'Aa123456', 'qwertyui', 'password1', 'Password1', 'P@ssw0rd', 'Admin@123']) {
    const r = await mk('policy.one', pw);
    expectError(assert, r, 422, 'weak_password');
    assert.match(r.json.error.message, /常见密码/, `${pw}: ${r.text}`);
  }
  const short = await mk('policy.one', '5201314');
  expectError(assert, short, 422, 'weak_password');
  assert.match(short.json.error.message, /至少 8 位/);
  for (const pw of ['policy.one2026!', 'X#POLICY.ONE#9']) {
    const r = await mk('policy.one', pw);
    expectError(assert, r, 422, 'weak_password');
    assert.match(r.json.error.message, /用户名/, `${pw}: ${r.text}`);
  }
  for (const pw of ['zhangsan202', 'MyDogFido', '枫桥经验好办法123']) {
    const r = await mk('policy.one', pw);
    expectError(assert, r, 422, 'weak_password');
    assert.match(r.json.error.message, /三类/, `${pw}: ${r.text}`);
  }
  // Twelve characters or more need no symbols; three classes need no length.
  assert.equal((await mk('policy.one', 'riverbanktulipseason')).status, 201);
  assert.equal((await mk('policy.two', 'Lz7#wq2x')).status, 201);
  assert.equal((await mk('policy.three', PASSWORD)).status, 201);
  // The same rule guards the owner's own change.
  const c = srv.client();
  await c.login('policy.two', 'Lz7#wq2x');
  const weak = await c.post('/api/v1/me/password', { current: 'Lz7#wq2x', new: '11111111' });
  expectError(assert, weak, 422, 'weak_password');
  expectError(assert, await c.post('/api/v1/me/password', { current: 'Lz7#wq2x', new: 'policy.two.2026' }), 422, 'weak_password');
  expectError(assert, await c.post('/api/v1/me/password', { current: 'Lz7#wq2x', new: 'Lz7#wq2x' }), 422, 'weak_password');
  expectError(assert, await c.post('/api/v1/me/password', { current: 'Lz7#wq2x' }), 400, 'missing_field');
});

test('an account an admin created must change its password before anything else', async () => {
  const a = await admin();
  const made = await a.post('/api/v1/users', { username: 'first.login', password: 'Chang3#Me', role: 'dispatcher', org: '130102' });
  assert.equal(made.status, 201, made.text);
  const c = srv.client();
  const l = await c.login('first.login', 'Chang3#Me');
  assert.equal(l.must_change_password, true);
  assert.equal(l.user.must_change_password, true);
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.must_change_password, true);
  expectError(assert, await c.get('/api/v1/cases'), 403, 'password_change_required');
  expectError(assert, await c.get('/api/v1/orgs/130102'), 403, 'password_change_required');
  expectError(assert, await c.post('/api/v1/triage/suggest', { text: '邻居噪音扰民' }), 403, 'password_change_required');
  expectError(assert, await c.post('/api/v1/me/password', { current: 'Wrong#Pass1', new: 'Mine#2026ok' }), 403, 'wrong_password');
  const ch = await c.post('/api/v1/me/password', { current: 'Chang3#Me', new: 'Mine#2026ok' });
  assert.equal(ch.status, 200, ch.text);
  assert.equal(ch.json.must_change_password, false);
  assert.equal((await c.get('/api/v1/me')).json.must_change_password, false);
  assert.equal((await c.get('/api/v1/cases')).status, 200);
  expectError(assert, await srv.client().post('/api/v1/session', { username: 'first.login', password: 'Chang3#Me' }), 401, 'bad_credentials');
  const again = srv.client();
  const l2 = await again.login('first.login', 'Mine#2026ok');
  assert.equal(l2.must_change_password, false);
  // Logging out is allowed before the change too.
  const d = srv.client();
  await d.login('policy.three');
  assert.equal((await d.del('/api/v1/session')).status, 204);
  // Demo accounts, seeded by init, need no change.
  assert.equal((await a.get('/api/v1/me')).json.must_change_password, false);
});

test('a password reset answers a one-time password that works once, then must be changed', async () => {
  const a = await admin();
  const made = await a.post('/api/v1/users', { username: 'reset.me', password: 'Reset#Me01', role: 'handler', org: '130102001' });
  assert.equal(made.status, 201, made.text);
  const old = srv.client();
  await old.firstLogin('reset.me', 'Reset#Me01', 'Before#Reset2');
  assert.equal((await old.get('/api/v1/cases')).status, 200);
  const r = await a.post(`/api/v1/users/${made.json.id}/password-reset`, {});
  assert.equal(r.status, 200, r.text);
  const otp = r.json.one_time_password;
  assert.equal(typeof otp, 'string');
  assert.ok(otp.length >= 12, otp);
  assert.equal(r.json.must_change_password, true);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  // The reset ends the account's sessions and the old password.
  expectError(assert, await old.get('/api/v1/cases'), 401, 'unauthenticated');
  expectError(assert, await srv.client().post('/api/v1/session', { username: 'reset.me', password: 'Before#Reset2' }), 401, 'bad_credentials');
  const c = srv.client();
  const l = await c.login('reset.me', otp);
  assert.equal(l.must_change_password, true);
  expectError(assert, await c.get('/api/v1/cases'), 403, 'password_change_required');
  // A second login with the same one-time password is refused like a wrong password.
  const twice = await srv.client().post('/api/v1/session', { username: 'reset.me', password: otp });
  expectError(assert, twice, 401, 'bad_credentials');
  const ch = await c.post('/api/v1/me/password', { current: otp, new: 'After#Reset3' });
  assert.equal(ch.status, 200, ch.text);
  assert.equal((await c.get('/api/v1/cases')).status, 200);
  await srv.client().login('reset.me', 'After#Reset3');
  // Not one's own (that is /me/password), not out of scope, not for other roles.
  const me = (await a.get('/api/v1/me')).json.id;
  expectError(assert, await a.post(`/api/v1/users/${me}/password-reset`, {}), 422, 'cannot_change_self');
  const town = await admin('town_admin');
  const countyAdmin = await userId(a, 'county_admin');
  expectError(assert, await town.post(`/api/v1/users/${countyAdmin}/password-reset`, {}), 404);
  expectError(assert, await town.post('/api/v1/users/999999/password-reset', {}), 404);
  const leader = srv.client();
  await leader.login('county_leader');
  expectError(assert, await leader.post(`/api/v1/users/${made.json.id}/password-reset`, {}), 403, 'forbidden');
});

test('disabling an account ends its sessions at once and its login looks like a wrong password', async () => {
  const a = await admin();
  const id = await userId(a, 'town_reviewer');
  const u = srv.client();
  await u.login('town_reviewer');
  assert.equal((await u.get('/api/v1/me')).status, 200);
  const off = await a.patch(`/api/v1/users/${id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json.active, false);
  expectError(assert, await u.get('/api/v1/me'), 401, 'unauthenticated');
  const right = await srv.client().post('/api/v1/session', { username: 'town_reviewer', password: PASSWORD });
  const wrong = await srv.client().post('/api/v1/session', { username: 'town_dispatcher', password: 'not-the-pass1' });
  expectError(assert, right, 401, 'bad_credentials');
  assert.equal(right.json.error.message, wrong.json.error.message);
  const on = await a.patch(`/api/v1/users/${id}`, { active: true });
  assert.equal(on.json.active, true);
  // Enabled again, the old session stays ended; a new login works.
  expectError(assert, await u.get('/api/v1/me'), 401, 'unauthenticated');
  await srv.client().login('town_reviewer');
  // No admin disables itself.
  const me = (await a.get('/api/v1/me')).json.id;
  expectError(assert, await a.patch(`/api/v1/users/${me}`, { active: false }), 422, 'cannot_change_self');
  expectError(assert, await a.patch(`/api/v1/users/${me}`, { role: 'leader' }), 422, 'cannot_change_self');
  assert.equal((await a.get('/api/v1/me')).status, 200);
});

test('PATCH /users/{id}: role, unit and org within the admin scope, with validation', async () => {
  const a = await admin();
  const made = await a.post('/api/v1/users', { username: 'patch.me', password: 'Patch#Me01', role: 'handler', org: '130102001' });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const units = (await a.get('/api/v1/units?org=130102001')).json.items;
  const townUnit = units.find((x) => x.org.code === '130102001' || x.org === '130102001') || units[0];
  const countyUnits = (await a.get('/api/v1/units?org=130102')).json.items;
  const countyUnit = countyUnits.find((x) => (x.org.code || x.org) === '130102');
  assert.ok(townUnit && countyUnit, 'demo units exist');

  const r1 = await a.patch(`/api/v1/users/${id}`, { role: 'mediator', unit_id: townUnit.id });
  assert.equal(r1.status, 200, r1.text);
  assert.equal(r1.json.role, 'mediator');
  assert.equal(r1.json.unit.id, townUnit.id);
  // The unit must belong to the (new) org.
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { unit_id: countyUnit.id }), 422, 'unit_outside_org');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { org: '130102002' }), 422, 'unit_outside_org');
  const moved = await a.patch(`/api/v1/users/${id}`, { org: '130102', unit_id: countyUnit.id });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.org.code, '130102');
  const noUnit = await a.patch(`/api/v1/users/${id}`, { unit_id: null });
  assert.equal(noUnit.json.unit, null);
  // Within scope only: another county, an unknown org or unit.
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { org: '130104' }), 404, 'unknown_org');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { org: '999999' }), 404, 'unknown_org');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { unit_id: 999999 }), 404, 'unknown_unit');
  // Validation, and nothing stored by a refused request.
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { role: 'boss' }), 422, 'unknown_role');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { active: 'no' }), 400, 'invalid_field');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { unit_id: 'x' }), 400, 'invalid_field');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, {}), 400, 'missing_field');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { password: 'Sneaky#Pass1' }), 400, 'unknown_field');
  expectError(assert, await a.patch(`/api/v1/users/${id}`, { role: 'admin', org: '1301' }), 404, 'unknown_org');
  const now = (await a.get('/api/v1/users')).json.items.find((x) => x.id === id);
  assert.equal(now.role, 'mediator');
  assert.equal(now.org.code, '130102');
  // A township admin cannot reach a county account, nor move one of its own up.
  const town = await admin('town_admin');
  expectError(assert, await town.patch(`/api/v1/users/${id}`, { active: false }), 404);
  const townHandler = await userId(town, 'town_handler');
  expectError(assert, await town.patch(`/api/v1/users/${townHandler}`, { org: '130102' }), 404, 'unknown_org');
  const leader = srv.client();
  await leader.login('county_leader');
  expectError(assert, await leader.patch(`/api/v1/users/${id}`, { active: false }), 403, 'forbidden');
  expectError(assert, await a.patch('/api/v1/users/abc', { active: false }), 404);
  // A role change applies to the running session at once.
  const c = srv.client();
  await c.firstLogin('patch.me', 'Patch#Me01');
  assert.equal((await a.patch(`/api/v1/users/${id}`, { role: 'dispatcher' })).status, 200);
  assert.equal((await c.get('/api/v1/me')).json.role, 'dispatcher');
});

test('CLI: user passwd applies the policy and requires a change; disable ends sessions; enable', async () => {
  const db = ['--db', srv.db];
  const weak = cli(['user', 'passwd', ...db, '--username', 'town_mediator'], '12345678\n');
  assert.equal(weak.status, 1, weak.stderr);
  assert.match(weak.stderr, /weak_password/);
  const nameIn = cli(['user', 'passwd', ...db, '--username', 'town_mediator'], 'Town_Mediator#1\n');
  assert.equal(nameIn.status, 1);
  assert.match(nameIn.stderr, /用户名/);
  const u = srv.client();
  await u.login('town_mediator');
  const ok = cli(['user', 'passwd', ...db, '--username', 'town_mediator'], 'Cli#Passwd2026\n');
  assert.equal(ok.status, 0, ok.stderr);
  expectError(assert, await u.get('/api/v1/me'), 401, 'unauthenticated');
  const c = srv.client();
  const l = await c.login('town_mediator', 'Cli#Passwd2026');
  assert.equal(l.must_change_password, true);
  expectError(assert, await c.get('/api/v1/cases'), 403, 'password_change_required');
  assert.equal(cli(['user', 'passwd', ...db, '--username', 'nobody.at.all'], 'Cli#Passwd2026\n').status, 1);

  const add = cli(['user', 'add', ...db, '--username', 'cli.added', '--role', 'handler', '--org', '130102001'], 'aaaaaaaa\n');
  assert.equal(add.status, 1);
  assert.match(add.stderr, /weak_password/);
  assert.equal(cli(['user', 'add', ...db, '--username', 'cli.added', '--role', 'handler', '--org', '130102001'], 'Cli#Added2026\n').status, 0);
  const added = srv.client();
  assert.equal((await added.login('cli.added', 'Cli#Added2026')).must_change_password, true);

  const s = srv.client();
  await s.login('town_grid_worker');
  const off = cli(['user', 'disable', ...db, '--username', 'town_grid_worker']);
  assert.equal(off.status, 0, off.stderr);
  expectError(assert, await s.get('/api/v1/me'), 401, 'unauthenticated');
  expectError(assert, await srv.client().post('/api/v1/session', { username: 'town_grid_worker', password: PASSWORD }), 401, 'bad_credentials');
  const list = cli(['user', 'list', ...db]);
  assert.match(list.stdout, /town_grid_worker.*\tinactive/);
  assert.equal(cli(['user', 'enable', ...db, '--username', 'town_grid_worker']).status, 0);
  await srv.client().login('town_grid_worker');
  assert.equal(cli(['user', 'disable', ...db]).status, 2);
});
