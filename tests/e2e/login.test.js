// login.test.js - a staff member logs in to the console: a wrong password
// shows the server's Chinese message; the right one opens the console with
// the user's name, org and role; a reload keeps the session (GET /me gives
// the CSRF token back, which the logout then needs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

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

test('city_admin: wrong password shows the Chinese error, then logs in, reloads and logs out', async () => {
  // What the server says to this wrong password, and who city_admin is.
  const probe = srv.client();
  const bad = await probe.post('/api/v1/session', { username: 'city_admin', password: 'not-the-password' });
  assert.equal(bad.status, 401);
  const message = bad.json.error.message;
  assert.match(message, /[\u4e00-\u9fff]/, 'the server answers in Chinese');
  const me = (await probe.login('city_admin')).user;

  const page = await watchedPage(browser.context, srv.url, [
    { status: 401, url: /\/api\/v1\/me$/ }, // the first look: nobody logged in yet
    { status: 401, url: /\/api\/v1\/session$/ }, // the wrong password
  ]);
  await page.goto(`${srv.url}/console/`);
  await page.waitForURL(/\/console\/login$/);
  assert.equal(await page.title(), '登录 · 网上枫桥');

  await field(page, 'login-username').fill('city_admin');
  await field(page, 'login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  const err = page.getByTestId('login-error');
  await err.waitFor();
  assert.equal((await err.innerText()).trim(), message);
  assert.equal(await field(page, 'login-password').inputValue(), '', 'the wrong password is cleared');
  await screenshot(page, 'login-wrong-password');

  await field(page, 'login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${srv.url}/console/`);
  await page.getByTestId('user-name').waitFor();
  assert.equal((await page.getByTestId('user-name').innerText()).trim(), me.display_name);
  assert.match(await page.getByTestId('user-org').innerText(), /石家庄市/);
  assert.equal((await page.getByTestId('user-role').innerText()).trim(), '系统管理员');
  assert.match(await page.getByTestId('welcome').innerText(), new RegExp(me.display_name));
  assert.match(await page.getByTestId('home-org').innerText(), /石家庄市/);
  // The admin's menu has the admin pages and the statistics.
  await page.getByTestId('menu-units').waitFor();
  await page.getByTestId('menu-users').waitFor();
  const children = (await probe.get('/api/v1/orgs/1301/children')).json.items.length;
  await page.waitForFunction((n) => document.querySelector('[data-test="child-count"]')?.textContent.trim() === String(n), children);
  await screenshot(page, 'login-console-home');

  // A reload: the session cookie survives, GET /me returns the CSRF token.
  await page.reload();
  await page.getByTestId('user-name').waitFor();
  assert.equal((await page.getByTestId('user-name').innerText()).trim(), me.display_name);
  await page.getByTestId('menu-stats').click();
  await page.getByTestId('kpi-intake').waitFor();

  // Logging out is a DELETE with the CSRF token recovered from /me.
  const del = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'DELETE');
  await page.getByTestId('user-name').click();
  await page.getByTestId('logout').click();
  await page.getByRole('button', { name: '退出' }).click();
  assert.equal((await del).status(), 204);
  await page.waitForURL(/\/console\/login$/);

  // The session is gone on the server too.
  await page.goto(`${srv.url}/console/admin/units`);
  await page.waitForURL(/\/console\/login\?redirect=/);
  assertClean(assert, page);
  await page.close();
});
