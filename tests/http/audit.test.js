// audit.test.js - the timeline is tamper-evident: `fengqiao audit verify`
// passes on an honest database and names the case when an event was
// edited, removed or reordered, even by someone who can write the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, cli, dbSql, PG } from './harness.js';

// SQL beside the server (sqlite3 or psql); throws with the engine's message.
const sql = (db, text) => {
  const r = dbSql(db, text);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};
// Someone with the database's credentials drops a guard (the syntax is
// the engine's).
const drop = (name) => (PG ? `DROP TRIGGER ${name} ON event;` : `DROP TRIGGER ${name};`);
// An alert's events by name, in chain order.
const alertActions = (db, id) => sql(db, PG
  ? `SELECT string_agg(action, ',' ORDER BY seq) FROM event WHERE kind = 'alert' AND record_id = ${id}`
  : `SELECT group_concat(action) FROM (SELECT action FROM event WHERE kind = 'alert' AND record_id = ${id} ORDER BY seq)`).trim();

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
  sql(db, drop('case_event_no_update') + drop('case_event_no_delete'));
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

// A wave-1 database (schema 15, built by the binary of that release: 40
// cases of demo history, 280 events, trimmed of the org rows no case uses)
// is migrated on open: its case events move into the one event log, every
// chain still verifies, the hashes are the ones written then, and a break
// is still named by kind and number.
test('a wave-1 database verifies after migration 17 moves its timeline into the event log', { skip: PG && 'a SQLite file of wave 1' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fq-wave1-'));
  const db = join(dir, 'wave1.db');
  writeFileSync(db, gunzipSync(readFileSync(new URL('../fixtures/wave1.db.gz', import.meta.url))));
  assert.equal(sql(db, 'SELECT MAX(version) FROM schema_version').trim(), '15');
  assert.equal(sql(db, "SELECT type FROM sqlite_master WHERE name = 'case_event'").trim(), 'table');
  const before = sql(db, 'SELECT id, case_id, seq, hash FROM case_event ORDER BY id');
  assert.equal(before.trim().split('\n').length, 280);

  let r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /40 cases, 280 events checked: all chains intact/);
  // Migrated to the latest version, migration 17 (the event log) included.
  assert.equal(sql(db, 'SELECT COUNT(*) FROM schema_version WHERE version = 17').trim(), '1');
  assert.ok(Number(sql(db, 'SELECT MAX(version) FROM schema_version').trim()) >= 17);
  assert.equal(sql(db, "SELECT type FROM sqlite_master WHERE name = 'case_event'").trim(), 'view');
  assert.equal(sql(db, "SELECT id, record_id, seq, hash FROM event WHERE kind = 'case' ORDER BY id"), before,
    'every event kept its id, record, place in the chain and hash');
  assert.equal(sql(db, 'SELECT id, case_id, seq, hash FROM case_event ORDER BY id'), before);

  // The log stays append-only under its new name and its old one.
  assert.throws(() => sql(db, "UPDATE event SET payload = '{}' WHERE seq = 1"), /append-only/);
  assert.throws(() => sql(db, 'DELETE FROM case_event WHERE seq = 1'), /append-only/);

  // A break after the migration names the kind and the record.
  const [id, no] = sql(db, 'SELECT id, tracking_no FROM cases ORDER BY id LIMIT 1').trim().split('|');
  sql(db, `DROP TRIGGER case_event_no_update; UPDATE event SET payload = '{"x":1}' WHERE kind = 'case' AND record_id = ${id} AND seq = 1;`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`BROKEN case ${id} ${no} event 1: `));
  assert.equal(r.stdout.match(/BROKEN/g).length, 1, r.stdout);
  rmSync(dir, { recursive: true, force: true });
});

// Alerts are the log's second kind: their actions are chained events too,
// and a break names the alert.
test('audit verify checks alert events and names the alert on a break', async () => {
  const srv = await startServer();
  const [c] = await casesIn(srv, 1);
  const disp = srv.client();
  await disp.login('town_dispatcher');
  let r = await disp.post(`/api/v1/cases/${c.id}/actions`, { action: 'supervise', note: '请尽快处理' });
  assert.equal(r.status, 200, r.text);
  const list = (await disp.get('/api/v1/alerts?kind=supervise&status=open&limit=100')).json.items;
  const al = list.find((x) => x.message.includes(c.tracking_no));
  assert.ok(al, JSON.stringify(list));
  r = await disp.post(`/api/v1/alerts/${al.id}/actions`, { action: 'note', note: '已电话督促承办单位' });
  assert.equal(r.status, 200, r.text);
  r = await disp.post(`/api/v1/alerts/${al.id}/actions`, { action: 'close', note: '已办结' });
  assert.equal(r.status, 200, r.text);
  await srv.stop({ keep: true });
  const db = srv.db;
  assert.equal(alertActions(db, al.id), 'raise,note,close');
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  sql(db, `${drop('case_event_no_update')} UPDATE event SET payload = replace(payload, '督促', '放任') WHERE kind = 'alert' AND record_id = ${al.id}`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`BROKEN alert ${al.id} event 2: `));
  assert.doesNotMatch(r.stdout, /BROKEN case/);
});

// The detectors raise and extend alerts through the write path: a repeat
// alert's chain begins with "raise", every new case joining it is an
// "extend", the row's head is the chain's, and audit verify checks it.
test('a detector-raised alert has its chain: raise, then extend per joining case', async () => {
  const srv = await startServer();
  const phone = '13912345678';
  const texts = ['楼上装修每天早上七点就开始电钻施工，吵得老人孩子无法休息。', '村里修路占了我家的承包地，没有签协议也没有补偿。',
    '邻居在公共楼道堆放杂物，堵住了消防通道。', '小区电梯经常坏，物业收了维修基金却不修。', '培训机构突然关门，学费退不回来。'];
  const leader = srv.client();
  await leader.login('town_leader');
  const submit = async (description) => {
    const r = await srv.client().post('/api/v1/public/cases', { category: 'neighbor', org: '130102001001', description,
      applicant: { name: '吴大爷', phone } });
    assert.equal(r.status, 201, r.text);
  };
  const holding = async (n) => {
    let al;
    for (const end = Date.now() + 10000; !al && Date.now() < end; await new Promise((r) => setTimeout(r, 200)))
      al = (await leader.get('/api/v1/alerts?kind=repeat')).json.items.find((a) => a.message.includes('吴大爷') && a.case_count === n);
    assert.ok(al, `a repeat alert holding ${n} cases`);
    return al;
  };
  for (const t of texts.slice(0, 3)) await submit(t);
  const first = await holding(3);
  await submit(texts[3]);
  await holding(4);
  await submit(texts[4]);
  const al = await holding(5);
  assert.equal(al.id, first.id);
  assert.equal(al.level, 'red');
  await srv.stop({ keep: true });
  const db = srv.db;
  const actions = alertActions(db, al.id);
  assert.equal(actions, 'raise,extend,extend', 'raised at three cases, extended by the fourth and the fifth');
  const [seq, head, last] = sql(db, `SELECT a.event_seq, a.last_hash, (SELECT hash FROM event WHERE kind = 'alert' AND record_id = a.id ORDER BY seq DESC LIMIT 1) FROM alert a WHERE a.id = ${al.id}`).trim().split('|');
  assert.equal(Number(seq), 3);
  assert.equal(head, last);
  // The raise names the cases behind it; each extend the one that joined.
  const raise = JSON.parse(sql(db, `SELECT payload FROM event WHERE kind = 'alert' AND record_id = ${al.id} AND seq = 1`));
  assert.equal(raise.kind, 'repeat');
  assert.equal(raise.cases.length, 3);
  const ext = JSON.parse(sql(db, `SELECT payload FROM event WHERE kind = 'alert' AND record_id = ${al.id} AND seq = 3`));
  assert.equal(ext.level, 'red');
  assert.equal(ext.cases.length, 1);
  let r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  sql(db, `${drop('case_event_no_update')} UPDATE event SET payload = replace(payload, 'repeat', 'cluster') WHERE kind = 'alert' AND record_id = ${al.id} AND seq = 1`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`BROKEN alert ${al.id} event 1: `));
});
