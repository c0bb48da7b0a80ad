// settings.test.js - platform-wide settings change only at the top: the
// category list (emergency flags included), the holiday calendar, the
// warning thresholds, the time limits and platform-wide reply templates hold
// for every citizen and every deadline, so only admins of the deployment's
// home org (石家庄市 here) change them. Everyone else reads them; a write
// answers 403 forbidden and changes nothing; every change is in the
// operation log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

let srv, city, county, town, cityDisp;

async function login(name) {
  const c = srv.client();
  await c.login(name);
  return c;
}

// Everything these settings are, as a reader sees them.
async function snapshot(c) {
  const get = async (p) => { const r = await c.get(p); assert.equal(r.status, 200, `${p}: ${r.text}`); return r.json; };
  return {
    categories: (await get('/api/v1/categories')).items,
    holidays: (await get('/api/v1/holidays')).items,
    warnings: await get('/api/v1/warning-settings'),
    policies: (await get('/api/v1/time-policies')).items,
    templates: (await get('/api/v1/reply-templates')).items.filter((t) => t.org_code === null || t.org_code === '1301'),
  };
}

let platformTemplate, homeTemplate;

before(async () => {
  srv = await startServer();
  city = await login('city_admin');
  county = await login('county_admin');
  town = await login('town_admin');
  cityDisp = await login('city_dispatcher');
  const items = (await city.get('/api/v1/reply-templates')).json.items;
  platformTemplate = items.find((t) => t.org_code === null);
  assert.ok(platformTemplate, 'the seeded platform templates');
  const h = await city.post('/api/v1/reply-templates', { org_code: '1301', title: '全市统一答复', body: '全市统一的答复口径。' });
  assert.equal(h.status, 201, h.text);
  homeTemplate = h.json;
});
after(async () => { await srv.stop(); });

// Each write of a platform-wide setting, as the township admin of the
// issue would try it.
const writes = () => [
  ['POST', '/api/v1/categories', { code: 'town_made', name: '乡镇自建类别', flow: 'dispute' }],
  ['PATCH', '/api/v1/categories/neighbor', { emergency: true, call: '110' }],
  ['PATCH', '/api/v1/categories/marriage_family', { active: false }],
  ['PUT', '/api/v1/holidays/2027-03-03', { kind: 'rest', name: '自定休息日' }],
  ['DELETE', '/api/v1/holidays/2026-10-01'],
  ['PUT', '/api/v1/warning-settings', { cluster_count: 50 }],
  ['PUT', '/api/v1/time-policies/dispute', { accept_amount: 3, accept_unit: 'working', resolve_amount: 90, resolve_unit: 'calendar' }],
  ['DELETE', '/api/v1/time-policies/livelihood'],
  ['POST', '/api/v1/reply-templates', { org_code: null, title: '乡镇写的全平台答复', body: '不应出现。' }],
  ['PATCH', `/api/v1/reply-templates/${platformTemplate.id}`, { body: '被下级改掉的全平台答复' }],
  ['DELETE', `/api/v1/reply-templates/${platformTemplate.id}`],
  ['PATCH', `/api/v1/reply-templates/${homeTemplate.id}`, { body: '被下级改掉的全市答复' }],
  ['DELETE', `/api/v1/reply-templates/${homeTemplate.id}`],
];

test('/me tells the pages who may change the platform settings', async () => {
  assert.equal((await city.get('/api/v1/me')).json.settings_editable, true);
  for (const c of [county, town, cityDisp]) assert.equal((await c.get('/api/v1/me')).json.settings_editable, false);
  const r = await srv.client().post('/api/v1/session', { username: 'county_admin', password: 'Fengqiao@2026' });
  assert.equal(r.json.user.settings_editable, false);
});

test('township and county admins get 403 forbidden on every setting write, and nothing changes', async () => {
  // A city admin's policy to try reverting.
  const pol = await city.put('/api/v1/time-policies/livelihood', { accept_amount: 2, accept_unit: 'working', resolve_amount: 7, resolve_unit: 'working' });
  assert.equal(pol.status, 200, pol.text);
  const before = await snapshot(town);
  for (const c of [town, county]) {
    for (const [method, path, body] of writes()) {
      const r = await c.req(method, path, body === undefined ? {} : { json: body });
      expectError(assert, r, 403, 'forbidden');
    }
  }
  assert.deepEqual(await snapshot(town), before, 'nothing stored');
  // The neighbour dispute of the issue is still an ordinary case.
  const intake = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: '130102001001', description: '楼上邻居每天半夜装修，噪音很大，沟通多次没有效果。',
    applicant: { name: '赵女士', phone: '13700001111' },
  });
  assert.equal(intake.status, 201, intake.text);
  // They still read everything, and lower admins still manage their own
  // subtree's templates.
  assert.ok(before.categories.length > 0 && before.holidays.length > 0 && before.policies.length > 0);
  const own = await county.post('/api/v1/reply-templates', { title: '长安区答复', body: '长安区自己的答复。' });
  assert.equal(own.status, 201, own.text);
  assert.equal((await county.patch(`/api/v1/reply-templates/${own.json.id}`, { body: '长安区改过的答复。' })).status, 200);
  // A dispatcher of the home org is no admin.
  expectError(assert, await cityDisp.put('/api/v1/warning-settings', { cluster_count: 50 }), 403, 'forbidden');
});

test('the home org admin changes each of them, and every change is in the operation log', async () => {
  for (const [method, path, body] of writes()) {
    const r = await city.req(method, path, body === undefined ? {} : { json: body });
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  }
  const now = await snapshot(city);
  assert.equal(now.categories.find((c) => c.code === 'neighbor').emergency, true);
  assert.ok(now.categories.some((c) => c.code === 'town_made'));
  assert.ok(now.holidays.some((d) => d.day === '2027-03-03') && !now.holidays.some((d) => d.day === '2026-10-01'));
  assert.equal(now.warnings.cluster_count, 50);
  assert.ok(!now.templates.some((t) => t.id === platformTemplate.id || t.id === homeTemplate.id));

  const log = [];
  let next = null;
  do {
    const r = await city.get(`/api/v1/operation-log?limit=200${next ? `&cursor=${next}` : ''}`);
    assert.equal(r.status, 200, r.text);
    log.push(...r.json.items);
    next = r.json.next;
  } while (next);
  for (const [method, path] of writes()) {
    assert.ok(log.some((x) => x.username === 'city_admin' && x.method === method && x.path === path && x.result === 'success'),
      `change ${method} ${path} logged`);
    for (const who of ['town_admin', 'county_admin']) {
      assert.ok(log.some((x) => x.username === who && x.method === method && x.path === path && x.status === 403 && x.error_code === 'forbidden'),
        `refusal of ${who} ${method} ${path} logged`);
    }
  }
});
