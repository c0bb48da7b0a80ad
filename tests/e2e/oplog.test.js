// oplog.test.js - 操作日志 in a real browser: a city admin finds a failed
// login and a settings change in the log, filters it, pages through it and
// exports what the filters select; a county admin sees only the county's
// rows, and the platform-wide settings pages read-only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { readXlsx } from '../http/xlsx.js';
import { openBrowser, watchedPage, screenshot, field, consoleLogin, assertClean } from './browser.js';

let srv;
const opened = [];
before(async () => { srv = await startServer(); });
after(async () => {
  for (const b of opened) await b.close();
  await srv?.stop();
});

const staff = async (username) => {
  const browser = await openBrowser();
  opened.push(browser);
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, username, PASSWORD);
  return page;
};
const rowsText = (page) => page.getByTestId('oplog-table').locator('.el-table__body').innerText();

test('a city admin reads, filters, pages and exports the operation log', async () => {
  // More than a page of writes, then something to find on the first: a
  // failed login and a holiday set by the city admin.
  const api = srv.client();
  await api.login('city_admin');
  for (let i = 0; i < 55; i++) await api.post('/api/v1/triage/suggest', { description: `第${i}次试分类：邻居占用楼道堆放杂物` });
  const anon = srv.client();
  assert.equal((await anon.post('/api/v1/session', { username: 'town_leader', password: 'not-the-Pass1' })).status, 401);
  assert.equal((await api.put('/api/v1/holidays/2027-05-06', { kind: 'rest', name: '测试假日' })).status, 200);

  const page = await staff('city_admin');
  await page.getByTestId('menu-operation-log').click();
  await page.waitForURL(`${srv.url}/console/admin/operation-log`);
  await page.getByTestId('oplog-table').getByText('设置节假日').first().waitFor();
  let text = await rowsText(page);
  assert.match(text, /city_admin/);
  assert.match(text, /PUT \/api\/v1\/holidays\/2027-05-06/);
  assert.match(text, /town_leader/);
  await screenshot(page, 'oplog');

  // 50 a page: the rest follows the cursor.
  assert.match(await page.getByTestId('oplog-count').innerText(), /已显示 50 条/);
  await page.getByTestId('oplog-more').click();
  await page.getByTestId('oplog-count').getByText(/已显示 (5[1-9]|[6-9]\d) 条/).waitFor();

  // Failed logins only.
  await page.getByTestId('oplog-filter-result').locator('.el-radio-button', { hasText: '失败' }).click();
  await page.getByTestId('oplog-filter-action').click();
  const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/operation-log?') && r.url().includes('action=login') && r.url().includes('result=failure'));
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: /^登录$/ }).click();
  await filtered;
  await page.getByTestId('oplog-table').getByText('town_leader').waitFor();
  text = await rowsText(page);
  assert.doesNotMatch(text, /city_admin/);
  assert.doesNotMatch(text, /成功/);
  assert.match(text, /失败 401/);

  // One user.
  await field(page, 'oplog-filter-user').fill('town_leader');
  const one = page.waitForResponse((r) => r.url().includes('user=town_leader'));
  await page.getByTestId('oplog-search').click();
  await one;
  assert.match(await page.getByTestId('oplog-count').innerText(), /已显示 1 条/);

  // The export carries the filters.
  const href = await page.getByTestId('oplog-export').getAttribute('href');
  assert.match(href, /^\/api\/v1\/operation-log\/export\.xlsx\?/);
  assert.match(href, /result=failure/);
  const res = await fetch(srv.url + href, { headers: { cookie: api.cookie } });
  assert.equal(res.status, 200);
  const sheet = readXlsx(Buffer.from(await res.arrayBuffer()));
  assert.equal(sheet.length, 2);
  assert.equal(sheet[1][1], 'town_leader');
  assert.equal(sheet[1][11], '失败');
  assertClean(assert, page);
  await page.close();
});

test('a county admin sees the county\'s log and the platform settings read-only', async () => {
  const page = await staff('county_admin');
  await page.getByTestId('menu-operation-log').click();
  await page.getByTestId('oplog-table').getByText('county_admin').first().waitFor();
  assert.doesNotMatch(await rowsText(page), /city_admin/);

  await page.getByTestId('menu-categories').click();
  await page.waitForURL(`${srv.url}/console/admin/categories`);
  await page.locator('[data-test="categories-table"] .el-table__body tr', { hasText: '邻里纠纷' }).waitFor();
  await page.getByTestId('settings-readonly').waitFor();
  assert.equal(await page.getByTestId('category-new').count(), 0);
  assert.equal(await page.locator('[data-test^="category-edit-"], [data-test^="category-toggle-"]').count(), 0);
  await screenshot(page, 'categories-readonly');

  await page.getByTestId('menu-holidays').click();
  await page.waitForURL(`${srv.url}/console/admin/holidays`);
  await page.getByTestId('settings-readonly').waitFor();
  assert.equal(await page.getByTestId('holiday-new').count(), 0);
  assert.equal(await page.locator('[data-test^="holiday-remove-"]').count(), 0);

  await page.getByTestId('menu-reply-templates').click();
  await page.waitForURL(`${srv.url}/console/admin/reply-templates`);
  await page.locator('[data-test="templates-table"] .el-table__body tr', { hasText: '受理告知' }).waitFor();
  await page.getByTestId('settings-readonly').waitFor();
  const row = page.locator('[data-test="templates-table"] .el-table__body tr', { hasText: '受理告知' });
  assert.doesNotMatch(await row.innerText(), /修改|删除/, 'platform templates are not editable below the top');
  await page.getByTestId('tpl-new').click();
  await page.locator('.el-dialog:visible').waitFor();
  assert.equal(await page.locator('.el-dialog:visible .el-radio', { hasText: '全平台通用' }).count(), 0);
  assertClean(assert, page);
  await page.close();
});
