// audit.test.js - the timeline is tamper-evident: `fengqiao audit verify`
// passes on an honest database and names the case when an event was
// edited, removed or reordered, even by someone who can write the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, cli } from './harness.js';

const sql = (db, text) => execFileSync('sqlite3', [db, text], { encoding: 'utf8' });

async function casesIn(srv, n) {
  const out = [];
  const disp = srv.client();
  await disp.login('town_dispatcher');
  for (let i = 0; i < n; i++) {
    const r = await srv.client().post('/api/v1/public/cases', {
      category: 'neighbor', org: '130102001001', description: `第${i}号：楼上装修噪音太大，每天早上七点就开始砸墙。`,
      applicant: { name: '周女士', phone: '13500003333' },
    });
    assert.equal(r.status, 201, r.text);
    await disp.post(`/api/v1/cases/${r.json.id}/actions`, { action: 'classify', flow: 'dispute', category: 'neighbor' });
    await disp.post(`/api/v1/cases/${r.json.id}/actions`, { action: 'comment', note: `回访记录 ${i}` });
    out.push(r.json);
  }
  return out;
}

test('audit verify passes on an honest database and catches edits, removals and reordering', async () => {
  const srv = await startServer();
  const made = await casesIn(srv, 4);
  await srv.stop({ keep: true });
  const db = srv.db;
  let r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /all chains intact/);

  // An honest writer cannot change the record at all.
  assert.throws(() => sql(db, "UPDATE case_event SET payload = '{}' WHERE seq = 1"), /append-only/);

  // Someone with the file drops the guard and edits one event's payload.
  sql(db, 'DROP TRIGGER case_event_no_update; DROP TRIGGER case_event_no_delete;');
  sql(db, `UPDATE case_event SET payload = replace(payload, '回访记录', '篡改记录') WHERE case_id = ${made[0].id} AND action = 'comment'`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, new RegExp(made[0].tracking_no));
  assert.doesNotMatch(r.stdout, new RegExp(made[1].tracking_no));

  // The last event of another case is removed.
  sql(db, `DELETE FROM case_event WHERE case_id = ${made[1].id} AND seq = (SELECT MAX(seq) FROM case_event WHERE case_id = ${made[1].id})`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(made[1].tracking_no));

  // Two events of a third case swap places.
  sql(db, `UPDATE case_event SET seq = -1 WHERE case_id = ${made[2].id} AND seq = 2;
           UPDATE case_event SET seq = 2 WHERE case_id = ${made[2].id} AND seq = 3;
           UPDATE case_event SET seq = 3 WHERE case_id = ${made[2].id} AND seq = -1;`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(made[2].tracking_no));
  assert.doesNotMatch(r.stdout, new RegExp(made[3].tracking_no), 'the untouched case is not named');

  // A middle event removed from the fourth case.
  sql(db, `DELETE FROM case_event WHERE case_id = ${made[3].id} AND seq = 2`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.match(r.stdout, new RegExp(made[3].tracking_no));
  assert.equal(cli(['audit', 'verify']).status, 2, 'usage errors are not "tampered"');
});
