// cluster.test.js - several app nodes on one PostgreSQL behind haproxy:
// the answer does not depend on the node a request reaches, changes to
// one case from both nodes keep its chain whole, the background work
// moves when its node dies, and the live feed carries what either node
// raised. A second test stops PostgreSQL itself under load. Runs in the
// suite's PostgreSQL pass (scripts/test.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { PG, cli, freshDb, startServer, Client } from './harness.js';

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const health = async (url) => (await (await fetch(`${url}/healthz`)).json());

async function haproxy(dir, nodes) {
  const port = await freePort();
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, [
    'global', '  maxconn 512',
    'defaults', '  mode http', '  timeout connect 2s', '  timeout client 30s', '  timeout server 30s',
    '  option httpchk GET /healthz', '  retries 2', '  option redispatch',
    `frontend fe`, `  bind 127.0.0.1:${port}`, '  default_backend nodes',
    'backend nodes', '  balance roundrobin',
    ...nodes.map((u, i) => `  server n${i} ${u.replace('http://', '')} check inter 500 fall 2 rise 1`),
    '',
  ].join('\n'));
  const proc = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/healthz`)).status === 200) break; } catch { /* not yet */ }
    await sleep(100);
  }
  return { url, stop: () => new Promise((r) => { proc.on('exit', r); proc.kill('SIGTERM'); }) };
}

const body = (tag) => ({
  category: 'neighbor', org: '130102001001', title: `集群 ${tag}`,
  description: `小区门口的共享单车乱停乱放，堵住了消防通道（${tag}）。`,
  applicant: { name: '冯先生', phone: '13811112222' },
});

test('two nodes behind haproxy: one database, one chain, one background node, one feed',
  { skip: !PG && 'needs the PostgreSQL pass', timeout: 180000 }, async () => {
    const { dir, db } = freshDb();
    const files = join(dir, 'files');
    const a = await startServer({ db, dir, args: ['--files', files] });
    const b = await startServer({ db, dir: mkdtempSync(join(tmpdir(), 'fq-node-b-')), args: ['--files', files] });
    const lb = await haproxy(dir, [a.url, b.url]);
    try {
      assert.equal((await health(a.url)).engine, 'postgresql');
      // Created through one node, read, acted on and listed through the other.
      const made = await new Client(a.url).post('/api/v1/public/cases', body('a'));
      assert.equal(made.status, 201, made.text);
      const db2 = new Client(b.url);
      await db2.login('town_dispatcher');
      const seen = await db2.get(`/api/v1/cases/${made.json.id}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.json.tracking_no, made.json.tracking_no);
      const cls = await db2.post(`/api/v1/cases/${made.json.id}/actions`, { action: 'classify', flow: 'dispute', category: 'neighbor' });
      assert.equal(cls.status, 200, cls.text);
      const da = new Client(a.url);
      await da.login('town_dispatcher');
      const list = await da.get('/api/v1/cases?limit=50');
      assert.ok(list.json.items.some((c) => c.id === made.json.id && c.status === 'triaged'));

      // 8 handlers at once on the same case through both nodes (and the balancer).
      const urls = [a.url, b.url, lb.url];
      const clients = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
        const c = new Client(urls[i % 3]);
        await c.login('town_dispatcher');
        return c;
      }));
      const answers = await Promise.all(clients.map((c, i) => c.post(`/api/v1/cases/${made.json.id}/actions`,
        { action: 'comment', note: `并发意见 ${i}` })));
      assert.deepEqual(answers.map((r) => r.status), Array(8).fill(200), answers.map((r) => r.text).join('\n'));
      const tl = (await da.get(`/api/v1/cases/${made.json.id}`)).json.timeline;
      assert.equal(tl.filter((e) => e.action === 'comment').length, 8);
      assert.deepEqual(tl.map((e) => e.seq), tl.map((_, i) => i + 1), 'one chain, no gap, no fork');

      // The feed on node b carries a case raised on node a.
      const leader = new Client(b.url);
      await leader.login('town_leader');
      const first = await leader.req('GET', '/api/v1/stats/feed');
      const pos = first.text.match(/^id: (\S+)$/m)[1];
      const raised = await new Client(a.url).post('/api/v1/public/cases', body('feed'));
      assert.equal(raised.status, 201);
      const next = await leader.req('GET', '/api/v1/stats/feed', { headers: { 'Last-Event-ID': pos } });
      assert.match(next.text, new RegExp(raised.json.tracking_no));

      // One node holds the background work; when it dies the other takes it.
      let ha = await health(a.url);
      let hb = await health(b.url);
      assert.equal(Number(ha.background) + Number(hb.background), 1, JSON.stringify([ha, hb]));
      const [holder, other] = ha.background ? [a, b] : [b, a];
      await holder.kill();
      const t0 = Date.now();
      let took = false;
      while (Date.now() - t0 < 30000) {
        if ((await health(other.url)).background) { took = true; break; }
        await sleep(200);
      }
      assert.ok(took, 'the surviving node took the background work within 30 s');
      // The balancer goes on through the survivor.
      const after = await new Client(lb.url).post('/api/v1/public/cases', body('after'));
      assert.equal(after.status, 201, after.text);
      await other.stop({ keep: true });
      for (const cmd of ['audit', 'stats']) {
        const r = cli([cmd, 'verify', '--db', db]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
      }
    } finally {
      await lb.stop();
      for (const s of [a, b]) s.proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

test('PostgreSQL stopped under load: 503 db_unavailable, no acknowledged case lost, recovery by itself',
  { skip: !PG && 'needs the PostgreSQL pass', timeout: 180000 }, async () => {
    // A cluster of its own: the suite's is shared by the other scenarios.
    const dir = mkdtempSync(join(tmpdir(), 'fq-pgdown-'));
    chmodSync(dir, 0o755); // PostgreSQL's own user must reach its data folder
    const port = await freePort();
    const pgdir = join(dir, 'pg');
    const start = () => spawnSync('scripts/pg.sh', ['start', pgdir, String(port)], { encoding: 'utf8' });
    const r0 = start();
    assert.equal(r0.status, 0, r0.stderr);
    const url = r0.stdout.trim();
    const init = cli(['init', '--db', url, '--region', '1301', '--demo', '--history', '0']);
    assert.equal(init.status, 0, init.stderr);
    const srv = await startServer({ db: url, dir });
    try {
      const acked = [];
      const odd = [];
      let running = true;
      const loops = Array.from({ length: 4 }, async (_, c) => {
        for (let i = 0; running; i++) {
          try {
            const r = await new Client(srv.url).post('/api/v1/public/cases', body(`c${c}n${i}`));
            if (r.status === 201) acked.push(r.json);
            else if (!(r.status === 503 && r.json?.error?.code === 'db_unavailable')) odd.push(`${r.status} ${r.text}`);
          } catch (e) { odd.push(String(e)); }
        }
      });
      await sleep(1500);
      const before = acked.length;
      assert.equal(spawnSync('scripts/pg.sh', ['stop', pgdir]).status, 0);
      await sleep(1500);
      const down = await new Client(srv.url).post('/api/v1/public/cases', body('down'));
      assert.equal(down.status, 503, down.text);
      assert.equal(down.json.error.code, 'db_unavailable');
      assert.equal(start().status, 0);
      // It recovers by itself: intake answers 201 again.
      let back = false;
      for (let i = 0; i < 100 && !back; i++) {
        back = (await new Client(srv.url).post('/api/v1/public/cases', body(`back${i}`))).status === 201;
        if (!back) await sleep(200);
      }
      running = false;
      await Promise.all(loops);
      assert.ok(back, 'intake works again after PostgreSQL returns');
      assert.ok(before > 0, 'the load reached the server');
      assert.deepEqual(odd, [], 'nothing else than 201 or 503 db_unavailable');
      const disp = new Client(srv.url);
      await disp.login('town_dispatcher');
      for (const c of acked) {
        const got = await disp.get(`/api/v1/cases/${c.id}`);
        assert.equal(got.status, 200, `${c.tracking_no} acknowledged, then lost`);
      }
    } finally {
      await srv.stop({ keep: true });
      spawnSync('scripts/pg.sh', ['stop', pgdir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
