// grid_day.test.js - a grid worker's day on a 375×812 phone under
// /m/grid/: login → 我的任务 (the village's screening task among them) →
// the screening reported all clear → a patrol log with households of the
// grid (first sent offline: a Chinese message, the form kept) → a matter
// reported from the patrol → a new tenant in a house and a vacated house.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';
import { idNumber } from '../http/idgen.js';

const GRID = '130102001001001';
let srv;
let browser;
before(async () => {
  srv = await startServer();
  const r = await srv.client().post('/api/v1/test/clock', { now: '2027-03-01T08:00:00+08:00' });
  assert.equal(r.status, 200, r.text);
  browser = await openBrowser({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function pickVant(page, testId, text) {
  await page.getByTestId(testId).click();
  await page.locator('.van-popup:visible .van-picker-column__item', { hasText: text }).first().click();
  await page.waitForTimeout(400);
  await page.locator('.van-popup:visible .van-picker__confirm').click();
  // (a toast may still be showing: only the picker's popup is waited for)
  await page.locator('.van-popup:has(.van-picker):visible').waitFor({ state: 'hidden' });
}

const narrow = async (page) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
};

test('375×812: a grid worker\'s day: tasks, screening, patrol, report from patrol, base-data updates', async () => {
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  const c = srv.client();
  await c.login('town_grid_worker');

  // login → my tasks
  await page.goto(`${srv.url}/m/grid/login`);
  await field(page, 'grid-username').fill('town_grid_worker');
  await field(page, 'grid-password').fill(PASSWORD);
  await page.getByTestId('grid-login-submit').click();
  await page.waitForURL(/\/m\/grid\/?$/);
  await page.getByTestId('grid-tasks').click();
  await page.waitForURL(/\/m\/grid\/tasks$/);
  const task = (await c.get('/api/v1/screenings?period=2027-03-01')).json.items.find((t) => t.org === '130102001001');
  assert.ok(task && task.allowed_actions.includes('report'), 'the village\'s day task is open');
  await page.getByTestId(`task-screening-${task.id}`).waitFor();
  await screenshot(page, 'mobile-grid-tasks', { fullPage: true });
  await narrow(page);

  // the screening task, from the list
  await page.getByTestId(`task-screening-${task.id}`).click();
  await page.waitForURL(/\/m\/grid\/screenings$/);
  await page.getByTestId(`scr-m-clear-${task.id}`).click();
  await page.getByTestId(`scr-m-${task.id}`).waitFor({ state: 'detached' });
  assert.equal((await c.get(`/api/v1/screenings/${task.id}`)).json.status, 'reported');

  // a patrol with two households of the grid
  await page.goto(`${srv.url}/m/grid/patrol`);
  const hh = (await c.get(`/api/v1/households?grid=${GRID}&limit=2`)).json.items;
  assert.equal(hh.length, 2);
  await page.getByTestId(`patrol-hh-${hh[0].id}`).click();
  await page.getByTestId(`patrol-hh-${hh[1].id}`).click();
  // Times before the server's now (08:00 in China), whatever the browser's zone.
  await field(page, 'patrol-start').fill('2027-02-28T20:00');
  await field(page, 'patrol-end').fill('2027-02-28T22:00');
  const notes = '走访两户，一户反映楼上漏水，邻里有争执。';
  await page.getByTestId('patrol-notes').locator('textarea').fill(notes);
  await screenshot(page, 'mobile-grid-patrol', { fullPage: true });
  await narrow(page);
  // offline: a Chinese message, the form kept
  await browser.context.setOffline(true);
  await page.getByTestId('patrol-submit').click();
  await page.getByTestId('patrol-error').waitFor();
  assert.match(await page.getByTestId('patrol-error').innerText(), /网络不可用/);
  assert.equal(await page.getByTestId('patrol-notes').locator('textarea').inputValue(), notes, 'the form is kept');
  await browser.context.setOffline(false);
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/patrols') && r.request().method() === 'POST');
  await page.getByTestId('patrol-submit').click();
  const resp = await posted;
  assert.equal(resp.status(), 201, await resp.text());
  const patrol = await resp.json();
  await page.getByTestId('patrol-saved').waitFor();
  assert.equal(await page.getByTestId('patrol-saved-households').innerText().then((t) => t.includes('2')), true);
  const stored = (await c.get(`/api/v1/patrols/${patrol.id}`)).json;
  assert.deepEqual(stored.households.map((h) => h.id).sort(), [hh[0].id, hh[1].id].sort());
  assert.equal(stored.notes, notes);

  // a matter reported from the patrol
  await page.getByTestId('patrol-report').click();
  await page.waitForURL(/\/m\/grid\/patrols\/\d+\/report$/);
  await pickVant(page, 'mf-category', '邻里纠纷');
  await field(page, 'mf-title').fill('楼上漏水邻里争执');
  await page.getByTestId('mf-description').locator('textarea').fill('3号楼楼上住户卫生间漏水，楼下住户多次交涉未果，双方情绪激动。');
  await field(page, 'mf-name').fill('刘桂芝');
  await field(page, 'mf-phone').fill('13822224444');
  const filed = page.waitForResponse((r) => r.url().includes(`/api/v1/patrols/${patrol.id}/reports`));
  await page.getByTestId('mf-submit').click();
  const fr = await filed;
  assert.equal(fr.status(), 201, await fr.text());
  const kase = await fr.json();
  await page.waitForURL(/\/m\/grid\/cases\/\d+$/);
  const filedCase = (await c.get(`/api/v1/cases/${kase.id}`)).json;
  assert.equal(filedCase.channel, 'grid');
  assert.ok(JSON.stringify(filedCase.parties || filedCase).includes('刘桂芝'), 'the citizen is the applicant');
  assert.deepEqual((await c.get(`/api/v1/patrols/${patrol.id}`)).json.cases.map((x) => x.id), [kase.id]);

  // base-data updates: a new tenant, then the house vacated
  const house = await c.post('/api/v1/houses', { grid: GRID, address: '棉一东社区巡查路18号', use: '自住' });
  assert.equal(house.status, 201, house.text);
  await page.goto(`${srv.url}/m/grid/houses`);
  await field(page, 'houses-search').fill('巡查路18号');
  await page.getByTestId(`house-${house.json.id}`).click();
  await field(page, 'tenant-name').fill('赵租客');
  await field(page, 'tenant-id').fill(idNumber('13010219900101003'));
  await field(page, 'tenant-phone').fill('13900001111');
  await screenshot(page, 'mobile-grid-tenant');
  await page.getByTestId('tenant-submit').click();
  await page.locator('.van-action-sheet:visible').waitFor({ state: 'hidden' });
  await page.getByTestId(`house-use-${house.json.id}`).filter({ hasText: '出租' }).waitFor();
  let h = (await c.get(`/api/v1/houses/${house.json.id}`)).json;
  assert.equal(h.use, '出租');
  assert.equal(h.tenant_ids.length, 1);
  await page.getByTestId(`house-${house.json.id}`).click();
  await page.getByTestId('house-vacate').click();
  await page.locator('.van-dialog__confirm').click();
  await page.getByTestId(`house-use-${house.json.id}`).filter({ hasText: '空置' }).waitFor();
  h = (await c.get(`/api/v1/houses/${house.json.id}`)).json;
  assert.equal(h.use, '空置');
  assert.ok(!h.tenant_ids || h.tenant_ids.length === 0);
  await narrow(page);

  // the day counts in the assessment
  const me = (await c.get('/api/v1/me')).json;
  const leader = srv.client();
  await leader.login('county_leader');
  const rank = await leader.get('/api/v1/stats/rankings?org=130102001&from=2027-02-28&to=2027-03-01&kind=grid_worker');
  assert.equal(rank.status, 200, rank.text);
  const mine = rank.json.items.find((x) => x.user_id === me.id);
  assert.equal(mine.households_visited, 2, 'the patrol\'s two households');
  assert.equal(mine.basedata_updates, 3, 'the house, its tenant, its vacating');
  // The offline attempt is the journey's own failure, and the only one.
  const offline = page.problems.filter((x) => x.includes('ERR_INTERNET_DISCONNECTED'));
  assert.ok(offline.length >= 1);
  page.problems.splice(0, page.problems.length, ...page.problems.filter((x) => !offline.includes(x)));
  assertClean(assert, page);
  await page.close();
});
