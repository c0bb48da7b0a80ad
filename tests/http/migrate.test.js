// migrate.test.js - moving a county up: `fengqiao migrate` copies a whole
// SQLite database into an empty PostgreSQL one, and the target serves the
// same cases, sealed personal data, attachments and chains. Runs in the
// suite's PostgreSQL pass (scripts/test.sh), where a cluster is at hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG, TEMPLATE, cli, newDb, startServer } from './harness.js';

// The smallest PNG: a 1x1 pixel.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
  + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

test('migrate moves a SQLite database into PostgreSQL; both verifies pass; a second run is refused',
  { skip: !PG && 'needs the PostgreSQL pass', timeout: 180000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fq-migrate-'));
    try {
      const src = join(dir, 'county.db');
      copyFileSync(TEMPLATE, src);
      copyFileSync(`${TEMPLATE}.key`, `${src}.key`);
      // The county's own history: a case with a sealed phone and a photo.
      let srv = await startServer({ db: src, dir, args: ['--files', join(dir, 'files')] });
      const citizen = srv.client();
      const up = await citizen.req('POST', '/api/v1/public/attachments',
        { body: PNG, headers: { 'Content-Type': 'image/png' } });
      assert.equal(up.status, 201, up.text);
      const sub = await citizen.post('/api/v1/public/cases', {
        category: 'neighbor', org: '130102001001', description: '楼上漏水，泡坏了我家天花板，协商多次没有结果。',
        applicant: { name: '孙女士', phone: '13712345678' }, attachments: [up.json.receipt],
      });
      assert.equal(sub.status, 201, sub.text);
      const disp = srv.client();
      await disp.login('town_dispatcher');
      assert.equal((await disp.post(`/api/v1/cases/${sub.json.id}/actions`,
        { action: 'classify', flow: 'dispute', category: 'neighbor' })).status, 200);
      const before = (await disp.get(`/api/v1/cases/${sub.json.id}`)).json;
      await srv.stop({ keep: true });

      const target = newDb(dir, 'migrated');
      const run = () => cli(['migrate', '--from', src, '--to', target, '--files-from', join(dir, 'files'),
        '--files-to', join(dir, 'pg-files')]);
      const r = run();
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /migrated .* rows, 1 attachments/);
      assert.doesNotMatch(r.stdout + r.stderr, /:fq@/, 'the password is not shown');
      const audit = cli(['audit', 'verify', '--db', target]);
      assert.equal(audit.status, 0, audit.stdout + audit.stderr);
      const stats = cli(['stats', 'verify', '--db', target]);
      assert.equal(stats.status, 0, stats.stdout + stats.stderr);

      // The target serves the same case: ids, tracking number, timeline,
      // the sealed phone opened with the same key, the photo.
      srv = await startServer({ db: target, dir, args: ['--files', join(dir, 'pg-files')] });
      try {
        const d2 = srv.client();
        await d2.login('town_dispatcher');
        const after = (await d2.get(`/api/v1/cases/${sub.json.id}`)).json;
        assert.equal(after.tracking_no, before.tracking_no);
        assert.deepEqual(after.timeline.map((e) => e.action), before.timeline.map((e) => e.action));
        assert.deepEqual(after.parties, before.parties);
        const file = await fetch(`${srv.url}/api/v1/cases/${sub.json.id}/attachments/${up.json.id}`,
          { headers: { cookie: d2.cookie } });
        assert.equal(file.status, 200);
        assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);
        // New cases continue after the copied ids.
        const more = await srv.client().post('/api/v1/public/cases', {
          category: 'neighbor', org: '130102001001', description: '迁移之后的第一件：楼道灯坏了很久没人修。',
          applicant: { name: '钱先生', phone: '13700001111' },
        });
        assert.equal(more.status, 201, more.text);
        assert.ok(more.json.id > sub.json.id);
      } finally {
        await srv.stop({ keep: true });
      }

      const again = run();
      assert.equal(again.status, 1);
      assert.match(again.stderr, /目标数据库已有数据/);
      assert.equal(cli(['migrate', '--from', target, '--to', target]).status, 1, 'only SQLite to PostgreSQL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
