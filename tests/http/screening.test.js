// screening.test.js - 排查 on a cadence: tasks created per org and period by
// the clock (idempotently), the report with findings becoming cases or
// joining open ones, the explicit 无事报平安, who may report (403/409),
// missed tasks turning yellow then red with one alert, the completion view
// of a county and a city, the cadence settings, and the audit over it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, cli } from './harness.js';

const TOWN = '130102001';
const V1 = '130102001001'; // staffed by the demo's grid workers (its grid 130102001001001)
const V2 = '130102001002';
const V3 = '130102001003';
let srv;
const pw = {};
const c = {};
const NAMES = ['town_grid_worker', 'town_dispatcher', 'town_handler', 'town_leader', 'county_leader', 'city_leader',
  'city_admin', 'county_admin', 'gw.v2', 'gw.v3'];

const relogin = async () => {
  for (const n of NAMES) await c[n].login(n, pw[n]);
};
const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
  await relogin();
};
const tasks = async (who, q) => {
  const r = await c[who].get(`/api/v1/screenings?${new URLSearchParams(q)}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
};
const taskOf = async (org, period) => {
  const items = await tasks('county_leader', { org, period, limit: 100 });
  const mine = items.filter((t) => t.org === org);
  assert.equal(mine.length, 1, `one task for ${org} ${period}: ${JSON.stringify(items)}`);
  return mine[0];
};
const report = (who, id, body) => c[who].post(`/api/v1/screenings/${id}/actions`, { action: 'report', ...body });

before(async () => {
  srv = await startServer();
  for (const n of NAMES) c[n] = srv.client();
  const admin = srv.client();
  await admin.login('county_admin');
  // The demo gives every grid of 建北街道 a 网格员 of its own (grid_<code>);
  // these scenarios count tasks for the villages they staff themselves
  // (V1 through town_grid_worker, V2 and V3 below), so those accounts are
  // disabled, as a township does for workers who left.
  const all = (await admin.get('/api/v1/users')).json;
  const users = Array.isArray(all) ? all : all.items;
  for (const u of users.filter((x) => /^grid_\d+$/.test(x.username))) {
    const r = await admin.patch(`/api/v1/users/${u.id}`, { active: false });
    assert.equal(r.status, 200, r.text);
  }
  for (const [u, org] of [['gw.v2', V2], ['gw.v3', V3]]) {
    const r = await admin.post('/api/v1/users', { username: u, password: 'Grid#Work01', role: 'grid_worker', org, display_name: `网格员${u}` });
    assert.equal(r.status, 201, r.text);
    pw[u] = await c[u].firstLogin(u, 'Grid#Work01');
  }
  await setNow('2027-03-01T08:00:00+08:00'); // a Monday, months away from the server's own day
});
after(async () => { await srv.stop(); });

test('the clock creates one task per staffed org and period, at each level\'s cadence', async () => {
  assert.equal((await taskOf(V1, '2027-03-01')).cadence, 'daily');
  assert.equal((await taskOf(V2, '2027-03-01')).status, 'open');
  assert.equal((await taskOf(TOWN, '2027-W09')).cadence, 'weekly');
  const county = await taskOf('130102', '2027-03');
  assert.equal(county.cadence, 'monthly');
  assert.equal(county.deadline, '2027-03-31T23:59:59+08:00');
  const city = (await tasks('city_leader', { org: '1301', period: '2027-Q1' })).filter((t) => t.org === '1301');
  assert.equal(city.length, 1);
  assert.equal(city[0].deadline, '2027-03-31T23:59:59+08:00');
  // a village nobody on the platform could report for gets no task
  assert.equal((await tasks('county_leader', { org: '130102001004', period: '2027-03-01' })).length, 0);
  // idempotent per (org, period): another tick the same day adds nothing
  const before = (await tasks('county_leader', { org: TOWN, period: '2027-03-01', limit: 100 })).length;
  await setNow('2027-03-01T08:30:00+08:00');
  assert.equal((await tasks('county_leader', { org: TOWN, period: '2027-03-01', limit: 100 })).length, before);
  // a grid's worker sees their village's tasks; the filters are checked
  assert.ok((await tasks('town_grid_worker', {})).some((t) => t.org === V1 && t.period === '2027-03-01'));
  expectError(assert, await c.town_leader.get('/api/v1/screenings?period=2026-W54'), 400, 'invalid_filter');
  expectError(assert, await c.town_leader.get('/api/v1/screenings?status=done'), 400, 'invalid_filter');
  expectError(assert, await c['gw.v2'].get(`/api/v1/screenings?org=${V1}`), 404, 'org_not_found');
});

test('a report with findings makes cases (channel grid) and joins open ones', async () => {
  const t = await taskOf(V1, '2027-03-01');
  const open = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: '130102001001001', description: '楼上住户长期半夜噪音扰民，多次沟通无果。',
    applicant: { name: '周女士', phone: '13900001111' },
  });
  assert.equal(open.status, 201, open.text);
  const r = await report('town_grid_worker', t.id, {
    checked: ['矛盾纠纷', '安全隐患', '重点人员'],
    findings: [
      { category: 'neighbor', description: '3号楼两户因漏水问题发生争吵，情绪激动，需要调解。' },
      { case_id: open.json.id, description: '巡查再次发现噪音问题，双方矛盾加深。' },
    ],
    note: '上午排查完毕',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'reported');
  assert.equal(r.json.findings, 2);
  assert.equal(r.json.all_clear, false);
  assert.equal(r.json.late, false);
  assert.deepEqual(r.json.checked, ['矛盾纠纷', '安全隐患', '重点人员']);
  assert.deepEqual(r.json.allowed_actions, []);
  const made = r.json.cases.find((x) => !x.joined);
  const joined = r.json.cases.find((x) => x.joined);
  assert.equal(joined.id, open.json.id);
  const kase = (await c.town_dispatcher.get(`/api/v1/cases/${made.id}`)).json;
  assert.equal(kase.channel, 'grid');
  assert.equal(kase.org, '130102001001001', 'in the reporting grid worker\'s grid');
  assert.equal(kase.timeline[0].payload.screening_id, t.id);
  const old = (await c.town_dispatcher.get(`/api/v1/cases/${open.json.id}`)).json;
  assert.match(old.timeline.at(-1).payload.note, /排查发现.*噪音问题/);
  const one = (await c.town_leader.get(`/api/v1/screenings/${t.id}`)).json;
  assert.deepEqual(one.timeline.map((e) => e.action), ['create', 'report']);
  assert.equal(one.timeline[1].payload.findings.length, 2);
  // once is enough
  expectError(assert, await report('town_grid_worker', t.id, { checked: ['矛盾纠纷'], all_clear: true }), 409, 'invalid_transition');
});

test('a finding that fails stores nothing of the report', async () => {
  const t = await taskOf(V2, '2027-03-01');
  const r = await report('gw.v2', t.id, {
    checked: ['矛盾纠纷'],
    findings: [
      { category: 'neighbor', description: '两户因停车位发生争执，需要协调。' },
      { category: 'no_such_category', description: '这一条的类别不存在，整个报告都不应保存。' },
    ],
  });
  expectError(assert, r, 422, 'unknown_category');
  assert.match(r.json.error.message, /第 2 条发现/);
  assert.equal((await taskOf(V2, '2027-03-01')).status, 'open');
  const cases = (await c.town_dispatcher.get(`/api/v1/cases?org=${V2}&channel=grid`)).json.items;
  assert.equal(cases.length, 0, 'the first finding was not kept');
});

test('无事报平安: findings [] with all_clear true; neither is a missing field', async () => {
  const t = await taskOf(TOWN, '2027-W09');
  expectError(assert, await report('town_dispatcher', t.id, { checked: ['矛盾纠纷'], findings: [] }), 400, 'missing_field');
  expectError(assert, await report('town_dispatcher', t.id, { findings: [], all_clear: true }), 400, 'missing_field');
  expectError(assert, await report('town_dispatcher', t.id, {
    checked: ['矛盾纠纷'], all_clear: true, findings: [{ category: 'neighbor', description: '既报平安又有发现是矛盾的。' }],
  }), 400, 'invalid_field');
  const r = await report('town_dispatcher', t.id, { checked: ['矛盾纠纷', '信访苗头'], findings: [], all_clear: true, note: '本周无事' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.all_clear, true);
  assert.equal(r.json.findings, 0);
  assert.equal(r.json.cases.length, 0);
});

test('only the task\'s responsible people report: 403 for another org, an upper level, a role that never reports', async () => {
  const t2 = await taskOf(V2, '2027-03-01');
  expectError(assert, await report('gw.v3', t2.id, { checked: ['矛盾纠纷'], all_clear: true }), 403, 'forbidden');
  expectError(assert, await report('town_leader', t2.id, { checked: ['矛盾纠纷'], all_clear: true }), 403, 'forbidden');
  expectError(assert, await report('town_handler', t2.id, { checked: ['矛盾纠纷'], all_clear: true }), 403, 'forbidden');
  const county = await taskOf('130102', '2027-03');
  expectError(assert, await report('town_leader', county.id, { checked: ['矛盾纠纷'], all_clear: true }), 403, 'forbidden');
  expectError(assert, await c['gw.v3'].get(`/api/v1/screenings/${t2.id}`), 404, 'not_found');
  expectError(assert, await c['gw.v2'].post(`/api/v1/screenings/${t2.id}/actions`, { action: 'close' }), 400, 'unknown_action');
  assert.equal((await taskOf(V2, '2027-03-01')).status, 'open');
  const ok = await report('gw.v2', t2.id, { checked: ['矛盾纠纷'], all_clear: true });
  assert.equal(ok.status, 200, ok.text);
});

test('a missed task turns yellow, then red (missed) with one alert, and may still be reported late', async () => {
  const t3 = await taskOf(V3, '2027-03-01');
  assert.equal(t3.warning, 'none');
  await setNow('2027-03-01T19:00:00+08:00');
  let t = (await c['gw.v3'].get(`/api/v1/screenings/${t3.id}`)).json;
  assert.equal(t.warning, 'yellow');
  assert.equal(t.status, 'open');
  assert.ok(t.alert_id);
  const yellow = (await c.town_dispatcher.get(`/api/v1/alerts/${t.alert_id}`)).json;
  assert.equal(yellow.kind, 'screening');
  assert.equal(yellow.level, 'yellow');
  await setNow('2027-03-02T09:00:00+08:00');
  t = (await c['gw.v3'].get(`/api/v1/screenings/${t3.id}`)).json;
  assert.equal(t.warning, 'red');
  assert.equal(t.status, 'missed');
  assert.deepEqual(t.timeline.map((e) => e.action), ['create', 'warn', 'warn']);
  const red = (await c.town_dispatcher.get(`/api/v1/alerts/${t.alert_id}`)).json;
  assert.equal(red.level, 'red');
  assert.match(red.message, /建北街道 2027-03-01 排查：1 个下级逾期未报告/);
  assert.equal(red.org, TOWN, 'the township\'s center handles its villages\' misses');
  const listed = (await c.town_dispatcher.get('/api/v1/alerts?kind=screening')).json.items;
  assert.equal(listed.filter((a) => a.id === t.alert_id).length, 1, 'one alert, raised to red');
  assert.deepEqual((await tasks('town_leader', { status: 'missed', period: '2027-03-01' })).map((x) => x.org), [V3]);
  // the next day's tasks exist
  assert.equal((await taskOf(V3, '2027-03-02')).status, 'open');
  const late = await report('gw.v3', t3.id, { checked: ['矛盾纠纷'], all_clear: true, note: '补报' });
  assert.equal(late.status, 200, late.text);
  assert.equal(late.json.late, true);
  assert.equal(late.json.status, 'reported');
});

test('completion per child org, for a county and for a city', async () => {
  const r = await c.county_leader.get(`/api/v1/screenings/completion?org=130102&period=2027-03`);
  assert.equal(r.status, 200, r.text);
  const town = r.json.children.find((x) => x.org === TOWN);
  // Tasks starting in March in 建北街道: V1, V2 and V3 on the 1st and the
  // 2nd, the township's W09 (the clock jumped: nothing for other days).
  assert.equal(town.total, 7);
  // reported: V1, V2 and V3 (late) on the 1st, the township's W09
  assert.equal(town.done, 4);
  assert.equal(town.late, 1);
  assert.equal(town.open, 3, 'the 2nd');
  assert.equal(town.missed, 0, 'the late one was reported after all');
  assert.equal(town.rate, 4 / 7);
  assert.equal(r.json.children.find((x) => x.org === '130102002').total, 0);
  assert.equal(r.json.total.total, town.total);
  const city = await c.city_leader.get('/api/v1/screenings/completion?org=1301&period=2027-Q1');
  assert.equal(city.status, 200, city.text);
  assert.equal(city.json.children.length, 24);
  const county = city.json.children.find((x) => x.org === '130102');
  assert.ok(county.total >= town.total + 1, 'the county\'s own monthly task counts too');
  expectError(assert, await c.town_leader.get('/api/v1/screenings/completion?org=130102'), 404, 'org_not_found');
  expectError(assert, await c.county_leader.get('/api/v1/screenings/completion?period=2026-Q5'), 400, 'invalid_filter');
});

test('grid workers\' assessment: reports, valid reports, screening timeliness, weighted by admin settings', async () => {
  const q = 'org=130102001&from=2027-03-01&to=2027-03-31&kind=grid_worker';
  const r = await c.county_leader.get(`/api/v1/stats/rankings?${q}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'grid_worker');
  assert.deepEqual(r.json.weights, { reports: 10, valid_reports: 40, callback: 15, screening: 25, households: 5, basedata: 5 });
  const by = Object.fromEntries(r.json.items.map((x) => [x.name, x]));
  const me = (await c.town_grid_worker.get('/api/v1/me')).json;
  const town = r.json.items.find((x) => x.user_id === me.id);
  // town_grid_worker: one report (the finding's case), accepted; V1's tasks due
  // by now in March: the 1st, reported on time
  assert.equal(town.reports, 1);
  assert.equal(town.valid_reports, 1);
  assert.deepEqual(town.screening, { due: 1, on_time: 1, rate: 1 });
  assert.deepEqual(town.callback, { due: 0, on_time: 0, rate: null }, 'no call-backs recorded yet');
  assert.equal(town.households_visited, 0, 'no patrol logs yet');
  assert.equal(town.basedata_updates, 0, 'no base data yet');
  // (10 + 40 + 25) / 75: call-backs, households and base data drop out
  assert.equal(town.score, 100);
  const v2 = by['网格员gw.v2'];
  const v3 = by['网格员gw.v3'];
  assert.deepEqual(v2.screening, { due: 1, on_time: 1, rate: 1 });
  assert.deepEqual(v3.screening, { due: 1, on_time: 0, rate: 0 }, 'reported late is not on time');
  assert.equal(v2.score, 33.3);
  assert.equal(v3.score, 0);
  assert.equal(r.json.items[0].user_id, town.user_id);
  assert.deepEqual(r.json.items.map((x) => x.rank), r.json.items.map((_, i) => i + 1));
  expectError(assert, await c.county_leader.get('/api/v1/stats/rankings?kind=village'), 400, 'invalid_filter');
  // the weights are the home org's admins' setting
  expectError(assert, await c.county_admin.put('/api/v1/stats/grid-weights', { screening: 100 }), 403, 'forbidden');
  expectError(assert, await c.city_admin.put('/api/v1/stats/grid-weights', { screening: 101 }), 400, 'invalid_setting');
  expectError(assert, await c.city_admin.put('/api/v1/stats/grid-weights', { loudness: 5 }), 400, 'unknown_setting');
  const w = await c.city_admin.put('/api/v1/stats/grid-weights', { reports: 0, valid_reports: 0, screening: 100 });
  assert.equal(w.status, 200, w.text);
  assert.equal((await c.town_leader.get('/api/v1/stats/grid-weights')).json.screening, 100);
  const again = (await c.county_leader.get(`/api/v1/stats/rankings?${q}`)).json.items;
  assert.equal(again.find((x) => x.name === '网格员gw.v2').score, 100, 'screening alone now');
  assert.equal(again.find((x) => x.name === '网格员gw.v3').score, 0);
  assert.equal(again.at(-1).name, '网格员gw.v3');
});

test('the cadence is a setting of the home org\'s admins', async () => {
  assert.deepEqual((await c.town_leader.get('/api/v1/screenings/settings')).json,
    { city: 'quarterly', county: 'monthly', township: 'weekly', village: 'daily' });
  expectError(assert, await c.county_admin.put('/api/v1/screenings/settings', { village: 'weekly' }), 403, 'forbidden');
  expectError(assert, await c.city_admin.put('/api/v1/screenings/settings', { village: 'hourly' }), 400, 'invalid_setting');
  expectError(assert, await c.city_admin.put('/api/v1/screenings/settings', { grid: 'daily' }), 400, 'unknown_setting');
  const r = await c.city_admin.put('/api/v1/screenings/settings', { village: 'weekly' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.village, 'weekly');
  await setNow('2027-03-03T09:00:00+08:00');
  assert.equal((await tasks('county_leader', { org: V2, period: '2027-03-03' })).length, 0, 'no more daily tasks');
  // the 2nd went by unreported in all three villages: one alert for the township, not three
  const missed = await tasks('town_leader', { period: '2027-03-02', status: 'missed' });
  assert.equal(missed.length, 3);
  assert.equal(new Set(missed.map((t) => t.alert_id)).size, 1);
  const al = (await c.town_dispatcher.get(`/api/v1/alerts/${missed[0].alert_id}`)).json;
  assert.equal(al.org, TOWN);
  assert.equal(al.level, 'red');
  assert.match(al.message, /建北街道 2027-03-02 排查：3 个下级逾期未报告/);
  assert.equal((await taskOf(V2, '2027-W09')).cadence, 'weekly');
});

test('audit verify covers the screening chains', async () => {
  await srv.stop({ keep: true });
  const r = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  srv = await startServer({ db: srv.db, dir: srv.dir });
});
