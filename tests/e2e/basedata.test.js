// basedata.test.js - 基础数据 in the console: the township 综治中心's
// dispatcher filters the demo's people by a special-group tag, opens one
// and sees the tag and the cases where the person is a party (a link to
// the case); the county leader sees the same person with the tag masked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

let srv;
let browser;
let person;
let caseNo;
before(async () => {
  srv = await startServer();
  browser = await openBrowser();
  const d = srv.client();
  await d.login('town_dispatcher');
  person = (await d.get(`/api/v1/people?tag=${encodeURIComponent('留守老人')}&limit=1`)).json.items[0];
  assert.ok(person, 'the demo has people tagged 留守老人');
  const c = await d.post('/api/v1/cases', { channel: 'walk_in', category: 'neighbor', org: person.grid.slice(0, 12),
    title: '赡养纠纷', description: '老人反映子女长期不尽赡养义务，请求调解。',
    applicant: { name: person.name, phone: '13911112222', id_number: person.id_number } });
  assert.equal(c.status, 201, c.text);
  caseNo = c.json.tracking_no;
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const option = (page, text) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first();

test('the 综治中心 filters people by tag, opens one and follows the link to their case', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'town_dispatcher', PASSWORD);
  await page.getByTestId('menu-basedata').click();
  await page.waitForURL(`${srv.url}/console/basedata`);
  await page.locator('[data-test="bd-table"] .el-table__body tr').first().waitFor();
  await page.getByTestId('bd-filter-tag').click();
  const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/people?') && r.url().includes('tag='));
  await option(page, '留守老人').click();
  assert.equal((await filtered).status(), 200);
  const row = page.locator('[data-test="bd-table"] .el-table__body tr', { hasText: person.name }).first();
  await row.waitFor();
  await screenshot(page, 'basedata-people');
  await row.click();
  const drawer = page.getByTestId('bd-detail');
  await drawer.locator('.el-tag', { hasText: '留守老人' }).waitFor();
  const link = drawer.getByRole('link', { name: caseNo });
  await link.waitFor();
  await screenshot(page, 'basedata-person');
  await link.click();
  await page.waitForURL(/\/console\/cases\/\d+$/);
  assertClean(assert, page);
  await page.close();
});

test('the county leader sees the person with the tags masked', async () => {
  await browser.context.clearCookies();
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'county_leader', PASSWORD);
  await page.goto(`${srv.url}/console/basedata`);
  const key = page.locator('input[data-test="bd-filter-key"], [data-test="bd-filter-key"] input').first();
  // The leader sees masked ID numbers: look the person up by the clear one.
  const d = srv.client();
  await d.login('town_dispatcher');
  const full = (await d.get(`/api/v1/people/${person.id}`)).json.id_number;
  await key.fill(full);
  const found = page.waitForResponse((r) => r.url().includes('id_number='));
  await page.getByTestId('bd-search').click();
  await found;
  const row = page.locator('[data-test="bd-table"] .el-table__body tr', { hasText: person.name }).first();
  await row.waitFor();
  assert.ok(!(await row.innerText()).includes(full), 'the ID number is masked');
  await row.click();
  await page.getByTestId('bd-tags-masked').waitFor();
  assert.equal(await page.getByTestId('bd-detail').locator('.el-tag', { hasText: '留守老人' }).count(), 0);
  assertClean(assert, page);
  await page.close();
});
