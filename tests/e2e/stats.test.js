// stats.test.js - 统计分析 for a city leader: KPI cards equal to the API's
// figures, the child table drilled down from city to county and back, the
// ranking tab with the red and black lists; screenshots of each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

const VILLAGE = '130102001001';
let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1600, height: 1000 } });
  // A few cases through the whole path, so the figures are not all zero.
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const handler = srv.client();
  await handler.login('town_handler');
  const unit = (await handler.get('/api/v1/me')).json.unit.id;
  const outcomes = ['mediated', 'mediated', 'mediation_failed', null];
  for (const [i, outcome] of outcomes.entries()) {
    const sub = await srv.client().post('/api/v1/public/cases', {
      category: i % 2 ? 'wage_arrears' : 'neighbor', org: VILLAGE,
      description: `第${i + 1}件：邻里之间因为院墙和排水问题发生争执，多次协商未果，请求调解处理。`,
      applicant: { name: '周先生', phone: `1370000${String(1000 + i)}` },
    });
    assert.equal(sub.status, 201, sub.text);
    const id = sub.json.id;
    const act = async (c, body) => { const r = await c.post(`/api/v1/cases/${id}/actions`, body); assert.equal(r.status, 200, r.text); };
    await act(disp, { action: 'classify', flow: 'dispute', category: i % 2 ? 'wage_arrears' : 'neighbor' });
    await act(disp, { action: 'dispatch', unit_id: unit });
    await act(handler, { action: 'accept' });
    if (outcome) {
      await act(handler, { action: 'resolve', outcome, summary: '已调处' });
      const r = await srv.client().post(`/api/v1/public/cases/${sub.json.tracking_no}/rating`, { query_code: sub.json.query_code, satisfaction: '满意' });
      assert.equal(r.status, 200, r.text);
    }
  }
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a city leader reads the KPIs, drills from the city into 长安区 and back, and sees the rankings', async () => {
  const api = srv.client();
  await api.login('city_leader');
  const year = new Date().getFullYear();
  const kpi = (await api.get(`/api/v1/stats/kpi?org=1301&from=${year}-01-01`)).json.total;
  assert.equal(kpi.intake, 4);

  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'city_leader', PASSWORD);
  await page.goto(`${srv.url}/console/stats`);
  const card = (k) => page.getByTestId(`kpi-${k}`).locator('.fq-kpi-value');
  await page.waitForFunction(() => /^4/.test(document.querySelector('[data-test="kpi-intake"] .fq-kpi-value')?.textContent || ''));
  assert.match(await card('intake').innerText(), /^4\s*件$/);
  assert.equal(await card('completion_rate').innerText(), `${(kpi.completion_rate * 100).toFixed(1)}%`);
  assert.equal(await card('mediation_success_rate').innerText(), '66.7%');
  assert.equal(await card('satisfaction_rate').innerText(), '100.0%');
  await page.locator('canvas').first().waitFor();
  await page.waitForTimeout(800);
  await screenshot(page, 'stats-city');

  // Drill down: the county row of the child table, then back by the breadcrumb.
  const table = page.getByTestId('child-table');
  await table.getByRole('link', { name: '长安区' }).click();
  await page.getByTestId('drill').getByText('长安区').waitFor();
  await table.getByRole('link', { name: '建北街道' }).waitFor();
  const row = table.locator('tr', { hasText: '建北街道' }).first();
  assert.match(await row.innerText(), /建北街道\s+4\s/);
  await screenshot(page, 'stats-county');
  await page.getByTestId('drill').locator('a', { hasText: '石家庄市' }).click();
  await table.getByRole('link', { name: '长安区' }).waitFor();

  await page.getByRole('tab', { name: '考核排名' }).click();
  await page.getByTestId('red-list').locator('li').first().waitFor();
  assert.match(await page.getByTestId('red-list').innerText(), /司法所/);
  await page.getByTestId('unit-rank').locator('tbody tr').first().waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, 'stats-ranking');
  assertClean(assert, page);
  await page.close();
});
