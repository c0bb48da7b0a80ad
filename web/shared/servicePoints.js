// servicePoints.js - the service map's types, opening hours in words, and
// the navigation links of the phone's map apps. Each app is given the
// point in the system it expects: Amap (高德) and Tencent (腾讯) GCJ-02,
// Baidu (百度) BD-09, the geo: URI WGS-84. The server sends all three
// forms (api/service_points.c), so nothing is converted here.

export const SP_TYPES = [
  { value: 'police_station', label: '派出所' },
  { value: 'justice_office', label: '司法所' },
  { value: 'court', label: '法院法庭' },
  { value: 'traffic_police', label: '交警服务窗口' },
  { value: 'police_post', label: '警务站' },
  { value: 'exit_entry', label: '出入境和户籍服务窗口' },
  { value: 'legal_service', label: '律师事务所及法律服务中心' },
];

// Marker colours per type, for the map and the list.
export const SP_COLORS = {
  police_station: '#1d4ed8', justice_office: '#15803d', court: '#b91c1c', traffic_police: '#ca8a04',
  police_post: '#0891b2', exit_entry: '#7c3aed', legal_service: '#c2410c',
};

const DAYS = ['一', '二', '三', '四', '五', '六', '日'];

// "1-5 08:30-12:00,14:30-17:30; 6 09:00-12:00" → "周一至周五 08:30-12:00、14:30-17:30；周六 09:00-12:00"
export function hoursText(h) {
  if (!h) return '暂无开放时间';
  if (h.trim() === '24h') return '全天 24 小时';
  return h.split(';').map((part) => {
    const m = part.trim().match(/^([1-7])(?:-([1-7]))?\s+(.+)$/);
    if (!m) return part.trim();
    const days = m[2] ? `周${DAYS[m[1] - 1]}至周${DAYS[m[2] - 1]}` : `周${DAYS[m[1] - 1]}`;
    return `${days} ${m[3].split(',').map((x) => x.trim()).join('、')}`;
  }).join('；');
}

export function distanceText(m) {
  if (m === undefined || m === null) return '';
  return m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(m < 10000 ? 1 : 0)} 公里`;
}

export function navLinks(p) {
  const name = encodeURIComponent(p.name);
  const addr = encodeURIComponent(p.address || p.name);
  return [
    { app: 'amap', label: '高德地图', href: `https://uri.amap.com/marker?position=${p.gcj02.lon},${p.gcj02.lat}&name=${name}&coordinate=gaode&callnative=1&src=fengqiao` },
    { app: 'baidu', label: '百度地图', href: `https://api.map.baidu.com/marker?location=${p.bd09.lat},${p.bd09.lon}&title=${name}&content=${addr}&coord_type=bd09ll&output=html&src=fengqiao` },
    { app: 'tencent', label: '腾讯地图', href: `https://apis.map.qq.com/uri/v1/marker?marker=coord:${p.gcj02.lat},${p.gcj02.lon};title:${name};addr:${addr}&referer=fengqiao` },
    { app: 'geo', label: '手机自带地图', href: `geo:${p.lat},${p.lon}?q=${p.lat},${p.lon}(${name})` },
  ];
}
