// attachments.test.js - photos and PDFs: typed by content, stored once by
// SHA-256, at most 10 MiB, attached only through the uploader's receipt,
// downloaded only through a case in scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, expectError, rawRequest, cli } from './harness.js';

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
    applicant: { name: '郑女士', phone: '13600006666' }, attachments: [up.json.receipt],
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

// ---- receipts (issue 11, items 6 and 15) ----

const VILLAGE = '130102001001';
// A different valid PNG per call: the same bytes would be one file.
let seq = 0;
function png() {
  seq++;
  return Buffer.concat([PNG, Buffer.from(`tail-${seq}-${Math.random()}`)]);
}
const publicBody = (extra = {}) => ({
  category: 'public_facility', org: VILLAGE, description: '路口的井盖丢了，晚上很危险，附照片。',
  applicant: { name: '郑女士', phone: '13600006666' }, ...extra,
});
const staffBody = (extra = {}) => ({ ...publicBody(extra), channel: 'hotline' });
async function login(name, password) {
  const c = srv.client();
  await c.login(name, password);
  return c;
}
async function act(c, id, body, status = 200) {
  const r = await c.post(`/api/v1/cases/${id}/actions`, body);
  assert.equal(r.status, status, `${body.action}: ${r.text}`);
  return r.json;
}
const staffUpload = (c, bytes) => c.req('POST', '/api/v1/attachments', { body: bytes, headers: { 'Content-Type': 'image/png' } });
const download = (c, id, sha) => fetch(`${srv.url}/api/v1/cases/${id}/attachments/${sha}`, { headers: { cookie: c.cookie } });

test('every upload answers a fresh unguessable receipt beside id, content_type and size', async () => {
  const c = srv.client();
  const bytes = png();
  const a = await upload(c, bytes, 'image/png');
  const b = await upload(c, bytes, 'image/png');
  assert.equal(a.status, 201, a.text);
  for (const k of ['id', 'content_type', 'size', 'receipt']) assert.ok(k in a.json, k);
  assert.equal(a.json.id, b.json.id, 'the same bytes are still one file');
  assert.notEqual(a.json.receipt, b.json.receipt, 'but each upload has its own receipt');
  assert.match(a.json.receipt, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.json.receipt, a.json.id);
});

test('an unknown, foreign, spent or malformed attachment gets one and the same answer', async () => {
  const disp = await login('town_dispatcher');
  const handler = await login('town_handler');
  const citizen = srv.client();
  // A file another area's staff uploaded and attached to its own case.
  const secret = png();
  const up = await staffUpload(disp, secret);
  assert.equal(up.status, 201, up.text);
  const own = await disp.post('/api/v1/cases', staffBody({ attachments: [up.json.receipt] }));
  assert.equal(own.status, 201, own.text);
  const pub = await upload(citizen, png(), 'image/png');
  const spent = await citizen.post('/api/v1/public/cases', publicBody({ attachments: [pub.json.receipt] }));
  assert.equal(spent.status, 201, spent.text);
  const otherStaff = await staffUpload(handler, png());

  const tries = {
    'the SHA-256 of a file attached elsewhere': up.json.id,
    'an unknown SHA-256': 'b'.repeat(64),
    'a well-formed receipt nobody was given': 'A'.repeat(43),
    'a receipt of another user': otherStaff.json.receipt,
    'a receipt already used': up.json.receipt,
    'a public receipt already used': pub.json.receipt,
  };
  let first = null;
  for (const [what, ref] of Object.entries(tries)) {
    for (const [who, path, body] of [[disp, '/api/v1/cases', staffBody], [citizen, '/api/v1/public/cases', publicBody]]) {
      const r = await who.post(path, body({ attachments: [ref] }));
      expectError(assert, r, 422, 'unknown_attachment');
      first ??= r.text;
      assert.equal(r.text, first, `${what} (${path}) answers exactly like every other`);
    }
  }
  // Only a reference shaped like neither a receipt nor a SHA-256 reads differently: its shape is no secret.
  expectError(assert, await citizen.post('/api/v1/public/cases', publicBody({ attachments: ['../../etc/passwd'] })), 400, 'invalid_attachment');
});

test("someone else's receipt is refused: another staff member's, a citizen's for staff, staff's for the public", async () => {
  const disp = await login('town_dispatcher');
  const handler = await login('town_handler');
  const citizen = srv.client();
  const mine = await staffUpload(handler, png());
  expectError(assert, await disp.post('/api/v1/cases', staffBody({ attachments: [mine.json.receipt] })), 422, 'unknown_attachment');
  expectError(assert, await citizen.post('/api/v1/public/cases', publicBody({ attachments: [mine.json.receipt] })), 422, 'unknown_attachment');
  const pub = await upload(citizen, png(), 'image/png');
  expectError(assert, await disp.post('/api/v1/cases', staffBody({ attachments: [pub.json.receipt] })), 422, 'unknown_attachment');
  // Refused receipts stay good for their owner: a failed intake stores nothing, spends nothing.
  const ok = await handler.post('/api/v1/cases', staffBody({ attachments: [mine.json.receipt] }));
  assert.equal(ok.status, 201, ok.text);
  const okPub = await citizen.post('/api/v1/public/cases', publicBody({ attachments: [pub.json.receipt] }));
  assert.equal(okPub.status, 201, okPub.text);
  const c = (await handler.get(`/api/v1/cases/${ok.json.id}`)).json;
  assert.deepEqual(c.attachments.map((a) => a.id), [mine.json.id]);
});

test('a receipt works once: a second intake or action with it is refused and stores nothing', async () => {
  const citizen = srv.client();
  const disp = await login('town_dispatcher');
  const pub = await upload(citizen, png(), 'image/png');
  const before = (await disp.get('/api/v1/cases?limit=1')).json.items[0].id;
  // Twice in one request, too.
  expectError(assert, await citizen.post('/api/v1/public/cases', publicBody({ attachments: [pub.json.receipt, pub.json.receipt] })), 422, 'unknown_attachment');
  assert.equal((await disp.get('/api/v1/cases?limit=1')).json.items[0].id, before, 'the refused intake left no case');
  const a = await citizen.post('/api/v1/public/cases', publicBody({ attachments: [pub.json.receipt] }));
  assert.equal(a.status, 201, a.text);
  expectError(assert, await citizen.post('/api/v1/public/cases', publicBody({ attachments: [pub.json.receipt] })), 422, 'unknown_attachment');
  const r = await disp.post(`/api/v1/cases/${a.json.id}/actions`, { action: 'comment', note: '补充材料', attachments: [pub.json.receipt] });
  expectError(assert, r, 422, 'unknown_attachment');
});

test('a receipt expires after a day', async () => {
  const setNow = async (iso) => assert.equal((await srv.client().post('/api/v1/test/clock', { now: iso })).status, 200);
  await setNow('2026-12-10T09:00:00+08:00');
  const citizen = srv.client();
  const pub = await upload(citizen, png(), 'image/png');
  await setNow('2026-12-11T09:00:01+08:00');
  expectError(assert, await citizen.post('/api/v1/public/cases', publicBody({ attachments: [pub.json.receipt] })), 422, 'unknown_attachment');
});

test('public intake cannot tell whether a file was ever uploaded', async () => {
  const disp = await login('town_dispatcher');
  const known = png();
  const up = await staffUpload(disp, known);
  const sha = createHash('sha256').update(known).digest('hex');
  assert.equal(up.json.id, sha);
  const citizen = srv.client();
  const a = await citizen.post('/api/v1/public/cases', publicBody({ attachments: [sha] }));
  const b = await citizen.post('/api/v1/public/cases', publicBody({ attachments: [createHash('sha256').update('never').digest('hex')] }));
  assert.equal(a.status, 422);
  assert.equal(a.text, b.text);
});

test('comment, mediate, supervise, resolve and visit take attachments: in the event, on the case, downloadable', async () => {
  const citizen = srv.client();
  const sub = await citizen.post('/api/v1/public/cases', publicBody());
  assert.equal(sub.status, 201, sub.text);
  const id = sub.json.id;
  const disp = await login('town_dispatcher');
  const handler = await login('town_handler');
  const leader = await login('town_leader');
  const admin = await login('county_admin');
  const justice = (await admin.get('/api/v1/units?org=130102001')).json.items.find((u) => u.kind === 'justice_office');
  await act(disp, id, { action: 'classify', flow: 'livelihood', category: 'public_facility' });
  await act(disp, id, { action: 'dispatch', unit_id: justice.id });
  // Attachments elsewhere are refused, not dropped.
  const stray = await staffUpload(handler, png());
  expectError(assert, await handler.post(`/api/v1/cases/${id}/actions`, { action: 'accept', attachments: [stray.json.receipt] }), 400, 'invalid_field');
  await act(handler, id, { action: 'accept' });

  const steps = [
    [handler, { action: 'comment', note: '现场照片', public: false }],
    [handler, { action: 'mediate', time: '2026-12-12T09:30:00+08:00', place: '司法所调解室', mediators: ['张调解'], result: '双方同意' }],
    [leader, { action: 'supervise', note: '请尽快修复' }],
    [handler, { action: 'resolve', outcome: 'resolved', summary: '已更换井盖' }],
    [handler, { action: 'visit', satisfaction: '满意', note: '电话回访' }],
  ];
  const added = {};
  for (const [who, body] of steps) {
    const bytes = body.action === 'resolve' ? Buffer.from('%PDF-1.4 minimal ' + seq++) : png();
    const up = await who.req('POST', '/api/v1/attachments', { body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(up.status, 201, up.text);
    await act(who, id, { ...body, attachments: [up.json.receipt] });
    added[body.action] = { ...up.json, bytes };
  }
  const c = (await handler.get(`/api/v1/cases/${id}`)).json;
  assert.ok(c.timeline_verified);
  for (const [action, up] of Object.entries(added)) {
    const ev = c.timeline.filter((e) => e.action === action).at(-1);
    assert.ok(ev, action);
    assert.deepEqual(ev.payload.attachments, [{ id: up.id, content_type: up.content_type, size: up.size }], `${action} lists its file`);
    assert.ok(c.attachments.some((a) => a.id === up.id), `${action}'s file is on the case`);
    const res = await download(handler, id, up.id);
    assert.equal(res.status, 200, action);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), up.bytes);
  }
  assert.equal(added.resolve.content_type, 'application/pdf');
  assert.ok(!('receipt' in c.attachments[0]), 'receipts are never shown back');
});

test('more than six files in one request is refused', async () => {
  const citizen = srv.client();
  const receipts = [];
  for (let i = 0; i < 7; i++) receipts.push((await upload(citizen, png(), 'image/png')).json.receipt);
  const r = await citizen.post('/api/v1/public/cases', publicBody({ attachments: receipts }));
  assert.equal(r.status, 400, r.text);
});

test('downloads: only files of that case, only for readers of the case', async () => {
  const disp = await login('town_dispatcher');
  const up = await staffUpload(disp, png());
  const a = await disp.post('/api/v1/cases', staffBody({ attachments: [up.json.receipt] }));
  const b = await disp.post('/api/v1/cases', staffBody());
  assert.equal(a.status, 201, a.text);
  assert.equal((await download(disp, a.json.id, up.json.id)).status, 200);
  // The same reader, another case of theirs: the file is not that case's.
  assert.equal((await download(disp, b.json.id, up.json.id)).status, 404);
  // Another county's staff: the case is not theirs.
  const admin = await login('city_admin');
  const counties = (await admin.get('/api/v1/orgs/1301/children')).json.items;
  const other = counties.find((c) => c.code !== '130102').code;
  const made = await admin.post('/api/v1/users', { username: 'att_other', password: 'Other#2026x', role: 'dispatcher', org: other });
  assert.equal(made.status, 201, made.text);
  const x = srv.client();
  await x.firstLogin('att_other', 'Other#2026x');
  const denied = await download(x, a.json.id, up.json.id);
  assert.equal(denied.status, 404);
  const unknown = await download(x, a.json.id, 'c'.repeat(64));
  assert.equal(denied.status, unknown.status);
  assert.equal(await denied.text(), await unknown.text(), 'a foreign case reads like a missing file');
});
