// actions.js - the case actions in the order the buttons show them, with
// the same Chinese labels as the server's action_label.
export const ACTION_LABELS = {
  classify: '分流', dispatch: '派单', accept: '签收', return: '退回', comment: '备注',
  cohandle: '联办', request_help: '协办请求', escalate: '上报', mediate: '调解', supervise: '督办',
  resolve: '办结', visit: '回访', close: '归档', reopen: '重新办理', merge: '合并', reject: '不予受理',
  extend: '延期', request_review: '申请复查', request_re_review: '申请复核', decide_review: '复查复核决定',
  package: '包案', package_report: '包案进展',
};
export const ACTION_ORDER = ['classify', 'dispatch', 'accept', 'mediate', 'resolve', 'visit', 'close', 'cohandle',
  'request_help', 'escalate', 'return', 'extend', 'decide_review', 'request_review', 'request_re_review', 'supervise',
  'package', 'package_report', 'reopen', 'merge', 'reject', 'comment'];
export const ACTION_TYPES = {
  classify: 'primary', dispatch: 'primary', accept: 'primary', resolve: 'success', close: 'success', mediate: 'primary',
  visit: 'primary', supervise: 'warning', escalate: 'warning', return: 'danger', reject: 'danger', package: 'warning',
  decide_review: 'primary',
};
