// placecode.test.js - a citizen scans a grid's signed 平安码 on a phone:
// /m/?t=TOKEN opens the form with the grid and its worker fixed, the matter
// goes in signed with the grid worker's call-back; an altered code is
// refused and the form asks for the place instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean, consoleLogin } from './browser.js';
import { PASSWORD } from '../http/harness.js';

const GRID = '130102001001001';
let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

// The token the grid's printed poster carries (what the QR code opens).
async function posterToken(c) {
  const res = await fetch(`${srv.url}/api/v1/grids/${GRID}/poster.pdf`, { headers: { cookie: c.cookie } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'fq-pdf-'));
  try {
    writeFileSync(join(dir, 'p.pdf'), Buffer.from(await res.arrayBuffer()));
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    const m = r.stdout.replace(/\s+/g, '').match(/\/m\/\?t=(v1\.grid\.\d+\.[A-Za-z0-9_-]+)/);
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

test('scanning a 平安码: the grid and its worker are fixed, the matter goes in signed', async () => {
  const staff = srv.client();
  await staff.login('city_admin');
  const token = await posterToken(staff);

  const m = await watchedPage(browser.context, srv.url);
  await m.goto(`${srv.url}/m/?t=${token}`);
  await m.waitForURL(/\/m\/submit\?t=/);
  await m.getByTestId('place-signed').waitFor();
  assert.equal((await m.getByTestId('place-grid-name').innerText()).trim(), '第1网格');
  assert.match(await m.getByTestId('place-signed').innerText(), /长安区 \/ 建北街道 \/ 棉一东社区居民委员会/);
  assert.match(await m.getByTestId('place-worker').innerText(), /(?=[\s\S]*第1网格网格员)(?=[\s\S]*电话 13900000000)/);
  assert.equal(await m.getByTestId('place-picker').count(), 0, 'no place to choose');
  await screenshot(m, 'placecode-1-form', { fullPage: true });

  await pickVant(m, 'mf-category', '邻里纠纷');
  await field(m, 'mf-title').fill('楼道堆放杂物');
  await m.getByTestId('mf-description').locator('textarea').fill('对门邻居在楼道里堆满纸箱，影响通行，担心着火。');
  await field(m, 'mf-name').fill('周玉梅');
  await field(m, 'mf-phone').fill('13822223333');
  const posted = m.waitForResponse((r) => r.url().includes('/api/v1/public/cases') && r.request().method() === 'POST');
  await m.getByTestId('mf-submit').click();
  const resp = await posted;
  assert.equal(resp.status(), 201);
  assert.ok(resp.url().includes(`t=${encodeURIComponent(token)}`) || resp.url().includes(`t=${token}`), resp.url());
  await m.getByTestId('receipt').waitFor();
  const c = (await staff.get(`/api/v1/cases/${(await resp.json()).id}`)).json;
  assert.equal(c.org, GRID);
  assert.equal(c.place_signed, true);
  assert.ok(c.place.callback_due_at, 'the grid worker owes a call-back');
  await screenshot(m, 'placecode-2-receipt');
  assertClean(assert, m);

  // The township's desk sees the case came through a verified code, with
  // the grid worker's call-back deadline.
  const desk = await openBrowser();
  try {
    const d = await watchedPage(desk.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
    await consoleLogin(d, srv.url, 'town_dispatcher', PASSWORD);
    await d.goto(`${srv.url}/console/cases/${c.id}`);
    await d.getByTestId('case-place-signed').waitFor();
    assert.match(await d.getByTestId('case-callback').innerText(), /网格员回电期限/);
    assert.equal(await d.getByTestId('case-receipt').count(), 0, 'a 平安码 matter has no desk receipt');
    await screenshot(d, 'placecode-4-console');
    assertClean(assert, d);
  } finally {
    await desk.close();
  }
  // The grid's worker finds it first on the phone and records the call-back.
  const tracking = c.tracking_no;
  const g = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await g.goto(`${srv.url}/m/grid/login`);
  await field(g, 'grid-username').fill('town_grid_worker');
  await field(g, 'grid-password').fill(PASSWORD);
  await g.getByTestId('grid-login-submit').click();
  await g.waitForURL(/\/m\/grid\/?$/);
  await g.getByTestId(`grid-qr-${tracking}`).click();
  await g.getByTestId('grid-callback-due').waitFor();
  await g.getByTestId('grid-callback-note').locator('textarea').fill('已电话联系，约定明早上门查看');
  await g.getByTestId('grid-callback-submit').click();
  await g.getByTestId('grid-callback-done').waitFor();
  await screenshot(g, 'placecode-5-callback');
  const after = (await staff.get(`/api/v1/cases/${c.id}`)).json;
  assert.ok(after.place.called_back_at, 'the call-back is recorded');
  assert.ok(after.timeline.some((e) => e.action === 'comment' && /已回电/.test(JSON.stringify(e))), 'on the timeline');
  assertClean(assert, g);
});

test('an altered 平安码 is refused: the form asks for the place', async () => {
  const staff = srv.client();
  await staff.login('city_admin');
  const token = await posterToken(staff);
  const altered = token.replace('.130102001001001.', '.130102001001002.');
  const m = await watchedPage(browser.context, srv.url, [{ status: 422, url: /place-tokens/ }]);
  await m.goto(`${srv.url}/m/?t=${altered}`);
  await m.waitForURL(/\/m\/submit\?t=/);
  await m.getByTestId('place-token-bad').waitFor();
  assert.match(await m.getByTestId('place-token-bad').innerText(), /平安码无效/);
  await m.getByTestId('place-picker').waitFor();
  assert.equal(await m.getByTestId('place-signed').count(), 0);
  await screenshot(m, 'placecode-3-refused');
  assertClean(assert, m);
});

test('the admins at the top set the call-back limit in 办理时限; others only read it', async () => {
  const desk = await openBrowser();
  try {
    const p = await watchedPage(desk.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
    await consoleLogin(p, srv.url, 'city_admin', PASSWORD);
    await p.goto(`${srv.url}/console/admin/time-policies`);
    await p.getByTestId('callback-card').waitFor();
    assert.equal(await field(p, 'callback-minutes').inputValue(), '30');
    await field(p, 'callback-minutes').fill('20');
    const saved = p.waitForResponse((r) => r.url().endsWith('/api/v1/warning-settings') && r.request().method() === 'PUT');
    await p.getByTestId('callback-save').click();
    assert.equal((await saved).status(), 200);
    const api = srv.client();
    await api.login('county_admin');
    assert.equal((await api.get('/api/v1/warning-settings')).json.qr_callback_minutes, 20);
    await screenshot(p, 'placecode-6-callback-setting');
    assertClean(assert, p);

    const q = await watchedPage(desk.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
    await q.context().clearCookies();
    await consoleLogin(q, srv.url, 'county_admin', PASSWORD);
    await q.goto(`${srv.url}/console/admin/time-policies`);
    await q.getByTestId('callback-card').waitFor();
    assert.equal(await q.getByTestId('callback-save').count(), 0);
    assert.ok(await field(q, 'callback-minutes').isDisabled());
    assertClean(assert, q);
  } finally {
    await desk.close();
  }
  const admin = srv.client();
  await admin.login('city_admin');
  await admin.put('/api/v1/warning-settings', { qr_callback_minutes: 30 });
});

test('the bare ?grid= link of wave 1 still lands in the grid; the desk sees the case marked unsigned', async () => {
  const r = await srv.client().post(`/api/v1/public/cases?grid=${GRID}`, {
    category: 'neighbor', title: '楼下商户占道经营', description: '楼下商户把货物堆到人行道上，老人推车都过不去，希望管一管。',
    applicant: { name: '吴秀英', phone: '13822224444' },
  });
  assert.equal(r.status, 201, r.text);
  const desk = await openBrowser();
  try {
    const d = await watchedPage(desk.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
    await consoleLogin(d, srv.url, 'town_dispatcher', PASSWORD);
    await d.goto(`${srv.url}/console/cases/${r.json.id}`);
    await d.getByTestId('case-place-unsigned').waitFor();
    assert.equal((await d.getByTestId('case-place-unsigned').innerText()).trim(), '未签名的网格码');
    assert.equal(await d.getByTestId('case-place-signed').count(), 0);
    assert.equal(await d.getByTestId('case-callback').count(), 0, 'no call-back for an unsigned code');
    assertClean(assert, d);
  } finally {
    await desk.close();
  }
});
