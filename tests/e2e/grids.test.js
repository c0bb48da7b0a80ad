// grids.test.js - an admin opens 网格管理, edits a grid of 建北街道 (name,
// 网格员, the 公示牌 fields, a boundary) through the dialog and the server
// keeps it; a bad boundary stops at the form; a leader reads the page and
// cannot save.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, consoleLogin, assertClean } from './browser.js';

const GRID = '130102001002001';
let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const option = (page, text) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first();

test('admin edits a grid\'s name, worker, notice and boundary in 网格管理', async () => {
  const api = srv.client();
  await api.login('town_admin');
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'town_admin', PASSWORD);
  await page.getByTestId('menu-grids').click();
  await page.waitForURL(`${srv.url}/console/admin/grids`);
  const row = page.locator('[data-test="grids-table"] .el-table__body tr', { hasText: GRID });
  await row.waitFor();
  await screenshot(page, 'grids-list');
  await page.getByTestId(`grid-edit-${GRID}`).click();
  const dialog = page.getByTestId('grid-dialog');
  await dialog.waitFor();
  await field(page, 'grid-form-name').fill('光华路网格');
  await page.getByTestId('grid-form-workers').click();
  await option(page, 'town_handler').click();
  await page.keyboard.press('Escape');
  await page.locator('[data-test="grid-form-extent"]').fill('光华路以南、建设大街以西');
  await field(page, 'grid-form-worker-name').fill('李网格');
  await field(page, 'grid-form-worker-phone').fill('13900009999');
  await field(page, 'grid-form-supervision-phone').fill('0311-86681234');
  // A bad boundary stops at the form.
  const boundary = page.locator('[data-test="grid-form-boundary"]');
  await boundary.fill('{"type":"Point"');
  await page.getByTestId('grid-form-submit').click();
  await page.locator('.el-form-item__error', { hasText: 'GeoJSON' }).waitFor();
  const poly = { type: 'Polygon', coordinates: [[[114.5, 38.0], [114.51, 38.0], [114.51, 38.01], [114.5, 38.0]]] };
  await boundary.fill(JSON.stringify(poly));
  await screenshot(page, 'grids-dialog');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/grids/${GRID}`) && r.request().method() === 'PUT');
  await page.getByTestId('grid-form-submit').click();
  assert.equal((await saved).status(), 200);
  await page.locator('.el-message--success', { hasText: '网格已保存' }).waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('[data-test="grids-table"] .el-table__body tr', { hasText: '光华路网格' }).waitFor();

  const g = (await api.get(`/api/v1/grids/${GRID}`)).json;
  assert.equal(g.name, '光华路网格');
  assert.ok(g.workers.some((u) => u.username === 'town_handler'));
  assert.equal(g.extent, '光华路以南、建设大街以西');
  assert.equal(g.worker_name, '李网格');
  assert.equal(g.worker_phone, '13900009999');
  assert.equal(g.supervision_phone, '0311-86681234');
  assert.deepEqual(g.boundary, poly);
  assertClean(assert, page);
  await page.close();
});

test('a leader reads 网格管理 but has no save button', async () => {
  await browser.context.clearCookies();
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'town_leader', PASSWORD);
  await page.goto(`${srv.url}/console/admin/grids`);
  await page.getByTestId(`grid-edit-${GRID}`).click();
  await page.getByTestId('grid-dialog').waitFor();
  assert.equal(await page.getByTestId('grid-form-submit').count(), 0);
  assert.equal(await field(page, 'grid-form-name').isDisabled(), true);
  assertClean(assert, page);
  await page.close();
});
