// users.test.js - an admin creates a staff account through 用户管理 and the
// new handler logs in with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, consoleLogin, assertClean } from './browser.js';

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

test('an admin creates a handler account that can log in', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'city_admin', PASSWORD);
  await page.getByTestId('menu-users').click();
  await page.waitForURL(`${srv.url}/console/admin/users`);
  await page.getByTestId('user-new').click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  // Validation before anything is sent.
  await page.getByTestId('user-form-submit').click();
  await dialog.locator('.el-form-item__error', { hasText: '请输入用户名' }).waitFor();
  await field(page, 'user-form-username').fill('jb_handler2');
  await field(page, 'user-form-name').fill('李办理');
  await field(page, 'user-form-password').fill('Jianbei#2026');
  await field(page, 'user-form-password2').fill('Jianbei#2026');
  await page.getByTestId('user-form-role').click();
  await option(page, '经办人').click();
  const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
  await page.getByTestId('user-form-submit').click();
  assert.equal((await made).status(), 201);
  await page.locator('.el-message--success', { hasText: 'jb_handler2' }).waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await field(page, 'users-filter-q').fill('jb_handler2');
  await page.locator('[data-test="users-table"] tr', { hasText: '李办理' }).waitFor();
  await screenshot(page, 'users-created');
  assertClean(assert, page);
  await page.close();

  const c = srv.client();
  await c.login('jb_handler2', 'Jianbei#2026');
  assert.equal((await c.get('/api/v1/me')).json.user?.role ?? (await c.get('/api/v1/me')).json.role, 'handler');
});
