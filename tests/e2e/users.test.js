// users.test.js - an admin creates a staff account through 用户管理 and the
// new handler logs in with it, is sent to 修改密码 first and chooses a
// password; an admin edits, disables and enables an account, resets a
// password (the one-time password logs in) and unlocks failed logins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, consoleLogin, assertClean } from './browser.js';
import { expectError } from '../http/harness.js';

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

test('the new account must change its password before anything else', async () => {
  await browser.context.clearCookies();
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ },
    { status: 422, url: /\/api\/v1\/me\/password$/ }]);
  await page.goto(`${srv.url}/console/login`);
  await field(page, 'login-username').fill('jb_handler2');
  await field(page, 'login-password').fill('Jianbei#2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${srv.url}/console/password`);
  await page.getByTestId('pw-forced').waitFor();
  // Another page is not reachable yet.
  await page.goto(`${srv.url}/console/cases`);
  await page.waitForURL(/\/console\/password/);
  await field(page, 'pw-current').fill('Jianbei#2026');
  // The server's policy answers, in words.
  await field(page, 'pw-new').fill('woaini1314');
  await field(page, 'pw-new2').fill('woaini1314');
  await page.getByTestId('pw-submit').click();
  await page.getByTestId('pw-error').filter({ hasText: '常见密码' }).waitFor();
  await field(page, 'pw-new').fill('Jb_Handler2!');
  await field(page, 'pw-new2').fill('Jb_Handler2!');
  await page.getByTestId('pw-submit').click();
  await page.getByTestId('pw-error').filter({ hasText: '用户名' }).waitFor();
  await screenshot(page, 'users-forced-change');
  await field(page, 'pw-new').fill('Own#Choice2026');
  await field(page, 'pw-new2').fill('Own#Choice2026');
  await page.getByTestId('pw-submit').click();
  await page.waitForURL(/\/console\/cases$/);
  await page.getByTestId('user-name').waitFor();
  assert.equal(page.expectedErrors.filter((e) => e.startsWith('422')).length, 2, 'the server refused both weak passwords');
  assertClean(assert, page);
  await page.close();
  const c = srv.client();
  const l = await c.login('jb_handler2', 'Own#Choice2026');
  assert.equal(l.must_change_password, false);
});

test('an admin edits, disables, enables, resets and unlocks accounts on the user page', async () => {
  // Someone keeps guessing town_handler's password, waiting out each
  // delay (on the test clock): that pair is blocked for half a minute.
  const guess = srv.client();
  let offset = 0;
  for (let i = 0; i < 8; i++) {
    await guess.post('/api/v1/session', { username: 'town_handler', password: 'wrong-pass-9' });
    if (i >= 3 && i < 7) {
      offset += 2 ** (i - 2) + 1;
      assert.equal((await guess.post('/api/v1/test/clock', { offset })).status, 200);
    }
  }
  expectError(assert, await guess.post('/api/v1/session', { username: 'town_handler', password: PASSWORD }), 429, 'too_many_attempts');
  const reviewer = srv.client();
  await reviewer.login('town_reviewer');

  await browser.context.clearCookies();
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'city_admin', PASSWORD);
  await page.goto(`${srv.url}/console/admin/users`);
  const row = (name) => page.locator('[data-test="users-table"] .el-table__body tr', { hasText: name }).first();
  const find = async (name) => {
    await field(page, 'users-filter-q').fill(name);
    await row(name).waitFor();
  };

  // Failed logins and unlocking.
  await find('town_handler');
  await page.getByTestId('user-failures-town_handler').first().click();
  const fails = page.locator('[data-test="user-failures-table"]');
  await fails.locator('tr', { hasText: '127.0.0.1' }).filter({ hasText: '限制至' }).waitFor();
  await screenshot(page, 'users-login-failures');
  await page.getByTestId('user-unlock').click();
  await page.locator('.el-message--success', { hasText: '已解锁' }).waitFor();
  await fails.locator('.el-table__empty-text', { hasText: '没有登录失败记录' }).waitFor();
  await page.locator('.el-dialog:visible .el-dialog__headerbtn').click();
  assert.equal((await srv.client().post('/api/v1/session', { username: 'town_handler', password: PASSWORD })).status, 200);

  // Disable: the account's session ends at once; enable again.
  await find('town_reviewer');
  await page.getByTestId('user-toggle-town_reviewer').first().click();
  await page.locator('.el-message-box__btns button', { hasText: '停用' }).click();
  await page.locator('.el-message--success', { hasText: '已停用' }).waitFor();
  await row('town_reviewer').locator('.el-tag', { hasText: '停用' }).waitFor();
  expectError(assert, await reviewer.get('/api/v1/me'), 401, 'unauthenticated');
  await page.getByTestId('user-toggle-town_reviewer').first().click();
  await page.locator('.el-message-box__btns button', { hasText: '启用' }).click();
  await row('town_reviewer').locator('.el-tag', { hasText: '启用' }).waitFor();
  await srv.client().login('town_reviewer');

  // Edit the role.
  await find('town_dispatcher');
  await page.getByTestId('user-edit-town_dispatcher').first().click();
  await page.locator('[data-test="user-edit-dialog"]').waitFor();
  await page.getByTestId('user-edit-role').click();
  await option(page, '调解员').click();
  const saved = page.waitForResponse((r) => /\/api\/v1\/users\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
  await page.getByTestId('user-edit-submit').click();
  assert.equal((await saved).status(), 200);
  await row('town_dispatcher').locator('.el-tag', { hasText: '调解员' }).waitFor();

  // Reset a password: the one-time password is shown once and logs in once.
  await find('town_mediator');
  await page.getByTestId('user-reset-town_mediator').first().click();
  await page.locator('.el-message-box__btns button', { hasText: '重置' }).click();
  const otp = (await page.getByTestId('user-otp').innerText()).trim();
  assert.ok(otp.length >= 12, otp);
  await screenshot(page, 'users-one-time-password');
  await page.getByTestId('user-otp-close').click();
  await row('town_mediator').locator('.el-tag', { hasText: '待改密' }).waitFor();
  assertClean(assert, page);
  await page.close();
  const m = srv.client();
  assert.equal((await m.login('town_mediator', otp)).must_change_password, true);
  expectError(assert, await m.get('/api/v1/cases'), 403, 'password_change_required');
});
