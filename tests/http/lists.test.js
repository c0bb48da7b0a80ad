// lists.test.js - case lists: scope, filters, cursor pages, Chinese full
// text, the per-role inboxes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

let srv, disp, handler, county;
const ids = {};

const submit = (category, description, org = '130102001001') => srv.client().post('/api/v1/public/cases', {
  category, org, description, applicant: { name: '陈先生', phone: '13800004444' },
});

before(async () => {
  srv = await startServer();
  disp = srv.client();
  await disp.login('town_dispatcher');
  handler = srv.client();
  await handler.login('town_handler');
  county = srv.client();
  await county.login('county_dispatcher');
  for (let i = 0; i < 25; i++) {
    const r = await submit('property_mgmt', `小区物业第${i}次乱收停车费，业主意见很大。`);
    assert.equal(r.status, 201, r.text);
  }
  ids.water = (await submit('property_mgmt', '楼上卫生间漏水，把我家天花板泡坏了，物业不管。')).json.id;
  ids.wage = (await submit('wage_arrears', '建筑工地包工头拖欠农民工工资三个月。')).json.id;
  ids.other = (await submit('neighbor', '邻居家的狗整夜叫，影响休息。', '130102002010')).json.id;
  const office = (await disp.get('/api/v1/units?org=130102001')).json.items.find((u) => u.kind === 'justice_office');
  await disp.post(`/api/v1/cases/${ids.wage}/actions`, { action: 'classify', flow: 'dispute', category: 'wage_arrears' });
  const d = await disp.post(`/api/v1/cases/${ids.wage}/actions`, { action: 'dispatch', unit_id: office.id });
  assert.equal(d.status, 200, d.text);
});
after(async () => { await srv.stop(); });

test('cursor pages walk the whole list once, newest first', async () => {
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const r = await disp.get(`/api/v1/cases?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    seen.push(...r.json.items.map((c) => c.id));
    cursor = r.json.next;
    if (!cursor) break;
    assert.equal(r.json.items.length, 10);
  }
  assert.equal(new Set(seen).size, seen.length, 'no case twice');
  assert.deepEqual([...seen].sort((a, b) => b - a), seen, 'newest first');
  assert.ok(seen.includes(ids.water) && seen.includes(ids.wage));
  assert.ok(!seen.includes(ids.other), 'another township is out of scope');
  expectError(assert, await disp.get('/api/v1/cases?cursor=abc'), 400, 'invalid_cursor');
  expectError(assert, await disp.get('/api/v1/cases?limit=101'), 400);
});

test('filters: status, category, channel, flow, org subtree, date range', async () => {
  const by = async (q) => (await disp.get(`/api/v1/cases?limit=100&${q}`)).json.items;
  assert.ok((await by('status=dispatched')).every((c) => c.status === 'dispatched'));
  assert.ok((await by('status=dispatched')).some((c) => c.id === ids.wage));
  assert.equal((await by('category=wage_arrears')).length, 1);
  assert.ok((await by('channel=web')).length >= 27);
  assert.deepEqual((await by('flow=dispute')).map((c) => c.id), [ids.wage]);
  assert.ok((await by('status=registered,dispatched')).length >= 27);
  assert.equal((await by('from=2000-01-01&to=2000-12-31')).length, 0);
  expectError(assert, await disp.get('/api/v1/cases?status=flying'), 400, 'invalid_filter');
  expectError(assert, await disp.get('/api/v1/cases?from=yesterday'), 400, 'invalid_filter');
  const c = (await county.get('/api/v1/cases?limit=100&org=130102002')).json.items;
  assert.deepEqual(c.map((x) => x.id), [ids.other], 'a county reader narrows to one township');
  expectError(assert, await disp.get('/api/v1/cases?org=130102002'), 404);
});

test('Chinese full-text search over title and description, short words included', async () => {
  const q = async (w) => (await disp.get(`/api/v1/cases?limit=100&q=${encodeURIComponent(w)}`)).json.items.map((c) => c.id);
  assert.deepEqual(await q('天花板泡坏'), [ids.water]);
  assert.deepEqual(await q('漏水'), [ids.water], 'two-character words work too');
  assert.deepEqual(await q('农民工工资'), [ids.wage]);
  assert.equal((await q('停车费')).length, 25);
  assert.equal((await q('狗整夜叫')).length, 0, 'search stays inside the scope');
  assert.equal((await q('100%_')).length, 0, 'LIKE wildcards are literal');
  // Indexed in the background: the same answers once the indexer ran.
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(await q('天花板泡坏'), [ids.water]);
  assert.equal((await q('停车费')).length, 25);
});

test('inboxes: 待分流 for dispatchers, 待签收 for the handling unit', async () => {
  const triage = (await disp.get('/api/v1/cases?inbox=triage&limit=100')).json.items;
  assert.ok(triage.length >= 26 && triage.every((c) => ['registered', 'triaged'].includes(c.status)));
  const toAccept = (await handler.get('/api/v1/cases?inbox=to_accept')).json.items;
  assert.deepEqual(toAccept.map((c) => c.id), [ids.wage]);
  assert.equal((await handler.get('/api/v1/cases?inbox=handling')).json.items.length, 0);
  const leader = srv.client();
  await leader.login('town_leader');
  expectError(assert, await leader.get('/api/v1/cases?inbox=to_accept'), 422, 'no_unit');
  expectError(assert, await disp.get('/api/v1/cases?inbox=nonsense'), 400);
});
