// basedata.test.js - base data ("9+X"): people, households, houses and
// organisations through one API; ID numbers and credit codes checked
// against their check digits (422 naming the field, nothing stored);
// special-group tags seen only by the grid's workers and the township
// 综治中心, masked for everyone else, every read in the operation log;
// a grid worker writing outside their grid gets 403; a person links
// their cases and a case's parties link back; the CSV import of the CLI
// takes good rows, reports broken ones by row and field, and is
// idempotent on the natural keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, expectError, cli } from './harness.js';
import { idNumber, creditCode, wrongLast } from './idgen.js';

const GRID = '130102001001001'; // the demo grid workers' grid
const OTHER_GRID = '130102001002001'; // same township, another village
const FAR_GRID = '130104001001001'; // another county


let srv;
const users = {};
before(async () => {
  srv = await startServer();
  for (const u of ['town_grid_worker', 'town_dispatcher', 'town_admin', 'town_handler', 'county_leader',
    'county_admin', 'town_leader']) {
    users[u] = srv.client();
    await users[u].login(u);
  }
});
after(async () => { await srv.stop(); });

const P1 = idNumber('13010219850315201'); // odd 17th digit: male
const P2 = idNumber('13010220120601002'); // even: female, a child

test('a person is created with the ID number sealed, sex and birth date from it, and masked for other roles', async () => {
  const gw = users.town_grid_worker;
  const r = await gw.post('/api/v1/people', {
    grid: GRID, name: '王建国', id_number: P1, phone: '13812345678', kind: '户籍', ethnicity: '汉族',
    tags: ['刑满释放'],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.sex, '男');
  assert.equal(r.json.birth_date, '1985-03-15');
  assert.equal(r.json.id_number, P1, 'the grid worker sees the number in clear');
  assert.deepEqual(r.json.tags, ['刑满释放']);
  const id = r.json.id;
  // The county leader sees the person masked, tags hidden.
  const l = await users.county_leader.get(`/api/v1/people/${id}`);
  assert.equal(l.status, 200, l.text);
  assert.equal(l.json.id_number, '130102********' + P1.slice(-4));
  assert.equal(l.json.phone, '138****5678');
  assert.equal(l.json.tags, null);
  assert.equal(l.json.tags_masked, true);
  assert.ok(!l.text.includes('刑满释放'));
  // An admin too (tags are not an administrator's business).
  const ad = await users.town_admin.get(`/api/v1/people/${id}`);
  assert.equal(ad.json.tags, null);
  // The township 综治中心 dispatcher sees them.
  const d = await users.town_dispatcher.get(`/api/v1/people/${id}`);
  assert.deepEqual(d.json.tags, ['刑满释放']);
  assert.equal(d.json.id_number, P1);
  // No clear ID number in the database: its file, or a dump of PostgreSQL's.
  const stored = srv.db.startsWith('postgres') ? spawnSync('pg_dump', [srv.db]).stdout : readFileSync(srv.db);
  assert.ok(stored.length > 0 && !stored.includes(Buffer.from(P1)));
});

test('a malformed ID number or credit code answers 422 naming the field, and nothing is stored', async () => {
  const gw = users.town_grid_worker;
  const bad = wrongLast(idNumber('13010219900101301'));
  const r = await gw.post('/api/v1/people', { grid: GRID, name: '李四', id_number: bad });
  expectError(assert, r, 422, 'invalid_field');
  assert.match(r.json.error.message, /id_number/);
  const l = await users.town_dispatcher.get(`/api/v1/people?id_number=${bad.slice(0, -1)}${idNumber('13010219900101301').slice(-1)}`);
  assert.equal(l.status, 200);
  assert.equal(l.json.items.length, 0, 'nothing stored');
  const o = await gw.post('/api/v1/organisations', { grid: GRID, name: '某某商贸有限公司', kind: '企业',
    credit_code: wrongLast(creditCode('91130102MA0ABCDE1')) });
  expectError(assert, o, 422, 'invalid_field');
  assert.match(o.json.error.message, /credit_code/);
  const short = await gw.post('/api/v1/people', { grid: GRID, name: '李四', id_number: '1301021990' });
  expectError(assert, short, 422, 'invalid_field');
  const wrongBirth = await gw.post('/api/v1/people', { grid: GRID, name: '李四', id_number: P2, birth_date: '2012-06-02' });
  expectError(assert, wrongBirth, 422, 'invalid_field');
  assert.match(wrongBirth.json.error.message, /birth_date/);
});

test('organisations, households and houses: CRUD, exact lookup, filters and cursor pages', async () => {
  const d = users.town_dispatcher;
  const code = creditCode('91130102MA0ABCDE1');
  const o = await d.post('/api/v1/organisations', { grid: GRID, name: '建北商贸有限公司', kind: 'enterprise',
    credit_code: code.toLowerCase(), legal_representative: '赵六', address: '建北街道1号' });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.kind, '企业');
  assert.equal(o.json.credit_code, code);
  const dup = await d.post('/api/v1/organisations', { grid: GRID, name: '重复', kind: '企业', credit_code: code });
  expectError(assert, dup, 409, 'record_exists');
  const found = await d.get(`/api/v1/organisations?credit_code=${code}`);
  assert.deepEqual(found.json.items.map((x) => x.id), [o.json.id]);
  const hh = await d.post('/api/v1/households', { grid: GRID, number: '130102001001-0001', address: '建北街道幸福里3号' });
  assert.equal(hh.status, 201, hh.text);
  const house = await d.post('/api/v1/houses', { grid: GRID, address: '建北街道幸福里3号', use: '出租', lat: 38.05, lon: 114.52 });
  assert.equal(house.status, 201, house.text);
  const child = await d.post('/api/v1/people', { grid: GRID, name: '王小花', id_number: P2, household_id: hh.json.id,
    relation: '子女', house_id: house.json.id, tags: ['留守儿童'] });
  assert.equal(child.status, 201, child.text);
  assert.equal(child.json.sex, '女');
  const bogus = await d.post('/api/v1/people', { grid: GRID, name: '无户', id_number: idNumber('13010219700101003'), household_id: 999999 });
  expectError(assert, bogus, 422, 'unknown_reference');
  // The head follows the person whose relation is 户主.
  const head = await d.post('/api/v1/people', { grid: GRID, name: '王大山', id_number: idNumber('13010219600101005'),
    household_id: hh.json.id, relation: '户主' });
  assert.equal(head.status, 201, head.text);
  const hh2 = await d.get(`/api/v1/households/${hh.json.id}`);
  assert.equal(hh2.json.head_id, head.json.id);
  // The tenants of the house.
  const up = await d.put(`/api/v1/houses/${house.json.id}`, { tenant_ids: [child.json.id, head.json.id], use: 'rented' });
  assert.equal(up.status, 200, up.text);
  assert.deepEqual(up.json.tenant_ids, [child.json.id, head.json.id]);
  assert.equal(up.json.address, '建北街道幸福里3号', 'unchanged fields stay');
  // Filters: kind, grid, org subtree, tag (the demo's people and houses
  // live in this grid too: each filter is checked on its own rows).
  const addr = encodeURIComponent('建北街道幸福里3号');
  const kind = await d.get(`/api/v1/houses?kind=${encodeURIComponent('出租')}&grid=${GRID}&address=${addr}`);
  assert.deepEqual(kind.json.items.map((x) => x.id), [house.json.id]);
  const none = await d.get(`/api/v1/houses?kind=${encodeURIComponent('空置')}&grid=${GRID}&address=${addr}`);
  assert.equal(none.json.items.length, 0);
  const rented = await d.get(`/api/v1/houses?kind=rented&org=130102001&limit=50`);
  assert.ok(rented.json.items.length > 0 && rented.json.items.every((x) => x.use === '出租'));
  const tagged = await d.get(`/api/v1/people?tag=${encodeURIComponent('留守儿童')}&id_number=${P2}`);
  assert.deepEqual(tagged.json.items.map((x) => x.id), [child.json.id]);
  assert.equal((await d.get(`/api/v1/people?tag=disabled&id_number=${P2}`)).json.items.length, 0);
  const anyTagged = await d.get(`/api/v1/people?tag=${encodeURIComponent('留守儿童')}&limit=50`);
  assert.ok(anyTagged.json.items.every((x) => x.tags.includes('留守儿童')));
  const other = await d.get(`/api/v1/people?grid=${OTHER_GRID}&id_number=${P2}`);
  assert.equal(other.json.items.length, 0);
  expectError(assert, await d.get('/api/v1/people?colour=red'), 400, 'invalid_filter');
  expectError(assert, await d.get('/api/v1/houses?id_number=1'), 400, 'invalid_filter');
  // Cursor pages: all three people of the grid, two per page.
  const p1 = await d.get(`/api/v1/people?grid=${GRID}&limit=2`);
  assert.equal(p1.json.items.length, 2);
  assert.ok(p1.json.next);
  const p2 = await d.get(`/api/v1/people?grid=${GRID}&limit=2&cursor=${p1.json.next}`);
  const all = [...p1.json.items, ...p2.json.items].map((x) => x.id);
  assert.equal(new Set(all).size, 4);
  assert.ok(all.every((x, i) => i === 0 || x > all[i - 1]), 'one grid: in id order');
  // Delete.
  const del = await d.del(`/api/v1/organisations/${o.json.id}`);
  assert.equal(del.status, 204);
  assert.equal((await d.get(`/api/v1/organisations/${o.json.id}`)).status, 404);
});

test('tags: the tag filter is refused to roles that may not see tags, and every read is in the operation log', async () => {
  expectError(assert, await users.county_leader.get(`/api/v1/people?tag=${encodeURIComponent('留守儿童')}`), 403, 'forbidden');
  expectError(assert, await users.town_admin.get('/api/v1/people?tag=disabled'), 403, 'forbidden');
  const before = await users.county_admin.get('/api/v1/operation-log?action=read_special_groups');
  assert.equal(before.status, 200, before.text);
  const n0 = before.json.items.length;
  const list = await users.town_dispatcher.get(`/api/v1/people?grid=${GRID}`);
  const id = list.json.items[0].id;
  await users.town_grid_worker.get(`/api/v1/people/${id}`);
  await users.county_leader.get(`/api/v1/people/${id}`); // masked: not a read of tags
  const after = await users.county_admin.get('/api/v1/operation-log?action=read_special_groups');
  assert.equal(after.json.items.length, n0 + 2, after.text);
  const users_ = after.json.items.slice(0, 2).map((x) => x.username).sort();
  assert.deepEqual(users_, ['town_dispatcher', 'town_grid_worker']);
  assert.ok(after.json.items.some((x) => x.target === String(id)));
  // The export carries tags only for a reader who may see them.
  const exp = await users.county_leader.get(`/api/v1/people/export.csv?grid=${GRID}`);
  assert.equal(exp.status, 200, exp.text);
  assert.ok(exp.text.includes('特殊人群'));
  assert.ok(!exp.text.includes('留守儿童') && !exp.text.includes('刑满释放'), 'no tag in the leader\'s export');
  assert.ok(!exp.text.includes(P1), 'no clear ID number either');
  const exp2 = await users.town_dispatcher.get(`/api/v1/people/export.csv?grid=${GRID}`);
  assert.ok(exp2.text.includes('留守儿童'));
  // The whole township (the demo's 12,000 people): every row, one header.
  const town = await users.town_dispatcher.get('/api/v1/people/export.csv?org=130102001');
  assert.equal(town.status, 200, town.text.slice(0, 200));
  const lines = town.text.trim().split('\n');
  assert.ok(lines.length > 12000, `${lines.length} lines`);
  assert.equal(lines.filter((l) => l.includes('网格编码')).length, 1);
});

test('a grid worker writing outside their grid gets 403; read-only roles too', async () => {
  const gw = users.town_grid_worker;
  const r = await gw.post('/api/v1/people', { grid: OTHER_GRID, name: '张三', id_number: idNumber('13010219800101007') });
  expectError(assert, r, 403, 'outside_grid');
  const h = await users.town_handler.post('/api/v1/households', { grid: GRID, number: 'X-1', address: '某处' });
  expectError(assert, h, 403, 'forbidden');
  // Moving a record of their grid elsewhere is writing outside it.
  const p = await gw.get(`/api/v1/people?grid=${GRID}&limit=1`);
  const mv = await gw.put(`/api/v1/people/${p.json.items[0].id}`, { grid: OTHER_GRID });
  expectError(assert, mv, 403, 'outside_grid');
  // Other staff writing outside their scope, as at intake.
  const d = await users.town_dispatcher.post('/api/v1/households', { grid: FAR_GRID, number: 'FAR-1', address: '别处' });
  expectError(assert, d, 403, 'outside_scope');
});

test('a person links their cases and the case\'s parties link to the person', async () => {
  const d = users.town_dispatcher;
  const c = await d.post('/api/v1/cases', { channel: 'walk_in', category: 'neighbor', org: '130102001001',
    title: '邻里纠纷', description: '邻居之间因为排水问题发生争执，需要调解处理。',
    applicant: { name: '王建国', phone: '13812345678', id_number: P1 } });
  assert.equal(c.status, 201, c.text);
  const people = await d.get(`/api/v1/people?id_number=${P1}`);
  assert.equal(people.json.items.length, 1);
  const pid = people.json.items[0].id;
  const p = await d.get(`/api/v1/people/${pid}`);
  assert.ok(p.json.cases.some((x) => x.id === c.json.id && x.role === 'applicant'), p.text);
  const cs = await d.get(`/api/v1/cases/${c.json.id}`);
  assert.equal(cs.json.applicant.person_id, pid);
});

test('fengqiao basedata import: good rows in, broken rows reported by row and field, idempotent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fq-bd-'));
  const file = join(dir, 'people.csv');
  const good1 = idNumber('13010219790505121');
  const good2 = idNumber('13010219820202222');
  writeFileSync(file, [
    '网格编码,姓名,公民身份号码,性别,出生日期,民族,联系电话,人口类型,户号,与户主关系,居住地址,特殊人群',
    `${GRID},刘一,${good1},,,汉族,13900001111,户籍,,,,残疾`,
    `${GRID},陈二,${wrongLast(good2)},,,汉族,,流动,,,,`,
    `${GRID},张三,${good2},,,回族,,境外人员,,,,`,
    `${GRID},"李,四",${idNumber('13010219900909003')},,,汉族,,流动,,,,`,
    `999,赵五,${idNumber('13010219910909004')},,,汉族,,户籍,,,,`,
    '',
  ].join('\n'));
  const errors = join(dir, 'errors.csv');
  const r = cli(['basedata', 'import', '--db', srv.db, '--kind', 'people', '--errors', errors, file]);
  assert.equal(r.status, 1, `exit 1 when rows were refused: ${r.stdout} ${r.stderr}`);
  assert.match(r.stdout, /2 .*imported|imported 2|导入 2/);
  const rep = readFileSync(errors, 'utf8');
  assert.match(rep, /^row,field,code,message/m);
  assert.match(rep, /^3,id_number,invalid_field,/m);
  assert.match(rep, /^4,kind,invalid_field,/m);
  assert.match(rep, /^6,grid,unknown_grid,/m);
  const d = users.town_dispatcher;
  const l = await d.get(`/api/v1/people?id_number=${good1}`);
  assert.equal(l.json.items.length, 1);
  assert.deepEqual(l.json.items[0].tags, ['残疾']);
  assert.equal((await d.get(`/api/v1/people?id_number=${good2}`)).json.items.length, 0, 'the broken row left nothing');
  // Again: the same rows, updated, not doubled.
  const again = cli(['basedata', 'import', '--db', srv.db, '--kind', 'people', '--errors', errors, file]);
  assert.equal(again.status, 1);
  const l2 = await d.get(`/api/v1/people?id_number=${good1}`);
  assert.equal(l2.json.items.length, 1);
  assert.ok(existsSync(errors));
});

test('an import killed half-way resumes from its checkpoint: every row once, each refused row reported once', async () => {
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('./harness.js');
  const dir = mkdtempSync(join(tmpdir(), 'fq-bd-'));
  const file = join(dir, 'people.csv');
  const lines = ['网格编码,姓名,公民身份号码,人口类型'];
  const N = 3000;
  for (let i = 0; i < N; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const seq = String(100 + Math.floor(i / 28)).padStart(3, '0');
    let id = idNumber(`130102197703${day}${seq}`);
    if (i === 3) id = wrongLast(id); // line 5
    lines.push(`${GRID},居民${i},${id},流动`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  const ckpt = join(dir, 'ckpt');
  const errors = join(dir, 'errors.csv');
  const args = ['basedata', 'import', '--db', srv.db, '--kind', 'people', '--batch', '100', '--errors', errors,
    '--checkpoint', ckpt, file];
  const p = spawn(BIN, args, { stdio: 'ignore' });
  const exited = new Promise((res) => p.on('exit', res));
  for (let i = 0; i < 2000 && !existsSync(ckpt); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(existsSync(ckpt), 'a checkpoint after the first batch');
  p.kill('SIGKILL');
  await exited;
  const done = Number(readFileSync(ckpt, 'utf8').split(' ')[1]);
  assert.ok(done > 1 && done < N + 1, `killed half-way (after line ${done})`);
  const r = cli(args);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /resuming after row/);
  assert.match(r.stdout, new RegExp(`imported ${N - 1} rows, refused 1`));
  assert.ok(!existsSync(ckpt), 'the checkpoint is removed at the end');
  const rep = readFileSync(errors, 'utf8').trim().split('\n');
  assert.deepEqual(rep.map((l) => l.split(',')[0]), ['row', '5']);
  // Every row once: page through the grid's people named 居民….
  let cursor = '', seen = 0;
  const d = users.town_dispatcher;
  for (;;) {
    const page = await d.get(`/api/v1/people?grid=${GRID}&kind=floating&limit=200${cursor}`);
    seen += page.json.items.filter((x) => x.name.startsWith('居民')).length;
    if (!page.json.next) break;
    cursor = `&cursor=${page.json.next}`;
  }
  assert.equal(seen, N - 1);
});

test('the import reads an xlsx sheet in the template\'s columns, with the same report', async () => {
  const { writeXlsx } = await import('./xlsxwrite.js');
  const dir = mkdtempSync(join(tmpdir(), 'fq-bd-'));
  const file = join(dir, 'organisations.xlsx');
  const code = creditCode('92130102MA0XLKY01');
  writeFileSync(file, writeXlsx([
    ['网格编码', '名称', '统一社会信用代码', '类型', '地址', '法定代表人', '联系电话'],
    [GRID, '表格导入商店', code, '个体工商户', '建北街道7号', '钱七', 3118600123],
    [GRID, '坏代码公司', wrongLast(creditCode('91130102MA0XLKY02')), '企业', null, null, null],
    [GRID, '缺类型 & <公司>', creditCode('91130102MA0XLKY03'), null, null, null, null],
  ]));
  const errors = join(dir, 'errors.csv');
  const r = cli(['basedata', 'import', '--db', srv.db, '--kind', 'organisations', '--errors', errors, file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /imported 1 rows, refused 2/);
  const rep = readFileSync(errors, 'utf8');
  assert.match(rep, /^3,credit_code,invalid_field,/m);
  assert.match(rep, /^4,kind,missing_field,/m);
  const o = await users.town_dispatcher.get(`/api/v1/organisations?credit_code=${code}`);
  assert.equal(o.json.items.length, 1);
  assert.equal(o.json.items[0].name, '表格导入商店');
  assert.equal(o.json.items[0].kind, '个体工商户');
  assert.equal(o.json.items[0].contact, '3118600123');
  // Not a spreadsheet: refused as a whole, nothing read.
  writeFileSync(join(dir, 'bad.xlsx'), 'not a zip');
  const bad = cli(['basedata', 'import', '--db', srv.db, '--kind', 'organisations', join(dir, 'bad.xlsx')]);
  assert.equal(bad.status, 2);
});
