// emergency.test.js - danger happening now is recognised in the text,
// whatever category was chosen (issue 11, item 9): the public intake answers
// with the number to call and stores nothing; a citizen who says it is not
// happening now is registered with a red alert and a timeline note; staff
// intake keeps the case and shows the advice; appeals about the past stay
// ordinary; Open311 answers as it does for an emergency category.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, cli } from './harness.js';

const VILLAGE = '130102001001';
let srv, disp, leader, key;

before(async () => {
  const { dir, db } = freshDb();
  const r = cli(['apikey', 'add', '--db', db, '--name', 'emergency-test', '--org', '1301']);
  assert.equal(r.status, 0, r.stderr);
  key = r.stdout.trim();
  srv = await startServer({ dir, db, args: ['--public-rate', '0'] });
  disp = srv.client();
  await disp.login('town_dispatcher');
  leader = srv.client();
  await leader.login('town_leader');
});
after(async () => { await srv.stop(); });

const body = (description, extra = {}) => ({
  category: 'neighbor', org: VILLAGE, channel: 'h5', description,
  applicant: { name: '孙女士', phone: '13700002222' }, ...extra,
});
const newest = async () => (await disp.get('/api/v1/cases?limit=1')).json.items[0]?.id ?? 0;
const emergencyAlerts = async () => (await leader.get('/api/v1/alerts?kind=emergency&limit=100')).json.items;

test('a neighbour dispute that describes danger now is diverted and nothing is stored', async () => {
  const cases = [
    ['邻居拿着刀在楼道里砍人', '110'],
    ['楼下着火了，浓烟滚滚，有人被困', '119'],
    ['我爸突然倒在地上，怎么叫都叫不醒了', '120'],
    ['刚刚门口两辆车撞了，有个人躺在地上不动', '122'],
  ];
  const before = await newest();
  const alertsBefore = (await emergencyAlerts()).length;
  for (const [text, call] of cases) {
    const r = await srv.client().post('/api/v1/public/cases', body(text));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.emergency, true);
    assert.equal(r.json.detected, true);
    assert.equal(r.json.call, call, text);
    assert.match(r.json.message, new RegExp(call));
    assert.ok(!('id' in r.json) && !('tracking_no' in r.json));
  }
  // An incomplete form still gets the number: lives before paperwork.
  const bare = await srv.client().post('/api/v1/public/cases', { category: 'neighbor', org: VILLAGE, description: '救命，隔壁着火了，火很大' });
  assert.equal(bare.status, 200, bare.text);
  assert.equal(bare.json.call, '119');
  assert.equal(await newest(), before, 'no case was stored');
  assert.equal((await emergencyAlerts()).length, alertsBefore, 'no alert either');
});

test('appeals about past fires, fights and accidents stay ordinary cases', async () => {
  for (const text of ['去年着火烧了我家的柴火垛，现在要求赔偿', '上个月被打了一顿，要求处理', '三年前出的车祸赔偿款一直没给，对方一直拖着']) {
    const r = await srv.client().post('/api/v1/public/cases', body(text));
    assert.equal(r.status, 201, `${text}: ${r.text}`);
    assert.ok(r.json.tracking_no);
    assert.ok(!('emergency' in r.json), text);
  }
});

test('not_emergency: the citizen confirms it is not happening now; stored with a red alert and a timeline note', async () => {
  const text = '楼下着火了，浓烟滚滚，有人被困';
  const bad = await srv.client().post('/api/v1/public/cases', body(text, { not_emergency: 'yes' }));
  assert.equal(bad.status, 400, 'not_emergency is a boolean');
  const r = await srv.client().post('/api/v1/public/cases', body(text, { not_emergency: true }));
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.tracking_no);
  assert.equal(r.json.emergency.call, '119');
  assert.equal(r.json.emergency.detected, true);
  const c = (await disp.get(`/api/v1/cases/${r.json.id}`)).json;
  const note = c.timeline.find((e) => e.action === 'comment' && e.payload && e.payload.emergency_call === '119');
  assert.ok(note, JSON.stringify(c.timeline));
  assert.equal(note.payload.not_emergency, true);
  assert.match(note.payload.note, /119/);
  assert.equal(c.chain_ok ?? true, true);
  const al = (await emergencyAlerts()).filter((a) => a.case_id === r.json.id || a.message.includes(r.json.tracking_no));
  assert.equal(al.length, 1, JSON.stringify(al));
  assert.equal(al[0].level, 'red');
  // The citizen's own view does not carry the staff note.
  const pub = (await srv.client().get(`/api/v1/public/cases/${r.json.tracking_no}?query_code=${r.json.query_code}`)).json;
  assert.ok(!JSON.stringify(pub).includes('emergency_call'));
});

test('staff intake keeps the case, raises a red alert and shows the call advice', async () => {
  const r = await disp.post('/api/v1/cases', { ...body('来电人称：邻居家两口子正在打架，男的拿着菜刀，女的一直喊救命'), channel: 'hotline' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.emergency.call, '110');
  assert.equal(r.json.emergency.detected, true);
  assert.match(r.json.emergency.message, /110/);
  const al = (await emergencyAlerts()).filter((a) => a.message.includes(r.json.tracking_no));
  assert.equal(al.length, 1);
  assert.equal(al[0].level, 'red');
  const c = (await disp.get(`/api/v1/cases/${r.json.id}`)).json;
  assert.equal(c.status, 'registered');
  assert.ok(c.timeline.some((e) => e.action === 'comment' && e.payload?.emergency_call === '110' && e.payload.not_emergency === false));
  // An ordinary hotline call carries no advice.
  const plain = await disp.post('/api/v1/cases', { ...body('楼上漏水把我家天花板泡坏了，他家不管'), channel: 'hotline' });
  assert.equal(plain.status, 201, plain.text);
  assert.ok(!('emergency' in plain.json));
});

test('Open311: a request whose text describes danger now is refused with the number, as for an emergency category', async () => {
  const form = new URLSearchParams({
    api_key: key, service_code: 'neighbor', address_id: VILLAGE, phone: '13700003333',
    description: '邻居拿着刀在楼道里砍人，快来',
  });
  const before = await newest();
  const r = await fetch(`${srv.url}/open311/v2/requests.json`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(),
  });
  const j = await r.json();
  assert.equal(r.status, 400, JSON.stringify(j));
  assert.match(j[0].description, /^emergency: .*110/);
  assert.equal(await newest(), before, 'nothing stored');
});
