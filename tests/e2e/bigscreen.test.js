// bigscreen.test.js - the 1920×1080 big screen: title and a running clock;
// without a session it points to the console login, with one it draws the
// scope's units, KPIs and a live feed of new cases and alerts from the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1920, height: 1080 } });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('big screen: clock, login link, then the county admin\'s units', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await page.goto(`${srv.url}/bigscreen/`);
  await page.getByText('矛盾纠纷多元化解指挥大屏').waitFor();
  const t1 = await page.getByTestId('clock').innerText();
  assert.match(t1, /\d{4}年\d{1,2}月\d{1,2}日\s*星期.\s*\d{2}:\d{2}:\d{2}/);
  await page.waitForFunction((t) => document.querySelector('[data-test="clock"]').innerText !== t, t1);
  const link = page.getByRole('link', { name: '登录工作台' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), '/console/login?redirect=/bigscreen/');

  // The console login sends the user back to the big screen.
  await link.click();
  await field(page, 'login-username').fill('county_admin');
  await field(page, 'login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${srv.url}/bigscreen/`);
  await page.getByTestId('scope').getByText('长安区').waitFor();
  const api = srv.client();
  await api.login('county_admin');
  const units = (await api.get('/api/v1/units?org=130102&subtree=1')).json.items.length;
  await page.getByText(`${units}`, { exact: true }).first().waitFor();
  assert.equal(await page.locator('canvas').count() >= 2, true, 'two charts drawn');
  // The KPIs are the API's; a case submitted now appears in the live feed.
  const kpi = (await api.get('/api/v1/stats/kpi?org=130102')).json.total;
  assert.equal(await page.getByTestId('kpi-intake').innerText(), String(kpi.intake));
  await page.getByTestId('live').getByText('实时').waitFor({ timeout: 10000 });
  const sub = await srv.client().post('/api/v1/public/cases', {
    category: 'wage_arrears', org: '130102001001', title: '大屏测试：工地欠薪',
    description: '工地老板拖欠我们十几个工人三个月工资，大家说要去政府门口拉横幅。',
    applicant: { name: '钱先生', phone: '13600005555' },
  });
  assert.equal(sub.status, 201, sub.text);
  await page.getByTestId('feed').getByText('大屏测试：工地欠薪').waitFor({ timeout: 10000 });
  await page.getByTestId('feed').locator('li.alert.red').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(800); // the charts' entry animation
  await screenshot(page, 'bigscreen');
  assertClean(assert, page);
  await page.close();
});
