// units.test.js - an admin opens 单位管理, creates a unit through the form
// (choosing its org in the tree picker: 石家庄市 → 长安区 → 建北街道) and
// finds it in the list; the picker's name search narrows the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, consoleLogin, assertClean } from './browser.js';

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

// The option of an open Element Plus select dropdown.
const option = (page, text) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first();
// A node of the picker's tree (or search results) by org code.
const node = (page, code) => page.locator(`.fq-org-popper:visible [data-code="${code}"]`);
const expander = (page, code) => page.locator('.fq-org-popper:visible .el-tree-node__content', { has: page.locator(`[data-code="${code}"]`) })
  .locator('.el-tree-node__expand-icon');

test('admin creates a unit in 建北街道 through the form and sees it in the list', async () => {
  const api = srv.client();
  await api.login('city_admin');
  const name = '建北街道交通事故人民调解委员会';

  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'city_admin', PASSWORD);
  await page.getByTestId('menu-units').click();
  await page.waitForURL(`${srv.url}/console/admin/units`);
  const count = page.getByTestId('units-count');
  await page.waitForFunction(() => /共 [1-9]\d* 个单位/.test(document.querySelector('[data-test="units-count"]')?.textContent || ''));
  const all = (await api.get('/api/v1/units?org=1301&subtree=1')).json.items.length;
  assert.match(await count.innerText(), new RegExp(`共 ${all} 个单位`), 'the list is the city subtree');

  await page.getByTestId('unit-new').click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();

  // The org picker starts at the admin's org, 石家庄市, opened one level.
  await page.getByTestId('unit-form-org').click();
  await node(page, '1301').waitFor();
  await node(page, '130102').waitFor(); // 长安区 under 石家庄市
  assert.match(await node(page, '130102').innerText(), /长安区/);
  await expander(page, '130102').click(); // 长安区 → its townships
  await node(page, '130102001').waitFor();
  assert.match(await node(page, '130102001').innerText(), /建北街道/);
  await screenshot(page, 'units-org-picker');
  await node(page, '130102001').click();
  await page.locator('.fq-org-popper').first().waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('unit-form-org').locator('input').inputValue(), '建北街道');

  await field(page, 'unit-form-name').fill(name);
  await page.getByTestId('unit-form-kind').click();
  await option(page, '人民调解委员会').click();
  await field(page, 'unit-form-phone').fill('0311-86001234');
  await page.getByTestId('unit-form-categories').click();
  await option(page, '交通事故').click();
  await page.keyboard.press('Escape');
  await screenshot(page, 'units-form');

  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/units') && r.request().method() === 'POST');
  await page.getByTestId('unit-form-submit').click();
  assert.equal((await created).status(), 201);
  await page.locator('.el-message--success', { hasText: name }).waitFor();
  await dialog.waitFor({ state: 'hidden' });

  // In the list: one more unit, and this one found by its name.
  await page.waitForFunction((n) => (document.querySelector('[data-test="units-count"]')?.textContent || '').includes(`共 ${n} 个单位`), all + 1);
  await field(page, 'units-filter-q').fill('交通事故人民调解');
  const row = page.locator('[data-test="units-table"] .el-table__body tr', { hasText: name });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /人民调解委员会/);
  assert.match(text, /建北街道/);
  assert.match(text, /0311-86001234/);
  assert.match(text, /交通事故/);
  await screenshot(page, 'units-list');

  // What the form sent is what the server keeps.
  const saved = (await api.get('/api/v1/units?org=130102001')).json.items.find((u) => u.name === name);
  assert.ok(saved, 'the unit is stored');
  assert.equal(saved.kind, 'mediation_committee');
  assert.deepEqual(saved.categories, ['traffic']);
  assert.equal(saved.phone, '0311-86001234');

  // The filter's picker: search 长安 by name, choose 长安区, the list follows.
  await field(page, 'units-filter-q').fill('');
  await page.getByTestId('units-filter-org').click();
  await field(page, 'org-search').fill('长安');
  await node(page, '130102').waitFor();
  const reloaded = page.waitForResponse((r) => r.url().includes('/api/v1/units?org=130102&subtree=1'));
  await node(page, '130102').click();
  await reloaded;
  const county = (await api.get('/api/v1/units?org=130102&subtree=1')).json.items.length;
  await page.waitForFunction((n) => (document.querySelector('[data-test="units-count"]')?.textContent || '').includes(`共 ${n} 个单位`), county);
  assert.ok(county < all + 1);
  assertClean(assert, page);
  await page.close();
});
