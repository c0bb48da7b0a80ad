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
// The rosters (service/rosters.c): organisation kinds, mediator kinds,
// member roles, expert fields.
export const ORG_KINDS = {
  village: '村（居）调委会', township: '乡镇（街道）调委会', enterprise: '企事业调委会', industry: '行业性专业性调委会',
  studio: '个人调解工作室', stationed: '派驻调解室', court_invited: '法院特邀调解组织',
};
export const MEDIATOR_KINDS = {
  member: '委员', hired: '聘任调解员', xiangxian: '乡贤', lawyer: '律师', legal_aware: '法律明白人',
  invited: '特邀调解员', expert: '专家',
};
export const MEMBER_ROLES = { director: '主任', deputy_director: '副主任', member: '委员' };
export const EXPERT_FIELDS = {
  law: '法律', psychology: '心理', medical: '医疗', traffic: '交通', construction: '建筑', finance: '金融',
  labour: '劳动', land: '土地', other: '其他',
};
export const CONF_STATUSES = {
  applied: '待受理', accepted: '已受理', declined: '不予受理', confirmed: '确认有效', rejected: '驳回申请', withdrawn: '已撤回',
};
export const REFERRAL_KINDS = { assigned: '委派调解（立案前）', entrusted: '委托调解（立案后）', entrusted_simple: '委托调解（简易程序）' };
export const day = (t) => (t ? t.slice(0, 10) : '—');
