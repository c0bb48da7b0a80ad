// grid_screening.test.js - a grid worker on a 375×812 phone opens 排查任务
// under /m/grid/, reports the village's day 无事报平安, and the task is
// reported (late or not, by the clock); nothing wider than the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  const r = await srv.client().post('/api/v1/test/clock', { now: '2027-03-01T08:00:00+08:00' });
  assert.equal(r.status, 200, r.text);
  browser = await openBrowser({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('375×812: a grid worker reports the day\'s screening all clear', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await page.goto(`${srv.url}/m/grid/login`);
  await field(page, 'grid-username').fill('town_grid_worker');
  await field(page, 'grid-password').fill(PASSWORD);
  await page.getByTestId('grid-login-submit').click();
  await page.waitForURL(/\/m\/grid\/?$/);
  await page.getByTestId('grid-screenings').click();
  await page.waitForURL(/\/m\/grid\/screenings$/);
  const c = srv.client();
  await c.login('town_grid_worker');
  const task = (await c.get('/api/v1/screenings?period=2027-03-01')).json.items.find((t) => t.org === '130102001001');
  assert.ok(task && task.allowed_actions.includes('report'));
  const card = page.getByTestId(`scr-m-${task.id}`);
  await card.waitFor();
  await screenshot(page, 'mobile-grid-screening', { fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
  await page.getByTestId(`scr-m-clear-${task.id}`).click();
  await card.waitFor({ state: 'detached' });
  const after = (await c.get(`/api/v1/screenings/${task.id}`)).json;
  assert.equal(after.status, 'reported');
  assert.equal(after.all_clear, true);
  assert.deepEqual(after.checked, ['矛盾纠纷']);
  assertClean(assert, page);
  await page.close();
});
