// authz.test.js - the authorization matrix: every staff role of a township
// and a user of the neighbouring township, against every action, each on a
// fresh case in a state where the action is possible. Allowed → 200,
// in scope but not permitted → 403, out of scope → 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.js';

const GRID = '130102001001001'; // first grid of 棉一东社区: the demo grid worker's
let srv;
const users = {};
let units;

const ROLES = ['admin', 'leader', 'dispatcher', 'handler', 'mediator', 'grid_worker', 'reviewer'];

before(async () => {
  srv = await startServer();
  for (const r of ROLES) {
    users[r] = srv.client();
    await users[r].login(`town_${r}`);
  }
  const admin = srv.client();
  await admin.login('county_admin');
  const made = await admin.post('/api/v1/users', { username: 'qy_dispatcher', password: 'Qingyuan#2026', role: 'dispatcher', org: '130102002' });
  assert.equal(made.status, 201, made.text);
  users.outside = srv.client();
  await users.outside.firstLogin('qy_dispatcher', 'Qingyuan#2026');
  units = (await users.dispatcher.get('/api/v1/units?org=130102001')).json.items;
});
after(async () => { await srv.stop(); });

const office = () => units.find((u) => u.kind === 'justice_office').id;
const police = () => units.find((u) => u.kind === 'police_station').id;

async function ok(c, id, body) {
  const r = await c.post(`/api/v1/cases/${id}/actions`, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
}

// A fresh case brought to state.
async function caseIn(state) {
  const sub = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: GRID, description: '邻居在楼道里堆放杂物，多次沟通都不清理，影响通行和消防安全。',
    applicant: { name: '孙先生', phone: '13700002222' },
  });
  assert.equal(sub.status, 201, sub.text);
  const id = sub.json.id;
  const d = users.dispatcher, h = users.handler;
  const steps = {
    registered: [],
    triaged: [[d, { action: 'classify', flow: 'dispute', category: 'neighbor' }]],
    dispatched: [[d, { action: 'classify', flow: 'dispute', category: 'neighbor' }], [d, { action: 'dispatch', unit_id: office() }]],
  };
  steps.handling = [...steps.dispatched, [h, { action: 'accept' }]];
  steps.resolved = [...steps.handling, [h, { action: 'resolve', outcome: 'mediated', summary: '已调解' }]];
  steps.visited = [...steps.resolved, [h, { action: 'visit', satisfaction: '满意' }]];
  steps.closed = [...steps.visited, [h, { action: 'close' }]];
  for (const [c, body] of steps[state]) await ok(c, id, body);
  return id;
}

// action → [state, body, roles allowed]
const MATRIX = [
  ['classify', 'registered', () => ({ action: 'classify', flow: 'dispute', category: 'neighbor' }), ['leader', 'dispatcher']],
  ['reject', 'registered', () => ({ action: 'reject', reason: '重复反映', referral: '无' }), ['leader', 'dispatcher']],
  ['dispatch', 'triaged', () => ({ action: 'dispatch', unit_id: office() }), ['leader', 'dispatcher']],
  ['accept', 'dispatched', () => ({ action: 'accept' }), ['handler', 'mediator']],
  ['return', 'dispatched', () => ({ action: 'return', reason: '不属于本单位' }), ['handler', 'mediator']],
  ['comment', 'handling', () => ({ action: 'comment', note: '已电话联系' }), ['leader', 'dispatcher', 'handler', 'mediator', 'grid_worker']],
  ['cohandle', 'handling', () => ({ action: 'cohandle', unit_ids: [police()] }), ['handler']],
  ['mediate', 'handling', () => ({ action: 'mediate', time: '2026-11-25T09:00:00+08:00', place: '调解室', mediators: ['张三'], result: '达成一致' }), ['handler', 'mediator']],
  ['supervise', 'handling', () => ({ action: 'supervise', note: '请加快办理' }), ['leader', 'dispatcher']],
  ['escalate', 'handling', () => ({ action: 'escalate', reason: '超出权限' }), ['leader', 'dispatcher', 'handler']],
  ['resolve', 'handling', () => ({ action: 'resolve', outcome: 'mediated', summary: '调解成功' }), ['handler', 'mediator']],
  ['extend', 'handling', () => ({ action: 'extend', days: 10, reason: '需要补充材料' }), ['handler']],
  ['visit', 'resolved', () => ({ action: 'visit', satisfaction: '满意' }), ['leader', 'dispatcher', 'handler', 'mediator']],
  ['close', 'visited', () => ({ action: 'close' }), ['leader', 'dispatcher', 'handler', 'mediator']],
  ['reopen', 'closed', () => ({ action: 'reopen', reason: '出现新情况' }), ['leader', 'dispatcher', 'handler', 'mediator']],
];

for (const [action, state, body, allowed] of MATRIX) {
  test(`${action} in ${state}: allowed for ${allowed.join(', ')}`, async () => {
    for (const who of [...ROLES, 'outside']) {
      const id = await caseIn(state);
      const r = await users[who].post(`/api/v1/cases/${id}/actions`, body());
      const want = who === 'outside' ? 404 : allowed.includes(who) ? 200 : 403;
      assert.equal(r.status, want, `${who} ${action}: ${r.text}`);
      if (want !== 200) {
        assert.ok(r.json?.error?.code, 'an error body');
        const c = (await users.leader.get(`/api/v1/cases/${id}`)).json;
        assert.equal(c.timeline.at(-1).action === action, false, 'a refused action leaves no trace');
      }
    }
  });
}

test('allowed_actions agrees with what the server accepts', async () => {
  const id = await caseIn('handling');
  const h = (await users.handler.get(`/api/v1/cases/${id}`)).json.allowed_actions;
  for (const a of ['comment', 'cohandle', 'mediate', 'escalate', 'resolve', 'extend']) assert.ok(h.includes(a), a);
  assert.ok(!h.includes('dispatch') && !h.includes('accept'));
  const g = (await users.grid_worker.get(`/api/v1/cases/${id}`)).json.allowed_actions;
  assert.deepEqual(g, ['comment']);
  const rv = (await users.reviewer.get(`/api/v1/cases/${id}`)).json.allowed_actions;
  assert.deepEqual(rv, []);
  assert.equal((await users.outside.get(`/api/v1/cases/${id}`)).status, 404);
});
