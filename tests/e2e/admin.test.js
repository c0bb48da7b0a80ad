// admin.test.js - the console's admin pages and 事项登记 in a real browser:
// an admin sets a time limit and reverts it, adds a reply template, a
// holiday and an adjusted working day, adds, renames and disables a
// category; a dispatcher registers a walk-in matter with a photo, the
// classifier's suggestion and the risk it finds, and gets its tracking
// number; a handler inserts the admin's template into the answer that
// resolves it.
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
// A real 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6a3e60000000049454e44ae426082', 'hex');
// Hides all but the newest message toast before a screenshot: earlier
// ones stack over the page's heading.
const calm = (page) => page.evaluate(() => {
  const all = [...document.querySelectorAll('.el-message')];
  for (const m of all.slice(0, -1)) m.style.visibility = 'hidden';
});
// Answers a popconfirm (Element Plus teleports it to the body).
const confirm = (page, text) => page.locator('.el-popconfirm:visible .el-button', { hasText: text }).click();

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
  assert.match(await row.innerText(), /自定义/);
  assert.match(await row.innerText(), /石家庄市系统管理员/, 'who changed it');
  const policy = async () => (await api.get('/api/v1/time-policies')).json.items.find((p) => p.flow === 'dispute' && !p.category);
  const stored = await policy();
  assert.equal(stored.resolve_amount, 20);
  assert.equal(stored.resolve_unit, 'working');
  await calm(page);
  await screenshot(page, 'admin-time-policies');
  // ... and back to the built-in rule.
  await page.getByTestId('policy-revert-dispute-all').click();
  const del = page.waitForResponse((r) => r.url().includes('/api/v1/time-policies/dispute') && r.request().method() === 'DELETE');
  await confirm(page, '恢复');
  assert.equal((await del).status(), 204);
  await row.filter({ hasText: '法定默认' }).waitFor();
  assert.equal((await policy()).source, 'builtin');
  assert.equal((await policy()).resolve_amount, 30);

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
  await field(page, 'tpl-filter').fill('调解');
  await page.locator('[data-test="templates-table"] tr', { hasText: '受理告知' }).waitFor({ state: 'detached' });
  await calm(page);
  await screenshot(page, 'admin-reply-templates');

  // 节假日: a rest day in 2027, shown in that year's list.
  await page.getByTestId('menu-holidays').click();
  await page.waitForURL(`${srv.url}/console/admin/holidays`);
  const addDay = async (day, kind, name) => {
    await page.getByTestId('holiday-new').click();
    await dialog.waitFor();
    await dialog.locator('.el-date-editor input').fill(day);
    await page.keyboard.press('Enter');
    await dialog.locator('.el-radio', { hasText: kind }).click();
    await field(page, 'holiday-form-name').fill(name);
    const put = page.waitForResponse((r) => r.url().includes(`/api/v1/holidays/${day}`) && r.request().method() === 'PUT');
    await page.getByTestId('holiday-form-submit').click();
    assert.equal((await put).status(), 200);
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-test="holidays-table"] tr', { hasText: day }).waitFor();
  };
  // The official 2026 calendar is there; 2027 was not published yet.
  await page.getByTestId('holiday-year').click();
  await option(page, '2026 年').click();
  await page.locator('[data-test="holidays-table"] tr', { hasText: '国庆节' }).first().waitFor();
  await page.getByTestId('holiday-year').click();
  await option(page, '2027 年').click();
  await page.getByText('2027 年尚未录入节假日').waitFor();
  await addDay('2027-01-01', '放假', '元旦');
  await addDay('2027-02-20', '调休上班', '春节调休上班'); // a Saturday
  const days = async (y) => (await api.get(`/api/v1/holidays?year=${y}`)).json.items;
  assert.deepEqual((await days(2027)).map((d) => [d.day, d.kind]), [['2027-01-01', 'rest'], ['2027-02-20', 'work']]);
  assert.match(await page.getByTestId('holidays-table').innerText(), /2027-02-20（周六）\s+调休上班/);
  await calm(page);
  await screenshot(page, 'admin-holidays');
  // Removed again.
  await page.getByTestId('holiday-remove-2027-01-01').click();
  await confirm(page, '删除');
  await page.locator('[data-test="holidays-table"] tr', { hasText: '2027-01-01' }).waitFor({ state: 'detached' });
  assert.deepEqual((await days(2027)).map((d) => d.day), ['2027-02-20']);

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
  const offered = async () => (await srv.client().get('/api/v1/categories')).json.items.find((c) => c.code === 'catering_smoke');
  assert.equal((await offered())?.flow, 'livelihood', 'offered to citizens at once');
  // Renamed, then disabled: no longer offered, still listed here.
  await page.getByTestId('category-flow-filter').locator('.el-radio-button', { hasText: '民生事项' }).click();
  await page.getByTestId('category-edit-catering_smoke').click();
  await dialog.waitFor();
  assert.equal(await field(page, 'category-form-code').isDisabled(), true, 'a code stays');
  await field(page, 'category-form-name').fill('餐饮油烟扰民');
  // 公开: Open311 clients may read it without a key (环境污染 is public from the start).
  assert.equal(await page.getByTestId('category-form-public').locator('input').isChecked(), false);
  await page.getByTestId('category-form-public').click();
  await page.getByTestId('category-form-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  const catRow = page.locator('[data-test="categories-table"] .el-table__body tr', { hasText: 'catering_smoke' }).first();
  await catRow.filter({ hasText: '餐饮油烟扰民' }).waitFor();
  assert.equal((await offered())?.name, '餐饮油烟扰民');
  await page.getByTestId('category-public-catering_smoke').waitFor();
  await page.getByTestId('category-public-environment').waitFor();
  assert.equal(await page.getByTestId('category-public-public_security').count(), 0, '治安隐患 is not public');
  await page.getByTestId('category-toggle-catering_smoke').click();
  await catRow.filter({ hasText: '停用' }).locator('.el-tag', { hasText: '停用' }).waitFor();
  assert.equal(await offered(), undefined, 'a disabled category is not offered');
  const all = (await api.get('/api/v1/admin/categories')).json.items.find((c) => c.code === 'catering_smoke');
  assert.equal(all.active, false);
  assert.equal(all.public, true, 'the switch saved public');
  assert.match(await page.getByTestId('categories-table').innerText(), /环境污染/, 'the filter shows the flow\'s categories');
  await calm(page);
  await screenshot(page, 'admin-categories');
  assertClean(assert, page);
  await page.close();
});

test('a dispatcher registers a walk-in matter; a handler resolves it with a reply template', async () => {
  const d = await staff('town_dispatcher');
  await d.getByTestId('menu-case-new').click();
  await d.waitForURL(`${srv.url}/console/cases/new`);
  // Nothing filled in: the form says what is missing, in Chinese.
  await d.getByTestId('case-new-submit').click();
  for (const m of ['请选择事发地点', '请填写诉求内容', '请选择事项类别', '请填写反映人姓名', '请填写联系电话']) {
    await d.locator('.el-form-item__error', { hasText: m }).waitFor();
  }
  await d.getByTestId('case-new-org').click();
  await d.locator('.fq-org-popper:visible [data-code="130102001001"]').click();
  await field(d, 'case-new-title').fill('工地拖欠工资');
  await d.locator('textarea[data-test="case-new-description"]').fill(
    '来访人称在建北街道一处工地干了三个月，包工头一直拖着不给工钱，十几个工友商量要去拉横幅。');
  // The suggestion follows the text: 拖欠工资, and the risk words.
  await d.getByTestId('case-new-suggested-category').filter({ hasText: '拖欠工资' }).waitFor();
  assert.match(await d.getByTestId('case-new-risk').innerText(), /拉横幅/);
  // The banner names the kind of risk in Chinese (十几个工友 … 拉横幅: group action).
  assert.match(await d.getByTestId('case-new-risk-kinds').innerText(), /群体性风险/);
  assert.match(await d.getByTestId('case-new-category').innerText(), /拖欠工资/, 'the suggestion fills an empty category');
  assert.equal((await d.getByTestId('case-new-suggested-flow').innerText()).trim(), '民间纠纷');
  assert.equal((await d.getByTestId('case-new-suggested-priority').innerText()).trim(), '高');
  assert.equal((await d.getByTestId('case-new-risk-tag').innerText()).trim(), '高风险');
  assert.match(await d.getByTestId('case-new-priority').locator('.is-active').innerText(), /高/, 'the priority follows the risk');
  await field(d, 'case-new-address').fill('建设北大街 12 号院工地');
  await field(d, 'case-new-name').fill('赵铁柱');
  await field(d, 'case-new-phone').fill('13700001111');
  const up = d.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST');
  await d.getByTestId('case-new-files').locator('input[type=file]')
    .setInputFiles({ name: '工地现场.png', mimeType: 'image/png', buffer: PNG });
  assert.equal((await up).status(), 201);
  await d.locator('[data-test="case-new-files"] .el-upload-list__item.is-success', { hasText: '工地现场.png' }).waitFor();
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
  await d.getByTestId('case-attachments').waitFor();
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const stored = (await disp.get(`/api/v1/cases/${id}`)).json;
  assert.equal(stored.channel, 'walk_in');
  assert.equal(stored.priority, 'high');
  assert.equal(stored.risk, 'high');
  assert.equal(stored.attachments.length, 1);
  assert.match(await d.getByTestId('case-tracking-no').innerText(), new RegExp(no));
  assert.match(await d.getByTestId('case-title').innerText(), /工地拖欠工资/);
  assertClean(assert, d);
  await d.close();

  // Dispatched to the 司法所 through the API; the handler accepts and resolves in the page.
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

test('a county admin reads the time limits; a handler reads the reply templates', async () => {
  const p = await staff('county_admin');
  await p.getByTestId('menu-time-policies').click();
  await p.waitForURL(`${srv.url}/console/admin/time-policies`);
  await p.locator('[data-test="policies-table"] .el-table__body tr', { hasText: '信访事项' }).first().waitFor();
  assert.equal(await p.getByTestId('policy-new').count(), 0, 'only a city admin changes the limits');
  assert.equal(await p.locator('[data-test^="policy-edit-"]').count(), 0);
  await p.getByTestId('settings-readonly').getByText('只有最高一级机构（市级或省级）的系统管理员可以修改').waitFor();
  await screenshot(p, 'admin-time-policies-readonly');
  assertClean(assert, p);
  await p.close();

  const h = await staff('town_handler');
  await h.getByTestId('menu-reply-templates').click();
  await h.waitForURL(`${srv.url}/console/admin/reply-templates`);
  await h.locator('[data-test="templates-table"] .el-table__body tr', { hasText: '受理告知' }).waitFor();
  assert.equal(await h.getByTestId('tpl-new').count(), 0);
  assert.doesNotMatch(await h.getByTestId('templates-table').innerText(), /修改|删除/);
  await screenshot(h, 'admin-reply-templates-readonly');
  assertClean(assert, h);
  await h.close();
});
