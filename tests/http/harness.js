// harness.js - starts a real `fengqiao serve` on a copy of the demo
// database and a free port, and gives tests a small cookie-aware client.
// On stop it checks that the server shut down cleanly (exit 0, no
// AddressSanitizer or UBSan report), so every scenario is also a leak test.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const BIN = process.env.FQ_BIN || 'build-test/fengqiao';
export const TEMPLATE = process.env.FQ_TEMPLATE_DB || 'tests/out/template.db';
export const PASSWORD = 'Fengqiao@2026';

// Runs the CLI synchronously; returns {status, stdout, stderr}.
export function cli(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The engine under test: SQLite files by default; PostgreSQL when
// scripts/test.sh runs the suite again with FQ_PG_BASE (a URL ending in
// "/", databases named after it) and FQ_PG_TEMPLATE (the demo database
// each scenario's database is copied from). The data key is one file for
// all of them (FQ_KEY_FILE), as it is for the nodes of a cluster.
export const PG = Boolean(process.env.FQ_PG_BASE);
const PG_BASE = process.env.FQ_PG_BASE || '';
const PG_ADMIN = process.env.FQ_PG_ADMIN || '';

let dbSerial = 0;
function pgName(tag) {
  dbSerial += 1;
  return `fq_${tag}_${process.pid}_${dbSerial}_${Math.floor(Math.random() * 1e6)}`;
}

function psql(url, text) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-tA', url, '-c', text], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// An empty database for a scenario that runs `init` itself: a file path in
// dir on SQLite, a new database on PostgreSQL.
export function newDb(dir, name) {
  if (!PG) return join(dir, `${name}.db`);
  const db = pgName(name.replace(/[^a-z0-9_]/gi, '_'));
  const r = psql(PG_ADMIN, `CREATE DATABASE ${db} OWNER fq`);
  if (r.status !== 0) throw new Error(`create database ${db}: ${r.stderr}`);
  return PG_BASE + db;
}

// Runs SQL beside the server, as an operator (or an attacker with the
// database's credentials) would: sqlite3 on a file, psql on PostgreSQL.
// Returns {status, stdout, stderr}; stdout is psql's/sqlite3's plain rows.
export function dbSql(db, text) {
  if (db.startsWith('postgres')) return psql(db, text);
  // A busy timeout: the server's background work (clock, detector) may hold
  // the write lock for a moment, and the CLI would fail at once.
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', db, text], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A fresh copy of the demo database in its own directory.
export function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'fq-'));
  if (PG) {
    const name = pgName('t');
    const r = psql(PG_ADMIN, `CREATE DATABASE ${name} TEMPLATE ${process.env.FQ_PG_TEMPLATE} OWNER fq`);
    if (r.status !== 0) throw new Error(`copy the template database: ${r.stderr}`);
    return { dir, db: PG_BASE + name };
  }
  if (!existsSync(TEMPLATE)) throw new Error(`missing ${TEMPLATE}: run scripts/test.sh`);
  const db = join(dir, 'fq.db');
  copyFileSync(TEMPLATE, db);
  if (existsSync(`${TEMPLATE}-wal`)) copyFileSync(`${TEMPLATE}-wal`, `${db}-wal`);
  // The data key that seals personal data lives beside the database.
  copyFileSync(`${TEMPLATE}.key`, `${db}.key`);
  return { dir, db };
}

export async function startServer(opts = {}) {
  const { dir, db } = opts.db ? { dir: opts.dir, db: opts.db } : freshDb();
  // Scenarios submit far more than a citizen would: the public rate limit
  // is raised unless a test sets its own.
  const rate = (opts.args || []).includes('--public-rate') ? [] : ['--public-rate', '100000'];
  // opts.plain leaves the web UI and attachment folder to the server's own
  // defaults (tests/http/install.test.js); opts.bin and opts.cwd start
  // another binary from another directory.
  const paths = opts.plain ? [] : ['--web', 'web/dist', '--files', join(dir, 'files')];
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', ...paths, '--quiet', ...rate, ...(opts.args || [])];
  const proc = spawn(opts.bin || BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    url, db, dir, proc,
    stdout: () => out,
    stderr: () => stderr,
    client: () => new Client(url),
    async stop({ keep = false } = {}) {
      proc.kill('SIGTERM');
      const { code, signal } = await exited;
      if (!keep) {
        rmSync(dir, { recursive: true, force: true });
        if (PG && db.startsWith(PG_BASE)) psql(PG_ADMIN, `DROP DATABASE IF EXISTS ${db.slice(PG_BASE.length)} WITH (FORCE)`);
      }
      if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(stderr)) {
        throw new Error(`sanitizer report from the server:\n${stderr.slice(-4000)}`);
      }
      if (code !== 0) throw new Error(`server exited with ${code ?? signal}:\n${stderr.slice(-2000)}`);
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

// A client with a cookie jar and the CSRF token of its session.
export class Client {
  constructor(base) { this.base = base; this.cookie = ''; this.csrf = ''; }

  async req(method, path, { json, body, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!('Content-Type' in h)) h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = set.match(/fq_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `fq_session=${m[1]}` : '';
    }
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    return { status: res.status, headers: res.headers, json: data, text };
  }

  get(path, o) { return this.req('GET', path, o); }
  post(path, json, o = {}) { return this.req('POST', path, { ...o, json }); }
  patch(path, json, o = {}) { return this.req('PATCH', path, { ...o, json }); }
  put(path, json, o = {}) { return this.req('PUT', path, { ...o, json }); }
  del(path, o) { return this.req('DELETE', path, o); }

  async login(username, password = PASSWORD) {
    const r = await this.post('/api/v1/session', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    this.csrf = r.json.csrf_token;
    return r.json;
  }

  // An account an admin created must choose its own password before
  // anything else (must_change_password): the first login of such an
  // account, then the change; returns the new password.
  async firstLogin(username, password, next = `${password}-own`) {
    await this.login(username, password);
    const r = await this.post('/api/v1/me/password', { current: password, new: next });
    if (r.status !== 200) throw new Error(`password change ${username}: ${r.status} ${r.text}`);
    return next;
  }
}

// Sends raw bytes over a socket (for malformed requests fetch won't send).
export function rawRequest(url, bytes, { timeoutMs = 5000 } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => { sock.destroy(); resolve({ raw: data.toString('latin1'), timedOut: true }); }, timeoutMs);
    sock.on('data', (d) => { data = Buffer.concat([data, d]); });
    sock.on('error', (e) => { clearTimeout(timer); resolve({ raw: data.toString('latin1'), error: e }); });
    sock.on('close', () => {
      clearTimeout(timer);
      const raw = data.toString('latin1');
      const m = raw.match(/^HTTP\/1\.[01] (\d{3})/);
      const idx = data.indexOf('\r\n\r\n');
      resolve({ raw, status: m ? Number(m[1]) : 0, body: idx >= 0 ? data.subarray(idx + 4).toString('utf8') : '' });
    });
    sock.write(bytes);
  });
}

export function expectError(assert, r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `error body expected: ${r.text}`);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
  if (code) assert.equal(r.json.error.code, code, r.text);
}

export const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
