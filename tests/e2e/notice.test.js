// notice.test.js - the county notice (通报) as a printable page and the
// 督办 list, for a county leader; screenshots of both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1400, height: 1000 } });
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const leader = srv.client();
  await leader.login('county_leader');
  const handler = srv.client();
  await handler.login('town_handler');
  const unit = (await handler.get('/api/v1/me')).json.unit.id;
  for (let i = 0; i < 2; i++) {
    const r = await srv.client().post('/api/v1/public/cases', {
      category: 'public_facility', org: '130102001001', title: `路灯损坏${i + 1}`,
      description: '小区路灯坏了一个多月，晚上出行很不安全，希望尽快修好。',
      applicant: { name: '冯先生', phone: `1390000${6000 + i}` },
    });
    const id = r.json.id;
    for (const [c, body] of [[disp, { action: 'classify', flow: 'livelihood', category: 'public_facility' }],
      [disp, { action: 'dispatch', unit_id: unit }], [handler, { action: i ? 'return' : 'accept', reason: '不属于本单位职责' }],
      [leader, { action: 'supervise', note: '请加快办理' }]]) {
      const x = await c.post(`/api/v1/cases/${id}/actions`, body);
      assert.equal(x.status, 200, x.text);
    }
  }
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a county leader opens 督办事项 and prints the notice', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'county_leader', PASSWORD);
  await page.goto(`${srv.url}/console/supervisions`);
  await page.getByTestId('sup-table').getByText('请加快办理').first().waitFor();
  assert.equal(await page.getByTestId('sup-table').locator('tbody tr').count(), 2);
  await screenshot(page, 'supervisions');
  await page.getByRole('button', { name: '超期及退单通报' }).click();
  const notice = page.getByTestId('notice');
  await notice.getByText('长安区矛盾纠纷超期及退单情况通报').waitFor();
  const row = notice.locator('tr', { hasText: '建北街道' }).first();
  assert.match(await row.innerText(), /建北街道\s+0\s+1\s+2/);
  await screenshot(page, 'notice');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.fq-aside').isVisible(), false, 'the menu is not printed');
  await screenshot(page, 'notice-print');
  assertClean(assert, page);
  await page.close();
});
