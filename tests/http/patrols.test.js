// patrols.test.js - grid workers at work: patrol logs (巡查日志) with the
// households of their grid they visited, notes, photos and a location;
// 403 outside their grid, 422 naming a bad field with nothing stored;
// list filters and cursor pages; a case reported from a patrol links to
// it; a new tenant and a vacated house recorded on the spot; "my tasks";
// and the grid workers' assessment counting households visited,
// base-data updates and 平安码 call-back timeliness as they happen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, expectError } from './harness.js';
import { idNumber } from './idgen.js';

const GRID = '130102001001001'; // the demo grid workers' grid
const OTHER_GRID = '130102001002001'; // same township, another village

let srv;
const c = {};
before(async () => {
  srv = await startServer();
  for (const u of ['town_grid_worker', 'county_grid_worker', 'city_grid_worker', 'town_dispatcher', 'county_leader',
    'city_admin']) {
    c[u] = srv.client();
    await c[u].login(u);
  }
});
after(async () => { await srv.stop(); });

const iso = (ms) => new Date(ms).toISOString();
const hour = 3600e3;
const today = () => new Date(Date.now() + 8 * hour).toISOString().slice(0, 10); // China's day
const dayAt = (d) => new Date(Date.now() + 8 * hour + d * 24 * hour).toISOString().slice(0, 10);

async function households(grid, n) {
  const r = await c.city_admin.get(`/api/v1/households?grid=${grid}&limit=${n}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length >= n, `the demo has ${n} households in ${grid}`);
  return r.json.items.slice(0, n).map((h) => h.id);
}

async function patrolCount(q = '') {
  const r = await c.city_admin.get(`/api/v1/patrols?limit=100${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.length;
}

async function rankingOf(user) {
  // Yesterday to tomorrow: a call-back asked for before midnight falls due
  // after it, and the deltas below compare the same window.
  const r = await c.county_leader.get(`/api/v1/stats/rankings?org=130102001&from=${dayAt(-1)}&to=${dayAt(1)}&kind=grid_worker`);
  assert.equal(r.status, 200, r.text);
  const me = (await user.get('/api/v1/me')).json;
  const x = r.json.items.find((i) => i.user_id === me.id);
  assert.ok(x, 'the worker is ranked');
  return x;
}

// A 1x1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
  + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

async function upload(user) {
  const r = await user.req('POST', '/api/v1/attachments', { body: PNG, headers: { 'Content-Type': 'image/png' } });
  assert.equal(r.status, 201, r.text);
  return r.json.receipt;
}

let patrolId;

test('a grid worker logs a patrol with households, notes, a photo and a location', async () => {
  const gw = c.town_grid_worker;
  const before_ = await rankingOf(gw);
  const hh = await households(GRID, 3);
  const now = Date.now();
  const receipt = await upload(gw);
  const r = await gw.post('/api/v1/patrols', {
    started_at: iso(now - 2 * hour), ended_at: iso(now - hour), households: [hh[0], hh[1], hh[2], hh[0]],
    notes: '走访三户，了解邻里矛盾情况，一户反映楼道堆物。', photos: [receipt], lat: 38.0428, lon: 114.5149,
  });
  assert.equal(r.status, 201, r.text);
  patrolId = r.json.id;
  assert.equal(r.json.grid, GRID);
  assert.equal(r.json.households_visited, 3, 'a household named twice is visited once');
  assert.deepEqual(r.json.households.map((h) => h.id).sort(), [hh[0], hh[1], hh[2]].sort());
  assert.deepEqual(r.json.location, { lat: 38.0428, lon: 114.5149 });
  assert.equal(r.json.photos.length, 1);
  const photo = await fetch(srv.url + r.json.photos[0].url, { headers: { cookie: gw.cookie } });
  assert.equal(photo.status, 200);
  assert.equal(photo.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await photo.arrayBuffer()), PNG);
  // A spent receipt attaches nothing again.
  const again = await gw.post('/api/v1/patrols', { started_at: iso(now - hour), ended_at: iso(now), photos: [receipt] });
  expectError(assert, again, 422, 'unknown_attachment');

  const got = await c.town_dispatcher.get(`/api/v1/patrols/${patrolId}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.user.id, (await gw.get('/api/v1/me')).json.id);
  assert.equal(got.json.notes, '走访三户，了解邻里矛盾情况，一户反映楼道堆物。');
  const after_ = await rankingOf(gw);
  assert.equal(after_.households_visited, before_.households_visited + 3);
});

test('writing outside their grid is 403; only grid workers log patrols', async () => {
  const n = await patrolCount();
  const now = Date.now();
  const out = await c.town_grid_worker.post('/api/v1/patrols', { grid: OTHER_GRID, started_at: iso(now - hour), ended_at: iso(now) });
  expectError(assert, out, 403, 'outside_grid');
  const d = await c.town_dispatcher.post('/api/v1/patrols', { grid: GRID, started_at: iso(now - hour), ended_at: iso(now) });
  expectError(assert, d, 403, 'forbidden');
  assert.equal(await patrolCount(), n, 'nothing stored');
});

test('bad fields answer 422 naming the field and store nothing', async () => {
  const gw = c.town_grid_worker;
  const n = await patrolCount();
  const now = Date.now();
  const [other] = await households(OTHER_GRID, 1);
  const ok = { started_at: iso(now - hour), ended_at: iso(now) };
  const cases = [
    [{ ended_at: iso(now) }, 'missing_field', 'started_at'],
    [{ ...ok, started_at: 'yesterday' }, 'invalid_field', 'started_at'],
    [{ started_at: iso(now), ended_at: iso(now - hour) }, 'invalid_field', 'ended_at'],
    [{ started_at: iso(now), ended_at: iso(now + 5 * hour) }, 'invalid_field', 'ended_at'],
    [{ ...ok, households: [other] }, 'invalid_field', 'households'],
    [{ ...ok, households: ['x'] }, 'invalid_field', 'households'],
    [{ ...ok, households: [99999999] }, 'invalid_field', 'households'],
    [{ ...ok, lat: 95, lon: 114 }, 'invalid_field', 'lat'],
    [{ ...ok, lat: 38 }, 'invalid_field', 'lat'],
    [{ ...ok, notes: 42 }, 'invalid_field', 'notes'],
    [{ ...ok, grid: '999999999999999' }, 'unknown_grid', 'grid'],
  ];
  for (const [body, code, field] of cases) {
    const r = await gw.post('/api/v1/patrols', body);
    expectError(assert, r, 422, code);
    assert.ok(r.json.error.message.includes(field), `${JSON.stringify(body)}: ${r.json.error.message}`);
  }
  assert.equal(await patrolCount(), n, 'nothing stored');
});

test('the list filters by grid, user and period, in cursor pages', async () => {
  const gw = c.county_grid_worker;
  const now = Date.now();
  const hh = await households(GRID, 1);
  const created = [];
  for (let i = 0; i < 3; i++) {
    const r = await gw.post('/api/v1/patrols', { started_at: iso(now - (i + 1) * hour), ended_at: iso(now - i * hour), households: hh });
    assert.equal(r.status, 201, r.text);
    created.push(r.json.id);
  }
  const me = (await gw.get('/api/v1/me')).json.id;
  // Page through the worker's patrols two at a time (the demo's too).
  const seen = [];
  let cursor = null;
  for (let pages = 0; pages < 50; pages++) {
    const r = await c.town_dispatcher.get(`/api/v1/patrols?user=${me}&grid=${GRID}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= 2);
    seen.push(...r.json.items);
    cursor = r.json.next;
    if (!cursor) break;
  }
  assert.equal(cursor, null, 'the pages end');
  const ids = seen.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'no patrol on two pages');
  assert.ok(ids.every((id, i) => i === 0 || id < ids[i - 1]), 'newest first');
  assert.ok(seen.every((p) => p.user_id === me && p.grid === GRID));
  assert.ok(created.every((id) => ids.includes(id)), 'the new patrols are listed');
  const all = await c.town_dispatcher.get(`/api/v1/patrols?grid=${GRID}&limit=100`);
  assert.ok(all.json.items.some((p) => p.user_id !== me), 'without user=, other workers\' patrols too');
  const other = await c.town_dispatcher.get(`/api/v1/patrols?grid=${OTHER_GRID}&limit=100`);
  assert.equal(other.status, 200, other.text);
  assert.ok(other.json.items.every((p) => p.grid === OTHER_GRID));
  assert.ok(!other.json.items.some((p) => created.includes(p.id)));
  const past = await c.town_dispatcher.get(`/api/v1/patrols?from=2020-01-01&to=2020-01-31`);
  assert.equal(past.json.items.length, 0);
  const day = await c.town_dispatcher.get(`/api/v1/patrols?user=${me}&from=${today()}&to=${today()}`);
  assert.ok(day.json.items.length >= 1);
  expectError(assert, await c.town_dispatcher.get('/api/v1/patrols?from=soon'), 400, 'invalid_filter');
  expectError(assert, await c.town_grid_worker.get(`/api/v1/patrols?grid=${OTHER_GRID}`), 404, 'org_not_found');
});

test('a case reported from a patrol is a grid case linked to the patrol', async () => {
  const gw = c.town_grid_worker;
  const r = await gw.post(`/api/v1/patrols/${patrolId}/reports`, {
    category: 'neighbor', title: '楼道堆物', description: '3单元楼道堆放大量杂物，存在消防隐患，住户之间有争执。',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.patrol_id, patrolId);
  const kase = await c.town_dispatcher.get(`/api/v1/cases/${r.json.id}`);
  assert.equal(kase.json.channel, 'grid');
  assert.equal(kase.json.org, GRID);
  const p = await gw.get(`/api/v1/patrols/${patrolId}`);
  assert.deepEqual(p.json.cases.map((x) => x.id), [r.json.id]);
  // Only the patrol's worker reports from it; bad fields name the field.
  const n = p.json.cases.length;
  expectError(assert, await c.county_grid_worker.post(`/api/v1/patrols/${patrolId}/reports`, {
    category: 'neighbor', description: '另一名网格员试图从别人的巡查上报。',
  }), 403, 'forbidden');
  expectError(assert, await gw.post(`/api/v1/patrols/${patrolId}/reports`, { category: 'neighbor' }), 422, 'missing_field');
  expectError(assert, await gw.post(`/api/v1/patrols/${patrolId}/reports`, {
    category: 'neighbor', description: '地点在别的网格的事项上报。', org: OTHER_GRID,
  }), 403, 'outside_grid');
  assert.equal((await gw.get(`/api/v1/patrols/${patrolId}`)).json.cases.length, n);
  expectError(assert, await gw.get('/api/v1/patrols/99999999'), 404, 'not_found');
});

test('a new tenant and a vacated house, recorded on the spot, count as base-data updates', async () => {
  const gw = c.town_grid_worker;
  const before_ = await rankingOf(gw);
  const house = await gw.post('/api/v1/houses', { grid: GRID, address: '建北街道巡查路8号', use: '自住' });
  assert.equal(house.status, 201, house.text);
  const t = await gw.post(`/api/v1/houses/${house.json.id}/tenants`, {
    person: { name: '赵租客', id_number: idNumber('13010219900101003'), kind: '流动', phone: '13900001111' },
  });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.use, '出租');
  assert.deepEqual(t.json.tenant_ids, [t.json.tenant_id]);
  const person = await gw.get(`/api/v1/people/${t.json.tenant_id}`);
  assert.equal(person.json.house_id, house.json.id);
  assert.equal(person.json.grid, GRID);
  // A bad new tenant stores nothing: neither the person nor the house.
  const bad = await gw.post(`/api/v1/houses/${house.json.id}/tenants`, { person: { name: '坏号码', id_number: '130102199001010000' } });
  expectError(assert, bad, 422, 'invalid_field');
  assert.deepEqual((await gw.get(`/api/v1/houses/${house.json.id}`)).json.tenant_ids, [t.json.tenant_id]);
  expectError(assert, await gw.post(`/api/v1/houses/${house.json.id}/tenants`, {}), 422, 'missing_field');

  const v = await gw.post(`/api/v1/houses/${house.json.id}/vacate`, {});
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.use, '空置');
  assert.ok(v.json.tenant_ids === null || v.json.tenant_ids.length === 0, JSON.stringify(v.json.tenant_ids));
  assert.equal((await gw.get(`/api/v1/people/${t.json.tenant_id}`)).json.house_id, null, 'the tenant moved out');

  // Outside the grid: a tenant registered elsewhere is 403, a house out
  // of the worker's scope reads as absent (404); nothing changed.
  const outside = await gw.post(`/api/v1/houses/${house.json.id}/tenants`, {
    person: { grid: OTHER_GRID, name: '钱外来', id_number: idNumber('13010219910101005') },
  });
  expectError(assert, outside, 403, 'outside_grid');
  assert.equal((await gw.get(`/api/v1/houses/${house.json.id}`)).json.use, '空置');
  const far = await c.city_admin.post('/api/v1/houses', { grid: OTHER_GRID, address: '别处1号', use: '出租' });
  assert.equal(far.status, 201, far.text);
  expectError(assert, await gw.post(`/api/v1/houses/${far.json.id}/vacate`, {}), 404, 'not_found');
  assert.equal((await c.city_admin.get(`/api/v1/houses/${far.json.id}`)).json.use, '出租');

  // house create + tenant + vacate: three updates
  const after_ = await rankingOf(gw);
  assert.equal(after_.basedata_updates, before_.basedata_updates + 3);
  assert.ok(after_.basedata_updates > 0);
});

// The signed 平安码 token the grid's poster prints.
async function gridToken(user) {
  const res = await fetch(`${srv.url}/api/v1/grids/${GRID}/poster.pdf`, { headers: { cookie: user.cookie } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'fq-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), Buffer.from(await res.arrayBuffer()));
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const m = r.stdout.replace(/\s+/g, '').match(/\/m\/\?t=(v1\.grid\.\d+\.[A-Za-z0-9_-]+)/);
    assert.ok(m, r.stdout);
    return m[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const citizen = (title) => ({
  category: 'neighbor', title,
  description: '小区楼下的烧烤摊每天营业到凌晨，油烟和噪音很大，老人孩子都休息不好。',
  applicant: { name: '孙立新', phone: '13811112222' },
});

test('平安码 call-backs count for the worker who owes them: on time, late, and still running', async () => {
  const token = await gridToken(c.city_admin);
  const pub = srv.client();
  const submit = async (title) => {
    const r = await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(token)}`, citizen(title));
    assert.equal(r.status, 201, r.text);
    return (await c.city_admin.get(`/api/v1/cases/${r.json.id}`)).json;
  };
  const first = await submit('楼下烧烤油烟扰民');
  const ids = {};
  for (const u of ['town_grid_worker', 'county_grid_worker', 'city_grid_worker']) ids[(await c[u].get('/api/v1/me')).json.id] = u;
  const owner = c[ids[first.place.worker_id]];
  assert.ok(owner, 'the call-back is owed by one of the grid\'s workers');
  const before_ = await rankingOf(owner);
  // Still running: neither late nor on time yet.
  assert.deepEqual((await rankingOf(owner)).callback, before_.callback);
  const done = await owner.post(`/api/v1/cases/${first.id}/actions`, { action: 'comment', note: '已回电，约定明早现场查看' });
  assert.equal(done.status, 200, done.text);
  const onTime = await rankingOf(owner);
  assert.equal(onTime.callback.due, before_.callback.due + 1);
  assert.equal(onTime.callback.on_time, before_.callback.on_time + 1);

  const second = await submit('小区门口井盖松动');
  let t = await srv.client().post('/api/v1/test/clock', { offset: 31 * 60 });
  assert.equal(t.status, 200, t.text);
  const late = await rankingOf(owner);
  assert.equal(late.callback.due, onTime.callback.due + 1, 'a missed limit is due');
  assert.equal(late.callback.on_time, onTime.callback.on_time);
  assert.ok(late.callback.rate < 1);
  const tasks = (await owner.get('/api/v1/me/tasks')).json.items;
  assert.ok(tasks.some((x) => x.kind === 'callback' && x.id === second.id), 'the call-back owed is a task');
  await owner.post(`/api/v1/cases/${second.id}/actions`, { action: 'comment', note: '已回电' });
  const after_ = await rankingOf(owner);
  assert.equal(after_.callback.due, late.callback.due);
  assert.equal(after_.callback.on_time, late.callback.on_time, 'a late call-back is not on time');
  assert.ok(!(await owner.get('/api/v1/me/tasks')).json.items.some((x) => x.kind === 'callback' && x.id === second.id));
  t = await srv.client().post('/api/v1/test/clock', { offset: 0 });
  assert.equal(t.status, 200, t.text);
  // The score moves with the share: weights callback only.
  const w = await c.city_admin.put('/api/v1/stats/grid-weights', { reports: 0, valid_reports: 0, screening: 0, households: 0, basedata: 0, callback: 100 });
  assert.equal(w.status, 200, w.text);
  const scored = await rankingOf(owner);
  assert.equal(scored.score, Math.round(1000 * scored.callback.on_time / scored.callback.due) / 10);
  await c.city_admin.put('/api/v1/stats/grid-weights', { reports: 10, valid_reports: 40, screening: 25, households: 5, basedata: 5, callback: 15 });
});

test('my tasks: screenings, call-backs due and follow-ups in one list', async () => {
  const r = await c.town_grid_worker.get('/api/v1/me/tasks');
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.json.items));
  assert.equal(r.json.total, r.json.items.length);
  for (const t of r.json.items) assert.ok(['screening', 'callback', 'follow_up'].includes(t.kind), t.kind);
  expectError(assert, await srv.client().get('/api/v1/me/tasks'), 401);
});
