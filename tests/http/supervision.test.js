// supervision.test.js - 督办 lists per level and the county notice (通报)
// of overdue, returned and supervised cases, as JSON and as a workbook,
// against hand-counted fixtures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';
import { readXlsx } from './xlsx.js';

const VILLAGE = '130102001001';
let srv, disp, handler, townLeader, countyLeader, unit;
const ids = [];

const setNow = async (iso) => {
  assert.equal((await srv.client().post('/api/v1/test/clock', { now: iso })).status, 200);
  await disp.login('town_dispatcher');
  await handler.login('town_handler');
  await townLeader.login('town_leader');
  await countyLeader.login('county_leader');
};
const act = async (c, id, body) => {
  const r = await c.post(`/api/v1/cases/${id}/actions`, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
};

before(async () => {
  srv = await startServer();
  disp = srv.client(); handler = srv.client(); townLeader = srv.client(); countyLeader = srv.client();
  await setNow('2026-10-12T10:00:00+08:00');
  unit = (await handler.get('/api/v1/me')).json.unit.id;
  for (let i = 0; i < 4; i++) {
    const r = await srv.client().post('/api/v1/public/cases', {
      category: 'public_facility', org: VILLAGE,
      description: `第${i + 1}件：小区路灯坏了一个多月，晚上出行很不安全，希望尽快修好。`,
      applicant: { name: '冯先生', phone: `1390000${5000 + i}` },
    });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
    await act(disp, r.json.id, { action: 'classify', flow: 'livelihood', category: 'public_facility' });
    await act(disp, r.json.id, { action: 'dispatch', unit_id: unit });
  }
  // 0, 1: accepted and left open (5 working days: overdue by the 21st);
  // 2: returned once, then redispatched and accepted; 3: resolved in time.
  await act(handler, ids[0], { action: 'accept' });
  await act(handler, ids[1], { action: 'accept' });
  await act(handler, ids[2], { action: 'return', reason: '不属于本单位职责' });
  await act(disp, ids[2], { action: 'dispatch', unit_id: unit });
  await act(handler, ids[2], { action: 'accept' });
  await act(handler, ids[3], { action: 'accept' });
  await act(handler, ids[3], { action: 'resolve', outcome: 'resolved', summary: '已修复' });
  await act(townLeader, ids[0], { action: 'supervise', note: '请加快办理' });
  await act(countyLeader, ids[0], { action: 'supervise', note: '县里督办：三日内办结' });
  await act(countyLeader, ids[1], { action: 'supervise', note: '县里督办' });
  await setNow('2026-10-21T10:00:00+08:00');
});
after(async () => { await srv.stop(); });

test('督办 list: by level, most recent first, open only by default', async () => {
  const all = (await countyLeader.get('/api/v1/supervisions')).json.items;
  assert.deepEqual(all.map((x) => x.id).sort(), [ids[0], ids[1]].sort());
  const c0 = all.find((x) => x.id === ids[0]);
  assert.equal(c0.supervised_times, 2);
  assert.equal(c0.supervised_level, 'county');
  assert.equal(c0.last_note, '县里督办：三日内办结');
  const town = (await countyLeader.get('/api/v1/supervisions?level=township')).json.items;
  assert.deepEqual(town.map((x) => x.id), [ids[0]]);
  const county = (await countyLeader.get('/api/v1/supervisions?level=county')).json.items;
  assert.equal(county.length, 2);
  const page = (await countyLeader.get('/api/v1/supervisions?limit=1')).json;
  assert.equal(page.items.length, 1);
  const rest = (await countyLeader.get(`/api/v1/supervisions?limit=1&cursor=${page.next}`)).json;
  assert.notEqual(rest.items[0].id, page.items[0].id);
  expectError(assert, await countyLeader.get('/api/v1/supervisions?level=planet'), 400, 'invalid_filter');
  assert.equal((await handler.get('/api/v1/supervisions')).status, 403);
});

test('the county notice counts overdue, returned and supervised cases per township, and as a workbook', async () => {
  const r = await countyLeader.get('/api/v1/notices/overdue?from=2026-10-01&to=2026-10-31');
  assert.equal(r.status, 200, r.text);
  const n = r.json;
  assert.equal(n.county, '130102');
  assert.match(n.title, /长安区矛盾纠纷超期及退单情况通报/);
  assert.deepEqual([n.total.overdue, n.total.returns, n.total.supervised], [3, 1, 2], 'ids 0,1,2 overdue; one return; two supervised');
  const tw = n.townships.find((t) => t.code === '130102001');
  assert.deepEqual([tw.overdue, tw.returns, tw.supervised], [3, 1, 2]);
  assert.ok(n.townships.length > 5, 'every township listed');
  assert.equal(n.cases.length, 3);
  const u = n.units.find((x) => x.name.includes('司法所'));
  assert.equal(u.overdue, 3);
  const before = await countyLeader.get('/api/v1/notices/overdue?from=2026-09-01&to=2026-09-30');
  assert.equal(before.json.total.returns, 0, 'returns of October are not in September\'s notice');
  const res = await fetch(`${srv.url}/api/v1/notices/overdue.xlsx?from=2026-10-01&to=2026-10-31`, { headers: { cookie: countyLeader.cookie } });
  assert.equal(res.status, 200);
  const rows = readXlsx(Buffer.from(await res.arrayBuffer()));
  assert.match(rows[0][0], /长安区矛盾纠纷超期及退单情况通报（2026-10-01 至 2026-10-31）/);
  const line = rows.find((x) => x && x[0] === '建北街道');
  assert.deepEqual(line.slice(1, 4), [3, 1, 2]);
  expectError(assert, await townLeader.get('/api/v1/notices/overdue?county=130104'), 404, 'org_not_found');
  expectError(assert, await townLeader.get('/api/v1/notices/overdue'), 400, 'missing_field');
});
