// admin.test.js - what admins edit besides orgs: time-limit policies
// (办理时限) that new deadlines use at once, and reply templates (常用语)
// with their org scope. Dates use the official 2026 calendar: Monday
// 2026-11-02 is an ordinary working week.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
let srv, admin, disp, handler, units;

const login = async (username) => {
  const c = srv.client();
  await c.login(username);
  return c;
};

before(async () => {
  srv = await startServer();
  admin = await login('city_admin');
  disp = await login('town_dispatcher');
  handler = await login('town_handler');
  units = (await disp.get('/api/v1/units?org=130102001')).json.items;
});
after(async () => { await srv.stop(); });

// Moving the clock ends sessions (idle expiry): log in again after it.
const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
  admin = await login('city_admin');
  disp = await login('town_dispatcher');
  handler = await login('town_handler');
};

// A citizen's case, classified, dispatched and (unless told) accepted.
async function newCase(category, flow, { accept = true } = {}) {
  const sub = await srv.client().post('/api/v1/public/cases', {
    category, org: VILLAGE, description: '楼道里的声控灯坏了两个多月，老人晚上上下楼很不方便，希望尽快修好。',
    applicant: { name: '钱先生', phone: '13600002222' },
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
const row = (items, flow, category = '') => items.find((p) => p.flow === flow && p.category === category);

test('staff read the built-in policies of every flow', async () => {
  const r = await handler.get('/api/v1/time-policies');
  assert.equal(r.status, 200, r.text);
  const items = r.json.items;
  for (const f of ['petition', 'litigation', 'dispute', 'livelihood', 'consult']) {
    const p = row(items, f);
    assert.ok(p, `a row for ${f}`);
    assert.equal(p.source, 'builtin');
  }
  assert.deepEqual(
    (({ accept_amount, accept_unit, resolve_amount, resolve_unit }) => ({ accept_amount, accept_unit, resolve_amount, resolve_unit }))(row(items, 'petition')),
    { accept_amount: 15, accept_unit: 'calendar', resolve_amount: 60, resolve_unit: 'calendar' });
  const labor = row(items, 'dispute', 'labor');
  assert.equal(labor.resolve_amount, 15);
  assert.equal(labor.category_name, '劳动争议');
  assert.equal(row(items, 'livelihood').resolve_unit, 'working');
  assert.equal(items[0].flow, 'petition', 'flows in their order');
  assert.equal(items.findIndex((p) => p.flow === 'dispute'), items.findIndex((p) => p.flow === 'dispute' && p.category === ''),
    'a flow row comes before its categories');
});

test('a changed policy sets the deadlines of new cases at once; old ones keep theirs; revert restores', async () => {
  await setNow('2026-11-02T09:00:00+08:00'); // Monday
  const before = await newCase('public_facility', 'livelihood');
  assert.equal((await get(before)).deadline, '2026-11-09T23:59:59+08:00', '5 working days');

  const put = await admin.put('/api/v1/time-policies/livelihood', {
    accept_amount: 2, accept_unit: 'working', resolve_amount: 10, resolve_unit: 'calendar',
  });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.source, 'custom');
  assert.equal(put.json.resolve_amount, 10);
  assert.equal(put.json.resolve_unit, 'calendar');
  assert.equal(put.json.builtin.resolve_amount, 5);
  assert.ok(put.json.updated_at);

  const waiting = await newCase('public_facility', 'livelihood', { accept: false });
  assert.equal((await get(waiting)).accept_deadline, '2026-11-04T23:59:59+08:00', '签收 within 2 working days');
  const after1 = await newCase('public_facility', 'livelihood');
  assert.equal((await get(after1)).deadline, '2026-11-12T23:59:59+08:00', '10 calendar days');
  assert.equal((await get(before)).deadline, '2026-11-09T23:59:59+08:00', 'a deadline already set stays');

  const list = (await handler.get('/api/v1/time-policies')).json.items;
  assert.equal(row(list, 'livelihood').source, 'custom');
  assert.equal(row(list, 'livelihood').updated_by, '石家庄市系统管理员', 'who changed it');

  const del = await admin.del('/api/v1/time-policies/livelihood');
  assert.equal(del.status, 204, del.text);
  const again = await newCase('public_facility', 'livelihood');
  assert.equal((await get(again)).deadline, '2026-11-09T23:59:59+08:00', 'back to 5 working days');
  expectError(assert, await admin.del('/api/v1/time-policies/livelihood'), 404, 'not_found');
  assert.equal(row((await handler.get('/api/v1/time-policies')).json.items, 'livelihood').source, 'builtin');
});

test('a category rule beats the flow rule; the built-in labour rule beats a custom flow rule', async () => {
  await setNow('2026-11-02T09:00:00+08:00');
  let r = await admin.put('/api/v1/time-policies/dispute', {
    accept_amount: 1, accept_unit: 'working', resolve_amount: 45, resolve_unit: 'calendar',
  });
  assert.equal(r.status, 200, r.text);
  r = await admin.put('/api/v1/time-policies/dispute', {
    category: 'neighbor', accept_amount: 1, accept_unit: 'working', resolve_amount: 7, resolve_unit: 'working',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.category, 'neighbor');
  assert.equal(r.json.category_name, '邻里纠纷');
  assert.equal(r.json.builtin, null, 'no built-in rule of its own');

  const neighbor = await newCase('neighbor', 'dispute');
  assert.equal((await get(neighbor)).deadline, '2026-11-11T23:59:59+08:00', '7 working days');
  const family = await newCase('marriage_family', 'dispute');
  assert.equal((await get(family)).deadline, '2026-12-17T23:59:59+08:00', 'the custom flow rule: 45 days');
  const labor = await newCase('labor', 'dispute');
  assert.equal((await get(labor)).deadline, '2026-11-17T23:59:59+08:00', 'the built-in labour rule: 15 days');

  const list = (await handler.get('/api/v1/time-policies')).json.items;
  assert.equal(row(list, 'dispute', 'neighbor').source, 'custom');

  assert.equal((await admin.del('/api/v1/time-policies/dispute?category=neighbor')).status, 204);
  assert.equal((await admin.del('/api/v1/time-policies/dispute')).status, 204);
  assert.equal(row((await handler.get('/api/v1/time-policies')).json.items, 'dispute', 'neighbor'), undefined,
    'a reverted category without a built-in rule leaves the list');
});

test('a policy survives a restart', async () => {
  const r = await admin.put('/api/v1/time-policies/consult', {
    accept_amount: 1, accept_unit: 'working', resolve_amount: 7, resolve_unit: 'working',
  });
  assert.equal(r.status, 200, r.text);
  await srv.stop({ keep: true });
  srv = await startServer({ db: srv.db, dir: srv.dir });
  admin = await login('city_admin');
  disp = await login('town_dispatcher');
  handler = await login('town_handler');
  units = (await disp.get('/api/v1/units?org=130102001')).json.items;
  await setNow('2026-11-02T09:00:00+08:00');
  const id = await newCase('other', 'consult');
  assert.equal((await get(id)).deadline, '2026-11-11T23:59:59+08:00', '7 working days after the restart');
  assert.equal((await admin.del('/api/v1/time-policies/consult')).status, 204);
});

test('policy writes are validated and reserved to city admins', async () => {
  const ok = { accept_amount: 2, accept_unit: 'working', resolve_amount: 10, resolve_unit: 'calendar' };
  expectError(assert, await admin.put('/api/v1/time-policies/nonsense', ok), 404, 'unknown_flow');
  expectError(assert, await admin.del('/api/v1/time-policies/nonsense'), 404, 'unknown_flow');
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', { ...ok, resolve_amount: 0 }), 422, 'invalid_amount');
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', { ...ok, accept_amount: 366 }), 422, 'invalid_amount');
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', { ...ok, resolve_unit: 'weeks' }), 422, 'invalid_unit');
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', { ...ok, category: 'no_such' }), 422, 'unknown_category');
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', { ...ok, category: 'emergency_fire' }), 422, 'unknown_category');
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', { ...ok, accept_amount: '2' }), 400, 'invalid_field');
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', { ...ok, accept_amount: 2.5 }), 400, 'invalid_field');
  const { resolve_unit, ...noUnit } = ok;
  expectError(assert, await admin.put('/api/v1/time-policies/dispute', noUnit), 400, 'missing_field');
  expectError(assert, await (await login('county_admin')).put('/api/v1/time-policies/dispute', ok), 403, 'forbidden');
  expectError(assert, await handler.put('/api/v1/time-policies/dispute', ok), 403);
  expectError(assert, await handler.del('/api/v1/time-policies/dispute'), 403);
  // Nothing of the above changed a rule.
  const list = (await handler.get('/api/v1/time-policies')).json.items;
  assert.ok(list.every((p) => p.source === 'builtin'), JSON.stringify(list.filter((p) => p.source !== 'builtin')));
});

// ---- reply templates ----

test('everyone is offered the platform templates; staff may not write', async () => {
  const r = await handler.get('/api/v1/reply-templates');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length >= 5, 'seeded templates');
  const t = r.json.items.find((x) => x.title === '调解成功');
  assert.ok(t);
  assert.equal(t.org_code, null);
  assert.equal(t.org_name, '全平台通用');
  assert.equal(t.editable, false);
  assert.ok(t.body.includes('司法确认'));
  const sorts = r.json.items.map((x) => x.sort);
  assert.deepEqual(sorts, [...sorts].sort((a, b) => a - b), 'in sort order');
  const q = await handler.get(`/api/v1/reply-templates?q=${encodeURIComponent('仲裁')}`);
  assert.ok(q.json.items.length >= 1);
  assert.ok(q.json.items.every((x) => x.title.includes('仲裁') || x.body.includes('仲裁')));
  const pct = await handler.get(`/api/v1/reply-templates?q=${encodeURIComponent('%')}`);
  assert.equal(pct.json.items.length, 0, '% is matched literally');

  expectError(assert, await handler.post('/api/v1/reply-templates', { title: '试', body: '试' }), 403);
  expectError(assert, await handler.patch(`/api/v1/reply-templates/${t.id}`, { body: '改' }), 403);
  expectError(assert, await handler.del(`/api/v1/reply-templates/${t.id}`), 403);
  expectError(assert, await handler.get('/api/v1/reply-templates?manage=1'), 403, 'forbidden');
  expectError(assert, await handler.get('/api/v1/reply-templates?manage=maybe'), 400, 'invalid_filter');
});

test('templates follow the org tree: offered below their org, managed within the admin\'s subtree', async () => {
  const county = await login('county_admin');
  const town = await login('town_admin');
  const cityHandler = await login('city_handler');

  const c = await county.post('/api/v1/reply-templates', {
    title: '长安区物业纠纷答复', body: '您反映的物业问题已转区住建局物业科处理，请保持电话畅通。', sort: 5,
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.org_code, '130102');
  assert.equal(c.json.editable, true);
  assert.equal(c.json.active, true);

  const seen = (await handler.get('/api/v1/reply-templates')).json.items;
  assert.equal(seen[0].id, c.json.id, 'the town handler is offered the county template, first by sort');
  assert.ok(!(await cityHandler.get('/api/v1/reply-templates')).json.items.some((x) => x.id === c.json.id),
    'not offered above its org');

  const t = await town.post('/api/v1/reply-templates', { title: '建北街道调解室地址', body: '调解地点：建北街道综治中心一楼调解室。' });
  assert.equal(t.status, 201, t.text);
  assert.equal(t.json.org_code, '130102001');

  // The county admin manages the town's template; the town admin only
  // sees the county's.
  const managed = (await county.get('/api/v1/reply-templates?manage=1')).json.items;
  assert.ok(managed.some((x) => x.id === t.json.id && x.editable));
  assert.ok(!(await county.get('/api/v1/reply-templates')).json.items.some((x) => x.id === t.json.id),
    'not offered to the county itself');
  expectError(assert, await town.patch(`/api/v1/reply-templates/${c.json.id}`, { body: '改' }), 403, 'template_readonly');
  expectError(assert, await town.del(`/api/v1/reply-templates/${c.json.id}`), 403, 'template_readonly');
  const p = await county.patch(`/api/v1/reply-templates/${t.json.id}`, { body: '调解地点：建北街道综治中心二楼调解室。' });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.body, '调解地点：建北街道综治中心二楼调解室。');
  assert.equal(p.json.title, '建北街道调解室地址', 'untouched fields stay');

  // Another county's template is not there for this county's admins.
  const other = await admin.post('/api/v1/reply-templates', { org_code: '130104', title: '桥西区专用', body: '桥西区的答复。' });
  assert.equal(other.status, 201, other.text);
  expectError(assert, await county.patch(`/api/v1/reply-templates/${other.json.id}`, { body: '改' }), 404, 'not_found');
  expectError(assert, await county.del(`/api/v1/reply-templates/${other.json.id}`), 404, 'not_found');
  expectError(assert, await county.post('/api/v1/reply-templates', { org_code: '130104', title: '越权', body: '越权' }), 404, 'org_not_found');
  expectError(assert, await county.post('/api/v1/reply-templates', { org_code: null, title: '全平台', body: '全平台' }), 403, 'forbidden');
  expectError(assert, await county.patch('/api/v1/reply-templates/999999', { body: '改' }), 404, 'not_found');

  // Platform templates: only city admins change them.
  const platform = seen.find((x) => x.org_code === null);
  expectError(assert, await county.patch(`/api/v1/reply-templates/${platform.id}`, { sort: 1 }), 403, 'forbidden');
  const cp = await admin.patch(`/api/v1/reply-templates/${platform.id}`, { sort: platform.sort + 1 });
  assert.equal(cp.status, 200, cp.text);
  assert.equal(cp.json.sort, platform.sort + 1);

  // Deactivated: no longer offered, still managed.
  assert.equal((await county.patch(`/api/v1/reply-templates/${c.json.id}`, { active: false })).status, 200);
  assert.ok(!(await handler.get('/api/v1/reply-templates')).json.items.some((x) => x.id === c.json.id));
  assert.ok((await county.get('/api/v1/reply-templates?manage=1')).json.items.some((x) => x.id === c.json.id && !x.active));

  // Removed.
  assert.equal((await county.del(`/api/v1/reply-templates/${t.json.id}`)).status, 204);
  expectError(assert, await county.del(`/api/v1/reply-templates/${t.json.id}`), 404, 'not_found');
  assert.ok(!(await county.get('/api/v1/reply-templates?manage=1')).json.items.some((x) => x.id === t.json.id));
});

test('template input is checked', async () => {
  const county = await login('county_admin');
  const ok = await county.post('/api/v1/reply-templates', { title: '重复标题', body: '内容' });
  assert.equal(ok.status, 201, ok.text);
  expectError(assert, await county.post('/api/v1/reply-templates', { title: '重复标题', body: '别的内容' }), 409, 'template_exists');
  const other = await county.post('/api/v1/reply-templates', { title: '另一条', body: '内容' });
  expectError(assert, await county.patch(`/api/v1/reply-templates/${other.json.id}`, { title: '重复标题' }), 409, 'template_exists');
  expectError(assert, await county.post('/api/v1/reply-templates', { body: '没有标题' }), 400, 'missing_field');
  expectError(assert, await county.post('/api/v1/reply-templates', { title: '标'.repeat(41), body: '内容' }), 400, 'invalid_field');
  expectError(assert, await county.post('/api/v1/reply-templates', { title: '空白', body: '   ' }), 400, 'missing_field');
  expectError(assert, await county.post('/api/v1/reply-templates', { title: '长', body: '字'.repeat(2001) }), 400, 'invalid_field');
  expectError(assert, await county.post('/api/v1/reply-templates', { title: '排序', body: '内容', sort: -1 }), 400, 'invalid_field');
  expectError(assert, await county.post('/api/v1/reply-templates', { title: '状态', body: '内容', active: 'yes' }), 400, 'invalid_field');
  expectError(assert, await county.patch(`/api/v1/reply-templates/${other.json.id}`, { org_code: '130102001' }), 400, 'invalid_field');
  expectError(assert, await county.patch('/api/v1/reply-templates/abc', { body: '改' }), 404);
  // Nothing above was stored.
  const titles = (await county.get('/api/v1/reply-templates?manage=1')).json.items.map((x) => x.title);
  assert.ok(!titles.includes('空白') && !titles.includes('排序') && !titles.includes('状态'));
});

test('a category rule must be of its flow; a 调休 working day must be a weekend day', async () => {
  const body = { category: 'neighbor', accept_amount: 2, accept_unit: 'working', resolve_amount: 20, resolve_unit: 'calendar' };
  expectError(assert, await admin.put('/api/v1/time-policies/petition', body), 422, 'category_flow_mismatch');
  assert.ok(!(await admin.get('/api/v1/time-policies')).json.items.some((p) => p.flow === 'petition' && p.category === 'neighbor'));
  expectError(assert, await admin.put('/api/v1/holidays/2026-12-07', { kind: 'work', name: '调休' }), 422, 'not_a_weekend');
  assert.ok(!(await admin.get('/api/v1/holidays?year=2026')).json.items.some((d) => d.day === '2026-12-07'));
  assert.equal((await admin.put('/api/v1/holidays/2026-12-05', { kind: 'work', name: '调休上班' })).status, 200);
});
