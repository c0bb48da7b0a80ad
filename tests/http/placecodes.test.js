// placecodes.test.js - the signed 平安码 of buildings (houses) and
// households over HTTP: their QR codes, posters and stickers for staff in
// scope of the grid, the public look-up of a scanned token (grid, worker,
// 监督电话 and the address, never who lives there), intake placing the case
// in the record's grid with the place as kind + id and the grid worker's
// call-back, forged and altered tokens refused, a deleted house's token
// answering 4xx; and the grid's 公示牌 carrying its 监督电话.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, expectError } from './harness.js';

const GRID = '130102001001001'; // 第1网格 of 棉一东社区, 建北街道, 长安区 (demo base data)
const SUPERVISION = '0311-86681234'; // the demo grid's 监督电话 (grid_info)
const OTHER_GRID = '130104001001001'; // 桥西区
let srv;

before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

async function login(name) {
  const c = srv.client();
  await c.login(name);
  return c;
}

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

// The token a printed code carries, read from the URL its poster prints.
async function tokenOf(c, path, kind) {
  const r = await bytes(c, `${path}/poster.pdf`);
  assert.equal(r.status, 200, r.buf.toString());
  assert.equal(r.type, 'application/pdf');
  const text = pdfText(r.buf);
  const m = text.replace(/\s+/g, '').match(new RegExp(`/m/\\?t=(v1\\.${kind}\\.\\d+\\.[A-Za-z0-9_-]+)`));
  assert.ok(m, `poster lacks the code's URL:\n${text}`);
  return { token: m[1], text };
}

const citizen = (extra = {}) => ({
  category: 'neighbor', title: '楼上漏水长期不修',
  description: '楼上住户家水管漏水，我家天花板已经发霉，多次沟通对方不予理睬，希望网格员帮忙协调。',
  applicant: { name: '周建平', phone: '13822223333' }, ...extra,
});

async function firstOf(c, kinds) {
  const r = await c.get(`/api/v1/${kinds}?grid=${GRID}&limit=1`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length, `the demo has ${kinds} in ${GRID}`);
  return r.json.items[0];
}

test('a house\'s and a household\'s 平安码: SVG, PNG, poster and stickers for staff in scope of the grid', async () => {
  const worker = await login('town_grid_worker');
  const house = await firstOf(worker, 'houses');
  const hh = await firstOf(worker, 'households');
  for (const [kinds, kind, rec, label] of [['houses', 'house', house, '楼栋平安码'], ['households', 'household', hh, '住户平安码']]) {
    const base = `/api/v1/${kinds}/${rec.id}`;
    const { token, text } = await tokenOf(worker, base, kind);
    // The token names the place only: kind and record id, then the mac.
    assert.match(token, new RegExp(`^v1\\.${kind}\\.${rec.id}\\.[A-Za-z0-9_-]{22}$`));
    for (const want of [label, rec.address, '第1网格', '长安区 / 建北街道', '网格员', '第1网格网格员', '监督电话', SUPERVISION]) {
      assert.ok(text.includes(want), `${kind} poster lacks ${want}:\n${text}`);
    }
    assert.ok(text.includes('第1页') && !text.includes('第2页'), 'the poster is one A4 page');
    const svg = await bytes(worker, `${base}/qr.svg`);
    assert.equal(svg.status, 200);
    assert.equal(svg.type, 'image/svg+xml');
    assert.ok(svg.buf.toString().includes('<svg'));
    const png = await bytes(worker, `${base}/qr.png`);
    assert.equal(png.status, 200);
    assert.equal(png.type, 'image/png');
    assert.equal(png.buf.subarray(1, 4).toString('latin1'), 'PNG');
    const st = await bytes(worker, `${base}/stickers.pdf`);
    assert.equal(st.status, 200);
    const stickers = pdfText(st.buf);
    assert.ok(stickers.includes('平安码 · 第1网格') && stickers.includes(rec.address), stickers);
    // The same code for every reader in scope.
    const admin = await login('city_admin');
    assert.equal((await tokenOf(admin, base, kind)).token, token);
    // No code without a session, none of a record that does not exist.
    expectError(assert, await srv.client().get(`${base}/qr.svg`), 401);
    expectError(assert, await worker.get(`/api/v1/${kinds}/99999999/qr.svg`), 404, 'not_found');
    expectError(assert, await worker.get(`/api/v1/${kinds}/abc/poster.pdf`), 404, 'not_found');
  }
  // A house of another county: its county's admins print it, a township's desk elsewhere does not see it.
  const admin = await login('city_admin');
  const far = await admin.post('/api/v1/houses', { grid: OTHER_GRID, address: '桥西区平安码测试楼1号' });
  assert.equal(far.status, 201, far.text);
  assert.equal((await bytes(admin, `/api/v1/houses/${far.json.id}/poster.pdf`)).status, 200);
  const desk = await login('town_dispatcher');
  expectError(assert, await desk.get(`/api/v1/houses/${far.json.id}/qr.png`), 404, 'not_found');
  expectError(assert, await desk.get(`/api/v1/houses/${far.json.id}/stickers.pdf`), 404, 'not_found');
  expectError(assert, await worker.get(`/api/v1/houses/${far.json.id}/qr.svg`), 404, 'not_found');
});

test('the grid\'s 公示牌 carries its 监督电话', async () => {
  const worker = await login('town_grid_worker');
  const { text } = await tokenOf(worker, `/api/v1/grids/${GRID}`, 'grid');
  assert.ok(text.includes('监督电话') && text.includes(SUPERVISION), `poster lacks the 监督电话:\n${text}`);
  const look = await srv.client().get(`/api/v1/public/place-tokens/${(await tokenOf(worker, `/api/v1/grids/${GRID}`, 'grid')).token}`);
  assert.equal(look.json.supervisor_phone, SUPERVISION);
  assert.equal(look.json.address, null);
  // The admins change it: the next poster prints the new number.
  const admin = await login('city_admin');
  const put = await admin.put(`/api/v1/grids/${GRID}`, { supervision_phone: '0311-12345678' });
  assert.equal(put.status, 200, put.text);
  const again = await tokenOf(worker, `/api/v1/grids/${GRID}`, 'grid');
  assert.ok(again.text.includes('0311-12345678') && !again.text.includes(SUPERVISION), again.text);
  await admin.put(`/api/v1/grids/${GRID}`, { supervision_phone: SUPERVISION });
});

test('scanning a house\'s or household\'s code: its grid and worker, the address, and a signed call-back', async () => {
  const worker = await login('town_grid_worker');
  const admin = await login('city_admin');
  for (const [kinds, kind] of [['houses', 'house'], ['households', 'household']]) {
    const rec = await firstOf(worker, kinds);
    const full = (await admin.get(`/api/v1/${kinds}/${rec.id}`)).json;
    const { token } = await tokenOf(worker, `/api/v1/${kinds}/${rec.id}`, kind);
    const pub = srv.client();
    const look = await pub.get(`/api/v1/public/place-tokens/${token}`);
    assert.equal(look.status, 200, look.text);
    assert.equal(look.json.kind, kind);
    assert.equal(look.json.id, String(rec.id));
    assert.equal(look.json.signed, true);
    assert.equal(look.json.grid.code, GRID);
    assert.equal(look.json.grid.name, '第1网格');
    assert.equal(look.json.worker.name, '第1网格网格员');
    assert.equal(look.json.worker.phone, '13900000000');
    assert.equal(look.json.supervisor_phone, SUPERVISION);
    assert.equal(look.json.address, rec.address);
    // Nothing of the people who live there: no owner, head, tenants or ids.
    assert.deepEqual(Object.keys(look.json).sort(), ['address', 'grid', 'id', 'kind', 'signed', 'supervisor_phone', 'worker']);
    for (const k of ['owner_id', 'head_id', 'tenant_ids', 'number']) assert.ok(!(k in look.json));
    for (const v of [full.owner, full.head, full.number].filter((x) => typeof x === 'string' && x)) {
      assert.ok(!look.text.includes(v), `the look-up shows ${v}`);
    }

    const before = Date.now();
    const r = await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(token)}`, citizen({ org: '130102001002' }));
    assert.equal(r.status, 201, r.text);
    const c = (await admin.get(`/api/v1/cases/${r.json.id}`)).json;
    assert.equal(c.org, GRID, 'the record\'s grid, not the body, places the case');
    assert.equal(c.channel, 'qr');
    assert.equal(c.place_signed, true);
    assert.equal(c.place.kind, kind);
    assert.equal(c.place.id, String(rec.id));
    assert.equal(c.place.grid, GRID);
    assert.ok(c.place.worker_id > 0, 'the grid\'s worker owes the call-back');
    const due = Date.parse(c.place.callback_due_at) - before;
    assert.ok(due > 29 * 60e3 && due <= 31 * 60e3, `call-back due in ${due} ms`);
    assert.equal(c.place.called_back_at, null);
    // The grid's worker calls back: recorded.
    const cw = await login('city_grid_worker');
    const done = await cw.post(`/api/v1/cases/${r.json.id}/actions`, { action: 'comment', note: '已回电，约定下午上门查看' });
    assert.equal(done.status, 200, done.text);
    assert.ok(done.json.place.called_back_at);
  }
});

test('a forged or altered house token is refused and stores nothing; a deleted house\'s code answers 4xx', async () => {
  const worker = await login('town_grid_worker');
  const admin = await login('city_admin');
  const house = await firstOf(worker, 'houses');
  const { token } = await tokenOf(worker, `/api/v1/houses/${house.id}`, 'house');
  const [v, , id, mac] = token.split('.');
  const otherId = String(Number(id) + 1);
  const flip = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
  const pub = srv.client();
  // The newest case's id: unchanged when nothing was stored.
  const count = async () => {
    const r = await admin.get('/api/v1/cases?limit=1');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 1);
    return r.json.items[0].id;
  };
  const n0 = await count();
  for (const bad of [`${v}.house.${otherId}.${mac}`, `${v}.household.${id}.${mac}`, `${v}.grid.${GRID}.${mac}`,
    `${v}.house.${id}.${flip}`, `v2.house.${id}.${mac}`, `${v}.house.${id}`]) {
    expectError(assert, await pub.get(`/api/v1/public/place-tokens/${encodeURIComponent(bad)}`), 422, 'invalid_place_token');
    expectError(assert, await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(bad)}`, citizen({ org: '130102001001' })), 422, 'invalid_place_token');
  }
  assert.equal(await count(), n0, 'nothing stored');

  // A house registered, printed, then deleted: its code names nothing any more.
  const made = await admin.post('/api/v1/houses', { grid: GRID, address: '棉一东社区平安码拆除楼9号', use: '空置' });
  assert.equal(made.status, 201, made.text);
  const gone = (await tokenOf(worker, `/api/v1/houses/${made.json.id}`, 'house')).token;
  assert.equal((await pub.get(`/api/v1/public/place-tokens/${gone}`)).status, 200);
  const del = await admin.del(`/api/v1/houses/${made.json.id}`);
  assert.ok(del.status === 200 || del.status === 204, del.text);
  const look = await pub.get(`/api/v1/public/place-tokens/${gone}`);
  expectError(assert, look, 404, 'not_found');
  assert.match(look.json.error.message, /楼栋已注销/);
  const sub = await pub.post(`/api/v1/public/cases?t=${encodeURIComponent(gone)}`, citizen({ org: '130102001001' }));
  expectError(assert, sub, 422, 'place_not_found');
  assert.equal(await count(), n0, 'nothing stored');
  expectError(assert, await worker.get(`/api/v1/houses/${made.json.id}/qr.svg`), 404, 'not_found');
  // Without the code the citizen picks the place and the matter goes in unsigned by the usual path.
  const plain = await pub.post('/api/v1/public/cases', citizen({ org: '130102001001' }));
  assert.equal(plain.status, 201, plain.text);
  assert.equal(await count(), plain.json.id, 'the newest case is the one just stored');
});
