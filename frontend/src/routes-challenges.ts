// Routes and header entries of the challenges (揭榜挂帅): the hall, a challenge, the challenger's
// form and proposal desk, a proposal (submit, revise, score, award) and 我的揭榜.

import type { RouteRecordRaw } from 'vue-router'
import type { Role } from './types'

const id = (r: { params: Record<string, unknown> }) => ({ id: Number(r.params.id) })

export const challengeRoutes: RouteRecordRaw[] = [
  { path: '/challenges', name: 'challenges', component: () => import('./views/challenges/ChallengeHallView.vue'), meta: { title: '揭榜挂帅' } },
  {
    path: '/challenges/new',
    name: 'challenge-new',
    component: () => import('./views/challenges/ChallengeFormView.vue'),
    props: { id: 0 },
    meta: { title: '发布难题', roles: ['demander', 'admin'] },
  },
  {
    path: '/challenges/:id(\\d+)',
    name: 'challenge',
    component: () => import('./views/challenges/ChallengeDetailView.vue'),
    props: id,
    meta: { title: '难题详情' },
  },
  {
    path: '/challenges/:id(\\d+)/edit',
    name: 'challenge-edit',
    component: () => import('./views/challenges/ChallengeFormView.vue'),
    props: id,
    meta: { title: '编辑难题', roles: ['demander', 'admin'] },
  },
  {
    path: '/challenges/:id(\\d+)/proposals',
    name: 'challenge-proposals',
    component: () => import('./views/challenges/ChallengeProposalsView.vue'),
    props: id,
    meta: { title: '揭榜方案', requiresAuth: true },
  },
  {
    path: '/challenges/:id(\\d+)/propose',
    name: 'challenge-propose',
    component: () => import('./views/challenges/ProposalFormView.vue'),
    props: (r) => ({ challengeId: Number(r.params.id) }),
    meta: { title: '提交揭榜方案', roles: ['supplier', 'demander'] },
  },
  {
    path: '/proposals/:id(\\d+)',
    name: 'proposal',
    component: () => import('./views/challenges/ProposalView.vue'),
    props: id,
    meta: { title: '揭榜方案', requiresAuth: true },
  },
  {
    path: '/my/challenges',
    name: 'my-challenges',
    component: () => import('./views/challenges/MyChallengesView.vue'),
    meta: { title: '我的揭榜', requiresAuth: true },
  },
]

export interface ChallengeNavItem {
  path: string
  label: string
  testid: string
  also?: string[]
  userMenu?: boolean
}

/** 揭榜挂帅 for everyone; 我的揭榜 (user menu) once logged in. */
export function challengeNavItems(session: { isLoggedIn: boolean; hasRole: (...roles: Role[]) => boolean }): ChallengeNavItem[] {
  const items: ChallengeNavItem[] = [{ path: '/challenges', label: '揭榜挂帅', testid: 'nav-challenges', also: ['/proposals/'] }]
  if (session.isLoggedIn) items.push({ path: '/my/challenges', label: '我的揭榜', testid: 'nav-my-challenges', userMenu: true })
  return items
}
