// report.js - turns the measurements of scripts/bench.sh into one table on
// stdout and one JSON file. Usage: node bench/report.js RESULTS.txt OUT.json
// (RESULTS.txt: "key value" lines; keys ending in .json name a file holding
// the BENCH_JSON object of a wrk run or a ceiling program).
import fs from 'node:fs';

const [resultsFile, outFile] = process.argv.slice(2);
const r = {};
for (const line of fs.readFileSync(resultsFile, 'utf8').split('\n')) {
  const i = line.indexOf(' ');
  if (i < 0) continue;
  const k = line.slice(0, i), v = line.slice(i + 1);
  r[k.replace(/\.json$/, '')] = k.endsWith('.json') ? JSON.parse(fs.readFileSync(v, 'utf8')) : v;
}

const num = (x) => (x === undefined || x === '' ? null : Number(x));
const intakeRate = r.intake.created / r.intake.seconds;
const mhdRate = r.ceiling_mhd.created / r.ceiling_mhd.seconds;
const sqliteRate = r.ceiling_sqlite.per_second;
const mb = (kb) => (kb ? Math.round(Number(kb) / 1024) : null);

const rows = [];
const row = (what, value, unit, target, pass, note = '') => rows.push({ what, value, unit, target, pass, note });
const fmt = (v, d = 1) => (v === null || v === undefined ? '-' : typeof v === 'number' ? v.toFixed(d) : String(v));

row('ceiling: raw SQLite tx (1 case + 1 event row)', Math.round(sqliteRate), 'tx/s', '', null);
row('ceiling: libmicrohttpd small JSON', Math.round(mhdRate), 'req/s', '', null,
  `wrk CPU ${r['ceiling_mhd.wrk_cpu']} %`);
row('public intake, 201s counted', Math.round(intakeRate), 'cases/s', '', null,
  `${r.intake.non_201} non-201, ${r.intake.socket_errors} socket errors; wrk CPU ${r['intake.wrk_cpu']} %, server CPU ${r.server_cpu} %`);
const ratio = intakeRate / sqliteRate * 100;
row('intake ÷ raw SQLite ceiling', ratio, '%', '≥ 40 %', ratio >= 40);
row('intake ÷ HTTP ceiling', intakeRate / mhdRate * 100, '%', '', null);
row('intake latency p50 / p99', `${fmt(r.intake.p50_ms)} / ${fmt(r.intake.p99_ms)}`, 'ms', '', null,
  `${r.connections} clients`);
const lat = (name, label, limit) => {
  const x = r[name];
  const bad = x.non_200 > 0;
  row(`${label} p50 / p99`, `${fmt(x.p50_ms, 2)} / ${fmt(x.p99_ms, 2)}`, 'ms', limit ? `p99 ≤ ${limit} ms` : '',
    limit ? x.p99_ms <= limit && !bad : null, `${x.requests} requests, ${x.non_200} not 200`);
};
lat('list', 'case list (county, status, 20 rows)', 10);
lat('fts', 'full text q= (county, 2-4 chars)', 50);
lat('kpi_county', 'KPI county, one year', null);
lat('kpi_city', 'KPI city, one year', 20);
if (r.points_near) {
  lat('points_near', `service map: 10 nearest of ${Number(r.points).toLocaleString('en')} points`, 5);
  row('service points import', Math.round(Number(r.points) / num(r.points_import_seconds)), 'points/s', '', null,
    `${r.points_import_seconds} s`);
}
const tick = num(r.clock_tick_ms);
row(`clock tick at ${Number(r.cases).toLocaleString('en')} cases`, tick, 'ms', '≤ 200 ms', tick !== null && tick <= 200);
row('RSS at rest', mb(r.rss_rest_kb), 'MB', '', null, `heap ${mb(r.rss_rest_anon_kb)} MB`);
const hwm = mb(r.rss_hwm_kb);
row('RSS under load (mid-intake / peak VmHWM)', `${mb(r.rss_load_kb)} / ${hwm}`, 'MB', '≤ 100 MB', hwm !== null && hwm <= 100,
  `mid-intake: heap ${mb(r.rss_load_anon_kb)} MB + mapped database file ${mb(r.rss_load_file_kb)} MB`);
row('init --region all', num(r.init_all_seconds), 's', '', null, r.init_all_counts || '');
if (r.gen_seconds) row(`gen ${Number(r.cases).toLocaleString('en')} cases (this run)`, num(r.gen_seconds), 's', '', null);

const w = [48, 16, 8, 12, 6];
const pad = (s, n) => {
  s = String(s);
  // CJK and other wide characters take two columns.
  const width = [...s].reduce((a, c) => a + (/[\u1100-\uffff]/.test(c) && !/[≤≥÷…·]/.test(c) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(1, n - width));
};
console.log('');
console.log(`fengqiao benchmark — ${r.machine}; ${Number(r.cases).toLocaleString('en')} cases (region 13), ` +
  `${r.seconds} s per load phase, DB ${r.db_mb} MB; public rate limit ${r.public_rate}`);
console.log(pad('measure', w[0]) + pad('value', w[1]) + pad('unit', w[2]) + pad('target', w[3]) + pad('', w[4]) + 'notes');
console.log('-'.repeat(120));
for (const x of rows)
  console.log(pad(x.what, w[0]) + pad(fmt(x.value), w[1]) + pad(x.unit, w[2]) + pad(x.target, w[3]) +
    pad(x.pass === null ? '' : x.pass ? 'PASS' : 'MISS', w[4]) + x.note);
console.log('');

fs.writeFileSync(outFile, JSON.stringify({
  date: new Date().toISOString(),
  machine: r.machine,
  settings: { cases: Number(r.cases), seconds_per_phase: Number(r.seconds), intake_clients: Number(r.connections),
    public_rate: r.public_rate, db_mb: Number(r.db_mb) },
  raw: r,
  table: rows,
}, null, 2) + '\n');
console.log(`written: ${outFile}`);
