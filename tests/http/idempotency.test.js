// idempotency.test.js - writes sent with an Idempotency-Key (DESIGN.md
// §8): a retry answers as the first request did and stores nothing new;
// the same key with another body is refused; keys are per caller and path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
let srv, disp;

before(async () => {
  srv = await startServer();
  disp = srv.client();
  await disp.login('town_dispatcher');
});
after(async () => { await srv.stop(); });

const body = (extra = {}) => ({
  category: 'neighbor', org: VILLAGE,
  description: '楼上邻居每天深夜拖动家具，噪音很大，沟通过几次没有效果，希望社区出面协调。',
  applicant: { name: '孙女士', phone: '13500004444' }, ...extra,
});
const count = async () => (await disp.get('/api/v1/cases?inbox=triage&limit=100')).json.items.length;

test('a retried public submission gets the first answer and creates no second case', async () => {
  const before_ = await count();
  const key = 'c3a1f0e2-7d4b-4a8e-9c1f-2b6d8e0f1a23';
  const citizen = srv.client();
  const first = await citizen.post('/api/v1/public/cases', body(), { headers: { 'Idempotency-Key': key } });
  assert.equal(first.status, 201, first.text);
  const again = await citizen.post('/api/v1/public/cases', body(), { headers: { 'Idempotency-Key': key } });
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.json, first.json, 'same id, tracking number and query code');
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(await count(), before_ + 1);
  const track = await citizen.get(`/api/v1/public/cases/${first.json.tracking_no}?query_code=${again.json.query_code}`);
  assert.equal(track.status, 200, 'the replayed query code works');
  const other = await citizen.post('/api/v1/public/cases', body({ description: '另一件事：小区门口的下水道堵了好几天，污水横流，臭味很大。' }),
    { headers: { 'Idempotency-Key': key } });
  expectError(assert, other, 422, 'idempotency_key_reused');
  const without = await citizen.post('/api/v1/public/cases', body());
  assert.equal(without.status, 201);
  assert.notEqual(without.json.id, first.json.id, 'no key, no replay');
});

test('malformed keys are refused before anything is stored', async () => {
  const before_ = await count();
  for (const key of ['x'.repeat(129), 'has space', 'semi;colon', '%E9%94%AE']) {
    const r = await srv.client().req('POST', '/api/v1/public/cases', { json: body(), headers: { 'Idempotency-Key': key } });
    expectError(assert, r, 400, 'invalid_idempotency_key');
  }
  assert.equal(await count(), before_);
});

test('an action retried with its key is taken once; keys are per user', async () => {
  const sub = await srv.client().post('/api/v1/public/cases', body());
  const id = sub.json.id;
  const key = 'comment-1';
  const note = { action: 'comment', note: '已电话联系申请人，约定周三上门' };
  const a = await disp.post(`/api/v1/cases/${id}/actions`, note, { headers: { 'Idempotency-Key': key } });
  assert.equal(a.status, 200, a.text);
  const b = await disp.post(`/api/v1/cases/${id}/actions`, note, { headers: { 'Idempotency-Key': key } });
  assert.equal(b.status, 200, b.text);
  assert.equal(b.json.timeline.filter((e) => e.action === 'comment').length, 1);
  const other = srv.client();
  await other.login('town_leader');
  const c = await other.post(`/api/v1/cases/${id}/actions`, note, { headers: { 'Idempotency-Key': key } });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.timeline.filter((e) => e.action === 'comment').length, 2, 'another user\'s key is another key');
  const d = await disp.post(`/api/v1/cases/${id}/actions`, { action: 'comment', note: '不同内容' }, { headers: { 'Idempotency-Key': key } });
  expectError(assert, d, 422, 'idempotency_key_reused');
});
