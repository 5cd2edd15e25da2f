import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { configureApi } from '@/api'
import { getAccessToken, getRefreshToken, setTokens } from '@/tokens'
import { useAuthStore } from './auth'

const user = { id: 7, username: 'zhang', name: '张三', role: 'supplier', org_id: 3 }
const org = { id: 3, name: '福州大学', type: 'university', status: 'pending' }

function json(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status })
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  configureApi({ notify: () => {}, onTokens: () => {}, onAuthLost: () => {} })
})
afterEach(() => vi.unstubAllGlobals())

describe('auth store', () => {
  it('logs in, keeps tokens and the session, and knows the role', async () => {
    const fetchMock = vi.fn(async () =>
      json(200, { access_token: 'A', refresh_token: 'R', token_type: 'Bearer', expires_in: 900, user, org }),
    )
    vi.stubGlobal('fetch', fetchMock)
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
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { error: { code: 'bad_credentials', message: '用户名或密码错误' } })))
    const auth = useAuthStore()
    await expect(auth.login('zhang', 'wrong')).rejects.toMatchObject({ message: '用户名或密码错误' })
    expect(auth.isLoggedIn).toBe(false)
    expect(getAccessToken()).toBeNull()
  })

  it('revokes the refresh token on logout and forgets the session', async () => {
    setTokens('A', 'R')
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(204))
    vi.stubGlobal('fetch', fetchMock)
    const auth = useAuthStore()
    auth.setSession({ user: user as never, org: org as never, membership: null })
    await auth.logout()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/auth/logout')
    expect(JSON.parse(String(init?.body))).toEqual({ refresh_token: 'R' })
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.user).toBeNull()
    expect(getRefreshToken()).toBeNull()
  })

  it('keeps the fresh session a password change answers with', async () => {
    setTokens('A', 'R')
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      json(200, { access_token: 'A2', refresh_token: 'R2', token_type: 'Bearer', expires_in: 900, user, org }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const auth = useAuthStore()
    await auth.changePassword('old-secret', '新的密码-2026')
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/me/password')
    expect(JSON.parse(String(init?.body))).toEqual({ old_password: 'old-secret', new_password: '新的密码-2026' })
    expect(getAccessToken()).toBe('A2')
    expect(getRefreshToken()).toBe('R2')
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.user?.name).toBe('张三')
  })

  it('keeps the old tokens when the password change is refused', async () => {
    setTokens('A', 'R')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(422, { error: { code: 'invalid_input', message: '输入有误', fields: { old_password: '原密码不正确' } } }),
      ),
    )
    const auth = useAuthStore()
    await expect(auth.changePassword('wrong', '新的密码-2026')).rejects.toMatchObject({ status: 422 })
    expect(getAccessToken()).toBe('A')
    expect(getRefreshToken()).toBe('R')
  })

  it('logs out everywhere, then forgets the session here', async () => {
    setTokens('A', 'R')
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(204))
    vi.stubGlobal('fetch', fetchMock)
    const auth = useAuthStore()
    auth.setSession({ user: user as never, org: org as never, membership: null })
    await auth.logoutAll()
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/auth/logout-all')
    expect(init?.method).toBe('POST')
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer A')
    expect(auth.isLoggedIn).toBe(false)
    expect(getRefreshToken()).toBeNull()
  })

  it('stays logged in when logging out everywhere fails on the network', async () => {
    setTokens('A', 'R')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    const auth = useAuthStore()
    await expect(auth.logoutAll()).rejects.toMatchObject({ code: 'network_error' })
    expect(getAccessToken()).toBe('A')
  })

  it('loads /me once for a stored token, and drops a dead session', async () => {
    setTokens('A', 'R')
    const fetchMock = vi.fn(async () => json(200, { user, org }))
    vi.stubGlobal('fetch', fetchMock)
    const auth = useAuthStore()
    await Promise.all([auth.ensureLoaded(), auth.ensureLoaded()])
    await auth.ensureLoaded()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(auth.org?.name).toBe('福州大学')

    setActivePinia(createPinia())
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { error: { code: 'invalid_token', message: '请先登录' } })))
    const fresh = useAuthStore()
    await fresh.ensureLoaded()
    expect(fresh.isLoggedIn).toBe(false)
    expect(getAccessToken()).toBeNull()
  })
})
