import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, ApiError } from '@/api'
import { clearTokens, getAccessToken, getRefreshToken, setTokens } from '@/tokens'
import { membershipActive } from '@/membership'
import type { Membership, Org, OrgAction, Role, Session, TokenResponse, User } from '@/types'

export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(getAccessToken())
  const user = ref<User | null>(null)
  const org = ref<Org | null>(null)
  const membership = ref<Membership | null>(null)
  /** /me has been fetched for the current token (or there is no token). */
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  const isLoggedIn = computed(() => !!accessToken.value)
  /**
   * The session acts for its organisation (an active membership). Like the server's Actor, a
   * pending, suspended or refused member holds no role: `role`, `hasRole` and `isAdmin` say so.
   */
  const memberActive = computed(() => !!user.value && membershipActive(membership.value))
  const role = computed<Role | null>(() => (memberActive.value ? (user.value?.role ?? null) : null))
  const isAdmin = computed(() => role.value === 'admin')
  const orgVerified = computed(() => memberActive.value && org.value?.status === 'verified')
  /** What the user may do with their organisation (from the server: request_verification, manage_members …). */
  const orgActions = computed<OrgAction[]>(() => (memberActive.value ? ((org.value?.actions ?? []) as OrgAction[]) : []))

  function hasRole(...roles: Role[]): boolean {
    return !!role.value && roles.includes(role.value)
  }

  function setSession(s: Session) {
    user.value = s.user
    org.value = s.org ?? null
    membership.value = s.membership ?? null
    loaded.value = true
  }

  function applyTokens(t: TokenResponse) {
    setTokens(t.access_token, t.refresh_token)
    accessToken.value = t.access_token
    if (t.user) setSession(t)
  }

  /** Forgets the session locally (no request). */
  function clearSession() {
    clearTokens()
    accessToken.value = null
    user.value = null
    org.value = null
    membership.value = null
    loaded.value = true
  }

  async function login(username: string, password: string): Promise<void> {
    const t = await api.post<TokenResponse>('/auth/login', { username, password }, { auth: false, silent: true })
    applyTokens(t)
  }

  async function fetchMe(): Promise<void> {
    const s = await api.get<Session>('/me', undefined, { silent: true })
    accessToken.value = getAccessToken()
    setSession(s)
  }

  /** Loads the current user once per session; used by the route guard. */
  async function ensureLoaded(): Promise<void> {
    accessToken.value = getAccessToken()
    if (!accessToken.value) {
      user.value = null
      org.value = null
      membership.value = null
      loaded.value = true
      return
    }
    if (loaded.value && user.value) return
    if (!loading) {
      loading = fetchMe()
        .catch((e) => {
          // A rejected session is dropped; a network error keeps the tokens for a later try.
          if (e instanceof ApiError && (e.status === 401 || e.status === 403)) clearSession()
          else loaded.value = false
        })
        .finally(() => {
          loading = null
        })
    }
    await loading
  }

  /**
   * Changes the password. The server ends every session of the account and answers with a new one,
   * which this browser keeps: it stays logged in while every other device is logged out.
   */
  async function changePassword(oldPassword: string, newPassword: string): Promise<void> {
    const t = await api.post<TokenResponse>('/me/password', { old_password: oldPassword, new_password: newPassword })
    applyTokens(t)
  }

  /** 退出所有设备: ends every session of the account, this one included. */
  async function logoutAll(): Promise<void> {
    await api.post('/auth/logout-all')
    clearSession()
  }

  async function logout(): Promise<void> {
    const refresh = getRefreshToken()
    if (refresh) {
      try {
        await api.post('/auth/logout', { refresh_token: refresh }, { silent: true })
      } catch {
        // Logging out locally is what matters; the token expires anyway.
      }
    }
    clearSession()
  }

  return {
    accessToken,
    user,
    org,
    membership,
    loaded,
    isLoggedIn,
    memberActive,
    orgActions,
    role,
    isAdmin,
    orgVerified,
    hasRole,
    setSession,
    applyTokens,
    clearSession,
    login,
    fetchMe,
    ensureLoaded,
    changePassword,
    logoutAll,
    logout,
  }
})
