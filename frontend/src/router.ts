import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { decideAccess, type AccessMeta } from './access'
import { useAuthStore } from './stores/auth'

declare module 'vue-router' {
  interface RouteMeta extends AccessMeta {
    title?: string
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '登录' } },
  {
    path: '/register',
    name: 'register',
    component: () => import('./views/RegisterView.vue'),
    meta: { title: '注册' },
  },
  {
    path: '/account',
    name: 'account',
    component: () => import('./views/AccountView.vue'),
    meta: { title: '我的账户', requiresAuth: true },
  },
  {
    path: '/admin/orgs',
    name: 'admin-orgs',
    component: () => import('./views/AdminOrgsView.vue'),
    meta: { title: '机构审核', roles: ['admin'] },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./views/AdminUsersView.vue'),
    meta: { title: '用户管理', roles: ['admin'] },
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
    scrollBehavior: () => ({ top: 0 }),
  })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    await auth.ensureLoaded()
    const d = decideAccess(to.meta, { isLoggedIn: auth.isLoggedIn, role: auth.role }, to.fullPath)
    return d.allow ? true : d.redirect
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - techmarket 网上技术市场` : 'techmarket 网上技术市场'
  })

  return router
}
