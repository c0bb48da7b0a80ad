// filemodes.test.js - what fengqiao writes to disk is its owner's alone:
// the database, its WAL and SHM files and the key 0600, the attachment
// folders 0700 and the files in them 0600, whatever the umask (issue 11,
// item 8). Files an earlier version left readable are narrowed on open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, startServer, PG } from './harness.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6a3e60000000049454e44ae426082', 'hex');
const mode = (p) => (statSync(p).mode & 0o777).toString(8).padStart(3, '0');

// The permissive umask a shell or a service manager may well have.
function run(args) {
  const r = spawnSync('sh', ['-c', 'umask 022; exec "$@"', 'sh', BIN, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function serveAndWrite(dir, db) {
  const srv = await startServer({ dir, db, args: [] });
  try {
    const c = srv.client();
    const up = await c.req('POST', '/api/v1/public/attachments', { body: PNG, headers: { 'Content-Type': 'image/png' } });
    assert.equal(up.status, 201, up.text);
    const r = await c.post('/api/v1/public/cases', {
      category: 'public_facility', org: '130102001001', description: '路口的井盖丢了，晚上很危险，附照片。',
      applicant: { name: '郑女士', phone: '13600006666' }, attachments: [up.json.receipt],
    });
    assert.equal(r.status, 201, r.text);
    // While it serves, the WAL and SHM files exist.
    for (const f of [db, `${db}-wal`, `${db}-shm`]) assert.equal(mode(f), '600', f);
    const files = join(dir, 'files');
    assert.equal(mode(files), '700', 'the attachment folder');
    for (const sub of readdirSync(files)) {
      assert.equal(mode(join(files, sub)), '700', `folder ${sub}`);
      for (const f of readdirSync(join(files, sub))) assert.equal(mode(join(files, sub, f)), '600', `file ${f}`);
    }
  } finally {
    await srv.stop({ keep: true });
  }
}

test('init creates the database and key 0600; serve writes WAL, SHM and attachments owner-only', { skip: PG && 'SQLite files' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fq-modes-'));
  try {
    const db = join(dir, 'fq.db');
    run(['init', '--db', db, '--region', '1301', '--demo']);
    assert.equal(mode(db), '600', 'database after init');
    assert.equal(mode(`${db}.key`), '600', 'key after init');
    for (const f of [`${db}-wal`, `${db}-shm`]) if (existsSync(f)) assert.equal(mode(f), '600', f);
    await serveAndWrite(dir, db);
    assert.equal(mode(db), '600', 'database after serve');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database and attachment folder left readable by an earlier version are narrowed on start', { skip: PG && 'SQLite files' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fq-modes-'));
  try {
    const db = join(dir, 'fq.db');
    run(['init', '--db', db, '--region', '1301', '--demo']);
    chmodSync(db, 0o644);
    mkdirSync(join(dir, 'files'), { mode: 0o755 });
    chmodSync(join(dir, 'files'), 0o755);
    await serveAndWrite(dir, db);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
