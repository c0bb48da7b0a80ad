// exports.test.js - Excel exports read back: the case list with the list's
// filters and the reader's scope, and the KPI table with its rates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';
import { readXlsx } from './xlsx.js';

const VILLAGE = '130102001001';
let srv, disp;
const recs = [];

before(async () => {
  srv = await startServer();
  disp = srv.client();
  await disp.login('town_dispatcher');
  for (let i = 0; i < 3; i++) {
    const r = await srv.client().post('/api/v1/public/cases', {
      category: i ? 'neighbor' : 'wage_arrears', org: VILLAGE, title: `导出测试<${i}> & "引号"`,
      description: '邻居装修噪音扰民，多次沟通未果，希望社区协调解决，导出测试用例。',
      applicant: { name: '郑女士', phone: `1380000${8000 + i}` },
    });
    assert.equal(r.status, 201, r.text);
    recs.push(r.json);
  }
  const r = await disp.post(`/api/v1/cases/${recs[0].id}/actions`, { action: 'classify', flow: 'dispute', category: 'wage_arrears' });
  assert.equal(r.status, 200, r.text);
});
after(async () => { await srv.stop(); });

async function download(c, path) {
  const res = await fetch(srv.url + path, { headers: { cookie: c.cookie } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { res, buf };
}

test('the case list as .xlsx: headers, one row per case, filters and escaping honoured', async () => {
  const { res, buf } = await download(disp, '/api/v1/cases/export.xlsx');
  assert.equal(res.status, 200, buf.toString());
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /attachment; .*filename\*=UTF-8''/);
  const rows = readXlsx(buf);
  assert.deepEqual(rows[0].slice(0, 4), ['受理编号', '登记时间', '渠道', '类型']);
  const body = rows.slice(1);
  assert.equal(body.length, 3);
  assert.deepEqual(body.map((r) => r[0]).sort(), recs.map((r) => r.tracking_no).sort());
  const first = body.find((r) => r[0] === recs[0].tracking_no);
  assert.equal(first[3], '民间纠纷');
  assert.equal(first[4], '拖欠工资');
  assert.equal(first[5], '导出测试<0> & "引号"');
  assert.equal(first[6], '棉一东社区居民委员会');
  assert.equal(typeof first[1], 'number', 'a real Excel date');
  const filtered = readXlsx((await download(disp, '/api/v1/cases/export.xlsx?status=triaged')).buf);
  assert.equal(filtered.length - 1, 1);
  expectError(assert, await disp.get('/api/v1/cases/export.xlsx?limit=abc'), 400, 'invalid_filter');
  // Another county's dispatcher exports none of these.
  const admin = srv.client();
  await admin.login('city_admin');
  const counties = (await admin.get('/api/v1/orgs/1301/children')).json.items;
  const other = counties.find((c) => c.code !== '130102').code;
  assert.equal((await admin.post('/api/v1/users', { username: 'x_disp', password: 'Other#2026x', role: 'dispatcher', org: other })).status, 201);
  const x = srv.client();
  await x.firstLogin('x_disp', 'Other#2026x');
  assert.equal(readXlsx((await download(x, '/api/v1/cases/export.xlsx')).buf).length, 1, 'headers only');
  assert.equal((await fetch(`${srv.url}/api/v1/cases/export.xlsx`)).status, 401);
});

test('the KPI table as .xlsx: a row per group, the total, rates as numbers', async () => {
  const leader = srv.client();
  await leader.login('town_leader');
  const json = (await leader.get('/api/v1/stats/kpi?group_by=flow')).json;
  const { res, buf } = await download(leader, '/api/v1/stats/kpi.xlsx?group_by=flow');
  assert.equal(res.status, 200);
  const rows = readXlsx(buf);
  assert.match(rows[0][0], /建北街道/);
  assert.equal(rows[1][0], '分组');
  assert.equal(rows.length, 2 + json.groups.length + 1);
  const total = rows[rows.length - 1];
  assert.equal(total[0], '合计');
  assert.equal(total[1], json.total.intake);
  assert.equal(total[4], json.total.completion_rate, 'a rate as a number (0: three accepted, none resolved)');
  const empty = rows.find((r) => r[0] === '涉法涉诉');
  assert.equal(empty[1], 0);
  assert.equal(empty[4], undefined, 'a rate with nothing to measure is an empty cell, not 0');
});
