import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { configureApi } from '@/api'
import { getAccessToken, getRefreshToken, setTokens } from '@/tokens'
import { json, refusal, stubFetch } from '@/testing'
import { useAuthStore } from './auth'

const user = { id: 7, username: 'zhang', name: '张三', role: 'supplier', org_id: 3 }
const org = { id: 3, name: '福州大学', type: 'university', status: 'pending' }

/** What the server answers a login, a refresh or a password change with. */
const tokens = (access: string, refresh: string) =>
  json(200, { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: 900, user, org })

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  configureApi({ notify: () => {}, onTokens: () => {}, onAuthLost: () => {} })
})
afterEach(() => vi.unstubAllGlobals())

describe('auth store', () => {
  it('logs in, keeps tokens and the session, and knows the role', async () => {
    stubFetch(() => tokens('A', 'R'))
    const auth = useAuthStore()
    await auth.login('zhang', 'secret-pass')
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.user?.name).toBe('张三')
    expect(auth.hasRole('supplier', 'demander')).toBe(true)
    expect(auth.isAdmin).toBe(false)
    expect(auth.orgVerified).toBe(false)
    expect(getAccessToken()).toBe('A')
    expect(getRefreshToken()).toBe('R')
  })

  it('surfaces the login error and stores nothing', async () => {
    stubFetch(() => refusal(401, 'bad_credentials', '用户名或密码错误'))
    const auth = useAuthStore()
    await expect(auth.login('zhang', 'wrong')).rejects.toMatchObject({ message: '用户名或密码错误' })
    expect(auth.isLoggedIn).toBe(false)
    expect(getAccessToken()).toBeNull()
  })

  it('revokes the refresh token on logout and forgets the session', async () => {
    setTokens('A', 'R')
    const calls = stubFetch(() => json(204))
    const auth = useAuthStore()
    auth.setSession({ user: user as never, org: org as never, membership: null })
    await auth.logout()
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ url: '/api/v1/auth/logout', body: { refresh_token: 'R' } })
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.user).toBeNull()
    expect(getRefreshToken()).toBeNull()
  })

  it('keeps the fresh session a password change answers with', async () => {
    setTokens('A', 'R')
    const calls = stubFetch(() => tokens('A2', 'R2'))
    const auth = useAuthStore()
    await auth.changePassword('old-secret', '新的密码-2026')
    expect(calls[0]).toMatchObject({
      url: '/api/v1/me/password',
      body: { old_password: 'old-secret', new_password: '新的密码-2026' },
    })
    expect(getAccessToken()).toBe('A2')
    expect(getRefreshToken()).toBe('R2')
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.user?.name).toBe('张三')
  })

  it('keeps the old tokens when the password change is refused', async () => {
    setTokens('A', 'R')
    stubFetch(() => refusal(422, 'invalid_input', '输入有误', { old_password: '原密码不正确' }))
    const auth = useAuthStore()
    await expect(auth.changePassword('wrong', '新的密码-2026')).rejects.toMatchObject({ status: 422 })
    expect(getAccessToken()).toBe('A')
    expect(getRefreshToken()).toBe('R')
  })

  it('logs out everywhere, then forgets the session here', async () => {
    setTokens('A', 'R')
    const calls = stubFetch(() => json(204))
    const auth = useAuthStore()
    auth.setSession({ user: user as never, org: org as never, membership: null })
    await auth.logoutAll()
    expect(calls[0]).toMatchObject({ url: '/api/v1/auth/logout-all', method: 'POST', auth: 'Bearer A' })
    expect(auth.isLoggedIn).toBe(false)
    expect(getRefreshToken()).toBeNull()
  })

  it('stays logged in when logging out everywhere fails on the network', async () => {
    setTokens('A', 'R')
    stubFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    const auth = useAuthStore()
    await expect(auth.logoutAll()).rejects.toMatchObject({ code: 'network_error' })
    expect(getAccessToken()).toBe('A')
  })

  it('loads /me once for a stored token, and drops a dead session', async () => {
    setTokens('A', 'R')
    const calls = stubFetch(() => json(200, { user, org }))
    const auth = useAuthStore()
    await Promise.all([auth.ensureLoaded(), auth.ensureLoaded()])
    await auth.ensureLoaded()
    expect(calls).toHaveLength(1)
    expect(auth.org?.name).toBe('福州大学')

    setActivePinia(createPinia())
    stubFetch(() => refusal(401, 'invalid_token', '请先登录'))
    const fresh = useAuthStore()
    await fresh.ensureLoaded()
    expect(fresh.isLoggedIn).toBe(false)
    expect(getAccessToken()).toBeNull()
  })
})
