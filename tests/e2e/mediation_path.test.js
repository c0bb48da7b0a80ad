// mediation_path.test.js - the whole people's mediation in a real browser
// (issue 14 items 7 and "done when"): a citizen applies through the public
// intake API; in the console the county dispatcher opens the mediation at
// the city's traffic committee; its secretary accepts it with both
// parties' consent, assigns two mediators, records a recusal and its
// decision, a booked and a held session and an expert's opinion, writes
// the agreement in the editor and collects every signature and the seal
// (a second signature, sent from a stale page, is refused visibly); the
// agreement PDF carries the terms; a 回访, the application for 司法确认;
// then the court's clerk accepts it with a case number and rules it valid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

let srv, admin, browser;
const units = {};
const ids = {};
before(async () => {
  srv = await startServer();
  admin = srv.client();
  await admin.login('city_admin');
  units.traffic = (await admin.get('/api/v1/units?org=1301')).json.items.find((u) => u.name.includes('交通事故纠纷人民调解委员会'));
  units.court = (await admin.get('/api/v1/units?org=130102')).json.items.find((u) => u.kind === 'court');
  assert.ok(units.traffic && units.court);
  for (const [username, role, org, unit] of [['path_secretary', 'mediator', '1301', units.traffic], ['path_clerk', 'handler', '130102', units.court]]) {
    const r = await admin.post('/api/v1/users', { username, password: 'Mediate#2026', role, org, unit_id: unit.id });
    assert.equal(r.status, 201, r.text);
    await srv.client().firstLogin(username, 'Mediate#2026');
  }
  for (const name of ['赵调解', '钱调解']) {
    const r = await admin.post('/api/v1/mediators', { unit_id: units.traffic.id, name, kind: 'hired', full_time: true, specialties: ['traffic'] });
    assert.equal(r.status, 201, r.text);
    ids[name] = r.json.id;
  }
  const ex = await admin.post('/api/v1/experts', { name: '孙律师', field: 'law', title: '律师', employer: '河北某律师事务所' });
  assert.equal(ex.status, 201, ex.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const option = (page, text) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first();
const dialog = (page) => page.locator('.el-dialog:visible');
const box = (page, id) => page.locator(`[data-test="${id}"]`).first(); // an el-input's own <input>/<textarea>
async function pick(page, id, text, typed) {
  await page.getByTestId(id).click();
  if (typed) await page.getByTestId(id).locator('input').fill(typed);
  await option(page, text).click();
}
async function act(page, action, fill) {
  await page.getByTestId(`med-act-${action}`).click();
  await dialog(page).waitFor();
  if (fill) await fill();
  await page.getByTestId('med-act-submit').click();
  await dialog(page).waitFor({ state: 'hidden' });
}

async function as(username, password, fn, allow = []) {
  browser = await openBrowser();
  try {
    const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }, ...allow]);
    await consoleLogin(page, srv.url, username, password);
    await fn(page);
    assertClean(assert, page);
  } finally {
    await browser.close();
    browser = null;
  }
}

test('application → mediation → agreement signed and sealed → PDF → 回访 → 司法确认 ruled valid', async () => {
  // the citizen's application (public intake)
  const app = await srv.client().post('/api/v1/public/cases', {
    category: 'traffic', org: '130102001001', channel: 'h5', title: '电动车与轿车剐蹭申请调解',
    description: '我骑电动车在建北街道被一辆轿车剐蹭，车灯损坏，双方对赔偿金额有争议，申请人民调解。',
    applicant: { name: '王建国', phone: '13812345678' }, respondents: [{ name: '李明', phone: '13987654321' }],
  });
  assert.equal(app.status, 201, app.text);
  const caseId = app.json.id;

  // the center: 转人民调解 on the case's page
  await as('county_dispatcher', PASSWORD, async (page) => {
    await page.goto(`${srv.url}/console/cases/${caseId}`);
    await page.getByTestId('case-mediate').click();
    await dialog(page).waitFor();
    await pick(page, 'case-mediate-unit', '石家庄市交通事故纠纷人民调解委员会', '交通事故');
    await page.getByTestId('case-mediate-submit').click();
    await page.waitForURL(/\/console\/mediations\/\d+$/);
    ids.mediation = Number(page.url().split('/').pop());
    assert.equal(await page.getByTestId('mediation-status').innerText(), '待受理');
    assert.equal(await page.getByTestId('mediation-no-actions').count(), 1, 'the center does not run the committee\'s mediation');
  });
  const m0 = (await admin.get(`/api/v1/mediations/${ids.mediation}`)).json;
  assert.equal(m0.source, 'application');
  assert.equal(m0.unit_id, units.traffic.id);

  const sec = srv.client();
  await sec.login('path_secretary', 'Mediate#2026-own');
  await as('path_secretary', 'Mediate#2026-own', async (page) => {
    await page.goto(`${srv.url}/console/mediations/${ids.mediation}`);
    const status = page.getByTestId('mediation-status');
    await status.getByText('待受理').waitFor();

    await act(page, 'accept'); // both parties consent (the form's default)
    await status.getByText('已受理').waitFor();
    assert.match(await page.getByTestId('mediation-parties').innerText(), /王建国[\s\S]*同意[\s\S]*李明[\s\S]*同意/);

    await act(page, 'assign', async () => {
      await pick(page, 'med-form-mediators', '赵调解');
      await option(page, '钱调解').click();
      await page.keyboard.press('Escape');
    });
    await status.getByText('调解中').waitFor();
    assert.match(await page.getByTestId('mediation-mediators').innerText(), /赵调解[\s\S]*钱调解/);

    await act(page, 'recuse', async () => {
      await pick(page, 'med-form-recused', '钱调解');
      await pick(page, 'med-form-requested-by', '李明');
      await box(page, 'med-form-reason').fill('调解员与申请人是亲戚');
    });
    await page.getByText('待决定').waitFor();
    await act(page, 'decide_recusal', async () => { await box(page, 'med-form-reason').fill('确有亲属关系，准予回避'); });
    await page.getByText('准予回避：确有亲属关系，准予回避').waitFor();
    assert.doesNotMatch(await page.getByTestId('mediation-mediators').innerText(), /钱调解/);

    await act(page, 'schedule', async () => {
      await box(page, 'med-form-time').fill('2026-12-20T09:30');
      await box(page, 'med-form-place').fill('市交调委第一调解室');
      await pick(page, 'med-form-mediators', '赵调解');
      await page.keyboard.press('Escape');
    });
    await act(page, 'session', async () => {
      await box(page, 'med-form-time').fill('2026-12-02T15:00');
      await box(page, 'med-form-place').fill('市交调委第二调解室');
      await box(page, 'med-form-notes').fill('双方陈述事实，对修车费用有分歧。');
    });
    const sessions = page.getByTestId('mediation-sessions');
    await sessions.getByText('已举行').waitFor();
    assert.match(await sessions.innerText(), /已预约[\s\S]*市交调委第一调解室/);
    assert.match(await sessions.innerText(), /已举行[\s\S]*市交调委第二调解室/);

    await act(page, 'consult_expert', async () => {
      await pick(page, 'med-form-expert', '孙律师');
      await box(page, 'med-form-question').fill('车灯损坏的责任如何划分？');
      await box(page, 'med-form-opinion').fill('轿车变道未让行，负主要责任。');
    });
    await page.getByText('专家意见（孙律师）').waitFor();

    // the agreement editor: a written agreement
    const form = page.getByTestId('agreement-form');
    await form.waitFor();
    await box(page, 'agreement-facts').fill('2026年12月双方车辆在建北街道剐蹭。');
    await box(page, 'agreement-issues').fill('修车费的承担。');
    await box(page, 'agreement-responsibilities').fill('李明负主要责任。');
    await box(page, 'agreement-terms').fill('李明赔偿王建国修车费八百元。');
    await box(page, 'agreement-method').fill('微信转账');
    await box(page, 'agreement-deadline').fill('2026-12-31');
    await page.getByTestId('agreement-save').click();
    await page.getByTestId('agreement-no').waitFor();
    const number = await page.getByTestId('agreement-no').innerText();
    assert.match(number, /^（\d{4}）石人调字第\d+号$/);
    assert.equal(await form.count(), 0, 'the form gives way to the agreement');
    assert.equal(await page.getByTestId('agreement-effective').innerText(), '待签字盖章');
    assert.match(await page.getByTestId('agreement-sign').innerText(), /尚缺：王建国、李明、调解员、调委会印章/);

    // 王建国 signs elsewhere meanwhile: the stale button is refused, visibly
    const other = await sec.post(`/api/v1/mediations/${ids.mediation}/actions`, { action: 'sign', signer: '王建国' });
    assert.equal(other.status, 200, other.text);
    await page.getByTestId('sign-王建国').click();
    await page.getByTestId('agreement-refusal').getByText(/未能办理：.*已/).waitFor();
    await page.getByTestId('agreement-signatures').getByText('王建国 ✓').waitFor();
    assert.equal(await page.getByTestId('sign-王建国').count(), 0, 'no second signature offered');
    await screenshot(page, 'mediation-path-refusal');

    for (const s of ['李明', 'mediator']) {
      await page.getByTestId(`sign-${s}`).click();
      await page.getByTestId(`sign-${s}`).waitFor({ state: 'detached' });
    }
    assert.equal(await page.getByTestId('agreement-effective').innerText(), '待签字盖章', 'not effective before the seal');
    await page.getByTestId('sign-seal').click();
    await page.getByTestId('agreement-effective').getByText('已生效').waitFor();
    await page.getByTestId('agreement-locked').waitFor();
    await status.getByText('协议生效').waitFor();
    assert.match(await page.getByTestId('agreement-signatures').innerText(), /王建国 ✓[\s\S]*李明 ✓[\s\S]*调解员 ✓[\s\S]*调委会印章 ✓/);

    // the agreement PDF
    const href = await page.getByTestId('doc-agreement').getAttribute('href');
    const pdf = await page.request.get(srv.url + href);
    assert.equal(pdf.status(), 200);
    const dir = mkdtempSync(join(tmpdir(), 'fq-pdf-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), await pdf.body());
      const r = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const text = r.stdout.replace(/\s+/g, '');
      for (const s of [number, '王建国', '李明', '李明赔偿王建国修车费八百元', '微信转账', '石家庄市交通事故纠纷人民调解委员会']) {
        assert.ok(text.includes(s), `the agreement PDF lacks ${s}:\n${r.stdout}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    await act(page, 'followup', async () => { await box(page, 'med-form-note').fill('已按期转账'); });
    await page.getByTestId('mediation-followups').getByText('已全部履行').waitFor();

    await act(page, 'apply_confirmation', async () => {
      await pick(page, 'med-form-court', units.court.name, units.court.name.slice(0, 4));
    });
    await page.getByTestId('mediation-confirmations').getByText('待受理').waitFor();
    const timeline = await page.getByTestId('mediation-timeline').innerText();
    for (const label of ['受理', '指定调解员', '申请回避', '回避决定', '预约调解', '专家咨询', '达成协议', '签字盖章', '回访', '申请司法确认']) {
      assert.ok(timeline.includes(label), `timeline lacks ${label}:\n${timeline}`);
    }
    await screenshot(page, 'mediation-path', { fullPage: true });
    // the one refusal the journey provokes: the stale signature
  }, [{ status: 409, url: /\/api\/v1\/mediations\/\d+\/actions$/ }]);

  // the court: 司法确认, accepted with a case number and ruled valid
  await as('path_clerk', 'Mediate#2026-own', async (page) => {
    await page.getByTestId('menu-confirmations').click();
    await page.waitForURL(`${srv.url}/console/confirmations`);
    const conf = (await admin.get(`/api/v1/mediations/${ids.mediation}`)).json.confirmations[0];
    await page.getByTestId('confirmations-tabs').locator('.el-radio-button', { hasText: '待受理' }).click();
    await page.getByTestId(`confirmation-${conf.id}`).waitFor();
    assert.match(await page.getByTestId(`confirmation-deadline-${conf.id}`).innerText(), /受理期限 \d{4}-\d{2}-\d{2}/);
    await page.getByTestId(`confirmation-${conf.id}`).click();
    const drawer = page.getByTestId('confirmation-detail');
    await drawer.getByTestId('confirmation-status').getByText('待受理').waitFor();
    await page.getByTestId('conf-act-accept').click();
    await dialog(page).waitFor();
    await box(page, 'conf-form-case-no').fill('（2026）冀0102民特88号');
    await page.getByTestId('conf-act-submit').click();
    await drawer.getByTestId('confirmation-status').getByText('已受理').waitFor();
    assert.equal(await page.getByTestId('confirmation-case-no').innerText(), '（2026）冀0102民特88号');
    await page.getByTestId('conf-act-rule').click();
    await dialog(page).waitFor();
    await box(page, 'conf-form-reason').fill('协议系双方自愿达成，内容不违反法律规定。');
    await page.getByTestId('conf-act-submit').click();
    await drawer.getByTestId('confirmation-status').getByText('确认有效').waitFor();
    await page.getByTestId('confirmation-enforceable').waitFor();
    assert.match(await page.getByTestId('confirmation-ruling').innerText(), /（2026）冀0102民特88号 · 确认有效/);
    await screenshot(page, 'confirmation-ruled');
  });
  const m = (await admin.get(`/api/v1/mediations/${ids.mediation}`)).json;
  assert.equal(m.confirmations[0].status, 'confirmed');
  assert.equal(m.confirmations[0].enforceable, true);
  assert.ok(m.timeline.some((e) => e.action === 'confirmation_ruled'), 'the ruling reaches the agreement');
  assert.equal(m.case.outcome, 'mediated');
});
