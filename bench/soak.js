// soak.js - `make soak`: minutes of mixed load against one server, then
// RSS growth, error count and p99 drift. Not part of `make test`.
//
// Usage: node bench/soak.js FENGQIAO_BINARY DB [minutes]
// The server runs on a copy of DB (made by `fengqiao init --region 1301
// --demo`; scripts/soak.sh prepares it). Clients, all at once:
//   citizens   POST /api/v1/public/cases from every village of the city
//              (rate limit off for the run)
//   dispatcher classify + dispatch what is new in 建北街道
//   handler    accept + resolve what was dispatched to the 司法所
//   readers    case lists (status filters, full text) and KPIs
// Every minute: requests, errors, p50/p99 per kind, RSS. At the end: RSS
// growth first minute → last, p99 drift last ÷ first, errors; the exit code
// is non-zero when a request failed unexpectedly or the server died.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [bin, srcDb, minutesArg] = process.argv.slice(2);
if (!bin || !srcDb) {
  console.error('usage: node bench/soak.js FENGQIAO DB [minutes]');
  process.exit(2);
}
const MINUTES = Number(minutesArg || process.env.SOAK_MINUTES || 10);
const PORT = Number(process.env.SOAK_PORT || 18490);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'Fengqiao@2026';
const VILLAGES = ['130102001001', '130102001002', '130102001003'];
const TOWN = '130102001';

const work = mkdtempSync(join(tmpdir(), 'fq-soak-'));
const db = join(work, 'soak.db');
copyFileSync(srcDb, db);
copyFileSync(`${srcDb}.key`, `${db}.key`);
// Appeals come from every village of the demo city, one in four from 建北街道
// where the dispatcher and handler below work: the whole city's load in
// three villages would be a mass incident, not a day's traffic.
const CITY_VILLAGES = execFileSync('sqlite3', [db, 'SELECT code FROM org WHERE level = 4 ORDER BY code'])
  .toString().split('\n').filter(Boolean);
if (!CITY_VILLAGES.length) throw new Error('soak: the database has no villages');

const server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${PORT}`, '--public-rate', '0', '--quiet'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog = (serverLog + d).slice(-20000); });
let serverDied = false;
server.on('exit', (code, sig) => { serverDied = !stopping; if (serverDied) console.error(`soak: server exited (${code ?? sig})`); });
let stopping = false;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssKb = () => {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
};

// Per-minute latency buckets by kind.
const minutes = [];
let current = null;
const newMinute = () => { current = { kinds: {}, errors: 0, unexpected: [], rss: null }; minutes.push(current); };
const record = (kind, ms, ok, what) => {
  const k = (current.kinds[kind] ||= { n: 0, lat: [] });
  k.n++;
  k.lat.push(ms);
  if (!ok) {
    current.errors++;
    if (current.unexpected.length < 5) current.unexpected.push(what);
  }
};

// who: a session from login(), or none for the public endpoints.
async function call(kind, method, path, { body, who, expect = [200, 201] } = {}) {
  const t0 = performance.now();
  let res, json = null, text = '';
  try {
    res = await fetch(BASE + path, {
      method,
      headers: { ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(who ? { Cookie: who.cookie, ...(method !== 'GET' ? { 'X-CSRF-Token': who.csrf } : {}) } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    text = await res.text();
    try { json = JSON.parse(text); } catch { /* not JSON */ }
  } catch (e) {
    record(kind, performance.now() - t0, false, `${method} ${path}: ${e.message}`);
    return { status: 0, json: null };
  }
  const ok = expect.includes(res.status);
  record(kind, performance.now() - t0, ok, `${method} ${path}: ${res.status} ${text.slice(0, 160)}`);
  return { status: res.status, json, headers: res.headers };
}

async function login(username) {
  const r = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().map((x) => x.split(';')[0]).find((x) => x.startsWith('fq_session='));
  return { cookie, csrf: (await r.json()).csrf_token };
}

const TEXTS = [
  ['neighbor', '邻居装修把楼道堵了，老人出行不方便，协商几次都没用'],
  ['wage_arrears', '在工地干了三个月，包工头一直拖着不给工钱'],
  ['property_mgmt', '物业收了停车费不管事，外来车辆乱停，消防通道被堵'],
  ['housing_homestead', '宅基地边界有争议，对方砌墙占了我家一米多'],
  ['environment', '小作坊晚上排放刺鼻废气，周边住户睡不好觉'],
  ['consumer', '网购家电有质量问题，商家拒绝退换'],
];
let seq = 0;

async function citizen(until) {
  while (Date.now() < until && !serverDied) {
    const [category, text] = TEXTS[seq % TEXTS.length];
    seq++;
    await call('intake', 'POST', '/api/v1/public/cases', {
      body: {
        category, channel: 'h5', title: text.slice(0, 12),
        org: seq % 4 === 0 ? VILLAGES[seq % VILLAGES.length] : CITY_VILLAGES[Math.floor(Math.random() * CITY_VILLAGES.length)],
        description: `${text}（浸泡测试第${seq}件）`,
        applicant: { name: '王建国', phone: `138${String(10000000 + (seq % 90000000)).padStart(8, '0')}` },
      },
      expect: [201],
    });
  }
}

async function dispatcher(until, who, unitId) {
  while (Date.now() < until && !serverDied) {
    const list = await call('list', 'GET', `/api/v1/cases?org=${TOWN}&status=registered&limit=20`, { who });
    const items = list.json?.items || [];
    for (const c of items) {
      if (Date.now() >= until) break;
      const r = await call('action', 'POST', `/api/v1/cases/${c.id}/actions`,
        { who, body: { action: 'classify', flow: 'dispute', category: c.category || 'neighbor' }, expect: [200, 409] });
      if (r.status !== 200) continue;
      await call('action', 'POST', `/api/v1/cases/${c.id}/actions`,
        { who, body: { action: 'dispatch', unit_id: unitId }, expect: [200, 409] });
    }
    if (!items.length) await sleep(200);
  }
}

async function handler(until, who) {
  while (Date.now() < until && !serverDied) {
    const list = await call('list', 'GET', `/api/v1/cases?org=${TOWN}&status=dispatched&limit=20`, { who });
    const items = list.json?.items || [];
    for (const c of items) {
      if (Date.now() >= until) break;
      const r = await call('action', 'POST', `/api/v1/cases/${c.id}/actions`, { who, body: { action: 'accept' }, expect: [200, 409] });
      if (r.status !== 200) continue;
      await call('action', 'POST', `/api/v1/cases/${c.id}/actions`, {
        who, body: { action: 'resolve', outcome: 'mediated', summary: '经调解双方达成一致，问题已解决。' }, expect: [200, 409],
      });
    }
    if (!items.length) await sleep(200);
  }
}

async function reader(until, who) {
  const today = new Date().toISOString().slice(0, 10);
  const paths = [
    `/api/v1/cases?org=${TOWN}&status=handling&limit=20`,
    `/api/v1/cases?status=resolved,closed&limit=20`,
    `/api/v1/cases?q=${encodeURIComponent('工钱')}&limit=20`,
    `/api/v1/cases?q=${encodeURIComponent('物业')}&limit=20`,
    `/api/v1/stats/kpi?org=1301&from=2026-01-01&to=${today}`,
    `/api/v1/stats/kpi?org=130102&from=2026-01-01&to=${today}&group_by=child`,
  ];
  let i = 0;
  while (Date.now() < until && !serverDied) {
    const p = paths[i++ % paths.length];
    await call(p.includes('/stats/') ? 'kpi' : 'list', 'GET', p, { who });
  }
}

const pct = (a, q) => {
  if (!a.length) return null;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function main() {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${BASE}/healthz`)).ok) break; } catch { /* not up yet */ }
    await sleep(100);
  }
  const disp = await login('town_dispatcher');
  const hand = await login('town_handler');
  const lead = await login('city_leader');
  const units = await (await fetch(`${BASE}/api/v1/units?org=${TOWN}`, { headers: { Cookie: disp.cookie } })).json();
  const office = units.items.find((u) => u.kind === 'justice_office');
  if (!office) throw new Error('no 司法所 in the demo data');

  newMinute();
  current.rss = rssKb();
  const rss0 = current.rss;
  const until = Date.now() + MINUTES * 60000;
  console.log(`soak: ${MINUTES} min of mixed load on ${BASE} (pid ${server.pid}); RSS at start ${Math.round(rss0 / 1024)} MB`);
  const ticker = setInterval(() => {
    current.rss = rssKb();
    const m = minutes.length;
    const line = Object.entries(current.kinds).map(([k, v]) => `${k} ${v.n} p99 ${pct(v.lat, 0.99)?.toFixed(1)} ms`).join(', ');
    console.log(`minute ${m}: ${line}; errors ${current.errors}; RSS ${Math.round((current.rss || 0) / 1024)} MB`);
    if (Date.now() < until) newMinute();
  }, 60000);

  const jobs = [];
  for (let i = 0; i < 6; i++) jobs.push(citizen(until));
  jobs.push(dispatcher(until, disp, office.id));
  jobs.push(handler(until, hand));
  for (let i = 0; i < 2; i++) jobs.push(reader(until, lead));
  await Promise.all(jobs);
  clearInterval(ticker);
  if (!current.rss) current.rss = rssKb();

  const first = minutes[0], last = minutes[minutes.length - 1];
  const all = minutes.flatMap((m) => Object.keys(m.kinds));
  const kinds = [...new Set(all)];
  const errors = minutes.reduce((a, m) => a + m.errors, 0);
  const total = minutes.reduce((a, m) => a + Object.values(m.kinds).reduce((b, k) => b + k.n, 0), 0);
  const report = { minutes: MINUTES, requests: total, errors, rss_start_kb: rss0, rss_end_kb: last.rss, kinds: {} };
  console.log('');
  console.log(`soak: ${total} requests in ${MINUTES} min, ${errors} errors`);
  console.log(`RSS: ${Math.round(rss0 / 1024)} MB at start → ${Math.round((last.rss || 0) / 1024)} MB at the end ` +
    `(peak minute ${Math.round(Math.max(...minutes.map((m) => m.rss || 0)) / 1024)} MB)`);
  for (const k of kinds) {
    const p1 = pct(first.kinds[k]?.lat || [], 0.99), pn = pct(last.kinds[k]?.lat || [], 0.99);
    const n = minutes.reduce((a, m) => a + (m.kinds[k]?.n || 0), 0);
    report.kinds[k] = { requests: n, p99_first_ms: p1, p99_last_ms: pn, drift: p1 && pn ? pn / p1 : null };
    console.log(`${k.padEnd(8)} ${String(n).padStart(8)} requests; p99 first minute ${p1?.toFixed(1)} ms, last ${pn?.toFixed(1)} ms` +
      (p1 && pn ? ` (drift ×${(pn / p1).toFixed(2)})` : ''));
  }
  for (const m of minutes) for (const u of m.unexpected) console.log(`  unexpected: ${u}`);
  mkdirSync('bench/results', { recursive: true });
  const out = `bench/results/soak-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`;
  writeFileSync(out, JSON.stringify({ ...report, per_minute: minutes.map((m) => ({ errors: m.errors, rss_kb: m.rss,
    kinds: Object.fromEntries(Object.entries(m.kinds).map(([k, v]) => [k, { n: v.n, p50_ms: pct(v.lat, 0.5), p99_ms: pct(v.lat, 0.99) }])) })) }, null, 2) + '\n');
  console.log(`written: ${out}`);
  stopping = true;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (serverDied) console.error(serverLog);
  rmSync(work, { recursive: true, force: true });
  process.exit(errors || serverDied ? 1 : 0);
}

main().catch((e) => {
  console.error(`soak: ${e.message}`);
  stopping = true;
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
