// documents.test.js - printed documents and the signed 平安码 over HTTP:
// the 受理回执 of a walk-in and a hotline intake (pdftotext reads the
// tracking number, query code for the staff who may see it, title, body,
// time limit and query page); a grid's QR code, poster and stickers; a
// scanned token opening the form, a forged or altered one refused, the
// bare ?grid= link marked unsigned, and the grid worker's call-back clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
const GRID = '130102001001001'; // 第1网格 of 棉一东社区, 建北街道, 长安区
let srv;

before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

async function login(name) {
  const c = srv.client();
  await c.login(name);
  return c;
}

// The body as bytes (the harness client reads text).
async function bytes(c, path) {
  const res = await fetch(srv.url + path, { headers: c && c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

function pdfText(buf) {
  assert.equal(buf.subarray(0, 5).toString('latin1'), '%PDF-');
  const dir = mkdtempSync(join(tmpdir(), 'fq-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), buf);
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const deskBody = (channel) => ({
  channel, category: 'neighbor', org: VILLAGE, title: '邻居占用楼道堆放杂物',
  description: '来访群众反映对门邻居长期在楼道堆放杂物，影响通行和消防安全，多次沟通无果。',
  applicant: { name: '赵桂兰', phone: '13900001111' },
});

test('受理回执 of a walk-in intake: the desk sees the query code, others in scope do not', async () => {
  const desk = await login('town_dispatcher');
  const r = await desk.post('/api/v1/cases', deskBody('walk_in'));
  assert.equal(r.status, 201, r.text);
  const { id, tracking_no, query_code } = r.json;
  const pdf = await bytes(desk, `/api/v1/cases/${id}/receipt.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  const text = pdfText(pdf.buf);
  for (const want of ['受理回执', tracking_no, query_code, '邻居占用楼道堆放杂物', '窗口来访', '赵桂兰', '办理时限',
    '受理机构', '综治中心', '/m/track?no=' + tracking_no, '（盖章）']) {
    assert.ok(text.includes(want), `receipt lacks ${want}:\n${text}`);
  }
  assert.ok(!text.includes('\f第2页') && !text.includes('第2页'), 'the receipt is one A4 page');
  // A handler in scope prints it without the code.
  const handler = await login('town_handler');
  const other = pdfText((await bytes(handler, `/api/v1/cases/${id}/receipt.pdf`)).buf);
  assert.ok(other.includes(tracking_no));
  assert.ok(!other.includes(query_code), 'the query code is for the desk only');
  assert.ok(other.replace(/\s+/g, '').includes('本回执不显示'), other);
  // Out of scope: 404; not logged in: 401.
  const county = await login('county_dispatcher');
  assert.equal((await bytes(county, `/api/v1/cases/${id}/receipt.pdf`)).status, 200); // the county's scope holds the township
  expectError(assert, await srv.client().get(`/api/v1/cases/${id}/receipt.pdf`), 401);
  expectError(assert, await desk.get('/api/v1/cases/999999/receipt.pdf'), 404, 'not_found');
});

test('受理回执 of a hotline intake; a web submission has none', async () => {
  const desk = await login('town_dispatcher');
  const r = await desk.post('/api/v1/cases', deskBody('hotline'));
  assert.equal(r.status, 201, r.text);
  const text = pdfText((await bytes(desk, `/api/v1/cases/${r.json.id}/receipt.pdf`)).buf);
  assert.ok(text.includes('热线来电'));
  assert.ok(text.includes(r.json.query_code));
  const web = await srv.client().post('/api/v1/public/cases', { ...deskBody('h5') });
  assert.equal(web.status, 201, web.text);
  expectError(assert, await desk.get(`/api/v1/cases/${web.json.id}/receipt.pdf`), 409, 'receipt_not_applicable');
});

async function gridToken(c) {
  const svg = await bytes(c, `/api/v1/grids/${GRID}/qr.svg`);
  assert.equal(svg.status, 200);
  assert.equal(svg.type, 'image/svg+xml');
  const s = svg.buf.toString('utf8');
  assert.ok(s.startsWith('<?xml') && s.includes('<svg') && s.includes('<path'), s.slice(0, 200));
  // The poster prints the URL the code carries.
  const text = pdfText((await bytes(c, `/api/v1/grids/${GRID}/poster.pdf`)).buf);
  const m = text.replace(/\s+/g, '').match(/\/m\/\?t=(v1\.grid\.\d+\.[A-Za-z0-9_-]+)/);
  assert.ok(m, `poster lacks the code's URL:\n${text}`);
  return { token: m[1], text };
}

test('a grid\'s 平安码: SVG, PNG, poster and stickers for staff in scope, the token names only the place', async () => {
  const worker = await login('town_grid_worker');
  const { token, text } = await gridToken(worker);
  assert.match(token, /^v1\.grid\.130102001001001\.[A-Za-z0-9_-]{22}$/);
  for (const want of ['网格公示牌', '第1网格', '长安区 / 建北街道 / 棉一东社区居民委员会', '网格员', '第1网格网格员', '13900000000', '平安码']) {
    assert.ok(text.includes(want), `poster lacks ${want}:\n${text}`);
  }
  assert.ok(text.includes('第1页') && !text.includes('第2页'), 'the poster is one A4 page');
  const png = await bytes(worker, `/api/v1/grids/${GRID}/qr.png`);
  assert.equal(png.status, 200);
  assert.equal(png.type, 'image/png');
  assert.equal(png.buf.subarray(1, 4).toString('latin1'), 'PNG');
  // Several threads render at once (each has its own font map).
  const many = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    bytes(worker, `/api/v1/grids/${GRID}/${i % 2 ? 'poster.pdf' : 'qr.png'}`)));
  for (const r of many) assert.equal(r.status, 200);
  const stickers = pdfText((await bytes(worker, `/api/v1/grids/${GRID}/stickers.pdf`)).buf);
  assert.ok(stickers.includes('平安码 · 第1网格'));
  // The same code for everyone: it is the place's, not the reader's.
  const admin = await login('city_admin');
  assert.equal((await gridToken(admin)).token, token);
  // A village is not a grid; another county's grid is out of a township's scope.
  expectError(assert, await worker.get(`/api/v1/grids/${VILLAGE}/qr.svg`), 404, 'not_found');
  const townDesk = await login('town_dispatcher');
  assert.equal((await bytes(admin, '/api/v1/grids/130104001001001/poster.pdf')).status, 200); // 桥西区: exists
  expectError(assert, await townDesk.get(`/api/v1/grids/130104001001001/poster.pdf`), 404, 'not_found');
  expectError(assert, await srv.client().get(`/api/v1/grids/${GRID}/qr.svg`), 401);
});

const citizen = (extra = {}) => ({
  category: 'neighbor', title: '楼下烧烤油烟扰民',
  description: '小区楼下的烧烤摊每天营业到凌晨，油烟和噪音很大，老人孩子都休息不好。',
  applicant: { name: '孙立新', phone: '13811112222' }, ...extra,
});

test('scanning a signed code: the place is fixed, the grid worker owes a call-back within 30 minutes', async () => {
  const worker = await login('town_grid_worker');
  const { token } = await gridToken(worker);
  const pub = srv.client();
  const look = await pub.get(`/api/v1/public/place-tokens/${token}`);
  assert.equal(look.status, 200, look.text);
  assert.equal(look.json.kind, 'grid');
  assert.equal(look.json.grid.code, GRID);
  assert.equal(look.json.grid.name, '第1网格');
  assert.equal(look.json.worker.name, '第1网格网格员');

  const before = Date.now();
  const r = await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(token)}`, citizen({ org: VILLAGE }));
  assert.equal(r.status, 201, r.text);
  const admin = await login('city_admin');
  const c = (await admin.get(`/api/v1/cases/${r.json.id}`)).json;
  assert.equal(c.org, GRID, 'the token, not the body, fixes the place');
  assert.equal(c.channel, 'qr');
  assert.equal(c.place_signed, true);
  assert.equal(c.place.kind, 'grid');
  assert.equal(c.place.grid, GRID);
  assert.ok(c.place.worker_id > 0);
  const due = Date.parse(c.place.callback_due_at) - before;
  assert.ok(due > 29 * 60e3 && due <= 31 * 60e3, `call-back due in ${due} ms`);
  assert.equal(c.place.called_back_at, null);
  // The citizen's own view says signed, without the worker.
  const mine = await pub.get(`/api/v1/public/cases/${r.json.tracking_no}?query_code=${r.json.query_code}`);
  assert.equal(mine.json.place_signed, true);
  assert.equal(mine.json.place, undefined);

  // The worker calls back (a comment on the case): recorded once.
  const cw = await login('city_grid_worker');
  const done = await cw.post(`/api/v1/cases/${r.json.id}/actions`, { action: 'comment', note: '已回电，约定明早现场查看' });
  assert.equal(done.status, 200, done.text);
  assert.ok(done.json.place.called_back_at);
});

test('a missed call-back raises a red alert on the clock; the limit is the admins\' setting', async () => {
  const admin = await login('city_admin');
  const set = await admin.put('/api/v1/warning-settings', { qr_callback_minutes: 10 });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.qr_callback_minutes, 10);
  expectError(assert, await admin.put('/api/v1/warning-settings', { qr_callback_minutes: 1 }), 400);
  const county = await login('county_admin');
  expectError(assert, await county.put('/api/v1/warning-settings', { qr_callback_minutes: 60 }), 403);

  const { token } = await gridToken(admin);
  const r = await srv.client().post(`/api/v1/public/cases?t=${token}`, citizen({ title: '小区门口井盖松动' }));
  assert.equal(r.status, 201, r.text);
  const c = (await admin.get(`/api/v1/cases/${r.json.id}`)).json;
  const due = Date.parse(c.place.callback_due_at) - Date.parse(c.created_at);
  assert.equal(due, 10 * 60e3);
  const alertsFor = async () => (await admin.get(`/api/v1/alerts?limit=100`)).json.items
    .filter((a) => a.case_id === r.json.id && a.kind === 'callback_overdue');
  let t = await srv.client().post('/api/v1/test/clock', { offset: 5 * 60 });
  assert.equal(t.status, 200, t.text);
  assert.equal((await alertsFor()).length, 0, 'not yet due');
  t = await srv.client().post('/api/v1/test/clock', { offset: 11 * 60 });
  assert.equal(t.status, 200, t.text);
  const raised = await alertsFor();
  assert.equal(raised.length, 1);
  assert.equal(raised[0].level, 'red');
  // Once only.
  await srv.client().post('/api/v1/test/clock', { offset: 20 * 60 });
  assert.equal((await alertsFor()).length, 1);
  await srv.client().post('/api/v1/test/clock', { offset: 0 });
  await admin.put('/api/v1/warning-settings', { qr_callback_minutes: 30 });
});

test('a forged or altered token is refused and stores nothing; the bare ?grid= link is marked unsigned', async () => {
  const admin = await login('city_admin');
  const { token } = await gridToken(admin);
  const parts = token.split('.');
  const otherGrid = `v1.grid.130102001001002.${parts[3]}`; // the signature of another place
  const flipped = `${parts.slice(0, 3).join('.')}.${parts[3][0] === 'A' ? 'B' : 'A'}${parts[3].slice(1)}`;
  const forged = 'v1.grid.130102001001001.AAAAAAAAAAAAAAAAAAAAAA';
  const pub = srv.client();
  const count = async () => (await admin.get('/api/v1/cases?limit=1')).json.items[0].id;
  const n0 = await count();
  for (const bad of [otherGrid, flipped, forged, 'v2.grid.130102001001001.' + parts[3], 'garbage', `v1.person.1.${parts[3]}`]) {
    expectError(assert, await pub.get(`/api/v1/public/place-tokens/${encodeURIComponent(bad)}`), 422, 'invalid_place_token');
    expectError(assert, await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(bad)}`, citizen({ org: VILLAGE })), 422, 'invalid_place_token');
  }
  assert.equal(await count(), n0, 'nothing stored');

  const r = await pub.post(`/api/v1/public/cases?grid=${GRID}`, citizen());
  assert.equal(r.status, 201, r.text);
  const c = (await admin.get(`/api/v1/cases/${r.json.id}`)).json;
  assert.equal(c.org, GRID);
  assert.equal(c.channel, 'qr');
  assert.equal(c.place_signed, false);
  assert.equal(c.place.signed, false);
  assert.equal(c.place.callback_due_at, null, 'an unsigned code goes to the usual triage');
  // A case from no code at all says so too.
  const plain = await pub.post('/api/v1/public/cases', citizen({ org: VILLAGE, channel: 'h5' }));
  assert.equal((await admin.get(`/api/v1/cases/${plain.json.id}`)).json.place_signed, null);
});

test('a signed matter goes to the grid worker before the township\'s 待分流: after the call-back, or once the limit has passed', async () => {
  const desk = await login('town_dispatcher');
  const { token } = await gridToken(desk);
  const triage = async () => (await desk.get('/api/v1/cases?inbox=triage&limit=100')).json.items.map((c) => c.id);
  const counted = async () => { const r = await desk.get('/api/v1/cases/inbox-counts'); assert.equal(r.status, 200, r.text); return r.json.triage; };
  const pub = srv.client();
  // The box is small here: the count is the whole list's length.
  const same = async () => {
    const ids = await triage();
    assert.ok(ids.length < 100);
    assert.equal(await counted(), ids.length, 'the count is the list\'s');
  };
  // The bare ?grid= link goes straight to triage, as in wave 1.
  const bare = await pub.post(`/api/v1/public/cases?grid=${GRID}`, citizen({ title: '小区路灯不亮' }));
  assert.equal(bare.status, 201, bare.text);
  const first = await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(token)}`, citizen({ title: '楼道灯坏了没人修' }));
  const second = await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(token)}`, citizen({ title: '垃圾桶满了没人清' }));
  const risky = await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(token)}`, citizen({
    title: '邻居扬言报复', description: '楼下邻居喝醉后扬言要拿刀砍人、放火烧我家，家里老人孩子非常害怕。',
  }));
  for (const r of [first, second, risky]) assert.equal(r.status, 201, r.text);
  let box = await triage();
  assert.ok(box.includes(bare.json.id), 'the unsigned link is triaged at once');
  assert.ok(!box.includes(first.json.id) && !box.includes(second.json.id), 'the grid worker has them first');
  assert.ok(box.includes(risky.json.id), 'a high-risk matter is not held back');
  await same();
  // The desk may still open and act on a held case (nothing is hidden from its scope).
  assert.equal((await desk.get(`/api/v1/cases/${first.json.id}`)).status, 200);

  // The worker calls back on the first: it joins the township's triage.
  const worker = await login('town_grid_worker');
  const cb = await worker.post(`/api/v1/cases/${first.json.id}/actions`, { action: 'comment', note: '已回电，明早上门查看' });
  assert.equal(cb.status, 200, cb.text);
  box = await triage();
  assert.ok(box.includes(first.json.id) && !box.includes(second.json.id));
  // No call-back on the second: once the limit has passed it is triaged too.
  const t = await srv.client().post('/api/v1/test/clock', { offset: 31 * 60 });
  assert.equal(t.status, 200, t.text);
  try {
    assert.ok((await triage()).includes(second.json.id), 'past the call-back limit');
    await same();
  } finally {
    await srv.client().post('/api/v1/test/clock', { offset: 0 });
  }
});
