// admin.test.js - the console's admin pages and 事项登记 in a real browser:
// an admin sets a time limit, adds a reply template, a holiday and a
// category; a dispatcher registers a walk-in matter with the classifier's
// suggestion and gets its tracking number; a handler inserts the admin's
// template into the answer that resolves it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, consoleLogin, assertClean } from './browser.js';

let srv;
const opened = [];
before(async () => {
  srv = await startServer();
});
after(async () => {
  for (const b of opened) await b.close();
  await srv?.stop();
});

const option = (page, text) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first();
// Each user in a browser of their own: sessions are cookies.
const staff = async (username) => {
  const browser = await openBrowser();
  opened.push(browser);
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, username, PASSWORD);
  return page;
};
const TEMPLATE = '已约定于下周二上午九时在建北街道司法所调解室组织双方调解，请准时参加。';

test('admin edits a time limit, a reply template, a holiday and a category', async () => {
  const api = srv.client();
  await api.login('city_admin');
  const page = await staff('city_admin');

  // 办理时限: 民间纠纷 resolve limit 30 -> 20 working days, then back.
  await page.getByTestId('menu-time-policies').click();
  await page.waitForURL(`${srv.url}/console/admin/time-policies`);
  await page.getByTestId('policy-edit-dispute-all').click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  await field(page, 'policy-form-resolve').fill('20');
  await dialog.locator('.el-radio-button', { hasText: '工作日' }).nth(1).click();
  const put = page.waitForResponse((r) => r.url().includes('/api/v1/time-policies/dispute') && r.request().method() === 'PUT');
  await page.getByTestId('policy-form-submit').click();
  assert.equal((await put).status(), 200);
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('[data-test="policies-table"] .el-table__body tr', { hasText: '民间纠纷' }).first();
  await row.filter({ hasText: '20 个工作日' }).waitFor();
  assert.match(await row.innerText(), /本平台设置/);
  const stored = (await api.get('/api/v1/time-policies')).json.items.find((p) => p.flow === 'dispute' && !p.category);
  assert.equal(stored.resolve_amount, 20);
  assert.equal(stored.resolve_unit, 'working');
  await screenshot(page, 'admin-time-policies');

  // 常用语: a platform-wide template.
  await page.getByTestId('menu-reply-templates').click();
  await page.waitForURL(`${srv.url}/console/admin/reply-templates`);
  await page.getByTestId('tpl-new').click();
  await dialog.waitFor();
  await field(page, 'tpl-form-title').fill('调解时间地点告知');
  await page.locator('textarea[data-test="tpl-form-body"]').fill(TEMPLATE);
  await dialog.locator('.el-radio', { hasText: '全平台通用' }).click();
  const post = page.waitForResponse((r) => r.url().endsWith('/api/v1/reply-templates') && r.request().method() === 'POST');
  await page.getByTestId('tpl-form-submit').click();
  assert.equal((await post).status(), 201);
  await page.locator('[data-test="templates-table"] tr', { hasText: '调解时间地点告知' }).waitFor();
  await screenshot(page, 'admin-reply-templates');

  // 节假日: a rest day in 2027, shown in that year's list.
  await page.getByTestId('menu-holidays').click();
  await page.waitForURL(`${srv.url}/console/admin/holidays`);
  await page.getByTestId('holiday-new').click();
  await dialog.waitFor();
  await dialog.locator('.el-date-editor input').fill('2027-01-01');
  await page.keyboard.press('Enter');
  await field(page, 'holiday-form-name').fill('元旦');
  const hol = page.waitForResponse((r) => r.url().includes('/api/v1/holidays/2027-01-01') && r.request().method() === 'PUT');
  await page.getByTestId('holiday-form-submit').click();
  assert.equal((await hol).status(), 200);
  await page.locator('[data-test="holidays-table"] tr', { hasText: '2027-01-01' }).waitFor();
  assert.equal((await api.get('/api/v1/holidays?year=2027')).json.items.find((d) => d.day === '2027-01-01')?.kind, 'rest');
  await screenshot(page, 'admin-holidays');

  // 分类管理: a new 民生 category, offered to citizens at once.
  await page.getByTestId('menu-categories').click();
  await page.waitForURL(`${srv.url}/console/admin/categories`);
  await page.getByTestId('category-new').click();
  await dialog.waitFor();
  await field(page, 'category-form-name').fill('餐饮油烟');
  await field(page, 'category-form-code').fill('catering_smoke');
  await page.getByTestId('category-form-flow').click();
  await option(page, '民生事项').click();
  const cat = page.waitForResponse((r) => r.url().endsWith('/api/v1/categories') && r.request().method() === 'POST');
  await page.getByTestId('category-form-submit').click();
  assert.equal((await cat).status(), 201);
  await page.locator('[data-test="categories-table"] tr', { hasText: 'catering_smoke' }).waitFor();
  const pub = (await srv.client().get('/api/v1/categories')).json.items;
  assert.ok(pub.some((c) => c.code === 'catering_smoke' && c.flow === 'livelihood'));
  await screenshot(page, 'admin-categories');
  assertClean(assert, page);
  await page.close();
});

test('a dispatcher registers a walk-in matter; a handler resolves it with a reply template', async () => {
  const d = await staff('town_dispatcher');
  await d.getByTestId('menu-case-new').click();
  await d.waitForURL(`${srv.url}/console/cases/new`);
  await d.getByTestId('case-new-org').click();
  await d.locator('.fq-org-popper:visible [data-code="130102001001"]').click();
  await field(d, 'case-new-title').fill('工地拖欠工资');
  await d.locator('textarea[data-test="case-new-description"]').fill(
    '来访人称在建北街道一处工地干了三个月，包工头一直拖着不给工钱，十几个工友商量要去拉横幅。');
  // The suggestion follows the text: 拖欠工资, and the risk words.
  await d.getByTestId('case-new-suggested-category').filter({ hasText: '拖欠工资' }).waitFor();
  assert.match(await d.getByTestId('case-new-risk').innerText(), /拉横幅/);
  assert.match(await d.getByTestId('case-new-category').innerText(), /拖欠工资/, 'the suggestion fills an empty category');
  await field(d, 'case-new-name').fill('赵铁柱');
  await field(d, 'case-new-phone').fill('13700001111');
  await screenshot(d, 'case-new-form', { fullPage: true });
  const made = d.waitForResponse((r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST');
  await d.getByTestId('case-new-submit').click();
  const res = await made;
  assert.equal(res.status(), 201);
  const { id, tracking_no: no } = await res.json();
  assert.equal((await d.getByTestId('case-new-tracking').innerText()).trim(), no);
  assert.match((await d.getByTestId('case-new-query-code').innerText()).trim(), /^[A-Z0-9]{6,12}$/);
  await screenshot(d, 'case-new-done');
  await d.getByTestId('case-new-open').click();
  await d.getByTestId('case-description').waitFor();
  assert.match(await d.getByTestId('case-tracking-no').innerText(), new RegExp(no));
  assert.match(await d.getByTestId('case-title').innerText(), /工地拖欠工资/);
  assertClean(assert, d);
  await d.close();

  // Dispatched to the 司法所 through the API; the handler accepts and resolves in the page.
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const units = (await disp.get('/api/v1/units?org=130102001')).json.items;
  const office = units.find((u) => u.kind === 'justice_office');
  assert.equal((await disp.post(`/api/v1/cases/${id}/actions`, { action: 'classify', flow: 'dispute', category: 'wage_arrears' })).status, 200);
  assert.equal((await disp.post(`/api/v1/cases/${id}/actions`, { action: 'dispatch', unit_id: office.id })).status, 200);
  const admin = srv.client();
  await admin.login('city_admin');
  assert.equal((await admin.post('/api/v1/reply-templates', { org_code: null, title: '调解安排', body: TEMPLATE })).status, 201);

  const h = await staff('town_handler');
  await h.goto(`${srv.url}/console/cases/${id}`);
  await h.getByTestId('act-accept').click();
  await h.getByTestId('act-submit').click();
  await h.getByTestId('case-status').filter({ hasText: '办理中' }).waitFor();
  await h.getByTestId('act-resolve').click();
  await h.getByTestId('act-outcome').click();
  await option(h, '调解成功').click();
  await h.locator('textarea[data-test="act-summary"]').fill('双方同意调解。');
  await h.getByTestId('tpl-summary').click();
  await h.locator('[data-test="tpl-item"][data-title="调解安排"]').click();
  const text = await h.locator('textarea[data-test="act-summary"]').inputValue();
  assert.ok(text.includes('双方同意调解。') && text.includes(TEMPLATE), `the template was inserted: ${text}`);
  await screenshot(h, 'case-new-handler-template');
  await h.getByTestId('act-submit').click();
  await h.getByTestId('case-status').filter({ hasText: '已办结' }).waitFor();
  assert.ok((await h.getByTestId('case-summary').innerText()).includes(TEMPLATE));
  assert.match(no, /^130102-\d{8}-\d{5}$/);
  assertClean(assert, h);
  await h.close();
});
