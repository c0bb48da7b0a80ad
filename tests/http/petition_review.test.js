// petition_review.test.js - 复查 and 复核 of a petition (信访工作条例 2022
// arts. 35-36) on the case kind: the 30-day windows to ask (on the test
// clock), the reviewing levels and their decisions with the 30-day clocks,
// the citizen's own request with the query code (a wrong code sees
// nothing), and the detector's final_no_reaccept mark on a near-duplicate
// appeal by the same applicant after the 复核.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
const TEXT = '村委会私自把集体土地租给外地老板建厂，村民分不到租金，多次到镇里反映没有结果，请求上级查处。';
let srv, units;
const users = {};
const NAMES = ['town_dispatcher', 'town_handler', 'county_dispatcher', 'county_leader', 'city_dispatcher'];

async function loginAll() {
  for (const n of NAMES) {
    users[n] = users[n] || srv.client();
    await users[n].login(n);
  }
}
before(async () => {
  srv = await startServer();
  await loginAll();
  units = (await users.town_dispatcher.get('/api/v1/units?org=130102001')).json.items;
});
after(async () => { await srv.stop(); });

// The clock moves the sessions' expiry too: log in again at the new time.
const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
  await loginAll();
};
const act = (who, id, body) => users[who].post(`/api/v1/cases/${id}/actions`, body);
const get = async (id, who = 'town_dispatcher') => (await users[who].get(`/api/v1/cases/${id}`)).json;
const pub = (no, code) => srv.client().get(`/api/v1/public/cases/${encodeURIComponent(no)}?query_code=${code}`);
const pubAct = (no, body) => srv.client().post(`/api/v1/public/cases/${encodeURIComponent(no)}/actions`, body);

async function submit(description = TEXT, phone = '13711112222') {
  const r = await srv.client().post('/api/v1/public/cases', {
    category: 'village_affairs', org: VILLAGE, description, applicant: { name: '钱大伯', phone },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// A case answered (resolved) now by the township's 司法所.
async function answered(flow = 'petition') {
  const sub = await submit();
  const unit = units.find((u) => u.kind === 'justice_office');
  for (const [who, body] of [
    ['town_dispatcher', { action: 'classify', flow, category: 'village_affairs' }],
    ['town_dispatcher', { action: 'dispatch', unit_id: unit.id }],
    ['town_handler', { action: 'accept' }],
    ['town_handler', { action: 'resolve', outcome: 'answered', summary: '经核查，土地租赁经村民代表会议表决，程序合法，已书面答复。' }],
  ]) {
    const r = await act(who, sub.id, body);
    assert.equal(r.status, 200, r.text);
  }
  return sub;
}

test('复查 is open for 30 days after the answer, on petitions only', async () => {
  await setNow('2026-09-02T10:00:00+08:00'); // a Wednesday
  const a = await answered();
  const b = await answered();
  const d = await answered('dispute');
  let c = await get(a.id);
  assert.equal(c.review, null);
  assert.equal(c.final, false);
  assert.ok(c.allowed_actions.includes('request_review'), c.allowed_actions.join());
  assert.ok(!c.allowed_actions.includes('request_re_review') && !c.allowed_actions.includes('decide_review'));
  assert.ok(!(await get(d.id)).allowed_actions.includes('request_review'), 'not on a dispute');
  expectError(assert, await act('town_dispatcher', d.id, { action: 'request_review', reason: '不服' }), 409, 'invalid_transition');
  // Nobody is the reviewing level before a request; a handler never asks.
  expectError(assert, await act('county_dispatcher', a.id, { action: 'decide_review', result: 'upheld', opinion: '维持' }), 403, 'forbidden');
  expectError(assert, await act('town_handler', a.id, { action: 'request_review', reason: '不服' }), 403, 'forbidden');
  expectError(assert, await act('town_dispatcher', a.id, { action: 'request_review' }), 400, 'missing_field');

  // The 30th day after 09-02 is 10-02, in the National Day week: the
  // window stays open to the end of the next working day, 10-08.
  await setNow('2026-10-08T20:00:00+08:00');
  const pa = await pub(a.tracking_no, a.query_code);
  assert.equal(pa.status, 200, pa.text);
  assert.deepEqual(pa.json.allowed_actions, ['request_review']);
  let r = await pubAct(a.tracking_no, { query_code: a.query_code, action: 'request_review', reason: '答复认定事实不清，请求复查' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.review.stage, 'review');
  assert.match(r.json.review.requested_at, /^2026-10-08T20:00:/);
  assert.equal(r.json.review.deadline, '2026-11-09T23:59:59+08:00',
    '30 days end on Saturday 11-07: the next working day');
  assert.ok(r.json.timeline.some((e) => e.action === 'request_review'), 'the citizen sees the request');
  assert.deepEqual(r.json.allowed_actions, [], 'nothing more to ask while it is pending');

  await setNow('2026-10-09T00:00:05+08:00');
  expectError(assert, await pubAct(b.tracking_no, { query_code: b.query_code, action: 'request_review', reason: '请求复查' }), 409, 'review_window_closed');
  expectError(assert, await act('town_dispatcher', b.id, { action: 'request_review', reason: '代为申请' }), 409, 'review_window_closed');
  assert.ok(!(await get(b.id)).allowed_actions.includes('request_review'));
  assert.equal((await get(b.id)).review, null, 'a refusal stores nothing');
  // Other flows stay 409 invalid_transition, not a window.
  expectError(assert, await act('town_dispatcher', d.id, { action: 'request_review', reason: '不服' }), 409, 'invalid_transition');
});

test('a wrong query code sees nothing and can ask for nothing', async () => {
  await setNow('2026-10-10T10:00:00+08:00'); // an adjusted working Saturday
  const a = await answered();
  expectError(assert, await pub(a.tracking_no, 'WRONG1'), 404, 'not_found');
  expectError(assert, await pubAct(a.tracking_no, { query_code: 'WRONG1', action: 'request_review', reason: '请求复查' }), 404, 'not_found');
  expectError(assert, await pubAct('130102-20261010-9999', { query_code: a.query_code, action: 'request_review', reason: 'x' }), 404, 'not_found');
  // The public path takes the review requests only.
  expectError(assert, await pubAct(a.tracking_no, { query_code: a.query_code, action: 'reopen', reason: '重办' }), 403, 'forbidden');
  expectError(assert, await pubAct(a.tracking_no, { query_code: a.query_code, action: 'fly', reason: '重办' }), 400, 'unknown_action');
  const c = await get(a.id);
  assert.equal(c.review, null);
  assert.ok(!c.timeline.some((e) => e.action === 'request_review'));
});

test('复查 by the county, 复核 by the city, each within 30 days; then final, and a repeat is marked', async () => {
  await setNow('2026-10-12T09:00:00+08:00'); // a Monday
  const a = await answered();
  let r = await act('town_dispatcher', a.id, { action: 'request_review', reason: '申请人来信不服答复，代为登记复查申请' });
  assert.equal(r.status, 200, r.text);
  let c = r.json;
  assert.equal(c.review.stage, 'review');
  assert.equal(c.review.reviewing_org, '130102', 'a township answer is reviewed by its county');
  assert.equal(c.review.deadline, '2026-11-11T23:59:59+08:00');
  assert.equal(c.status, 'resolved', 'the case keeps its status');
  assert.ok(!c.allowed_actions.includes('decide_review'), 'the township does not review itself');
  expectError(assert, await act('town_dispatcher', a.id, { action: 'decide_review', result: 'upheld', opinion: '维持' }), 403, 'forbidden');
  expectError(assert, await act('city_dispatcher', a.id, { action: 'decide_review', result: 'upheld', opinion: '维持' }), 403, 'forbidden');
  expectError(assert, await act('town_handler', a.id, { action: 'reopen', reason: '重办' }), 409, 'invalid_transition');
  assert.ok((await get(a.id, 'county_dispatcher')).allowed_actions.includes('decide_review'));

  // The county's clock: yellow after 75 % of the 30 days, red once past.
  await setNow('2026-11-05T09:00:00+08:00');
  c = await get(a.id, 'county_leader');
  assert.equal(c.warning, 'yellow');
  expectError(assert, await act('county_leader', a.id, { action: 'decide_review', result: 'kept', opinion: '维持' }), 400, 'invalid_field');
  expectError(assert, await act('county_leader', a.id, { action: 'decide_review', result: 'upheld' }), 400, 'missing_field');
  // A 5-day hearing is not counted: decided on day 32, on time.
  await setNow('2026-11-13T10:00:00+08:00');
  c = await get(a.id, 'county_leader');
  assert.equal(c.warning, 'red');
  r = await act('county_leader', a.id, { action: 'decide_review', result: 'upheld', opinion: '原答复认定事实清楚，维持。', hearing_days: 5 });
  assert.equal(r.status, 200, r.text);
  c = r.json;
  assert.equal(c.review.result, 'upheld');
  assert.match(c.review.decided_at, /^2026-11-13T10:00:/);
  assert.equal(c.review.deadline, '2026-11-16T23:59:59+08:00', '30 + 5 days');
  assert.equal(c.review.hearing_days, 5);
  assert.equal(c.final, false);
  assert.equal(c.warning, 'none', 'the clock stopped');
  const ev = c.timeline.find((e) => e.action === 'decide_review');
  assert.equal(ev.payload.on_time, true);
  assert.equal(ev.payload.result, 'upheld');

  // 复核 within 30 days of the 复查 decision: 11-13 + 30 is Sunday 12-13,
  // so Monday 12-14 still counts.
  await setNow('2026-12-14T16:00:00+08:00');
  const p = await pub(a.tracking_no, a.query_code);
  assert.equal(p.json.review.result, 'upheld');
  assert.deepEqual(p.json.allowed_actions, ['request_re_review']);
  expectError(assert, await pubAct(a.tracking_no, { query_code: a.query_code, action: 'request_review', reason: '再次复查' }), 409, 'invalid_transition');
  r = await pubAct(a.tracking_no, { query_code: a.query_code, action: 'request_re_review', reason: '对复查意见不服，请求复核' });
  assert.equal(r.status, 200, r.text);
  c = await get(a.id, 'city_dispatcher');
  assert.equal(c.review.stage, 're_review');
  assert.equal(c.review.reviewing_org, '1301', 'the level above the county that reviewed');
  assert.equal(c.review.result, null);
  assert.ok(c.allowed_actions.includes('decide_review'));
  expectError(assert, await act('county_dispatcher', a.id, { action: 'decide_review', result: 'upheld', opinion: '维持' }), 403, 'forbidden');
  r = await act('city_dispatcher', a.id, { action: 'decide_review', result: 'upheld', opinion: '复核维持复查意见，信访事项终结。' });
  assert.equal(r.status, 200, r.text);
  c = r.json;
  assert.equal(c.final, true);
  assert.equal(c.review.final, true);
  assert.equal(c.review.stage, 're_review');
  for (const x of ['request_review', 'request_re_review', 'decide_review'])
    assert.ok(!c.allowed_actions.includes(x), x);
  const actions = c.timeline.map((e) => e.action);
  for (const x of ['request_review', 'decide_review', 'request_re_review'])
    assert.ok(actions.includes(x), x);
  assert.equal(actions.filter((x) => x === 'decide_review').length, 2);
  assert.equal(c.timeline_verified, true);
  expectError(assert, await pubAct(a.tracking_no, { query_code: a.query_code, action: 'request_re_review', reason: '再次复核' }), 409, 'invalid_transition');

  // A new appeal: another person's copy, the same person on another
  // matter, then the same person with the same text retyped.
  const otherPerson = await submit(TEXT, '13899990000');
  const otherText = await submit('我家门口的下水道堵了半个月，污水漫到院子里，请社区尽快派人疏通。');
  const repeat = await submit(`再次反映：${TEXT}`);
  const deadline = Date.now() + 10000;
  let mark = null;
  while (!mark && Date.now() < deadline) {
    mark = (await get(repeat.id)).final_no_reaccept;
    if (!mark) await new Promise((res) => setTimeout(res, 200));
  }
  assert.deepEqual(mark, { case_id: a.id, tracking_no: a.tracking_no });
  const rc = await get(repeat.id);
  const e = rc.timeline.find((x) => x.action === 'final_no_reaccept');
  assert.ok(e, 'the mark is on the timeline');
  assert.equal(e.payload.tracking_no, a.tracking_no);
  assert.equal(e.public, false);
  assert.equal((await get(otherText.id)).final_no_reaccept, null, 'another matter is not marked');
  assert.equal((await get(otherPerson.id)).final_no_reaccept, null, 'another applicant is not marked');
  const pr = await pub(repeat.tracking_no, repeat.query_code);
  assert.equal(pr.json.final_no_reaccept, undefined, 'the dispatcher’s note, not the citizen’s');
});
