// Routes and header entries of technology contracts and their registration (合同, 登记审查) and of
// the turnover pages (统计, 月度通报, 目标, 奖补). The router and the header take them from here.

import type { RouteRecordRaw } from 'vue-router'
import type { Role } from './types'

const id = (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id) })
const PARTIES: Role[] = ['supplier', 'demander', 'broker', 'admin']

export const contractRoutes: RouteRecordRaw[] = [
  {
    path: '/contracts',
    name: 'contracts',
    component: () => import('./views/contracts/ContractsView.vue'),
    // Parties, agencies and admins read it; the page's heading says whose contracts these are.
    meta: { title: '合同', requiresAuth: true },
  },
  {
    path: '/contracts/new',
    name: 'contract-new',
    component: () => import('./views/contracts/ContractFormView.vue'),
    props: { id: 0 },
    meta: { title: '登记合同', roles: ['supplier', 'demander', 'broker'] },
  },
  {
    path: '/contracts/:id(\\d+)',
    name: 'contract',
    component: () => import('./views/contracts/ContractDetailView.vue'),
    props: id,
    meta: { title: '合同详情', requiresAuth: true },
  },
  {
    path: '/contracts/:id(\\d+)/edit',
    name: 'contract-edit',
    component: () => import('./views/contracts/ContractFormView.vue'),
    props: id,
    meta: { title: '修改合同', roles: PARTIES },
  },
  {
    path: '/contracts/:id(\\d+)/certificate',
    name: 'contract-certificate',
    component: () => import('./views/contracts/CertificateView.vue'),
    props: id,
    meta: { title: '技术合同登记证明', requiresAuth: true },
  },
  {
    path: '/review',
    name: 'review',
    component: () => import('./views/contracts/ReviewQueueView.vue'),
    meta: { title: '登记审查', roles: ['reviewer'] },
  },
  { path: '/stats', name: 'stats', component: () => import('./views/stats/StatsView.vue'), meta: { title: '技术合同统计' } },
  { path: '/bulletin', name: 'bulletin', component: () => import('./views/stats/BulletinView.vue'), meta: { title: '月度通报' } },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./views/stats/DashboardView.vue'),
    meta: { title: '看板', roles: ['admin', 'bureau'] },
  },
  { path: '/targets', name: 'targets', component: () => import('./views/stats/TargetsView.vue'), meta: { title: '年度目标' } },
  {
    path: '/incentives',
    name: 'incentives',
    component: () => import('./views/stats/IncentivesView.vue'),
    meta: { title: '奖补', roles: ['admin'] },
  },
  { path: '/incentive-notices', name: 'incentive-notices', component: () => import('./views/stats/IncentiveNoticesView.vue'), meta: { title: '奖补公示' } },
]

export interface ContractNavItem {
  path: string
  label: string
  testid: string
  also?: string[]
  /** In the user menu on a desktop (the phone drawer lists every entry). */
  userMenu?: boolean
}

/**
 * The header's entries: 统计 for everyone, 合同 once logged in (reviewers: 登记审查 instead; admins, whose bar
 * is full, in the user menu).
 */
export function contractNavItems(session: { isLoggedIn: boolean; hasRole: (...roles: Role[]) => boolean }): ContractNavItem[] {
  const items: ContractNavItem[] = []
  if (session.isLoggedIn && !session.hasRole('reviewer')) {
    items.push({ path: '/contracts', label: '合同', testid: 'nav-contracts', userMenu: session.hasRole('admin') })
  }
  if (session.hasRole('reviewer')) items.push({ path: '/review', label: '登记审查', testid: 'nav-review', also: ['/contracts/'] })
  items.push({ path: '/stats', label: '统计', testid: 'nav-stats', also: ['/bulletin', '/targets', '/incentives', '/incentive-notices', '/dashboard'] })
  return items
}
