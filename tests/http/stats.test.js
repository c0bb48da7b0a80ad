// stats.test.js - the KPIs of DESIGN.md §6 against hand-computed fixtures:
// every rate, at township, county and city level, over period boundaries,
// with reopened, merged and rejected cases; `stats verify` after the
// fixtures and after random action sequences, and catching a tampered
// rollup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, expectError, dbSql } from './harness.js';

const VILLAGE = '130102001001'; // 长安区 建北街道 棉一东社区
const TOWN = '130102001';
const COUNTY = '130102';
let srv, disp, handler, countyHandler, cityLeader, countyUnit, townUnit, otherVillage;
const ids = {};

const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
  await disp.login('town_dispatcher');
  await handler.login('town_handler');
  await countyHandler.login('county_handler');
  await cityLeader.login('city_leader');
};

before(async () => {
  srv = await startServer();
  disp = srv.client();
  handler = srv.client();
  countyHandler = srv.client();
  cityLeader = srv.client();
  await setNow('2026-02-28T23:30:00+08:00');
  const unitOf = async (c) => { const me = (await c.get('/api/v1/me')).json; return (me.user ?? me).unit?.id; };
  townUnit = await unitOf(handler);
  countyUnit = await unitOf(countyHandler);
  assert.ok(townUnit && countyUnit, 'demo handlers have units');
  // A village of another county of the city.
  const admin = srv.client();
  await admin.login('city_admin');
  const cs = (await admin.get('/api/v1/orgs/1301/children')).json.items;
  const other = cs.find((c) => c.code !== COUNTY);
  let o = other.code;
  while (o.length < 12) o = (await admin.get(`/api/v1/orgs/${o}/children`)).json.items[0].code;
  otherVillage = o;
});
after(async () => { await srv.stop(); });

const submit = async (org = VILLAGE, category = 'neighbor') => {
  const r = await srv.client().post('/api/v1/public/cases', {
    category, org, description: '邻居家装修把我家的墙震裂了，协商了几次都没有结果，希望有人来调解一下。',
    applicant: { name: '刘先生', phone: '13700002222' },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const act = async (c, id, body) => {
  const r = await c.post(`/api/v1/cases/${id}/actions`, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
};
const handle = async (id, unit, who) => {
  await act(disp, id, { action: 'classify', flow: 'dispute', category: 'neighbor' });
  await act(disp, id, { action: 'dispatch', unit_id: unit });
  await act(who, id, { action: 'accept' });
};
const rate = async (rec, satisfaction, reopen = false) => {
  const r = await srv.client().post(`/api/v1/public/cases/${rec.tracking_no}/rating`,
    { query_code: rec.query_code, satisfaction, reopen, comment: reopen ? '问题没有解决' : undefined });
  assert.equal(r.status, 200, r.text);
};
const kpi = async (q) => {
  const r = await cityLeader.get(`/api/v1/stats/kpi?${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('fixtures: registered Feb 28 and in March, handled, rated, reopened, merged, rejected, overdue', async () => {
  // Feb 28, 23:30 China time: outside a March period.
  const c7 = await submit();
  ids.c7 = c7.id;
  await handle(c7.id, townUnit, handler);
  await act(handler, c7.id, { action: 'resolve', outcome: 'mediated', summary: '双方和解' });

  await setNow('2026-03-10T10:00:00+08:00');
  const c = {};
  for (const k of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c9']) c[k] = await submit();
  c.c8 = await submit(otherVillage);
  Object.assign(ids, Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.id])));

  await handle(c.c1.id, townUnit, handler);
  await act(handler, c.c1.id, { action: 'resolve', outcome: 'mediated', summary: '调解成功，签订协议' });
  await rate(c.c1, '满意');

  await handle(c.c2.id, townUnit, handler);
  await act(handler, c.c2.id, { action: 'resolve', outcome: 'mediation_failed', summary: '调解不成，告知诉讼途径' });
  await rate(c.c2, '不满意');

  await handle(c.c3.id, countyUnit, countyHandler);
  await handle(c.c4.id, townUnit, handler);
  await act(disp, c.c5.id, { action: 'reject', reason: '不属于受理范围', referral: '请向法院起诉' });
  await act(disp, c.c6.id, { action: 'merge', into: c.c1.id });

  await handle(c.c9.id, townUnit, handler);
  await act(handler, c.c9.id, { action: 'resolve', outcome: 'resolved', summary: '已处理' });
  await rate(c.c9, '不满意', true);

  // 40 days on: the one-month limit of c3, c4 and the reopened c9 is over.
  await setNow('2026-04-19T10:00:00+08:00');
  await act(countyHandler, c.c3.id, { action: 'resolve', outcome: 'resolved', summary: '协调解决' });
});

test('township, March: every rate as hand-computed', async () => {
  const j = await kpi(`org=${TOWN}&from=2026-03-01&to=2026-03-31`);
  const t = j.total;
  assert.equal(j.org, TOWN);
  assert.equal(j.from, '2026-03-01');
  assert.equal(t.intake, 7, 'c1 c2 c3 c4 c5 c6 c9');
  assert.equal(t.accepted, 5, 'less the rejected c5 and the merged c6');
  assert.equal(t.resolved, 3, 'c1 c2 c3 (c9 reopened)');
  assert.equal(t.completion_rate, 0.6);
  assert.equal(t.mediation_success_rate, 0.5);
  assert.equal(t.satisfaction_rate, 0.5, 'c1 满意, c2 不满意; the reopened rating no longer counts');
  assert.equal(t.township_or_below_rate, 0.6667, 'c1 c2 by the 司法所, c3 by the county');
  assert.equal(t.on_time_rate, 0.6667, 'c3 resolved after its limit');
  assert.equal(t.overdue, 2, 'c4 and the reopened c9 are open past their limit');
  assert.ok(Math.abs(t.avg_days - 40 / 3) < 0.02, `avg_days ${t.avg_days}`);
  assert.equal(t.counts.rated, 2);
});

test('period boundaries: Feb 28 late evening is February; partial months use day rows', async () => {
  const feb = await kpi(`org=${TOWN}&from=2026-02-01&to=2026-02-28`);
  assert.equal(feb.total.intake, 1);
  assert.equal(feb.total.resolved, 1);
  assert.equal(feb.total.mediation_success_rate, 1);
  assert.equal(feb.total.satisfaction_rate, null, 'nobody rated: null, not 0');
  const twoDays = await kpi(`org=${COUNTY}&from=2026-02-28&to=2026-03-01`);
  assert.equal(twoDays.total.intake, 1);
  const span = await kpi(`org=1301&from=2026-02-15&to=2026-03-20`);
  assert.equal(span.total.intake, 9, 'partial months at both ends');
  const march = await kpi(`org=1301&from=2026-03-01&to=2026-03-31`);
  assert.equal(march.total.intake, 8, 'whole month from the month rows');
  const months = await kpi(`org=1301&from=2026-01-01&to=2026-04-30&group_by=month`);
  assert.deepEqual(months.groups.map((g) => [g.key, g.intake]), [['2026-01', 0], ['2026-02', 1], ['2026-03', 8], ['2026-04', 0]]);
  const empty = await kpi(`org=${TOWN}&from=2025-01-01&to=2025-12-31`);
  assert.equal(empty.total.intake, 0);
  for (const k of ['completion_rate', 'mediation_success_rate', 'satisfaction_rate', 'township_or_below_rate', 'on_time_rate', 'avg_days']) {
    assert.equal(empty.total[k], null, k);
  }
});

test('group_by child, flow, category, channel, unit at every level; a case counts where it happened', async () => {
  const city = await kpi(`org=1301&from=2026-03-01&to=2026-03-31&group_by=child`);
  const own = city.groups.find((g) => g.key === COUNTY);
  assert.equal(own.intake, 7);
  assert.equal(own.resolved, 3, 'c3 resolved by the county unit counts for the village\'s county');
  assert.equal(city.groups.filter((g) => g.intake > 0).length, 2);
  assert.ok(city.groups.length > 5, 'every county listed, also with nothing');
  const county = await kpi(`org=${COUNTY}&from=2026-03-01&to=2026-03-31&group_by=child`);
  assert.equal(county.groups.find((g) => g.key === TOWN).intake, 7);
  const town = await kpi(`org=${TOWN}&from=2026-03-01&to=2026-03-31&group_by=child`);
  assert.equal(town.groups.find((g) => g.key === VILLAGE).intake, 7);
  const flows = await kpi(`org=${TOWN}&from=2026-03-01&to=2026-03-31&group_by=flow`);
  assert.equal(flows.groups.find((g) => g.key === 'dispute').intake, 5, 'classified as 民间纠纷');
  assert.equal(flows.groups.find((g) => g.key === 'dispute').name, '民间纠纷');
  const cats = await kpi(`org=${TOWN}&from=2026-03-01&to=2026-03-31&group_by=category`);
  assert.equal(cats.groups.find((g) => g.key === 'neighbor').intake, 7);
  const ch = await kpi(`org=${TOWN}&from=2026-03-01&to=2026-03-31&group_by=channel`);
  assert.equal(ch.groups.reduce((s, g) => s + g.intake, 0), 7);
  const units = await kpi(`org=${TOWN}&from=2026-03-01&to=2026-03-31&group_by=unit`);
  assert.equal(units.groups.find((g) => g.key === String(countyUnit)).resolved, 1);
  assert.equal(units.groups.find((g) => g.key === String(townUnit)).resolved, 2);
});

test('bad parameters and scope', async () => {
  expectError(assert, await disp.get('/api/v1/stats/kpi?group_by=planet'), 400, 'invalid_group_by');
  expectError(assert, await disp.get('/api/v1/stats/kpi?from=2026-02-30'), 400, 'invalid_date');
  expectError(assert, await disp.get('/api/v1/stats/kpi?from=2026-03-02&to=2026-03-01'), 400, 'invalid_period');
  expectError(assert, await disp.get(`/api/v1/stats/kpi?org=1301`), 404, 'org_not_found');
  const pub = await srv.client().get('/api/v1/stats/kpi');
  assert.equal(pub.status, 401);
});

test('rankings: units by on-time rate, satisfaction and returns; grid workers by valid reports; 红黑榜', async () => {
  const q = `org=${TOWN}&from=2026-03-01&to=2026-03-31`;
  const r = await cityLeader.get(`/api/v1/stats/rankings?${q}&sort=on_time&min_cases=1`);
  assert.equal(r.status, 200, r.text);
  const town = r.json.units.find((u) => u.unit_id === townUnit);
  const county = r.json.units.find((u) => u.unit_id === countyUnit);
  assert.equal(town.on_time_rate, 1, 'c1 c2 in time');
  assert.equal(town.satisfaction_rate, 0.5);
  assert.equal(county.on_time_rate, 0, 'c3 late');
  assert.ok(town.rank < county.rank);
  assert.equal(r.json.red_list[0].unit_id, townUnit, 'the better unit heads the red list');
  assert.ok(r.json.black_list.every((b) => !r.json.red_list.some((x) => x.unit_id === b.unit_id)), 'on one list at most');
  // A return counts against the unit that returned.
  const extra = await submit();
  await act(disp, extra.id, { action: 'classify', flow: 'dispute', category: 'neighbor' });
  await act(disp, extra.id, { action: 'dispatch', unit_id: countyUnit });
  await act(countyHandler, extra.id, { action: 'return', reason: '不属于本单位职责' });
  const r2 = await cityLeader.get(`/api/v1/stats/rankings?org=${TOWN}&from=2026-04-01&to=2026-04-30&sort=returns`);
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.units.find((u) => u.unit_id === countyUnit).returns, 1);
  // Grid workers: reports that led to a case not rejected or merged.
  const gw = srv.client();
  await gw.login('town_grid_worker');
  const me = (await gw.get('/api/v1/me')).json;
  const grid = (me.user ?? me).org.code;
  const report = async () => {
    const x = await gw.post('/api/v1/cases', { channel: 'grid', category: 'public_facility', org: grid, description: '巡查发现小区东门路灯损坏，夜间通行存在安全隐患，需要维修。' });
    assert.equal(x.status, 201, x.text);
    return x.json.id;
  };
  await report();
  const rejected = await report();
  await act(disp, rejected, { action: 'reject', reason: '重复上报', referral: '无' });
  const r3 = await cityLeader.get(`/api/v1/stats/rankings?org=${TOWN}&from=2026-04-01&to=2026-04-30`);
  const w = r3.json.grid_workers.find((g) => g.user_id === (me.user ?? me).id);
  assert.equal(w.reports, 2);
  assert.equal(w.valid_reports, 1);
  expectError(assert, await cityLeader.get(`/api/v1/stats/rankings?sort=loudest`), 400, 'invalid_sort');
});

test('live feed: Server-Sent Events of new cases and alerts in the subtree, resumed by Last-Event-ID', async () => {
  const leader = srv.client();
  await leader.login('town_leader');
  const first = await leader.req('GET', '/api/v1/stats/feed');
  assert.equal(first.status, 200, first.text);
  assert.match(first.headers.get('content-type'), /^text\/event-stream/);
  assert.match(first.text, /^retry: \d+/);
  assert.match(first.text, /event: case\ndata: \{/);
  const id = first.text.match(/^id: (c\d+\.a\d+)$/m)[1];
  const again = await leader.req('GET', '/api/v1/stats/feed', { headers: { 'Last-Event-ID': id } });
  assert.doesNotMatch(again.text, /event: case/, 'nothing new');
  const rec = await srv.client().post('/api/v1/public/cases', {
    category: 'wage_arrears', org: VILLAGE, description: '老板拖欠我们二十多个工人的工资，大家准备明天去政府门口拉横幅讨说法。',
    applicant: { name: '张先生', phone: '13700003333' },
  });
  assert.equal(rec.status, 201, rec.text);
  const next = await leader.req('GET', '/api/v1/stats/feed', { headers: { 'Last-Event-ID': id } });
  const events = [...next.text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => [m[1], JSON.parse(m[2])]);
  assert.ok(events.some(([t, d]) => t === 'case' && d.tracking_no === rec.json.tracking_no), next.text);
  assert.ok(events.some(([t, d]) => t === 'alert' && d.level === 'red'), 'the high-risk words raised a red alert');
  assert.equal((await srv.client().req('GET', '/api/v1/stats/feed')).status, 401);
});

test('random action sequences keep the rollups equal to the timeline; a tampered rollup is caught', async () => {
  const leader = srv.client();
  await leader.login('town_leader');
  const recs = [];
  for (let i = 0; i < 12; i++) recs.push(await submit(i % 3 ? VILLAGE : otherVillage, i % 2 ? 'neighbor' : 'wage_arrears'));
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const bodies = {
    classify: () => ({ action: 'classify', flow: ['dispute', 'livelihood', 'petition'][rnd(3)], category: ['neighbor', 'wage_arrears'][rnd(2)] }),
    dispatch: () => ({ action: 'dispatch', unit_id: townUnit }),
    accept: () => ({ action: 'accept' }),
    return: () => ({ action: 'return', reason: '不属于本单位职责' }),
    resolve: () => ({ action: 'resolve', outcome: ['mediated', 'mediation_failed', 'resolved'][rnd(3)], summary: '已办结' }),
    visit: () => ({ action: 'visit', satisfaction: ['满意', '基本满意', '不满意'][rnd(3)] }),
    close: () => ({ action: 'close' }),
    reopen: () => ({ action: 'reopen', reason: '群众反映问题仍未解决' }),
    reject: () => ({ action: 'reject', reason: '不属于受理范围', referral: '请向有关部门反映' }),
    comment: () => ({ action: 'comment', note: '已电话联系当事人' }),
  };
  const actors = [disp, handler, leader];
  let done = 0;
  for (let step = 0; step < 120; step++) {
    const rec = recs[rnd(recs.length)];
    const who = actors[rnd(actors.length)];
    const c = await who.get(`/api/v1/cases/${rec.id}`);
    if (c.status !== 200) continue;
    const options = c.json.allowed_actions.filter((a) => bodies[a]);
    if (!options.length) continue;
    const a = options[rnd(options.length)];
    const r = await who.post(`/api/v1/cases/${rec.id}/actions`, bodies[a]());
    if (r.status === 200) done++;
    if (step === 60) await setNow('2026-06-20T10:00:00+08:00');
  }
  assert.ok(done > 40, `actions taken: ${done}`);
  await srv.stop({ keep: true });
  const ok = cli(['stats', 'verify', '--db', srv.db]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /rollups match the timeline/);
  assert.equal(dbSql(srv.db, "UPDATE kpi_day SET resolved = resolved + 1 WHERE (org, day, flow, category, channel, unit_id) = (SELECT org, day, flow, category, channel, unit_id FROM kpi_day ORDER BY org, day LIMIT 1)").status, 0);
  const bad = cli(['stats', 'verify', '--db', srv.db]);
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /DIFFERENT kpi_day/);
  const rebuilt = cli(['stats', 'rebuild', '--db', srv.db]);
  assert.equal(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr);
  assert.equal(cli(['stats', 'verify', '--db', srv.db]).status, 0);
  srv = await startServer({ db: srv.db, dir: srv.dir });
});
