import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { decideAccess, type AccessMeta } from './access'
import { useAuthStore } from './stores/auth'
import { useSiteStore } from './stores/site'
import { KIND_LABELS, kindPath } from './enums'
import { dealRoutes } from './routes-deals'
import { contractRoutes } from './routes-contracts'
import { challengeRoutes } from './routes-challenges'
import type { ListingKind, Role } from './types'

declare module 'vue-router' {
  interface RouteMeta extends AccessMeta {
    title?: string
  }
}

const OWNER_ROLES: Record<ListingKind, Role[]> = { achievement: ['supplier', 'admin'], need: ['demander', 'admin'] }

/** The public page and the owner's forms of one kind of listing. */
function listingRoutes(kind: ListingKind): RouteRecordRaw[] {
  const seg = kindPath(kind)
  const what = KIND_LABELS[kind]
  const form = () => import('./views/ListingFormView.vue')
  return [
    {
      path: `/${seg}/:id(\\d+)`,
      name: `${kind}-detail`,
      component: () => import('./views/ListingDetailView.vue'),
      props: (r) => ({ kind, id: Number(r.params.id) }),
      meta: { title: `${what}详情` },
    },
    {
      path: `/my/${seg}/new`,
      name: `${kind}-new`,
      component: form,
      props: { kind, id: 0 },
      meta: { title: `发布${what}`, roles: OWNER_ROLES[kind] },
    },
    {
      path: `/my/${seg}/:id(\\d+)/edit`,
      name: `${kind}-edit`,
      component: form,
      props: (r) => ({ kind, id: Number(r.params.id) }),
      meta: { title: `编辑${what}`, roles: OWNER_ROLES[kind] },
    },
  ]
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
  { path: '/search', name: 'search', component: () => import('./views/SearchView.vue'), meta: { title: '搜索成果与需求' } },
  {
    path: '/registry',
    name: 'registry',
    component: () => import('./views/RegistryView.vue'),
    meta: { title: '技术经纪人与技术转移机构名录' },
  },
  ...listingRoutes('achievement'),
  ...listingRoutes('need'),
  ...dealRoutes,
  ...contractRoutes,
  ...challengeRoutes,
  {
    path: '/my/listings',
    name: 'my-listings',
    component: () => import('./views/MyListingsView.vue'),
    meta: { title: '我的发布', roles: ['supplier', 'demander', 'admin'] },
  },
  {
    path: '/moderation',
    name: 'moderation',
    component: () => import('./views/ModerationView.vue'),
    meta: { title: '发布审核', roles: ['admin', 'broker'] },
  },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '登录' } },
  {
    path: '/register',
    name: 'register',
    component: () => import('./views/RegisterView.vue'),
    meta: { title: '注册' },
  },
  {
    path: '/workspace',
    name: 'workspace',
    component: () => import('./views/WorkspaceView.vue'),
    meta: { title: '工作台', requiresAuth: true },
  },
  {
    path: '/account',
    name: 'account',
    component: () => import('./views/AccountView.vue'),
    meta: { title: '我的账户', requiresAuth: true, anyMembership: true },
  },
  // ---- memberships: the pending user's waiting page, the organisation's members and verification ----
  {
    path: '/waiting',
    name: 'waiting',
    component: () => import('./views/org/WaitingView.vue'),
    meta: { title: '加入机构审核', requiresAuth: true, anyMembership: true },
  },
  {
    path: '/org/members',
    name: 'org-members',
    component: () => import('./views/org/OrgMembersView.vue'),
    meta: { title: '本机构', requiresAuth: true },
  },
  {
    path: '/admin/members',
    name: 'admin-members',
    component: () => import('./views/org/AdminMembersView.vue'),
    meta: { title: '成员申请审批', roles: ['admin'] },
  },
  {
    path: '/admin/orgs',
    name: 'admin-orgs',
    component: () => import('./views/AdminOrgsView.vue'),
    meta: { title: '机构审核', roles: ['admin'] },
  },
  {
    path: '/admin/reports',
    name: 'admin-reports',
    component: () => import('./views/trust/AdminReportsView.vue'),
    meta: { title: '举报处理', roles: ['admin'] },
  },
  { path: '/articles', name: 'articles', component: () => import('./views/articles/ArticlesView.vue'), meta: { title: '通知公告与政策法规' } },
  {
    path: '/articles/:id(\\d+)',
    name: 'article',
    component: () => import('./views/articles/ArticleView.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { title: '文章' },
  },
  {
    path: '/admin/articles',
    name: 'admin-articles',
    component: () => import('./views/articles/AdminArticlesView.vue'),
    meta: { title: '文章管理', roles: ['admin'] },
  },
  {
    path: '/admin/articles/new',
    name: 'article-new',
    component: () => import('./views/articles/ArticleFormView.vue'),
    props: { id: 0 },
    meta: { title: '新建文章', roles: ['admin'] },
  },
  {
    path: '/admin/articles/:id(\\d+)/edit',
    name: 'article-edit',
    component: () => import('./views/articles/ArticleFormView.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { title: '编辑文章', roles: ['admin'] },
  },
  {
    path: '/admin/site',
    name: 'admin-site',
    component: () => import('./views/AdminSiteView.vue'),
    meta: { title: '站点设置', roles: ['admin'] },
  },
  {
    path: '/admin/calendar',
    name: 'admin-calendar',
    component: () => import('./views/AdminCalendarView.vue'),
    meta: { title: '工作日历', roles: ['admin'] },
  },
  {
    path: '/admin/zones',
    name: 'admin-zones',
    component: () => import('./views/stats/AdminZonesView.vue'),
    meta: { title: '功能区管理', roles: ['admin'] },
  },
  {
    path: '/admin/feedback',
    name: 'admin-feedback',
    component: () => import('./views/trust/AdminFeedbackView.vue'),
    meta: { title: '买方反馈分析', roles: ['admin'] },
  },
  {
    path: '/my/access-requests',
    name: 'access-requests',
    component: () => import('./views/trust/AccessRequestsView.vue'),
    meta: { title: '保密详情查看申请', requiresAuth: true },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./views/AdminUsersView.vue'),
    meta: { title: '用户管理', roles: ['admin'] },
  },
  // ---- matching: the broker workbench, matches, saved searches ----
  {
    path: '/workbench',
    name: 'workbench',
    component: () => import('./views/WorkbenchView.vue'),
    meta: { title: '经纪人工作台', roles: ['broker', 'admin'] },
  },
  {
    path: '/matches/:id(\\d+)',
    name: 'match-detail',
    component: () => import('./views/MatchDetailView.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { title: '对接详情', requiresAuth: true },
  },
  {
    path: '/my/matches',
    name: 'my-matches',
    component: () => import('./views/MyMatchesView.vue'),
    meta: { title: '我的对接', requiresAuth: true },
  },
  {
    path: '/my/favourites',
    name: 'favourites',
    component: () => import('./views/FavouritesView.vue'),
    meta: { title: '我的收藏', requiresAuth: true, anyMembership: true },
  },
  {
    path: '/my/saved-searches',
    name: 'saved-searches',
    component: () => import('./views/SavedSearchesView.vue'),
    meta: { title: '保存的搜索', requiresAuth: true, anyMembership: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { title: '页面不存在' },
  },
]

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    // Back and forward restore where the page was scrolled to.
    // A link to a part of a page (a notification's #interests) waits for the page's data to show it.
    scrollBehavior: (to, _from, saved) =>
      saved ?? (to.hash ? new Promise((resolve) => setTimeout(() => resolve({ el: to.hash, top: 80 }), 800)) : { top: 0 }),
  })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    await auth.ensureLoaded()
    const d = decideAccess(
      to.meta,
      { isLoggedIn: auth.isLoggedIn, role: auth.role, memberActive: auth.user ? auth.memberActive : undefined },
      to.fullPath,
    )
    return d.allow ? true : d.redirect
  })

  router.afterEach((to) => {
    useSiteStore().pageTitle = to.meta.title ?? ''
  })

  return router
}
