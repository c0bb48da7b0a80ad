// mediation.test.js - people's mediation on the kernel (issue 14): the
// whole path from application to a confirmed agreement, a terminated
// mediation, a court referral with its result, a labour referral to
// arbitration, the public roster, and bad input that stores nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, cli } from './harness.js';

const VILLAGE = '130102001001';
let srv, admin, disp;
let sec, court; // the committee's secretary, the court's clerk
const units = {};
const med = {};

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
  units.family = city.find((u) => u.name.includes('婚姻家庭纠纷人民调解委员会'));
  units.court = (await list('130102')).find((u) => u.kind === 'court');
  units.office = (await list('130102001')).find((u) => u.kind === 'justice_office');
  for (const [k, v] of Object.entries(units)) assert.ok(v, `demo unit ${k}`);
  sec = await staff('jt_secretary', 'mediator', '1301', units.traffic);
  court = await staff('court_clerk', 'handler', '130102', units.court);
  for (const [k, u] of [['traffic', units.traffic], ['labour', units.labour], ['family', units.family]]) {
    med[k] = [];
    for (const name of ['张调解', '刘调解', '陈调解']) {
      const r = await admin.post('/api/v1/mediators', { unit_id: u.id, name: `${name}${k}`, kind: 'hired', full_time: true, specialties: ['traffic'], phone: '13911112222' });
      assert.equal(r.status, 201, r.text);
      med[k].push(r.json);
    }
  }
});
after(async () => { await srv.stop(); });

// A move of the test clock ends every session: sign the file's clients in
// again once the clock is back.
async function relogin() {
  admin = await login('city_admin');
  disp = await login('county_dispatcher');
  sec = await login('jt_secretary', 'Mediate#2026-own');
  court = await login('court_clerk', 'Mediate#2026-own');
}

const caseBody = (extra = {}) => ({
  category: 'traffic', org: VILLAGE, channel: 'h5', title: '电动车与轿车剐蹭赔偿',
  description: '我骑电动车在建北街道被一辆轿车剐蹭，车灯损坏，手臂擦伤，双方对赔偿金额有争议。',
  applicant: { name: '王建国', phone: '13812345678' },
  respondents: [{ name: '李明', phone: '13987654321' }],
  ...extra,
});

async function newCase(extra) {
  const r = await srv.client().post('/api/v1/public/cases', caseBody(extra));
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function act(c, id, body, status = 200) {
  const r = await c.post(`/api/v1/mediations/${id}/actions`, body);
  assert.equal(r.status, status, `${body.action}: ${r.text}`);
  return r.json;
}

// A refusal stores nothing: the record and its timeline are as before.
async function refused(c, id, body, status, code) {
  const before = (await sec.get(`/api/v1/mediations/${id}`)).json;
  const r = await c.post(`/api/v1/mediations/${id}/actions`, body);
  expectError(assert, r, status, code);
  const after2 = (await sec.get(`/api/v1/mediations/${id}`)).json;
  assert.equal(after2.timeline.length, before.timeline.length, `${body.action} stored an event`);
  assert.deepEqual(after2.record, before.record, `${body.action} changed the record`);
  assert.equal(after2.status, before.status);
}

test('the whole path: application to a confirmed agreement', async () => {
  const caseId = await newCase();
  const created = await disp.post(`/api/v1/cases/${caseId}/mediation`, { unit_id: units.traffic.id, source: 'application' });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  assert.equal(created.json.status, 'applied');
  expectError(assert, await disp.post(`/api/v1/cases/${caseId}/mediation`, { unit_id: units.traffic.id, source: 'application' }), 409, 'mediation_open');
  assert.deepEqual(created.json.allowed_actions, [], 'the center does not run the committee\'s mediation');

  // consent: a refusal by anyone is 409 party_refused and stores nothing
  await refused(sec, id, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: false }] }, 409, 'party_refused');
  await refused(sec, id, { action: 'accept', consents: [{ party: '王建国', consent: true }] }, 422, 'missing_consent');
  await refused(sec, id, { action: 'accept' }, 400, 'missing_field');
  await refused(sec, id, { action: 'assign', mediator_ids: [med.traffic[0].id] }, 409, 'invalid_transition');
  let m = await act(sec, id, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  assert.equal(m.status, 'accepted');
  assert.equal(m.limit_days, 30);
  assert.ok(m.deadline);
  assert.equal(m.case.status, 'handling', 'the case moved with the mediation');

  // assignment: not of the committee, inactive → 422; then one recusal
  await refused(sec, id, { action: 'assign', mediator_ids: [med.labour[0].id] }, 422, 'mediator_not_of_committee');
  const off = await admin.patch(`/api/v1/mediators/${med.traffic[2].id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  await refused(sec, id, { action: 'assign', mediator_ids: [med.traffic[2].id] }, 422, 'mediator_inactive');
  m = await act(sec, id, { action: 'assign', mediator_ids: [med.traffic[0].id, med.traffic[1].id], invitees: [{ name: '赵乡贤', relation: '乡贤' }] });
  assert.equal(m.status, 'mediating');
  assert.equal(m.record.mediators.length, 2);
  m = await act(sec, id, { action: 'recuse', mediator_id: med.traffic[1].id, requested_by: '李明', reason: '调解员与申请人是亲戚' });
  await refused(sec, id, { action: 'recuse', mediator_id: med.traffic[0].id, requested_by: '李明', reason: '再次申请' }, 409, 'invalid_transition');
  m = await act(sec, id, { action: 'decide_recusal', approve: true, reason: '确有亲属关系，准予回避' });
  assert.equal(m.record.mediators.length, 1);
  await refused(sec, id, { action: 'assign', mediator_ids: [med.traffic[1].id] }, 422, 'mediator_conflict');

  // booked and held sessions, an expert's opinion
  const when = new Date(Date.now() + 2 * 86400e3).toISOString();
  m = await act(sec, id, { action: 'schedule', time: when, place: '市交通事故调委会第一调解室', mediator_ids: [med.traffic[0].id], public: true });
  const booked = m.record.sessions.find((s) => s.state === 'booked');
  assert.ok(booked, 'a booked session shows as booked');
  m = await act(sec, id, { action: 'session', time: new Date().toISOString(), place: '市交通事故调委会第一调解室', attendees: ['王建国', '李明'], notes: '双方陈述事实，对修车费用有分歧。' });
  assert.equal(m.record.sessions.filter((s) => s.state === 'held').length, 1);
  const ex = await admin.post('/api/v1/experts', { name: '周律师', field: 'law', title: '律师', phone: '13700001111' });
  assert.equal(ex.status, 201, ex.text);
  m = await act(sec, id, { action: 'consult_expert', expert_id: ex.json.id, question: '车灯损坏的责任如何划分？', opinion: '轿车变道未让行，负主要责任。' });
  assert.equal(m.record.experts[0].opinion, '轿车变道未让行，负主要责任。');

  // a written agreement, signatures and the seal
  await refused(sec, id, { action: 'agree', form: 'written', terms: '赔偿800元' }, 400, 'missing_field');
  m = await act(sec, id, {
    action: 'agree', form: 'written', facts: '2026年某日双方车辆剐蹭。', issues: '修车费与医药费的承担。',
    responsibilities: '李明负主要责任。', terms: '李明赔偿王建国修车费、医药费共计800元。',
    performance: { method: '微信转账', deadline: '2026-12-31' },
  });
  assert.equal(m.status, 'agreed');
  assert.match(m.agreement_no, /^（\d{4}）石人调字第\d+号$/);
  await refused(sec, id, { action: 'sign', signer: '路人甲' }, 422, 'unknown_signer');
  m = await act(sec, id, { action: 'sign', signer: '王建国' });
  await refused(sec, id, { action: 'sign', signer: '王建国' }, 409, 'already_signed');
  m = await act(sec, id, { action: 'sign', signer: '李明' });
  m = await act(sec, id, { action: 'sign', signer: 'mediator' });
  assert.equal(m.status, 'agreed', 'not effective before the seal');
  m = await act(sec, id, { action: 'sign', signer: 'seal' });
  assert.equal(m.status, 'effective');
  assert.ok(m.effective_at);
  assert.equal(m.case.status, 'resolved');
  assert.equal(m.case.outcome, 'mediated');
  await refused(sec, id, { action: 'agree', form: 'oral', terms: '改为赔偿500元' }, 409, 'invalid_transition');

  // 回访
  m = await act(sec, id, { action: 'followup', performed: 'full', satisfaction: '满意', note: '已转账' });
  assert.equal(m.record.followups.length, 1);

  // 司法确认: a non-court unit, then the court accepts and rules valid
  await refused(sec, id, { action: 'apply_confirmation', court_unit_id: units.office.id, applicants: ['王建国', '李明'], basis: '共同申请' }, 422, 'not_a_court');
  await refused(sec, id, { action: 'apply_confirmation', court_unit_id: units.court.id, applicants: ['王建国'], basis: '单方申请' }, 422, 'joint_application_required');
  m = await act(sec, id, { action: 'apply_confirmation', court_unit_id: units.court.id, applicants: ['王建国', '李明'], basis: '双方共同申请确认调解协议效力' });
  const confId = m.confirmations[0].id;
  assert.equal(m.confirmations[0].status, 'applied');
  const list = await court.get(`/api/v1/confirmations?court_unit_id=${units.court.id}&status=applied`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((c) => c.id === confId));
  // the committee cannot rule; the court can
  expectError(assert, await sec.post(`/api/v1/confirmations/${confId}/actions`, { action: 'accept', case_no: '（2026）冀0102民特1号' }), 403, 'forbidden');
  expectError(assert, await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'rule', result: 'valid', ruling_no: 'x' }), 409, 'invalid_transition');
  expectError(assert, await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'accept' }), 400, 'missing_field');
  let c = await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'accept', case_no: '（2026）冀0102民特1号' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'accepted');
  assert.ok(c.json.rule_deadline);
  expectError(assert, await sec.post(`/api/v1/confirmations/${confId}/actions`, { action: 'rule', result: 'valid', ruling_no: '（2026）冀0102民特1号' }), 403, 'forbidden');
  c = await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'extend' });
  assert.equal(c.status, 200, c.text);
  expectError(assert, await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'extend' }), 409, 'invalid_transition');
  c = await court.post(`/api/v1/confirmations/${confId}/actions`, { action: 'rule', result: 'valid', ruling_no: '（2026）冀0102民特1号' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'confirmed');
  assert.equal(c.json.enforceable, true);
  m = (await sec.get(`/api/v1/mediations/${id}`)).json;
  assert.ok(m.timeline.some((e) => e.action === 'confirmation_ruled'), 'the ruling reaches the agreement');
  m = await act(sec, id, { action: 'archive', volume_no: '2026-交调-001', retention: '长期' });
  assert.equal(m.status, 'archived');

  // the list: filters and cursor
  const byMediator = await sec.get(`/api/v1/mediations?mediator_id=${med.traffic[0].id}`);
  assert.equal(byMediator.status, 200, byMediator.text);
  assert.ok(byMediator.json.items.some((x) => x.id === id));
  assert.ok(!(await sec.get(`/api/v1/mediations?mediator_id=${med.traffic[1].id}`)).json.items.some((x) => x.id === id), 'the recused mediator is off it');
  expectError(assert, await sec.get('/api/v1/mediations?status=nonsense'), 400, 'invalid_filter');

  // the audit covers both kinds
  const v = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('a terminated mediation resolves the case as mediation_failed', async () => {
  const caseId = await newCase();
  const id = (await disp.post(`/api/v1/cases/${caseId}/mediation`, { unit_id: units.traffic.id, source: 'hotline' })).json.id;
  await act(sec, id, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  await act(sec, id, { action: 'assign', mediator_ids: [med.traffic[0].id] });
  await refused(sec, id, { action: 'extend', days: 10, consents: [{ party: '王建国', consent: true }, { party: '李明', consent: false }] }, 409, 'party_refused');
  const ext = await act(sec, id, { action: 'extend', days: 10, consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  assert.equal(ext.limit_days, 40);
  await refused(sec, id, { action: 'terminate', reason: 'bored', channels: ['litigation'] }, 400, 'invalid_field');
  await refused(sec, id, { action: 'terminate', reason: 'no_agreement' }, 400, 'missing_field');
  const m = await act(sec, id, { action: 'terminate', reason: 'no_agreement', channels: ['litigation', 'administrative'] });
  assert.equal(m.status, 'terminated');
  assert.equal(m.case.outcome, 'mediation_failed');
  assert.match(m.case.summary, /诉讼/);
  // a new mediation of the same case may follow
  assert.equal((await disp.post(`/api/v1/cases/${caseId}/mediation`, { unit_id: units.traffic.id, source: 'initiative' })).status, 409, 'a resolved case takes no new mediation');
});

test('confirmation refused for personal status, and after the 30-day window', async () => {
  const fam = await staff('hy_secretary', 'mediator', '1301', units.family);
  const caseId = await newCase({ category: 'marriage_family', title: '离婚财产分割', description: '夫妻双方协议离婚，对房产和子女抚养有争议，希望调解。' });
  const id = (await disp.post(`/api/v1/cases/${caseId}/mediation`, { unit_id: units.family.id, source: 'application' })).json.id;
  await act(fam, id, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  await act(fam, id, { action: 'assign', mediator_ids: [med.family[0].id] });
  const m = await act(fam, id, { action: 'agree', form: 'oral', terms: '子女由女方抚养，男方每月支付抚养费1000元。' });
  assert.equal(m.status, 'effective', 'an oral agreement is effective at once');
  assert.equal(m.agreement_no, null);
  const before = (await fam.get(`/api/v1/mediations/${id}`)).json;
  expectError(assert, await fam.post(`/api/v1/mediations/${id}/actions`, { action: 'apply_confirmation', court_unit_id: units.court.id, applicants: ['王建国', '李明'], basis: 'x' }), 422, 'not_confirmable');
  assert.equal((await fam.get(`/api/v1/mediations/${id}`)).json.timeline.length, before.timeline.length);

  // a traffic agreement, 31 days later
  const c2 = await newCase();
  const id2 = (await disp.post(`/api/v1/cases/${c2}/mediation`, { unit_id: units.traffic.id, source: 'grid' })).json.id;
  await act(sec, id2, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  await act(sec, id2, { action: 'assign', mediator_ids: [med.traffic[0].id] });
  await act(sec, id2, { action: 'agree', form: 'oral', terms: '当场赔偿200元。' });
  const t = await srv.client().post('/api/v1/test/clock', { offset: 31 * 86400 });
  assert.equal(t.status, 200, t.text);
  try {
    // sessions end with the clock's jump: sign in again
    sec = await login('jt_secretary', 'Mediate#2026-own');
    await refused(sec, id2, { action: 'apply_confirmation', court_unit_id: units.court.id, applicants: ['王建国', '李明'], basis: 'x' }, 409, 'confirmation_window_closed');
  } finally {
    await srv.client().post('/api/v1/test/clock', { offset: 0 });
    await relogin();
  }
});

test('a court referral: signed for, mediated, the result goes back to the court', async () => {
  const body = { court_unit_id: units.court.id, unit_id: units.traffic.id, kind: 'entrusted', category: 'traffic', description: '原告诉被告机动车交通事故责任纠纷一案，委托调解。', parties: [{ name: '孙原告', phone: '13800001111' }, { name: '周被告' }] };
  expectError(assert, await sec.post('/api/v1/court-referrals', body), 403, 'forbidden');
  expectError(assert, await court.post('/api/v1/court-referrals', { ...body, kind: 'sometimes' }), 400, 'invalid_field');
  const r = await court.post('/api/v1/court-referrals', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'referred');
  assert.ok(r.json.sign_deadline, '3 working days to sign for it');
  const id = r.json.id;
  let m = await act(sec, id, { action: 'accept' });
  assert.equal(m.status, 'accepted');
  assert.equal(m.limit_days, 15, '委托 after filing: 15 days');
  await act(sec, id, { action: 'assign', mediator_ids: [med.traffic[0].id] });
  m = await act(sec, id, { action: 'terminate', reason: 'no_agreement', channels: ['litigation'] });
  const seen = await court.get(`/api/v1/mediations/${id}`);
  assert.equal(seen.status, 200, 'the court reads its referral');
  const report = seen.json.timeline.find((e) => e.action === 'terminate');
  assert.equal(report.payload.court_report, true, 'the failure report reaches the court');
  const mine = await court.get(`/api/v1/mediations?court_unit_id=${units.court.id}`);
  assert.ok(mine.json.items.some((x) => x.id === id));
  // placed without an address: at the court's org (the city committee is
  // outside the clerk's scope), never at some first village; with org,
  // where the clerk says
  assert.equal((await court.get(`/api/v1/cases/${seen.json.case_id}`)).json.org, '130102');
  const placed = await court.post('/api/v1/court-referrals', { ...body, kind: 'assigned', org: VILLAGE });
  assert.equal(placed.status, 201, placed.text);
  assert.equal(placed.json.limit_days, 30, '委派 before filing: 30 days');
  assert.equal((await court.get(`/api/v1/cases/${placed.json.case_id}`)).json.org, VILLAGE);
  expectError(assert, await court.post('/api/v1/court-referrals', { ...body, org: '1301' }), 422, 'org_not_village');
});

test('a labour mediation past 15 days may be referred to arbitration', async () => {
  const lab = await staff('ld_secretary', 'mediator', '1301', units.labour);
  const caseId = await newCase({ category: 'wage_arrears', title: '拖欠工资', description: '工地老板拖欠我三个月工资共两万元，一直不给。' });
  const id = (await disp.post(`/api/v1/cases/${caseId}/mediation`, { unit_id: units.labour.id, source: 'application' })).json.id;
  let m = await act(lab, id, { action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  assert.equal(m.limit_days, 15);
  assert.equal(m.arbitration_open, false);
  await refused(lab, id, { action: 'refer_arbitration', known_at: '2026-06-01' }, 409, 'invalid_transition');
  await srv.client().post('/api/v1/test/clock', { offset: 16 * 86400 });
  try {
    const again = srv.client();
    await again.login('ld_secretary', 'Mediate#2026-own');
    m = (await again.get(`/api/v1/mediations/${id}`)).json;
    assert.equal(m.arbitration_open, true);
    assert.equal(m.arbitration_notice, '可申请劳动仲裁');
    assert.equal(m.warning, 'red');
    const known = new Date(Date.now() + 16 * 86400e3 - 350 * 86400e3).toISOString().slice(0, 10);
    m = await act(again, id, { action: 'refer_arbitration', known_at: known });
    assert.equal(m.status, 'terminated');
    assert.ok(m.limitation_ends);
    assert.equal(m.limitation_warning, true, 'warned before the one-year limitation ends');
    assert.equal(m.case.outcome, 'mediation_failed');
  } finally {
    await srv.client().post('/api/v1/test/clock', { offset: 0 });
    await relogin();
  }
});

test('the public roster shows names and specialties, never phone or ID', async () => {
  const mk = await admin.post('/api/v1/mediation-orgs', { unit_id: units.traffic.id, org_kind: 'industry', code: 'SJZ-JT', short_name: '石' });
  assert.equal(mk.status, 201, mk.text);
  const r = await srv.client().get('/api/v1/public/mediators?org=SJZ-JT');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length >= 2);
  for (const m of r.json.items) {
    assert.ok(m.name && m.committee && Array.isArray(m.specialties));
    assert.ok(!('phone' in m) && !('phone_mask' in m) && !('id_mask' in m), 'no contact on the public roster');
  }
  assert.ok(!r.json.items.some((m) => m.id === med.traffic[2].id), 'inactive mediators are not published');
  expectError(assert, await srv.client().get('/api/v1/public/mediators'), 400, 'missing_field');
  const staffView = await sec.get(`/api/v1/mediators/${med.traffic[0].id}`);
  assert.equal(staffView.json.phone_mask, '139****2222');
  expectError(assert, await admin.post('/api/v1/mediators', { unit_id: units.office.id, name: '某人', kind: 'hired' }), 422, 'not_mediation_unit');
  expectError(assert, await admin.post('/api/v1/mediators', { unit_id: units.traffic.id, name: '某人', kind: 'boss' }), 400, 'invalid_field');
});

test('roster import: all or nothing, every bad row reported, then the whole file', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(srv.dir, 'roster.csv');
  const u = units.labour.id;
  const count = async () => (await admin.get(`/api/v1/mediators?unit_id=${u}&limit=200`)).json.items.length;
  const experts = async () => (await admin.get('/api/v1/experts?field=psychology&limit=200')).json.items.length;
  const [m0, e0] = [await count(), await experts()];
  // line 3 a bad kind, line 5 a unit that is no committee, line 7 a
  // code taken by line 6 (a database conflict): all three named
  writeFileSync(file, [
    'type,a,b,c,d,e,f,g,h',
    `mediator,${u},甲调解,hired,1,wage_arrears;labor,一级,13900001111,member`,
    `mediator,${u},乙调解,boss`,
    'expert,1301,钱心理,psychology,心理咨询师,市心理卫生中心,13700002222',
    `mediator,${units.office.id},丙调解,hired`,
    `org,${units.labour.id},industry,SJZ-LD,石`,
    `org,${units.family.id},industry,SJZ-LD,石`,
  ].join('\r\n') + '\r\n');
  let r = cli(['roster', 'import', '--db', srv.db, file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /第 3 行：kind/);
  assert.match(r.stderr, /第 5 行：.*不是人民调解组织/);
  assert.match(r.stderr, /第 7 行：该调解组织代码已被使用/);
  assert.doesNotMatch(r.stderr, /第 [246] 行/);
  assert.equal(await count(), m0, 'nothing half-imported');
  assert.equal(await experts(), e0, 'nothing half-imported');
  assert.equal((await srv.client().get('/api/v1/public/mediators?org=SJZ-LD')).status, 404);

  writeFileSync(file, [
    'type,a,b,c,d,e,f,g,h',
    `mediator,${u},甲调解,hired,1,wage_arrears;labor,一级,13900001111,director`,
    `mediator,${u},"乙,调解",xiangxian,0`,
    'expert,1301,钱心理,psychology,心理咨询师,市心理卫生中心,13700002222',
    `org,${units.labour.id},industry,SJZ-LD,石`,
  ].join('\n'));
  r = cli(['roster', 'import', '--db', srv.db, file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /4 rows imported/);
  assert.equal(await count(), m0 + 2);
  assert.equal(await experts(), e0 + 1);
  const pub = await srv.client().get('/api/v1/public/mediators?org=SJZ-LD');
  assert.equal(pub.status, 200, pub.text);
  assert.ok(pub.json.items.some((m) => m.name === '乙,调解'));
  const mine = (await admin.get(`/api/v1/mediators?unit_id=${u}&limit=200`)).json.items.find((m) => m.name === '甲调解');
  assert.equal(mine.phone_mask, '139****1111');

  // the CLI's own refusals
  assert.equal(cli(['roster', 'import', '--db', srv.db]).status, 2);
  assert.equal(cli(['roster', 'import', '--db', srv.db, join(srv.dir, 'nope.csv')]).status, 2);
});

test('the demo carries the seeds\' rosters: 23 industry committees, 120 experts, township and village committees, 乡贤', async () => {
  const orgs = await admin.get('/api/v1/mediation-orgs?org=1301&kind=industry');
  assert.equal(orgs.status, 200, orgs.text);
  assert.equal(orgs.json.items.filter((o) => o.org === '1301' || o.org?.code === '1301').length, 23);
  for (const n of ['交通事故', '医疗', '婚姻家庭', '物业', '劳动争议', '金融消费']) {
    const o = orgs.json.items.find((x) => x.name.includes(n));
    assert.ok(o, n);
    assert.ok(o.members.length >= 3, `${n}: 主任、副主任、委员`);
  }
  // the demo's pool (the file's own experts work elsewhere)
  const ex = (await admin.get('/api/v1/experts?limit=200')).json.items.filter((e) => e.org === '1301' && e.employer?.startsWith('石家庄市'));
  assert.equal(ex.length, 120);
  for (const f of ['law', 'psychology', 'medical', 'traffic', 'construction', 'finance']) assert.ok(ex.some((e) => e.field === f), f);
  const towns = (await admin.get('/api/v1/mediation-orgs?org=130102&kind=township')).json.items;
  assert.ok(towns.length >= 2, 'a township committee everywhere');
  const jb = towns.find((o) => o.name === '建北街道人民调解委员会');
  assert.ok(jb);
  const xx = (await admin.get(`/api/v1/mediators?unit_id=${jb.unit_id ?? jb.id}&kind=xiangxian&limit=200`)).json.items;
  assert.equal(xx.length, 34, 'the township\'s 乡贤 roster');
  const villages = (await admin.get('/api/v1/mediation-orgs?org=130102001&kind=village')).json.items;
  assert.ok(villages.length >= 5, 'a village committee in every village of the demo town');
  const pub = await srv.client().get(`/api/v1/public/mediators?org=${villages[0].code}`);
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.items.length, 5, 'its 主任、副主任、委员 and two 乡贤');
});

test('mediation KPIs per committee and per mediator, and the 人民调解案件台账 as xlsx', async () => {
  const { readXlsx } = await import('./xlsx.js');
  const r = await sec.get('/api/v1/stats/mediation?org=1301&group_by=unit');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.group_by, 'unit');
  // the traffic committee in this file: the whole path (agreed, performed,
  // confirmed), the terminated one, the oral one of the window test, the
  // entrusted referral (failed) and the assigned one not yet signed for
  const t = r.json.groups.find((g) => g.key === units.traffic.id);
  assert.ok(t, JSON.stringify(r.json.groups));
  assert.deepEqual(
    { m: t.mediations, a: t.accepted, ag: t.agreed, f: t.failed, p: t.agreements_performed, ca: t.confirmations_applied, cv: t.confirmations_valid },
    { m: 5, a: 4, ag: 2, f: 2, p: 1, ca: 1, cv: 1 });
  assert.equal(t.success_rate, 0.5);
  assert.ok(t.avg_days >= 0);
  assert.deepEqual(t.court_referrals, { total: 2, agreed: 0, failed: 1, returned: 0 });
  const fam = r.json.groups.find((g) => g.key === units.family.id);
  assert.equal(fam.agreed, 1);
  assert.equal(fam.success_rate, 1);
  assert.equal(r.json.total.mediations, r.json.groups.reduce((s, g) => s + g.mediations, 0));
  const byMed = await sec.get('/api/v1/stats/mediation?org=1301&group_by=mediator');
  assert.equal(byMed.status, 200, byMed.text);
  const zhang = byMed.json.groups.find((g) => g.key === med.traffic[0].id);
  assert.equal(zhang.name, med.traffic[0].name);
  assert.equal(zhang.mediations, 4);
  assert.equal(zhang.agreed, 2);
  assert.ok(!byMed.json.groups.some((g) => g.key === med.traffic[1].id), 'the recused mediator counts nothing');
  const tomorrow = new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);
  assert.equal((await sec.get(`/api/v1/stats/mediation?org=1301&from=${tomorrow}`)).json.groups.length, 0);
  expectError(assert, await sec.get('/api/v1/stats/mediation?group_by=month'), 400, 'invalid_filter');
  expectError(assert, await court.get('/api/v1/stats/mediation?org=1301'), 404, 'not_found');

  const res = await fetch(srv.url + `/api/v1/mediations/export.xlsx?unit_id=${units.traffic.id}`, { headers: { cookie: sec.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const rows = readXlsx(Buffer.from(await res.arrayBuffer()));
  assert.equal(rows[0][0], '序号');
  assert.ok(rows[0].includes('协议编号') && rows[0].includes('调解员'));
  assert.equal(rows.length - 1, 5, 'one row per mediation of the committee');
  const agreed = rows.find((x) => x.some((v) => /石人调字/.test(String(v))));
  assert.ok(agreed, 'the agreement number is on its row');
  assert.ok(agreed.some((v) => String(v).includes('王建国')), 'the parties');
  assert.ok(agreed.some((v) => String(v).includes(med.traffic[0].name)), 'the mediator');
  expectError(assert, await sec.get('/api/v1/mediations/export.xlsx?status=bogus'), 400, 'invalid_filter');
});

test('the KPI table by unit carries a committee\'s mediation figures', async () => {
  const r = await sec.get('/api/v1/stats/kpi?org=1301&group_by=unit');
  assert.equal(r.status, 200, r.text);
  const t = r.json.groups.find((g) => g.key === String(units.traffic.id));
  assert.ok(t && t.mediation, JSON.stringify(r.json.groups.slice(0, 3)));
  assert.equal(t.mediation.mediations, 5);
  assert.equal(t.mediation.success_rate, 0.5);
  assert.ok(!r.json.groups.some((g) => g.mediation && g.key !== String(g.mediation.key)));
});

// A minimal .xlsx as a spreadsheet program writes one: shared strings
// (one of them rich text), an inline string, a number, a skipped column.
async function workbook(sheetRows) {
  const { deflateRawSync } = await import('node:zlib');
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const shared = ['type', 'org', 'name', 'field', 'title', 'employer', 'expert'];
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="x" count="${shared.length}">` +
    shared.map((s, i) => (i === 6 ? `<si><r><t>exp</t></r><r><t>ert</t></r></si>` : `<si><t>${s}</t></si>`)).join('') + '</sst>';
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="x"><sheetData>${sheetRows}</sheetData></worksheet>`;
  const files = [['xl/sharedStrings.xml', sst], ['xl/worksheets/sheet1.xml', sheet], ['[Content_Types].xml', '<Types/>']];
  const locals = [];
  const central = [];
  let off = 0;
  for (const [name, text] of files) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const nm = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc32(raw), 14); h.writeUInt32LE(data.length, 18); h.writeUInt32LE(raw.length, 22); h.writeUInt16LE(nm.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc32(raw), 16); c.writeUInt32LE(data.length, 20); c.writeUInt32LE(raw.length, 24); c.writeUInt16LE(nm.length, 28);
    c.writeUInt32LE(off, 42);
    locals.push(h, nm, data);
    central.push(c, nm);
    off += 30 + nm.length + data.length;
  }
  const cd = Buffer.concat(central);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0); e.writeUInt16LE(files.length, 8); e.writeUInt16LE(files.length, 10);
  e.writeUInt32LE(cd.length, 12); e.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, e]);
}

test('roster import reads the first sheet of an xlsx workbook', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(srv.dir, 'roster.xlsx');
  const head = '<row r="1">' + [0, 1, 2, 3, 4, 5].map((i) => `<c r="${'ABCDEF'[i]}1" t="s"><v>${i}</v></c>`).join('') + '</row>';
  const row = (n, name, field) => `<row r="${n}"><c r="A${n}" t="s"><v>6</v></c><c r="B${n}"><v>1301</v></c>` +
    `<c r="C${n}" t="inlineStr"><is><t>${name}</t></is></c><c r="D${n}" t="inlineStr"><is><t>${field}</t></is></c>` +
    `<c r="F${n}" t="inlineStr"><is><t>市心理&amp;咨询中心</t></is></c></row>`;
  // a bad field on row 3: nothing of the workbook is stored
  writeFileSync(file, await workbook(head + row(2, '孙表格', 'psychology') + row(3, '钱表格', 'astrology')));
  let r = cli(['roster', 'import', '--db', srv.db, file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /第 3 行：field/);
  const named = async () => (await admin.get('/api/v1/experts?field=psychology&limit=200')).json.items.filter((e) => e.name === '孙表格');
  assert.equal((await named()).length, 0);
  writeFileSync(file, await workbook(head + row(2, '孙表格', 'psychology') + '<row r="3"/>'));
  r = cli(['roster', 'import', '--db', srv.db, file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 rows imported/);
  const [e] = await named();
  assert.ok(e, 'imported');
  assert.equal(e.employer, '市心理&咨询中心');
  assert.equal(e.title ?? null, null, 'the skipped column stays empty');
  writeFileSync(file, Buffer.from('PK\x03\x04 not really a zip'));
  assert.equal(cli(['roster', 'import', '--db', srv.db, file]).status, 2);
});

test('fengqiao gen also produces mediations, agreements, confirmations and court referrals', async () => {
  const before = (await sec.get('/api/v1/stats/mediation?org=130102')).json.total;
  const g = cli(['gen', '--db', srv.db, '--region', '130102', '--cases', '4000', '--seed', '7']);
  assert.equal(g.status, 0, g.stdout + g.stderr);
  const r = await sec.get('/api/v1/stats/mediation?org=130102&group_by=unit');
  assert.equal(r.status, 200, r.text);
  const t = r.json.total;
  assert.ok(t.mediations - before.mediations >= 50, `${t.mediations} mediations`);
  assert.ok(t.agreed > t.failed && t.failed > 0, JSON.stringify(t));
  assert.ok(t.success_rate > 0.6 && t.success_rate < 1);
  assert.ok(t.avg_days > 0 && t.avg_days <= 30);
  assert.ok(t.agreements_performed > 0 && t.confirmations_applied > 0 && t.confirmations_valid > 0, JSON.stringify(t));
  assert.ok(t.court_referrals.total > 0, JSON.stringify(t.court_referrals));
  assert.ok(r.json.groups.every((x) => /人民调解委员会$/.test(x.name)), 'committees only');
  // a generated one reads like a live one: record, timeline, agreement
  const list = await admin.get('/api/v1/mediations?org=130102&status=effective&limit=5');
  const one = (await admin.get(`/api/v1/mediations/${list.json.items[0].id}`)).json;
  assert.equal(one.case.status === 'resolved' || one.case.status === 'closed', true, one.case.status);
  assert.ok(one.timeline.length >= 4 && one.record.mediators.length === 1);
  const v = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});
