// packages.test.js - 包案: a serious case (high risk, or an alert naming it)
// gets one responsible leader, a team, a plan and a target through the case
// action package; progress reports (package_report) go on until it is
// resolved; leaders list packages; the quarterly 研判 meeting records the
// packages reviewed and its decisions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, cli } from './harness.js';

const GRID = '130102001001001';
let srv, c, ids, risky, flagged, calm, pkgId;

// Distinct applicants and texts: three appeals of one person would be a
// repeat alert (研判预警), which makes every one of them serious.
let nth = 0;
const intake = async (description) => {
  nth += 1;
  const r = await c.town_dispatcher.post('/api/v1/cases', {
    channel: 'hotline', category: 'wage_arrears', org: GRID, description,
    applicant: { name: ['赵师傅', '钱女士', '孙先生'][nth - 1], phone: `1390000${3300 + nth}` },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
};
const act = (who, id, body) => c[who].post(`/api/v1/cases/${id}/actions`, body);

before(async () => {
  srv = await startServer();
  c = {};
  ids = {};
  for (const n of ['town_dispatcher', 'town_leader', 'town_handler', 'town_mediator', 'town_grid_worker', 'county_leader',
    'town_admin', 'city_leader']) {
    c[n] = srv.client();
    await c[n].login(n);
    ids[n] = (await c[n].get('/api/v1/me')).json.id;
  }
  risky = await intake('老板欠了三个月工资，再不给钱我就喝农药死给他们看');
  flagged = await intake('工地拖欠农民工工资两个月，工人们多次讨要无果。');
  calm = await intake('小区物业把我家门口的公共绿地改成了停车位，想请社区问问是否合规。');
  assert.equal((await act('town_leader', flagged, { action: 'supervise', note: '请尽快处理，防止矛盾激化' })).status, 200);
});
after(async () => { await srv.stop(); });

const plan = (over = {}) => ({
  action: 'package', leader_user_id: ids.town_leader, team_user_ids: [ids.town_handler, ids.town_grid_worker],
  plan: '一名领导包案：协调劳动监察追讨欠薪，网格员每日走访稳控情绪', target_date: '2027-03-31', ...over,
});

test('only a serious case gets a package, taken by a leader or the center', async () => {
  const calmCase = (await c.town_leader.get(`/api/v1/cases/${calm}`)).json;
  assert.ok(!calmCase.allowed_actions.includes('package'));
  expectError(assert, await act('town_leader', calm, plan()), 409, 'invalid_transition');
  const riskyCase = (await c.town_leader.get(`/api/v1/cases/${risky}`)).json;
  assert.equal(riskyCase.risk, 'high');
  assert.ok(riskyCase.allowed_actions.includes('package'));
  assert.ok(!riskyCase.allowed_actions.includes('package_report'), 'no package yet');
  expectError(assert, await act('town_handler', risky, plan()), 403, 'forbidden');
  expectError(assert, await act('town_admin', risky, plan()), 403, 'forbidden');
  const { plan: _p, ...noPlan } = plan();
  expectError(assert, await act('town_leader', risky, noPlan), 400, 'missing_field');
  expectError(assert, await act('town_leader', risky, plan({ leader_user_id: ids.town_handler })), 422, 'unknown_user');
  expectError(assert, await act('town_leader', risky, plan({ team_user_ids: [ids.city_leader] })), 422, 'unknown_user');
  expectError(assert, await act('town_leader', risky, plan({ target_date: '2020-01-01' })), 422, 'invalid_field');
  expectError(assert, await act('town_leader', risky, plan({ target_date: '明年春节前' })), 400, 'invalid_field');
  assert.equal((await c.town_leader.get('/api/v1/packages')).json.items.length, 0, 'nothing half stored');

  const r = await act('town_leader', risky, plan());
  assert.equal(r.status, 200, r.text);
  const ev = r.json.timeline.at(-1);
  assert.equal(ev.action, 'package');
  assert.equal(ev.payload.leader_user_id, ids.town_leader);
  assert.deepEqual(ev.payload.team.map((m) => m.user_id), [ids.town_handler, ids.town_grid_worker]);
  pkgId = ev.payload.package_id;
  assert.ok(!r.json.allowed_actions.includes('package'));
  assert.ok(r.json.allowed_actions.includes('package_report'));
  expectError(assert, await act('town_leader', risky, plan()), 409, 'invalid_transition');
  // an alert makes a case serious too (the center takes it)
  const f = await act('town_dispatcher', flagged, plan({ team_user_ids: [] }));
  assert.equal(f.status, 200, f.text);
});

test('progress reports by the team until resolved', async () => {
  expectError(assert, await act('town_mediator', risky, { action: 'package_report', progress: '不在专班', status: 'ongoing' }), 403, 'forbidden');
  expectError(assert, await act('town_handler', risky, { action: 'package_report', progress: '已约谈', status: 'done' }), 400, 'invalid_field');
  expectError(assert, await act('town_handler', risky, { action: 'package_report', status: 'ongoing' }), 400, 'missing_field');
  let r = await act('town_grid_worker', risky, { action: 'package_report', progress: '每日走访，当事人情绪平稳', status: 'ongoing' });
  assert.equal(r.status, 200, r.text);
  r = await act('town_handler', risky, { action: 'package_report', progress: '已协调劳动监察立案，老板承诺月底前支付', status: 'controlled' });
  assert.equal(r.status, 200, r.text);
  const one = (await c.county_leader.get(`/api/v1/packages/${pkgId}`)).json;
  assert.equal(one.status, 'controlled');
  assert.equal(one.reports, 2);
  assert.deepEqual(one.history.map((h) => h.status), ['ongoing', 'controlled']);
  assert.equal(one.leader.id, ids.town_leader);
  r = await act('town_leader', risky, { action: 'package_report', progress: '工资已全部结清，当事人签字确认', status: 'resolved' });
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.json.allowed_actions.includes('package_report'));
  expectError(assert, await act('town_leader', risky, { action: 'package_report', progress: '再报一次', status: 'resolved' }), 409, 'invalid_transition');
});

test('GET /api/v1/packages lists the area\'s packages with their org code, by status', async () => {
  const r = await c.county_leader.get('/api/v1/packages');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 2);
  const p = r.json.items.find((x) => x.id === pkgId);
  assert.equal(p.org, GRID);
  assert.equal(p.case_id, risky);
  assert.equal(p.status, 'resolved');
  assert.equal(p.last_progress, '工资已全部结清，当事人签字确认');
  assert.equal(p.team.length, 2);
  assert.deepEqual(r.json.counts, { ongoing: 1, controlled: 0, resolved: 1 });
  const ongoing = (await c.county_leader.get('/api/v1/packages?status=ongoing')).json.items;
  assert.deepEqual(ongoing.map((x) => x.case_id), [flagged]);
  expectError(assert, await c.county_leader.get('/api/v1/packages?status=closed'), 400, 'invalid_filter');
  expectError(assert, await c.town_leader.get('/api/v1/packages?org=130102002'), 404, 'org_not_found');
  const page = (await c.county_leader.get('/api/v1/packages?limit=1')).json;
  assert.equal(page.items.length, 1);
  const rest = (await c.county_leader.get(`/api/v1/packages?limit=1&cursor=${page.next}`)).json;
  assert.equal(rest.items.length, 1);
  assert.notEqual(rest.items[0].id, page.items[0].id);
});

test('the quarterly 研判 meeting records the packages reviewed and the decisions', async () => {
  const all = (await c.county_leader.get('/api/v1/packages')).json.items.map((x) => x.id);
  const body = { quarter: '2026-Q4', reviewed: all, decisions: ['欠薪类包案年底前全部化解', '网格员每周报告一次稳控情况'] };
  expectError(assert, await c.town_handler.post('/api/v1/packages/meetings', body), 403, 'forbidden');
  expectError(assert, await c.county_leader.post('/api/v1/packages/meetings', { ...body, quarter: '2026-12' }), 400, 'invalid_field');
  expectError(assert, await c.county_leader.post('/api/v1/packages/meetings', { ...body, decisions: [] }), 400, 'missing_field');
  expectError(assert, await c.county_leader.post('/api/v1/packages/meetings', { ...body, reviewed: [999999] }), 422, 'unknown_package');
  const r = await c.county_leader.post('/api/v1/packages/meetings', body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([...r.json.reviewed].sort((a, b) => a - b), [...all].sort((a, b) => a - b));
  assert.deepEqual(r.json.decisions, body.decisions);
  assert.equal(r.json.org, '130102');
  const list = (await c.county_leader.get('/api/v1/packages/meetings?quarter=2026-Q4')).json.items;
  assert.equal(list.length, 1);
  assert.deepEqual(list[0].decisions, body.decisions);
  assert.deepEqual(list[0].reviewed, [...all].sort((a, b) => a - b));
  assert.equal((await c.town_leader.get('/api/v1/packages/meetings')).json.items.length, 0, 'the county\'s meeting is not the township\'s');
  assert.equal((await c.city_leader.get('/api/v1/packages/meetings')).json.items.length, 1);
});

test('the case chains stay intact', async () => {
  await srv.stop({ keep: true });
  const r = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  srv = await startServer({ db: srv.db, dir: srv.dir });
});
