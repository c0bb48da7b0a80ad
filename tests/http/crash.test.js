// crash.test.js - no acknowledged appeal is lost when the process dies.
//
// Rounds of: a concurrent public intake load against a real server, a
// SIGKILL at a random moment in the middle of it, then - with the server
// down - `fengqiao audit verify`, `fengqiao stats verify` (when the binary
// has it) and SQLite's PRAGMA integrity_check on the same file, and a
// restart on it. After every restart each case that was ever answered 201
// must read back through the citizen's own endpoint (tracking number +
// query code) with the title and description it was sent with and its first
// timeline event. The server runs with its defaults (WAL, synchronous=NORMAL):
// a process crash is not a power loss, so a commit that returned must be in
// the WAL on disk already.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startServer, freshDb, cli, PG } from './harness.js';

const ROUNDS = Number(process.env.FQ_CRASH_ROUNDS || 20);
const CLIENTS = 8;

const hasStatsVerify = () => /^\s*stats\b/m.test(cli(['--help']).stdout + cli(['--help']).stderr);

// Runs the checks that need the server down; returns a list of problems.
function offlineChecks(db, withStats) {
  const problems = [];
  const audit = cli(['audit', 'verify', '--db', db]);
  if (audit.status !== 0) problems.push(`audit verify exit ${audit.status}: ${audit.stdout}${audit.stderr}`);
  if (withStats) {
    const stats = cli(['stats', 'verify', '--db', db]);
    if (stats.status !== 0) problems.push(`stats verify exit ${stats.status}: ${stats.stdout}${stats.stderr}`);
  }
  // A killed app server cannot damage PostgreSQL's files; a SQLite file
  // it wrote is checked page by page.
  if (!PG) {
    const ic = spawnSync('sqlite3', [db, 'PRAGMA integrity_check;'], { encoding: 'utf8' });
    if (ic.status !== 0 || ic.stdout.trim() !== 'ok') problems.push(`integrity_check: ${ic.stdout}${ic.stderr}`);
  }
  return problems;
}

// Intake from CLIENTS concurrent loops until stop() is called; every 201 is
// recorded with what was sent.
function intakeLoad(url, round, acked, counters) {
  let running = true;
  const loops = [];
  for (let c = 0; c < CLIENTS; c++) {
    loops.push((async () => {
      for (let i = 0; running; i++) {
        const tag = `r${round}c${c}n${i}`;
        const body = {
          category: 'neighbor', org: '130102001001',
          title: `楼道堵塞 ${tag}`,
          description: `隔壁装修把公共楼道堵住了，老人出行不便（${tag}）。`,
          applicant: { name: '吴大爷', phone: '13900005555' },
        };
        try {
          const res = await fetch(`${url}/api/v1/public/cases`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
          });
          const text = await res.text();
          if (res.status === 201) {
            const j = JSON.parse(text);
            acked.push({ tn: j.tracking_no, qc: j.query_code, title: body.title, description: body.description, round });
            counters.ok++;
          } else {
            counters.other.push(`${res.status} ${text.slice(0, 200)}`);
          }
        } catch {
          // The connection died with the server: this one was never
          // acknowledged, so nothing is owed for it.
          counters.dropped++;
          return;
        }
      }
    })());
  }
  return { stop: async () => { running = false; await Promise.allSettled(loops); }, loops };
}

async function checkAcked(url, acked) {
  const missing = [];
  // A few at a time: the point is completeness, not load.
  for (let i = 0; i < acked.length; i += 16) {
    const batch = acked.slice(i, i + 16);
    const rs = await Promise.all(batch.map(async (a) => {
      const res = await fetch(`${url}/api/v1/public/cases/${encodeURIComponent(a.tn)}?query_code=${encodeURIComponent(a.qc)}`);
      return { a, status: res.status, json: await res.json().catch(() => null) };
    }));
    for (const { a, status, json } of rs) {
      const first = json?.timeline?.[0];
      if (status !== 200 || json.tracking_no !== a.tn || json.title !== a.title || json.description !== a.description ||
          !first || first.seq !== 1 || first.action !== 'register') {
        missing.push(`${a.tn} (round ${a.round}): ${status} ${JSON.stringify(json).slice(0, 200)}`);
      }
    }
  }
  return missing;
}

test('SIGKILL during intake loses no acknowledged case and leaves a sound database', { timeout: 120000 }, async () => {
  const t0 = Date.now();
  const { dir, db } = freshDb();
  const withStats = hasStatsVerify();
  const acked = [];
  let rounds = 0;
  let dropped = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const srv = await startServer({ db, dir });
    // What the last round acknowledged survived its kill (and a sample of
    // the older ones survived the later rounds; all are read at the end).
    const older = acked.filter((a) => a.round < round - 1);
    const sample = older.filter(() => Math.random() < 50 / (older.length || 1));
    const missing = await checkAcked(srv.url, [...acked.filter((a) => a.round === round - 1), ...sample]);
    assert.deepEqual(missing, [], `round ${round}: acknowledged cases missing after restart`);

    const counters = { ok: 0, dropped: 0, other: [] };
    const load = intakeLoad(srv.url, round, acked, counters);
    // A random moment: anywhere from the first requests to well into the load.
    await new Promise((r) => setTimeout(r, 30 + Math.random() * 700));
    await srv.kill();
    await load.stop();
    assert.deepEqual(counters.other, [], `round ${round}: intake answered something else than 201`);
    assert.ok(counters.ok > 0 || round > 0, 'the load reached the server');
    dropped += counters.dropped;

    const problems = offlineChecks(db, withStats);
    assert.deepEqual(problems, [], `round ${round}: database checks after SIGKILL`);
    rounds++;
  }
  // Every acknowledgement of every round, after a final restart; this
  // time the server is stopped cleanly so that a sanitizer report shows.
  const srv = await startServer({ db, dir });
  try {
    assert.deepEqual(await checkAcked(srv.url, acked), [], 'acknowledged cases missing after the last restart');
  } finally {
    await srv.stop({ keep: true });
  }
  assert.deepEqual(offlineChecks(db, withStats), []);
  rmSync(dir, { recursive: true, force: true });
  console.log(`# crash: ${rounds} SIGKILLs, ${acked.length} acknowledged cases all present, ` +
    `${dropped} requests cut off unanswered, stats verify ${withStats ? 'run' : 'not in this binary'}, ` +
    `${((Date.now() - t0) / 1000).toFixed(1)} s`);
});
