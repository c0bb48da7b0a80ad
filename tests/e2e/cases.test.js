// cases.test.js - a matter's whole journey through the browser: a citizen
// submits on a 375×812 phone (from a grid's 平安码, with a photo, and a text
// carrying <script> and <img onerror>), a township dispatcher sends it from
// the 待分流 queue with one click, the 司法所 handler accepts and resolves it
// with the signed agreement attached (shown in the timeline and with the
// case's files), the citizen reads the result in plain words and rates it. A grid worker
// reports from patrol; a handler of another township cannot open the case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean, consoleLogin } from './browser.js';

const GRID = '130102001001001'; // town_grid_worker's grid in 棉一东社区, 建北街道
const XSS_TITLE = '<script>alert("t")</script>工地欠薪';
const XSS_TEXT = '我在工地干了三个月，老板一直拖欠工资两万三千元。<img src=x onerror="alert(1)"><script>alert(2)</script>';
// A 1×1 PNG: the server sniffs the type from the content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let srv;
let phone;
let desk;
const opened = [];
before(async () => {
  srv = await startServer();
  phone = await openBrowser({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
});
after(async () => {
  for (const b of opened) await b.close();
  await phone?.close();
  await srv?.stop();
});

// A fresh desktop browser (its own cookies) for each staff member.
async function staff(username, allow = []) {
  desk = await openBrowser();
  opened.push(desk);
  const page = await watchedPage(desk.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }, ...allow]);
  page.on('dialog', (d) => { page.problems.push(`a dialog opened: ${d.message()}`); d.dismiss(); });
  await consoleLogin(page, srv.url, username, PASSWORD);
  return page;
}
const option = (page, text) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first();
// No element the user's text could have created.
async function assertInert(page) {
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no <img> from user text');
  assert.equal(await page.evaluate(() => [...document.scripts].some((s) => s.textContent.includes('alert('))), false, 'no <script> from user text');
}
async function pickVant(page, testId, text) {
  await page.getByTestId(testId).click();
  const col = page.locator('.van-popup:visible .van-picker-column__item', { hasText: text }).first();
  await col.click();
  await page.waitForTimeout(400); // the column's scroll settles
  await page.locator('.van-popup:visible .van-picker__confirm').click();
  await page.locator('.van-popup:visible').waitFor({ state: 'hidden' });
}

test('citizen → dispatcher → handler → citizen rates; the user text stays text', async () => {
  const api = srv.client();
  await api.login('town_handler');
  const handlerUnit = (await api.get('/api/v1/me')).json.unit;
  assert.ok(handlerUnit, 'town_handler belongs to a unit');

  // 1. The citizen scans the grid's 平安码 and submits on the phone.
  const m = await watchedPage(phone.context, srv.url);
  m.on('dialog', (d) => { m.problems.push(`a dialog opened: ${d.message()}`); d.dismiss(); });
  await m.goto(`${srv.url}/m/`);
  await m.getByTestId('entry-submit').click();
  await m.waitForURL(`${srv.url}/m/submit`);
  await m.getByTestId('place-hint').waitFor(); // without a 平安码 the place is chosen level by level
  await m.getByTestId('place-picker').click();
  const popup = m.getByTestId('place-popup');
  for (const name of ['长安区', '建北街道', '棉一东社区居民委员会', '第1网格']) {
    await popup.getByText(name, { exact: true }).click();
  }
  await popup.waitFor({ state: 'hidden' });
  assert.match(await field(m, 'place-picker').inputValue(), /长安区 \/ 建北街道 \/ 棉一东社区居民委员会 \/ 第1网格/);
  await screenshot(m, 'case-0-place-picker');
  await m.goto(`${srv.url}/m/submit?grid=${GRID}`);
  await m.getByTestId('place-grid').waitFor();
  assert.match(await m.getByTestId('place-grid').innerText(), new RegExp(GRID));
  await pickVant(m, 'mf-category', '拖欠工资');
  await field(m, 'mf-title').fill(XSS_TITLE);
  await m.getByTestId('mf-description').locator('textarea').fill(XSS_TEXT);
  await field(m, 'mf-name').fill('王建国');
  await field(m, 'mf-phone').fill('13812345678');
  const uploaded = m.waitForResponse((r) => r.url().endsWith('/api/v1/public/attachments'));
  await m.getByTestId('mf-photos').locator('input[type=file]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PNG });
  assert.equal((await uploaded).status(), 201);
  await m.locator('.van-uploader__preview').first().waitFor();
  const width = await m.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `form is ${width}px wide`);
  await screenshot(m, 'case-1-citizen-form', { fullPage: true });
  const posted = m.waitForResponse((r) => r.url().includes('/api/v1/public/cases') && r.request().method() === 'POST');
  await m.getByTestId('mf-submit').click();
  const resp = await posted;
  assert.equal(resp.status(), 201);
  assert.match(resp.url(), new RegExp(`grid=${GRID}`));
  const sent = resp.request().postDataJSON();
  assert.equal(sent.attachments.length, 1, 'the photo goes with the case');
  assert.match(sent.attachments[0], /^[A-Za-z0-9_-]{43}$/, 'by its upload receipt, not its SHA-256');
  await m.getByTestId('receipt').waitFor();
  const no = (await m.getByTestId('receipt-no').innerText()).trim();
  const code = (await m.getByTestId('receipt-code').innerText()).trim();
  assert.match(no, /^130102-\d{8}-\d{5}$/);
  assert.ok(code.length >= 6);
  await screenshot(m, 'case-2-citizen-receipt');
  const id = (await resp.json()).id;

  // 2. The township dispatcher sends it from 待分流 with one click.
  const d = await staff('town_dispatcher');
  await d.getByTestId('menu-case-todo').click();
  await d.getByTestId('triage-table').waitFor();
  const row = d.locator('[data-test="triage-table"] .el-table__body tr', { hasText: no });
  await row.waitFor();
  assert.match(await d.getByTestId(`suggest-${id}`).innerText(), /民间纠纷/);
  assert.match(await row.innerText(), /<script>alert\("t"\)<\/script>工地欠薪/, 'the title is shown as text');
  await d.getByTestId(`unit-${id}`).click();
  // The ranking and its reasons come from the server (unit-suggestions).
  assert.match(await option(d, handlerUnit.name).innerText(), /类事项|负责事发地/);
  await option(d, handlerUnit.name).click();
  assert.match(await d.getByTestId(`unit-${id}`).innerText(), new RegExp(handlerUnit.name));
  await screenshot(d, 'case-3-dispatcher-triage');
  await d.getByTestId(`dispatch-${id}`).click();
  await d.locator('.el-message--success', { hasText: no }).waitFor();
  await row.waitFor({ state: 'detached' });
  // The case page: the user's text as text, the timeline, what the dispatcher may still do.
  await d.goto(`${srv.url}/console/cases/${id}`);
  await d.getByTestId('case-description').waitFor();
  assert.equal((await d.getByTestId('case-description').innerText()).trim(), XSS_TEXT);
  assert.equal((await d.getByTestId('case-title').innerText()).trim(), XSS_TITLE);
  assert.match(await d.getByTestId('case-status').innerText(), /已派单/);
  assert.match(await d.getByTestId('case-parties').innerText(), /138\*\*\*\*5678/, 'the dispatcher sees the phone masked');
  assert.equal(await d.getByTestId('act-dispatch').count(), 0, 'no dispatch once dispatched');
  await d.getByTestId('case-attachments').locator('img').first().waitFor();
  await assertInert(d);
  await screenshot(d, 'case-4-dispatcher-detail', { fullPage: true });
  assertClean(assert, d);

  // 3. The 司法所 handler accepts from 待签收 and resolves on the case page.
  const h = await staff('town_handler');
  await h.getByTestId('menu-case-todo').click();
  await h.getByTestId(`accept-${id}`).click();
  await h.locator('.el-message--success', { hasText: no }).waitFor();
  await h.getByTestId('tab-handling').click();
  await h.getByTestId(`case-link-${id}`).click();
  await h.getByTestId('case-description').waitFor();
  assert.match(await h.getByTestId('case-status').innerText(), /办理中/);
  assert.match(await h.getByTestId('case-parties').innerText(), /13812345678/, 'the handling unit sees the phone');
  const acts = await h.getByTestId('case-actions').innerText();
  for (const a of ['办结', '调解', '上报', '联办', '延期']) assert.match(acts, new RegExp(a));
  assert.doesNotMatch(acts, /派单|分流/);
  await h.getByTestId('act-resolve').click();
  await h.getByTestId('act-outcome').click();
  await option(h, '调解成功').click();
  const summary = '经调解，老板同意12月底前分两期付清欠薪。<b>不是粗体</b>';
  await h.locator('textarea[data-test="act-summary"]').fill(summary);
  // The signed agreement goes with the resolution.
  const added = h.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST');
  await h.getByTestId('act-files').locator('input[type=file]')
    .setInputFiles({ name: '调解协议.pdf', mimeType: 'application/pdf', buffer: PDF });
  assert.equal((await added).status(), 201);
  await h.locator('[data-test="act-files"] .el-upload-list__item.is-success', { hasText: '调解协议.pdf' }).waitFor();
  await screenshot(h, 'case-5-handler-resolve');
  await h.getByTestId('act-submit').click();
  await h.locator('.el-message--success', { hasText: '办结成功' }).waitFor();
  await h.getByTestId('case-status').filter({ hasText: '已办结' }).waitFor();
  assert.equal((await h.getByTestId('case-summary').innerText()).trim(), summary);
  const tl = await h.getByTestId('case-timeline').innerText();
  for (const a of ['登记', '分流', '派单', '签收', '办结']) assert.match(tl, new RegExp(a));
  assert.match(await h.getByTestId('timeline-verified').innerText(), /校验通过/);
  // The file added later: on the case and in the 办结 entry, both linking to it.
  const later = h.getByTestId('event-attachments');
  await later.waitFor();
  assert.match(await later.innerText(), /PDF 文件 1/);
  const href = await later.locator('a').first().getAttribute('href');
  assert.match(href, new RegExp(`^/api/v1/cases/${id}/attachments/[0-9a-f]{64}$`));
  assert.equal(await h.getByTestId('case-attachments').locator(`a[href="${href}"]`).count(), 1, 'listed with the case\'s files');
  assert.equal(await h.getByTestId('case-attachments').locator('a').count(), 2);
  const pdf = await h.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type')]; }, href);
  assert.deepEqual(pdf, [200, 'application/pdf']);
  await assertInert(h);
  await screenshot(h, 'case-6-handler-resolved', { fullPage: true });
  assertClean(assert, h);

  // 4. The citizen follows the receipt's link, reads the result and rates it.
  await m.getByTestId('receipt-track').click();
  await m.waitForURL(/\/m\/track\?/);
  await m.getByTestId('track-status').filter({ hasText: '已办结' }).waitFor();
  assert.equal((await m.getByTestId('track-summary').innerText()).trim(), summary);
  assert.equal((await m.getByTestId('track-description').innerText()).trim(), XSS_TEXT);
  const words = await m.getByTestId('track-timeline').innerText();
  assert.match(words, /已交由.*司法所办理/);
  assert.match(words, /已办结：调解成功/);
  await m.getByTestId('rate-满意').click();
  await m.getByTestId('rate-comment').locator('textarea').fill('感谢司法所');
  await screenshot(m, 'case-7-citizen-result', { fullPage: true });
  const rated = m.waitForResponse((r) => r.url().endsWith('/rating'));
  await m.getByTestId('rate-submit').click();
  assert.equal((await rated).status(), 200);
  await m.getByTestId('track-satisfaction').filter({ hasText: '满意' }).waitFor();
  assert.equal(await m.getByTestId('rate-submit').count(), 0, 'rated once');
  await assertInert(m);
  const w2 = await m.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w2 <= 375, `track page is ${w2}px wide`);
  await m.locator('.van-toast').first().waitFor({ state: 'hidden' });
  await screenshot(m, 'case-8-citizen-rated', { fullPage: true });
  assertClean(assert, m);

  const after = (await api.get(`/api/v1/cases/${id}`)).json;
  assert.equal(after.satisfaction, '满意');
  assert.deepEqual(after.timeline.map((e) => e.action), ['register', 'classify', 'dispatch', 'accept', 'resolve', 'rate']);
  await m.close();
});

test('a grid worker reports from patrol and sees the report in the list', async () => {
  const m = await watchedPage(phone.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await m.goto(`${srv.url}/m/grid/login`);
  await field(m, 'grid-username').fill('town_grid_worker');
  await field(m, 'grid-password').fill(PASSWORD);
  await m.getByTestId('grid-login-submit').click();
  await m.waitForURL(/\/m\/grid\/?$/);
  await m.getByTestId('grid-report').click();
  await m.getByTestId('report-grid').waitFor();
  assert.match(await m.getByTestId('report-grid').innerText(), new RegExp(GRID));
  await pickVant(m, 'mf-category', '公共设施');
  await field(m, 'mf-title').fill('小区东门路灯损坏');
  await m.getByTestId('mf-description').locator('textarea').fill('巡查发现小区东门两盏路灯损坏，晚上一片漆黑，老人出行不便。');
  await field(m, 'mf-name').fill('李大妈');
  await field(m, 'mf-phone').fill('13900001111');
  await screenshot(m, 'grid-1-report-form', { fullPage: true });
  const posted = m.waitForResponse((r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST');
  await m.getByTestId('mf-submit').click();
  const resp = await posted;
  assert.equal(resp.status(), 201);
  const { tracking_no: no, id } = await resp.json();
  assert.deepEqual([resp.request().postDataJSON().channel, resp.request().postDataJSON().org], ['grid', GRID]);
  await m.waitForURL(/\/m\/grid\/?\?new=/);
  const item = m.getByTestId(`grid-report-${no}`);
  await item.waitFor();
  assert.match(await item.innerText(), /小区东门路灯损坏/);
  assert.match(await item.innerText(), /已登记/);
  await m.locator('.van-toast').first().waitFor({ state: 'hidden' });
  await screenshot(m, 'grid-2-my-reports', { fullPage: true });
  await item.click();
  await m.getByTestId('grid-case').waitFor();
  assert.match(await m.getByTestId('grid-case-status').innerText(), /已登记/);
  const w = await m.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 375, `grid case page is ${w}px wide`);
  await screenshot(m, 'grid-3-case', { fullPage: true });
  const c = (await (async () => { const a = srv.client(); await a.login('town_dispatcher'); return a.get(`/api/v1/cases/${id}`); })()).json;
  assert.equal(c.channel, 'grid');
  assert.equal(c.org, GRID);
  assertClean(assert, m);
  await m.close();
});

test('a handler of another township cannot open the case', async () => {
  const citizen = srv.client();
  const sub = await citizen.post(`/api/v1/public/cases?grid=${GRID}`, {
    category: 'neighbor', description: '楼上邻居每天深夜跺脚拖椅子，沟通多次无果。', applicant: { name: '赵女士', phone: '13711112222' },
  });
  assert.equal(sub.status, 201, sub.text);
  const admin = srv.client();
  await admin.login('county_admin');
  const r = await admin.post('/api/v1/users', { username: 'qy_handler_e2e', password: 'Qingyuan#2026', role: 'handler', org: '130102002' });
  assert.equal(r.status, 201, r.text);
  const own = await srv.client().firstLogin('qy_handler_e2e', 'Qingyuan#2026');

  const b = await openBrowser();
  opened.push(b);
  const page = await watchedPage(b.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }, { status: 404, url: /\/api\/v1\/cases\/\d+$/ }]);
  await consoleLogin(page, srv.url, 'qy_handler_e2e', own);
  await page.goto(`${srv.url}/console/cases/${sub.json.id}`);
  await page.getByTestId('case-missing').waitFor();
  assert.equal(await page.getByTestId('case-description').count(), 0);
  assert.doesNotMatch(await page.locator('body').innerText(), /楼上邻居|赵女士|13711112222/);
  assert.ok(page.expectedErrors.length >= 1, 'the API answered 404');
  // Nor is it in the list.
  await page.getByTestId('menu-case-list').click();
  await page.getByTestId('cases-count').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-test="cases-table"] .el-loading-mask'));
  assert.doesNotMatch(await page.getByTestId('cases-table').innerText(), new RegExp(sub.json.tracking_no));
  await screenshot(page, 'case-9-other-township');
  assertClean(assert, page);
  await page.close();
});
