import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, ApiError, applyFieldErrors, buildUrl, configureApi, errorMessage, NETWORK_ERROR_MESSAGE } from './api'
import { getAccessToken, getRefreshToken, setTokens } from './tokens'
import { json, refusal, stubFetch } from './testing'

function session(access: string, refresh: string) {
  return {
    access_token: access,
    refresh_token: refresh,
    token_type: 'Bearer',
    expires_in: 900,
    user: { id: 1, username: 'u', name: '张三', role: 'supplier' },
    org: null,
  }
}

/** The ApiError a request fails with (fails the test if it succeeds). */
async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    return e as ApiError
  }
  throw new Error('expected the request to fail')
}

const notify = vi.fn()
const onTokens = vi.fn()
const onAuthLost = vi.fn()

beforeEach(() => {
  localStorage.clear()
  notify.mockReset()
  onTokens.mockReset()
  onAuthLost.mockReset()
  configureApi({ notify, onTokens, onAuthLost })
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('buildUrl', () => {
  it('prefixes the base and drops empty query values', () => {
    expect(buildUrl('/admin/orgs', { status: 'pending', q: '', page: 2, x: undefined, y: null })).toBe(
      '/api/v1/admin/orgs?status=pending&page=2',
    )
    expect(buildUrl('me')).toBe('/api/v1/me')
    expect(buildUrl('/admin/users', { q: '张 三' })).toBe('/api/v1/admin/users?q=%E5%BC%A0+%E4%B8%89')
  })
})

describe('request', () => {
  it('sends JSON with the bearer token and parses the answer', async () => {
    setTokens('A1', 'R1')
    const calls = stubFetch(() => json(200, { user: { id: 1 }, org: null }))
    const res = await api.patch<{ user: { id: number } }>('/me', { name: '李四' })
    expect(res.user.id).toBe(1)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ url: '/api/v1/me', method: 'PATCH', auth: 'Bearer A1', body: { name: '李四' } })
  })

  it('returns undefined for 204', async () => {
    setTokens('A1', 'R1')
    stubFetch(() => new Response(null, { status: 204 }))
    await expect(api.post('/me/password', { old_password: 'a', new_password: 'b' })).resolves.toBeUndefined()
  })

  it('maps the API error shape, shows the message and fills form fields', async () => {
    stubFetch(() =>
      json(422, {
        error: {
          code: 'validation_failed',
          message: '输入有误',
          fields: { username: '用户名已被占用', org_type: '机构类型与身份不符' },
        },
      }),
    )
    const err = await caught(api.post('/auth/register', { username: 'x' }, { auth: false }))
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 422, code: 'validation_failed', message: '输入有误' })
    expect(err.fields).toEqual({ username: '用户名已被占用', org_type: '机构类型与身份不符' })
    expect(notify).toHaveBeenCalledWith('输入有误')

    const form: Record<string, string> = { username: '', password: 'old message', org_type: '' }
    expect(applyFieldErrors(form, err)).toBe(true)
    expect(form).toEqual({ username: '用户名已被占用', password: '', org_type: '机构类型与身份不符' })
    expect(applyFieldErrors(form, null)).toBe(false)
    expect(form).toEqual({ username: '', password: '', org_type: '' })
  })

  it('does not notify when silent, and keeps the Chinese message for the page', async () => {
    stubFetch(() => refusal(429, 'too_many_attempts', '登录失败次数过多，请 2 秒后再试'))
    const err = await caught(api.post('/auth/login', {}, { auth: false, silent: true }))
    expect(err).toMatchObject({ status: 429, code: 'too_many_attempts' })
    expect(errorMessage(err)).toBe('登录失败次数过多，请 2 秒后再试')
    expect(notify).not.toHaveBeenCalled()
  })

  it('gives a Chinese message for errors without the API shape', async () => {
    stubFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }))
    const err = await caught(api.get('/me'))
    expect(err).toMatchObject({ status: 502, code: 'http_502', message: '服务暂不可用，请稍后再试' })
    expect(err.fields).toEqual({})
  })

  it('turns a network failure into network_error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    const err = await caught(api.get('/meta/enums'))
    expect(err).toMatchObject({ status: 0, code: 'network_error', message: NETWORK_ERROR_MESSAGE })
    expect(notify).toHaveBeenCalledWith(NETWORK_ERROR_MESSAGE)
  })
})

describe('refresh on 401', () => {
  it('refreshes once with the stored refresh token and retries', async () => {
    setTokens('old-access', 'old-refresh')
    const calls = stubFetch((c) => {
      if (c.url === '/api/v1/auth/refresh') return json(200, session('new-access', 'new-refresh'))
      if (c.auth === 'Bearer new-access') return json(200, { user: { id: 1 }, org: null })
      return refusal(401, 'token_expired', '登录已过期')
    })
    const res = await api.get<{ user: { id: number } }>('/me')
    expect(res.user.id).toBe(1)
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/me',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/me',
    ])
    expect(calls[1].body).toEqual({ refresh_token: 'old-refresh' })
    expect(calls[1].auth).toBeNull()
    expect(getAccessToken()).toBe('new-access')
    expect(getRefreshToken()).toBe('new-refresh')
    expect(onTokens).toHaveBeenCalledTimes(1)
    expect(onAuthLost).not.toHaveBeenCalled()
    expect(notify).not.toHaveBeenCalled()
  })

  it('logs out when the refresh is rejected, without retrying', async () => {
    setTokens('old-access', 'old-refresh')
    const calls = stubFetch((c) => {
      if (c.url === '/api/v1/auth/refresh') return refusal(401, 'invalid_refresh', '登录已失效')
      return refusal(401, 'token_expired', '登录已过期，请重新登录')
    })
    const err = await caught(api.get('/me'))
    expect(err).toMatchObject({ status: 401, code: 'token_expired', message: '登录已过期，请重新登录' })
    expect(calls).toHaveLength(2)
    expect(getAccessToken()).toBeNull()
    expect(getRefreshToken()).toBeNull()
    expect(onAuthLost).toHaveBeenCalledTimes(1)
  })

  it('treats token_revoked like an expired token: one refresh, then the retry', async () => {
    // Another device changed the password: this tab's access token is revoked, its refresh token
    // too, unless this is the tab that changed it and already holds the new pair.
    setTokens('old-access', 'old-refresh')
    const calls = stubFetch((c) => {
      if (c.url === '/api/v1/auth/refresh') return json(200, session('new-access', 'new-refresh'))
      if (c.auth === 'Bearer new-access') return json(200, { ok: true })
      return refusal(401, 'token_revoked', '账号权限已变更，请重新登录')
    })
    await expect(api.get('/me')).resolves.toEqual({ ok: true })
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/me',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/me',
    ])
    expect(onAuthLost).not.toHaveBeenCalled()
  })

  it('logs out on token_revoked when the refresh token was revoked too', async () => {
    setTokens('old-access', 'old-refresh')
    const calls = stubFetch((c) => {
      if (c.url === '/api/v1/auth/refresh')
        return refusal(401, 'invalid_refresh_token', '登录已失效，请重新登录')
      return refusal(401, 'token_revoked', '账号权限已变更，请重新登录')
    })
    const err = await caught(api.get('/me'))
    expect(err).toMatchObject({ status: 401, code: 'token_revoked' })
    expect(calls.filter((c) => c.url === '/api/v1/auth/refresh')).toHaveLength(1)
    expect(getAccessToken()).toBeNull()
    expect(getRefreshToken()).toBeNull()
    expect(onAuthLost).toHaveBeenCalledTimes(1)
  })

  it('logs out when the retried request is still 401, refreshing only once', async () => {
    setTokens('old-access', 'old-refresh')
    const calls = stubFetch((c) => {
      if (c.url === '/api/v1/auth/refresh') return json(200, session('new-access', 'new-refresh'))
      return refusal(401, 'unauthorized', '请先登录')
    })
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 })
    expect(calls.filter((c) => c.url === '/api/v1/auth/refresh')).toHaveLength(1)
    expect(calls).toHaveLength(3)
    expect(onAuthLost).toHaveBeenCalledTimes(1)
    expect(getAccessToken()).toBeNull()
  })

  it('shares one refresh between concurrent requests', async () => {
    setTokens('old-access', 'old-refresh')
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const calls = stubFetch(async (c) => {
      if (c.url === '/api/v1/auth/refresh') {
        await gate
        return json(200, session('new-access', 'new-refresh'))
      }
      if (c.auth === 'Bearer new-access') return json(200, { ok: c.url })
      return refusal(401, 'token_expired', '登录已过期')
    })
    const p = Promise.all([api.get('/me'), api.get('/admin/orgs'), api.get('/admin/users')])
    await new Promise((r) => setTimeout(r, 10))
    release()
    const results = await p
    expect(results).toEqual([{ ok: '/api/v1/me' }, { ok: '/api/v1/admin/orgs' }, { ok: '/api/v1/admin/users' }])
    expect(calls.filter((c) => c.url === '/api/v1/auth/refresh')).toHaveLength(1)
  })

  it('does not refresh for requests sent without a token (login)', async () => {
    setTokens('A1', 'R1')
    const calls = stubFetch(() => refusal(401, 'bad_credentials', '用户名或密码错误'))
    const err = await caught(api.post('/auth/login', { username: 'a', password: 'b' }, { auth: false, silent: true }))
    expect(err).toMatchObject({ code: 'bad_credentials', message: '用户名或密码错误' })
    expect(calls).toHaveLength(1)
    expect(calls[0].auth).toBeNull()
    expect(getAccessToken()).toBe('A1')
    expect(onAuthLost).not.toHaveBeenCalled()
  })

  it('drops the session when the account has been disabled', async () => {
    setTokens('A1', 'R1')
    const calls = stubFetch(() => refusal(403, 'user_disabled', '账号已被停用，请联系管理员'))
    await expect(api.get('/me')).rejects.toMatchObject({ status: 403, code: 'user_disabled' })
    expect(calls).toHaveLength(1)
    expect(getAccessToken()).toBeNull()
    expect(onAuthLost).toHaveBeenCalledTimes(1)
    expect(notify).toHaveBeenCalledWith('账号已被停用，请联系管理员')
  })

  it('keeps the session on other 403s', async () => {
    setTokens('A1', 'R1')
    stubFetch(() => refusal(403, 'forbidden', '无权执行该操作'))
    await expect(api.get('/admin/orgs')).rejects.toMatchObject({ status: 403 })
    expect(getAccessToken()).toBe('A1')
    expect(onAuthLost).not.toHaveBeenCalled()
  })

  it('keeps the session when the refresh fails on the network', async () => {
    setTokens('old-access', 'old-refresh')
    stubFetch((c) => {
      if (c.url === '/api/v1/auth/refresh') throw new TypeError('Failed to fetch')
      return refusal(401, 'token_expired', '登录已过期')
    })
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 })
    expect(getRefreshToken()).toBe('old-refresh')
    expect(onAuthLost).not.toHaveBeenCalled()
  })
})
