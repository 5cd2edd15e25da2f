// Route access rules, kept apart from the router so they can be unit-tested.

import type { Role } from './types'

export interface AccessMeta {
  requiresAuth?: boolean
  roles?: Role[]
  /**
   * Reachable by a logged-in user whose membership is not active (pending, suspended, refused): the
   * account, the waiting page, saved searches. Every other login page acts for the organisation.
   */
  anyMembership?: boolean
}

export interface AccessState {
  isLoggedIn: boolean
  role: Role | null
  /** The session acts for its organisation; false sends member pages to the waiting page. */
  memberActive?: boolean
}

export type AccessDecision =
  | { allow: true }
  | { allow: false; redirect: { path: string; query?: Record<string, string> } }

export const WAITING_PATH = '/waiting'

export function decideAccess(meta: AccessMeta, state: AccessState, fullPath: string): AccessDecision {
  const needsLogin = !!meta.requiresAuth || !!meta.roles?.length
  if (needsLogin && !state.isLoggedIn) {
    return { allow: false, redirect: { path: '/login', query: { redirect: fullPath } } }
  }
  // Without an active membership a page of the organisation would only answer 403: say why instead.
  if (needsLogin && state.memberActive === false && !meta.anyMembership) {
    return { allow: false, redirect: { path: WAITING_PATH, query: { redirect: fullPath } } }
  }
  if (meta.roles?.length && (!state.role || !meta.roles.includes(state.role))) {
    return { allow: false, redirect: { path: '/login', query: { redirect: fullPath, denied: '1' } } }
  }
  return { allow: true }
}
