// home.test.js - the console's 首页 shows the role's to-do counts (待分流,
// 待签收, 即将超期, 已超期) on a demo with a history; each count is the
// length of its list, and each links to that box of 我的待办.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

let dir;
let srv;
// The size make run uses: at 1,500 the township handler's boxes were empty
// at some times of day (the history is laid out backwards from now).
let browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fq-home-'));
  const init = cli(['init', '--db', join(dir, 'fq.db'), '--region', '1301', '--demo', '--history', '5000']);
  assert.equal(init.status, 0, init.stdout + init.stderr);
  srv = await startServer({ db: join(dir, 'fq.db'), dir });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const LABELS = { triage: '待分流', to_accept: '待签收', due_soon: '即将超期', overdue: '已超期' };

// The full length of one inbox list, page by page.
async function listLength(c, box) {
  let n = 0;
  let cursor = '';
  for (;;) {
    const r = await c.get(`/api/v1/cases?inbox=${box}&limit=100${cursor}`);
    assert.equal(r.status, 200, r.text);
    n += r.json.items.length;
    if (!r.json.next) return n;
    cursor = `&cursor=${r.json.next}`;
  }
}

// Opens the home page as username, checks that exactly boxes are shown, each
// with its list's length, and follows the link of the fullest box. Returns
// the counts shown.
async function checkHome(username, boxes) {
  await browser.context.clearCookies();
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, username, PASSWORD);
  const card = page.getByTestId('home-todo');
  await card.waitFor();
  const api = srv.client();
  await api.login(username);
  const counts = {};
  for (const box of Object.keys(LABELS)) {
    const item = page.getByTestId(`home-todo-${box}`);
    if (!boxes.includes(box)) {
      assert.equal(await item.count(), 0, `${username} does not work from ${box}`);
      continue;
    }
    await assert.doesNotReject(item.waitFor());
    assert.match(await item.innerText(), new RegExp(LABELS[box]));
    const shown = Number(await page.getByTestId(`home-count-${box}`).innerText());
    assert.equal(shown, await listLength(api, box), `${username}: ${LABELS[box]}`);
    counts[box] = shown;
  }
  await screenshot(page, `home-${username}`);
  // A count opens its box in 我的待办 with the same cases.
  const open = boxes.reduce((a, b) => (counts[b] > counts[a] ? b : a));
  const n = counts[open];
  await page.getByTestId(`home-todo-${open}`).click();
  await page.waitForURL(`${srv.url}/console/cases/todo?inbox=${open}`);
  await page.locator('.el-tabs__item.is-active', { hasText: LABELS[open] }).waitFor();
  const table = page.getByTestId(open === 'triage' ? 'triage-table' : 'todo-table');
  await table.waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')].some((e) => e.getClientRects().length > 0));
  assert.equal(await table.locator('.el-table__body tr.el-table__row').count(), Math.min(n, 50), `${open} rows`);
  await screenshot(page, `home-${username}-${open}`);
  assertClean(assert, page);
  await page.close();
  return counts;
}

test('a township handler sees 待签收, 即将超期 and 已超期, each as long as its list', async () => {
  const counts = await checkHome('town_handler', ['to_accept', 'due_soon', 'overdue']);
  assert.ok(Object.values(counts).some((n) => n > 0), `the demo leaves the township some work: ${JSON.stringify(counts)}`);
});

test('a city leader sees 待分流 only and opens it', async () => {
  await checkHome('city_leader', ['triage']);
});
