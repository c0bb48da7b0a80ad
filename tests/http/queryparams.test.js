// queryparams.test.js - every whole-number query parameter (limit, cursor,
// unit, year, min_cases ...) goes through one parser and answers one error:
// 400 invalid_filter naming the parameter. Organisation search answered
// invalid_limit and the rankings invalid_parameter before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

let srv, admin, leader;

before(async () => {
  srv = await startServer();
  admin = srv.client();
  await admin.login('county_admin');
  leader = srv.client();
  await leader.login('county_leader');
});
after(async () => { await srv.stop(); });

test('a malformed or out-of-range number is 400 invalid_filter on every route', async () => {
  const bad = [
    [admin, `/api/v1/orgs?q=${encodeURIComponent('长安')}&limit=0`, 'limit'],
    [admin, `/api/v1/orgs?q=${encodeURIComponent('长安')}&limit=abc`, 'limit'],
    [leader, '/api/v1/stats/rankings?min_cases=abc', 'min_cases'],
    [leader, '/api/v1/stats/rankings?list_size=51', 'list_size'],
    [leader, '/api/v1/cases?limit=0', 'limit'],
    [leader, '/api/v1/cases?unit=x', 'unit'],
    [leader, '/api/v1/alerts?limit=101', 'limit'],
    [leader, '/api/v1/alerts?cursor=-1', 'cursor'],
    [leader, '/api/v1/supervisions?limit=1000', 'limit'],
    [leader, '/api/v1/holidays?year=1800', 'year'],
    [admin, '/api/v1/operation-log?limit=0', 'limit'],
    [admin, '/api/v1/operation-log?limit=99999999999999999999999', 'limit'],
  ];
  for (const [c, path, name] of bad) {
    const r = await c.get(path);
    expectError(assert, r, 400, 'invalid_filter');
    assert.ok(r.json.error.message.includes(name), `${path}: ${r.json.error.message}`);
  }
});

test('a number in range is taken', async () => {
  for (const [c, path] of [
    [admin, `/api/v1/orgs?q=${encodeURIComponent('长安')}&limit=1`],
    [leader, '/api/v1/stats/rankings?min_cases=1&list_size=5'],
    [leader, '/api/v1/supervisions?limit=100'],
    [leader, '/api/v1/holidays?year=2026'],
  ]) {
    const r = await c.get(path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
  }
  const one = await admin.get(`/api/v1/orgs?q=${encodeURIComponent('长安')}&limit=1`);
  assert.equal(one.json.items.length, 1);
});
