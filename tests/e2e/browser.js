// browser.js - Debian's chromium driven by playwright-core for the browser
// journeys, beside the HTTP harness's real server. Every page is watched:
// a console error, an uncaught exception or a CSP violation fails the test,
// except network errors a journey names as expected (a 401 from a wrong
// password is one).
import { chromium, selectors } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

selectors.setTestIdAttribute('data-test');

export const CHROMIUM = process.env.FQ_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = 'tests/out/e2e';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--lang=zh-CN'];

// A browser on a fresh profile directory (launchPersistentContext is how
// Playwright takes --user-data-dir). opts: viewport, isMobile, ...
export async function openBrowser(opts = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'fq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    ...opts,
  });
  context.setDefaultTimeout(15000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// A new page whose problems are collected in page.problems. origin: the
// server's; allow: list of {status, url: RegExp} network errors that the
// journey expects.
export async function watchedPage(context, origin, allow = []) {
  const page = await context.newPage();
  const problems = [];
  const expected = [];
  // CSP violations also reach the console; this names the directive.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const url = msg.location()?.url || '';
    const m = text.match(/status of (\d{3})/);
    if (m && allow.some((a) => a.status === Number(m[1]) && a.url.test(url))) {
      expected.push(`${m[1]} ${url}`);
      return;
    }
    problems.push(`console error: ${text}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    const f = req.failure()?.errorText || '';
    if (f !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} ${f}`);
  });
  // Nothing may leave the server's origin.
  page.on('request', (req) => {
    const u = req.url();
    if (!/^(data|blob):/.test(u) && !u.startsWith(`${origin}/`)) problems.push(`outside request: ${u}`);
  });
  page.problems = problems;
  page.expectedErrors = expected;
  return page;
}

// A screenshot once loading masks are gone, with transitions finished.
export async function screenshot(page, name, opts = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask, .van-loading')]
    .some((e) => e.getClientRects().length > 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled', ...opts });
}

// Logs in through the console's login page and waits for the home page.
export async function consoleLogin(page, base, username, password) {
  await page.goto(`${base}/console/login`);
  await field(page, 'login-username').fill(username);
  await field(page, 'login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

// The text box of a form field: Element Plus puts the attribute on the
// <input> itself, Vant on the field's wrapper.
export const field = (page, id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();

// Fails with everything the page reported.
export function assertClean(assert, page) {
  assert.deepEqual(page.problems, [], `the page reported problems:\n${page.problems.join('\n')}`);
}
