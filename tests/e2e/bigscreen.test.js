// bigscreen.test.js - the 1920×1080 big screen: title and a running clock;
// without a session it points to the console login, with one it draws the
// scope's KPIs (the API's figures), the trend and category charts, the
// townships ranked, and a live feed in which a case submitted during the
// test shows within seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

let srv;
let browser;
const pct = (v) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1920, height: 1080 } });
  // Some of this year's cases, so the figures are not all zero: three
  // handled by the 建北街道 司法所 (two resolved and rated), one waiting.
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const handler = srv.client();
  await handler.login('town_handler');
  const unit = (await handler.get('/api/v1/me')).json.unit.id;
  for (const [i, outcome] of ['mediated', 'resolved', null, undefined].entries()) {
    const category = ['neighbor', 'property_mgmt', 'marriage_family', 'consumer'][i];
    const sub = await srv.client().post('/api/v1/public/cases', {
      category, org: '130102001001',
      description: `第${i + 1}件：楼上漏水把我家天花板泡坏了，物业和邻居互相推诿，请帮忙协调。`,
      applicant: { name: '孙女士', phone: `1390000${1000 + i}` },
    });
    assert.equal(sub.status, 201, sub.text);
    if (outcome === undefined) continue;
    const act = async (c, body) => { const r = await c.post(`/api/v1/cases/${sub.json.id}/actions`, body); assert.equal(r.status, 200, r.text); };
    await act(disp, { action: 'classify', flow: 'dispute', category });
    await act(disp, { action: 'dispatch', unit_id: unit });
    await act(handler, { action: 'accept' });
    if (!outcome) continue;
    await act(handler, { action: 'resolve', outcome, summary: '已协调解决' });
    const r = await srv.client().post(`/api/v1/public/cases/${sub.json.tracking_no}/rating`, { query_code: sub.json.query_code, satisfaction: '满意' });
    assert.equal(r.status, 200, r.text);
  }
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('big screen: clock, login link, then the county\'s KPIs, charts, ranking and live feed', async () => {
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
  const units = (await api.get('/api/v1/units?org=130102&subtree=1')).json.items.filter((u) => u.active !== false).length;
  await page.getByTestId('unit-count').getByText(`${units}`, { exact: true }).waitFor();

  // The KPIs are the API's, this year's.
  const year = new Date().getFullYear();
  const kpi = (await api.get(`/api/v1/stats/kpi?org=130102&from=${year}-01-01`)).json.total;
  assert.equal(kpi.intake, 4);
  assert.equal(await page.getByTestId('kpi-intake').innerText(), String(kpi.intake));
  for (const k of ['completion_rate', 'mediation_success_rate', 'satisfaction_rate', 'township_or_below_rate', 'on_time_rate']) {
    assert.equal(await page.getByTestId(`kpi-${k}`).innerText(), pct(kpi[k]), k);
  }
  assert.equal(await page.getByTestId('kpi-mediation_success_rate').innerText(), '100.0%');
  // Charts drawn; the townships ranked by intake, 建北街道 first.
  await page.getByTestId('trend').locator('canvas').waitFor();
  await page.getByTestId('categories').locator('canvas').waitFor();
  const towns = (await api.get(`/api/v1/stats/kpi?org=130102&from=${year}-01-01&group_by=child`)).json.groups;
  const jb = towns.find((g) => g.name === '建北街道');
  assert.deepEqual([jb.intake, jb.resolved, jb.completion_rate], [4, 2, 0.5]);
  const first = page.getByTestId('child-rank').locator('.fq-rank-body .fq-rank-row').first();
  assert.match(await first.innerText(), /^1\s+建北街道\s+4\s+2\s+50\.0%$/);
  assert.equal(await page.getByTestId('child-rank').locator('.fq-rank-body .fq-rank-row').count(), Math.min(15, towns.length));

  // A case submitted now appears at the top of the live feed within
  // seconds, its red alert (risk words) highlighted.
  await page.getByTestId('live').getByText('实时连接').waitFor({ timeout: 10000 });
  const sub = await srv.client().post('/api/v1/public/cases', {
    category: 'wage_arrears', org: '130102001001', title: '大屏测试：工地欠薪',
    description: '工地老板拖欠我们十几个工人三个月工资，大家说要去政府门口拉横幅。',
    applicant: { name: '钱先生', phone: '13600005555' },
  });
  assert.equal(sub.status, 201, sub.text);
  const t0 = Date.now();
  await page.getByTestId('feed').getByText('大屏测试：工地欠薪').waitFor({ timeout: 10000 });
  const seen = Date.now() - t0;
  assert.ok(seen < 8000, `shown after ${seen} ms`);
  await page.getByTestId('feed').locator('li.alert.red').first().waitFor({ timeout: 10000 });
  assert.match(await page.getByTestId('feed').locator('li').first().innerText(), /工地欠薪|群体性风险/, 'newest on top (the red alert names its kind of risk)');
  await page.waitForTimeout(1000); // the charts' and the feed's entry animations
  await screenshot(page, 'bigscreen');
  assertClean(assert, page);
  await page.close();
});
