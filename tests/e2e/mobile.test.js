// mobile.test.js - the citizen pages on a 375×812 phone: the home page
// explains how to bring a matter, lists the server's categories and the
// emergency numbers and the ways in (submit, track), fits the screen; a grid
// worker logs in under /m/grid/ and finds the report button and the reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

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

test('375×812: citizen home page, then a grid worker logs in', async () => {
  const cats = (await srv.client().get('/api/v1/categories')).json.items;
  const normal = cats.filter((c) => !c.emergency);
  const urgent = cats.filter((c) => c.emergency && c.call);
  assert.ok(normal.length > 0 && urgent.length > 0);

  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await page.goto(`${srv.url}/m/`);
  await page.getByText('怎样反映问题').waitFor();
  await page.getByTestId('categories').waitFor();
  const tags = await page.getByTestId('categories').locator('.van-tag').allInnerTexts();
  assert.deepEqual(tags.map((t) => t.trim()), normal.map((c) => c.name), 'the categories come from the server');
  const emergency = await page.getByTestId('emergency').innerText();
  for (const c of urgent) assert.match(emergency, new RegExp(`${c.name}[\\s\\S]*${c.call}`));
  await page.getByTestId('entry-submit').waitFor();
  await page.getByTestId('entry-track').waitFor();
  // Nothing wider than the phone.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
  await screenshot(page, 'mobile-home', { fullPage: true });

  // The grid workers' entry asks for a login first.
  await page.getByTestId('grid-entry').click();
  await page.waitForURL(`${srv.url}/m/grid/login`);
  await field(page, 'grid-username').fill('town_grid_worker');
  await field(page, 'grid-password').fill(PASSWORD);
  await page.getByTestId('grid-login-submit').click();
  await page.waitForURL(/\/m\/grid\/?$/);
  const me = (await srv.client().login('town_grid_worker')).user;
  await page.getByTestId('grid-user-name').waitFor();
  assert.equal((await page.getByTestId('grid-user-name').innerText()).trim(), me.display_name);
  assert.match(await page.getByTestId('grid-user-org').innerText(), new RegExp(me.org.name));
  await page.getByTestId('grid-report').waitFor();
  await page.locator('[data-test="grid-empty"], [data-test="grid-reports"]').first().waitFor();
  const width2 = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width2 <= 375, `grid page is ${width2}px wide`);
  await screenshot(page, 'mobile-grid-home', { fullPage: true });
  assertClean(assert, page);
  await page.close();
});
