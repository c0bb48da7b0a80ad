// open311.test.js - Open311 GeoReport v2 at /open311/v2/: discovery,
// services and service definitions, POST requests (placed by address_id or
// waiting at the city center), reading requests in XML and JSON with the
// filters and the 90-day window, tokens, and the GeoReport error shape;
// keys scoped to an org subtree and channels, keyless reads of public
// categories only, names and numbers masked in what is returned, and
// tokens that only the submitting key can resolve.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, cli } from './harness.js';
import { readFileSync } from 'node:fs';

const VILLAGE = '130102001001'; // 棉一东社区, 建北街道, 长安区
const TOWNSHIP = '130102001';
const OTHER_VILLAGE = '130104001001'; // in 桥西区, another county
let srv;
let key; // the home org's, every channel
const keys = {}; // scoped keys: county, townOpen311, otherCounty

before(async () => {
  const { dir, db } = freshDb();
  const add = (args) => {
    const r = cli(['apikey', 'add', '--db', db, ...args]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.trim().length >= 20, `a key is printed: ${r.stdout}`);
    return r.stdout.trim();
  };
  key = add(['--name', 'test', '--org', '1301']);
  keys.county = add(['--name', '长安区', '--org', '130102']);
  keys.townOpen311 = add(['--name', '建北街道 Open311', '--org', TOWNSHIP, '--channels', 'open311']);
  keys.otherCounty = add(['--name', '桥西区', '--org', '130104', '--channels', 'open311,walk_in']);
  // the organisation is required, channels must exist
  assert.equal(cli(['apikey', 'add', '--db', db, '--name', 'x']).status, 2);
  const bad = cli(['apikey', 'add', '--db', db, '--name', 'x', '--org', '1301', '--channels', 'open311,fax']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /invalid_channels/);
  assert.match(cli(['apikey', 'add', '--db', db, '--name', 'x', '--org', '999999']).stderr, /unknown_org/);
  // Many requests from one address: lift the public rate limit.
  srv = await startServer({ dir, db, args: ['--public-rate', '0'] });
});
after(async () => { await srv.stop(); });

// ---- a minimal XML reader: elements, text and the five entities ----
function parseXml(text) {
  assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>/, 'XML declaration');
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
  const root = { name: '#root', children: [], text: '' };
  const stack = [root];
  const re = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)/g;
  let m;
  let pos = 0;
  while ((m = re.exec(body)) !== null) {
    assert.equal(m.index, pos, `unexpected markup at ${pos}: ${body.slice(pos, pos + 40)}`);
    pos = re.lastIndex;
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) {
      assert.ok(!/[<>]/.test(m[4]) && !/&(?!(amp|lt|gt|quot|apos);)/.test(m[4]), `bad text ${m[4]}`);
      top.text += m[4].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    } else if (m[1]) {
      assert.equal(top.name, m[2], `closing ${m[2]} inside ${top.name}`);
      stack.pop();
    } else {
      const el = { name: m[2], children: [], text: '', empty: !!m[3] };
      top.children.push(el);
      if (!m[3]) stack.push(el);
    }
  }
  assert.equal(pos, body.length, 'whole document read');
  assert.equal(stack.length, 1, 'every element closed');
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0];
}
const kids = (el, name) => el.children.filter((c) => c.name === name);
const kid = (el, name) => {
  const k = kids(el, name);
  assert.equal(k.length, 1, `one <${name}> in <${el.name}>`);
  return k[0];
};
const val = (el, name) => kid(el, name).text;

// ---- requests ----
async function call(method, path, { form, headers = {}, raw } = {}) {
  const h = { ...headers };
  let body;
  if (form) {
    body = new URLSearchParams(form).toString();
    h['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  if (raw !== undefined) body = raw;
  const res = await fetch(srv.url + path, { method, headers: h, body });
  const text = await res.text();
  const type = res.headers.get('content-type') || '';
  const r = { status: res.status, type, text };
  if (type.startsWith('application/json')) r.json = JSON.parse(text);
  if (type.startsWith('text/xml')) r.xml = parseXml(text);
  return r;
}
const get = (path) => call('GET', path);
const post = (path, form, o = {}) => call('POST', path, { ...o, form });
const withKey = (path) => `${path}${path.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(key)}`;

// The GeoReport error list, in either format.
function expectErrors(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  let list;
  if (r.json) {
    assert.ok(Array.isArray(r.json), r.text);
    list = r.json;
  } else {
    assert.ok(r.xml, `XML or JSON body: ${r.type} ${r.text}`);
    assert.equal(r.xml.name, 'errors');
    list = kids(r.xml, 'error').map((e) => ({ code: Number(val(e, 'code')), description: val(e, 'description') }));
  }
  assert.equal(list.length, 1);
  assert.equal(list[0].code, status);
  assert.equal(typeof list[0].description, 'string');
  if (code) assert.ok(list[0].description.startsWith(`${code}: `), list[0].description);
  assert.ok(list[0].description.length > code.length + 3);
}

const wageForm = (extra = {}) => ({
  api_key: key,
  service_code: 'wage_arrears',
  address_id: VILLAGE,
  description: '工地老板拖欠我们三个月工资，一共两万三千元，多次讨要没有结果。',
  first_name: '建国',
  last_name: '王',
  phone: '13812345678',
  email: 'wang@example.com',
  'attribute[employer]': '恒达建筑劳务队',
  'attribute[workers_count]': '7',
  ...extra,
});

async function submit(form, ext = '.json') {
  const r = await post(`/open311/v2/requests${ext}`, form);
  assert.equal(r.status, 200, r.text);
  const item = ext === '.json' ? r.json[0] : Object.fromEntries(kid(r.xml, 'request').children.map((c) => [c.name, c.text]));
  return item;
}

// ---- discovery and services ----

test('discovery names the v2 endpoint and both formats', async () => {
  const x = await get('/open311/v2/discovery.xml');
  assert.equal(x.status, 200, x.text);
  assert.match(x.type, /^text\/xml; charset=utf-8/);
  assert.equal(x.xml.name, 'discovery');
  assert.match(val(x.xml, 'changeset'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  const ep = kid(kid(x.xml, 'endpoints'), 'endpoint');
  assert.equal(val(ep, 'specification'), 'http://wiki.open311.org/GeoReport_v2');
  assert.equal(val(ep, 'url'), `${srv.url}/open311/v2`);
  assert.deepEqual(kids(kid(ep, 'formats'), 'format').map((f) => f.text), ['text/xml', 'application/json']);

  const j = await get('/open311/v2/discovery.json');
  assert.equal(j.status, 200);
  assert.match(j.type, /^application\/json/);
  assert.equal(j.json.endpoints[0].url, `${srv.url}/open311/v2`);
  assert.deepEqual(j.json.endpoints[0].formats, ['text/xml', 'application/json']);
  assert.equal(j.json.endpoints[0].type, 'production');

  const plain = await get('/open311/v2/discovery');
  assert.equal(plain.xml.name, 'discovery', 'no extension answers XML');
});

test('services: the categories without the emergencies, in XML and JSON', async () => {
  const x = await get('/open311/v2/services.xml');
  assert.equal(x.status, 200, x.text);
  assert.equal(x.xml.name, 'services');
  const xs = kids(x.xml, 'service');
  const j = await get('/open311/v2/services.json');
  assert.equal(j.status, 200);
  assert.ok(Array.isArray(j.json));
  assert.deepEqual(xs.map((s) => val(s, 'service_code')), j.json.map((s) => s.service_code));
  const codes = j.json.map((s) => s.service_code);
  for (const c of ['marriage_family', 'neighbor', 'wage_arrears', 'traffic', 'medical', 'other']) assert.ok(codes.includes(c), c);
  assert.ok(!codes.some((c) => c.startsWith('emergency')), 'emergencies are not services');
  for (const s of j.json) {
    for (const k of ['service_code', 'service_name', 'description', 'type', 'keywords', 'group']) assert.equal(typeof s[k], 'string', k);
    assert.equal(s.type, 'realtime');
    assert.equal(s.metadata, ['wage_arrears', 'traffic', 'medical'].includes(s.service_code), s.service_code);
  }
  const wage = xs.find((s) => val(s, 'service_code') === 'wage_arrears');
  assert.equal(val(wage, 'service_name'), '拖欠工资');
  assert.equal(val(wage, 'metadata'), 'true');
  assert.equal(val(xs.find((s) => val(s, 'service_code') === 'neighbor'), 'metadata'), 'false');
  assert.equal(val(wage, 'group'), '民间纠纷');

  const plain = await get('/open311/v2/services');
  assert.equal(plain.xml.name, 'services');
  assert.equal(kids(plain.xml, 'service').length, xs.length);
});

test('service definitions list the attributes a category asks for', async () => {
  const j = await get('/open311/v2/services/wage_arrears.json');
  assert.equal(j.status, 200, j.text);
  assert.equal(j.json.service_code, 'wage_arrears');
  const byCode = Object.fromEntries(j.json.attributes.map((a) => [a.code, a]));
  assert.deepEqual(Object.keys(byCode).sort(), ['employer', 'workers_count']);
  assert.equal(byCode.employer.datatype, 'string');
  assert.equal(byCode.employer.required, true);
  assert.equal(byCode.workers_count.datatype, 'number');
  assert.equal(byCode.workers_count.required, false);
  for (const a of j.json.attributes) {
    assert.equal(a.variable, true);
    assert.equal(typeof a.order, 'number');
    assert.equal(typeof a.description, 'string');
    assert.ok('datatype_description' in a);
    assert.deepEqual(a.values, []);
  }

  const x = await get('/open311/v2/services/traffic.xml');
  assert.equal(x.status, 200, x.text);
  assert.equal(x.xml.name, 'service_definition');
  assert.equal(val(x.xml, 'service_code'), 'traffic');
  const attrs = kids(kid(x.xml, 'attributes'), 'attribute');
  assert.equal(attrs.length, 1);
  assert.equal(val(attrs[0], 'code'), 'vehicle_plate');
  assert.equal(val(attrs[0], 'required'), 'false');
  assert.equal(val(attrs[0], 'order'), '1');

  const med = await get('/open311/v2/services/medical');
  assert.equal(val(kid(kid(med.xml, 'attributes'), 'attribute'), 'code'), 'hospital');
  const none = await get('/open311/v2/services/neighbor.json');
  assert.deepEqual(none.json.attributes, []);
});

test('unknown services and emergencies are 404 in the requested format', async () => {
  expectErrors(await get('/open311/v2/services/no_such.xml'), 404, 'unknown_service');
  expectErrors(await get('/open311/v2/services/no_such.json'), 404, 'unknown_service');
  expectErrors(await get('/open311/v2/services/emergency_fire.json'), 404, 'unknown_service');
  expectErrors(await get('/open311/v2/services/no_such'), 404, 'unknown_service');
});

// ---- submitting and reading ----

test('POST with address_id places the case; read it back in both formats and by token', async () => {
  const before = Date.now();
  const made = await submit(wageForm(), '.xml');
  assert.match(made.service_request_id, /^\d+$/);
  assert.match(made.token, /^[0-9a-f]{32}$/, 'the token is random, not the tracking number');
  const tracking = made.service_notice.match(/130102-\d{8}-\d{5}/);
  assert.ok(tracking, `the notice names the tracking number: ${made.service_notice}`);
  assert.ok('account_id' in made);
  const id = made.service_request_id;

  const j = await get(withKey(`/open311/v2/requests/${id}.json`));
  assert.equal(j.status, 200, j.text);
  assert.equal(j.json.length, 1);
  const r = j.json[0];
  assert.equal(r.service_request_id, id);
  assert.equal(typeof r.service_request_id, 'string');
  assert.equal(r.service_code, 'wage_arrears');
  assert.equal(r.service_name, '拖欠工资');
  assert.equal(r.status, 'open');
  assert.equal(typeof r.status_notes, 'string');
  assert.equal(r.address_id, VILLAGE);
  assert.match(r.requested_datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.ok(Math.abs(Date.parse(r.requested_datetime) - before) < 10 * 60 * 1000);
  assert.match(r.updated_datetime, /\+08:00$/);
  assert.equal(typeof r.agency_responsible, 'string');
  assert.ok(r.agency_responsible.length > 0);
  assert.ok(r.description.startsWith('工地老板拖欠我们三个月工资'));
  assert.ok(r.description.includes('【附加信息】'), r.description);
  assert.ok(r.description.includes('欠薪单位或个人：恒达建筑劳务队'), r.description);
  assert.ok(r.description.includes('涉及人数：7'), r.description);
  assert.ok(!r.description.includes('wang@example.com'), 'email is not kept in clear');
  assert.ok(!r.description.includes('13812345678'), 'the phone is not in the description');
  assert.equal(r.lat, null);
  assert.equal(r.long, null);

  const x = await get(withKey(`/open311/v2/requests/${id}.xml`));
  assert.equal(x.status, 200, x.text);
  assert.equal(x.xml.name, 'service_requests');
  const req = kid(x.xml, 'request');
  assert.equal(val(req, 'service_request_id'), id);
  assert.equal(val(req, 'status'), 'open');
  assert.equal(val(req, 'address_id'), VILLAGE);
  assert.equal(val(req, 'requested_datetime'), r.requested_datetime);
  assert.equal(val(req, 'description'), r.description);
  for (const k of ['service_notice', 'zipcode', 'media_url', 'lat', 'long', 'expected_datetime', 'agency_responsible']) kid(req, k);
  const plain = await get(withKey(`/open311/v2/requests/${id}`));
  assert.equal(val(kid(plain.xml, 'request'), 'service_request_id'), id);

  const t = await get(withKey(`/open311/v2/tokens/${made.token}.json`));
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.json, [{ service_request_id: id, token: made.token }]);
  const tx = await get(withKey(`/open311/v2/tokens/${made.token}.xml`));
  assert.equal(val(kid(tx.xml, 'request'), 'service_request_id'), id);
  assert.equal(val(kid(tx.xml, 'request'), 'token'), made.token);
  expectErrors(await get(withKey('/open311/v2/tokens/130102-20000101-00001.json')), 404, 'not_found');
  expectErrors(await get(withKey(`/open311/v2/tokens/${tracking[0]}.json`)), 404, 'not_found');
  expectErrors(await get(withKey('/open311/v2/tokens/nope.xml')), 404, 'not_found');
});

// Coordinates alone land in the county whose bundled boundary holds them
// (issue 15; tests/http/geo_placement.test.js), at the city only when the
// build bundled no boundaries.
const bundled = JSON.parse(readFileSync('web/dist/geo/boundaries.json', 'utf8')).features.length > 0;

test('POST with lat/long only lands in the county whose boundary holds it', async () => {
  const made = await submit({
    api_key: key, service_code: 'traffic', lat: '38.0428', long: '114.5149',
    description: '路口两车剐蹭，对方不愿意赔偿修车费用，希望调解。', phone: '13912345678',
    'attribute[vehicle_plate]': '冀A12345', media_url: 'https://img.example.com/a.jpg',
  });
  const r = (await get(withKey(`/open311/v2/requests/${made.service_request_id}.json`))).json[0];
  assert.equal(r.lat, 38.0428);
  assert.equal(r.long, 114.5149);
  assert.equal(r.address_id, bundled ? '130102' : '1301', 'placed in 长安区 by its boundary, else at the city');
  assert.ok(r.description.includes('涉事车辆号牌：冀A12345'), r.description);
  assert.ok(r.description.includes('图片链接：https://img.example.com/a.jpg'), r.description);
  assert.equal(r.status, 'open');

  const x = await get(withKey(`/open311/v2/requests/${made.service_request_id}.xml`));
  const req = kid(x.xml, 'request');
  assert.equal(Number(val(req, 'lat')), 38.0428);
  assert.equal(Number(val(req, 'long')), 114.5149);

  // address_string alone is a location too
  const s = await submit({ api_key: key, service_code: 'neighbor', address_string: '长安区建北街道 12 号楼',
    description: '楼上邻居每天深夜装修噪音很大，沟通无果。', phone: '13700001111', first_name: 'Tom', last_name: 'Lee' }, '');
  const rs = (await get(withKey(`/open311/v2/requests/${s.service_request_id}.json`))).json[0];
  assert.equal(rs.address, '长安区建北街道 12 号楼');
  assert.equal(rs.lat, null);
});

test('XML output escapes markup and drops what XML cannot carry', async () => {
  const text = `邻居在楼道堆放杂物 <b>"Tom" & 'Jerry'</b>\u0001 ]]> 已经很久了`;
  const made = await submit({ api_key: key, service_code: 'neighbor', address_id: VILLAGE, description: text, phone: '13700002222' });
  const x = await get(withKey(`/open311/v2/requests/${made.service_request_id}.xml`));
  assert.equal(x.status, 200, x.text);
  assert.ok(x.text.includes('&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;'), x.text);
  assert.ok(!x.text.includes('\u0001'));
  assert.equal(val(kid(x.xml, 'request'), 'description'), text.replace('\u0001', ''));
  const j = await get(withKey(`/open311/v2/requests/${made.service_request_id}.json`));
  assert.equal(j.json[0].description, text, 'JSON keeps the text as stored');
});

test('POST errors: key, service, location, phone, attributes, form', async () => {
  const p = (form, ext = '.json', o) => post(`/open311/v2/requests${ext}`, form, o);
  expectErrors(await p(wageForm({ api_key: 'wrong' })), 403, 'bad_api_key');
  expectErrors(await p(wageForm({ api_key: 'wrong' }), '.xml'), 403, 'bad_api_key');
  const noKey = wageForm();
  delete noKey.api_key;
  expectErrors(await p(noKey, ''), 403, 'bad_api_key');
  const noCode = wageForm();
  delete noCode.service_code;
  expectErrors(await p(noCode), 400, 'missing_service_code');
  expectErrors(await p(noCode, '.xml'), 400, 'missing_service_code');
  expectErrors(await p(wageForm({ service_code: 'no_such' })), 400, 'unknown_service');
  expectErrors(await p(wageForm({ service_code: 'emergency_fire' })), 400, 'unknown_service');
  const noPlace = wageForm();
  delete noPlace.address_id;
  expectErrors(await p(noPlace), 400, 'missing_location');
  expectErrors(await p(wageForm({ address_id: TOWNSHIP })), 400, 'unknown_address_id');
  expectErrors(await p(wageForm({ address_id: '999999999999' })), 400, 'unknown_address_id');
  expectErrors(await p(wageForm({ lat: '38.1' })), 400, 'invalid_location');
  expectErrors(await p(wageForm({ lat: '91', long: '114' })), 400, 'invalid_location');
  expectErrors(await p(wageForm({ lat: 'abc', long: '114' })), 400, 'invalid_location');
  const noPhone = wageForm();
  delete noPhone.phone;
  expectErrors(await p(noPhone), 400, 'missing_phone');
  expectErrors(await p(wageForm({ phone: '12' })), 400, 'invalid_phone');
  expectErrors(await p(wageForm({ description: '' })), 400, 'missing_description');
  const noEmployer = wageForm();
  delete noEmployer['attribute[employer]'];
  expectErrors(await p(noEmployer), 400, 'missing_attribute');
  expectErrors(await p(wageForm({ 'attribute[workers_count]': 'seven' })), 400, 'invalid_attribute');
  expectErrors(await p(wageForm({ 'attribute[colour]': 'red' })), 400, 'unknown_attribute');
  expectErrors(await p(wageForm({ 'attribute[employer][]': 'x' })), 400, 'unknown_attribute');
  expectErrors(await p(wageForm({ media_url: 'javascript:alert(1)' })), 400, 'invalid_media_url');
  // the form itself
  expectErrors(await call('POST', '/open311/v2/requests.json', { raw: 'service_code=%zz', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'bad_form');
  expectErrors(await call('POST', '/open311/v2/requests.json', { raw: `api_key=${key}&phone=%00`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'bad_utf8');
  expectErrors(await call('POST', '/open311/v2/requests.xml', { raw: JSON.stringify(wageForm()), headers: { 'Content-Type': 'application/json' } }), 400, 'unsupported_media_type');
  const dup = `${new URLSearchParams(wageForm())}&phone=13900000000`;
  expectErrors(await call('POST', '/open311/v2/requests.json', { raw: dup, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'duplicate_field');
});

test('GET requests: key, filters, statuses, ids, and the 90-day window', async () => {
  const a = await submit(wageForm());
  const b = await submit({ api_key: key, service_code: 'marriage_family', address_id: VILLAGE, phone: '13600001111',
    description: '夫妻因为孩子抚养问题长期争吵，希望社区帮忙调解。', first_name: '丽', last_name: '张' });

  // Without a key only public categories are read; a wrong key is refused.
  const keyless = await get('/open311/v2/requests.json');
  assert.equal(keyless.status, 200, keyless.text);
  assert.ok(!keyless.json.some((r) => [a.service_request_id, b.service_request_id].includes(r.service_request_id)));
  expectErrors(await get('/open311/v2/requests.xml?api_key=nope'), 403, 'bad_api_key');
  expectErrors(await get(`/open311/v2/requests/${a.service_request_id}.json`), 404, 'not_found');
  expectErrors(await get(`/open311/v2/tokens/${a.token}.json`), 404, 'not_found');

  const all = await get(withKey('/open311/v2/requests.json'));
  assert.equal(all.status, 200, all.text);
  assert.ok(all.json.length <= 1000, 'the result cap');
  const ids = all.json.map((r) => r.service_request_id);
  assert.ok(ids.includes(a.service_request_id) && ids.includes(b.service_request_id));
  const times = all.json.map((r) => Date.parse(r.requested_datetime));
  assert.deepEqual([...times].sort((x, y) => y - x), times, 'newest first');
  const cutoff = Date.now() - 91 * 86400 * 1000;
  assert.ok(times.every((t) => t >= cutoff), 'the default window is the last 90 days');

  const wage = await get(withKey('/open311/v2/requests.json?service_code=wage_arrears'));
  assert.ok(wage.json.length >= 1);
  assert.ok(wage.json.every((r) => r.service_code === 'wage_arrears'));
  assert.ok(wage.json.some((r) => r.service_request_id === a.service_request_id));
  assert.ok(!wage.json.some((r) => r.service_request_id === b.service_request_id));
  const two = await get(withKey('/open311/v2/requests.json?service_code=wage_arrears,marriage_family'));
  assert.ok(two.json.every((r) => ['wage_arrears', 'marriage_family'].includes(r.service_code)));
  assert.ok(two.json.some((r) => r.service_request_id === b.service_request_id));

  const open = await get(withKey('/open311/v2/requests.json?status=open'));
  assert.ok(open.json.every((r) => r.status === 'open'));
  assert.ok(open.json.some((r) => r.service_request_id === a.service_request_id));
  const closed = await get(withKey('/open311/v2/requests.xml?status=closed'));
  assert.equal(closed.status, 200, closed.text);
  const closedReqs = kids(closed.xml, 'request');
  assert.ok(closedReqs.every((r) => val(r, 'status') === 'closed'));
  assert.ok(!closedReqs.some((r) => val(r, 'service_request_id') === a.service_request_id));
  const both = await get(withKey('/open311/v2/requests.json?status=open,closed'));
  assert.equal(both.json.length, all.json.length);
  expectErrors(await get(withKey('/open311/v2/requests.json?status=pending')), 400, 'bad_status');

  // service_request_id overrides every other filter; unknown ids are left out
  const byId = await get(withKey(`/open311/v2/requests.json?service_request_id=${a.service_request_id},${b.service_request_id},99999999,x&service_code=traffic&status=closed`));
  assert.equal(byId.status, 200, byId.text);
  assert.deepEqual(byId.json.map((r) => r.service_request_id), [a.service_request_id, b.service_request_id]);

  // dates: a window around now holds the new cases, one in the past does not
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const now = Date.now();
  const around = await get(withKey(`/open311/v2/requests.json?start_date=${iso(now - 3600e3)}&end_date=${encodeURIComponent(iso(now + 3600e3))}`));
  assert.equal(around.status, 200, around.text);
  assert.ok(around.json.some((r) => r.service_request_id === a.service_request_id));
  const past = await get(withKey('/open311/v2/requests.xml?start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-03-01T00:00:00%2B08:00'));
  assert.equal(past.status, 200, past.text);
  assert.equal(kids(past.xml, 'request').length, 0);
  const startOnly = await get(withKey(`/open311/v2/requests.json?start_date=${iso(now - 3600e3)}`));
  assert.ok(startOnly.json.some((r) => r.service_request_id === a.service_request_id));
  const endOnly = await get(withKey(`/open311/v2/requests.json?end_date=${iso(now - 100 * 86400e3)}`));
  assert.ok(!endOnly.json.some((r) => r.service_request_id === a.service_request_id));
  // exactly 90 days is allowed, a second more is not
  const ok90 = await get(withKey('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z'));
  assert.equal(ok90.status, 200, ok90.text);
  expectErrors(await get(withKey('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:01Z')), 400, 'date_range_too_long');
  expectErrors(await get(withKey('/open311/v2/requests.xml?start_date=2026-01-01&end_date=2026-06-01')), 400, 'date_range_too_long');
  expectErrors(await get(withKey('/open311/v2/requests.json?start_date=2026-03-01&end_date=2026-02-01')), 400, 'bad_date');
  expectErrors(await get(withKey('/open311/v2/requests.json?start_date=yesterday')), 400, 'bad_date');
});

test('merged and rejected cases read as closed, with notes; open ones as open', async () => {
  const form = (d) => ({ api_key: key, service_code: 'other', address_id: VILLAGE, phone: '13600002222', description: d });
  const a = (await submit(form('小区门口的路灯坏了好几天，晚上出行很不方便。'))).service_request_id;
  const b = (await submit(form('小区门口路灯不亮已经一周，老人晚上出门不安全。'))).service_request_id;
  const c = (await submit(form('想咨询一下外省的房产过户手续具体怎么办理。'))).service_request_id;
  const disp = srv.client();
  await disp.login('town_dispatcher');
  let r = await disp.post(`/api/v1/cases/${b}/actions`, { action: 'merge', into: Number(a) });
  assert.equal(r.status, 200, r.text);
  r = await disp.post(`/api/v1/cases/${c}/actions`, { action: 'reject', reason: '不属于本平台受理范围', referral: '请向不动产登记中心咨询' });
  assert.equal(r.status, 200, r.text);

  const list = await get(withKey(`/open311/v2/requests.json?service_request_id=${a},${b},${c}`));
  const [ra, rb, rc] = list.json;
  assert.equal(ra.status, 'open');
  assert.equal(rb.status, 'closed');
  assert.ok(rb.status_notes.includes(a), `merged: ${rb.status_notes}`);
  assert.equal(rb.expected_datetime, null, 'no promise on a closed case');
  assert.equal(rc.status, 'closed');
  assert.ok(rc.status_notes.includes('不予受理'), rc.status_notes);
  assert.ok(Date.parse(rc.updated_datetime) >= Date.parse(rc.requested_datetime));

  const closed = (await get(withKey('/open311/v2/requests.json?status=closed&service_code=other'))).json.map((x) => x.service_request_id);
  assert.ok(closed.includes(b) && closed.includes(c) && !closed.includes(a));
  const open = (await get(withKey('/open311/v2/requests.json?status=open&service_code=other'))).json.map((x) => x.service_request_id);
  assert.ok(open.includes(a) && !open.includes(b) && !open.includes(c));
});

test('unknown requests are 404 in the requested format', async () => {
  expectErrors(await get(withKey('/open311/v2/requests/99999999.json')), 404, 'not_found');
  expectErrors(await get(withKey('/open311/v2/requests/99999999.xml')), 404, 'not_found');
  expectErrors(await get(withKey('/open311/v2/requests/abc')), 404, 'not_found');
  expectErrors(await get(withKey('/open311/v2/requests/-1.json')), 404, 'not_found');
});

// ---- scopes, keyless reads, masking, tokens ----

const keyed = (k, path) => `${path}${path.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(k)}`;
const ids = (r) => r.json.map((x) => x.service_request_id);

async function staffCase(username, body) {
  const c = srv.client();
  await c.login(username);
  const r = await c.post('/api/v1/cases', body);
  assert.equal(r.status, 201, r.text);
  return String(r.json.id);
}

test('a key reads only its org subtree and its channels', async () => {
  const web = (await submit(wageForm())).service_request_id;
  const walkIn = await staffCase('town_dispatcher', {
    channel: 'walk_in', category: 'neighbor', org: VILLAGE, title: '邻居占用楼道',
    description: '邻居长期在楼道堆放杂物，影响通行，多次协商无果。', applicant: { name: '赵六', phone: '13600003333' },
  });
  const elsewhere = (await submit({ api_key: key, service_code: 'neighbor', address_id: OTHER_VILLAGE, phone: '13600004444',
    description: '桥西区这边邻居装修噪音扰民，希望社区协调。' })).service_request_id;

  // the county key: both channels of its county, not the other county
  const county = await get(keyed(keys.county, '/open311/v2/requests.json'));
  assert.equal(county.status, 200, county.text);
  assert.ok(ids(county).includes(web) && ids(county).includes(walkIn), 'walk-in and open311 of the county');
  assert.ok(!ids(county).includes(elsewhere), 'another county is out of scope');
  assert.ok(county.json.every((r) => r.address_id.startsWith('130102')), 'nothing outside the subtree');
  expectErrors(await get(keyed(keys.county, `/open311/v2/requests/${elsewhere}.json`)), 404, 'not_found');
  const byIds = await get(keyed(keys.county, `/open311/v2/requests.json?service_request_id=${web},${walkIn},${elsewhere}`));
  assert.deepEqual(ids(byIds), [web, walkIn]);

  // the township key, open311 only: no walk-in case
  const town = await get(keyed(keys.townOpen311, '/open311/v2/requests.json'));
  assert.ok(ids(town).includes(web));
  assert.ok(!ids(town).includes(walkIn), 'walk-in is not an open311 case');
  expectErrors(await get(keyed(keys.townOpen311, `/open311/v2/requests/${walkIn}.json`)), 404, 'not_found');
  assert.equal((await get(keyed(keys.townOpen311, `/open311/v2/requests/${web}.json`))).status, 200);

  // the other county's key reads its own and none of 长安区
  const other = await get(keyed(keys.otherCounty, '/open311/v2/requests.json'));
  assert.ok(ids(other).includes(elsewhere));
  assert.ok(!ids(other).includes(web) && !ids(other).includes(walkIn));
  expectErrors(await get(keyed(keys.otherCounty, `/open311/v2/requests/${web}.json`)), 404, 'not_found');

  // and places requests only inside its subtree
  expectErrors(await post('/open311/v2/requests.json', wageForm({ api_key: keys.otherCounty })), 400, 'address_out_of_scope');
  const noPlace = wageForm({ api_key: keys.otherCounty, address_string: '桥西区某街道' });
  delete noPlace.address_id;
  expectErrors(await post('/open311/v2/requests.json', noPlace), 400, 'missing_address_id');
  const own = await submit(wageForm({ api_key: keys.otherCounty, address_id: OTHER_VILLAGE }));
  assert.equal((await get(keyed(keys.otherCounty, `/open311/v2/requests/${own.service_request_id}.json`))).status, 200);
});

test('without a key only public categories are read, and never with a name', async () => {
  const lamp = await submit({ api_key: key, service_code: 'public_facility', address_id: VILLAGE, first_name: '建国', last_name: '王',
    phone: '13812340000', description: '我是王建国，小区门口的路灯坏了一个月，电话 138-1234-0000，请尽快修。' });
  const family = await submit({ api_key: key, service_code: 'marriage_family', address_id: VILLAGE, first_name: '丽', last_name: '张',
    phone: '13600005555', description: '张丽反映夫妻因抚养问题争吵，希望调解。' });
  const noisy = await submit({ api_key: key, service_code: 'neighbor', address_id: VILLAGE, phone: '13600006666',
    description: '楼下烧烤店油烟太大，晚上噪音扰民。' });

  const list = await get('/open311/v2/requests.json');
  assert.equal(list.status, 200, list.text);
  const codes = new Set(list.json.map((r) => r.service_code));
  assert.ok(ids(list).includes(lamp.service_request_id), '公共设施 is public');
  assert.ok(!ids(list).includes(family.service_request_id), '婚姻家庭 is never public');
  assert.ok(!ids(list).includes(noisy.service_request_id), '邻里纠纷 is not public by default');
  for (const c of codes) assert.ok(['public_facility', 'environment'].includes(c), `only public categories: ${c}`);
  const r = list.json.find((x) => x.service_request_id === lamp.service_request_id);
  assert.ok(!r.description.includes('王建国') && !r.description.includes('建国'), r.description);
  assert.ok(r.description.includes('王某'), r.description);
  assert.ok(r.description.includes('138****0000') && !r.description.includes('1234-0000'), r.description);
  assert.ok(!JSON.stringify(list.json).includes('王建国'), 'no name anywhere in the answer');
  const one = await get(`/open311/v2/requests/${lamp.service_request_id}.xml`);
  assert.equal(one.status, 200, one.text);
  assert.ok(!one.text.includes('王建国'));
  expectErrors(await get(`/open311/v2/requests/${family.service_request_id}.json`), 404, 'not_found');
  const asked = await get(`/open311/v2/requests.json?service_request_id=${lamp.service_request_id},${family.service_request_id}`);
  assert.deepEqual(ids(asked), [lamp.service_request_id]);

  // an admin marks 邻里纠纷 public, and back
  const admin = srv.client();
  await admin.login('city_admin');
  let p = await admin.patch('/api/v1/categories/neighbor', { public: true });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.public, true);
  assert.ok(ids(await get('/open311/v2/requests.json?service_code=neighbor')).includes(noisy.service_request_id));
  p = await admin.patch('/api/v1/categories/neighbor', { public: false });
  assert.equal(p.json.public, false);
  expectErrors(await get(`/open311/v2/requests/${noisy.service_request_id}.json`), 404, 'not_found');
  const all = (await admin.get('/api/v1/admin/categories')).json.items;
  assert.equal(all.find((c) => c.code === 'public_facility').public, true);
  assert.equal(all.find((c) => c.code === 'environment').public, true);
  assert.equal(all.find((c) => c.code === 'marriage_family').public, false);
  const created = await admin.post('/api/v1/categories', { code: 'street_trees', name: '绿化树木', flow: 'livelihood', public: true });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.public, true);
  expectErrorJson(await admin.patch('/api/v1/categories/neighbor', { public: 'yes' }), 400);
});

function expectErrorJson(r, status) {
  assert.equal(r.status, status, r.text);
  assert.equal(typeof r.json.error.code, 'string');
}

test('phones and ID numbers inside the text and the answer are masked for keys too', async () => {
  const made = await submit(wageForm({
    description: '我叫王建国，电话13812345678，备用 +86 139 8765 4321，身份证130102199001011234，家里座机0311-87654321。2026-11-20 欠款23000元。',
  }));
  const id = made.service_request_id;
  const r = (await get(withKey(`/open311/v2/requests/${id}.json`))).json[0];
  for (const leak of ['13812345678', '139 8765 4321', '130102199001011234', '87654321', '王建国']) {
    assert.ok(!r.description.includes(leak), `${leak} in ${r.description}`);
  }
  for (const kept of ['138****5678', '+86 139****4321', '130102********1234', '031*****4321', '2026-11-20', '23000元', '王某']) {
    assert.ok(r.description.includes(kept), `${kept} in ${r.description}`);
  }

  // the handling unit's answer shows in status_notes, masked the same way
  const admin = srv.client();
  await admin.login('county_admin');
  const office = (await admin.get('/api/v1/units?org=130102001')).json.items.find((u) => u.kind === 'justice_office');
  const disp = srv.client();
  await disp.login('town_dispatcher');
  const handler = srv.client();
  await handler.login('town_handler');
  const act = async (c, body) => { const x = await c.post(`/api/v1/cases/${id}/actions`, body); assert.equal(x.status, 200, x.text); };
  await act(disp, { action: 'classify', flow: 'dispute', category: 'wage_arrears' });
  await act(disp, { action: 'dispatch', unit_id: office.id });
  await act(handler, { action: 'accept' });
  await act(handler, { action: 'resolve', outcome: 'mediated', summary: '已联系王建国（13812345678），老板同意月底付清。' });
  const done = (await get(withKey(`/open311/v2/requests/${id}.json`))).json[0];
  assert.equal(done.status, 'closed');
  assert.ok(done.status_notes.includes('月底付清'), done.status_notes);
  assert.ok(done.status_notes.includes('138****5678') && done.status_notes.includes('王某'), done.status_notes);
  assert.ok(!done.status_notes.includes('13812345678') && !done.status_notes.includes('王建国'), done.status_notes);
});

test('a token resolves only for the key that submitted the request', async () => {
  const mine = await submit(wageForm({ api_key: keys.county }));
  const other = await submit(wageForm());
  assert.match(mine.token, /^[0-9a-f]{32}$/);
  assert.notEqual(mine.token, other.token);
  const t = await get(keyed(keys.county, `/open311/v2/tokens/${mine.token}.json`));
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.json, [{ service_request_id: mine.service_request_id, token: mine.token }]);
  // the home org's key reads the case but does not own the token
  assert.equal((await get(withKey(`/open311/v2/requests/${mine.service_request_id}.json`))).status, 200);
  expectErrors(await get(withKey(`/open311/v2/tokens/${mine.token}.json`)), 404, 'not_found');
  expectErrors(await get(keyed(keys.townOpen311, `/open311/v2/tokens/${mine.token}.xml`)), 404, 'not_found');
  expectErrors(await get(`/open311/v2/tokens/${mine.token}.json`), 404, 'not_found');
  expectErrors(await get(keyed(keys.county, `/open311/v2/tokens/${other.token}.json`)), 404, 'not_found');
  assert.equal((await get(withKey(`/open311/v2/tokens/${other.token}.json`))).status, 200);
});
