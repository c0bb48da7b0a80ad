// labels.js - Chinese labels of the codes the API uses.

export const UNIT_KINDS = [
  { value: 'center', label: '矛盾纠纷多元化解中心/综治中心' },
  { value: 'comprehensive', label: '综治部门' },
  { value: 'justice_bureau', label: '司法局' },
  { value: 'justice_office', label: '司法所' },
  { value: 'police', label: '公安局' },
  { value: 'police_station', label: '派出所' },
  { value: 'hrss', label: '人社局' },
  { value: 'housing', label: '住建局' },
  { value: 'petition', label: '信访局' },
  { value: 'court', label: '人民法院' },
  { value: 'tribunal', label: '人民法庭' },
  { value: 'village_committee', label: '村（居）委会' },
  { value: 'mediation_committee', label: '人民调解委员会' },
  { value: 'other', label: '其他' },
];

const kindMap = Object.fromEntries(UNIT_KINDS.map((k) => [k.value, k.label]));
export const unitKindLabel = (k) => kindMap[k] || k || '';

// The same labels the server gives as role_label (core/authz.c).
export const ROLES = [
  { value: 'admin', label: '系统管理员' },
  { value: 'leader', label: '领导' },
  { value: 'dispatcher', label: '调度员' },
  { value: 'handler', label: '经办人' },
  { value: 'mediator', label: '调解员' },
  { value: 'grid_worker', label: '网格员' },
  { value: 'reviewer', label: '评查员' },
];

const roleMap = Object.fromEntries(ROLES.map((r) => [r.value, r.label]));
export const roleLabel = (r) => roleMap[r] || r || '';

export const LEVEL_LABELS = ['省', '市', '县（区）', '乡镇（街道）', '村（社区）', '网格'];
export const levelLabel = (n) => LEVEL_LABELS[n] ?? '';
