// mediation_console.test.js - what the console's mediation pages need
// beyond the record kinds (issue 14 items 7 and 8): the roster import over
// HTTP (POST /api/v1/mediators/import, the same function as `fengqiao
// roster import`: per-row report, nothing half-imported, admins in their
// area only, CSV and xlsx), and the rankings of committees and mediators
// by the mediation KPIs (GET /api/v1/stats/rankings?kind=mediation_org|
// mediator).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';
import { writeXlsx } from './xlsxwrite.js';

let srv, admin;
const units = {};

async function login(name, password) {
  const c = srv.client();
  await c.login(name, password);
  return c;
}

before(async () => {
  srv = await startServer();
  admin = await login('city_admin');
  const city = (await admin.get('/api/v1/units?org=1301')).json.items;
  units.traffic = city.find((u) => u.name.includes('交通事故纠纷人民调解委员会'));
  units.medical = city.find((u) => u.name.includes('医疗纠纷人民调解委员会'));
  units.labour = city.find((u) => u.name.includes('劳动争议人民调解委员会'));
  units.court = (await admin.get('/api/v1/units?org=130102')).json.items.find((u) => u.kind === 'court');
  units.office = (await admin.get('/api/v1/units?org=130102001')).json.items.find((u) => u.kind === 'justice_office');
  units.town = (await admin.get('/api/v1/mediation-orgs?org=130102&kind=township')).json.items.find((o) => o.name === '建北街道人民调解委员会');
  for (const [k, v] of Object.entries(units)) assert.ok(v, `demo unit ${k}`);
});
after(async () => { await srv.stop(); });

const upload = (c, body, type = 'text/csv') => c.req('POST', '/api/v1/mediators/import', { body, headers: { 'Content-Type': type } });
const names = async (unitId) => (await admin.get(`/api/v1/mediators?unit_id=${unitId}&limit=200`)).json.items.map((m) => m.name);

test('roster import over HTTP: every bad row reported, nothing half-imported, then the whole file', async () => {
  const u = units.labour.id;
  const before0 = await names(u);
  const experts0 = (await admin.get('/api/v1/experts?field=psychology&limit=200')).json.items.length;
  const bad = [
    'type,a,b,c,d,e,f,g,h',
    `mediator,${u},网导甲,hired,1,wage_arrears;labor,一级,13900003333,member`,
    `mediator,${u},网导乙,boss`,
    'expert,1301,网导心理,psychology,心理咨询师,市心理卫生中心,13700004444',
    `mediator,${units.office.id},网导丙,hired`,
  ].join('\r\n') + '\r\n';
  let r = await upload(admin, bad);
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'import_invalid');
  assert.equal(r.json.imported, 0);
  assert.deepEqual(r.json.errors.map((e) => e.row), [3, 5]);
  assert.match(r.json.errors[0].message, /^第 3 行：kind/);
  assert.match(r.json.errors[1].message, /^第 5 行：.*不是人民调解组织/);
  assert.deepEqual(await names(u), before0, 'nothing half-imported');
  assert.equal((await admin.get('/api/v1/experts?field=psychology&limit=200')).json.items.length, experts0);

  // who may: admins only; a county admin only inside the county
  const disp = await login('county_dispatcher');
  expectError(assert, await upload(disp, bad), 403, 'forbidden');
  const county = await login('county_admin');
  r = await upload(county, `type,a,b,c\nmediator,${units.town.unit_id},县导乙,hired\nmediator,${u},县导甲,hired\n`);
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((e) => e.row), [3], 'the city committee is outside the county admin\'s area');
  assert.ok(!(await names(units.town.unit_id)).includes('县导乙'), 'nothing half-imported');
  r = await upload(county, `type,a,b,c\nmediator,${units.town.unit_id},县导乙,xiangxian\n`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.imported, 1);
  assert.ok((await names(units.town.unit_id)).includes('县导乙'));

  // empty and unreadable files
  expectError(assert, await upload(admin, ''), 400, 'import_empty');
  expectError(assert, await upload(admin, 'type,a\n'), 400, 'import_empty');
  expectError(assert, await upload(admin, Buffer.from('PK\x03\x04not a zip at all', 'latin1'), 'application/octet-stream'), 400, 'invalid_file');

  // the whole file, as CSV, then an xlsx sheet
  r = await upload(admin, bad.split('\r\n').filter((l, i) => i !== 2 && i !== 4).join('\n'));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { errors: [], imported: 2 });
  assert.ok((await names(u)).includes('网导甲'));
  const mine = (await admin.get(`/api/v1/mediators?unit_id=${u}&limit=200`)).json.items.find((m) => m.name === '网导甲');
  assert.equal(mine.phone_mask, '139****3333');
  assert.equal(mine.member_role, 'member');
  const book = writeXlsx([['type', 'a', 'b', 'c', 'd', 'e'], ['mediator', String(u), '表导甲', 'lawyer', '0', 'labor'], ['expert', '1301', '表导专家', 'finance', '经济师']]);
  r = await upload(admin, book, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.imported, 2);
  assert.ok((await names(u)).includes('表导甲'));
  assert.ok((await admin.get('/api/v1/experts?field=finance&limit=200')).json.items.some((e) => e.name === '表导专家'));
});

// A mediation of committee u driven to an effective oral agreement (and
// performed) or a termination.
async function mediate(sec, unitId, mediatorId, outcome) {
  const c = await srv.client().post('/api/v1/public/cases', {
    category: 'traffic', org: '130102001001', channel: 'h5', title: '电动车剐蹭赔偿',
    description: '电动车在小区门口剐蹭了轿车，双方对赔偿金额有争议，申请调解。',
    applicant: { name: '韩甲', phone: '13812340001' }, respondents: [{ name: '韩乙' }],
  });
  assert.equal(c.status, 201, c.text);
  const disp = await login('county_dispatcher');
  const m = await disp.post(`/api/v1/cases/${c.json.id}/mediation`, { unit_id: unitId, source: 'application' });
  assert.equal(m.status, 201, m.text);
  const act = async (body) => {
    const r = await sec.post(`/api/v1/mediations/${m.json.id}/actions`, body);
    assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  };
  await act({ action: 'accept', consents: [{ party: '韩甲', consent: true }, { party: '韩乙', consent: true }] });
  await act({ action: 'assign', mediator_ids: [mediatorId] });
  if (outcome === 'failed') {
    await act({ action: 'terminate', reason: 'no_agreement', channels: ['litigation'] });
  } else {
    await act({ action: 'agree', form: 'oral', terms: '当场赔偿三百元。' });
    await act({ action: 'followup', performed: outcome === 'performed' ? 'full' : 'none', satisfaction: '满意' });
  }
  return m.json.id;
}

async function secretary(username, unit) {
  const r = await admin.post('/api/v1/users', { username, password: 'Mediate#2026', role: 'mediator', org: '1301', unit_id: unit.id });
  assert.equal(r.status, 201, r.text);
  const c = srv.client();
  await c.firstLogin(username, 'Mediate#2026');
  return c;
}

test('rankings of committees and mediators by the mediation KPIs, with the red and black lists', async () => {
  const jt = await secretary('rk_jt', units.traffic);
  const yl = await secretary('rk_yl', units.medical);
  const mk = async (unit, name) => (await admin.post('/api/v1/mediators', { unit_id: unit.id, name, kind: 'hired', full_time: true })).json.id;
  const a = await mk(units.traffic, '排名甲');
  const b = await mk(units.medical, '排名乙');
  // traffic: 3 agreed and performed; medical: 1 agreed (not performed), 2 failed
  for (let i = 0; i < 3; i++) await mediate(jt, units.traffic.id, a, 'performed');
  await mediate(yl, units.medical.id, b, 'agreed');
  await mediate(yl, units.medical.id, b, 'failed');
  await mediate(yl, units.medical.id, b, 'failed');

  const leader = await login('city_leader');
  let r = await leader.get('/api/v1/stats/rankings?org=1301&kind=mediation_org');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'mediation_org');
  assert.equal(r.json.sort, 'score');
  const t = r.json.items.find((x) => x.key === units.traffic.id);
  const m = r.json.items.find((x) => x.key === units.medical.id);
  assert.ok(t && m, JSON.stringify(r.json.items));
  assert.equal(t.accepted, 3);
  assert.equal(t.success_rate, 1);
  assert.equal(t.agreements_performed, 3);
  assert.equal(m.accepted, 3);
  assert.equal(m.success_rate, 0.3333);
  assert.equal(m.agreements_performed, 0);
  assert.ok(t.rank < m.rank && t.score > m.score, 'the better committee ranks higher');
  assert.ok(t.score > 0 && t.score <= 100);
  assert.deepEqual(r.json.items.map((x) => x.rank), r.json.items.map((_, i) => i + 1));
  assert.equal(r.json.red_list[0].key, units.traffic.id, 'red list: the best by score');
  assert.equal(r.json.black_list[0].key, units.medical.id, 'black list: the worst');
  assert.ok(!r.json.red_list.some((x) => r.json.black_list.some((y) => y.key === x.key)), 'on one list at most');

  // another order: by accepted, by avg_days; a threshold that leaves the lists empty
  r = await leader.get('/api/v1/stats/rankings?org=1301&kind=mediation_org&sort=success_rate&min_cases=4');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items[0].key, units.traffic.id);
  assert.deepEqual([r.json.red_list.length, r.json.black_list.length], [0, 0]);

  r = await leader.get('/api/v1/stats/rankings?org=1301&kind=mediator');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'mediator');
  const ma = r.json.items.find((x) => x.key === a);
  const mb = r.json.items.find((x) => x.key === b);
  assert.equal(ma.name, '排名甲');
  assert.equal(ma.agreed, 3);
  assert.equal(mb.failed, 2);
  assert.ok(ma.rank < mb.rank);

  // the period: nothing before this year's mediations
  r = await leader.get('/api/v1/stats/rankings?org=1301&kind=mediation_org&from=2000-01-01&to=2000-12-31');
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.json.items.some((x) => x.accepted > 0));

  expectError(assert, await leader.get('/api/v1/stats/rankings?kind=mediation_org&sort=returns'), 400, 'invalid_sort');
  expectError(assert, await leader.get('/api/v1/stats/rankings?kind=mediations'), 400, 'invalid_filter');
  expectError(assert, await leader.get('/api/v1/stats/rankings?kind=mediator&from=yesterday'), 400, 'invalid_date');
  const town = await login('town_dispatcher');
  expectError(assert, await town.get('/api/v1/stats/rankings?org=1301&kind=mediation_org'), 404, 'not_found');
});
