// timelimits.test.js - deadlines on the working-day calendar and the
// yellow/red clock, driven by the test build's adjustable clock. Dates use
// the official 2026 arrangement: 国庆 10-01..10-07 off, Saturday 10-10 a
// working day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.js';

const VILLAGE = '130102001001';
let srv, disp, handler, units;

before(async () => {
  srv = await startServer();
  disp = srv.client();
  await disp.login('town_dispatcher');
  handler = srv.client();
  await handler.login('town_handler');
  units = (await disp.get('/api/v1/units?org=130102001')).json.items;
});
after(async () => { await srv.stop(); });

// Moving the clock days ahead ends the sessions (idle and absolute
// expiry), as it would for real: log in again at the new time.
const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
  await disp.login('town_dispatcher');
  await handler.login('town_handler');
  return r.json;
};

async function newCase(category, flow, { accept = true } = {}) {
  const sub = await srv.client().post('/api/v1/public/cases', {
    category, org: VILLAGE, description: '小区门口的路灯坏了一个多月，晚上出行很不安全，希望尽快修好。',
    applicant: { name: '赵女士', phone: '13600001111' },
  });
  assert.equal(sub.status, 201, sub.text);
  const id = sub.json.id;
  const unit = units.find((u) => u.kind === 'justice_office');
  for (const body of [{ action: 'classify', flow, category }, { action: 'dispatch', unit_id: unit.id }]) {
    const r = await disp.post(`/api/v1/cases/${id}/actions`, body);
    assert.equal(r.status, 200, r.text);
  }
  if (accept) {
    const r = await handler.post(`/api/v1/cases/${id}/actions`, { action: 'accept' });
    assert.equal(r.status, 200, r.text);
  }
  return id;
}

const get = async (id) => (await disp.get(`/api/v1/cases/${id}`)).json;

test('5 working days across the National Day week count the adjusted Saturday', async () => {
  await setNow('2026-09-30T10:00:00+08:00');
  const id = await newCase('public_facility', 'livelihood');
  let c = await get(id);
  assert.equal(c.deadline, '2026-10-13T23:59:59+08:00');
  assert.equal(c.warning, 'none');
  await setNow('2026-10-08T12:00:00+08:00');
  assert.equal((await get(id)).warning, 'none');
  await setNow('2026-10-11T12:00:00+08:00');
  c = await get(id);
  assert.equal(c.warning, 'yellow', 'past 75 % of the time');
  const yellow = await disp.get('/api/v1/cases?warning=yellow&limit=100');
  assert.ok(yellow.json.items.some((x) => x.id === id), 'the yellow list shows it');
  await setNow('2026-10-14T00:00:05+08:00');
  c = await get(id);
  assert.equal(c.warning, 'red');
  assert.ok(c.timeline.some((e) => e.action === 'warn' && e.payload.warning === 'red'));
  const overdue = await handler.get('/api/v1/cases?inbox=overdue');
  assert.equal(overdue.status, 200, overdue.text);
  assert.ok(overdue.json.items.some((x) => x.id === id), 'the handler inbox 已超期 shows it');
});

test('3 working days from a Friday skip the weekend', async () => {
  await setNow('2026-11-20T10:00:00+08:00');
  const id = await newCase('other', 'consult');
  assert.equal((await get(id)).deadline, '2026-11-25T23:59:59+08:00');
});

test('accepting a dispatch: 1 working day, Friday to Monday', async () => {
  await setNow('2026-11-20T16:00:00+08:00');
  const id = await newCase('neighbor', 'dispute', { accept: false });
  let c = await get(id);
  assert.equal(c.status, 'dispatched');
  assert.equal(c.accept_deadline, '2026-11-23T23:59:59+08:00');
  await setNow('2026-11-24T00:00:01+08:00');
  c = await get(id);
  assert.equal(c.warning, 'red');
  const r = await handler.post(`/api/v1/cases/${id}/actions`, { action: 'accept' });
  assert.equal(r.status, 200, r.text);
  c = await get(id);
  assert.equal(c.warning, 'none', 'the new stage starts a new clock');
});

test('30 calendar days ending on a holiday move to the next working day', async () => {
  await setNow('2026-09-01T09:00:00+08:00');
  const id = await newCase('neighbor', 'dispute');
  assert.equal((await get(id)).deadline, '2026-10-08T23:59:59+08:00');
});

test('petition: extension asked by the handler, approved by a leader, at most 30 days', async () => {
  await setNow('2026-09-01T09:00:00+08:00');
  const id = await newCase('land_acquisition', 'petition');
  const before = (await get(id)).deadline;
  assert.equal(before, '2026-11-02T23:59:59+08:00', '60 days end on Saturday 10-31, moved to Monday');
  const tooLong = await handler.post(`/api/v1/cases/${id}/actions`, { action: 'extend', days: 31, reason: '需要调查' });
  assert.equal(tooLong.status, 422, tooLong.text);
  const ask = await handler.post(`/api/v1/cases/${id}/actions`, { action: 'extend', days: 30, reason: '需要补充调查' });
  assert.equal(ask.status, 200, ask.text);
  const leader = srv.client();
  await leader.login('town_leader');
  const ok = await leader.post(`/api/v1/cases/${id}/actions`, { action: 'extend', approve: true });
  assert.equal(ok.status, 200, ok.text);
  const c = await get(id);
  assert.notEqual(c.deadline, before);
  assert.equal(c.extended_days, 30);
  const again = await handler.post(`/api/v1/cases/${id}/actions`, { action: 'extend', days: 10, reason: '再延' });
  assert.equal(again.status, 409, 'a petition is extended once');
});

test('a working-day flow is extended in working days, and the countdown comes from the server calendar', async () => {
  await setNow('2026-09-30T10:00:00+08:00');
  const id = await newCase('public_facility', 'livelihood');
  let c = await get(id);
  assert.equal(c.deadline, '2026-10-13T23:59:59+08:00');
  // 10-08, 10-09, Saturday 10-10 (调休), 10-12, 10-13: the holidays are not counted.
  assert.equal(c.deadline_days_left, 5, 'server countdown on the official calendar');
  const row = (await disp.get('/api/v1/cases?status=handling&limit=100')).json.items.find((x) => x.id === id);
  assert.equal(row.deadline_days_left, 5, 'lists carry the same countdown');
  const ask = await handler.post(`/api/v1/cases/${id}/actions`, { action: 'extend', days: 5, reason: '需要协调供电部门' });
  assert.equal(ask.status, 200, ask.text);
  const leader = srv.client();
  await leader.login('town_leader');
  const ok = await leader.post(`/api/v1/cases/${id}/actions`, { action: 'extend', approve: true });
  assert.equal(ok.status, 200, ok.text);
  c = await get(id);
  // 5 working days after Tuesday 10-13 end on Tuesday 10-20 (calendar days would give 10-19).
  assert.equal(c.deadline, '2026-10-20T23:59:59+08:00');
  assert.equal(c.deadline_days_left, 10);
});
