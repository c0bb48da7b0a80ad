// service_map.test.js - a citizen on a phone finds the nearest open 司法所
// on /m/map: the phone's position, the type and "open now" filters, the
// list in distance order, 一键拨打 (tel:) and the navigation links in each
// map app's coordinate system; on a holiday the office is not offered as
// open. The map draws the bundled boundaries and nothing leaves the server
// (watchedPage fails on any outside request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/harness.js';
import { openBrowser, watchedPage, screenshot, assertClean } from './browser.js';

const HERE = { latitude: 38.06, longitude: 114.50 }; // 石家庄, in the demo's points
let srv;
let browser;

const setNow = async (iso) => {
  const r = await srv.client().post('/api/v1/test/clock', { now: iso });
  assert.equal(r.status, 200, r.text);
};

before(async () => {
  srv = await startServer();
  browser = await openBrowser({
    viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    geolocation: HERE, permissions: ['geolocation'],
  });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function chooseFilters(page) {
  await page.getByTestId('sp-list').waitFor();
  await page.locator('.van-dropdown-menu__item').first().click();
  await page.locator('.van-dropdown-item__option', { hasText: '司法所' }).click();
  await page.getByTestId('sp-open-now').click();
}

test('375×812: the nearest open 司法所, its phone and the way there', async () => {
  // Wednesday 2026-09-30 10:00 China time: offices are open.
  await setNow('2026-09-30T02:00:00Z');
  const expected = (await srv.client().get(
    `/api/v1/public/service-points?near=${HERE.latitude},${HERE.longitude}&type=justice_office&open_now=1&limit=3`)).json.items;
  assert.equal(expected.length, 3);
  const boundaries = (await (await fetch(`${srv.url}/geo/boundaries.json`)).json()).features.length;

  const page = await watchedPage(browser.context, srv.url);
  await page.goto(`${srv.url}/m/`);
  await page.getByTestId('entry-map').click();
  await page.waitForURL(`${srv.url}/m/map`);
  await chooseFilters(page);
  await page.waitForFunction((name) => {
    const first = document.querySelector('[data-test="sp-item"] .fq-point-name');
    return first && first.textContent.trim() === name;
  }, expected[0].name);
  assert.match(await page.getByTestId('sp-where').innerText(), /当前的位置/);

  const items = page.getByTestId('sp-item');
  const names = await items.locator('.fq-point-name').allInnerTexts();
  assert.ok(names.length >= 3);
  assert.deepEqual(names.slice(0, 3).map((n) => n.trim()), expected.map((p) => p.name), 'nearest first, as the API orders them');
  const first = items.first();
  assert.equal((await first.getByTestId('sp-open').innerText()).trim(), '开放中');
  assert.equal((await first.getByTestId('sp-demo').innerText()).trim(), '演示数据');
  const d = expected[0].distance;
  assert.equal((await first.getByTestId('sp-distance').innerText()).trim(),
    d < 1000 ? `${Math.round(d)} 米` : `${(d / 1000).toFixed(1)} 公里`);
  assert.equal(await first.getByTestId('sp-call').getAttribute('href'), `tel:${expected[0].phone}`);

  // The way there: each app gets the point in its own system.
  await first.getByTestId('sp-nav').click();
  await page.getByTestId('nav-amap').waitFor();
  const p = expected[0];
  const amap = await page.getByTestId('nav-amap').getAttribute('href');
  assert.ok(amap.includes(`position=${p.gcj02.lon},${p.gcj02.lat}`), amap);
  const baidu = await page.getByTestId('nav-baidu').getAttribute('href');
  assert.ok(baidu.includes(`location=${p.bd09.lat},${p.bd09.lon}`) && baidu.includes('coord_type=bd09ll'), baidu);
  const tencent = await page.getByTestId('nav-tencent').getAttribute('href');
  assert.ok(tencent.includes(`coord:${p.gcj02.lat},${p.gcj02.lon}`), tencent);
  const geo = await page.getByTestId('nav-geo').getAttribute('href');
  assert.ok(geo.startsWith(`geo:${p.lat},${p.lon}`), geo);
  assert.notEqual(p.gcj02.lat, p.lat);
  await screenshot(page, 'service-map-nav');
  await page.locator('.van-action-sheet__cancel').click();

  // The map: the bundled boundaries and one marker per point (+ the phone).
  const paths = await page.locator('[data-test="sp-map"] .leaflet-overlay-pane path').count();
  assert.ok(paths >= boundaries + names.length + 1, `${paths} shapes for ${boundaries} boundaries and ${names.length} points`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
  await screenshot(page, 'service-map', { fullPage: true });
  assertClean(assert, page);
  await page.close();
});

test('on 国庆节 the 司法所 are closed: only open points are offered', async () => {
  // Thursday 2026-10-01 10:00: a holiday of the calendar.
  await setNow('2026-10-01T02:00:00Z');
  const page = await watchedPage(browser.context, srv.url);
  await page.goto(`${srv.url}/m/map`);
  await chooseFilters(page);
  await page.locator('.van-empty').waitFor();
  assert.match(await page.locator('.van-empty').innerText(), /附近没有符合条件的服务点/);
  // Without the type filter the 24-hour posts that open on holidays remain.
  await page.locator('.van-dropdown-menu__item').first().click();
  await page.locator('.van-dropdown-item__option', { hasText: '全部类型' }).click();
  await page.getByTestId('sp-item').first().waitFor();
  const types = await page.getByTestId('sp-item').locator('.fq-point-meta .van-tag--primary').allInnerTexts();
  assert.ok(types.length > 0 && types.every((t) => t.trim() === '警务站'), types.join());
  assertClean(assert, page);
  await page.close();
});

test('a deployment\'s tile layer and 审图号: the map loads its tiles from that layer and prints the number', async () => {
  const admin = srv.client();
  await admin.login('city_admin');
  // Without them: no caption, no tile requested.
  let page = await watchedPage(browser.context, srv.url);
  const tiles = [];
  page.on('request', (req) => { if (req.url().includes('/tiles/')) tiles.push(req.url()); });
  await page.goto(`${srv.url}/m/map`);
  await page.locator('[data-test="sp-map"] .leaflet-overlay-pane path').first().waitFor();
  assert.equal(await page.getByTestId('map-review-no').count(), 0);
  assert.equal(await page.locator('[data-test="sp-map"] .leaflet-tile-pane img').count(), 0);
  assertClean(assert, page);
  await page.close();

  // A tile server of the deployment's own (a path of this server, so the
  // watched page allows it; the tiles themselves are not installed here).
  const put = await admin.put('/api/v1/map-settings', {
    tile_url: '/tiles/{z}/{x}/{y}.png', tile_attribution: '天地图', review_no: 'GS(2024)0650号',
  });
  assert.equal(put.status, 200, put.text);
  try {
    page = await watchedPage(browser.context, srv.url, [{ status: 404, url: /\/tiles\// }]);
    page.on('request', (req) => { if (req.url().includes('/tiles/')) tiles.push(req.url()); });
    await page.goto(`${srv.url}/m/map`);
    await page.getByTestId('map-review-no').getByText('审图号：GS(2024)0650号').waitFor();
    await page.locator('[data-test="sp-map"] .leaflet-tile-pane img').first().waitFor({ state: 'attached' });
    assert.ok(tiles.length > 0 && tiles.every((u) => /^.+\/tiles\/\d+\/\d+\/\d+\.png$/.test(u) && u.startsWith(`${srv.url}/`)),
      tiles.join('\n'));
    assert.match(await page.locator('[data-test="sp-map"] .leaflet-control-attribution').innerText(), /天地图/);
    // The boundaries are still drawn over the tiles.
    assert.ok(await page.locator('[data-test="sp-map"] .leaflet-overlay-pane path').count() > 0);
    await screenshot(page, 'service-map-tiles');
    assertClean(assert, page);
    await page.close();
  } finally {
    await admin.put('/api/v1/map-settings', { tile_url: '', tile_attribution: '', review_no: '' });
  }
});
