// bigscreen_map.test.js - the big screen's map of its area, drawn from the
// boundaries bundled with the build (no request leaves the server: the
// watched page fails on any), coloured by a chosen KPI, with the open red
// alerts counted on it, drilling from the city to a county by its row in
// the ranking and back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

let srv;
let browser;
const bundled = JSON.parse(readFileSync('web/dist/geo/boundaries.json', 'utf8'));

before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1920, height: 1080 } });
  // A red alert in 正定县: high-risk words raise one.
  const sub = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: '130123001001',
    description: '邻居多次威胁要拿刀砍死我全家，还说要放火烧房子，我们实在害怕，请马上处理。',
    applicant: { name: '钱先生', phone: '13900002222' },
  });
  assert.equal(sub.status, 201, sub.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the city\'s map: counties coloured by a KPI, red alerts, drill down to a county and back', async (t) => {
  if (!bundled.features.length) return t.skip('the build bundled no boundaries (npm package absent)');
  const api = srv.client();
  await api.login('city_leader');
  // The detector runs in the background: wait for the alert.
  let red = 0;
  for (let i = 0; i < 50 && !red; i++) {
    red = (await api.get('/api/v1/alerts?status=open&limit=100')).json.items.filter((a) => a.level === 'red').length;
    if (!red) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(red > 0, 'a red alert to show');

  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await page.goto(`${srv.url}/console/login?redirect=/bigscreen/`);
  await field(page, 'login-username').fill('city_leader');
  await field(page, 'login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${srv.url}/bigscreen/`);
  const map = page.getByTestId('area-map');
  await map.locator('canvas').first().waitFor();
  assert.equal((await page.getByTestId('map-title').innerText()).trim(), '石家庄市 · 各县（区）');
  await page.getByTestId('map-red').getByText(`红色预警 ${red} 条`).waitFor();
  // The canvas is drawn: not one flat colour.
  const colours = await map.locator('canvas').first().evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(colours > 5, `the map draws shapes (${colours} colours)`);
  for (const label of ['办结率', '在办预警', '受理量']) {
    await page.getByTestId('map-metric').getByRole('button', { name: label }).click();
    assert.match(await page.getByTestId('map-metric').locator('button.on').innerText(), new RegExp(label));
  }
  await screenshot(page, 'bigscreen-map');

  // Drill down: a county's row in the ranking opens its map; its townships
  // have no boundaries in the bundle, so the county is shown whole.
  const row = page.getByTestId('child-rank').locator('.fq-rank-body .fq-rank-row').first();
  const county = (await row.locator('.fq-rank-name').innerText()).trim();
  await row.click();
  await page.getByTestId('map-title').getByText(county, { exact: true }).waitFor();
  assert.match(await page.getByTestId('map-note').innerText(), new RegExp(`${county}的下级区划边界暂未收录`));
  await page.getByTestId('map-back').click();
  await page.getByTestId('map-title').getByText('石家庄市 · 各县（区）').waitFor();
  assertClean(assert, page);
  await page.close();
});
