// grids.test.js - grids as places with people: a grid's name, boundary
// (GeoJSON), 网格长 / 网格员 / 监督员 and public notice are read by staff in
// scope and edited by admins in scope (PUT /api/v1/grids/{code}); bad
// GeoJSON, phones or accounts answer 422 naming the field and change
// nothing; a grid's staff become its workers for the base data (they see
// special-group tags); `fengqiao grid import` creates and updates grids
// from the template's CSV and reports broken rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, expectError, cli } from './harness.js';
import { idNumber } from './idgen.js';

const GRID = '130102001002002';
const POLY = { type: 'Polygon', coordinates: [[[114.52, 38.04], [114.53, 38.04], [114.53, 38.05], [114.52, 38.05], [114.52, 38.04]]] };
let srv;
const c = {};
const ids = {};
before(async () => {
  srv = await startServer();
  for (const u of ['town_admin', 'town_handler', 'town_dispatcher', 'county_leader', 'city_admin', 'town_grid_worker']) {
    c[u] = srv.client();
    await c[u].login(u);
  }
  for (const u of (await c.city_admin.get('/api/v1/users')).json.items) ids[u.username] = u.id;
});
after(async () => { await srv.stop(); });

test('staff list the grids of their scope and read one', async () => {
  const l = await c.town_handler.get('/api/v1/grids?org=130102001002&limit=2');
  assert.equal(l.status, 200, l.text);
  assert.ok(l.json.items.length >= 1);
  assert.ok(l.json.items.every((g) => g.code.startsWith('130102001002')));
  const all = await c.town_handler.get('/api/v1/grids?limit=200');
  assert.ok(all.json.items.every((g) => g.code.startsWith('130102001')), 'only the township');
  const far = await c.town_handler.get('/api/v1/grids/130104001001001');
  expectError(assert, far, 404);
  const g = await c.town_handler.get(`/api/v1/grids/${GRID}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.code, GRID);
  assert.equal(g.json.editable, false);
  expectError(assert, await c.town_handler.put(`/api/v1/grids/${GRID}`, { name: 'x' }), 403);
});

test('an admin edits name, staff, notice and boundary; bad input changes nothing', async () => {
  const a = c.town_admin;
  const r = await a.put(`/api/v1/grids/${GRID}`, {
    name: '幸福里网格', leader_user_id: ids.town_leader, worker_user_ids: [ids.town_handler],
    supervisor_user_ids: [ids.town_reviewer], extent: '幸福路以东、建设街以北', worker_name: '张网格',
    worker_phone: '13900000001', supervision_phone: '0311-12345', boundary: POLY,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, '幸福里网格');
  assert.equal(r.json.leader.user_id, ids.town_leader);
  assert.deepEqual(r.json.workers.map((u) => u.user_id), [ids.town_handler]);
  assert.deepEqual(r.json.supervisors.map((u) => u.user_id), [ids.town_reviewer]);
  assert.deepEqual(r.json.bbox, [114.52, 38.04, 114.53, 38.05]);
  const g = await c.county_leader.get(`/api/v1/grids/${GRID}`);
  assert.equal(g.json.extent, '幸福路以东、建设街以北');
  assert.equal(g.json.supervision_phone, '0311-12345');
  assert.deepEqual(g.json.boundary, POLY);
  // The org's name is the grid's name everywhere.
  assert.equal((await a.get(`/api/v1/orgs/${GRID}`)).json.name, '幸福里网格');

  const open = { type: 'Polygon', coordinates: [[[114.52, 38.04], [114.53, 38.04], [114.53, 38.05], [114.52, 38.06]]] };
  const bad = await a.put(`/api/v1/grids/${GRID}`, { name: '改名', boundary: open });
  expectError(assert, bad, 422, 'invalid_field');
  assert.match(bad.json.error.message, /boundary/);
  expectError(assert, await a.put(`/api/v1/grids/${GRID}`, { boundary: { type: 'Point', coordinates: [114, 38] } }), 422, 'invalid_field');
  expectError(assert, await a.put(`/api/v1/grids/${GRID}`, { worker_phone: 'call me' }), 422, 'invalid_field');
  // An account whose scope does not hold the grid cannot serve it.
  const foreign = await a.put(`/api/v1/grids/${GRID}`, { worker_user_ids: [ids.city_admin + 100000] });
  expectError(assert, foreign, 422, 'unknown_user');
  const same = await a.get(`/api/v1/grids/${GRID}`);
  assert.equal(same.json.name, '幸福里网格', 'nothing changed');
  assert.deepEqual(same.json.workers.map((u) => u.user_id), [ids.town_handler]);
  // Null removes the boundary.
  const nb = await a.put(`/api/v1/grids/${GRID}`, { boundary: null });
  assert.equal(nb.json.boundary, null);
  assert.equal(nb.json.bbox, null);
});

test('a grid\'s 网格员 is its worker for the base data: sees tags there, and writes there', async () => {
  const p = await c.town_dispatcher.post('/api/v1/people', { grid: GRID, name: '赵老汉', id_number: idNumber('13010219400101017'), tags: ['留守老人'] });
  assert.equal(p.status, 201, p.text);
  // town_handler, a handler, serves the grid as 网格员 (previous test).
  const h = await c.town_handler.get(`/api/v1/people/${p.json.id}`);
  assert.deepEqual(h.json.tags, ['留守老人']);
  const w = await c.town_handler.put(`/api/v1/people/${p.json.id}`, { phone: '13700001111' });
  assert.equal(w.status, 200, w.text);
  // The demo grid worker of another grid neither sees nor writes them.
  const gw = await c.town_grid_worker.get(`/api/v1/people/${p.json.id}`);
  expectError(assert, gw, 404);
});

test('fengqiao grid import: the template, a new grid and broken rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fq-grid-'));
  const file = join(dir, 'grids.csv');
  const tpl = readFileSync('data/basedata/grids.csv', 'utf8').trim().split('\n');
  writeFileSync(file, [
    tpl[0],
    tpl[1],
    '130102001001009,新建网格,,town_handler,,幸福路西,,,,',
    '130102001001010,坏边界,,,,,,,,"{""type"":""Polygon"",""coordinates"":[]}"',
    '999999999999001,无村,,,,,,,,',
    '130102001001011,无账号,,nobody_here,,,,,,',
  ].join('\n') + '\n');
  const errors = join(dir, 'errors.csv');
  const r = cli(['grid', 'import', '--db', srv.db, '--errors', errors, file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /imported 2 rows, refused 3/);
  assert.match(r.stdout, /1 new grids/);
  const rep = readFileSync(errors, 'utf8');
  assert.match(rep, /^4,boundary,invalid_field,/m);
  assert.match(rep, /^5,grid,unknown_org,/m);
  assert.match(rep, /^6,worker_user_ids,unknown_user,/m);
  const g = await c.town_admin.get('/api/v1/grids/130102001001009');
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.name, '新建网格');
  assert.deepEqual(g.json.workers.map((u) => u.username), ['town_handler']);
  const t = await c.town_admin.get('/api/v1/grids/130102001001001');
  assert.equal(t.json.worker_name, '张网格');
  assert.ok(t.json.boundary);
  assert.equal(t.json.leader.username, 'town_leader');
  expectError(assert, await c.town_admin.get('/api/v1/grids/130102001001010'), 404);
});
