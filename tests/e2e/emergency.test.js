// emergency.test.js - a citizen on a phone describes danger happening now
// under an ordinary category (issue 11, item 9): the page shows the number
// to call as a tel: link and stores nothing; "不是正在发生" sends the same
// matter again with not_emergency and the receipt follows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

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

async function pickVant(page, testId, text) {
  await page.getByTestId(testId).click();
  const col = page.locator('.van-popup:visible .van-picker-column__item', { hasText: text }).first();
  await col.click();
  await page.waitForTimeout(400); // the column's scroll settles
  await page.locator('.van-popup:visible .van-picker__confirm').click();
  await page.locator('.van-popup:visible').waitFor({ state: 'hidden' });
}

test('375×812: the text reads as a fire now: call 119, then "不是正在发生" files it', async () => {
  const page = await watchedPage(browser.context, srv.url);
  await page.goto(`${srv.url}/m/submit?grid=${GRID}`);
  await page.getByTestId('place-grid').waitFor();
  await pickVant(page, 'mf-category', '邻里纠纷');
  await page.getByTestId('mf-description').locator('textarea').fill('楼下着火了，浓烟滚滚，有人被困');
  await field(page, 'mf-name').fill('孙女士');
  await field(page, 'mf-phone').fill('13700002222');

  const first = page.waitForResponse((r) => r.url().includes('/api/v1/public/cases') && r.request().method() === 'POST');
  await page.getByTestId('mf-submit').click();
  const r1 = await first;
  assert.equal(r1.status(), 200);
  assert.equal((await r1.json()).detected, true);
  const dialog = page.getByTestId('emergency-dialog');
  await dialog.waitFor();
  const call = page.getByTestId('emergency-call');
  assert.equal((await call.innerText()).trim(), '119');
  assert.equal(await call.getAttribute('href'), 'tel:119');
  assert.match(await dialog.innerText(), /119/);
  await screenshot(page, 'emergency-advice', { fullPage: true });
  assert.equal(await page.getByTestId('receipt').count(), 0, 'no receipt: nothing was stored');

  const second = page.waitForResponse((r) => r.url().includes('/api/v1/public/cases') && r.request().method() === 'POST');
  await page.getByTestId('not-emergency').click();
  const r2 = await second;
  assert.equal(r2.status(), 201);
  assert.equal(r2.request().postDataJSON().not_emergency, true);
  await page.getByTestId('receipt').waitFor();
  await screenshot(page, 'emergency-resubmitted', { fullPage: true });
  assertClean(assert, page);
  await page.close();
});
