// person_lookup.test.js - GET /api/v1/cases?phone=… and ?id_number=… find
// exactly a party's cases through the blind index, for the roles that see
// parties in clear (handlers and mediators of a unit); everyone else gets
// 403 forbidden. A list filter the API does not know answers 400
// invalid_filter, on the list and on its Excel export, while every
// parameter the console sends is still accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
const PHONE = '16600001111'; // not a demo number
const PHONE2 = '16600002222';
const IDNO = '13010219880808108X';
let srv;
const made = {}; // case ids: a (PHONE + IDNO, applicant), b (PHONE, respondent), c (PHONE2)
const users = {};

async function login(name) {
  const c = srv.client();
  await c.login(name);
  return c;
}

before(async () => {
  srv = await startServer();
  for (const u of ['town_handler', 'town_mediator', 'county_handler', 'town_dispatcher', 'town_leader', 'town_admin',
    'town_reviewer', 'town_grid_worker', 'city_admin']) users[u] = await login(u);
  const intake = async (channel, category, applicant, respondents = []) => {
    const r = await users.town_dispatcher.post('/api/v1/cases', {
      channel, category, org: VILLAGE, title: '测试当事人查找', description: '当事人反映的情况需要核实处理，请尽快联系。',
      applicant, respondents,
    });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  made.a = await intake('walk_in', 'neighbor', { name: '孙七', phone: PHONE, id_number: IDNO });
  made.b = await intake('hotline', 'wage_arrears', { name: '周八', phone: PHONE2 }, [{ name: '孙七', phone: '166-0000-1111' }]);
  made.c = await intake('walk_in', 'neighbor', { name: '吴九', phone: '16600003333' });
});
after(async () => { await srv.stop(); });

const idsOf = (r) => r.json.items.map((x) => x.id).sort((x, y) => x - y);

test('phone and id_number find exactly the party\'s cases', async () => {
  for (const who of ['town_handler', 'town_mediator', 'county_handler']) {
    const byPhone = await users[who].get(`/api/v1/cases?phone=${PHONE}`);
    assert.equal(byPhone.status, 200, `${who}: ${byPhone.text}`);
    assert.deepEqual(idsOf(byPhone), [made.a, made.b].sort((x, y) => x - y), `${who}: applicant and respondent`);
  }
  const h = users.town_handler;
  // written with separators it is the same number
  assert.deepEqual(idsOf(await h.get('/api/v1/cases?phone=166%200000%201111')), idsOf(await h.get(`/api/v1/cases?phone=${PHONE}`)));
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?phone=${PHONE2}`)), [made.b]);
  assert.deepEqual(idsOf(await h.get('/api/v1/cases?phone=16600009999')), [], 'nobody has it');
  assert.deepEqual(idsOf(await h.get('/api/v1/cases?phone=1660000111')), [], 'exact match only, no prefix');
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?id_number=${IDNO}`)), [made.a]);
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?id_number=${IDNO.toLowerCase()}`)), [made.a], 'x is X');
  assert.deepEqual(idsOf(await h.get('/api/v1/cases?id_number=130102198808081231')), []);
  expectError(assert, await h.get('/api/v1/cases?phone='), 400, 'invalid_filter');
  expectError(assert, await h.get(`/api/v1/cases?phone=${'1'.repeat(40)}`), 400, 'invalid_filter');
});

test('combined with other filters, paged, and cut to the reader\'s scope', async () => {
  const h = users.town_handler;
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?phone=${PHONE}&channel=walk_in`)), [made.a]);
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?phone=${PHONE}&category=wage_arrears`)), [made.b]);
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?phone=${PHONE}&id_number=${IDNO}`)), [made.a], 'both must match');
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?phone=${PHONE}&status=registered&org=${VILLAGE}`)), [made.a, made.b].sort((x, y) => x - y));
  assert.deepEqual(idsOf(await h.get(`/api/v1/cases?phone=${PHONE}&status=closed`)), []);
  const p1 = await h.get(`/api/v1/cases?phone=${PHONE}&limit=1`);
  assert.equal(p1.json.items.length, 1);
  assert.ok(p1.json.next);
  const p2 = await h.get(`/api/v1/cases?phone=${PHONE}&limit=1&cursor=${p1.json.next}`);
  assert.equal(p2.json.items.length, 1);
  assert.notEqual(p2.json.items[0].id, p1.json.items[0].id);
  // a handler of another county finds nothing of 长安区
  const admin = users.city_admin;
  const units = (await admin.get('/api/v1/units?org=130104')).json.items;
  const unit = units.find((u) => u.kind === 'justice_bureau') || units[0];
  const r = await admin.post('/api/v1/users', { username: 'qx_handler', password: 'Qiaoxi#2026ok', role: 'handler', org: '130104', unit_id: unit.id });
  assert.equal(r.status, 201, r.text);
  const other = srv.client();
  await other.firstLogin('qx_handler', 'Qiaoxi#2026ok');
  assert.deepEqual(idsOf(await other.get(`/api/v1/cases?phone=${PHONE}`)), []);
});

test('roles that see parties only masked are refused', async () => {
  for (const who of ['town_dispatcher', 'town_leader', 'town_admin', 'town_reviewer', 'town_grid_worker', 'city_admin']) {
    expectError(assert, await users[who].get(`/api/v1/cases?phone=${PHONE}`), 403, 'forbidden');
    expectError(assert, await users[who].get(`/api/v1/cases?id_number=${IDNO}`), 403, 'forbidden');
    expectError(assert, await users[who].get(`/api/v1/cases/export.xlsx?phone=${PHONE}`), 403, 'forbidden');
    // the same list without the filter still works for them
    assert.equal((await users[who].get('/api/v1/cases?limit=1')).status, 200, who);
  }
  assert.equal((await srv.client().get(`/api/v1/cases?phone=${PHONE}`)).status, 401);
});

test('a filter the API does not know is 400 invalid_filter, not ignored', async () => {
  const d = users.town_dispatcher;
  for (const q of ['phon=16600001111', 'foo=1', 'Status=handling', 'status=registered&applicant=孙七', 'page=2', 'sort=id']) {
    const r = await d.get(`/api/v1/cases?${q}`);
    expectError(assert, r, 400, 'invalid_filter');
    assert.match(r.json.error.message, /不支持的查询条件/);
    expectError(assert, await d.get(`/api/v1/cases/export.xlsx?${q}`), 400, 'invalid_filter');
  }
  // everything the console's pages send is understood
  const known = [
    'q=工资&status=registered&flow=dispute&category=wage_arrears&channel=hotline&warning=none&org=130102001&from=2026-01-01&to=2026-12-31&limit=50',
    'status=dispatched,handling&warning=yellow&limit=50',
    'inbox=triage&limit=50',
    'channel=grid&limit=50',
    `unit=1&cursor=${made.c + 1}`,
  ];
  for (const q of known) assert.equal((await d.get(`/api/v1/cases?${q}`)).status, 200, q);
  const x = await d.get('/api/v1/cases/export.xlsx?status=registered&q=工资');
  assert.equal(x.status, 200);
  // other lists keep their behaviour
  assert.equal((await users.town_leader.get('/api/v1/alerts?foo=1')).status, 200);
});
