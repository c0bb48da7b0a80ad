// alerts_scope.test.js - issue 11, items 5 and 11: an alert says only what
// its reader may see, and one incident raises one alert, named for what it
// is (重复信访 only for petitions; 签收超时 apart from 办理超期).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './harness.js';

const VILLAGE = '130102001001';
const TOWN = '130102001';
let srv, admin, cityLeader, townLeader, disp, otherDisp, otherVillage, otherTown;

async function poll(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function submit(org, category, description, name, phone) {
  const r = await srv.client().post('/api/v1/public/cases', { category, org, description, applicant: { name, phone } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// The alerts of a kind that hold a case, as `who` sees them (details).
async function alertsHolding(who, kind, caseIds, org) {
  const q = `kind=${kind}&status=open&limit=100${org ? `&org=${org}` : ''}`;
  const list = await who.get(`/api/v1/alerts?${q}`);
  assert.equal(list.status, 200, list.text);
  const out = [];
  for (const a of list.json.items) {
    const d = (await who.get(`/api/v1/alerts/${a.id}`)).json;
    if (d.cases.some((c) => caseIds.includes(c.id))) out.push({ ...d, listed: a });
  }
  return out;
}

// An account an admin creates changes its password at first login.
let otherPassword = 'Other#2026disp';
const loginAll = async () => {
  await admin.login('city_admin');
  await cityLeader.login('city_leader');
  await townLeader.login('town_leader');
  await disp.login('town_dispatcher');
  await otherDisp.login('other_dispatcher', otherPassword);
};

before(async () => {
  srv = await startServer();
  admin = srv.client();
  cityLeader = srv.client();
  townLeader = srv.client();
  disp = srv.client();
  otherDisp = srv.client();
  await admin.login('city_admin');
  const counties = (await admin.get('/api/v1/orgs/1301/children')).json.items;
  otherTown = (await admin.get(`/api/v1/orgs/${counties.find((c) => c.code !== '130102').code}/children`)).json.items[0].code;
  otherVillage = (await admin.get(`/api/v1/orgs/${otherTown}/children`)).json.items[0].code;
  const u = await admin.post('/api/v1/users', { username: 'other_dispatcher', password: 'Other#2026disp', role: 'dispatcher', org: otherTown });
  assert.equal(u.status, 201, u.text);
  otherPassword = await srv.client().firstLogin('other_dispatcher', otherPassword);
  await loginAll();
});
after(async () => { await srv.stop(); });

test('an applicant in two counties: each township sees its own cases only, the city sees the whole', async () => {
  const phone = '13955550001';
  const name = '钱师傅';
  const a1 = await submit(VILLAGE, 'neighbor', '邻居家装修把我家的墙面震裂了，找他协商赔偿一直不理。', name, phone);
  const a2 = await submit(VILLAGE, 'neighbor', '楼上漏水把我家天花板泡坏了，物业让我们自己协商，对方拒绝维修。', name, phone);
  const b1 = await submit(otherVillage, 'neighbor', '我在这边租的门面房，隔壁商户长期占用公共通道堆货，影响经营。', name, phone);
  const mine = async (who) => (await who.get('/api/v1/alerts?kind=repeat&status=open&limit=100')).json.items
    .filter((x) => x.message.includes(name));

  // The township of the two cases.
  const here = await poll(async () => (await mine(disp))[0], 'the township\'s alert');
  assert.equal(here.case_count, 2, 'counts only the cases the reader can open');
  assert.ok(here.message.includes(a2.tracking_no), here.message);
  assert.ok(!here.message.includes(b1.tracking_no), `names another county's case: ${here.message}`);
  assert.doesNotMatch(here.message, /3 件|共/, here.message);
  assert.equal(here.kind_label, '重复反映');
  const hd = (await disp.get(`/api/v1/alerts/${here.id}`)).json;
  assert.deepEqual(hd.cases.map((c) => c.id).sort(), [a1.id, a2.id].sort());
  assert.equal(hd.partial, true);
  assert.ok(hd.history.every((h) => !h.note), 'the system\'s notes name every case');
  assert.ok(!JSON.stringify(hd).includes(b1.tracking_no));
  // The handling loop belongs where all of it is seen.
  expectError(assert, await disp.post(`/api/v1/alerts/${here.id}/actions`, { action: 'note', note: '已联系申请人' }), 403, 'forbidden');

  // The other county's township: the same alert, worded from its one case.
  const there = await poll(async () => (await mine(otherDisp))[0], 'the other township\'s alert');
  assert.equal(there.id, here.id, 'one incident, one alert');
  assert.equal(there.case_count, 1);
  assert.ok(there.message.includes(b1.tracking_no), there.message);
  assert.ok(!there.message.includes(a1.tracking_no) && !there.message.includes(a2.tracking_no), there.message);
  const td = (await otherDisp.get(`/api/v1/alerts/${there.id}`)).json;
  assert.deepEqual(td.cases.map((c) => c.id), [b1.id]);
  assert.ok(!JSON.stringify(td).includes(a2.tracking_no));

  // The big screen of each township words it the same way.
  const feed = async (who) => [...(await who.get('/api/v1/stats/feed')).text.matchAll(/event: alert\ndata: (.*)\n/g)]
    .map((m) => JSON.parse(m[1])).find((x) => x.id === here.id);
  const fThere = await feed(otherDisp);
  assert.ok(fThere, 'the other township\'s screen shows the alert');
  assert.ok(fThere.message.includes(b1.tracking_no) && !fThere.message.includes(a2.tracking_no), fThere.message);
  assert.equal(fThere.kind_label, '重复反映');
  const fHere = await feed(disp);
  assert.ok(fHere && !fHere.message.includes(b1.tracking_no), fHere && fHere.message);

  // A county leader looking at one township sees that township's part.
  const part = (await cityLeader.get(`/api/v1/alerts?kind=repeat&org=${otherTown}&limit=100`)).json.items.find((x) => x.id === here.id);
  assert.equal(part.case_count, 1);

  // The city: the whole, at the cases' common ancestor, handled there.
  const whole = (await mine(cityLeader)).find((x) => x.id === here.id);
  assert.equal(whole.case_count, 3);
  assert.equal(whole.org, '1301');
  assert.match(whole.message, /共 3 件/);
  assert.ok(whole.message.includes(b1.tracking_no), whole.message);
  const wd = (await cityLeader.get(`/api/v1/alerts/${whole.id}`)).json;
  assert.equal(wd.partial, false);
  assert.deepEqual(wd.cases.map((c) => c.id).sort(), [a1.id, a2.id, b1.id].sort());
  const n = await cityLeader.post(`/api/v1/alerts/${whole.id}/actions`, { action: 'note', note: '两地联合约谈' });
  assert.equal(n.status, 200, n.text);
});

test('five wage appeals from one village: one alert per kind with all five, 重复反映 not 重复信访', async () => {
  const text = '我们在村东头的砖厂干了一年活，老板拖欠工资三万多元一直不给，多次催要都说没钱，请帮我们要回工钱。';
  const ids = [];
  // Three from one worker, two from colleagues, the same appeal retyped:
  // the person's repeat and the near-duplicate text are one incident.
  const who = [['孙大哥', '13955560001'], ['孙大哥', '13955560001'], ['孙大哥', '13955560001'], ['李师傅', '13955560002'], ['周师傅', '13955560003']];
  for (let i = 0; i < 5; i++) {
    ids.push((await submit(VILLAGE, 'wage_arrears', text.replace('一年', `${i + 1}年`), who[i][0], who[i][1])).id);
  }
  const repeat = await poll(async () => {
    const r = await alertsHolding(townLeader, 'repeat', ids);
    return r.length === 1 && r[0].cases.length === 5 && r;
  }, 'one repeat alert with the five cases');
  assert.equal(repeat[0].kind_label, '重复反映');
  assert.match(repeat[0].message, /^重复反映：/);
  assert.doesNotMatch(repeat[0].message, /重复信访/);
  const cluster = await poll(async () => {
    const r = await alertsHolding(townLeader, 'cluster', ids);
    return r.length && r[0].cases.length === 5 && r;
  }, 'a cluster alert with the five cases');
  assert.equal(cluster.length, 1);
  assert.equal(cluster[0].org, VILLAGE);
  // Whatever else fired, no kind has two alerts for these five cases.
  for (const kind of ['repeat', 'cluster', 'spike', 'risk_words']) {
    assert.ok((await alertsHolding(cityLeader, kind, ids)).length <= 1, `${kind}: one alert`);
  }
  // A sixth appeal joins the open alerts instead of raising new ones.
  ids.push((await submit(VILLAGE, 'wage_arrears', text.replace('一年', '六年'), '吴师傅', '13955560004')).id);
  const grown = await poll(async () => {
    const r = await alertsHolding(townLeader, 'repeat', ids);
    return r.length === 1 && r[0].cases.length === 6 && r;
  }, 'the repeat alert grows');
  assert.equal(grown[0].id, repeat[0].id);
  assert.match(grown[0].message, /共 6 件/);
});

test('five petitions are 重复信访', async () => {
  const text = '村委会把集体土地的租金账目一直不公开，村民多次要求查账都被拒绝，请上级部门督促村务公开。';
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await submit(VILLAGE, 'village_affairs', text, `村民${i}`, `1395557000${i}`)).id);
  }
  const r = await poll(async () => {
    const x = await alertsHolding(townLeader, 'repeat', ids);
    return x.length === 1 && x[0].cases.length === 5 && x;
  }, 'a repeat alert of the petitions');
  assert.equal(r[0].kind_label, '重复信访');
  assert.match(r[0].message, /^重复信访：/);
});

test('an overdue acceptance reads differently from an overdue resolution, and so do their yellow warnings', async () => {
  const setNow = async (iso) => {
    const r = await srv.client().post('/api/v1/test/clock', { now: iso });
    assert.equal(r.status, 200, r.text);
    await loginAll();
  };
  await setNow('2026-11-20T16:00:00+08:00'); // a Friday
  const handler = srv.client();
  await handler.login('town_handler');
  const unit = (await disp.get(`/api/v1/units?org=${TOWN}`)).json.items.find((u) => u.kind === 'justice_office');
  const mk = async (accept, text, phone) => {
    const c = await submit(VILLAGE, 'neighbor', text, '冯女士', phone);
    for (const body of [{ action: 'classify', flow: 'dispute', category: 'neighbor' }, { action: 'dispatch', unit_id: unit.id }]) {
      const r = await disp.post(`/api/v1/cases/${c.id}/actions`, body);
      assert.equal(r.status, 200, r.text);
    }
    if (accept) {
      const r = await handler.post(`/api/v1/cases/${c.id}/actions`, { action: 'accept' });
      assert.equal(r.status, 200, r.text);
    }
    return c;
  };
  const waiting = await mk(false, '对门邻居养的狗天天半夜叫，跟他说了好几次也不管，孩子没法睡觉。', '13955580001');
  const handling = await mk(true, '邻居在我家窗前种了一排大树，挡住了屋里的阳光，要求他移走。', '13955580002');
  const one = async (kind, c) => {
    const r = await alertsHolding(townLeader, kind, [c.id], VILLAGE);
    assert.equal(r.length, 1, `${kind} of ${c.tracking_no}: ${JSON.stringify(r.map((x) => x.message))}`);
    return r[0];
  };

  await setNow('2026-11-23T12:00:00+08:00'); // past 75 % of the time to accept (Monday 04:00)
  const acceptSoon = await one('due_soon', waiting);
  assert.equal(acceptSoon.kind_label, '签收临期');
  assert.match(acceptSoon.message, /签收/);
  assert.doesNotMatch(acceptSoon.message, /办理/);

  await setNow('2026-11-24T00:00:05+08:00');
  const acceptLate = await one('overdue', waiting);
  assert.equal(acceptLate.kind_label, '签收超时');
  assert.match(acceptLate.message, /签收/);
  assert.doesNotMatch(acceptLate.message, /办理/);

  const due = new Date((await disp.get(`/api/v1/cases/${handling.id}`)).json.deadline);
  const start = new Date('2026-11-20T16:00:00+08:00');
  const at = (f) => new Date(start.getTime() + (due.getTime() - start.getTime()) * f).toISOString();
  await setNow(at(0.85));
  const resolveSoon = await one('due_soon', handling);
  assert.equal(resolveSoon.kind_label, '办理临期');
  assert.match(resolveSoon.message, /办理/);
  assert.doesNotMatch(resolveSoon.message, /签收/);
  assert.notEqual(resolveSoon.id, acceptSoon.id, 'two limits, two alerts');

  await setNow(new Date(due.getTime() + 5000).toISOString());
  const resolveLate = await one('overdue', handling);
  assert.equal(resolveLate.kind_label, '办理超期');
  assert.match(resolveLate.message, /办理/);
  assert.doesNotMatch(resolveLate.message, /签收/);
  assert.notEqual(resolveLate.id, acceptLate.id);
  assert.notEqual(resolveLate.message, acceptLate.message);
});
