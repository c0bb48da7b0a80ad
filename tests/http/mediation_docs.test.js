// mediation_docs.test.js - the eight documents of a mediation over HTTP
// (issue 14 item 3): a mediation driven through the API to a signed
// written agreement and a follow-up prints every document as a PDF whose
// text (pdftotext) carries the record: the agreement the parties, facts,
// terms, performance, the committee's name and the agreement's number; a
// terminated one prints its notice with the channels left. Documents that
// do not apply yet answer 409, an unknown name and a reader out of scope
// 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
const NAMES = ['application', 'registration', 'notice', 'record', 'agreement', 'termination', 'followup', 'cover'];
let srv, admin, disp, sec;
let committee;
const mediators = [];

async function login(name, password) {
  const c = srv.client();
  await c.login(name, password);
  return c;
}

before(async () => {
  srv = await startServer();
  admin = await login('city_admin');
  disp = await login('county_dispatcher');
  committee = (await admin.get('/api/v1/units?org=1301')).json.items.find((u) => u.name.includes('交通事故纠纷人民调解委员会'));
  assert.ok(committee, 'the demo\'s traffic committee');
  const r = await admin.post('/api/v1/users', { username: 'doc_secretary', password: 'Mediate#2026', role: 'mediator', org: '1301', unit_id: committee.id });
  assert.equal(r.status, 201, r.text);
  sec = srv.client();
  await sec.firstLogin('doc_secretary', 'Mediate#2026');
  for (const name of ['孙文书', '周文书']) {
    const m = await admin.post('/api/v1/mediators', { unit_id: committee.id, name, kind: 'hired', full_time: true, specialties: ['traffic'], phone: '13911112222' });
    assert.equal(m.status, 201, m.text);
    mediators.push(m.json);
  }
});
after(async () => { await srv.stop(); });

async function bytes(c, path) {
  const res = await fetch(srv.url + path, { headers: c && c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

// The PDF's text without the breaks the layout put in (`pdftotext - -`).
function pdfText(buf) {
  assert.equal(buf.subarray(0, 5).toString('latin1'), '%PDF-');
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: buf, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, '');
}

async function pdf(c, id, name) {
  const r = await bytes(c, `/api/v1/mediations/${id}/documents/${name}.pdf`);
  assert.equal(r.status, 200, `${name}: ${r.buf.toString('utf8').slice(0, 300)}`);
  assert.equal(r.type, 'application/pdf');
  return pdfText(r.buf);
}

function expectText(text, wants, what) {
  for (const w of wants) assert.ok(text.includes(w.replace(/\s+/g, '')), `${what} lacks ${w}:\n${text}`);
}

async function act(id, body) {
  const r = await sec.post(`/api/v1/mediations/${id}/actions`, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

async function notApplicable(id, name) {
  const r = await sec.get(`/api/v1/mediations/${id}/documents/${name}.pdf`);
  expectError(assert, r, 409, 'document_not_applicable');
  assert.match(r.json.error.message, /[\u4e00-\u9fff]/, 'a message in Chinese');
}

async function newMediation(title, description) {
  const c = await srv.client().post('/api/v1/public/cases', {
    category: 'traffic', org: VILLAGE, channel: 'h5', title, description,
    applicant: { name: '钱晓燕', phone: '13812340000' }, respondents: [{ name: '吴国平', phone: '13987650000' }],
  });
  assert.equal(c.status, 201, c.text);
  const m = await disp.post(`/api/v1/cases/${c.json.id}/mediation`, { unit_id: committee.id, source: 'application' });
  assert.equal(m.status, 201, m.text);
  return { id: m.json.id, tracking: c.json.tracking_no };
}

const CONSENTS = [{ party: '钱晓燕', consent: true }, { party: '吴国平', consent: true }];

test('a signed written agreement prints all its documents', async () => {
  const { id, tracking } = await newMediation('停车场倒车撞坏电动车', '吴国平在小区停车场倒车时撞坏钱晓燕的电动车，双方对维修费用有争议。');
  // Before anything is agreed: the application prints, the agreement does not.
  expectText(await pdf(sec, id, 'application'), ['钱晓燕', '吴国平', '停车场倒车撞坏电动车'], 'application');
  await notApplicable(id, 'agreement');
  await notApplicable(id, 'termination');
  await notApplicable(id, 'followup');

  await act(id, { action: 'accept', consents: CONSENTS });
  await act(id, { action: 'assign', mediator_ids: mediators.map((m) => m.id) });
  const when = new Date(Date.now() + 2 * 86400e3).toISOString();
  await act(id, { action: 'schedule', time: when, place: '市交通事故调委会第二调解室', mediator_ids: [mediators[1].id], public: true });
  await act(id, { action: 'session', time: new Date().toISOString(), place: '市交通事故调委会第一调解室', attendees: ['钱晓燕', '吴国平'], notes: '双方陈述经过，查看了维修报价单。' });
  let m = await act(id, {
    action: 'agree', form: 'written', facts: '吴国平倒车时未注意后方，撞坏钱晓燕停放的电动车。', issues: '电动车维修费用的承担。',
    responsibilities: '吴国平负全部责任。', terms: '吴国平赔偿钱晓燕电动车维修费人民币六百元。',
    performance: { method: '银行转账一次付清', deadline: '2026-12-31' },
  });
  const number = m.agreement_no;
  assert.match(number, /^（\d{4}）.人调字第\d+号$/);
  // The agreement prints before it is signed: it is what the parties sign.
  expectText(await pdf(sec, id, 'agreement'), ['人民调解协议书', '吴国平赔偿钱晓燕电动车维修费人民币六百元'], 'unsigned agreement');
  for (const signer of ['钱晓燕', '吴国平', 'mediator', 'seal']) m = await act(id, { action: 'sign', signer });
  assert.equal(m.status, 'effective');
  await act(id, { action: 'followup', performed: 'full', satisfaction: '满意', risk: '无', note: '维修费已转账，双方满意。' });

  const agreement = await pdf(sec, id, 'agreement');
  expectText(agreement, [
    '人民调解协议书', committee.name, number, '钱晓燕', '吴国平', '申请人', '被申请人',
    '吴国平倒车时未注意后方，撞坏钱晓燕停放的电动车。', '电动车维修费用的承担。', '吴国平负全部责任。',
    '吴国平赔偿钱晓燕电动车维修费人民币六百元。', '银行转账一次付清', '2026年12月31日', '孙文书', '周文书',
  ], 'agreement');
  assert.ok(!agreement.includes('13812340000'), 'no clear phone on paper');

  const texts = {};
  for (const name of NAMES.filter((n) => n !== 'termination')) texts[name] = await pdf(sec, id, name);
  expectText(texts.registration, ['受理登记表', tracking, committee.name, '钱晓燕', '吴国平'], 'registration');
  expectText(texts.notice, ['权利义务告知书', '钱晓燕'], 'notice');
  expectText(texts.record, ['调解记录', '市交通事故调委会第一调解室', '双方陈述经过，查看了维修报价单。', '市交通事故调委会第二调解室', '周文书'], 'record');
  // by date: the session held today before the one booked for later
  assert.ok(texts.record.indexOf('第二调解室') > texts.record.indexOf('维修报价单'), `sessions in date order:\n${texts.record}`);
  expectText(texts.followup, ['回访记录', '维修费已转账，双方满意。', '满意'], 'followup');
  expectText(texts.cover, [committee.name, number, '钱晓燕'], 'cover');
  await notApplicable(id, 'termination');

  // An unknown document, a mediation that is not there, a reader out of scope, no session.
  expectError(assert, await sec.get(`/api/v1/mediations/${id}/documents/verdict.pdf`), 404, 'not_found');
  expectError(assert, await sec.get(`/api/v1/mediations/${id}/documents/agreement`), 404);
  expectError(assert, await sec.get('/api/v1/mediations/999999/documents/agreement.pdf'), 404, 'not_found');
  const counties = (await admin.get('/api/v1/orgs/1301/children')).json.items;
  const otherTown = (await admin.get(`/api/v1/orgs/${counties.find((c) => c.code !== '130102').code}/children`)).json.items[0].code;
  const u = await admin.post('/api/v1/users', { username: 'doc_outsider', password: 'Outside#2026', role: 'dispatcher', org: otherTown });
  assert.equal(u.status, 201, u.text);
  const outsider = srv.client();
  await outsider.firstLogin('doc_outsider', 'Outside#2026');
  expectError(assert, await outsider.get(`/api/v1/mediations/${id}/documents/agreement.pdf`), 404, 'not_found');
  expectError(assert, await srv.client().get(`/api/v1/mediations/${id}/documents/agreement.pdf`), 401);
});

test('a terminated mediation prints its termination notice with the channels left', async () => {
  const { id } = await newMediation('追尾事故赔偿', '钱晓燕驾车被吴国平追尾，双方对误工费赔偿有争议。');
  await act(id, { action: 'accept', consents: CONSENTS });
  await act(id, { action: 'assign', mediator_ids: [mediators[0].id] });
  await act(id, { action: 'terminate', reason: 'no_agreement', channels: ['litigation', 'arbitration'] });
  const text = await pdf(sec, id, 'termination');
  expectText(text, ['终止人民调解通知书', committee.name, '钱晓燕', '吴国平', '双方未能达成调解协议'], 'termination');
  assert.ok(/诉讼/.test(text) && /仲裁/.test(text), `channels named:\n${text}`);
  await notApplicable(id, 'agreement');
  expectText(await pdf(sec, id, 'cover'), ['调解终止'], 'cover of a terminated mediation');
});
