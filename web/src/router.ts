import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session, loadSession, can } from './session';
import { NAV } from './nav';

const pages: Record<string, () => Promise<unknown>> = {
  dashboard: () => import('./pages/DashboardPage.vue'),
  places: () => import('./pages/PlacesPage.vue'),
  persons: () => import('./pages/PersonsPage.vue'),
  users: () => import('./pages/UsersPage.vue'),
  audit: () => import('./pages/AuditPage.vue'),
  followups: () => import('./pages/FollowUpsPage.vue'),
  sites: () => import('./pages/SitesPage.vue'),
  cases: () => import('./pages/CasesPage.vue'),
  tasks: () => import('./pages/TasksPage.vue'),
  reports: () => import('./pages/ReportsPage.vue'),
  arrivals: () => import('./pages/ArrivalsPage.vue'),
  orders: () => import('./pages/OrdersPage.vue'),
  labtests: () => import('./pages/LabTestsPage.vue'),
  policy: () => import('./pages/PolicyPage.vue'),
  assists: () => import('./pages/AssistsPage.vue'),
  screening: () => import('./pages/ScreeningPage.vue'),
  transfer: () => import('./pages/TransferPage.vue'),
};

// Props of list pages taken from the query: for lab tests, the person and order a test
// is recorded for.
const routeProps: Record<string, RouteRecordRaw['props']> = {
  labtests: (to) => ({ personId: to.query.person_id, orderId: to.query.order_id }),
};

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  {
    path: '/report',
    name: 'public-report',
    component: () => import('./pages/PublicReportPage.vue'),
    meta: { public: true },
  },
  { path: '/password', name: 'password', component: () => import('./pages/PasswordPage.vue') },
  ...NAV.map((item) => ({
    path: item.path,
    name: item.name,
    component: pages[item.name],
    meta: { permission: item.permission },
    props: routeProps[item.name] ?? false,
  })),
  {
    path: '/persons/new',
    name: 'person-new',
    component: () => import('./pages/PersonNewPage.vue'),
    meta: { permission: 'persons.write' },
  },
  {
    path: '/persons/:id(\\d+)',
    name: 'person',
    component: () => import('./pages/PersonPage.vue'),
    meta: { permission: 'persons.read' },
  },
  {
    path: '/sites/:id(\\d+)',
    name: 'site',
    component: () => import('./pages/SitePage.vue'),
    meta: { permission: 'quarantine.read' },
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: () => import('./pages/CasePage.vue'),
    meta: { permission: 'cases.read' },
  },
  {
    path: '/orders/:id(\\d+)',
    name: 'order',
    component: () => import('./pages/OrderPage.vue'),
    props: true,
    meta: { permission: 'quarantine.read' },
  },
  {
    path: '/assists/new',
    name: 'assist-new',
    component: () => import('./pages/AssistsPage.vue'),
    meta: { permission: 'tasks.work' },
  },
  {
    path: '/assists/:id(\\d+)',
    name: 'assist',
    component: () => import('./pages/AssistPage.vue'),
    props: true,
    meta: { permission: 'tasks.work' },
  },
  {
    path: '/screening/:id(\\d+)/visit',
    name: 'screening-visit',
    component: () => import('./pages/ScreeningVisitPage.vue'),
    meta: { permission: 'screening.manage' },
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession().catch(() => null);
  if (to.meta.public) return true;
  if (!session.me) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (session.me.must_change_password && to.name !== 'password') return { name: 'password' };
  const permission = to.meta.permission as string | undefined;
  if (permission && permission !== 'authenticated' && !can(permission)) return { name: 'dashboard' };
  return true;
});
