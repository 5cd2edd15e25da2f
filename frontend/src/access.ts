// Route access rules, kept apart from the router so they can be unit-tested.

import type { Role } from './types'

export interface AccessMeta {
  requiresAuth?: boolean
  roles?: Role[]
}

export interface AccessState {
  isLoggedIn: boolean
  role: Role | null
}

export type AccessDecision =
  | { allow: true }
  | { allow: false; redirect: { path: string; query?: Record<string, string> } }

export function decideAccess(meta: AccessMeta, state: AccessState, fullPath: string): AccessDecision {
  const needsLogin = !!meta.requiresAuth || !!meta.roles?.length
  if (needsLogin && !state.isLoggedIn) {
    return { allow: false, redirect: { path: '/login', query: { redirect: fullPath } } }
  }
  if (meta.roles?.length && (!state.role || !meta.roles.includes(state.role))) {
    return { allow: false, redirect: { path: '/login', query: { redirect: fullPath, denied: '1' } } }
  }
  return { allow: true }
}
