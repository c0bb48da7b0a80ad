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
// BENCH_ONLY runs (the base-data import, the service map) have no ceilings or intake.
const full = r.intake !== undefined;
const intakeRate = full ? r.intake.created / r.intake.seconds : null;
const mhdRate = full ? r.ceiling_mhd.created / r.ceiling_mhd.seconds : null;
const sqliteRate = full ? r.ceiling_sqlite.per_second : null;
const mb = (kb) => (kb ? Math.round(Number(kb) / 1024) : null);

// Each row has a value per engine (null: not measured on that engine, shown
// as '-') and, when it has a target, a verdict per engine.
const pg = r.pg_intake1 !== undefined;
const rows = [];
const row = (what, sqlite, postgresql, unit, target = '', pass = [null, null], note = '') =>
  rows.push({ what, sqlite, postgresql, unit, target, pass_sqlite: pass[0], pass_postgresql: pass[1], note });
const fmt = (v, d = 1) => (v === null || v === undefined ? '-' : typeof v === 'number' ? v.toFixed(d) : String(v));
const notes = (...parts) => parts.filter(Boolean).join('; ');
const rate = (x) => (x ? x.created / x.seconds : null);
const pgCeil1 = r.ceiling_pg1 ? r.ceiling_pg1.per_second : null;
const pgCeilN = r.ceiling_pgn ? r.ceiling_pgn.per_second : null;
const pgIntake1 = rate(r.pg_intake1), pgIntake2 = rate(r.pg_intake2);

const pair = (x, d = 1) => (x ? `${fmt(x.p50_ms, d)} / ${fmt(x.p99_ms, d)}` : null);
if (full) {
row('ceiling: raw tx (1 case + 1 event row)', Math.round(sqliteRate), pgCeil1 && Math.round(pgCeil1), 'tx/s', '',
  undefined, notes('1 connection', pg && 'PostgreSQL: every commit waits for its WAL flush (synchronous_commit on); SQLite WAL, synchronous=NORMAL'));
if (pgCeilN)
  row(`ceiling: raw tx, ${r.ceiling_pgn.clients} connections`, null, Math.round(pgCeilN), 'tx/s', '', undefined,
    'SQLite has one writer; PostgreSQL shares WAL flushes between committers');
row('ceiling: libmicrohttpd small JSON', Math.round(mhdRate), pg ? Math.round(mhdRate) : null, 'req/s', '', undefined,
  notes(pg && 'no database, one bound for both', `wrk CPU ${r['ceiling_mhd.wrk_cpu']} %`));
if (pg)
  row('migrate the generated SQLite database', null,
    Math.round(num(r.pg_migrate_rows) / num(r.pg_migrate_seconds)), 'rows/s', '', undefined,
    `${Number(r.pg_migrate_rows).toLocaleString('en')} rows in ${r.pg_migrate_seconds} s; then VACUUM ANALYZE ${r.pg_vacuum_seconds} s`);
row('database size', num(r.db_mb), pg ? num(r.pg_db_mb) : null, 'MB', '', undefined,
  pg ? 'SQLite as generated; PostgreSQL after the copy, the points and VACUUM ANALYZE' : '');
const intakeNote = (x, cpu) => `${x.non_201} non-201, ${x.socket_errors} socket errors, ${cpu}`;
row('public intake, 1 node, 201s counted', Math.round(intakeRate), pgIntake1 && Math.round(pgIntake1), 'cases/s', '',
  undefined, notes(`SQLite: ${intakeNote(r.intake, `wrk CPU ${r['intake.wrk_cpu']} %, server CPU ${r.server_cpu} %`)}`,
    pg && `PostgreSQL: ${intakeNote(r.pg_intake1, `wrk CPU ${r['pg_intake1.wrk_cpu']} %, node CPU ${r['pg_intake1.node1_cpu']} %, postgres CPU ${r['pg_intake1.pg_cpu']} %`)}`));
if (pg)
  row('public intake, 2 nodes behind haproxy', null, Math.round(pgIntake2), 'cases/s', '', undefined,
    intakeNote(r.pg_intake2, `wrk CPU ${r['pg_intake2.wrk_cpu']} %, node CPU ${r['pg_intake2.node1_cpu']} + ` +
      `${r['pg_intake2.node2_cpu']} %, haproxy CPU ${r['pg_intake2.node3_cpu']} %, postgres CPU ${r['pg_intake2.pg_cpu']} %` +
      `; background work on node 1/2: ${String(r.pg_background || '').trim().replace(' ', '/')}`));
const ratio = intakeRate / sqliteRate * 100;
const pgRatio = pg ? pgIntake1 / (pgCeilN || pgCeil1) * 100 : null;
row('intake (1 node) ÷ raw ceiling', ratio, pgRatio, '%', '≥ 40 %', [ratio >= 40, pg ? pgRatio >= 40 : null],
  pg ? `PostgreSQL: against the ${r.ceiling_pgn ? r.ceiling_pgn.clients : 1}-connection ceiling` : '');
row('intake (1 node) ÷ HTTP ceiling', intakeRate / mhdRate * 100, pg ? pgIntake1 / mhdRate * 100 : null, '%');
row('intake latency p50 / p99, 1 node', pair(r.intake), pair(r.pg_intake1), 'ms', '', undefined, `${r.connections} clients`);
if (pg) row('intake latency p50 / p99, 2 nodes', null, pair(r.pg_intake2), 'ms', '', undefined, `${r.connections} clients`);
}
const lat = (name, label, limit) => {
  const x = r[name], y = r[`pg_${name}`];
  if (!x && !y) return;
  const ok = (z) => (z && limit ? z.p99_ms <= limit && z.non_200 === 0 : null);
  const n = (z) => (z ? `${z.requests} requests, ${z.non_200} not 200` : '');
  row(`${label} p50 / p99`, pair(x, 2), pair(y, 2), 'ms', limit ? `p99 ≤ ${limit} ms` : '', [ok(x), ok(y)],
    notes(x && `SQLite: ${n(x)}`, y && `PostgreSQL: ${n(y)}`));
};
lat('list', 'case list (county, status, 20 rows)', 10);
lat('fts', 'full text q= (county, 2-4 chars)', 50);
lat('kpi_county', 'KPI county, one year', null);
lat('kpi_city', 'KPI city, one year', 20);
if (r.points_near) {
  const pgPoints = r.pg_points !== undefined;
  lat('points_near', `service map: 10 nearest of ${Number(r.points).toLocaleString('en')} points`, 5);
  row('service points import', Math.round(Number(r.points) / num(r.points_import_seconds)),
    pgPoints ? Math.round(Number(r.pg_points) / num(r.pg_points_import_seconds)) : null, 'points/s', '', undefined,
    notes(`SQLite ${r.points_import_seconds} s`, pgPoints && `PostgreSQL ${r.pg_points_import_seconds} s`,
      !full && 'on a 1301 demo database (BENCH_ONLY)'));
}
if (full) {
const tick = num(r.clock_tick_ms), pgTick = pg ? num(r.pg_clock_tick_ms) : null;
row(`clock tick at ${Number(r.cases).toLocaleString('en')} cases`, tick, pgTick, 'ms', '≤ 200 ms',
  [tick !== null && tick <= 200, pgTick === null ? null : pgTick <= 200]);
row('RSS at rest', mb(r.rss_rest_kb), pg ? mb(r.pg_rss_rest_kb) : null, 'MB', '', undefined,
  notes(`SQLite heap ${mb(r.rss_rest_anon_kb)} MB`, pg && `PostgreSQL heap ${mb(r.pg_rss_rest_anon_kb)} MB`));
const hwm = mb(r.rss_hwm_kb);
const rssPair = (mid, peak) => `${mb(mid)} / ${mb(peak)}`;
const under = (peak) => (peak === undefined ? null : mb(peak) !== null && mb(peak) <= 100);
row('RSS under load, 1 node (mid-intake / peak)', rssPair(r.rss_load_kb, r.rss_hwm_kb),
  pg ? rssPair(r['pg_intake1.node1_rss_kb'], r['pg_intake1.node1_hwm_kb']) : null, 'MB', '≤ 100 MB',
  [hwm !== null && hwm <= 100, pg ? under(r['pg_intake1.node1_hwm_kb']) : null],
  `SQLite mid-intake: heap ${mb(r.rss_load_anon_kb)} MB + mapped database file ${mb(r.rss_load_file_kb)} MB`);
if (pg)
  for (const i of [1, 2])
    row(`RSS of node ${i}, 2-node intake (mid / peak)`, null,
      rssPair(r[`pg_intake2.node${i}_rss_kb`], r[`pg_intake2.node${i}_hwm_kb`]), 'MB', '≤ 100 MB',
      [null, under(r[`pg_intake2.node${i}_hwm_kb`])], `peak of this phase (VmHWM reset at its start)${i === 2 ? '' : `; node 1's peak over the phases before: ${mb(r['pg_intake1.node1_hwm_kb'])} MB`}`);
row('init --region all', num(r.init_all_seconds), null, 's', '', undefined, r.init_all_counts || '');
}
if (r.basedata_rows) {
  const pgb = r.pg_basedata_rows !== undefined;
  const bs = num(r.basedata_seconds), brss = mb(r.basedata_rss_kb);
  const ps = pgb ? num(r.pg_basedata_seconds) : null, prss = pgb ? mb(r.pg_basedata_rss_kb) : null;
  const detail = (p) => `${Math.round(Number(r[`${p}basedata_rows`]) / Number(r[`${p}basedata_seconds`]))} rows/s (houses ` +
    `${r[`${p}basedata_houses_seconds`]} s, households ${r[`${p}basedata_households_seconds`]} s, people ` +
    `${r[`${p}basedata_people_seconds`]} s, organisations ${r[`${p}basedata_organisations_seconds`]} s; DB ${r[`${p}basedata_db_mb`]} MB)`;
  row(`basedata import, ${Number(r.basedata_rows).toLocaleString('en')} mixed rows`, bs, ps, 's', '≤ 600 s',
    [bs !== null && bs <= 600, ps === null ? null : ps <= 600], notes(`SQLite ${detail('')}`, pgb && `PostgreSQL ${detail('pg_')}`));
  row('basedata import peak RSS (max of the four)', brss, prss, 'MB', '≤ 300 MB', [brss !== null && brss <= 300, prss === null ? null : prss <= 300],
    notes('/usr/bin/time -v of fengqiao', pgb && `PostgreSQL server processes (sum of RSS, shared buffers counted per process) ${mb(r.pg_basedata_server_rss_kb)} MB`));
}
if (r.gen_seconds) row(`gen ${Number(r.cases).toLocaleString('en')} cases (this run)`, num(r.gen_seconds), null, 's');

const verdict = (x) => {
  const a = x.pass_sqlite, b = x.pass_postgresql;
  if (a === null && b === null) return '';
  if (a !== false && b !== false) return 'PASS';
  if (a === false && b === false) return 'MISS';
  return a === false ? 'MISS SQLite' : 'MISS PG';
};
const w = [52, 16, 16, 9, 12, 12];
const pad = (s, n) => {
  s = String(s);
  // CJK and other wide characters take two columns.
  const width = [...s].reduce((a, c) => a + (/[\u1100-\uffff]/.test(c) && !/[≤≥÷…·]/.test(c) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(1, n - width));
};
console.log('');
if (full)
  console.log(`fengqiao benchmark — ${r.machine}; ${Number(r.cases).toLocaleString('en')} cases (region 13), ` +
    `${r.seconds} s per load phase, SQLite DB ${r.db_mb} MB; public rate limit ${r.public_rate}`);
else
  console.log(`fengqiao benchmark — ${r.machine}; only ${r.only} (BENCH_ONLY), ${r.seconds} s per load phase` +
    `${r.pg_basedata_version ? `; PostgreSQL ${r.pg_basedata_version}` : ''}`);
if (pg) console.log(`PostgreSQL ${r.pg_version}: ${r.pg_settings}; the same data (migrated from the SQLite cache), paths and wrk scripts`);
console.log(pad('measure', w[0]) + pad('SQLite', w[1]) + pad('PostgreSQL', w[2]) + pad('unit', w[3]) + pad('target', w[4]) +
  pad('', w[5]) + 'notes');
console.log('-'.repeat(140));
for (const x of rows)
  console.log(pad(x.what, w[0]) + pad(fmt(x.sqlite), w[1]) + pad(fmt(x.postgresql), w[2]) + pad(x.unit, w[3]) +
    pad(x.target, w[4]) + pad(verdict(x), w[5]) + x.note);
console.log('');

fs.writeFileSync(outFile, JSON.stringify({
  date: new Date().toISOString(),
  machine: r.machine,
  settings: { cases: Number(r.cases), seconds_per_phase: Number(r.seconds), intake_clients: Number(r.connections),
    public_rate: r.public_rate, db_mb: Number(r.db_mb), postgresql: pg,
    postgresql_version: r.pg_version || null, postgresql_settings: r.pg_settings || null },
  raw: r,
  table: rows,
}, null, 2) + '\n');
console.log(`written: ${outFile}`);
