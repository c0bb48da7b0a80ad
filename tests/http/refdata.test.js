// refdata.test.js - admins edit the category list and the holiday
// calendar; the running server counts with the change at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

let srv, admin, disp, handler;
before(async () => {
  srv = await startServer();
  admin = srv.client();
  await admin.login('city_admin');
  disp = srv.client();
  await disp.login('town_dispatcher');
  handler = srv.client();
  await handler.login('town_handler');
});
after(async () => { await srv.stop(); });

const intake = (category) => srv.client().post('/api/v1/public/cases', {
  category, org: '130102001001', description: '小区门口新开的烧烤店油烟太大，晚上一直排到楼上。',
  applicant: { name: '林女士', phone: '13700007777' },
});

test('categories: create, rename, deactivate; only admins; validation', async () => {
  const made = await admin.post('/api/v1/categories', { code: 'catering_smoke', name: '餐饮油烟', flow: 'livelihood' });
  assert.equal(made.status, 201, made.text);
  let pub = (await srv.client().get('/api/v1/categories')).json.items;
  assert.ok(pub.some((c) => c.code === 'catering_smoke' && c.flow === 'livelihood'));
  assert.equal((await intake('catering_smoke')).status, 201);
  const renamed = await admin.patch('/api/v1/categories/catering_smoke', { name: '油烟噪声扰民' });
  assert.equal(renamed.json.name, '油烟噪声扰民');
  const off = await admin.patch('/api/v1/categories/catering_smoke', { active: false });
  assert.equal(off.json.active, false);
  pub = (await srv.client().get('/api/v1/categories')).json.items;
  assert.ok(!pub.some((c) => c.code === 'catering_smoke'), 'hidden from the public list');
  expectError(assert, await intake('catering_smoke'), 422, 'unknown_category');
  const all = (await admin.get('/api/v1/admin/categories')).json.items;
  assert.ok(all.some((c) => c.code === 'catering_smoke' && c.active === false));
  expectError(assert, await admin.post('/api/v1/categories', { code: 'catering_smoke', name: '另一个', flow: 'dispute' }), 409);
  expectError(assert, await admin.post('/api/v1/categories', { code: 'dup_name', name: '婚姻家庭', flow: 'dispute' }), 409);
  expectError(assert, await admin.post('/api/v1/categories', { code: 'Bad Code', name: '坏', flow: 'dispute' }), 400);
  expectError(assert, await admin.post('/api/v1/categories', { code: 'no_flow', name: '无流程', flow: 'nonsense' }), 422);
  expectError(assert, await admin.post('/api/v1/categories', { code: 'gas', name: '燃气泄漏', emergency: true }), 422, 'invalid_call');
  assert.equal((await admin.post('/api/v1/categories', { code: 'gas', name: '燃气泄漏', emergency: true, call: '119' })).status, 201);
  const gas = await intake('gas');
  assert.equal(gas.status, 200);
  assert.equal(gas.json.call, '119');
  expectError(assert, await admin.patch('/api/v1/categories/nope', { name: 'x' }), 404);
  expectError(assert, await disp.post('/api/v1/categories', { code: 'x_y', name: '未授权', flow: 'dispute' }), 403);
});

test('holidays: an admin marks a day and the next deadline counts with it', async () => {
  const list = (await disp.get('/api/v1/holidays?year=2026')).json.items;
  assert.ok(list.some((d) => d.day === '2026-10-01' && d.kind === 'rest'));
  expectError(assert, await disp.put('/api/v1/holidays/2026-12-07', { kind: 'rest' }), 403);
  expectError(assert, await admin.put('/api/v1/holidays/2026-13-01', { kind: 'rest' }), 400);
  expectError(assert, await admin.put('/api/v1/holidays/2026-12-07', { kind: 'party' }), 400);
  // 民生事项: 5 working days from Tuesday 2026-12-01 end on Tuesday 12-08 ...
  const clock = await srv.client().post('/api/v1/test/clock', { now: '2026-12-01T10:00:00+08:00' });
  assert.equal(clock.status, 200, clock.text);
  for (const c of [admin, disp, handler]) await c.login(c === admin ? 'city_admin' : c === disp ? 'town_dispatcher' : 'town_handler');
  const office = (await disp.get('/api/v1/units?org=130102001')).json.items.find((u) => u.kind === 'justice_office');
  const deadlineOf = async () => {
    const id = (await intake('public_facility')).json.id;
    await disp.post(`/api/v1/cases/${id}/actions`, { action: 'classify', flow: 'livelihood', category: 'public_facility' });
    await disp.post(`/api/v1/cases/${id}/actions`, { action: 'dispatch', unit_id: office.id });
    await handler.post(`/api/v1/cases/${id}/actions`, { action: 'accept' });
    return (await disp.get(`/api/v1/cases/${id}`)).json.deadline;
  };
  assert.equal(await deadlineOf(), '2026-12-08T23:59:59+08:00');
  // ... and on Wednesday 12-09 once Monday 12-07 is a rest day.
  const set = await admin.put('/api/v1/holidays/2026-12-07', { kind: 'rest', name: '临时调整' });
  assert.equal(set.status, 200, set.text);
  assert.equal(await deadlineOf(), '2026-12-09T23:59:59+08:00');
  const del = await admin.del('/api/v1/holidays/2026-12-07');
  assert.equal(del.status, 204);
  assert.equal(await deadlineOf(), '2026-12-08T23:59:59+08:00');
  expectError(assert, await admin.del('/api/v1/holidays/2026-12-07'), 404);
});
