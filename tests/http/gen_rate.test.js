// gen_rate.test.js - `fengqiao gen` keeps its pace as the database grows
// (issue 12, item 9). Its batches of 5,000 cases once ran inside the group
// commit's SAVEPOINT, where SQLite keeps every changed page in the
// in-memory statement sub-journal and each statement truncates it back by
// walking that list from its head: every batch cost the square of its
// statements, more as the indexes spread, and the 1M benchmark crawled at
// 37 cases/s. Here a run of 20,000 cases is timed batch by batch in the
// CPU time of the gen process (read from /proc at each progress line), so
// that other load on the machine does not move the figure: the last batch
// may not cost more than twice the second (the first also loads the
// region). With the savepoint back, the last batch costs several times the
// second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BIN, cli, freshDb, PG } from './harness.js';

const CASES = 20000;
const BATCH = 5000; // svc_gen's batch: a progress line after each commit

const cpuSeconds = (pid) => {
  // Fields after the command name (which may hold spaces): utime, stime
  // are fields 14 and 15 of /proc/PID/stat.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

// On PostgreSQL the benchmarks' data is generated on SQLite and moved with
// `fengqiao migrate` (bench/bench.sh): gen's pace is SQLite's concern.
test('gen writes its last batch about as fast as its second', { timeout: 240000, skip: PG && 'gen runs on SQLite' }, async () => {
  const { db } = freshDb();
  const p = spawn(BIN, ['gen', '--db', db, '--region', '1301', '--cases', String(CASES)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const marks = [];
  let stderr = '';
  p.stderr.on('data', (d) => {
    stderr += d;
    for (const m of String(d).matchAll(/gen: (\d+) of \d+ cases/g)) {
      try { marks.push({ done: Number(m[1]), cpu: cpuSeconds(p.pid) }); } catch { /* exited */ }
    }
  });
  const status = await new Promise((resolve) => p.on('exit', resolve));
  assert.equal(status, 0, stderr.slice(-2000));
  assert.deepEqual(marks.map((m) => m.done), [5000, 10000, 15000, 20000], stderr.slice(-2000));
  const cost = marks.slice(1).map((m, i) => m.cpu - marks[i].cpu); // CPU s of batches 2..4
  const rate = cost.map((c) => Math.round(BATCH / c));
  console.log(`gen CPU seconds per batch of ${BATCH} (batches 2-4): ${cost.map((c) => c.toFixed(2)).join(', ')}`
    + ` = ${rate.join(', ')} cases per CPU second`);
  assert.ok(cost[2] <= 2 * cost[0],
    `the last batch cost ${cost[2].toFixed(2)} CPU s, the second ${cost[0].toFixed(2)}: gen slows as it writes`);
  // What it wrote is whole: every chain verifies and the counter went on
  // from the ids it took.
  const audit = cli(['audit', 'verify', '--db', db]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  const n = execFileSync('sqlite3', [db, 'SELECT count(*), max(id), (SELECT value FROM counter WHERE name = \'case_id\') FROM cases'],
    { encoding: 'utf8' }).trim();
  assert.equal(n, `${CASES}|${CASES}|${CASES}`);
});
