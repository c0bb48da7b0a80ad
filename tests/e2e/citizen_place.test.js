// citizen_place.test.js - a citizen's day with the map and a building's
// 平安码, on a phone: on /m/map the nearest open 司法所 with the type and
// "open now" filters, then the 平安码 on the entrance of a building (house)
// of 第1网格 is scanned: /m/?t=TOKEN opens the form with the building's
// address, the grid and its worker fixed, nothing of who lives there; the
// matter goes in placed in that grid, and the grid's worker sees it first
// on /m/grid/ and records the call-back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

const GRID = '130102001001001';
const HERE = { latitude: 38.06, longitude: 114.50 }; // 石家庄, in the demo's points
let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await openBrowser({
    viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    geolocation: HERE, permissions: ['geolocation'],
  });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

// The token a building's printed poster carries (what its QR code opens).
async function posterToken(c, houseId) {
  const res = await fetch(`${srv.url}/api/v1/houses/${houseId}/poster.pdf`, { headers: { cookie: c.cookie } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'fq-pdf-'));
  try {
    writeFileSync(join(dir, 'p.pdf'), Buffer.from(await res.arrayBuffer()));
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    const m = r.stdout.replace(/\s+/g, '').match(/\/m\/\?t=(v1\.house\.\d+\.[A-Za-z0-9_-]+)/);
    assert.ok(m, r.stdout);
    return m[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pickVant(page, testId, text) {
  await page.getByTestId(testId).click();
  await page.locator('.van-popup:visible .van-picker-column__item', { hasText: text }).first().click();
  await page.waitForTimeout(400);
  await page.locator('.van-popup:visible .van-picker__confirm').click();
  await page.locator('.van-popup:visible').waitFor({ state: 'hidden' });
}

test('the nearest open 司法所, then a building\'s 平安码: the matter goes to the grid\'s worker, who calls back', async () => {
  // Wednesday 2026-09-30 10:00 China time: offices are open.
  const clock = await srv.client().post('/api/v1/test/clock', { now: '2026-09-30T02:00:00Z' });
  assert.equal(clock.status, 200, clock.text);
  const nearest = (await srv.client().get(
    `/api/v1/public/service-points?near=${HERE.latitude},${HERE.longitude}&type=justice_office&open_now=1&limit=1`)).json.items[0];
  assert.ok(nearest, 'an open 司法所 near by');

  const page = await watchedPage(browser.context, srv.url);
  await page.goto(`${srv.url}/m/`);
  await page.getByTestId('entry-map').click();
  await page.waitForURL(`${srv.url}/m/map`);
  await page.getByTestId('sp-list').waitFor();
  await page.locator('.van-dropdown-menu__item').first().click();
  await page.locator('.van-dropdown-item__option', { hasText: '司法所' }).click();
  await page.getByTestId('sp-open-now').click();
  await page.waitForFunction((name) => {
    const first = document.querySelector('[data-test="sp-item"] .fq-point-name');
    return first && first.textContent.trim() === name;
  }, nearest.name);
  const first = page.getByTestId('sp-item').first();
  assert.equal((await first.getByTestId('sp-open').innerText()).trim(), '开放中');
  assert.equal(await first.getByTestId('sp-call').getAttribute('href'), `tel:${nearest.phone}`);
  for (const text of await page.getByTestId('sp-item').allInnerTexts()) assert.match(text, /司法所/);
  await screenshot(page, 'citizen-place-1-map');
  assertClean(assert, page);
  await page.close();

  // The building's code, as printed for its entrance.
  const staff = srv.client();
  await staff.login('city_admin');
  const house = (await staff.get(`/api/v1/houses?grid=${GRID}&limit=1`)).json.items[0];
  const full = (await staff.get(`/api/v1/houses/${house.id}`)).json;
  const token = await posterToken(staff, house.id);

  const m = await watchedPage(browser.context, srv.url);
  await m.goto(`${srv.url}/m/?t=${token}`);
  await m.waitForURL(/\/m\/submit\?t=/);
  await m.getByTestId('place-signed').waitFor();
  assert.match(await m.getByTestId('place-address').innerText(), new RegExp(`楼栋[\\s\\S]*${house.address}`));
  assert.equal((await m.getByTestId('place-grid-name').innerText()).trim(), '第1网格');
  assert.match(await m.getByTestId('place-worker').innerText(), /(?=[\s\S]*第1网格网格员)(?=[\s\S]*电话 13900000000)/);
  assert.equal(await m.getByTestId('place-picker').count(), 0, 'no place to choose');
  const shown = await m.locator('body').innerText();
  for (const v of [full.owner, full.owner_name].filter((x) => typeof x === 'string' && x)) {
    assert.ok(!shown.includes(v), `the form shows ${v}`);
  }
  await screenshot(m, 'citizen-place-2-form', { fullPage: true });

  await pickVant(m, 'mf-category', '邻里纠纷');
  await field(m, 'mf-title').fill('楼上漏水长期不修');
  await m.getByTestId('mf-description').locator('textarea').fill('楼上住户家水管漏水，我家天花板已经发霉，沟通多次无果。');
  await field(m, 'mf-name').fill('周建平');
  await field(m, 'mf-phone').fill('13822223333');
  const posted = m.waitForResponse((r) => r.url().includes('/api/v1/public/cases') && r.request().method() === 'POST');
  await m.getByTestId('mf-submit').click();
  const resp = await posted;
  assert.equal(resp.status(), 201);
  await m.getByTestId('receipt').waitFor();
  const c = (await staff.get(`/api/v1/cases/${(await resp.json()).id}`)).json;
  assert.equal(c.org, GRID, 'placed in the building\'s grid');
  assert.equal(c.place_signed, true);
  assert.equal(c.place.kind, 'house');
  assert.equal(c.place.id, String(house.id));
  assert.ok(c.place.callback_due_at, 'the grid worker owes a call-back');
  await screenshot(m, 'citizen-place-3-receipt');
  assertClean(assert, m);

  // The grid's worker finds it first on the phone and records the call-back.
  const g = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await g.goto(`${srv.url}/m/grid/login`);
  await field(g, 'grid-username').fill('town_grid_worker');
  await field(g, 'grid-password').fill(PASSWORD);
  await g.getByTestId('grid-login-submit').click();
  await g.waitForURL(/\/m\/grid\/?$/);
  await g.getByTestId(`grid-qr-${c.tracking_no}`).click();
  await g.getByTestId('grid-callback-due').waitFor();
  await g.getByTestId('grid-callback-note').locator('textarea').fill('已电话联系，下午上门查看漏水');
  await g.getByTestId('grid-callback-submit').click();
  await g.getByTestId('grid-callback-done').waitFor();
  await screenshot(g, 'citizen-place-4-callback');
  const after = (await staff.get(`/api/v1/cases/${c.id}`)).json;
  assert.ok(after.place.called_back_at, 'the call-back is recorded');
  assertClean(assert, g);
});
