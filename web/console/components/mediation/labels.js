// labels.js - the mediation's codes as the console shows them (issue 14).
export const SOURCES = {
  application: '当事人申请', initiative: '主动调解', police: '公安移送', court_assigned: '法院委派',
  court_entrusted: '法院委托', government: '政府部门移送', hotline: '热线转办', grid: '网格上报',
};
export const STATUSES = {
  referred: '待签收', applied: '待受理', accepted: '已受理', mediating: '调解中', agreed: '已达成协议',
  effective: '协议生效', terminated: '已终止', declined: '不予受理', archived: '已归档',
};
export const CHANNELS = { arbitration: '仲裁', administrative: '行政途径', litigation: '诉讼' };
export const TERMINATIONS = { no_agreement: '调解不成', refused: '当事人拒绝继续调解', expired: '调解期限届满', withdrawn: '当事人撤回申请', arbitration: '引导申请劳动仲裁' };
export const PERFORMED = { full: '已全部履行', partial: '部分履行', none: '未履行' };
// The eight documents of GET /api/v1/mediations/{id}/documents/{name}.pdf.
export const DOCUMENTS = [
  ['application', '申请书'], ['registration', '受理登记表'], ['notice', '权利义务告知书'], ['record', '调解记录'],
  ['agreement', '调解协议书'], ['termination', '终止调解通知书'], ['followup', '回访记录'], ['cover', '卷宗封面与目录'],
];
export const time = (t) => (t ? t.slice(0, 16).replace('T', ' ') : '—');
