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

// The edit path of the same dialog: an unchanged form only closes, a bad
// phone stops at the form, a changed field is the only one sent.
test('admin edits a unit through the form: only the changed field is sent', async () => {
  const api = srv.client();
  await api.login('city_admin');
  const name = '建北街道物业纠纷人民调解委员会';
  const made = await api.post('/api/v1/units', { org: '130102001', name, kind: 'mediation_committee', phone: '0311-86005678' });
  assert.equal(made.status, 201, made.text);

  await browser.context.clearCookies(); // the first journey's session
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  const patches = [];
  page.on('request', (r) => { if (r.method() === 'PATCH' && /\/api\/v1\/units\/\d+$/.test(r.url())) patches.push(r.postDataJSON()); });
  await consoleLogin(page, srv.url, 'city_admin', PASSWORD);
  await page.getByTestId('menu-units').click();
  await page.waitForURL(`${srv.url}/console/admin/units`);
  await field(page, 'units-filter-q').fill('物业纠纷人民调解');
  const row = page.locator('[data-test="units-table"] .el-table__body tr', { hasText: name });
  await row.waitFor();
  const dialog = page.getByTestId('unit-dialog');

  // Unchanged: the dialog closes without a request or a message.
  await row.getByRole('button', { name: '编辑' }).click();
  await dialog.waitFor();
  assert.match(await dialog.locator('.el-dialog__title').innerText(), /编辑单位/);
  assert.match(await dialog.innerText(), /建北街道（乡镇/);
  assert.equal(await field(page, 'unit-form-name').inputValue(), name);
  assert.equal(await field(page, 'unit-form-phone').inputValue(), '0311-86005678');
  await page.getByTestId('unit-form-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(patches, []);
  assert.equal(await page.locator('.el-message--success').count(), 0);

  // A bad phone: the form says why and nothing is sent.
  await row.getByRole('button', { name: '编辑' }).click();
  await dialog.waitFor();
  await field(page, 'unit-form-phone').fill('电话');
  await page.getByTestId('unit-form-submit').click();
  await dialog.locator('.el-form-item__error', { hasText: '电话号码只能包含数字' }).waitFor();
  assert.deepEqual(patches, []);

  // A good one: only the phone is sent, the list shows it.
  await field(page, 'unit-form-phone').fill('0311-86009999');
  const saved = page.waitForResponse((r) => /\/api\/v1\/units\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
  await page.getByTestId('unit-form-submit').click();
  assert.equal((await saved).status(), 200);
  await page.locator('.el-message--success', { hasText: `已保存单位“${name}”` }).waitFor();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(patches, [{ phone: '0311-86009999' }]);
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-test="units-table"] .el-table__body tr')]
    .some((tr) => tr.textContent.includes(n) && tr.textContent.includes('0311-86009999')), name);
  const stored = (await api.get('/api/v1/units?org=130102001')).json.items.find((u) => u.name === name);
  assert.equal(stored.phone, '0311-86009999');

  // Opened again, the form holds the stored values and no stale error.
  await row.getByRole('button', { name: '编辑' }).click();
  await dialog.waitFor();
  assert.equal(await field(page, 'unit-form-phone').inputValue(), '0311-86009999');
  // (a cleared error leaves its empty element while it fades out)
  assert.equal(await dialog.locator('.el-form-item__error', { hasText: /\S/ }).count(), 0);
  await page.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assertClean(assert, page);
  await page.close();
});
