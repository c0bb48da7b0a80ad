// packages.test.js - 包案 in the console and on the big screen: a county
// leader sees the package of a high-risk case on 包案化解 with its progress,
// records the quarter's 研判 meeting, and the big screen shows the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1920, height: 1080 } });
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const leader = srv.client();
  await leader.login('town_leader');
  const handler = srv.client();
  await handler.login('town_handler');
  const me = (await leader.get('/api/v1/me')).json;
  const team = (await handler.get('/api/v1/me')).json.id;
  const r = await disp.post('/api/v1/cases', {
    channel: 'hotline', category: 'wage_arrears', org: '130102001001', title: '工地欠薪讨薪',
    description: '老板欠了三个月工资，再不给钱我就喝农药死给他们看',
    applicant: { name: '赵师傅', phone: '13900002222' },
  });
  assert.equal(r.status, 201, r.text);
  let x = await leader.post(`/api/v1/cases/${r.json.id}/actions`, {
    action: 'package', leader_user_id: me.id, team_user_ids: [team], plan: '协调劳动监察追讨欠薪，专人稳控情绪', target_date: '2027-03-31',
  });
  assert.equal(x.status, 200, x.text);
  x = await handler.post(`/api/v1/cases/${r.json.id}/actions`, { action: 'package_report', progress: '已约谈老板，承诺分期支付', status: 'controlled' });
  assert.equal(x.status, 200, x.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a county leader follows the package and records the 研判 meeting', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'county_leader', PASSWORD);
  await page.goto(`${srv.url}/console/packages`);
  const row = page.getByTestId('pkg-table').locator('tbody tr', { hasText: '工地欠薪讨薪' }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /已稳控/);
  assert.match(await page.getByTestId('pkg-counts').innerText(), /已稳控\s*1/);
  await row.getByText('协调劳动监察').click().catch(() => row.click());
  await page.getByTestId('pkg-drawer').getByText('已约谈老板，承诺分期支付').waitFor();
  await screenshot(page, 'packages');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: '季度研判' }).click();
  await page.getByTestId('pkg-meeting-new').click();
  const dlg = page.getByTestId('pkg-meeting-dialog');
  await dlg.locator('textarea').fill('欠薪类包案年底前全部化解\n每周报告一次稳控情况');
  await dlg.getByRole('button', { name: '保存' }).click();
  await page.getByText('研判会议已记录').waitFor();
  const m = page.getByTestId('pkg-meetings').locator('tbody tr').first();
  await m.waitFor();
  assert.match(await m.innerText(), /欠薪类包案年底前全部化解；每周报告一次稳控情况/);
  assertClean(assert, page);

  await page.goto(`${srv.url}/bigscreen/`);
  const panel = page.getByTestId('packages');
  await panel.getByText('工地欠薪讨薪').waitFor();
  assert.match(await panel.innerText(), /已稳控\s*1/);
  await screenshot(page, 'bigscreen-packages');
  assertClean(assert, page);
  await page.close();
});
