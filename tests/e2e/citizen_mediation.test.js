// citizen_mediation.test.js - a citizen's mediation on a 375×812 phone
// (issue 14 item 7, /m/): after looking the matter up with the tracking
// number and query code, the citizen opens 人民调解, applies to the city's
// traffic committee, picks a mediator from the published roster; the
// committee (through the API) accepts with both consents, assigns the
// chosen mediator and another, books a public session; the citizen sees
// it as 已预约 and asks for the other mediator's recusal (offline first:
// a clear message and the reason kept); then the committee writes the
// agreement, everybody signs, the seal goes on, the court accepts the
// confirmation and rules it valid, and the citizen reads the agreement
// summary and the ruling. A petitioner sees 申请复查 within the window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

let srv, admin, sec, court, browser;
const units = {};
const ids = {};

async function staff(username, role, org, unit) {
  const r = await admin.post('/api/v1/users', { username, password: 'Mediate#2026', role, org, unit_id: unit.id });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  await c.firstLogin(username, 'Mediate#2026');
  return c;
}

before(async () => {
  srv = await startServer();
  admin = srv.client();
  await admin.login('city_admin');
  units.traffic = (await admin.get('/api/v1/units?org=1301')).json.items.find((u) => u.name.includes('交通事故纠纷人民调解委员会'));
  units.court = (await admin.get('/api/v1/units?org=130102')).json.items.find((u) => u.kind === 'court');
  assert.ok(units.traffic && units.court);
  sec = await staff('cm_secretary', 'mediator', '1301', units.traffic);
  court = await staff('cm_clerk', 'handler', '130102', units.court);
  for (const name of ['赵调解', '钱调解']) {
    const r = await admin.post('/api/v1/mediators', { unit_id: units.traffic.id, name, kind: 'hired', full_time: true, specialties: ['traffic'], phone: '13911112222' });
    assert.equal(r.status, 201, r.text);
    ids[name] = r.json.id;
  }
  browser = await openBrowser({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function act(body, who = sec) {
  const r = await who.post(`/api/v1/mediations/${ids.mediation}/actions`, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

// a Vant textarea field's own <textarea>
const area = (page, id) => page.locator(`[data-test="${id}"] textarea`).first();

async function narrow(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
}

test('on a phone: apply, pick a mediator, see the booking, ask for a recusal, read the agreement and the ruling', async () => {
  const sub = await srv.client().post('/api/v1/public/cases', {
    category: 'traffic', org: '130102001001', channel: 'h5', title: '电动车与轿车剐蹭',
    description: '我骑电动车被一辆轿车剐蹭，车灯损坏，双方对赔偿金额有争议。',
    applicant: { name: '王建国', phone: '13812345678' }, respondents: [{ name: '李明', phone: '13987654321' }],
  });
  assert.equal(sub.status, 201, sub.text);
  const { tracking_no: no, query_code: code } = sub.json;

  const page = await watchedPage(browser.context, srv.url);
  await page.goto(`${srv.url}/m/track`);
  await field(page, 'track-no').fill(no);
  await field(page, 'track-code').fill(code);
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-case').waitFor();
  await page.getByTestId('track-mediation-link').click();
  await page.waitForURL(/\/m\/track\/mediation\?/);

  // 申请调解 to the city's traffic committee
  await page.getByTestId('med-apply').waitFor();
  await page.getByTestId(`med-apply-unit-${units.traffic.id}`).click();
  await page.getByTestId('med-apply-submit').click();
  await page.getByTestId('med-status').getByText('待受理').waitFor();
  assert.match(await page.getByTestId('med-committee').innerText(), /交通事故纠纷人民调解委员会/);
  const list = (await sec.get('/api/v1/mediations?limit=50')).json.items;
  const mine = list.find((x) => x.case_id === sub.json.id);
  assert.ok(mine, 'the committee sees the application');
  ids.mediation = mine.id;
  assert.equal(mine.source, 'application');

  // the published roster: names and committee, never phones
  const roster = page.getByTestId('med-roster');
  await roster.getByText('赵调解').waitFor();
  assert.doesNotMatch(await roster.innerText(), /1391111/);
  assert.match(await roster.innerText(), /交通事故纠纷人民调解委员会/);
  await narrow(page);
  await screenshot(page, 'citizen-mediation-roster', { fullPage: true });
  await page.getByTestId(`med-choose-${ids['赵调解']}`).click();
  await page.getByTestId('med-choices').getByText('待调委会指派').waitFor();
  let m = (await sec.get(`/api/v1/mediations/${ids.mediation}`)).json;
  assert.equal(m.timeline.find((e) => e.action === 'choose_mediator')?.payload.mediator, '赵调解', 'the staff see the choice');

  // the committee: consents, the chosen mediator and another, a public booking
  await act({ action: 'accept', consents: [{ party: '王建国', consent: true }, { party: '李明', consent: true }] });
  await act({ action: 'assign', mediator_ids: [ids['赵调解'], ids['钱调解']] });
  const when = new Date(Date.now() + 3 * 86400e3);
  await act({ action: 'schedule', time: when.toISOString(), place: '市交调委第一调解室', mediator_ids: [ids['赵调解']], public: true });
  await page.reload();
  await page.getByTestId('med-status').getByText('调解中').waitFor();
  assert.match(await page.getByTestId('med-choices').innerText(), /赵调解[\s\S]*已指派/);
  assert.equal((await page.getByTestId('med-session-state-0').innerText()).trim(), '已预约');
  assert.match(await page.getByTestId('med-session-0').innerText(), /市交调委第一调解室/);

  // 申请回避: offline first, the message is clear and the reason stays
  await page.getByTestId(`med-recuse-${ids['钱调解']}`).click();
  await area(page, 'med-recuse-reason').fill('钱调解员与对方当事人是亲戚');
  await page.context().setOffline(true);
  await page.getByTestId('med-recuse-submit').click();
  await page.getByTestId('med-error').getByText('无法连接服务器').waitFor();
  assert.equal(await area(page, 'med-recuse-reason').inputValue(), '钱调解员与对方当事人是亲戚');
  await page.context().setOffline(false);
  page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)));
  await page.getByTestId('med-recuse-submit').click();
  await page.getByTestId('med-recusal-0').getByText('待调委会决定').waitFor();
  m = (await sec.get(`/api/v1/mediations/${ids.mediation}`)).json;
  assert.equal(m.record.recusals[0].requested_by, '王建国');
  assert.equal(m.record.recusals[0].mediator, '钱调解');
  await screenshot(page, 'citizen-mediation-recusal', { fullPage: true });

  // the committee decides, agrees in writing, signatures and seal; the court
  await act({ action: 'decide_recusal', approve: true, reason: '确有亲属关系，准予回避' });
  await act({ action: 'session', time: new Date().toISOString(), place: '市交调委第一调解室', attendees: ['王建国', '李明'], notes: '内部记录：双方分歧在修车费。', public: true });
  await act({
    action: 'agree', form: 'written', facts: '双方车辆剐蹭。', issues: '修车费的承担。', responsibilities: '李明负主要责任。',
    terms: '李明赔偿王建国修车费800元。', performance: { method: '微信转账', deadline: '2026-12-31' },
  });
  for (const signer of ['王建国', '李明', 'mediator', 'seal']) m = await act({ action: 'sign', signer });
  assert.equal(m.status, 'effective');
  m = await act({ action: 'apply_confirmation', court_unit_id: units.court.id, applicants: ['王建国', '李明'], basis: '双方共同申请确认调解协议效力' });
  const confId = m.confirmations[0].id;
  for (const body of [{ action: 'accept', case_no: '（2026）冀0102民特调确字8号' }, { action: 'rule', result: 'valid', ruling_no: '（2026）冀0102民特调确字8号' }]) {
    const r = await court.post(`/api/v1/confirmations/${confId}/actions`, body);
    assert.equal(r.status, 200, r.text);
  }

  await page.reload();
  await page.getByTestId('med-status').getByText('协议生效').waitFor();
  assert.match(await page.getByTestId('med-recusal-0').innerText(), /准予回避/);
  assert.deepEqual((await page.locator('[data-test^="med-session-state-"]').allInnerTexts()).map((t) => t.trim()), ['已预约', '已调解']);
  const agreement = page.getByTestId('med-agreement');
  assert.match(await page.getByTestId('med-agreement-no').innerText(), /（\d{4}）石人调字第\d+号/);
  assert.equal((await page.getByTestId('med-agreement-effective').innerText()).trim(), '已生效');
  assert.equal((await page.getByTestId('med-agreement-terms').innerText()).trim(), '李明赔偿王建国修车费800元。');
  assert.match(await page.getByTestId('med-agreement-deadline').innerText(), /2026-12-31/);
  assert.match(await page.getByTestId('med-agreement-signatures').innerText(), /2\/2[\s\S]*调解员已签[\s\S]*印章已盖/);
  assert.match(await agreement.innerText(), /微信转账/);
  const conf = page.getByTestId('med-confirmation');
  assert.equal((await page.getByTestId('med-confirmation-status').innerText()).trim(), '确认有效');
  assert.match(await page.getByTestId('med-confirmation-case-no').innerText(), /（2026）冀0102民特调确字8号/);
  assert.match(await page.getByTestId('med-confirmation-result').innerText(), /确认有效/);
  await page.getByTestId('med-confirmation-enforceable').waitFor();
  assert.match(await conf.innerText(), /人民法院/);
  const all = await page.locator('body').innerText();
  for (const secret of ['13987654321', '13812345678', '内部记录', '双方车辆剐蹭'])
    assert.ok(!all.includes(secret), `the page shows ${secret}`);
  await narrow(page);
  await screenshot(page, 'citizen-mediation-confirmed', { fullPage: true });
  assertClean(assert, page);
  await page.close();
});

test('a petitioner asks for 复查 from the tracking page within the window', async () => {
  const town = srv.client();
  await town.login('town_dispatcher');
  const handler = srv.client();
  await handler.login('town_handler');
  const unit = (await town.get('/api/v1/units?org=130102001')).json.items.find((u) => u.kind === 'justice_office');
  const sub = (await srv.client().post('/api/v1/public/cases', {
    category: 'village_affairs', org: '130102001001', description: '村委会私自把集体土地租给外地老板建厂，村民分不到租金。',
    applicant: { name: '钱大伯', phone: '13711112222' },
  })).json;
  for (const [who, body] of [
    [town, { action: 'classify', flow: 'petition', category: 'village_affairs' }], [town, { action: 'dispatch', unit_id: unit.id }],
    [handler, { action: 'accept' }], [handler, { action: 'resolve', outcome: 'answered', summary: '经核查，程序合法，已书面答复。' }],
  ]) {
    const r = await who.post(`/api/v1/cases/${sub.id}/actions`, body);
    assert.equal(r.status, 200, r.text);
  }
  const page = await watchedPage(browser.context, srv.url);
  await page.goto(`${srv.url}/m/track?no=${encodeURIComponent(sub.tracking_no)}&code=${sub.query_code}`);
  await page.getByTestId('review-form').waitFor();
  await page.getByTestId('review-submit-request_review').click();
  await page.getByText('请填写理由').waitFor(); // the form asks first
  await area(page, 'review-reason').fill('答复认定事实不清，请求复查');
  await page.getByTestId('review-submit-request_review').click();
  await page.getByTestId('track-review').getByText('复查').first().waitFor();
  assert.equal(await page.getByTestId('review-form').count(), 0, 'nothing more to ask while it is pending');
  const c = (await town.get(`/api/v1/cases/${sub.id}`)).json;
  assert.equal(c.review.stage, 'review');
  assert.equal(c.review.reason, '答复认定事实不清，请求复查');
  await narrow(page);
  assertClean(assert, page);
  await page.close();
});
