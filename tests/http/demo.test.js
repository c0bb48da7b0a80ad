// demo.test.js - `init --demo` with a history: a year of cases played
// through the service rules, so that the lists, KPIs, rankings, alerts and
// the home page's to-do counts show something on first login. The history
// is repeatable (a fixed seed) and passes `audit verify` and `stats verify`.
// It runs on its own databases with a small history (the suite's template
// has none: scripts/test.sh passes --history 0).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cli, startServer } from './harness.js';

// Large enough that the township's boxes hold work on any day the demo is made
// (at 300 a day with few open cases left some boxes empty).
const HISTORY = '1500';
let dir;
let srv;
let other; // on the second demo
const inits = {};

// Runs the CLI without blocking, so that the two demos are made side by side.
function run(args) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

// YYYY-MM-DD in China time, days from now.
const chinaDay = (days = 0) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fq-demo-'));
  const [a, b] = await Promise.all(['a', 'b'].map((k) => run(['init', '--db', join(dir, `${k}.db`), '--region', '1301',
    '--demo', '--history', HISTORY])));
  inits.a = a;
  inits.b = b;
  assert.equal(a.status, 0, a.stdout + a.stderr);
  assert.equal(b.status, 0, b.stdout + b.stderr);
  [srv, other] = await Promise.all([startServer({ db: join(dir, 'a.db'), dir }),
    startServer({ db: join(dir, 'b.db'), dir: mkdtempSync(join(tmpdir(), 'fq-demo-b-')) })]);
});
after(async () => {
  await Promise.all([srv?.stop(), other?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

test('init --demo reports its history; the history passes audit verify and stats verify', () => {
  assert.match(inits.a.stdout, new RegExp(`demo history: ${HISTORY} cases of the last twelve months`));
  const audit = cli(['audit', 'verify', '--db', join(dir, 'a.db')]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  assert.match(audit.stdout, new RegExp(`^${HISTORY} cases, \\d+ events checked: all chains intact`, 'm'));
  const stats = cli(['stats', 'verify', '--db', join(dir, 'a.db')]);
  assert.equal(stats.status, 0, stats.stdout + stats.stderr);
  assert.match(stats.stdout, /rollups match the timeline/);
});

test('the history is repeatable: a second demo holds the same cases', async () => {
  const a = cli(['audit', 'verify', '--db', join(dir, 'a.db')]).stdout.match(/^\d+ cases, \d+ events/m);
  const b = cli(['audit', 'verify', '--db', join(dir, 'b.db')]).stdout.match(/^\d+ cases, \d+ events/m);
  assert.ok(a && b);
  assert.equal(a[0], b[0]);
  // The same tracking numbers, titles and states, newest first.
  const ca = srv.client();
  const cb = other.client();
  await ca.login('city_leader');
  await cb.login('city_leader');
  const la = (await ca.get('/api/v1/cases?limit=50')).json.items.map((c) => [c.tracking_no, c.title, c.status]);
  const lb = (await cb.get('/api/v1/cases?limit=50')).json.items.map((c) => [c.tracking_no, c.title, c.status]);
  assert.equal(la.length, 50);
  assert.deepEqual(la, lb);
});

test('on first login: lists, KPIs of the year, rankings, alerts and the big screen feed are not empty', async () => {
  const leader = srv.client();
  await leader.login('city_leader');
  const list = await leader.get('/api/v1/cases?limit=100');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.length, 100);
  assert.ok(list.json.next, 'more than a page');
  const statuses = new Set(list.json.items.map((c) => c.status));
  assert.ok(statuses.size >= 3, `open and finished cases side by side: ${[...statuses]}`);

  const q = `org=1301&from=${chinaDay(-365)}&to=${chinaDay()}`;
  const kpi = await leader.get(`/api/v1/stats/kpi?${q}&group_by=child`);
  assert.equal(kpi.status, 200, kpi.text);
  const t = kpi.json.total;
  assert.equal(t.intake, Number(HISTORY));
  assert.ok(t.resolved > 0 && t.accepted > 0);
  for (const k of ['completion_rate', 'satisfaction_rate', 'on_time_rate', 'township_or_below_rate']) {
    assert.ok(typeof t[k] === 'number' && t[k] > 0, `${k} = ${t[k]}`);
  }
  assert.ok(kpi.json.groups.filter((g) => g.intake > 0).length >= 5, 'cases in many counties');

  const rk = await leader.get(`/api/v1/stats/rankings?${q}&min_cases=1`);
  assert.equal(rk.status, 200, rk.text);
  assert.ok(rk.json.units.length >= 5, rk.text.slice(0, 300));
  assert.ok(rk.json.units.some((u) => u.resolved > 0));

  const alerts = await leader.get('/api/v1/alerts');
  assert.equal(alerts.status, 200, alerts.text);
  assert.ok(alerts.json.items.length > 0, 'alerts of the history');

  // The big screen's live feed opens with the newest cases and alerts.
  const feed = await leader.req('GET', '/api/v1/stats/feed');
  assert.equal(feed.status, 200, feed.text);
  assert.match(feed.text, /event: case\ndata: \{/);
  assert.match(feed.text, /event: alert\ndata: \{/);

  // The demo's township gathers a tenth of the cases: its people have work.
  const town = srv.client();
  await town.login('town_leader');
  const tk = await town.get(`/api/v1/stats/kpi?org=130102001&from=${chinaDay(-365)}&to=${chinaDay()}`);
  assert.ok(tk.json.total.intake >= 15, `建北街道 intake ${tk.json.total.intake}`);
});

test('the home page counts are the lengths of the to-do lists, box by box', async () => {
  let nonZero = 0;
  for (const who of ['city_leader', 'county_dispatcher', 'town_dispatcher', 'town_handler', 'town_mediator']) {
    const c = srv.client();
    await c.login(who);
    const counts = await c.get('/api/v1/cases/inbox-counts');
    assert.equal(counts.status, 200, counts.text);
    for (const [box, n] of Object.entries(counts.json)) {
      let len = 0;
      let cursor = '';
      for (;;) {
        const page = await c.get(`/api/v1/cases?inbox=${box}&limit=100${cursor}`);
        assert.equal(page.status, 200, page.text);
        len += page.json.items.length;
        if (!page.json.next) break;
        cursor = `&cursor=${page.json.next}`;
      }
      assert.equal(n, len, `${who} ${box}`);
      nonZero += n > 0;
    }
  }
  assert.ok(nonZero >= 3, 'some boxes hold cases');
});
