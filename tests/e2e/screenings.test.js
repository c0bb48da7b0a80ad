// screenings.test.js - 排查任务 in the console: a grid worker reports the
// village's daily screening with one finding (it becomes a case), a
// township dispatcher reports the week's all-clear, and the county leader
// reads the completion of the townships below; screenshots of the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean, field } from './browser.js';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  // Only the demo's town_grid_worker staffs a village here: the per-grid
  // 网格员 accounts of the base-data demo (grid_<code>) are disabled, so the
  // counts below are those of one staffed village.
  const admin = srv.client();
  await admin.login('county_admin');
  const all = (await admin.get('/api/v1/users')).json;
  for (const u of (Array.isArray(all) ? all : all.items).filter((x) => /^grid_\d+$/.test(x.username))) {
    const r = await admin.patch(`/api/v1/users/${u.id}`, { active: false });
    if (r.status !== 200) throw new Error(`disable ${u.username}: ${r.text}`);
  }
  // a day far from the server's own: the counts below are the journey's
  const r = await srv.client().post('/api/v1/test/clock', { now: '2027-03-01T08:00:00+08:00' });
  assert.equal(r.status, 200, r.text);
  browser = await openBrowser({ viewport: { width: 1400, height: 1000 } });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const taskRow = (page, text) => page.getByTestId('scr-table').locator('tbody tr', { hasText: text }).first();

test('a grid worker reports the day\'s screening with a finding', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'town_grid_worker', PASSWORD);
  await page.goto(`${srv.url}/console/screenings`);
  const row = taskRow(page, '棉一东社区');
  await row.waitFor();
  assert.match(await row.innerText(), /待排查/);
  await row.getByRole('button', { name: '上报' }).click();
  const dlg = page.getByTestId('scr-dialog');
  await dlg.getByText('安全隐患').click();
  await dlg.getByTestId('scr-add-finding').click();
  await dlg.getByTestId('scr-cat-0').click();
  await page.locator('.el-select-dropdown__item', { hasText: '邻里纠纷' }).first().click();
  await dlg.locator('textarea[data-test="scr-desc-0"], [data-test="scr-desc-0"] textarea').first().fill('5号楼两户因楼道堆物发生争吵，需要社区调解。');
  await screenshot(page, 'screening-report');
  await dlg.getByTestId('scr-submit').click();
  await page.getByText('已上报，发现 1 项已登记为事项').waitFor();
  await taskRow(page, '发现 1 项').waitFor();
  assert.match(await taskRow(page, '棉一东社区').innerText(), /已报告/);
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const made = (await disp.get('/api/v1/cases?channel=grid')).json.items;
  assert.equal(made.length, 1);
  assert.match(made[0].title, /楼道堆物/);
  assertClean(assert, page);
  await page.close();
});

test('the township reports all clear and the county reads the completion', async () => {
  await browser.context.clearCookies(); // the first journey's session
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'town_dispatcher', PASSWORD);
  await page.goto(`${srv.url}/console/screenings`);
  const row = taskRow(page, '建北街道');
  await row.waitFor();
  await row.getByRole('button', { name: '上报' }).click();
  const dlg = page.getByTestId('scr-dialog');
  await dlg.getByTestId('scr-all-clear').click();
  await dlg.getByTestId('scr-submit').click();
  await page.getByText('已无事报平安').waitFor();
  await taskRow(page, '无事报平安').waitFor();
  // the township's own view lists its villages
  await page.getByTestId('scr-completion-table').getByText('棉一东社区').waitFor();
  await page.close();

  await browser.context.clearCookies();
  const lead = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(lead, srv.url, 'county_leader', PASSWORD);
  await lead.goto(`${srv.url}/console/screenings`);
  const town = lead.getByTestId('scr-completion-table').locator('tbody tr', { hasText: '建北街道' }).first();
  await town.waitFor();
  // this month (March 2027): the village's day and the township's week, both reported
  await lead.getByTestId('scr-completion').getByText('2027-03').waitFor();
  assert.match(await town.innerText(), /建北街道\s+2\s+2\s+0\s+0\s+0\s+100%/);
  await field(lead, 'scr-period').fill('2027-W09');
  await field(lead, 'scr-period').press('Enter');
  await lead.getByTestId('scr-completion').getByText('2027-W09').waitFor();
  // the week W09 (1-7 March) holds the same two so far
  assert.match(await town.innerText(), /建北街道\s+2\s+2\s+0\s+0\s+0\s+100%/);
  await screenshot(lead, 'screening-completion');
  // a county leader reports the county's own tasks, not the villages'
  const table = lead.getByTestId('scr-table');
  const buttons = await table.getByRole('button', { name: '上报' }).count();
  assert.ok(buttons >= 1);
  assert.equal(await table.locator('tbody tr', { hasText: '长安区' }).getByRole('button', { name: '上报' }).count(), buttons);
  assertClean(assert, lead);
  await lead.close();
});
