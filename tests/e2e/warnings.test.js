// warnings.test.js - 研判预警 in the browser: a township leader finds the
// cluster alert raised by five appeals in one village, opens it, assigns it
// and closes it; the case page lists similar open cases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

const VILLAGE = '130102001001';
let srv;
let browser;
const ids = [];

before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1500, height: 950 } });
  const base = '村里修路占了我家的承包地，没有签任何协议，也没有给任何补偿，希望镇里尽快给个说法。';
  for (let i = 0; i < 5; i++) {
    const r = await srv.client().post('/api/v1/public/cases', {
      category: 'land_contract', org: VILLAGE, description: i ? base.replace('尽快', `第${i}次`) : base,
      applicant: { name: `村民${i + 1}`, phone: `1360000${7000 + i}` },
    });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const leader = srv.client();
  await leader.login('town_leader');
  const end = Date.now() + 10000;
  while (!(await leader.get('/api/v1/alerts?kind=cluster')).json.items.length) {
    if (Date.now() > end) throw new Error('no cluster alert');
    await new Promise((r) => setTimeout(r, 200));
  }
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a township leader handles a cluster alert; the case page shows similar cases', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'town_leader', PASSWORD);
  await page.goto(`${srv.url}/console/warnings`);
  const row = page.getByTestId('alerts-table').locator('tr', { hasText: '群体性风险' }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /土地承包/);
  await row.click();
  const drawer = page.locator('.el-drawer');
  await drawer.getByText('涉及事项（5）').waitFor();
  await screenshot(page, 'warnings-alert');
  await page.getByTestId('alert-assignee').click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '经办' }).first().click();
  await page.locator('textarea[data-test="alert-note"], [data-test="alert-note"] textarea').first().fill('请司法所牵头，会同村委会调查修路占地情况');
  await page.getByTestId('alert-assign').click();
  await drawer.getByText(/交办 ·/).waitFor();
  await page.getByTestId('alert-close').click();
  await drawer.getByText(/办结 ·/).waitFor();
  const api = srv.client();
  await api.login('town_leader');
  const a = (await api.get('/api/v1/alerts?kind=cluster&status=closed')).json.items[0];
  assert.ok(a && a.assignee, 'closed with an assignee');

  await page.goto(`${srv.url}/console/cases/${ids[1]}`);
  await page.getByTestId('similar-cases').waitFor();
  assert.ok(await page.getByTestId('similar-cases').locator('li').count() >= 1);
  await screenshot(page, 'warnings-similar');
  assertClean(assert, page);
  await page.close();
});
