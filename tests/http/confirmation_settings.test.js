// confirmation_settings.test.js - a court's days for judicial confirmation
// (issue 14 item 4: accept within 3 days, rule within 15, extendable by 10,
// each a court setting of at most 30 days, 民诉法 art. 187): the default,
// who may change them, bad values that store nothing, and a change that
// reaches later applications while running ones keep their days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const DAY = 86400e3;
let srv, admin, townAdmin, countyLeader, disp, sec, clerk, leader;
const units = {};
let mediatorId;

async function login(name, password) {
  const c = srv.client();
  await c.login(name, password);
  return c;
}

async function staff(username, role, org, unit) {
  const r = await admin.post('/api/v1/users', { username, password: 'Confirm#2026', role, org, unit_id: unit.id });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  await c.firstLogin(username, 'Confirm#2026');
  return c;
}

before(async () => {
  srv = await startServer();
  admin = await login('city_admin');
  townAdmin = await login('town_admin');
  countyLeader = await login('county_leader');
  disp = await login('county_dispatcher');
  const list = async (org) => (await admin.get(`/api/v1/units?org=${org}`)).json.items;
  units.traffic = (await list('1301')).find((u) => u.name.includes('交通事故纠纷人民调解委员会'));
  units.court = (await list('130102')).find((u) => u.kind === 'court');
  units.office = (await list('130102001')).find((u) => u.kind === 'justice_office');
  for (const [k, v] of Object.entries(units)) assert.ok(v, `demo unit ${k}`);
  sec = await staff('cs_secretary', 'mediator', '1301', units.traffic);
  clerk = await staff('cs_clerk', 'handler', '130102', units.court);
  leader = await staff('cs_president', 'leader', '130102', units.court);
  const m = await admin.post('/api/v1/mediators', { unit_id: units.traffic.id, name: '期限调解员', kind: 'hired', full_time: true });
  assert.equal(m.status, 201, m.text);
  mediatorId = m.json.id;
});
after(async () => { await srv.stop(); });

const path = (id = units.court.id) => `/api/v1/confirmation-settings/${id}`;

// An effective oral agreement of the traffic committee, applied for
// confirmation at the court: the confirmation's id.
async function applied() {
  const c = await srv.client().post('/api/v1/public/cases', {
    category: 'traffic', org: '130102001001', channel: 'h5', title: '电动车剐蹭赔偿',
    description: '电动车在小区门口剐蹭了轿车，双方对赔偿金额有争议，申请调解。',
    applicant: { name: '周甲', phone: '13812340001' }, respondents: [{ name: '周乙' }],
  });
  assert.equal(c.status, 201, c.text);
  const m = await disp.post(`/api/v1/cases/${c.json.id}/mediation`, { unit_id: units.traffic.id, source: 'application' });
  assert.equal(m.status, 201, m.text);
  const act = async (body) => {
    const r = await sec.post(`/api/v1/mediations/${m.json.id}/actions`, body);
    assert.equal(r.status, 200, `${body.action}: ${r.text}`);
    return r.json;
  };
  await act({ action: 'accept', consents: [{ party: '周甲', consent: true }, { party: '周乙', consent: true }] });
  await act({ action: 'assign', mediator_ids: [mediatorId] });
  await act({ action: 'agree', form: 'oral', terms: '当场赔偿三百元。' });
  const r = await act({ action: 'apply_confirmation', court_unit_id: units.court.id, applicants: ['周甲', '周乙'], basis: '双方共同申请' });
  return r.confirmations[0].id;
}

async function courtAct(id, body) {
  const r = await clerk.post(`/api/v1/confirmations/${id}/actions`, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

const days = (from, to) => (Date.parse(to) - Date.parse(from)) / DAY;

test('the platform default until a court sets its own; staff read, the court\'s handler may not edit', async () => {
  const r = await clerk.get(path());
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(
    { accept_days: r.json.accept_days, rule_days: r.json.rule_days, extend_days: r.json.extend_days, source: r.json.source },
    { accept_days: 3, rule_days: 15, extend_days: 10, source: 'default' });
  assert.equal(r.json.source_label, '平台默认');
  assert.equal(r.json.court_unit_id, units.court.id);
  assert.equal(r.json.court, units.court.name);
  assert.equal(r.json.editable, false, 'the handler is bound by the days, not their keeper');
  assert.equal((await sec.get(path())).json.editable, false);
  assert.equal((await admin.get(path())).json.editable, true, 'an admin over the court');
  assert.equal((await leader.get(path())).json.editable, true, 'the court\'s own leader');
  expectError(assert, await admin.get(path(units.office.id)), 422, 'not_a_court');
  expectError(assert, await admin.get(path(987654321)), 404, 'not_found');
  expectError(assert, await srv.client().get(path()), 401);
});

test('bad values answer 422 invalid_field naming the field, and store nothing', async () => {
  const good = { accept_days: 5, rule_days: 20, extend_days: 10 };
  const bad = [
    ['accept_days', { ...good, accept_days: 0 }], ['accept_days', { ...good, accept_days: 31 }],
    ['accept_days', { rule_days: 20, extend_days: 10 }], ['rule_days', { ...good, rule_days: 2.5 }],
    ['rule_days', { ...good, rule_days: '20' }], ['rule_days', { ...good, rule_days: 0 }],
    ['rule_days', { ...good, rule_days: null }], ['extend_days', { ...good, extend_days: -1 }],
    ['extend_days', { ...good, extend_days: 31 }], ['extend_days', { ...good, extend_days: true }],
  ];
  for (const [field, body] of bad) {
    const r = await admin.put(path(), body);
    expectError(assert, r, 422, 'invalid_field');
    assert.ok(r.json.error.message.includes(field), `${JSON.stringify(body)}: ${r.json.error.message}`);
  }
  expectError(assert, await admin.put(path(), [1, 2, 3]), 400, 'bad_json');
  expectError(assert, await admin.put(path(units.office.id), good), 422, 'not_a_court');
  expectError(assert, await admin.put(path(987654321), good), 404, 'not_found');
  const now = (await admin.get(path())).json;
  assert.equal(now.source, 'default', 'nothing was stored');
  assert.equal(now.rule_days, 15);
});

test('only an admin over the court or the court\'s leader may change them: 403 for others', async () => {
  const body = { accept_days: 4, rule_days: 20, extend_days: 5 };
  expectError(assert, await clerk.put(path(), body), 403, 'forbidden');
  expectError(assert, await sec.put(path(), body), 403, 'forbidden');
  expectError(assert, await disp.put(path(), body), 403, 'forbidden');
  expectError(assert, await townAdmin.put(path(), body), 403, 'forbidden'); // the court's county is above the town
  expectError(assert, await countyLeader.put(path(), body), 403, 'forbidden'); // a leader, but not of the court
  expectError(assert, await clerk.del(path()), 403, 'forbidden');
  assert.equal((await admin.get(path())).json.source, 'default', 'nothing was stored');
  const r = await admin.put(path(), body);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.accept_days, r.json.rule_days, r.json.extend_days, r.json.source, r.json.source_label],
    [4, 20, 5, 'court', '本院设置']);
  const d = await admin.del(path());
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.source, 'default');
});

test('a change reaches confirmations applied for after it; running ones keep their days; DELETE reverts', async () => {
  const early = await applied(); // under the default: 3 / 15 / 10
  const put = await leader.put(path(), { accept_days: 7, rule_days: 30, extend_days: 0 });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual([put.json.accept_days, put.json.rule_days, put.json.extend_days, put.json.source], [7, 30, 0, 'court']);
  const read = (await clerk.get(path())).json;
  assert.deepEqual([read.accept_days, read.rule_days, read.extend_days, read.source_label], [7, 30, 0, '本院设置']);

  const late = await applied();
  const lateApplied = (await clerk.get(`/api/v1/confirmations/${late}`)).json;
  assert.equal(days(lateApplied.applied_at, lateApplied.accept_deadline), 7);
  const earlyApplied = (await clerk.get(`/api/v1/confirmations/${early}`)).json;
  assert.equal(days(earlyApplied.applied_at, earlyApplied.accept_deadline), 3);

  // both accepted after the change: each on the days it was applied under
  let a = await courtAct(late, { action: 'accept', case_no: '（2026）冀0102民特调确字第2号' });
  assert.equal(days(a.accepted_at, a.rule_deadline), 30, 'the new 30-day rule');
  expectError(assert, await clerk.post(`/api/v1/confirmations/${late}/actions`, { action: 'extend' }), 409, 'invalid_transition');
  let b = await courtAct(early, { action: 'accept', case_no: '（2026）冀0102民特调确字第1号' });
  assert.equal(days(b.accepted_at, b.rule_deadline), 15, 'the earlier application keeps its 15 days');
  b = await courtAct(early, { action: 'extend' });
  assert.equal(days(b.accepted_at, b.rule_deadline), 25, 'and its extension of 10');

  // the operation log holds the change
  const log = await admin.get(`/api/v1/operation-log?limit=50&action=${encodeURIComponent('PUT /api/v1/confirmation-settings/{court_unit_id}')}`);
  assert.equal(log.status, 200, log.text);
  assert.ok(log.json.items.some((x) => x.target === String(units.court.id) && x.username === 'cs_president' && x.status === 200),
    JSON.stringify(log.json.items));

  // DELETE: the default again, for the next application
  const d = await leader.del(path());
  assert.equal(d.status, 200, d.text);
  assert.deepEqual([d.json.accept_days, d.json.rule_days, d.json.extend_days, d.json.source, d.json.source_label],
    [3, 15, 10, 'default', '平台默认']);
  const next = await applied();
  const c = await courtAct(next, { action: 'accept', case_no: '（2026）冀0102民特调确字第3号' });
  assert.equal(days(c.accepted_at, c.rule_deadline), 15);
  a = (await clerk.get(`/api/v1/confirmations/${late}`)).json;
  assert.equal(days(a.accepted_at, a.rule_deadline), 30, 'the running one keeps its 30 days');
});
