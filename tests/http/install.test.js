// install.test.js - the installed layout runs from anywhere: `meson install
// --destdir` of the test build, then the installed binary creates its
// database and serves from `/` with no path options at all. The web UI, the
// classifier (data/triage, risk words) and attachments must all work, and
// must come from the install, not from the source tree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BIN, startServer } from './harness.js';

const BUILD = dirname(resolve(BIN));
let root;
let bin;
let share;
let srv;

// The first bin/fengqiao below dir (the prefix is the build's, /usr/local
// by default).
function findBinary(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const hit = findBinary(p);
      if (hit) return hit;
    } else if (e.name === 'fengqiao' && dir.endsWith('/bin')) return p;
  }
  return null;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'fq-install-'));
  const inst = spawnSync('meson', ['install', '-C', BUILD, '--destdir', join(root, 'dest'), '--no-rebuild', '--quiet'],
    { encoding: 'utf8' });
  assert.equal(inst.status, 0, `meson install: ${inst.stdout}${inst.stderr}`);
  bin = findBinary(join(root, 'dest'));
  assert.ok(bin, 'meson install put bin/fengqiao under the destdir');
  share = resolve(dirname(bin), '../share/fengqiao');
  for (const f of ['holidays.tsv', 'risk_words.tsv', 'triage/train.tsv', 'risk/train.tsv', 'risk/heldout.tsv',
    'web/console/index.html', 'web/bigscreen/index.html', 'divisions/villages.csv']) {
    assert.ok(existsSync(join(share, f)), `installed share/fengqiao/${f}`);
  }
  assert.ok(!existsSync(join(share, 'web/.built')), 'the web build stamp is not installed');
  // A database made by the installed binary from /: divisions and holidays
  // come from share/fengqiao.
  const state = join(root, 'state');
  mkdirSync(state); // as systemd's StateDirectory= does
  const init = spawnSync(bin, ['init', '--db', join(state, 'fengqiao.db'), '--region', '1301', '--demo', '--history', '0'],
    { cwd: '/', encoding: 'utf8', env: { ...process.env, FQ_DIVISIONS: '', FQ_DATA_DIR: '', FQ_WEB_DIR: '' } });
  assert.equal(init.status, 0, `init from /: ${init.stdout}${init.stderr}`);
  srv = await startServer({ bin, cwd: '/', plain: true, db: join(state, 'fengqiao.db'), dir: root });
});
after(async () => { await srv?.stop(); });

test('the installed server started from / names its paths: the install and the database folder', () => {
  const m = srv.stdout().match(/^data (.+), web UI (.+), attachments (.+)$/m);
  assert.ok(m, srv.stdout());
  assert.equal(resolve(m[1]), share);
  assert.equal(resolve(m[2]), join(share, 'web'));
  assert.equal(resolve(m[3]), join(root, 'state', 'files'));
});

test('the web UI is served from the install', async () => {
  for (const page of ['/console/', '/m/', '/bigscreen/']) {
    const r = await fetch(srv.url + page);
    assert.equal(r.status, 200, page);
    const html = await r.text();
    const asset = html.match(/(?:src|href)="(\/assets\/[^"]+\.js)"/);
    assert.ok(asset, `${page} references its script`);
    const a = await fetch(srv.url + asset[1]);
    assert.equal(a.status, 200, asset[1]);
    assert.match(a.headers.get('content-type'), /javascript/);
  }
});

test('the classifier learnt from the installed examples and risk words', async () => {
  const c = srv.client();
  await c.login('county_dispatcher');
  const r = await c.post('/api/v1/triage/suggest', { text: '老板拖欠我们十几个工人三个月工资不发，电话也不接，大家说明天去堵路' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.category, 'wage_arrears', r.text);
  assert.ok(r.json.confidence > 0.3, r.text);
  assert.equal(r.json.risk, 'high', r.text);
  assert.ok(r.json.risk_words.includes('堵路'), r.text);
  // The holiday calendar too: a time limit counted on it.
  const h = await c.get('/api/v1/holidays?year=2026');
  assert.equal(h.status, 200, h.text);
  assert.ok(h.json.items.length > 10, 'the 2026 calendar was seeded from share/fengqiao/holidays.tsv');
});

test('an attachment lands in files/ beside the database', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6a3e60000000049454e44ae426082', 'hex');
  const up = await srv.client().req('POST', '/api/v1/public/attachments', { body: png, headers: { 'Content-Type': 'image/png' } });
  assert.equal(up.status, 201, up.text);
  const files = join(root, 'state', 'files');
  const found = spawnSync('find', [files, '-type', 'f', '-name', up.json.id], { encoding: 'utf8' });
  assert.match(found.stdout, new RegExp(up.json.id), `stored under ${files}`);
});

after(() => { if (root) rmSync(root, { recursive: true, force: true }); });
