// cases.test.js - the case lifecycle end to end over HTTP: the full 廊坊
// path, escalation, reopen after 不满意, merge, reject, emergencies,
// masking of personal data, and bad input that stores nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001'; // 棉一东社区, 建北街道, 长安区
let srv;
let admin;
const units = {};

before(async () => {
  srv = await startServer();
  admin = srv.client();
  await admin.login('county_admin');
  const list = async (org, sub = '') => (await admin.get(`/api/v1/units?org=${org}${sub}`)).json.items;
  units.village = (await list(VILLAGE)).find((u) => u.kind === 'village_committee');
  units.justiceOffice = (await list('130102001')).find((u) => u.kind === 'justice_office');
  units.hrss = (await list('130102')).find((u) => u.kind === 'hrss');
  units.countyCenter = (await list('130102')).find((u) => u.kind === 'center');
  for (const [k, v] of Object.entries(units)) assert.ok(v, `demo unit ${k}`);
  const r = await admin.post('/api/v1/users', { username: 'vc_handler', password: 'Village#2026', role: 'handler', org: VILLAGE, unit_id: units.village.id });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await srv.stop(); });

const submit = (c, body) => c.post('/api/v1/public/cases', body);
const citizenBody = (extra = {}) => ({
  category: 'wage_arrears', org: VILLAGE, channel: 'h5',
  title: '工地拖欠工资', description: '我在棉一东社区旁边的工地干了三个月，老板一直拖着不给工资，一共欠了两万三千元，找了几次都说没钱。',
  applicant: { name: '王建国', phone: '13812345678', id_number: '130102199001011237' },
  respondents: [{ name: '李老板', phone: '13987654321' }],
  ...extra,
});

async function login(name, password) {
  const c = srv.client();
  await c.login(name, password);
  return c;
}

async function act(c, id, body, status = 200) {
  const r = await c.post(`/api/v1/cases/${id}/actions`, body);
  assert.equal(r.status, status, `${body.action}: ${r.text}`);
  return r.json;
}

test('categories are public and include the 21 named categories and the emergencies', async () => {
  const r = await srv.client().get('/api/v1/categories');
  assert.equal(r.status, 200, r.text);
  const names = r.json.items.map((c) => c.name);
  for (const n of ['婚姻家庭', '邻里纠纷', '房屋宅基地', '土地承包', '劳动争议', '拖欠工资', '物业纠纷', '交通事故', '医疗纠纷', '消费纠纷', '金融借贷', '征地拆迁', '环境污染', '生产经营', '损害赔偿', '继承赡养', '村务管理', '公共设施', '治安隐患', '执法司法', '其他']) {
    assert.ok(names.includes(n), n);
  }
  for (const c of r.json.items) for (const k of ['code', 'name', 'flow', 'emergency']) assert.ok(k in c, k);
  assert.ok(r.json.items.some((c) => c.emergency === true));
});

test('the full 廊坊 path: H5 → classify → village returns → 司法所 → 人社局 joint → mediation → visit → rating → close', async () => {
  const citizen = srv.client();
  const sub = await submit(citizen, citizenBody());
  assert.equal(sub.status, 201, sub.text);
  const { id, tracking_no: tn, query_code: qc } = sub.json;
  assert.match(tn, /^130102-\d{8}-\d{5}$/);
  assert.ok(qc && qc.length >= 6);

  const disp = await login('town_dispatcher');
  let c = (await disp.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'registered');
  assert.equal(c.channel, 'h5');
  assert.equal(c.org, VILLAGE);
  assert.ok(c.allowed_actions.includes('classify'));
  assert.equal(c.applicant.phone, '138****5678', 'a dispatcher sees the phone masked');
  await act(disp, id, { action: 'classify', flow: 'dispute', category: 'wage_arrears' });
  c = await act(disp, id, { action: 'dispatch', unit_id: units.village.id, note: '请村委会先行调解' });

  const vc = srv.client();
  await vc.firstLogin('vc_handler', 'Village#2026');
  c = (await vc.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'dispatched');
  assert.equal(c.unit, units.village.id);
  assert.ok(c.allowed_actions.includes('accept') && c.allowed_actions.includes('return'));
  assert.ok(c.accept_deadline, 'accepting a dispatch has a deadline');
  await act(vc, id, { action: 'return', reason: '涉及工程款，超出村委会调解能力' });
  c = (await disp.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'triaged');

  await act(disp, id, { action: 'dispatch', unit_id: units.justiceOffice.id });
  const handler = await login('town_handler');
  await act(handler, id, { action: 'accept' });
  c = (await handler.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'handling');
  assert.ok(c.deadline, 'a handled case has a deadline');
  assert.equal(c.applicant.phone, '13812345678', 'the handling unit sees the phone in clear');
  await act(handler, id, { action: 'cohandle', unit_ids: [units.hrss.id] });
  await act(handler, id, { action: 'mediate', time: '2026-11-25T09:30:00+08:00', place: '建北街道司法所调解室', mediators: ['张调解', '刘乡贤'], result: '双方同意分两期支付' });
  await act(handler, id, { action: 'comment', note: '内部备注：老板资金紧张', public: false });
  await act(handler, id, { action: 'resolve', outcome: 'mediated', summary: '经调解，老板同意在12月底前分两期付清欠薪。' });
  c = (await handler.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'resolved');
  assert.equal(c.outcome, 'mediated');
  assert.ok(!c.allowed_actions.includes('close'), 'no close before a rating or a visit');
  expectError(assert, await handler.post(`/api/v1/cases/${id}/actions`, { action: 'close' }), 409);
  await act(handler, id, { action: 'visit', satisfaction: '满意', note: '电话回访' });

  const rated = await citizen.post(`/api/v1/public/cases/${tn}/rating`, { query_code: qc, satisfaction: '满意', comment: '感谢' });
  assert.equal(rated.status, 200, rated.text);
  expectError(assert, await citizen.post(`/api/v1/public/cases/${tn}/rating`, { query_code: qc, satisfaction: '满意' }), 409);
  await act(handler, id, { action: 'close' });

  c = (await handler.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'closed');
  assert.deepEqual(c.timeline.map((e) => e.action), ['register', 'classify', 'dispatch', 'return', 'dispatch', 'accept', 'cohandle', 'mediate', 'comment', 'resolve', 'visit', 'rate', 'close']);
  for (let i = 1; i < c.timeline.length; i++) assert.equal(c.timeline[i].prev_hash, c.timeline[i - 1].hash);
  assert.equal(c.timeline_verified, true);
  assert.deepEqual(c.allowed_actions.filter((a) => a !== 'supervise' && a !== 'comment'), c.allowed_actions.includes('reopen') ? ['reopen'] : []);

  const pub = await citizen.get(`/api/v1/public/cases/${tn}?query_code=${qc}`);
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.status, 'closed');
  const acts = pub.json.timeline.map((e) => e.action);
  assert.ok(!acts.includes('comment'), 'internal notes stay internal');
  assert.ok(!acts.includes('return'));
  assert.ok(acts.includes('resolve') && acts.includes('register'));
  assert.doesNotMatch(pub.text, /13987654321|李老板的电话|内部备注/);
  assert.ok(!('respondents' in pub.json) && !('applicant' in pub.json), 'no party data on the public view');
});

test('public lookup with a wrong query code reads as not found', async () => {
  const c = srv.client();
  const sub = await submit(c, citizenBody());
  expectError(assert, await c.get(`/api/v1/public/cases/${sub.json.tracking_no}?query_code=WRONG123`), 404);
  expectError(assert, await c.get('/api/v1/public/cases/130102-20260101-99999?query_code=X'), 404);
  const ok = await c.get(`/api/v1/public/cases/${sub.json.tracking_no}?query_code=${sub.json.query_code.toLowerCase()}`);
  assert.equal(ok.status, 200, 'query codes are case-insensitive');
});

test('escalation from township to county; the township dispatcher can no longer act', async () => {
  const sub = await submit(srv.client(), citizenBody({ category: 'land_acquisition', description: '村里征地补偿款一直没有发到位，好几户村民都有意见，要求给个说法。' }));
  const id = sub.json.id;
  const disp = await login('town_dispatcher');
  await act(disp, id, { action: 'classify', flow: 'petition', category: 'land_acquisition' });
  await act(disp, id, { action: 'dispatch', unit_id: units.justiceOffice.id });
  const handler = await login('town_handler');
  await act(handler, id, { action: 'accept' });
  await act(handler, id, { action: 'escalate', reason: '征地补偿标准由县里确定，超出乡镇权限' });
  const county = await login('county_dispatcher');
  let c = (await county.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'triaged');
  assert.equal(c.center_org, '130102');
  assert.ok(c.allowed_actions.includes('dispatch'));
  const t = (await disp.get(`/api/v1/cases/${id}`)).json;
  assert.ok(!t.allowed_actions.includes('dispatch'), 'the township no longer holds it');
  expectError(assert, await disp.post(`/api/v1/cases/${id}/actions`, { action: 'dispatch', unit_id: units.justiceOffice.id }), 403);
  await act(county, id, { action: 'dispatch', unit_id: units.countyCenter.id });
  c = (await county.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'dispatched');
});

test('reopen after 不满意 returns the case to handling by the same unit', async () => {
  const citizen = srv.client();
  const sub = await submit(citizen, citizenBody({ category: 'neighbor', description: '楼上邻居每天晚上十二点以后还在跺脚、拖椅子，严重影响休息，沟通多次无果。' }));
  const { id, tracking_no: tn, query_code: qc } = sub.json;
  const disp = await login('town_dispatcher');
  await act(disp, id, { action: 'classify', flow: 'dispute', category: 'neighbor' });
  await act(disp, id, { action: 'dispatch', unit_id: units.justiceOffice.id });
  const handler = await login('town_handler');
  await act(handler, id, { action: 'accept' });
  await act(handler, id, { action: 'resolve', outcome: 'mediation_failed', summary: '双方各执一词，调解未成' });
  const r = await citizen.post(`/api/v1/public/cases/${tn}/rating`, { query_code: qc, satisfaction: '不满意', comment: '问题没解决' });
  assert.equal(r.status, 200, r.text);
  await act(handler, id, { action: 'reopen', reason: '群众不满意，重新调解' });
  const c = (await handler.get(`/api/v1/cases/${id}`)).json;
  assert.equal(c.status, 'handling');
  assert.equal(c.unit, units.justiceOffice.id);
  assert.equal(c.outcome, null);
  assert.equal(c.satisfaction, null);
  await act(handler, id, { action: 'resolve', outcome: 'mediated', summary: '再次调解成功' });
  const again = await citizen.post(`/api/v1/public/cases/${tn}/rating`, { query_code: qc, satisfaction: '基本满意' });
  assert.equal(again.status, 200, 'a new resolution can be rated again');
});

test('merge a duplicate and reject a matter that is not ours', async () => {
  const a = (await submit(srv.client(), citizenBody())).json.id;
  const b = (await submit(srv.client(), citizenBody())).json.id;
  const disp = await login('town_dispatcher');
  await act(disp, b, { action: 'merge', into: a });
  let c = (await disp.get(`/api/v1/cases/${b}`)).json;
  assert.equal(c.status, 'merged');
  assert.equal(c.merged_into, a);
  expectError(assert, await disp.post(`/api/v1/cases/${b}/actions`, { action: 'classify', flow: 'dispute', category: 'labor' }), 409, 'invalid_transition');
  expectError(assert, await disp.post(`/api/v1/cases/${a}/actions`, { action: 'merge', into: a }), 422);
  const r = (await submit(srv.client(), citizenBody({ category: 'other', description: '想咨询一下外省的房产过户手续具体怎么办理。' }))).json.id;
  await act(disp, r, { action: 'reject', reason: '不属于本平台受理范围', referral: '请向不动产登记中心咨询' });
  c = (await disp.get(`/api/v1/cases/${r}`)).json;
  assert.equal(c.status, 'rejected');
});

test('emergencies are diverted and nothing is stored', async () => {
  const c = srv.client();
  const cats = (await c.get('/api/v1/categories')).json.items.filter((x) => x.emergency);
  assert.ok(cats.length >= 4);
  const calls = new Set();
  for (const cat of cats) {
    const r = await submit(c, citizenBody({ category: cat.code, description: '有人正在打架，有人受伤流血了，快来人！' }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.emergency, true);
    assert.match(r.json.call, /^(110|119|120|122)$/);
    assert.ok(r.json.message.length > 0);
    assert.ok(!('tracking_no' in r.json));
    calls.add(r.json.call);
  }
  assert.deepEqual([...calls].sort(), ['110', '119', '120', '122']);
});

test('staff intake on hotline and walk-in; grid workers only in their own grid', async () => {
  const disp = await login('town_dispatcher');
  const body = { ...citizenBody(), channel: 'hotline' };
  const r = await disp.post('/api/v1/cases', body);
  assert.equal(r.status, 201, r.text);
  assert.equal((await disp.get(`/api/v1/cases/${r.json.id}`)).json.channel, 'hotline');
  expectError(assert, await disp.post('/api/v1/cases', { ...body, channel: 'grid' }), 403);
  expectError(assert, await disp.post('/api/v1/cases', { ...body, channel: 'h5' }), 400);
  const gw = await login('town_grid_worker');
  const me = (await gw.get('/api/v1/me')).json;
  assert.equal(me.org.level, 5, 'a demo grid worker belongs to a grid');
  const own = await gw.post('/api/v1/cases', { ...citizenBody(), channel: 'grid', org: me.org.code, description: '巡查发现小区东门路灯损坏，晚上一片漆黑。', category: 'public_facility' });
  assert.equal(own.status, 201, own.text);
  const other = await gw.post('/api/v1/cases', { ...citizenBody(), channel: 'grid', org: '130102002010', category: 'public_facility' });
  assert.equal(other.status, 403, other.text);
});

test('a handler of another township cannot read the case (404)', async () => {
  const id = (await submit(srv.client(), citizenBody())).json.id;
  const r = await admin.post('/api/v1/users', { username: 'qy_handler', password: 'Qingyuan#2026', role: 'handler', org: '130102002' });
  assert.equal(r.status, 201, r.text);
  const other = srv.client();
  await other.firstLogin('qy_handler', 'Qingyuan#2026');
  expectError(assert, await other.get(`/api/v1/cases/${id}`), 404);
  expectError(assert, await other.post(`/api/v1/cases/${id}/actions`, { action: 'comment', note: 'x' }), 404);
});

test('bad input is answered with a clear 4xx and stores nothing', async () => {
  const c = srv.client();
  const disp = await login('town_dispatcher');
  const count = async () => (await disp.get('/api/v1/cases?limit=100')).json.items.length;
  const before = await count();
  const bad = [
    [{ ...citizenBody(), category: undefined }, 400],
    [{ ...citizenBody(), category: 'no_such_category' }, 422],
    [{ ...citizenBody(), org: '999999999999' }, 422],
    [{ ...citizenBody(), org: '130102' }, 422],
    [{ ...citizenBody(), description: '' }, 400],
    [{ ...citizenBody(), description: 12345 }, 400],
    [{ ...citizenBody(), applicant: { name: '张三', phone: '12345' } }, 400],
    [{ ...citizenBody(), applicant: { name: '张三', phone: '13812345678', id_number: '130102199001011234' } }, 400],
    [{ ...citizenBody(), applicant: undefined }, 400],
    [{ ...citizenBody(), lat: 91, lon: 10 }, 400],
    [{ ...citizenBody(), description: '长'.repeat(5001) }, 400],
    [{ ...citizenBody(), respondents: 'nobody' }, 400],
    [{ ...citizenBody(), attachments: ['not-a-hash'] }, 400],
  ];
  for (const [body, status] of bad) {
    const r = await submit(c, body);
    expectError(assert, r, status);
  }
  const raw = await c.req('POST', '/api/v1/public/cases', { body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), headers: { 'Content-Type': 'application/json' } });
  expectError(assert, raw, 400, 'bad_utf8');
  assert.equal(await count(), before, 'nothing was stored');
  const id = (await submit(c, citizenBody())).json.id;
  expectError(assert, await disp.post(`/api/v1/cases/${id}/actions`, { action: 'fly' }), 400, 'unknown_action');
  expectError(assert, await disp.post(`/api/v1/cases/${id}/actions`, { action: 'classify', flow: 'nonsense', category: 'labor' }), 422);
  expectError(assert, await disp.post(`/api/v1/cases/${id}/actions`, { action: 'dispatch' }), 400, 'missing_field');
  expectError(assert, await disp.post(`/api/v1/cases/${id}/actions`, { action: 'accept' }), 409, 'invalid_transition');
  expectError(assert, await disp.get('/api/v1/cases/abc'), 404);
  expectError(assert, await disp.get('/api/v1/cases/99999999'), 404);
});

test('triage suggest answers flow, category, confidence and alternatives', async () => {
  const disp = await login('town_dispatcher');
  const r = await disp.post('/api/v1/triage/suggest', { text: '老板拖欠我们十几个工人三个月工资不发，电话也不接' });
  assert.equal(r.status, 200, r.text);
  for (const k of ['flow', 'category', 'confidence', 'alternatives']) assert.ok(k in r.json, k);
  assert.ok(r.json.confidence >= 0 && r.json.confidence <= 1);
  assert.ok(Array.isArray(r.json.alternatives));
  expectError(assert, await disp.post('/api/v1/triage/suggest', { text: 5 }), 400);
});

test('high-risk appeals are flagged with their kind in the suggestion, the register step and the red alert', async () => {
  const disp = await login('town_dispatcher');
  const cases = [
    ['我真的不想活了，再不解决我就从他们楼上跳下去', 'self_harm'],
    ['包工头再不给钱，我就拿刀找他去，跟他拼命', 'violence'],
    ['我们几十户联名了，明天大伙一块去县委门口拉横幅', 'group'],
    ['县里不管，我就上北京，去省里告他们', 'escalation'],
  ];
  for (const [text, kind] of cases) {
    const r = await disp.post('/api/v1/triage/suggest', { text });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.risk, 'high', text);
    assert.deepEqual(r.json.risk_kinds, [kind], text);
    assert.ok(r.json.risk_words.length > 0 && r.json.risk_words.every((w) => text.includes(w)), 'words as written');
  }
  const calm = await disp.post('/api/v1/triage/suggest', { text: '小区里跳广场舞的音响太吵，我不会去闹事，就想请社区协调一下' });
  assert.equal(calm.json.risk, 'normal');
  assert.deepEqual(calm.json.risk_kinds, []);
  assert.deepEqual(calm.json.risk_words, []);

  const description = '老板欠了三个月工资，再不给钱我就喝农药死给他们看';
  const r = await disp.post('/api/v1/cases', { ...citizenBody(), channel: 'hotline', description });
  assert.equal(r.status, 201, r.text);
  const c = (await disp.get(`/api/v1/cases/${r.json.id}`)).json;
  assert.equal(c.risk, 'high');
  const reg = c.timeline.find((e) => e.action === 'register');
  assert.equal(reg.payload.risk_kinds, 'self_harm');
  assert.match(reg.payload.risk_words, /喝农药/);
  const leader = await login('town_leader');
  const alerts = (await leader.get('/api/v1/alerts?kind=risk_words&limit=100')).json.items;
  const mine = alerts.find((x) => x.message.includes(r.json.tracking_no));
  assert.ok(mine, 'a red alert for the case');
  assert.equal(mine.level, 'red');
  assert.match(mine.message, /自伤自杀风险/);
  assert.match(mine.message, /喝农药/);
});

test('the public endpoints are rate-limited per address', async () => {
  const limited = await startServer({ args: ['--public-rate', '3'] });
  try {
    const c = limited.client();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await c.post('/api/v1/public/cases', citizenBody())).status);
    assert.deepEqual(codes.slice(0, 3), [201, 201, 201]);
    assert.equal(codes[4], 429);
    const r = await c.post('/api/v1/public/cases', citizenBody());
    expectError(assert, r, 429, 'rate_limited');
    assert.ok(r.headers.get('retry-after'));
  } finally {
    await limited.stop();
  }
});
