// kpi.js - how the KPIs of GET /api/v1/stats/kpi read on every page.

// The cards, in the order leaders read them.
export const kpiCards = [
  { key: 'intake', label: '受理量', unit: '件' },
  { key: 'completion_rate', label: '办结率', rate: true },
  { key: 'mediation_success_rate', label: '调处成功率', rate: true },
  { key: 'satisfaction_rate', label: '满意率', rate: true },
  { key: 'township_or_below_rate', label: '化解在基层率', rate: true, hint: '乡镇（街道）及以下办结' },
  { key: 'on_time_rate', label: '按时办结率', rate: true },
  { key: 'avg_days', label: '平均办理天数', unit: '天' },
  { key: 'overdue', label: '超期未办结', unit: '件', alarm: true },
];

// A rate is a fraction or null (nothing to measure): never show null as 0 %.
export const pct = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
export const num = (v) => (v === null || v === undefined ? '—' : String(v));

export function kpiValue(row, card) {
  if (!row) return '—';
  const v = row[card.key];
  return card.rate ? pct(v) : num(v);
}

const pad = (n) => String(n).padStart(2, '0');
export const ymd = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

// Quick periods: this month, this quarter, this year (up to today).
export function period(kind, now = new Date()) {
  const y = now.getFullYear();
  const m = now.getMonth();
  const from = kind === 'month' ? new Date(y, m, 1) : kind === 'quarter' ? new Date(y, m - (m % 3), 1) : new Date(y, 0, 1);
  return [ymd(from), ymd(now)];
}
