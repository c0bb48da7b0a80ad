// router.js - /m/ (citizens, no account) and /m/grid/ (grid workers, login).
import { createRouter, createWebHistory } from 'vue-router';
import { showToast } from 'vant';
import { session, loadMe, clearSession } from './session.js';
import { onUnauthorized } from './api.js';
import HomeView from './views/HomeView.vue';

const routes = [
  { path: '/', name: 'home', component: HomeView, meta: { title: '网上枫桥' } },
  { path: '/submit', name: 'submit', component: () => import('./views/SubmitView.vue'), meta: { title: '我要反映' } },
  { path: '/map', name: 'map', component: () => import('./views/MapView.vue'), meta: { title: '身边服务点' } },
  { path: '/track', name: 'track', component: () => import('./views/TrackView.vue'), meta: { title: '进度查询' } },
  { path: '/track/mediation', name: 'track-mediation', component: () => import('./views/MediationView.vue'), meta: { title: '人民调解' } },
  { path: '/grid/report', name: 'grid-report', component: () => import('./views/grid/GridReport.vue'), meta: { title: '上报事项', auth: true } },
  { path: '/grid/cases/:id(\\d+)', name: 'grid-case', component: () => import('./views/grid/GridCase.vue'), meta: { title: '事项进度', auth: true } },
  { path: '/grid/screenings', name: 'grid-screenings', component: () => import('./views/grid/GridScreening.vue'), meta: { title: '排查任务', auth: true } },
  { path: '/grid/tasks', name: 'grid-tasks', component: () => import('./views/grid/GridTasks.vue'), meta: { title: '我的任务', auth: true } },
  { path: '/grid/patrol', name: 'grid-patrol', component: () => import('./views/grid/GridPatrol.vue'), meta: { title: '巡查日志', auth: true } },
  { path: '/grid/patrols/:id(\\d+)/report', name: 'grid-patrol-report', component: () => import('./views/grid/GridPatrolReport.vue'), meta: { title: '从巡查上报', auth: true } },
  { path: '/grid/houses', name: 'grid-houses', component: () => import('./views/grid/GridHouses.vue'), meta: { title: '房屋和租户', auth: true } },
  { path: '/grid/login', name: 'grid-login', component: () => import('./views/grid/GridLogin.vue'), meta: { title: '网格员登录' } },
  { path: '/grid', name: 'grid-home', component: () => import('./views/grid/GridHome.vue'), meta: { title: '网格员工作台', auth: true } },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory('/m/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  // A scanned 平安码 opens /m/?t=TOKEN: straight to the form, place fixed.
  if (to.name === 'home' && typeof to.query.t === 'string' && to.query.t) {
    return { name: 'submit', query: { t: to.query.t } };
  }
  if (!to.meta.auth && to.name !== 'grid-login') return true;
  if (!session.loaded) {
    try {
      await loadMe();
    } catch {
      // unreachable server: the login page will say so when used
    }
  }
  if (to.meta.auth && !session.user) return { name: 'grid-login' };
  if (to.name === 'grid-login' && session.user) return { name: 'grid-home' };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title === '网上枫桥' ? '网上枫桥 · 群众诉求服务' : `${to.meta.title} · 网上枫桥`;
});

onUnauthorized(() => {
  const had = !!session.user;
  clearSession();
  if (router.currentRoute.value.meta.auth) {
    if (had) showToast('登录已失效，请重新登录');
    router.replace({ name: 'grid-login' });
  }
});
