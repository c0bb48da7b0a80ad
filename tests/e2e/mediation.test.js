// mediation.test.js - 调解工作台 in a real browser (issue 14 item 7): a
// mediation driven through the API to an effective written agreement
// shows in the county dispatcher's workbench; its page shows the parties'
// consents, the mediator, the booked and held sessions, the agreement with
// its number and signature/seal status, the timeline and the document
// links, and the agreement link serves the PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, consoleLogin, assertClean } from './browser.js';

let srv, browser;
before(async () => { srv = await startServer(); });
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function mediation() {
  const admin = srv.client();
  await admin.login('city_admin');
  const unit = (await admin.get('/api/v1/units?org=1301')).json.items.find((u) => u.name.includes('交通事故纠纷人民调解委员会'));
  assert.ok(unit);
  let r = await admin.post('/api/v1/users', { username: 'e2e_secretary', password: 'Mediate#2026', role: 'mediator', org: '1301', unit_id: unit.id });
  assert.equal(r.status, 201, r.text);
  const sec = srv.client();
  await sec.firstLogin('e2e_secretary', 'Mediate#2026');
  const mediator = await admin.post('/api/v1/mediators', { unit_id: unit.id, name: '郑调解', kind: 'hired', full_time: true, specialties: ['traffic'], phone: '13911112222' });
  assert.equal(mediator.status, 201, mediator.text);
  r = await srv.client().post('/api/v1/public/cases', {
    category: 'traffic', org: '130102001001', channel: 'h5', title: '快递三轮车剐蹭轿车',
    description: '快递三轮车在小区门口剐蹭了停放的轿车，车主要求赔偿喷漆费用。',
    applicant: { name: '冯丽', phone: '13812349999' }, respondents: [{ name: '蒋伟', phone: '13987659999' }],
  });
  assert.equal(r.status, 201, r.text);
  const disp = srv.client();
  await disp.login('county_dispatcher');
  r = await disp.post(`/api/v1/cases/${r.json.id}/mediation`, { unit_id: unit.id, source: 'application' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const act = async (body) => {
    const x = await sec.post(`/api/v1/mediations/${id}/actions`, body);
    assert.equal(x.status, 200, `${body.action}: ${x.text}`);
    return x.json;
  };
  await act({ action: 'accept', consents: [{ party: '冯丽', consent: true }, { party: '蒋伟', consent: true }] });
  await act({ action: 'assign', mediator_ids: [mediator.json.id] });
  await act({ action: 'schedule', time: new Date(Date.now() + 86400e3).toISOString(), place: '交调委第三调解室', mediator_ids: [mediator.json.id], public: true });
  await act({ action: 'session', time: new Date().toISOString(), place: '交调委第一调解室', attendees: ['冯丽', '蒋伟'], notes: '双方确认了剐蹭经过。' });
  const m = await act({
    action: 'agree', form: 'written', facts: '快递三轮车剐蹭轿车。', issues: '喷漆费用。', responsibilities: '蒋伟负全部责任。',
    terms: '蒋伟赔偿冯丽喷漆费三百元。', performance: { method: '现金', deadline: '2026-12-31' },
  });
  for (const signer of ['冯丽', '蒋伟', 'mediator']) await act({ action: 'sign', signer });
  return { id, number: m.agreement_no };
}

test('调解工作台 lists the mediation; its page shows the agreement and its documents', async () => {
  const { id, number } = await mediation();
  browser = await openBrowser();
  // before the login the console asks who is signed in: 401
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await consoleLogin(page, srv.url, 'county_dispatcher', PASSWORD);
  await page.getByTestId('menu-mediations').click();
  await page.waitForURL(`${srv.url}/console/mediations`);
  await page.getByTestId(`mediation-link-${id}`).waitFor();
  // By status: waiting for signatures, not among the terminated.
  await page.getByTestId('mediations-tabs').locator('.el-radio-button', { hasText: '待签字盖章' }).click();
  await page.getByTestId(`mediation-link-${id}`).waitFor();
  await page.getByTestId('mediations-tabs').locator('.el-radio-button', { hasText: '已终止' }).click();
  await page.getByTestId('mediations-table').getByText('暂无调解').waitFor();
  await page.getByTestId('mediations-tabs').locator('.el-radio-button', { hasText: '全部' }).click();
  await screenshot(page, 'mediations');
  await page.getByTestId(`mediation-link-${id}`).click();
  await page.waitForURL(`${srv.url}/console/mediations/${id}`);

  await page.getByTestId('agreement-no').getByText(number).waitFor();
  assert.match(await page.getByTestId('mediation-parties').innerText(), /冯丽[\s\S]*同意[\s\S]*蒋伟/);
  assert.match(await page.getByTestId('mediation-mediators').innerText(), /郑调解/);
  const sessions = await page.getByTestId('mediation-sessions').innerText();
  assert.match(sessions, /已预约[\s\S]*交调委第三调解室/);
  assert.match(sessions, /已举行[\s\S]*交调委第一调解室/);
  assert.equal(await page.getByTestId('agreement-effective').innerText(), '待签字盖章');
  const sigs = await page.getByTestId('agreement-signatures').innerText();
  assert.match(sigs, /冯丽 ✓/);
  assert.match(sigs, /调委会印章（未签）/);
  const timeline = await page.getByTestId('mediation-timeline').innerText();
  for (const label of ['预约调解', '达成协议', '签字盖章']) assert.ok(timeline.includes(label), `timeline lacks ${label}:\n${timeline}`);
  assert.equal(await page.getByTestId('doc-termination').count(), 0, 'no termination notice for an agreement');
  const href = await page.getByTestId('doc-agreement').getAttribute('href');
  assert.equal(href, `/api/v1/mediations/${id}/documents/agreement.pdf`);
  const pdf = await page.request.get(srv.url + href);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  await screenshot(page, 'mediation-detail', { fullPage: true });
  assertClean(assert, page);
});
