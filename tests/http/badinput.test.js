// badinput.test.js - every endpoint of the route table answers hostile
// input with a 4xx (never a 5xx), the server stays up, and nothing is
// stored.
//
// The endpoint list is read from src/api/routes.c itself, so a new route
// is covered (and must get a body template below if it takes one) without
// anyone remembering this file; query parameters come from
// docs/openapi.yaml. Per endpoint: malformed and deeply nested JSON,
// invalid UTF-8 (raw and escaped), NUL bytes, huge numbers, 10 MiB bodies,
// SQL metacharacters in every string field and every query parameter,
// garbage in every path parameter. Apart: path traversal against the
// static files and the attachment paths, and slow clients (slowloris:
// stalled headers and trickled bodies) that must not stop others from
// being served and that the server closes itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { startServer, rawRequest } from './harness.js';

const SQL = [`'; DROP TABLE cases; --`, `1' OR '1'='1`, `" OR ""="`, `%' UNION SELECT password_hash FROM users --`,
  `\\'; DELETE FROM case_event WHERE 1=1; /*`];

// --- the route table ---------------------------------------------------
function routeTable() {
  const src = readFileSync('src/api/routes.c', 'utf8');
  const rows = [];
  for (const m of src.matchAll(/^\s*\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)",\s*(\w+),\s*([^,]+),\s*([^,]+),/gm)) {
    rows.push({ method: m[1], pattern: m[2], handler: m[3], flags: m[4], roles: m[5] });
  }
  return rows;
}

// Query parameters per "METHOD path" from the OpenAPI document.
function queryParams() {
  const lines = readFileSync('docs/openapi.yaml', 'utf8').split('\n');
  const out = new Map();
  let path = null;
  let method = null;
  for (const l of lines) {
    let m = l.match(/^ {2}(\/\S*):\s*$/);
    if (m) { path = m[1]; method = null; continue; }
    m = l.match(/^ {4}(get|post|put|patch|delete):/);
    if (m && path) { method = m[1].toUpperCase(); continue; }
    if (path && method) {
      for (const q of l.matchAll(/name:\s*([\w[\]]+),\s*in:\s*query/g)) {
        const k = `${method} ${path}`;
        out.set(k, [...(out.get(k) || []), q[1]]);
      }
    }
  }
  return out;
}

const ROUTES = routeTable();
const QUERY = queryParams();

// Realistic bodies of the write endpoints; the SQL variant replaces every
// string in them, the number variants every number.
const TEMPLATES = {
  'POST /api/v1/session': { username: 'county_admin', password: 'Fengqiao@2026' },
  'POST /api/v1/units': { name: '长安区物业纠纷调解委员会', org: '130102', kind: 'industry_mediation', phone: '0311-86000001', categories: ['property_mgmt'] },
  'PATCH /api/v1/units/{id}': { name: '改名', kind: 'justice_office', phone: '0311-86000002', active: true, categories: ['neighbor'] },
  'POST /api/v1/users': { username: 'new_handler_x', display_name: '新办理员', role: 'handler', org: '130102001', unit_id: 1, password: 'Strong#Pass2026', phone: '13900001111' },
  'PATCH /api/v1/users/{id}': { active: true, role: 'handler', unit_id: 1, org: '130102001' },
  'POST /api/v1/users/{id}/password-reset': {},
  'POST /api/v1/users/{id}/unlock': {},
  'POST /api/v1/me/password': { current: 'Fengqiao@2026', new: 'Other#Pass2026' },
  'POST /api/v1/public/cases': { category: 'neighbor', org: '130102001001', title: '楼道', description: '隔壁装修把公共楼道堵住了，老人出行不便。', lat: 38.04, lon: 114.51, applicant: { name: '吴大爷', phone: '13900005555' } },
  'POST /api/v1/public/cases/{tracking_no}/rating': { query_code: 'X', satisfaction: 'satisfied', comment: '好' },
  'POST /api/v1/public/cases/{tracking_no}/actions': { query_code: 'X', action: 'request_review', reason: '不服答复，请求复查' },
  'POST /api/v1/public/cases/{tracking_no}/mediation': { query_code: 'X', unit_id: 1 },
  'POST /api/v1/public/cases/{tracking_no}/mediation/actions': { query_code: 'X', action: 'recuse', mediator_id: 1, reason: '调解员与对方是亲戚' },
  'POST /api/v1/cases': { channel: 'walk_in', category: 'neighbor', org: '130102001001', description: '来访反映邻里纠纷，需要调解。', applicant: { name: '张三', phone: '13900002222' } },
  'POST /api/v1/cases/{id}/actions': { action: 'dispatch', unit_id: 1, note: '请办理' },
  'POST /api/v1/triage/suggest': { text: '包工头拖欠工资' },
  'POST /api/v1/categories': { code: 'newcat', name: '新类别', flow: 'dispute', emergency: false, sort: 99 },
  'PATCH /api/v1/categories/{code}': { name: '邻里', flow: 'dispute', active: true, sort: 1 },
  'PUT /api/v1/holidays/{day}': { kind: 'rest', name: '调休' },
  'POST /api/v1/test/clock': { now: '2026-03-01T09:00:00+08:00' },
  'POST /api/v1/alerts/{id}/actions': { action: 'assign', user_id: 1, note: '请核实' },
  'PUT /api/v1/warning-settings': { cluster_count: 5, cluster_days: 7 },
  'PUT /api/v1/time-policies/{flow}': { category: 'neighbor', accept_amount: 1, accept_unit: 'working', resolve_amount: 20, resolve_unit: 'calendar' },
  'POST /api/v1/reply-templates': { org_code: '130102', title: '调解地点', body: '调解地点：长安区矛盾纠纷调处中心。', sort: 10, active: true },
  'POST /api/v1/people': { grid: '130102001001001', name: '张三', id_number: '11010519491231002X', kind: '户籍', phone: '13900001111', tags: ['残疾'] },
  'PUT /api/v1/people/{id}': { name: '张三', phone: '13900001111' },
  'PATCH /api/v1/people/{id}': { name: '张三', phone: '13900001111' },
  'POST /api/v1/households': { grid: '130102001001001', number: 'HH-1', address: '幸福路1号' },
  'PUT /api/v1/households/{id}': { address: '幸福路2号' },
  'PATCH /api/v1/households/{id}': { address: '幸福路2号' },
  'POST /api/v1/houses': { grid: '130102001001001', address: '幸福路1号', use: '出租', lat: 38.04, lon: 114.5 },
  'PUT /api/v1/houses/{id}': { use: '空置', lat: 38.05 },
  'PATCH /api/v1/houses/{id}': { use: '空置', lat: 38.05 },
  'POST /api/v1/organisations': { grid: '130102001001001', name: '某商贸有限公司', credit_code: '91350100M000100Y43', kind: '企业' },
  'PUT /api/v1/organisations/{id}': { name: '某商贸有限公司' },
  'PATCH /api/v1/organisations/{id}': { name: '某商贸有限公司' },
  'PUT /api/v1/grids/{code}': { name: '第1网格', leader_user_id: 1, worker_user_ids: [1], extent: '幸福路以东', worker_phone: '13900001111', boundary: null },
  'PATCH /api/v1/reply-templates/{id}': { title: '调解地点', body: '调解地点：长安区矛盾纠纷调处中心。', sort: 10, active: true },
  'POST /api/v1/service-points': { type: 'justice_office', name: '建北街道司法所', org_code: '130102001', address: '建北街道 1 号', phone: '0311-86000003', hours: '1-5 08:30-17:30', services: '人民调解', lat: 38.04, lon: 114.51, crs: 'gcj02', open_on_holidays: false },
  'PATCH /api/v1/service-points/{id}': { type: 'court', hours: '24h', lat: 38.05, lon: 114.52, crs: 'bd09' },
  'PUT /api/v1/map-settings': { tile_url: 'https://t0.tianditu.gov.cn/{z}/{x}/{y}', tile_attribution: '天地图', review_no: 'GS(2024)0650号' },
  'POST /api/v1/cases/{id}/mediation': { unit_id: 1, source: 'application' },
  'POST /api/v1/mediations/{id}/actions': { action: 'accept', consents: [{ party: '吴大爷', consent: true }] },
  'POST /api/v1/confirmations/{id}/actions': { action: 'accept', case_no: '（2026）冀0102民特1号' },
  'PUT /api/v1/confirmation-settings/{court_unit_id}': { accept_days: 3, rule_days: 15, extend_days: 10 },
  'POST /api/v1/court-referrals': { court_unit_id: 1, unit_id: 2, kind: 'assigned', category: 'neighbor', description: '诉前委派调解。', parties: [{ name: '甲', phone: '13900001111' }, { name: '乙' }] },
  'POST /api/v1/mediation-orgs': { unit_id: 1, org_kind: 'village', code: 'CA-001', short_name: '长' },
  'PATCH /api/v1/mediation-orgs/{id}': { org_kind: 'village', code: 'CA-001', short_name: '长', published: true },
  'POST /api/v1/mediators': { unit_id: 1, name: '张调解', kind: 'hired', full_time: true, specialties: ['neighbor'], phone: '13900001111', grade: '一级' },
  'PATCH /api/v1/mediators/{id}': { name: '张调解', kind: 'hired', active: true, specialties: ['neighbor'] },
  'POST /api/v1/experts': { name: '周律师', field: 'law', title: '律师', employer: '某律所', phone: '13700001111' },
  'PATCH /api/v1/experts/{id}': { name: '周律师', field: 'law', title: '律师', active: true },
  'PUT /api/v1/screenings/settings': { village: 'daily', township: 'weekly' },
  'PUT /api/v1/stats/grid-weights': { screening: 25, valid_reports: 40 },
  'POST /api/v1/screenings/{id}/actions': { action: 'report', checked: ['矛盾纠纷'], findings: [{ category: 'neighbor', description: '两户因漏水发生争执，需要调解。', org: '130102001001' }], note: '已排查' },
  'POST /api/v1/packages/meetings': { quarter: '2026-Q4', reviewed: [1], decisions: ['继续稳控'], note: '季度研判' },
  'POST /api/v1/houses/{id}/tenants': { person: { name: '赵租客', id_number: '130102199001010035', kind: '流动' } },
  'POST /api/v1/houses/{id}/vacate': {},
  'POST /api/v1/patrols': { grid: '130102001001001', started_at: '2026-05-01T09:00:00+08:00', ended_at: '2026-05-01T10:00:00+08:00', households: [1], notes: '巡查', lat: 38.04, lon: 114.5 },
  'POST /api/v1/patrols/{id}/reports': { category: 'neighbor', description: '巡查发现两户因漏水发生争执。', title: '漏水纠纷' },
};
// Where every string being SQL text is still a valid request that stores
// nothing (a suggestion is computed, not kept): a 200 is right there.
// The thresholds have no string field: the request stays a valid one.
const SQL_MAY_SUCCEED = new Set(['POST /api/v1/triage/suggest', 'PUT /api/v1/warning-settings',
  'PUT /api/v1/stats/grid-weights', // numbers only: the request stays a valid one
  'PATCH /api/v1/reply-templates/{id}', // a template's text is free text, stored verbatim
  'POST /api/v1/users/{id}/password-reset', 'POST /api/v1/users/{id}/unlock', // no fields at all
  'POST /api/v1/houses/{id}/vacate']);
// Endpoints whose body is a file, not JSON (the bytes are the upload).
const FILE_BODY = new Set(['api_attachments_upload', 'api_mediators_import']);
// Endpoints that read no body at all: hostile bodies are ignored there, so
// only their paths are attacked.
const NO_BODY = new Set(['DELETE /api/v1/session', 'DELETE /api/v1/holidays/{day}',
  'DELETE /api/v1/time-policies/{flow}', 'DELETE /api/v1/reply-templates/{id}', 'DELETE /api/v1/service-points/{id}',
  'DELETE /api/v1/people/{id}', 'DELETE /api/v1/households/{id}', 'DELETE /api/v1/houses/{id}',
  'DELETE /api/v1/organisations/{id}', 'DELETE /api/v1/confirmation-settings/{court_unit_id}']);

let srv, admin, disp, caseId, tn, qc, unitId, noCourtId;

const mapLeaves = (o, f) => (Array.isArray(o) ? o.map((x) => mapLeaves(x, f))
  : o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, mapLeaves(v, f)])) : f(o));

function fill(pattern, bad) {
  const vals = { id: String(caseId), code: '130102', tracking_no: tn, sha256: 'a'.repeat(64), day: '2026-12-07', token: tn, flow: 'dispute', court_unit_id: String(noCourtId) };
  return pattern.replace(/\{(\w+)\}/g, (_, n) => (bad !== undefined ? bad : vals[n]));
}

function clientFor(r) {
  if (r.flags.includes('API_PUBLIC')) return srv.client();
  return /ADMIN/.test(r.roles) && !/STAFF|INTAKE/.test(r.roles) ? admin : disp;
}

// What must not change: cases, the timeline of the sample case, units,
// users, categories, holidays, stored files.
async function snapshot() {
  const cases = (await admin.get('/api/v1/cases?limit=100')).json;
  const one = (await disp.get(`/api/v1/cases/${caseId}`)).json;
  return {
    newestCase: cases.items[0]?.id,
    caseCount: cases.items.length,
    events: one.timeline.length,
    status: one.status,
    units: JSON.stringify((await admin.get('/api/v1/units?org=130102&subtree=1')).json.items),
    users: (await admin.get('/api/v1/users')).json.items.length,
    categories: JSON.stringify((await admin.get('/api/v1/admin/categories')).json.items),
    holidays: JSON.stringify((await admin.get('/api/v1/holidays?year=2026')).json.items),
  };
}

// Slow clients are started first and checked last, so that waiting for the
// server's idle timeout overlaps the rest of the file.
const slow = [];
function slowClient(url, kind) {
  const u = new URL(url);
  const s = { kind, opened: Date.now(), closedAt: null, lastSend: Date.now(), got: '' };
  s.sock = net.connect(Number(u.port), u.hostname, () => {
    if (kind === 'stalled-headers') s.sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    else s.sock.write('POST /api/v1/public/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"description":"');
    s.lastSend = Date.now();
  });
  s.sock.on('data', (d) => { s.got += d.toString('latin1'); });
  s.sock.on('error', () => {});
  s.sock.on('close', () => { s.closedAt = Date.now(); });
  slow.push(s);
  return s;
}

before(async () => {
  srv = await startServer();
  admin = srv.client();
  await admin.login('city_admin');
  disp = srv.client();
  await disp.login('town_dispatcher');
  const r = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: '130102001001', description: '隔壁装修把公共楼道堵住了，老人出行不便。',
    applicant: { name: '吴大爷', phone: '13900005555' },
  });
  assert.equal(r.status, 201, r.text);
  ({ id: caseId, tracking_no: tn, query_code: qc } = r.json);
  unitId = (await disp.get('/api/v1/units?org=130102001')).json.items[0].id;
  // A unit that is no court: the settings' valid body is refused too (not_a_court).
  noCourtId = (await disp.get('/api/v1/units?org=130102001')).json.items.find((u) => !['court', 'tribunal'].includes(u.kind)).id;
  for (let i = 0; i < 20; i++) slowClient(srv.url, 'stalled-headers');
  for (let i = 0; i < 10; i++) slowClient(srv.url, 'stalled-body');
});
after(async () => {
  for (const s of slow) s.sock.destroy();
  await srv.stop();
});

const is4xx = (s) => s >= 400 && s < 500;

test('the route table is read and every body-taking endpoint has a template', () => {
  assert.ok(ROUTES.length >= 40, `only ${ROUTES.length} routes parsed from src/api/routes.c`);
  for (const r of ROUTES) {
    const key = `${r.method} ${r.pattern}`;
    if (['POST', 'PUT', 'PATCH'].includes(r.method) && !FILE_BODY.has(r.handler) && !r.pattern.startsWith('/open311/')) {
      assert.ok(TEMPLATES[key], `no body template for ${key}: add one to tests/http/badinput.test.js`);
    }
  }
});

test('malformed bodies on every write endpoint: 4xx, nothing stored', async () => {
  const snap = await snapshot();
  const bodies = [
    ['not json', 'not json'], ['truncated', '{"a":'], ['array', '[]'], ['trailing', '{"a":1} x'],
    ['duplicate key', '{"a":1,"a":2}'],
    ['nested 100', '{' + '"a":{'.repeat(100) + '}'.repeat(101)],
    ['nested 100k', '['.repeat(100000) + ']'.repeat(100000)],
    ['raw surrogate', Buffer.from('{"x":"\xed\xa0\x80"}', 'latin1')],
    ['overlong', Buffer.from('{"x":"\xc0\xaf"}', 'latin1')],
    ['bare 0xff', Buffer.from('{"x":"\xff"}', 'latin1')],
    ['escaped surrogate', '{"x":"\\ud800"}'],
    ['escaped NUL', '{"x":"a\\u0000b"}'],
    ['raw NUL', Buffer.from('{"x":"a\x00b"}', 'latin1')],
    ['huge exponent', '{"x":1e999999}'],
    ['DBL_MAX', '{"x":1.7976931348623157e308}'],
  ];
  let n = 0;
  for (const r of ROUTES) {
    const key = `${r.method} ${r.pattern}`;
    if (r.method === 'GET' || NO_BODY.has(key)) continue;
    const path = fill(r.pattern);
    const c = clientFor(r);
    for (const [name, body] of bodies) {
      const ct = r.pattern.startsWith('/open311/') ? 'application/x-www-form-urlencoded' : 'application/json';
      const res = await c.req(r.method, path, { body, headers: { 'Content-Type': ct } });
      assert.ok(is4xx(res.status), `${key} ${name}: ${res.status} ${res.text.slice(0, 200)}`);
      if (!r.pattern.startsWith('/open311/')) assert.ok(res.json?.error?.code && res.json.error.message, `${key} ${name}: error shape ${res.text.slice(0, 200)}`);
      n++;
    }
    // Wrong media type.
    const wrong = await c.req(r.method, path, { body: '{"a":1}', headers: { 'Content-Type': 'text/plain' } });
    assert.ok(is4xx(wrong.status), `${key} text/plain: ${wrong.status}`);
  }
  assert.ok(n > 200, `${n} requests`);
  assert.deepEqual(await snapshot(), snap, 'nothing was stored');
});

test('SQL metacharacters in every string field, huge numbers in every number field', async () => {
  const snap = await snapshot();
  for (const r of ROUTES) {
    const key = `${r.method} ${r.pattern}`;
    const tpl = TEMPLATES[key];
    if (!tpl) continue;
    const c = clientFor(r);
    for (const sql of SQL) {
      const res = await c.req(r.method, fill(r.pattern), { json: mapLeaves(tpl, (v) => (typeof v === 'string' ? sql : v)) });
      if (SQL_MAY_SUCCEED.has(key)) assert.ok(res.status === 200 || is4xx(res.status), `${key}: ${res.status}`);
      else assert.ok(is4xx(res.status), `${key} ${sql}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    for (const num of ['1e999', '-1e999', '99999999999999999999', '1.7976931348623157e308', '-9223372036854775809']) {
      const text = JSON.stringify(mapLeaves(tpl, (v) => (typeof v === 'number' ? `@@${num}@@` : v))).replace(/"@@([^@]+)@@"/g, '$1');
      if (!text.includes(num)) continue;
      const res = await c.req(r.method, fill(r.pattern), { body: text, headers: { 'Content-Type': 'application/json' } });
      assert.ok(is4xx(res.status) || (SQL_MAY_SUCCEED.has(key) && res.status === 200), `${key} ${num}: ${res.status} ${res.text.slice(0, 200)}`);
    }
  }
  assert.deepEqual(await snapshot(), snap, 'nothing was stored');
});

test('every query parameter of every GET endpoint: SQL text, bad UTF-8, NUL, huge numbers', async () => {
  let n = 0;
  for (const r of ROUTES.filter((x) => x.method === 'GET')) {
    const key = `GET ${r.pattern}`;
    const params = [...(QUERY.get(key) || []), ...(r.pattern.startsWith('/open311/') ? ['api_key', 'status', 'start_date'] : [])];
    const c = clientFor(r);
    const path = fill(r.pattern);
    // A harmless value that matches nothing is the yardstick: SQL text
    // must do no better (no extra rows) and no worse (no 5xx).
    for (const p of params) {
      const base = await c.get(`${path}?${p}=zzqqxx`);
      for (const sql of SQL) {
        const res = await c.get(`${path}?${p}=${encodeURIComponent(sql)}`);
        assert.ok(res.status < 500, `${key} ${p}=${sql}: ${res.status}`);
        if (res.status === 200 && base.status === 200 && Array.isArray(res.json?.items)) {
          // Rows holding the text itself are honest matches (a reply
          // template may have been saved with it verbatim above).
          const extra = res.json.items.filter((x) => !JSON.stringify(x).includes(JSON.stringify(sql).slice(1, -1)));
          assert.ok(extra.length <= base.json.items.length, `${key} ${p}=${sql}: more rows than for a harmless value`);
        }
        n++;
      }
      for (const v of ['%FF', '%C0%AF', '%ED%A0%80']) {
        const res = await c.get(`${path}?${p}=${v}`);
        assert.equal(res.status, 400, `${key} ${p}=${v}: ${res.status} ${res.text.slice(0, 100)}`);
        n++;
      }
      for (const v of ['%00', 'a%00b', '1e999', '99999999999999999999', '-1', 'NaN']) {
        const res = await c.get(`${path}?${p}=${v}`);
        assert.ok(res.status < 500, `${key} ${p}=${v}: ${res.status} ${res.text.slice(0, 100)}`);
        n++;
      }
    }
  }
  assert.ok(n > 100, `${n} requests`);
});

test('garbage in every path parameter: 4xx', async () => {
  const bad = ['-1', '0', '1e3', '99999999999999999999', '%FF', '%00', "1'%20OR%20'1'='1", '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(3000)];
  const snap = await snapshot();
  for (const r of ROUTES.filter((x) => x.pattern.includes('{'))) {
    const c = clientFor(r);
    for (const b of bad) {
      const path = fill(r.pattern, b);
      const raw = await rawRequest(srv.url, `${r.method} ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\n` +
        `X-CSRF-Token: ${c.csrf}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      assert.ok(is4xx(raw.status), `${r.method} ${path.slice(0, 80)}: ${raw.status} ${raw.raw.slice(0, 120)}`);
    }
  }
  assert.deepEqual(await snapshot(), snap, 'nothing was stored');
});

test('10 MiB bodies: refused with 413 (or as a file type), nothing stored', async () => {
  const snap = await snapshot();
  const tenMiB = 10 * 1024 * 1024;
  for (const r of ROUTES.filter((x) => x.method !== 'GET')) {
    const c = clientFor(r);
    const path = fill(r.pattern);
    if (FILE_BODY.has(r.handler)) {
      // Uploads may be 10 MiB: a JSON text that large is still no image.
      const res = await c.req(r.method, path, { body: '{"x":"' + 'a'.repeat(tenMiB - 8) + '"}', headers: { 'Content-Type': 'application/octet-stream' } });
      assert.ok(is4xx(res.status), `${r.method} ${path}: ${res.status}`);
      const over = await rawRequest(srv.url, `${r.method} ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nX-CSRF-Token: ${c.csrf}\r\n` +
        `Content-Length: ${tenMiB + 4096}\r\nConnection: close\r\n\r\n` + 'a'.repeat(65536));
      assert.equal(over.status, 413, `${r.method} ${path} over 10 MiB: ${over.raw.slice(0, 100)}`);
      continue;
    }
    // Announced: answered before the body is read.
    const raw = await rawRequest(srv.url, `${r.method} ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nX-CSRF-Token: ${c.csrf}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${tenMiB}\r\nConnection: close\r\n\r\n{"x":"` + 'a'.repeat(65536));
    assert.equal(raw.status, 413, `${r.method} ${path}: ${raw.raw.slice(0, 100)}`);
  }
  // Not announced (chunked): cut off when it passes the limit.
  const chunked = await rawRequest(srv.url, 'POST /api/v1/public/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n' + `200000\r\n${'a'.repeat(0x200000)}\r\n0\r\n\r\n`, { timeoutMs: 15000 });
  assert.ok(chunked.status === 413 || chunked.status === 0, `chunked: ${chunked.raw.slice(0, 100)}`);
  assert.deepEqual(await snapshot(), snap, 'nothing was stored');
});

test('objects with very many keys are refused or read quickly', async () => {
  // The duplicate-key check must not be quadratic: 1 MiB of distinct keys.
  const keys = [];
  for (let i = 0, len = 0; len < 1000000; i++) { keys.push(`"k${i}":0`); len += keys[i].length + 1; }
  const body = `{${keys.join(',')}}`;
  const t0 = Date.now();
  const res = await srv.client().req('POST', '/api/v1/public/cases', { body, headers: { 'Content-Type': 'application/json' } });
  const ms = Date.now() - t0;
  assert.ok(is4xx(res.status), `${res.status} ${res.text.slice(0, 100)}`);
  assert.ok(ms < 3000, `${keys.length} keys took ${ms} ms`);
});

test('path traversal: static files and attachments never leave their folders', async () => {
  const statics = ['/console/../../etc/passwd', '/console/..%2F..%2F..%2Fetc%2Fpasswd', '/console/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/console/..%5c..%5c..%5cetc%5cpasswd', '/console/%252e%252e/%252e%252e/etc/passwd', '//etc/passwd', '/..%2f..%2f..%2fetc/passwd',
    '/console/.%2e/.%2e/.%2e/etc/passwd', '/console/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/m/..;/..;/etc/passwd',
    '/assets/../../../../etc/passwd', '/console/..\\..\\..\\etc\\passwd', '/console/%00/../../etc/passwd',
    '/console/index.html%00.png', '/.git/config', '/console/../../../fq.db', '/bigscreen/%2e%2e%2f%2e%2e%2f..%2ffq.db'];
  for (const p of statics) {
    const r = await rawRequest(srv.url, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok(!/root:x:0:0|SQLite format/.test(r.raw), `${p} leaked a file`);
    // A page route of a single-page app answers with the app's own page;
    // anything else is a 4xx.
    const page = r.status === 200 && /<!doctype html>/i.test(r.body) && /^\/(console|m|bigscreen)\//.test(p);
    assert.ok(is4xx(r.status) || page, `${p}: ${r.status} ${r.raw.slice(0, 120)}`);
  }
  const atts = ['..%2F..%2Fetc%2Fpasswd', '../../fq.db', '%2e%2e%2f%2e%2e%2ffq.db', '..%5c..%5cfq.db', `${'a'.repeat(64)}%00.png`,
    `${'a'.repeat(63)}/`, 'A'.repeat(64), '%2Fetc%2Fpasswd'];
  for (const a of atts) {
    for (const base of [`/api/v1/cases/${caseId}/attachments/`]) {
      const r = await rawRequest(srv.url, `GET ${base}${a} HTTP/1.1\r\nHost: x\r\nCookie: ${disp.cookie}\r\nConnection: close\r\n\r\n`);
      assert.ok(is4xx(r.status), `${base}${a}: ${r.status} ${r.raw.slice(0, 120)}`);
      assert.ok(!/root:x:0:0|SQLite format/.test(r.raw), `${a} leaked a file`);
    }
  }
});

test('NUL bytes in the request line and headers are refused', async () => {
  // In the request line libmicrohttpd ends the path at the NUL (the rest is
  // never seen): no 5xx, and nothing outside the web folder.
  const line = await rawRequest(srv.url, `GET /console/index.html\x00/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.ok(line.status < 500 && !/root:x:0:0/.test(line.raw), `NUL in the path: ${line.status}`);
  for (const req of [`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: fq_session=a\x00b\r\nConnection: close\r\n\r\n`,
    `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\x00\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`]) {
    const r = await rawRequest(srv.url, req);
    assert.ok(is4xx(r.status) || r.status === 0, `${JSON.stringify(req.slice(0, 40))}: ${r.status}`);
  }
  assert.equal((await srv.client().get('/healthz')).status, 200);
});

test('slow clients: others are served meanwhile, and the server closes the slow ones', async () => {
  // Trickle one more byte into the stalled bodies now and then for a while:
  // a trickle is not idleness, so this is the slowloris case proper.
  const trickling = slow.filter((s) => s.kind === 'stalled-body').slice(0, 3);
  const timer = setInterval(() => { for (const s of trickling) if (!s.closedAt) { s.sock.write('a'); s.lastSend = Date.now(); } }, 1000);
  try {
    const t0 = Date.now();
    const rs = await Promise.all(Array.from({ length: 40 }, () => srv.client().get('/healthz')));
    assert.ok(rs.every((r) => r.status === 200), 'others are served');
    assert.ok(Date.now() - t0 < 5000, `40 requests took ${Date.now() - t0} ms beside the slow clients`);
    const pub = await srv.client().get('/api/v1/categories');
    assert.equal(pub.status, 200);
  } finally {
    clearInterval(timer);
  }
  // Each slow client is closed by the server within its idle timeout (30 s)
  // of its last byte; a stalled one never gets a 2xx.
  const deadline = Date.now() + 40000;
  while (slow.some((s) => !s.closedAt) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  for (const s of slow) {
    assert.ok(s.closedAt, `a ${s.kind} client is still open after ${(Date.now() - s.opened) / 1000} s`);
    assert.ok(s.closedAt - s.lastSend <= 35000, `${s.kind}: closed ${s.closedAt - s.lastSend} ms after its last byte`);
    assert.ok(!/^HTTP\/1\.1 2/.test(s.got), `${s.kind} got ${s.got.slice(0, 40)}`);
  }
  assert.equal((await srv.client().get('/healthz')).status, 200, 'the server is still up');
});

// Last: it stores a case on purpose (after every "nothing stored" check).
test('free text with SQL metacharacters is stored verbatim, not interpreted', async () => {
  const text = `${SQL.join(' | ')} 楼道堵塞`;
  const r = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: '130102001001', title: SQL[1], description: text, applicant: { name: SQL[0].slice(0, 20), phone: '13900005555' },
  });
  assert.equal(r.status, 201, r.text);
  const back = await srv.client().get(`/api/v1/public/cases/${r.json.tracking_no}?query_code=${r.json.query_code}`);
  assert.equal(back.json.description, text);
  assert.equal(back.json.title, SQL[1]);
  const search = await disp.get(`/api/v1/cases?q=${encodeURIComponent("' OR 1=1 --")}`);
  assert.ok(search.status < 500, search.text);
});
