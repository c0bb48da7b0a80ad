// nav.js - the left menu and the role check of a route.
import { session } from './session.js';

// The menu, in order; the layout builds the left menu from it.
export const menu = [
  { title: '工作台', items: [{ name: 'home', title: '首页', icon: 'HomeFilled' }] },
  {
    title: '事项办理',
    items: [
      { name: 'case-new', title: '事项登记', icon: 'EditPen' },
      { name: 'case-todo', title: '我的待办', icon: 'Bell' },
      { name: 'case-list', title: '事项查询', icon: 'Document' },
      { name: 'mediations', title: '调解工作台', icon: 'ChatLineSquare' },
      { name: 'basedata', title: '基础数据', icon: 'Files' },
    ],
  },
  {
    title: '人民调解',
    items: [
      { name: 'court-referrals', title: '诉调对接', icon: 'Connection' },
      { name: 'confirmations', title: '司法确认', icon: 'Stamp' },
      { name: 'mediation-orgs', title: '调解组织', icon: 'School' },
      { name: 'mediators', title: '调解员', icon: 'Avatar' },
      { name: 'experts', title: '专家库', icon: 'Reading' },
    ],
  },
  {
    title: '监督分析',
    items: [
      { name: 'alerts', title: '预警督办', icon: 'Warning' },
      { name: 'warnings', title: '研判预警', icon: 'Bell' },
      { name: 'supervisions', title: '督办事项', icon: 'Document' },
      { name: 'screenings', title: '排查任务', icon: 'List' },
      { name: 'packages', title: '包案化解', icon: 'Flag' },
      { name: 'stats', title: '统计分析', icon: 'DataAnalysis' },
    ],
  },
  {
    title: '系统管理',
    items: [
      { name: 'units', title: '单位管理', icon: 'OfficeBuilding' },
      { name: 'grids', title: '网格管理', icon: 'Grid' },
      { name: 'users', title: '用户管理', icon: 'User' },
      { name: 'categories', title: '分类管理', icon: 'Files' },
      { name: 'holidays', title: '节假日', icon: 'Calendar' },
      { name: 'time-policies', title: '办理时限', icon: 'Timer' },
      { name: 'reply-templates', title: '常用语', icon: 'ChatLineSquare' },
      { name: 'service-points', title: '服务点管理', icon: 'Location' },
      { name: 'operation-log', title: '操作日志', icon: 'Tickets' },
    ],
  },
];

export const allowed = (route) => {
  const roles = route.meta?.roles;
  return !roles || (!!session.user && roles.includes(session.user.role));
};

