// sequences.test.js - identifiers that several writers can take (issue 12,
// item 6). Case ids and tracking numbers come from counters (store/seq.h)
// instead of MAX()+1: many citizens submitting at once, in two counties and
// on two days (the test build's clock), all get unique ids and unique,
// well-formed tracking numbers, "county-date-sequence" with the sequence
// counting per county and day; the timeline still verifies. A database
// from before the counters (the migration undone with sqlite3) is seeded
// from its rows and goes on numbering after them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, dbSql, PG } from './harness.js';

const VILLAGES = { 130102: '130102001001', 130104: '130104001001' };
const DAYS = [['2026-11-23T09:30:00+08:00', '20261123'], ['2026-11-24T10:15:00+08:00', '20261124']];
const CLIENTS = 12;
const EACH = 3;
const sql = (db, text) => dbSql(db, text).stdout.trim();

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
};

const submit = (county, k) => srv.client().post('/api/v1/public/cases', {
  category: 'neighbor', org: VILLAGES[county],
  description: `第${k}号反映：隔壁装修每天早上七点就开始电钻作业，持续了两个多星期，老人孩子休息不好，希望社区协调一下施工时间。`,
  applicant: { name: '钱先生', phone: `1390000${String(1000 + k).slice(-4)}` },
});

// CLIENTS clients at once, each submitting EACH cases one after another,
// half of them in each county.
async function burst(base) {
  const runs = [];
  for (let c = 0; c < CLIENTS; c++) {
    const county = c % 2 ? '130104' : '130102';
    runs.push((async () => {
      const got = [];
      for (let i = 0; i < EACH; i++) {
        const r = await submit(county, base + c * EACH + i);
        assert.equal(r.status, 201, r.text);
        got.push({ county, id: r.json.id, tn: r.json.tracking_no });
      }
      return got;
    })());
  }
  return (await Promise.all(runs)).flat();
}

const parse = (tn) => {
  const m = /^(\d{6})-(\d{8})-(\d{5,})$/.exec(tn);
  assert.ok(m, `tracking number ${tn} is county-date-sequence`);
  return { county: m[1], date: m[2], seq: Number(m[3]) };
};

// Within one county and day, in the order the cases were written (ids),
// the sequence only grows; numbers never repeat.
function checkSequences(all) {
  const groups = new Map();
  for (const c of all) {
    const p = parse(c.tn);
    const key = `${p.county}-${p.date}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ ...c, seq: p.seq });
  }
  for (const [key, g] of groups) {
    g.sort((a, b) => a.id - b.id);
    for (let i = 1; i < g.length; i++) {
      assert.ok(g[i].seq > g[i - 1].seq, `${key}: ${g[i - 1].tn} (case ${g[i - 1].id}) then ${g[i].tn} (case ${g[i].id})`);
    }
    assert.ok(g[0].seq >= 1);
  }
  return groups;
}

let written = [];

test('concurrent intake in two counties on two days: unique ids, per-county-per-day tracking numbers', async () => {
  for (const [d, [iso, date]] of DAYS.entries()) {
    await setNow(iso);
    const got = await burst(d * 1000);
    for (const c of got) {
      const p = parse(c.tn);
      assert.equal(p.county, c.county, `${c.tn} is numbered in its county`);
      assert.equal(p.date, date, `${c.tn} carries the day it was registered`);
    }
    written.push(...got);
  }
  assert.equal(written.length, DAYS.length * CLIENTS * EACH);
  assert.equal(new Set(written.map((c) => c.id)).size, written.length, 'case ids are unique');
  assert.equal(new Set(written.map((c) => c.tn)).size, written.length, 'tracking numbers are unique');
  const groups = checkSequences(written);
  assert.equal(groups.size, 4, 'two counties times two days');
  // The template has no case of these days: each county-day counts from 1,
  // and nothing failed, so without gaps.
  for (const [key, g] of groups) {
    assert.deepEqual(g.map((c) => c.seq), g.map((_, i) => i + 1), key);
  }
  // What the server answered is what it stored.
  for (const c of written.slice(0, 6)) {
    assert.equal(sql(srv.db, `SELECT tracking_no FROM cases WHERE id = ${Number(c.id)}`), c.tn);
  }
  const audit = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
});

test('a database from before the counters goes on after its last case and tracking numbers', { skip: PG && 'undoes a SQLite migration' }, async () => {
  await srv.stop({ keep: true });
  // Undo the counters as if the database had been made by an older build.
  // Migrations 18 (case ids, tracking numbers) and 20 (alert ids) fill the
  // counter table; an older build had neither.
  sql(srv.db, "DROP TABLE counter; DELETE FROM schema_version WHERE name IN ('counters', 'alert_ids')");
  srv = await startServer({ db: srv.db, dir: srv.dir });
  const maxId = Math.max(...written.map((c) => c.id));
  await setNow(DAYS[1][0]);
  const more = [];
  for (const county of ['130102', '130104']) {
    const r = await submit(county, 9000 + more.length);
    assert.equal(r.status, 201, r.text);
    more.push({ county, id: r.json.id, tn: r.json.tracking_no });
  }
  const last = (county) => Math.max(...written.filter((c) => parse(c.tn).county === county && parse(c.tn).date === DAYS[1][1])
    .map((c) => parse(c.tn).seq));
  assert.equal(more[0].id, maxId + 1);
  assert.equal(more[1].id, maxId + 2);
  assert.equal(parse(more[0].tn).seq, last('130102') + 1, more[0].tn);
  assert.equal(parse(more[1].tn).seq, last('130104') + 1, more[1].tn);
  checkSequences([...written, ...more]);
  const audit = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
});
