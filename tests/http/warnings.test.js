// warnings.test.js - early warning (研判预警): each kind fired at its
// threshold and not below it, one alert extended rather than repeated, the
// handling loop (assign, note, close), scope, thresholds, similar cases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
let srv, disp, leader, admin, otherVillage;

const texts = [
  '小区楼下的烧烤摊每天营业到凌晨两点，油烟和噪音让人无法休息，多次向物业反映都没有处理。',
  '村里修路占了我家的承包地，没有签任何协议，也没有给补偿，希望镇里给个说法。',
  '隔壁邻居在公共楼道堆放杂物，堵住了消防通道，存在很大的安全隐患，劝说多次不听。',
  '我们小区电梯三天两头坏，物业收了维修基金却迟迟不修，老人上下楼非常困难。',
  '在某培训机构报了课程，机构突然关门，老板联系不上，交的八千元学费退不回来。',
  '儿子结婚后不赡养老人，我七十多岁了没有收入，想请村里调解让他每月给生活费。',
  '承包的鱼塘被上游工厂排放的污水污染，鱼大量死亡，损失好几万元，要求赔偿。',
];

async function poll(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
// The detector has looked at every case so far: a case submitted now and
// checked means everything before it was checked too.
async function settled() {
  const probe = await submit({ category: 'other', description: `探针 ${Date.now()}：询问办理社保卡需要带哪些材料。`, phone: `1590000${String(Date.now() % 10000).padStart(4, '0')}` });
  await poll(async () => (await disp.get(`/api/v1/cases/${probe.id}/similar`)).status === 200 &&
    (await admin.get('/api/v1/alerts?limit=1')).status === 200 && probe, 'probe');
  await new Promise((r) => setTimeout(r, 1200)); // one worker round after the probe
}
const alerts = async (q) => (await leader.get(`/api/v1/alerts?${q}`)).json.items;
let seq = 0;
async function submit({ category = 'neighbor', org = VILLAGE, description, phone, name = '群众' }) {
  const r = await srv.client().post('/api/v1/public/cases', {
    category, org, description: description ?? `${texts[seq % texts.length]}（第${++seq}次）`,
    applicant: { name, phone: phone ?? `1380000${String(seq).padStart(4, '0')}` },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer();
  disp = srv.client();
  await disp.login('town_dispatcher');
  leader = srv.client();
  await leader.login('town_leader');
  admin = srv.client();
  await admin.login('city_admin');
  const counties = (await admin.get('/api/v1/orgs/1301/children')).json.items;
  let o = counties.find((c) => c.code !== '130102').code;
  while (o.length < 12) o = (await admin.get(`/api/v1/orgs/${o}/children`)).json.items[0].code;
  otherVillage = o;
});
after(async () => { await srv.stop(); });

test('repeat appeals: the same phone twice is nothing, three times yellow, five times red, one alert', async () => {
  const phone = '13912340000';
  for (let i = 0; i < 2; i++) await submit({ phone, name: '吴大爷', description: texts[i] });
  await settled();
  const mine = async () => (await alerts('kind=repeat')).filter((a) => a.message.includes('吴大爷'));
  assert.equal((await mine()).length, 0, 'two appeals are not a repeat');
  await submit({ phone, name: '吴大爷', description: texts[2] });
  const yellow = await poll(async () => (await mine())[0], 'a repeat alert');
  assert.equal(yellow.level, 'yellow');
  assert.equal(yellow.case_count, 3);
  for (let i = 3; i < 5; i++) await submit({ phone, name: '吴大爷', description: texts[i] });
  const red = await poll(async () => (await mine()).find((a) => a.level === 'red'), 'red');
  assert.equal(red.id, yellow.id, 'the open alert is extended, not repeated');
  assert.equal(red.case_count, 5);
  assert.equal((await mine()).length, 1);
});

test('near-duplicate texts from different people in one township are repeat appeals', async () => {
  const t = '镇上的自来水已经停了五天了，全村几百户人家吃水困难，村委会说管道坏了但一直没人来修，请尽快解决。';
  await submit({ description: t, category: 'public_facility', phone: '13600001001' });
  await submit({ description: t.replace('五天', '六天'), category: 'public_facility', phone: '13600001002' });
  await settled();
  const dup = async () => (await alerts('kind=repeat')).filter((a) => a.message.includes('内容几乎相同'));
  assert.equal((await dup()).length, 0);
  await submit({ description: t.replace('，请尽快解决', '，希望尽快解决'), category: 'public_facility', phone: '13600001003' });
  const a = await poll(async () => (await dup())[0], 'a near-duplicate alert');
  assert.equal(a.case_count, 3);
});

test('clusters: four appeals of one category in a village are not a cluster, five are (red)', async () => {
  const cat = 'land_contract';
  for (let i = 0; i < 4; i++) await submit({ category: cat, description: texts[(i + 3) % texts.length] + `甲${i}`, phone: `1370000${2000 + i}` });
  await settled();
  const mine = async () => (await alerts('kind=cluster')).filter((a) => a.message.includes('土地承包'));
  assert.equal((await mine()).length, 0);
  await submit({ category: cat, description: texts[0] + '乙', phone: '13700002999' });
  const c = await poll(async () => (await mine())[0], 'a cluster alert');
  assert.equal(c.level, 'red');
  assert.equal(c.case_count, 5);
  assert.equal(c.org, VILLAGE);
  const detail = (await leader.get(`/api/v1/alerts/${c.id}`)).json;
  assert.equal(detail.cases.length, 5);
  assert.ok(detail.history.some((h) => h.action === 'raise'));
});

test('spikes: a category\'s day in a county against its baseline, around k standard deviations', async () => {
  const put = await admin.put('/api/v1/warning-settings', { spike_days: 7, spike_min: 3 });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.spike_days, 7);
  const cat = 'consumer';
  const day = (d) => `2026-12-${String(d).padStart(2, '0')}T10:00:00+08:00`;
  const setNow = async (iso) => {
    assert.equal((await srv.client().post('/api/v1/test/clock', { now: iso })).status, 200);
    for (const [c, u] of [[disp, 'town_dispatcher'], [leader, 'town_leader'], [admin, 'city_admin']]) await c.login(u);
  };
  for (let d = 1; d <= 7; d++) {
    await setNow(day(d));
    await submit({ category: cat, org: otherVillage, description: texts[d % texts.length] + `基线${d}`, phone: `1350000${3000 + d}` });
  }
  await setNow(day(8));
  // Baseline one a day (sd 0 counts as 1): 4 is 1 + 3 x 1, not above it.
  for (let i = 0; i < 4; i++) await submit({ category: cat, org: otherVillage, description: texts[i] + `当日${i}`, phone: `1350000${4000 + i}` });
  await settled();
  const cityLeader = srv.client();
  await cityLeader.login('city_leader');
  const spikes = async () => (await cityLeader.get('/api/v1/alerts?kind=spike')).json.items.filter((a) => a.org === otherVillage.slice(0, 6));
  assert.equal((await spikes()).length, 0, 'four is within the baseline');
  await submit({ category: cat, org: otherVillage, description: texts[5] + '当日5', phone: '13500004999' });
  const s = await poll(async () => (await spikes())[0], 'a spike alert');
  assert.match(s.message, /异常激增/);
  assert.ok((await alerts('kind=spike')).every((a) => a.id !== s.id), 'another county\'s spike is not the township\'s');
});

test('handling loop: assign, note, close; closed alerts refuse assign and close; scope and roles', async () => {
  const a = (await alerts('kind=repeat&status=open'))[0];
  assert.ok(a, 'an open alert');
  const handler = srv.client();
  await handler.login('town_handler');
  const me = (await handler.get('/api/v1/me')).json;
  const r1 = await leader.post(`/api/v1/alerts/${a.id}/actions`, { action: 'assign', user_id: me.id, note: '请核实申请人诉求' });
  assert.equal(r1.status, 200, r1.text);
  assert.equal(r1.json.assignee.id, me.id);
  const r2 = await leader.post(`/api/v1/alerts/${a.id}/actions`, { action: 'note', note: '已约谈申请人，答复意见见事项时间线' });
  assert.equal(r2.status, 200, r2.text);
  const r3 = await leader.post(`/api/v1/alerts/${a.id}/actions`, { action: 'close', note: '已化解' });
  assert.equal(r3.status, 200, r3.text);
  assert.equal(r3.json.status, 'closed');
  assert.deepEqual(r3.json.history.map((h) => h.action).slice(-3), ['assign', 'note', 'close']);
  expectError(assert, await leader.post(`/api/v1/alerts/${a.id}/actions`, { action: 'close' }), 409, 'alert_closed');
  expectError(assert, await leader.post(`/api/v1/alerts/${a.id}/actions`, { action: 'assign', user_id: me.id }), 409, 'alert_closed');
  expectError(assert, await leader.post(`/api/v1/alerts/${a.id}/actions`, { action: 'shout' }), 400, 'unknown_action');
  assert.equal((await handler.post(`/api/v1/alerts/${a.id}/actions`, { action: 'note', note: 'x' })).status, 403);
  assert.equal((await alerts('status=closed')).some((x) => x.id === a.id), true);
  // Another county's leader does not see it.
  const other = srv.client();
  const ok = await admin.post('/api/v1/users', { username: 'other_leader', password: 'Other#2026x', role: 'leader', org: otherVillage.slice(0, 6) });
  assert.equal(ok.status, 201, ok.text);
  await other.firstLogin('other_leader', 'Other#2026x');
  expectError(assert, await other.get(`/api/v1/alerts/${a.id}`), 404, 'not_found');
  expectError(assert, await leader.get('/api/v1/alerts?level=purple'), 400, 'invalid_filter');
});

test('similar open cases are linked; thresholds are validated', async () => {
  const t = '小区地下车库长期积水，下雨天水深没过脚踝，车辆无法进出，物业一直推说是开发商的问题。';
  const x = await submit({ description: t, category: 'property_mgmt', phone: '13300005001' });
  const y = await submit({ description: t.replace('长期', '一直'), category: 'property_mgmt', phone: '13300005002' });
  const sim = await poll(async () => {
    const r = (await disp.get(`/api/v1/cases/${y.id}/similar`)).json.items;
    return r.length ? r : null;
  }, 'similar cases');
  assert.equal(sim[0].id, x.id);
  assert.ok(sim[0].distance <= 18);
  expectError(assert, await admin.put('/api/v1/warning-settings', { cluster_count: 1 }), 400, 'invalid_setting');
  expectError(assert, await admin.put('/api/v1/warning-settings', { loudness: 3 }), 400, 'unknown_setting');
  assert.equal((await disp.put('/api/v1/warning-settings', { cluster_count: 6 })).status, 403);
});
