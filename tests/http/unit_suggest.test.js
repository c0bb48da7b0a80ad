// unit_suggest.test.js - GET /api/v1/cases/{id}/unit-suggestions: the
// dispatch suggestions come from the server's routing table and each
// unit's categories, nearest level first, scoped like the case itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001'; // 棉一东社区, 建北街道, 长安区
let srv;
let disp;

before(async () => {
  srv = await startServer();
  disp = srv.client();
  await disp.login('town_dispatcher');
});
after(async () => { await srv.stop(); });

async function submit(category, description) {
  const r = await srv.client().post('/api/v1/public/cases', {
    category, org: VILLAGE, channel: 'h5', title: '测试事项', description,
    applicant: { name: '刘桂兰', phone: '13812340001' },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

test('a marriage dispute goes to the village first, then the 司法所, with county and city units after', async () => {
  const id = await submit('marriage_family', '我和丈夫因为孩子抚养的事情吵了很久，想请村里帮忙调解一下家庭矛盾。');
  const r = await disp.get(`/api/v1/cases/${id}/unit-suggestions`);
  assert.equal(r.status, 200, r.text);
  const items = r.json.items;
  assert.ok(items.length >= 4, r.text);
  for (const u of items) for (const k of ['unit_id', 'name', 'kind', 'org', 'level', 'reason']) assert.ok(k in u, `${k} in ${JSON.stringify(u)}`);
  assert.equal(items[0].kind, 'village_committee');
  assert.equal(items[0].org, VILLAGE);
  assert.match(items[0].reason, /婚姻家庭/);
  const rank = (pred) => items.findIndex(pred);
  const jo = rank((u) => u.kind === 'justice_office' && u.org === '130102001');
  assert.ok(jo > 0, 'the 司法所 is suggested');
  // Every unit lies on the case's place chain, from the city down.
  for (const u of items) assert.ok(VILLAGE.startsWith(u.org), `${u.org} covers the place`);
  const levels = new Set(items.map((u) => u.level));
  assert.ok(levels.has(2) && levels.has(1), 'county and city units are offered');
  // A city industry mediation committee for marriage and family is among them.
  assert.ok(items.some((u) => u.level === 1 && u.kind === 'mediation_committee'), 'city mediation committee');
  // Suggested units come before the units that only cover the area.
  const firstPlain = items.findIndex((u) => !u.suggested);
  if (firstPlain >= 0) assert.ok(items.slice(firstPlain).every((u) => !u.suggested));
});

test('the ranking follows the category: wages go to 司法所 and 人社局, never a village committee first', async () => {
  const id = await submit('wage_arrears', '工地老板拖欠我们三个月工资一直不给，找了好几次都说没钱。');
  const items = (await disp.get(`/api/v1/cases/${id}/unit-suggestions`)).json.items;
  assert.notEqual(items[0].kind, 'village_committee');
  const hrss = items.findIndex((u) => u.kind === 'hrss');
  const vc = items.findIndex((u) => u.kind === 'village_committee');
  assert.ok(hrss >= 0 && items[hrss].suggested, 'the county 人社局 is suggested');
  assert.ok(vc === -1 || vc > hrss, 'a village committee is not preferred for wages');
  // A planned classification ranks for that category instead.
  const planned = (await disp.get(`/api/v1/cases/${id}/unit-suggestions?category=marriage_family`)).json.items;
  assert.equal(planned[0].kind, 'village_committee');
  expectError(assert, await disp.get(`/api/v1/cases/${id}/unit-suggestions?category=no_such`), 422, 'unknown_category');
});

test('out of scope reads as 404, and inactive units are left out', async () => {
  const id = await submit('neighbor', '隔壁邻居家的空调外机对着我家窗户，天天嗡嗡响，协商了几次不改。');
  const other = srv.client();
  await other.login('city_admin');
  const r0 = (await disp.get(`/api/v1/cases/${id}/unit-suggestions`)).json.items;
  const top = r0[0];
  const off = await other.patch(`/api/v1/units/${top.unit_id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  const r1 = (await disp.get(`/api/v1/cases/${id}/unit-suggestions`)).json.items;
  assert.ok(!r1.some((u) => u.unit_id === top.unit_id), 'inactive unit left out');
  await other.patch(`/api/v1/units/${top.unit_id}`, { active: true });
  // Readers above the place see the same suggestions; unknown ids read as 404.
  const far = srv.client();
  await far.login('city_dispatcher');
  assert.equal((await far.get(`/api/v1/cases/${id}/unit-suggestions`)).status, 200);
  expectError(assert, await disp.get('/api/v1/cases/99999999/unit-suggestions'), 404, 'not_found');
  expectError(assert, await disp.get('/api/v1/cases/abc/unit-suggestions'), 404, 'not_found');
});
