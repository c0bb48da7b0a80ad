// attachments.test.js - photos and PDFs: typed by content, stored once by
// SHA-256, at most 10 MiB, downloaded only through a case in scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, expectError, rawRequest } from './harness.js';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

// A real 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6a3e60000000049454e44ae426082', 'hex');

const upload = (c, body, type) => c.req('POST', '/api/v1/public/attachments', { body, headers: { 'Content-Type': type } });

test('upload, attach to a case, download through the case only', async () => {
  const citizen = srv.client();
  const up = await upload(citizen, PNG, 'image/png');
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.id, createHash('sha256').update(PNG).digest('hex'));
  assert.equal(up.json.content_type, 'image/png');
  const again = await upload(citizen, PNG, 'application/octet-stream');
  assert.equal(again.json.id, up.json.id, 'the same bytes are stored once');
  const sub = await citizen.post('/api/v1/public/cases', {
    category: 'public_facility', org: '130102001001', description: '路口的井盖丢了，晚上很危险，附照片。',
    applicant: { name: '郑女士', phone: '13600006666' }, attachments: [up.json.id],
  });
  assert.equal(sub.status, 201, sub.text);
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const c = (await disp.get(`/api/v1/cases/${sub.json.id}`)).json;
  assert.equal(c.attachments.length, 1);
  const res = await fetch(`${srv.url}/api/v1/cases/${sub.json.id}/attachments/${up.json.id}`, { headers: { cookie: disp.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.match(res.headers.get('content-security-policy'), /sandbox/);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
  const other = await fetch(`${srv.url}/api/v1/cases/${sub.json.id}/attachments/${'0'.repeat(64)}`, { headers: { cookie: disp.cookie } });
  assert.equal(other.status, 404);
  const anon = await fetch(`${srv.url}/api/v1/cases/${sub.json.id}/attachments/${up.json.id}`);
  assert.equal(anon.status, 401);
});

test('not an image or PDF: 415; empty: 400; over 10 MiB: 413; unknown id at intake: 422', async () => {
  const c = srv.client();
  expectError(assert, await upload(c, Buffer.from('<script>alert(1)</script>'), 'image/png'), 415, 'unsupported_file_type');
  expectError(assert, await upload(c, Buffer.from('MZ\x90\x00 executable'), 'application/pdf'), 415);
  expectError(assert, await upload(c, Buffer.alloc(0), 'image/png'), 400);
  // Refused from the Content-Length, before 11 MiB cross the wire.
  const big = await rawRequest(srv.url, `POST /api/v1/public/attachments HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: ${11 * 1024 * 1024}\r\nConnection: close\r\n\r\n`);
  assert.equal(big.status, 413, big.raw.slice(0, 100));
  const r = await c.post('/api/v1/public/cases', {
    category: 'public_facility', org: '130102001001', description: '路灯不亮已经一个星期了。',
    applicant: { name: '郑女士', phone: '13600006666' }, attachments: ['a'.repeat(64)],
  });
  expectError(assert, r, 422, 'unknown_attachment');
});
