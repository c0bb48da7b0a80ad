// public_mediation.test.js - the citizen's side of mediation (issue 14, /m/)
// with the tracking number and query code: apply to a chosen committee or
// let the center choose, choose a mediator from the published roster,
// ask for a recusal, see booked and held sessions, read the agreement
// summary without the other party's personal data, follow the judicial
// confirmation, and the 复查 window. A wrong or missing code sees nothing
// and stores nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
const OTHER_PHONE = '13987654321';
const OWN_PHONE = '13812345678';
let srv, admin, disp, sec, court;
const units = {};
let med = [];
let labourMed;

async function login(name, password) {
  const c = srv.client();
  await c.login(name, password);
  return c;
}

async function staff(username, role, org, unit) {
  const r = await admin.post('/api/v1/users', { username, password: 'Mediate#2026', role, org, unit_id: unit.id });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  await c.firstLogin(username, 'Mediate#2026');
  return c;
}

before(async () => {
  srv = await startServer();
  admin = await login('city_admin');
  disp = await login('county_dispatcher');
  const list = async (org) => (await admin.get(`/api/v1/units?org=${org}`)).json.items;
  const city = await list('1301');
  units.traffic = city.find((u) => u.name.includes('交通事故纠纷人民调解委员会'));
  units.labour = city.find((u) => u.name.includes('劳动争议人民调解委员会'));
  units.court = (await list('130102')).find((u) => u.kind === 'court');
  for (const [k, v] of Object.entries(units)) assert.ok(v, `demo unit ${k}`);
  sec = await staff('jt_secretary', 'mediator', '1301', units.traffic);
  court = await staff('court_clerk', 'handler', '130102', units.court);
  for (const name of ['张调解', '刘调解', '陈调解']) {
    const r = await admin.post('/api/v1/mediators', { unit_id: units.traffic.id, name, kind: 'hired', full_time: true, specialties: ['traffic'], phone: '13911112222' });
    assert.equal(r.status, 201, r.text);
    med.push(r.json);
  }
  const r = await admin.post('/api/v1/mediators', { unit_id: units.labour.id, name: '孙调解', kind: 'hired', specialties: ['labor'] });
  assert.equal(r.status, 201, r.text);
  labourMed = r.json;
});
after(async () => { await srv.stop(); });

async function newCase(extra = {}) {
  const r = await srv.client().post('/api/v1/public/cases', {
    category: 'traffic', org: VILLAGE, channel: 'h5', title: '电动车与轿车剐蹭赔偿',
    description: '我骑电动车被一辆轿车剐蹭，车灯损坏，手臂擦伤，双方对赔偿金额有争议。',
    applicant: { name: '王建国', phone: OWN_PHONE }, respondents: [{ name: '李明', phone: OTHER_PHONE }], ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const path = (c) => `/api/v1/public/cases/${encodeURIComponent(c.tracking_no)}/mediation`;
const view = (c, code = c.query_code) => srv.client().get(`${path(c)}?query_code=${encodeURIComponent(code)}`);
const apply = (c, body) => srv.client().post(path(c), { query_code: c.query_code, ...body });
const pubAct = (c, body) => srv.client().post(`${path(c)}/actions`, { query_code: c.query_code, ...body });

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

// The staff's record of the case's mediation (the newest of the committee).
async function staffRecord(c, who = sec) {
  const list = (await who.get('/api/v1/mediations?limit=100')).json.items;
  const m = list.find((x) => x.case_id === c.id);
  assert.ok(m, 'the staff see the mediation');
  return (await who.get(`/api/v1/mediations/${m.id}`)).json;
}

async function act(id, body, who = sec) {
  const r = await who.post(`/api/v1/mediations/${id}/actions`, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

test('apply to a chosen committee from the committees of the place', async () => {
  const c = await newCase();
  let v = await ok(view(c));
  assert.equal(v.mediation, null);
  assert.equal(v.can_apply, true);
  const names = v.committees.map((x) => x.name);
  assert.ok(v.committees.some((x) => x.unit_id === units.traffic.id), names.join());
  assert.ok(v.committees.some((x) => x.kind === 'township' && x.kind_label === '乡镇（街道）调委会'), names.join());
  assert.ok(v.committees.every((x) => x.code), 'each has its roster code');
  // nearest first: the township's (or village's) before the city's
  assert.ok(v.committees.findIndex((x) => x.kind === 'township') < v.committees.findIndex((x) => x.unit_id === units.traffic.id));

  v = await ok(apply(c, { unit_id: units.traffic.id }), 201);
  assert.equal(v.can_apply, false);
  assert.equal(v.mediation.status, 'applied');
  assert.equal(v.mediation.status_label, '待受理');
  assert.equal(v.mediation.source, 'application');
  assert.equal(v.mediation.committee.unit_id, units.traffic.id);
  assert.ok(v.mediation.committee.code, 'the roster code of the committee');
  assert.ok(v.mediation.timeline.some((e) => e.action === 'create' && e.action_label === '申请调解'));
  expectError(assert, await apply(c, { unit_id: units.traffic.id }), 409, 'mediation_open');
  const m = await staffRecord(c);
  assert.equal(m.source, 'application');
  assert.equal(m.status, 'applied');
  // the published roster of the committee: names, never phones
  const roster = await srv.client().get(`/api/v1/public/mediators?org=${encodeURIComponent(v.mediation.committee.code)}`);
  assert.equal(roster.status, 200, roster.text);
  assert.ok(roster.json.items.some((x) => x.id === med[0].id));
  assert.ok(!roster.text.includes('13911112222'));
});

test('the center chooses: the township committee of the place', async () => {
  const c = await newCase();
  const before = await ok(view(c));
  const township = before.committees.find((x) => x.kind === 'township');
  const v = await ok(apply(c, { unit_id: null }), 201);
  assert.equal(v.mediation.committee.unit_id, township.unit_id);
  assert.equal(v.mediation.committee.name, township.name);
  assert.equal(v.mediation.source, 'application');
  // a unit that is no mediation organisation, or not of the place
  const c2 = await newCase();
  expectError(assert, await apply(c2, { unit_id: units.court.id }), 422, 'not_mediation_unit');
  expectError(assert, await apply(c2, { unit_id: 99999999 }), 422, 'unknown_unit');
  expectError(assert, await apply(c2, { unit_id: 'x' }), 400, 'invalid_field');
  assert.equal((await ok(view(c2))).mediation, null, 'a refusal stores nothing');
});

test('without the right query code the citizen sees nothing and stores nothing', async () => {
  const c = await newCase();
  const caseGet = await srv.client().get(`/api/v1/public/cases/${encodeURIComponent(c.tracking_no)}?query_code=WRONG1`);
  const wrong = await view(c, 'WRONG1');
  expectError(assert, wrong, 404, 'not_found');
  assert.equal(wrong.json.error.message, caseGet.json.error.message, 'the same answer as the public case get');
  expectError(assert, await srv.client().get(path(c)), 404, 'not_found');
  expectError(assert, await srv.client().get(`/api/v1/public/cases/130102-20990101-99999/mediation?query_code=${c.query_code}`), 404, 'not_found');
  assert.ok(!wrong.text.includes('committees'));
  expectError(assert, await srv.client().post(path(c), { query_code: 'WRONG1', unit_id: units.traffic.id }), 404, 'not_found');
  expectError(assert, await srv.client().post(path(c), { unit_id: units.traffic.id }), 400, 'missing_field');
  expectError(assert, await srv.client().post(`${path(c)}/actions`, { query_code: 'WRONG1', action: 'choose_mediator', mediator_id: med[0].id }), 404, 'not_found');
  expectError(assert, await srv.client().post(`${path(c)}/actions`, { action: 'recuse', mediator_id: med[0].id, reason: 'x' }), 400, 'missing_field');
  const v = await ok(view(c));
  assert.equal(v.mediation, null, 'nothing was stored');
  assert.equal(v.can_apply, true);
  // an action with no mediation open
  expectError(assert, await pubAct(c, { action: 'choose_mediator', mediator_id: med[0].id }), 409, 'invalid_transition');
});

test('choose a mediator, the committee honours it; booked and held sessions; a recusal', async () => {
  const c = await newCase();
  await ok(apply(c, { unit_id: units.traffic.id }), 201);
  // the party chooses before acceptance (art. 19)
  expectError(assert, await pubAct(c, { action: 'choose_mediator', mediator_id: labourMed.id }), 422, 'mediator_not_of_committee');
  expectError(assert, await pubAct(c, { action: 'choose_mediator' }), 400, 'missing_field');
  let v = await ok(pubAct(c, { action: 'choose_mediator', mediator_id: med[0].id, reason: '张调解员处理过类似纠纷' }));
  assert.deepEqual(v.mediation.choices.map((x) => [x.mediator_id, x.honoured]), [[med[0].id, false]]);
  assert.ok(v.mediation.timeline.some((e) => e.action === 'choose_mediator'));
  // the citizen cannot take the committee's actions
  expectError(assert, await pubAct(c, { action: 'assign', mediator_ids: [med[0].id] }), 403, 'forbidden');
  expectError(assert, await pubAct(c, { action: 'fly' }), 400, 'unknown_action');
  expectError(assert, await pubAct(c, { action: 'recuse', mediator_id: med[0].id, reason: '亲戚' }), 409, 'invalid_transition');

  let m = await staffRecord(c);
  const ev = m.timeline.find((e) => e.action === 'choose_mediator');
  assert.ok(ev, 'the staff see the party\'s choice in the timeline');
  assert.equal(ev.payload.chosen_by, '王建国');
  assert.equal(ev.payload.mediator_id, med[0].id);
  assert.equal(m.record.choices[0].mediator, '张调解');
  const id = m.id;
  await act(id, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  await act(id, { action: 'assign', mediator_ids: [med[0].id, med[1].id] });
  v = await ok(view(c));
  assert.equal(v.mediation.status, 'mediating');
  assert.equal(v.mediation.choices[0].honoured, true, 'the committee honoured the choice');
  assert.deepEqual(v.mediation.mediators.map((x) => x.name).sort(), ['刘调解', '张调解']);

  // a public booking shows as booked (not held); a private one not at all
  const when = new Date(Date.now() + 2 * 86400e3).toISOString();
  await act(id, { action: 'schedule', time: when, place: '市交通事故调委会第一调解室', mediator_ids: [med[0].id], public: true });
  await act(id, { action: 'schedule', time: when, place: '内部会商室', public: false });
  v = await ok(view(c));
  assert.equal(v.mediation.sessions.length, 1);
  assert.equal(v.mediation.sessions[0].state, 'booked');
  assert.equal(v.mediation.sessions[0].state_label, '已预约');
  assert.equal(v.mediation.sessions[0].place, '市交通事故调委会第一调解室');
  assert.equal(Date.parse(v.mediation.sessions[0].time), Math.floor(Date.parse(when) / 1000) * 1000);
  await act(id, { action: 'session', time: new Date().toISOString(), place: '第一调解室', attendees: ['王建国', '李明'], notes: '李明称当天赶时间，内部记录。', public: true });
  v = await ok(view(c));
  assert.deepEqual(v.mediation.sessions.map((s) => s.state_label), ['已预约', '已调解']);
  assert.ok(!JSON.stringify(v).includes('内部记录'), 'session notes stay with the staff');
  assert.ok(!JSON.stringify(v).includes('内部会商室'));

  // recusal: the applicant asks, the committee decides
  expectError(assert, await pubAct(c, { action: 'recuse', mediator_id: med[2].id, reason: '不认识' }), 422, 'mediator_not_assigned');
  expectError(assert, await pubAct(c, { action: 'recuse', mediator_id: med[1].id }), 400, 'missing_field');
  v = await ok(pubAct(c, { action: 'recuse', mediator_id: med[1].id, reason: '刘调解员与对方当事人是亲戚', requested_by: '李明' }));
  assert.equal(v.mediation.recusals.length, 1);
  assert.equal(v.mediation.recusals[0].pending, true);
  assert.equal(v.mediation.recusals[0].mine, true);
  assert.deepEqual(v.mediation.allowed_actions, ['choose_mediator'], 'one recusal pending at a time');
  expectError(assert, await pubAct(c, { action: 'recuse', mediator_id: med[0].id, reason: '再次申请' }), 409, 'invalid_transition');
  m = await staffRecord(c);
  assert.equal(m.record.recusals[0].requested_by, '王建国', 'the applicant, whatever the body says');
  assert.equal(m.timeline.filter((e) => e.action === 'recuse').length, 1);
  await act(id, { action: 'decide_recusal', approve: true, reason: '确有亲属关系，准予回避' });
  v = await ok(view(c));
  assert.equal(v.mediation.recusals[0].approved, true);
  assert.equal(v.mediation.recusals[0].decision_reason, '确有亲属关系，准予回避');
  assert.deepEqual(v.mediation.mediators.map((x) => x.name), ['张调解']);
  assert.deepEqual(v.mediation.allowed_actions.sort(), ['choose_mediator', 'recuse']);
});

test('the agreement summary without the other party\'s data, then the confirmation ruled valid', async () => {
  const c = await newCase();
  await ok(apply(c, { unit_id: units.traffic.id }), 201);
  const id = (await staffRecord(c)).id;
  await act(id, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  await act(id, { action: 'assign', mediator_ids: [med[0].id] });
  const ex = await admin.post('/api/v1/experts', { name: '周律师', field: 'law', title: '律师', phone: '13700001111' });
  assert.equal(ex.status, 201, ex.text);
  await act(id, { action: 'consult_expert', expert_id: ex.json.id, question: '责任如何划分？', opinion: '专家意见仅供调解员参考。' });
  await act(id, {
    action: 'agree', form: 'written', facts: '双方车辆剐蹭的经过（内部事实）。', issues: '修车费与医药费的承担。',
    responsibilities: '李明负主要责任。', terms: '李明赔偿王建国修车费、医药费共计800元。',
    performance: { method: '微信转账', deadline: '2026-12-31' },
  });
  let v = await ok(view(c));
  let ag = v.mediation.agreement;
  assert.match(ag.number, /^（\d{4}）石人调字第\d+号$/);
  assert.equal(ag.form, 'written');
  assert.equal(ag.form_label, '书面协议');
  assert.equal(ag.terms, '李明赔偿王建国修车费、医药费共计800元。');
  assert.deepEqual(ag.performance, { method: '微信转账', deadline: '2026-12-31' });
  assert.equal(ag.effective, false);
  assert.deepEqual(ag.signatures, { parties_signed: 0, parties_total: 2, mediator: false, seal: false });
  for (const signer of ['王建国', '李明', 'mediator']) await act(id, { action: 'sign', signer });
  v = await ok(view(c));
  assert.deepEqual(v.mediation.agreement.signatures, { parties_signed: 2, parties_total: 2, mediator: true, seal: false });
  assert.equal(v.mediation.agreement.effective, false, 'not before the seal');
  await act(id, { action: 'sign', signer: 'seal' });
  v = await ok(view(c));
  ag = v.mediation.agreement;
  assert.equal(ag.effective, true);
  assert.ok(ag.effective_at);
  assert.equal(v.mediation.status, 'effective');
  assert.equal(v.mediation.status_label, '协议生效');
  const text = JSON.stringify(v);
  for (const secret of [OTHER_PHONE, OWN_PHONE, '4321', '内部事实', '专家意见', '13911112222', '13700001111'])
    assert.ok(!text.includes(secret), `the citizen's view leaks ${secret}`);
  assert.equal(v.mediation.confirmation, null);

  // 司法确认: applied, accepted with a 调确字 number, ruled valid
  const m = await act(id, { action: 'apply_confirmation', court_unit_id: units.court.id, applicants: ['王建国', '李明'], basis: '双方共同申请确认调解协议效力' });
  const confId = m.confirmations[0].id;
  v = await ok(view(c));
  let cf = v.mediation.confirmation;
  assert.equal(cf.status, 'applied');
  assert.equal(cf.status_label, '待受理');
  assert.equal(cf.court, units.court.name);
  assert.ok(cf.deadline, 'the court decides within its days');
  assert.equal(cf.case_no, null);
  let r = await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'accept', case_no: '（2026）冀0102民特调确字1号' });
  assert.equal(r.status, 200, r.text);
  cf = (await ok(view(c))).mediation.confirmation;
  assert.equal(cf.status, 'accepted');
  assert.equal(cf.case_no, '（2026）冀0102民特调确字1号');
  assert.ok(cf.deadline);
  r = await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'rule', result: 'valid', ruling_no: '（2026）冀0102民特调确字1号' });
  assert.equal(r.status, 200, r.text);
  v = await ok(view(c));
  cf = v.mediation.confirmation;
  assert.equal(cf.status, 'confirmed');
  assert.equal(cf.result, 'valid');
  assert.equal(cf.result_label, '确认有效');
  assert.equal(cf.ruling_no, '（2026）冀0102民特调确字1号');
  assert.equal(cf.enforceable, true);
  assert.equal(cf.deadline, null);
  assert.ok(v.mediation.timeline.some((e) => e.action === 'confirmation_ruled' && e.action_label === '司法确认裁定'));
  assert.deepEqual(v.mediation.allowed_actions, []);
  assert.equal(v.can_apply, false, 'the case is resolved');
  assert.equal(v.case_status, 'resolved');
});

test('复查 within its window from the public case, 409 review_window_closed after it', async () => {
  const town = await login('town_dispatcher');
  const handler = await login('town_handler');
  const unit = (await town.get('/api/v1/units?org=130102001')).json.items.find((u) => u.kind === 'justice_office');
  const setNow = async (iso) => assert.equal((await srv.client().post('/api/v1/test/clock', { now: iso })).status, 200);
  await setNow('2026-09-02T10:00:00+08:00');
  const sub = await newCase({ category: 'village_affairs', title: '集体土地租金', description: '村委会私自把集体土地租给外地老板建厂，村民分不到租金。' });
  for (const [who, body] of [
    [town, { action: 'classify', flow: 'petition', category: 'village_affairs' }], [town, { action: 'dispatch', unit_id: unit.id }],
    [handler, { action: 'accept' }], [handler, { action: 'resolve', outcome: 'answered', summary: '已书面答复。' }],
  ]) {
    const r = await who.post(`/api/v1/cases/${sub.id}/actions`, body);
    assert.equal(r.status, 200, r.text);
  }
  try {
    const pc = await srv.client().get(`/api/v1/public/cases/${encodeURIComponent(sub.tracking_no)}?query_code=${sub.query_code}`);
    assert.deepEqual(pc.json.allowed_actions, ['request_review']);
    // an answered case takes no mediation
    const v = await ok(view(sub));
    assert.equal(v.can_apply, false);
    expectError(assert, await apply(sub, {}), 409, 'case_closed');
    await setNow('2026-10-20T10:00:00+08:00');
    const r = await srv.client().post(`/api/v1/public/cases/${encodeURIComponent(sub.tracking_no)}/actions`, { query_code: sub.query_code, action: 'request_review', reason: '请求复查' });
    expectError(assert, r, 409, 'review_window_closed');
  } finally {
    await srv.client().post('/api/v1/test/clock', { offset: 0 });
  }
});
