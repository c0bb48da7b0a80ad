// router.js - the console's pages. meta.roles limits a page (and its menu
// entry) to some roles; pages without it are open to every staff member.
import { createRouter, createWebHistory } from 'vue-router';
import { session, loadMe, clearSession } from './session.js';
import { onUnauthorized } from './api.js';
import { ElMessage } from 'element-plus';
import AppLayout from './layout/AppLayout.vue';
import LoginView from './views/LoginView.vue';
import HomeView from './views/HomeView.vue';
import NotFound from './views/NotFound.vue';
import { allowed } from './nav.js';

const INTAKE = ['dispatcher', 'handler', 'mediator', 'grid_worker', 'leader'];
// People's mediation: the committees' mediators, the centers that refer
// to them, the courts' clerks (handlers) and the leaders who oversee.
const MEDIATION = ['mediator', 'dispatcher', 'handler', 'leader', 'admin'];

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { title: '登录', public: true } },
  // Outside the layout: an account that must change its password first
  // has no menu to use yet.
  { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码' } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: HomeView, meta: { title: '首页' } },
      {
        path: 'cases/new', name: 'case-new', component: () => import('./views/CaseNewView.vue'),
        meta: { title: '事项登记', roles: INTAKE },
      },
      {
        path: 'cases/todo', name: 'case-todo', component: () => import('./views/TodoView.vue'),
        meta: { title: '我的待办', roles: ['dispatcher', 'handler', 'mediator', 'leader'] },
      },
      {
        path: 'cases', name: 'case-list', component: () => import('./views/CaseListView.vue'),
        meta: { title: '事项查询' },
      },
      {
        path: 'cases/:id(\\d+)', name: 'case-detail', component: () => import('./views/CaseDetailView.vue'),
        meta: { title: '事项详情' },
      },
      {
        path: 'mediations', name: 'mediations', component: () => import('./views/MediationsView.vue'),
        meta: { title: '调解工作台', roles: MEDIATION },
      },
      {
        path: 'mediations/:id(\\d+)', name: 'mediation-detail', component: () => import('./views/MediationDetailView.vue'),
        meta: { title: '调解详情', roles: MEDIATION },
      },
      {
        path: 'court-referrals', name: 'court-referrals', component: () => import('./views/CourtReferralsView.vue'),
        meta: { title: '诉调对接', roles: MEDIATION },
      },
      {
        path: 'confirmations', name: 'confirmations', component: () => import('./views/ConfirmationsView.vue'),
        meta: { title: '司法确认', roles: MEDIATION },
      },
      {
        path: 'mediation-orgs', name: 'mediation-orgs', component: () => import('./views/MediationOrgsView.vue'),
        meta: { title: '调解组织', roles: MEDIATION },
      },
      {
        path: 'mediators', name: 'mediators', component: () => import('./views/MediatorsView.vue'),
        meta: { title: '调解员', roles: MEDIATION },
      },
      {
        path: 'experts', name: 'experts', component: () => import('./views/ExpertsView.vue'),
        meta: { title: '专家库', roles: MEDIATION },
      },
      {
        path: 'alerts', name: 'alerts', component: () => import('./views/CaseListView.vue'),
        meta: { title: '预警督办', roles: ['admin', 'leader', 'dispatcher'] },
      },
      {
        path: 'supervisions', name: 'supervisions', component: () => import('./views/SupervisionView.vue'),
        meta: { title: '督办事项', roles: ['admin', 'leader', 'dispatcher'] },
      },
      {
        path: 'notice', name: 'notice', component: () => import('./views/NoticeView.vue'),
        meta: { title: '超期及退单通报', roles: ['admin', 'leader', 'dispatcher'] },
      },
      {
        path: 'warnings', name: 'warnings', component: () => import('./views/AlertsView.vue'),
        meta: { title: '研判预警', roles: ['admin', 'leader', 'dispatcher'] },
      },
      {
        path: 'screenings', name: 'screenings', component: () => import('./views/ScreeningsView.vue'),
        meta: { title: '排查任务' },
      },
      {
        path: 'packages', name: 'packages', component: () => import('./views/PackagesView.vue'),
        meta: { title: '包案化解', roles: ['admin', 'leader', 'dispatcher', 'reviewer'] },
      },
      {
        path: 'stats', name: 'stats', component: () => import('./views/StatsView.vue'),
        meta: { title: '统计分析', roles: ['admin', 'leader', 'reviewer', 'dispatcher'] },
      },
      {
        path: 'admin/units', name: 'units', component: () => import('./views/UnitsView.vue'),
        meta: { title: '单位管理', roles: ['admin', 'leader'] },
      },
      {
        path: 'admin/users', name: 'users', component: () => import('./views/UsersView.vue'),
        meta: { title: '用户管理', roles: ['admin', 'leader'] },
      },
      {
        path: 'admin/categories', name: 'categories', component: () => import('./views/CategoriesView.vue'),
        meta: { title: '分类管理', roles: ['admin'] },
      },
      {
        path: 'admin/holidays', name: 'holidays', component: () => import('./views/HolidaysView.vue'),
        meta: { title: '节假日', roles: ['admin', 'leader'] },
      },
      {
        path: 'admin/time-policies', name: 'time-policies', component: () => import('./views/PoliciesView.vue'),
        meta: { title: '办理时限', roles: ['admin', 'leader'] },
      },
      {
        path: 'admin/service-points', name: 'service-points', component: () => import('./views/ServicePointsView.vue'),
        meta: { title: '服务点管理', roles: ['admin', 'leader', 'dispatcher'] },
      },
      {
        path: 'admin/reply-templates', name: 'reply-templates', component: () => import('./views/TemplatesView.vue'),
        meta: { title: '常用语', roles: ['admin', 'leader', 'dispatcher', 'handler', 'mediator'] },
      },
      {
        path: 'basedata', name: 'basedata', component: () => import('./views/BasedataView.vue'),
        meta: { title: '基础数据', roles: ['admin', 'leader', 'dispatcher', 'handler', 'mediator', 'grid_worker'] },
      },
      {
        path: 'admin/grids', name: 'grids', component: () => import('./views/GridsView.vue'),
        meta: { title: '网格管理', roles: ['admin', 'leader', 'dispatcher'] },
      },
      {
        path: 'admin/operation-log', name: 'operation-log', component: () => import('./views/OplogView.vue'),
        meta: { title: '操作日志', roles: ['admin'] },
      },
      { path: ':rest(.*)*', name: 'not-found', component: NotFound, meta: { title: '页面不存在' } },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes,
});

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadMe();
    } catch {
      // The server could not be reached; the login page says so when used.
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return { name: 'home' };
    return true;
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: '/console' + to.fullPath } : {} };
  // The server refuses everything else until then (password_change_required).
  if (session.user.must_change_password && to.name !== 'password') {
    return { name: 'password', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (!allowed(to)) {
    ElMessage({ type: 'warning', message: `当前角色（${session.user.role_label}）无权访问“${to.meta.title}”`, grouping: true });
    return { name: 'home' };
  }
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ? to.meta.title + ' · ' : ''}网上枫桥`;
});

// A session that ended (expired, logged out elsewhere): back to the login page.
onUnauthorized((e, { quiet }) => {
  const wasIn = !!session.user;
  clearSession();
  const cur = router.currentRoute.value;
  if (cur.name === 'login') return;
  if (wasIn && !quiet) ElMessage({ type: 'warning', message: '登录已失效，请重新登录', grouping: true });
  router.replace({ name: 'login', query: { redirect: '/console' + cur.fullPath } });
});
