// cases.js - Chinese labels of the case API's codes and the small helpers the
// console and the mobile pages share (working-day countdowns, plain-words
// timeline entries for citizens).

export const FLOWS = [
  { value: 'dispute', label: '民间纠纷' },
  { value: 'petition', label: '信访事项' },
  { value: 'litigation', label: '涉法涉诉' },
  { value: 'livelihood', label: '民生事项' },
  { value: 'consult', label: '法律咨询' },
];
export const STATUSES = [
  { value: 'registered', label: '已登记' },
  { value: 'triaged', label: '已分流' },
  { value: 'dispatched', label: '已派单' },
  { value: 'handling', label: '办理中' },
  { value: 'resolved', label: '已办结' },
  { value: 'closed', label: '已归档' },
  { value: 'merged', label: '已合并' },
  { value: 'rejected', label: '不予受理' },
];
export const CHANNELS = [
  { value: 'web', label: '网站' },
  { value: 'h5', label: '手机网页' },
  { value: 'qr', label: '扫码（平安码）' },
  { value: 'hotline', label: '热线电话' },
  { value: 'walk_in', label: '来访' },
  { value: 'grid', label: '网格上报' },
  { value: 'import', label: '批量导入' },
  { value: 'open311', label: '开放接口' },
];
export const PRIORITIES = [
  { value: 'low', label: '低' },
  { value: 'normal', label: '普通' },
  { value: 'high', label: '高' },
  { value: 'urgent', label: '紧急' },
];
export const OUTCOMES = [
  { value: 'mediated', label: '调解成功' },
  { value: 'mediation_failed', label: '调解不成' },
  { value: 'resolved', label: '已解决' },
  { value: 'answered', label: '已答复' },
  { value: 'referred_court', label: '引导诉讼' },
  { value: 'referred_arbitration', label: '引导仲裁' },
  { value: 'referred_admin_review', label: '引导行政复议' },
  { value: 'rejected', label: '不予支持' },
];
export const MEDIATOR_OUTCOMES = ['mediated', 'mediation_failed'];
export const WARNINGS = [
  { value: 'none', label: '正常' },
  { value: 'yellow', label: '黄灯' },
  { value: 'red', label: '红灯' },
];
export const SATISFACTIONS = ['满意', '基本满意', '不满意'];

const map = (list) => Object.fromEntries(list.map((x) => [x.value, x.label]));
const flowMap = map(FLOWS);
const statusMap = map(STATUSES);
const channelMap = map(CHANNELS);
const priorityMap = map(PRIORITIES);
const outcomeMap = map(OUTCOMES);
const warningMap = map(WARNINGS);
export const flowLabel = (v) => (v ? flowMap[v] || v : '未分流');
export const statusLabel = (v) => statusMap[v] || v || '';
export const channelLabel = (v) => channelMap[v] || v || '';
export const priorityLabel = (v) => priorityMap[v] || v || '';
export const outcomeLabel = (v) => outcomeMap[v] || v || '';
export const warningLabel = (v) => warningMap[v] || '正常';

// The API's times are RFC 3339 with an offset; shown as Beijing time.
const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
export function formatTime(t) {
  if (!t) return '';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return fmt.format(d).replace(/\//g, '-');
}

// Days of the week in Beijing: 0 Sunday .. 6 Saturday.
const dayKey = (d) => new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 10);
const weekday = (key) => new Date(`${key}T00:00:00Z`).getUTCDay();

// Working days (Monday to Friday) from today to the deadline's day in
// Beijing, counting the deadline's day and not today: 0 means "due today",
// a negative number the working days overdue. The server's calendar also
// knows the public holidays and the 调休 weekends; this countdown only
// skips weekends, so it is a guide and the deadline itself is exact.
export function workingDaysLeft(deadline, now = new Date()) {
  if (!deadline) return null;
  const end = new Date(deadline);
  if (Number.isNaN(end.getTime())) return null;
  let a = dayKey(now);
  const b = dayKey(end);
  if (a === b) return end < now ? -0.5 : 0;
  const sign = b > a ? 1 : -1;
  let n = 0;
  let cur = new Date(`${a}T00:00:00Z`);
  for (let i = 0; i < 3660; i++) {
    cur = new Date(cur.getTime() + sign * 86400e3);
    a = cur.toISOString().slice(0, 10);
    const w = weekday(a);
    if (w !== 0 && w !== 6) n += 1;
    if (a === b) break;
  }
  return sign * n;
}

// The words for a countdown the server counted (accept_days_left /
// deadline_days_left: working days on its calendar, negative when overdue).
export function daysLeftText(n) {
  if (n === null || n === undefined) return '';
  if (n === 0) return '今日到期';
  if (n > 0) return `剩 ${n} 个工作日`;
  return `已超 ${-n} 个工作日`;
}

export function countdownText(deadline, now = new Date()) {
  const n = workingDaysLeft(deadline, now);
  if (n === null) return '';
  if (n === -0.5) return '今日已超时';
  if (n === 0) return '今日到期';
  if (n > 0) return `剩 ${n} 个工作日`;
  return `已超 ${-n} 个工作日`;
}

// A timeline entry in plain words for citizens (the public view carries no
// unit ids and no actors).
export function plainEvent(e) {
  const p = e.payload || {};
  switch (e.action) {
    case 'register': return '您的诉求已登记受理。';
    case 'classify': return `已按“${flowLabel(p.flow)}”分流办理。`;
    case 'dispatch': return p.unit ? `已交由${p.unit}办理。` : '已派给责任单位办理。';
    case 'accept': return '责任单位已签收，正在办理。';
    case 'escalate': return '已提交上级综治中心协调办理。';
    case 'cohandle': return '已请相关部门共同办理。';
    case 'request_help': return '已请相关部门协助办理。';
    case 'mediate': return '已组织调解。';
    case 'resolve': return `已办结：${outcomeLabel(p.outcome)}。${p.summary ? `办理情况：${p.summary}` : ''}`;
    case 'visit': return '工作人员已回访。';
    case 'rate': return `您的评价：${p.satisfaction || ''}。`;
    case 'reopen': return '已重新办理。';
    case 'close': return '事项已办结归档。';
    case 'merge': case 'merged_in': return '与同一事项合并办理。';
    case 'reject': return `不予受理。${p.reason ? `原因：${p.reason}。` : ''}${p.referral ? `建议：${p.referral}` : ''}`;
    case 'extend': case 'extend_decision': return '办理期限已依规延长。';
    case 'supervise': return '上级已督办。';
    case 'comment': return p.note ? `办理说明：${p.note}` : '办理情况说明。';
    default: return e.action_label || '办理进展';
  }
}

// The details of a timeline entry for staff, in one line.
// Petition review (复查 / 复核): the server's stage and result names.
export const REVIEW_STAGE_LABELS = { review: '复查', re_review: '复核' };
export const REVIEW_RESULT_LABELS = { upheld: '维持', changed: '变更', revoked: '撤销' };
export const REVIEW_RESULTS = Object.entries(REVIEW_RESULT_LABELS).map(([value, label]) => ({ value, label }));

export function eventDetail(e) {
  const p = e.payload || {};
  const parts = [];
  if (p.flow) parts.push(`流程：${flowLabel(p.flow)}`);
  if (p.unit) parts.push(`单位：${p.unit}`);
  if (Array.isArray(p.units) && p.units.length) parts.push(`单位：${p.units.join('、')}`);
  if (p.from && p.to) parts.push(`由 ${p.from} 上报至 ${p.to}`);
  if (p.time) parts.push(`时间：${formatTime(p.time)}`);
  if (p.place) parts.push(`地点：${p.place}`);
  if (Array.isArray(p.mediators) && p.mediators.length) parts.push(`调解员：${p.mediators.join('、')}`);
  if (p.stage && REVIEW_STAGE_LABELS[p.stage]) parts.push(REVIEW_STAGE_LABELS[p.stage]);
  if (p.reviewing_org_name) parts.push(`复查复核机关：${p.reviewing_org_name}`);
  if (p.result) parts.push(`结果：${REVIEW_RESULT_LABELS[p.result] || p.result}`);
  if (p.opinion) parts.push(`意见：${p.opinion}`);
  if (p.hearing_days) parts.push(`听证 ${p.hearing_days} 天不计入期限`);
  if (e.action === 'final_no_reaccept' && p.tracking_no) parts.push(`与已复核终结的事项 ${p.tracking_no} 诉求相同`);
  if (p.outcome) parts.push(`结果：${outcomeLabel(p.outcome)}`);
  if (p.summary) parts.push(`办理情况：${p.summary}`);
  if (p.satisfaction) parts.push(`满意度：${p.satisfaction}`);
  if (p.days) parts.push(`延期 ${p.days} 天`);
  if (p.approve !== undefined) parts.push(p.approve ? '同意延期' : '不同意延期');
  if (p.reason) parts.push(`理由：${p.reason}`);
  if (p.referral) parts.push(`引导：${p.referral}`);
  if (p.into_tracking_no) parts.push(`并入：${p.into_tracking_no}`);
  if (p.note) parts.push(`说明：${p.note}`);
  if (p.comment) parts.push(`评价：${p.comment}`);
  return parts.join('；');
}

// The label of a timeline entry. The server's action_label covers the
// actions; the events the system writes (register, rate, warn, ...) may come
// without one, so they are named here.
const EVENT_LABELS = { register: '登记', rate: '群众评价', warn: '时限预警', merged_in: '并入事项', extend_decision: '延期审批', final_no_reaccept: '复核终结不再受理' };
export const eventLabel = (e) => e.action_label || EVENT_LABELS[e.action] || e.action;
