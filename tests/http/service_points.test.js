// service_points.test.js - the service map (云地图): the public search in
// distance order with each point's distance and open_now (on the holiday
// calendar), near= outside the valid range (400), coordinates converted
// from GCJ-02 and BD-09 on input, admins' edits in scope, the CSV import
// (idempotent, bad rows reported by line), and the look-up counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, expectError, cli } from './harness.js';

let srv, admin, townAdmin, handler;

// An independent GCJ-02 / BD-09 (the published formulas) to make inputs.
const PI = Math.PI, A = 6378245.0, EE = 0.00669342162296594323, XPI = PI * 3000 / 180;
function tLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
  r += (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3;
  r += (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
  return r;
}
function tLon(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
  r += (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3;
  r += (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
  return r;
}
function toGcj(lat, lon) {
  let dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
  const rad = lat / 180 * PI;
  let magic = 1 - EE * Math.sin(rad) ** 2;
  const sq = Math.sqrt(magic);
  dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * PI);
  dLon = (dLon * 180) / (A / sq * Math.cos(rad) * PI);
  return [lat + dLat, lon + dLon];
}
function toBd(lat, lon) {
  const [g1, g2] = toGcj(lat, lon);
  const z = Math.sqrt(g2 * g2 + g1 * g1) + 0.00002 * Math.sin(g1 * XPI);
  const t = Math.atan2(g1, g2) + 0.000003 * Math.cos(g2 * XPI);
  return [z * Math.sin(t) + 0.006, z * Math.cos(t) + 0.0065];
}
function haversine(la1, lo1, la2, lo2) {
  const r = (d) => d * PI / 180, R = 6371008.8;
  const h = Math.sin(r(la2 - la1) / 2) ** 2 + Math.cos(r(la1)) * Math.cos(r(la2)) * Math.sin(r(lo2 - lo1) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

// A spot far from the demo's points (石家庄 is 37.4-38.8 N): the search
// there meets only this file's points.
const HERE = [41.2, 118.1];
const metresNorth = (m) => m / 111195;

const login = async (u) => { const c = srv.client(); await c.login(u); return c; };
const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
  admin = await login('city_admin');
};

before(async () => {
  srv = await startServer();
  admin = await login('city_admin');
  townAdmin = await login('town_admin');
  handler = await login('town_handler');
});
after(async () => { await srv.stop(); });

const made = {};
async function create(body, c = admin) {
  const r = await c.post('/api/v1/service-points', body);
  return r;
}

test('admins create points; coordinates in GCJ-02 and BD-09 are stored in WGS-84', async () => {
  const base = { org_code: '130102001', hours: '1-5 08:30-12:00,14:30-17:30', services: '人民调解、法律咨询' };
  // 1 km north, given in GCJ-02 as Amap would show it.
  const p1 = [HERE[0] + metresNorth(1000), HERE[1]];
  let r = await create({ ...base, type: 'justice_office', name: '测试一司法所', crs: 'gcj02', lat: toGcj(...p1)[0], lon: toGcj(...p1)[1] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.crs, 'gcj02');
  assert.ok(Math.abs(r.json.lat - p1[0]) < 1e-6 && Math.abs(r.json.lon - p1[1]) < 1e-6, JSON.stringify(r.json));
  assert.ok(Math.abs(r.json.gcj02.lat - toGcj(...p1)[0]) < 1e-6);
  assert.equal(r.json.type_label, '司法所');
  made.p1 = r.json.id;
  // 300 m north, given in BD-09 (Baidu).
  const p2 = [HERE[0] + metresNorth(300), HERE[1]];
  r = await create({ ...base, type: '司法所', name: '测试二司法所', crs: 'bd09', lat: toBd(...p2)[0], lon: toBd(...p2)[1] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.type, 'justice_office');
  assert.ok(Math.abs(r.json.lat - p2[0]) < 1e-6 && Math.abs(r.json.lon - p2[1]) < 1e-6, JSON.stringify(r.json));
  made.p2 = r.json.id;
  // 5 km north, WGS-84 (the default), a 24-hour police post open on holidays.
  const p3 = [HERE[0] + metresNorth(5000), HERE[1]];
  r = await create({ ...base, type: 'police_post', name: '测试警务站', lat: p3[0], lon: p3[1], hours: '24h', open_on_holidays: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.crs, 'wgs84');
  assert.equal(r.json.lat, Math.round(p3[0] * 1e7) / 1e7);
  made.p3 = r.json.id;
  // 2 km north, a court.
  r = await create({ ...base, type: 'court', name: '测试法庭', lat: HERE[0] + metresNorth(2000), lon: HERE[1] });
  assert.equal(r.status, 201, r.text);
  made.p4 = r.json.id;

  // Same org, type and name: 409.
  r = await create({ ...base, type: 'court', name: '测试法庭', lat: HERE[0], lon: HERE[1] });
  expectError(assert, r, 409, 'point_exists');
  // Bad fields.
  for (const [body, status] of [
    [{ ...base, type: 'hospital', name: 'x', lat: 1, lon: 1 }, 400],
    [{ ...base, type: 'court', name: 'x', lat: 91, lon: 1 }, 400],
    [{ ...base, type: 'court', name: 'x', lat: 1, lon: 1, crs: 'mars' }, 400],
    [{ ...base, type: 'court', name: 'x', lat: 1, lon: 1, hours: '周一到周五' }, 400],
    [{ ...base, type: 'court', name: 'x', lat: 1 }, 400],
  ]) {
    const e = await create(body);
    assert.equal(e.status, status, `${JSON.stringify(body)}: ${e.text}`);
  }
  // Only admins, only in their scope.
  r = await create({ ...base, type: 'court', name: '越权法庭', lat: 1, lon: 1 }, handler);
  assert.equal(r.status, 403, r.text);
  r = await create({ ...base, org_code: '130104001', type: 'court', name: '越权法庭', lat: 1, lon: 1 }, townAdmin);
  expectError(assert, r, 404, 'org_not_found');
  r = await townAdmin.patch(`/api/v1/service-points/${made.p4}`, { phone: '0311-12345678' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.phone, '0311-12345678');
});

test('the public search answers in distance order with distances in metres', async () => {
  const r = await srv.client().get(`/api/v1/public/service-points?near=${HERE[0]},${HERE[1]}&limit=3`);
  assert.equal(r.status, 200, r.text);
  const names = r.json.items.map((p) => p.name);
  assert.deepEqual(names, ['测试二司法所', '测试一司法所', '测试法庭']);
  const d = r.json.items.map((p) => p.distance);
  assert.ok(Math.abs(d[0] - 300) <= 2 && Math.abs(d[1] - 1000) <= 2 && Math.abs(d[2] - 2000) <= 2, d.join());
  for (const p of r.json.items) {
    assert.ok(Math.abs(p.distance - haversine(HERE[0], HERE[1], p.lat, p.lon)) <= 1);
    assert.equal(typeof p.open_now, 'boolean');
    assert.ok(p.gcj02 && p.bd09 && p.address !== undefined && p.phone !== undefined && p.hours);
    assert.equal(p.demo, false);
  }
  // A type filter; the nearest of a type far away is still found.
  const t = await srv.client().get(`/api/v1/public/service-points?near=${HERE[0]},${HERE[1]}&type=police_post&limit=1`);
  assert.equal(t.json.items.length, 1);
  assert.equal(t.json.items[0].name, '测试警务站');
  // q narrows by name, address or services.
  const q = await srv.client().get(`/api/v1/public/service-points?near=${HERE[0]},${HERE[1]}&q=${encodeURIComponent('测试一')}`);
  assert.deepEqual(q.json.items.map((p) => p.name), ['测试一司法所']);
  // The near point given in GCJ-02 finds the same order.
  const g = toGcj(...HERE);
  const gg = await srv.client().get(`/api/v1/public/service-points?near=${g[0]},${g[1]}&crs=gcj02&limit=2`);
  assert.deepEqual(gg.json.items.map((p) => p.name), ['测试二司法所', '测试一司法所']);
  assert.ok(Math.abs(gg.json.items[0].distance - 300) <= 2);
  // The demo's points near 石家庄 are demo data.
  const demo = await srv.client().get('/api/v1/public/service-points?near=38.04,114.51&type=justice_office&limit=5');
  assert.equal(demo.json.items.length, 5);
  assert.ok(demo.json.items.every((p) => p.demo === true && p.type === 'justice_office'));
  const ds = demo.json.items.map((p) => p.distance);
  assert.deepEqual(ds, [...ds].sort((a, b) => a - b));
});

test('near= outside the valid range or malformed answers 400', async () => {
  for (const near of ['91,0', '-90.5,10', '0,181', '0,-180.01', 'abc', '38.0', '38,114,1', 'NaN,1', '', '1e999,1']) {
    const r = await srv.client().get(`/api/v1/public/service-points?near=${encodeURIComponent(near)}`);
    expectError(assert, r, 400, 'invalid_filter');
  }
  for (const qs of ['type=hospital', 'open_now=2', 'limit=0', 'limit=101', 'crs=wgs', 'nearby=1,1']) {
    const r = await srv.client().get(`/api/v1/public/service-points?near=1,1&${qs}`);
    expectError(assert, r, 400, 'invalid_filter');
  }
});

test('open_now follows the weekly hours and the holiday calendar', async () => {
  const ask = async () => (await srv.client().get(`/api/v1/public/service-points?near=${HERE[0]},${HERE[1]}&open_now=1&limit=10`))
    .json.items.filter((p) => p.name.startsWith('测试')).map((p) => p.name).sort();
  // Wednesday 2026-09-30 10:00 China time: a working day.
  await setNow('2026-09-30T02:00:00Z');
  assert.deepEqual(await ask(), ['测试一司法所', '测试二司法所', '测试法庭', '测试警务站'].sort());
  // 12:30, the lunch break: only the 24-hour post.
  await setNow('2026-09-30T04:30:00Z');
  assert.deepEqual(await ask(), ['测试警务站']);
  // Thursday 2026-10-01 10:00: 国庆节, a holiday: only the post open on holidays.
  await setNow('2026-10-01T02:00:00Z');
  assert.deepEqual(await ask(), ['测试警务站']);
  const all = (await srv.client().get(`/api/v1/public/service-points?near=${HERE[0]},${HERE[1]}&limit=4`)).json.items;
  assert.equal(all.find((p) => p.name === '测试一司法所').open_now, false);
  // Saturday 2026-10-10 10:00: 调休上班, a working day.
  await setNow('2026-10-10T02:00:00Z');
  assert.deepEqual(await ask(), ['测试一司法所', '测试二司法所', '测试法庭', '测试警务站'].sort());
  // Sunday 2026-10-11: a plain weekend.
  await setNow('2026-10-11T02:00:00Z');
  assert.deepEqual(await ask(), ['测试警务站']);
});

test('fengqiao points import: good rows in, bad rows reported by line, idempotent', async () => {
  const p = [HERE[0] - metresNorth(800), HERE[1]];
  const bd = toBd(...p);
  const csv = [
    '类型,名称,机构代码,地址,电话,开放时间,节假日开放,业务范围,纬度,经度,坐标系,核实日期,演示数据',
    `司法所,导入司法所,130102001,"建北街道一号,东门",0311-1111,"1-5 08:30-17:30",否,人民调解,${bd[0]},${bd[1]},bd09,2026-11-30,否`,
    `legal_service,导入法律服务中心,130102,,0311-2222,24h,是,法律援助,${p[0] - 0.01},${p[1]},wgs84,,0`,
    'court,坏时间法庭,130102,,,周一至周五,否,,38,114,wgs84,,0',
    'court,坏坐标法庭,130102,,,,否,,95,114,wgs84,,0',
    'court,坏机构法庭,999999,,,,否,,38,114,wgs84,,0',
  ].join('\r\n') + '\r\n';
  const file = join(srv.dir, 'points.csv');
  const report = join(srv.dir, 'errors.csv');
  writeFileSync(file, csv);
  let r = cli(['points', 'import', '--db', srv.db, '--errors', report, file]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /5 rows: 2 created, 0 updated, 3 refused/);
  assert.match(r.stderr, /第 4 行：hours/);
  assert.match(r.stderr, /第 5 行：lat\/lon/);
  assert.match(r.stderr, /第 6 行：.*org_not_found/);
  const rep = readFileSync(report, 'utf8');
  assert.match(rep, /^line,code,message\n4,"invalid_field","hours/m);
  const s = await srv.client().get(`/api/v1/public/service-points?near=${p[0]},${p[1]}&limit=1`);
  const got = s.json.items[0];
  assert.equal(got.name, '导入司法所');
  assert.equal(got.address, '建北街道一号,东门');
  assert.equal(got.crs, 'bd09');
  assert.equal(got.verified_on, '2026-11-30');
  assert.ok(got.distance <= 1, `converted from BD-09: ${got.distance} m off`);
  // The same file again creates nothing; the good rows are updated.
  writeFileSync(file, csv.split('\r\n').slice(0, 3).join('\r\n'));
  r = cli(['points', 'import', '--db', srv.db, file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /2 rows: 0 created, 2 updated, 0 refused/);
  // A header without a required column is refused as a whole.
  writeFileSync(file, 'name,lat,lon\nx,1,1\n');
  r = cli(['points', 'import', '--db', srv.db, file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /lacks the column type/);
});

test('staff list the points of their scope; admins delete; look-ups are counted per day and type', async () => {
  const list = await townAdmin.get('/api/v1/service-points?type=justice_office&limit=100');
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.length > 0);
  assert.ok(list.json.items.every((p) => p.org_code.startsWith('130102001')));
  const page1 = await admin.get('/api/v1/service-points?limit=5');
  assert.equal(page1.json.items.length, 5);
  assert.ok(page1.json.next);
  const page2 = await admin.get(`/api/v1/service-points?limit=5&cursor=${page1.json.next}`);
  assert.ok(page2.json.items[0].id > page1.json.items[4].id);
  const outOfScope = await townAdmin.get(`/api/v1/service-points?org=130104`);
  expectError(assert, outOfScope, 404, 'org_not_found');

  const before = await handler.get('/api/v1/stats/service-point-lookups');
  assert.equal(before.status, 200, before.text);
  const count = (j, type) => j.items.filter((x) => x.type === type).reduce((a, x) => a + x.count, 0);
  const b = count(before.json, 'justice_office'), ball = count(before.json, 'all');
  for (let i = 0; i < 3; i++) await srv.client().get('/api/v1/public/service-points?near=38,114.5&type=justice_office');
  await srv.client().get('/api/v1/public/service-points?near=38,114.5');
  const afterR = await handler.get('/api/v1/stats/service-point-lookups');
  assert.equal(count(afterR.json, 'justice_office'), b + 3);
  assert.equal(count(afterR.json, 'all'), ball + 1);
  assert.match(afterR.json.items[0].day, /^\d{4}-\d\d-\d\d$/);
  expectError(assert, await srv.client().get('/api/v1/stats/service-point-lookups'), 401);

  const del = await admin.del(`/api/v1/service-points/${made.p1}`);
  assert.equal(del.status, 204);
  expectError(assert, await admin.get(`/api/v1/service-points/${made.p1}`), 404, 'not_found');
});
