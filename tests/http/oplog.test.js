// oplog.test.js - the operation log (操作日志): every state-changing request
// and every login, success or failure, with who, when, from where, what and
// the result; read by admins for their scope, with filters, cursor pages and
// an .xlsx export; append-only in the database itself; and a log that cannot
// be written never costs the request its own write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, expectError, PASSWORD, dbSql, PG } from './harness.js';
import { readXlsx } from './xlsx.js';

const VILLAGE = '130102001001'; // 棉一东社区, 建北街道, 长安区
let srv;
let city, county, town, disp;

const citizenBody = (extra = {}) => ({
  category: 'wage_arrears', org: VILLAGE, channel: 'h5',
  title: '工地拖欠工资', description: '我在棉一东社区旁边的工地干了三个月，老板一直拖着不给工资，一共欠了两万三千元。',
  applicant: { name: '王建国', phone: '13812345678', id_number: '130102199001011237' },
  ...extra,
});

async function login(name) {
  const c = srv.client();
  await c.login(name);
  return c;
}

// Every row the reader may see, newest first, through all the pages.
async function all(reader, query = '') {
  const rows = [];
  let next = null;
  do {
    const r = await reader.get(`/api/v1/operation-log?limit=200${query}${next ? `&cursor=${next}` : ''}`);
    assert.equal(r.status, 200, r.text);
    rows.push(...r.json.items);
    next = r.json.next;
  } while (next);
  return rows;
}

const sqlite = (db, sql) => dbSql(db, sql);

before(async () => {
  srv = await startServer();
  city = await login('city_admin');
  county = await login('county_admin');
  town = await login('town_admin');
  disp = await login('town_dispatcher');
});
after(async () => { await srv.stop(); });

test('every kind of write and every login is recorded with who, when, where, what and the result', async () => {
  const anon = srv.client();
  // Logins: a wrong password, an unknown username, a success.
  expectError(assert, await anon.post('/api/v1/session', { username: 'town_handler', password: 'wrong-Pass1' }), 401);
  expectError(assert, await anon.post('/api/v1/session', { username: 'nobody_here', password: 'wrong-Pass1' }), 401);
  const handler = await login('town_handler');
  const me = (await handler.get('/api/v1/me')).json;

  // A public intake (anonymous), a staff intake (POST), an action on it,
  // a refused action, a holiday set (PUT) and removed (DELETE), a unit
  // changed (PATCH), a write without its CSRF token, an Open311 post.
  const pub = await anon.post('/api/v1/public/cases', citizenBody());
  assert.equal(pub.status, 201, pub.text);
  const created = await disp.post('/api/v1/cases', citizenBody({ channel: 'hotline' }));
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const act = await disp.post(`/api/v1/cases/${id}/actions`, { action: 'classify', flow: 'dispute', category: 'wage_arrears' });
  assert.equal(act.status, 200, act.text);
  const refused = await handler.post(`/api/v1/cases/${id}/actions`, { action: 'close' });
  assert.ok(refused.status >= 400, refused.text);
  assert.equal((await city.put('/api/v1/holidays/2027-10-08', { kind: 'rest', name: '国庆节' })).status, 200);
  assert.equal((await city.del('/api/v1/holidays/2027-10-08')).status, 204);
  const unit = (await county.get('/api/v1/units?org=130102')).json.items[0];
  assert.equal((await county.patch(`/api/v1/units/${unit.id}`, { phone: '0311-86000000' })).status, 200);
  expectError(assert, await disp.req('POST', `/api/v1/cases/${id}/actions`, { json: { action: 'comment', note: '无令牌' }, csrf: false }), 403, 'csrf_failed');
  const o311 = await anon.post('/open311/v2/requests.json', {});
  assert.ok(o311.status >= 400);
  assert.equal((await handler.del('/api/v1/session')).status, 204);

  const rows = await all(city);
  const find = (pred, what) => { const r = rows.find(pred); assert.ok(r, `missing row: ${what}`); return r; };
  for (const r of rows) {
    for (const k of ['id', 'at', 'user_id', 'username', 'ip', 'method', 'route', 'path', 'target', 'action', 'status', 'error_code', 'result']) assert.ok(k in r, `field ${k}`);
    assert.match(r.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    assert.equal(r.ip, '127.0.0.1');
    assert.equal(r.result, r.status < 400 ? 'success' : 'failure');
    assert.ok(r.method !== 'GET', 'reads are not recorded');
  }

  const wrong = find((r) => r.action === 'login' && r.username === 'town_handler' && r.result === 'failure', 'failed login');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.user_id, null, 'a failed login names only the username tried');
  assert.ok(wrong.error_code);
  assert.equal(wrong.route, '/api/v1/session');
  find((r) => r.action === 'login' && r.username === 'nobody_here' && r.status === 401, 'unknown username');
  const ok = find((r) => r.action === 'login' && r.username === 'town_handler' && r.result === 'success', 'login');
  assert.equal(ok.user_id, me.id);
  assert.equal(ok.status, 200);
  assert.equal(ok.error_code, null);

  const p = find((r) => r.action === 'POST /api/v1/public/cases', 'public intake');
  assert.equal(p.username, null);
  assert.equal(p.user_id, null);
  assert.equal(p.target, String(pub.json.id));
  assert.equal(p.status, 201);
  const c = find((r) => r.action === 'POST /api/v1/cases', 'staff intake');
  assert.equal(c.username, 'town_dispatcher');
  assert.equal(c.target, String(id));
  assert.equal(c.route, '/api/v1/cases');
  const a = find((r) => r.route === '/api/v1/cases/{id}/actions' && r.username === 'town_dispatcher' && r.status === 200, 'action');
  assert.equal(a.target, String(id));
  assert.equal(a.path, `/api/v1/cases/${id}/actions`);
  assert.equal(a.method, 'POST');
  const bad = find((r) => r.route === '/api/v1/cases/{id}/actions' && r.username === 'town_handler', 'refused action');
  assert.equal(bad.result, 'failure');
  assert.equal(bad.status, refused.status);
  assert.equal(bad.error_code, refused.json.error.code);
  const put = find((r) => r.method === 'PUT' && r.route === '/api/v1/holidays/{day}', 'PUT');
  assert.equal(put.target, '2027-10-08');
  assert.equal(put.username, 'city_admin');
  assert.equal(put.action, 'PUT /api/v1/holidays/{day}');
  find((r) => r.method === 'DELETE' && r.route === '/api/v1/holidays/{day}' && r.status === 204, 'DELETE');
  const patch = find((r) => r.method === 'PATCH' && r.route === '/api/v1/units/{id}', 'PATCH');
  assert.equal(patch.target, String(unit.id));
  assert.equal(patch.username, 'county_admin');
  const csrf = find((r) => r.error_code === 'csrf_failed', 'csrf refusal');
  assert.equal(csrf.username, 'town_dispatcher', 'a refused write still names its caller');
  assert.equal(csrf.status, 403);
  find((r) => r.path === '/open311/v2/requests.json' && r.method === 'POST' && r.result === 'failure', 'open311');
  const out = find((r) => r.action === 'logout', 'logout');
  assert.equal(out.username, 'town_handler');
  assert.equal(out.method, 'DELETE');

  // Never a password, a token, a body.
  const text = JSON.stringify(rows);
  assert.ok(!text.includes(PASSWORD) && !text.includes('wrong-Pass1'), 'no password');
  assert.ok(!text.includes(disp.csrf) && !text.includes(disp.cookie.split('=')[1]), 'no token');
  assert.ok(!text.includes('13812345678') && !text.includes('王建国') && !text.includes('无令牌'), 'no body');
  assert.ok(!text.includes(pub.json.query_code), 'no query code');
});

test('admins read the rows of their own subtree; others are refused', async () => {
  await county.put('/api/v1/warning-settings', { repeat_days: 30 }); // refused, but recorded
  const cityRows = await all(city);
  const countyRows = await all(county);
  const townRows = await all(town);
  const names = (rows) => new Set(rows.map((r) => r.username));
  // 建北街道 ⊂ 长安区 ⊂ 石家庄市.
  assert.ok(names(countyRows).has('town_dispatcher') && names(countyRows).has('county_admin'));
  assert.ok(!names(countyRows).has('city_admin'), 'a county admin does not read the city admin');
  assert.ok(!names(townRows).has('county_admin') && names(townRows).has('town_dispatcher'));
  assert.ok(townRows.some((r) => r.action === 'login' && r.username === 'town_handler' && r.result === 'failure'),
    'failed logins of a username in scope');
  assert.ok(!countyRows.some((r) => r.username === 'nobody_here' || r.username === null),
    'unknown usernames and anonymous callers only for the home org');
  assert.ok(cityRows.some((r) => r.username === 'nobody_here') && cityRows.some((r) => r.username === null));
  assert.ok(countyRows.length < cityRows.length && townRows.length < countyRows.length);

  expectError(assert, await disp.get('/api/v1/operation-log'), 403, 'forbidden');
  expectError(assert, await disp.get('/api/v1/operation-log/export.xlsx'), 403, 'forbidden');
  expectError(assert, await srv.client().get('/api/v1/operation-log'), 401);
});

test('filters by user, action, date range and result; cursor pages', async () => {
  const byUser = await all(city, '&user=town_dispatcher');
  assert.ok(byUser.length >= 3 && byUser.every((r) => r.username === 'town_dispatcher'));
  const byId = await all(city, `&user=${byUser.find((r) => r.user_id).user_id}`);
  assert.ok(byId.length > 0 && byId.every((r) => r.username === 'town_dispatcher'));
  const logins = await all(city, '&action=login');
  assert.ok(logins.length >= 6 && logins.every((r) => r.action === 'login'));
  const failedLogins = await all(city, '&action=login&result=failure');
  assert.ok(failedLogins.length >= 2 && failedLogins.every((r) => r.action === 'login' && r.status >= 400));
  const puts = await all(city, '&action=PUT');
  assert.ok(puts.length >= 1 && puts.every((r) => r.method === 'PUT'));
  const route = await all(city, `&action=${encodeURIComponent('/api/v1/cases/{id}/actions')}`);
  assert.ok(route.length >= 2 && route.every((r) => r.route === '/api/v1/cases/{id}/actions'));
  const ok = await all(city, '&result=success');
  const failed = await all(city, '&result=failure');
  const every = await all(city);
  assert.equal(ok.length + failed.length, every.length);
  assert.ok(failed.every((r) => r.status >= 400) && ok.every((r) => r.status < 400));

  const today = every[0].at.slice(0, 10);
  const day = (d, n) => new Date(Date.parse(`${d}T00:00:00+08:00`) + n * 86400e3 + 8 * 3600e3).toISOString().slice(0, 10);
  assert.equal((await all(city, `&from=${today}&to=${today}`)).length, every.length, 'to counts through its day');
  assert.equal((await all(city, `&from=${day(today, 1)}`)).length, 0);
  assert.equal((await all(city, `&to=${day(today, -1)}`)).length, 0);

  // Pages of 3 walk the whole log once, newest first.
  const seen = [];
  let next = null;
  for (let i = 0; i < 100; i++) {
    const r = await city.get(`/api/v1/operation-log?limit=3${next ? `&next=${next}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length <= 3);
    seen.push(...r.json.items.map((x) => x.id));
    next = r.json.next;
    if (!next) break;
  }
  assert.deepEqual(seen, every.map((r) => r.id));
  assert.deepEqual([...seen].sort((x, y) => y - x), seen);

  for (const q of ['result=maybe', 'from=yesterday', 'to=2026-13-01', 'limit=0', 'limit=201', 'cursor=abc',
    `from=${today}&to=${day(today, -2)}`]) {
    expectError(assert, await city.get(`/api/v1/operation-log?${q}`), 400, 'invalid_filter');
  }
});

test('the log as .xlsx: the rows of the list, with its filters', async () => {
  const download = async (c, path) => {
    const res = await fetch(srv.url + path, { headers: { cookie: c.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /spreadsheetml/);
    assert.match(res.headers.get('content-disposition'), /filename\*=UTF-8''/);
    return readXlsx(Buffer.from(await res.arrayBuffer()));
  };
  const sheet = await download(county, '/api/v1/operation-log/export.xlsx');
  assert.deepEqual(sheet[0].slice(0, 4), ['时间', '用户', '用户编号', '来源地址']);
  const rows = await all(county);
  assert.equal(sheet.length - 1, rows.length, 'one line per row the admin reads');
  assert.equal(sheet[1][1], rows[0].username);
  assert.equal(sheet[1][4], rows[0].action);
  assert.equal(sheet[1][9], rows[0].status);
  const logins = await download(county, '/api/v1/operation-log/export.xlsx?action=login&result=failure');
  assert.ok(logins.length >= 2);
  assert.ok(logins.slice(1).every((r) => r[4] === 'login' && r[11] === '失败'));
  expectError(assert, await county.get('/api/v1/operation-log/export.xlsx?result=x'), 400, 'invalid_filter');
});

test('the database refuses to change or remove a row', async () => {
  const before = await all(city);
  const upd = sqlite(srv.db, "UPDATE operation_log SET status = 200, result = 'success' WHERE result = 'failure'");
  assert.notEqual(upd.status, 0);
  assert.match(upd.stderr, /append-only/);
  const del = sqlite(srv.db, 'DELETE FROM operation_log');
  assert.notEqual(del.status, 0);
  assert.match(del.stderr, /append-only/);
  const afterRows = await all(city);
  assert.deepEqual(afterRows.slice(afterRows.length - before.length), before);
});

test('a log that cannot be written does not cost the write, and goes to the server log', async () => {
  const block = sqlite(srv.db, PG
    ? "CREATE FUNCTION oplog_test_block() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'blocked by the test'; END $$;"
      + ' CREATE TRIGGER oplog_test_block BEFORE INSERT ON operation_log FOR EACH ROW EXECUTE FUNCTION oplog_test_block()'
    : "CREATE TRIGGER oplog_test_block BEFORE INSERT ON operation_log BEGIN SELECT RAISE(ABORT, 'blocked by the test'); END");
  assert.equal(block.status, 0, block.stderr);
  const r = await disp.post('/api/v1/cases', citizenBody({ channel: 'walk_in', title: '日志写不进时的登记' }));
  assert.equal(r.status, 201, r.text);
  const got = await disp.get(`/api/v1/cases/${r.json.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.title, '日志写不进时的登记');
  assert.equal(sqlite(srv.db, PG ? 'DROP TRIGGER oplog_test_block ON operation_log' : 'DROP TRIGGER oplog_test_block').status, 0);
  assert.match(srv.stderr(), /operation log: not recorded.*POST \/api\/v1\/cases by town_dispatcher/);
  const r2 = await disp.post('/api/v1/cases', citizenBody({ channel: 'walk_in', title: '恢复后' }));
  assert.equal(r2.status, 201);
  const rows = await all(city, '&user=town_dispatcher&action=POST%20/api/v1/cases');
  assert.ok(rows.some((x) => x.target === String(r2.json.id)));
  assert.ok(!rows.some((x) => x.target === String(r.json.id)));
});
