// Routes and header entries of the deals desk: 交易大厅 (auctions and their announcements, listing
// trade, public notices, results),
// 路演 and 我的成交. The router and the header take them from here.

import type { RouteRecordRaw } from 'vue-router'
import type { Role } from './types'

const id = (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id) })

export const dealRoutes: RouteRecordRaw[] = [
  { path: '/auctions', name: 'auctions', component: () => import('./views/deals/AuctionHallView.vue'), meta: { title: '拍卖大厅' } },
  {
    path: '/auctions/:id(\\d+)',
    name: 'auction',
    component: () => import('./views/deals/AuctionView.vue'),
    props: id,
    meta: { title: '竞价拍卖' },
  },
  {
    path: '/auctions/:id(\\d+)/announcement',
    name: 'auction-announcement',
    component: () => import('./views/deals/AuctionAnnouncementView.vue'),
    props: id,
    meta: { title: '拍卖公告' },
  },
  {
    path: '/admin/auctions/new',
    name: 'auction-new',
    component: () => import('./views/deals/AuctionFormView.vue'),
    meta: { title: '创建拍卖', roles: ['admin'] },
  },
  { path: '/offers', name: 'offers', component: () => import('./views/deals/OffersView.vue'), meta: { title: '挂牌大厅' } },
  { path: '/notices', name: 'notices', component: () => import('./views/deals/NoticesView.vue'), meta: { title: '成交公示' } },
  {
    path: '/notices/:id(\\d+)',
    name: 'notice',
    component: () => import('./views/deals/NoticeDetailView.vue'),
    props: id,
    meta: { title: '成交公示' },
  },
  { path: '/results', name: 'results', component: () => import('./views/deals/ResultsView.vue'), meta: { title: '成交公告' } },
  { path: '/roadshows', name: 'roadshows', component: () => import('./views/deals/RoadshowsView.vue'), meta: { title: '路演' } },
  {
    path: '/roadshows/new',
    name: 'roadshow-new',
    component: () => import('./views/deals/RoadshowFormView.vue'),
    meta: { title: '发布路演', roles: ['broker', 'admin'] },
  },
  {
    path: '/roadshows/:id(\\d+)',
    name: 'roadshow',
    component: () => import('./views/deals/RoadshowDetailView.vue'),
    props: id,
    meta: { title: '路演详情' },
  },
  {
    path: '/my/deals',
    name: 'my-deals',
    component: () => import('./views/deals/MyDealsView.vue'),
    meta: { title: '我的成交', requiresAuth: true },
  },
]

export interface DealNavItem {
  path: string
  label: string
  testid: string
  also?: string[]
  /** In the user menu on a desktop (the phone drawer lists every entry). */
  userMenu?: boolean
}

/** The header's entries: 交易大厅 and 路演 for everyone, 我的成交 (user menu) once logged in. */
export function dealNavItems(session: { isLoggedIn: boolean; hasRole: (...roles: Role[]) => boolean }): DealNavItem[] {
  const items: DealNavItem[] = [
    { path: '/auctions', label: '交易大厅', testid: 'nav-trade', also: ['/offers', '/notices', '/results', '/admin/auctions/'] },
    { path: '/roadshows', label: '路演', testid: 'nav-roadshows' },
  ]
  if (session.isLoggedIn) items.push({ path: '/my/deals', label: '我的成交', testid: 'nav-my-deals', userMenu: true })
  return items
}
