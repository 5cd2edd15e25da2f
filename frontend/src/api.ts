// A small fetch wrapper for the techmarket JSON API.
//
// - base /api/v1, JSON in and out;
// - sends `Authorization: Bearer <access>` when a token is stored;
// - on a 401 (token_expired, or token_revoked after a password change or 退出所有设备 on another
//   device) it refreshes once with the stored refresh token (POST /auth/refresh), retries the
//   request, and if that fails it drops the session (hooks.onAuthLost), as it does when the API
//   says the account was disabled (403 user_disabled);
// - every failure becomes an ApiError carrying the API's Chinese `message`, stable `code`
//   and per-field messages (`fields`), and the message is shown (hooks.notify) unless silent.

import type { ApiErrorBody, TokenResponse } from './types'
import type { operations } from './api/schema'
import { clearTokens, getAccessToken, getRefreshToken, setTokens } from './tokens'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: Record<string, string>

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
  }
}

export type QueryValue = string | number | boolean | null | undefined

/**
 * The query parameters that GET /api/v1{path} declares, generated from the route's query type in
 * the OpenAPI document. A call builds them `satisfies QueryOf<'/matches'>`, so a misspelt
 * parameter or a value the route does not take fails the typecheck.
 */
export type QueryOf<P extends string> = NonNullable<operations[`GET ${typeof API_BASE}${P}` & keyof operations]['parameters']['query']>

export interface RequestOptions {
  /** Query parameters; null, undefined and '' are left out. */
  query?: Record<string, QueryValue>
  /** Send the bearer token and refresh on 401 (default true). Login/register pass false. */
  auth?: boolean
  /** Do not show the error message to the user (default false). */
  silent?: boolean
  signal?: AbortSignal
}

export interface ApiHooks {
  /** Shows an error message to the user (ElMessage.error in the app). */
  notify: (message: string) => void
  /** Called with the new session after a successful refresh. */
  onTokens: (data: TokenResponse) => void
  /** Called when the session is gone (refresh rejected): the app logs out. */
  onAuthLost: () => void
}

const noop = () => {}
let hooks: ApiHooks = { notify: noop, onTokens: noop, onAuthLost: noop }

export function configureApi(h: Partial<ApiHooks>): void {
  hooks = { ...hooks, ...h }
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求有误，请检查输入',
  401: '请先登录',
  403: '无权执行该操作',
  404: '请求的内容不存在',
  409: '操作冲突，请刷新后重试',
  413: '提交的内容过大',
  422: '输入有误，请检查表单',
  429: '操作过于频繁，请稍后再试',
  502: '服务暂不可用，请稍后再试',
  503: '服务暂不可用，请稍后再试',
  504: '服务响应超时，请稍后再试',
}

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试'

export function defaultMessage(status: number): string {
  if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status]
  if (status >= 500) return `服务器错误（${status}），请稍后再试`
  return `请求失败（${status}）`
}

/** Builds an ApiError from a non-2xx response, whatever its body. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    const text = await res.text()
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  const err = (body as Partial<ApiErrorBody> | null)?.error
  if (err && typeof err === 'object') {
    const fields: Record<string, string> = {}
    if (err.fields && typeof err.fields === 'object') {
      for (const [k, v] of Object.entries(err.fields)) {
        if (typeof v === 'string') fields[k] = v
      }
    }
    return new ApiError(
      res.status,
      typeof err.code === 'string' && err.code ? err.code : `http_${res.status}`,
      typeof err.message === 'string' && err.message ? err.message : defaultMessage(res.status),
      fields,
    )
  }
  return new ApiError(res.status, `http_${res.status}`, defaultMessage(res.status))
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  let url = API_BASE + (path.startsWith('/') ? path : `/${path}`)
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

type RefreshOutcome = 'ok' | 'rejected' | 'network'

let refreshing: Promise<RefreshOutcome> | null = null

async function runRefresh(usedAccess: string): Promise<RefreshOutcome> {
  // Another request (or tab) may have refreshed while ours was in flight.
  const current = getAccessToken()
  if (current && current !== usedAccess) return 'ok'
  const refreshToken = getRefreshToken()
  if (!refreshToken) return 'rejected'
  let res: Response
  try {
    res = await fetch(buildUrl('/auth/refresh'), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    })
  } catch {
    return 'network'
  }
  if (!res.ok) return res.status >= 500 ? 'network' : 'rejected'
  let data: TokenResponse
  try {
    data = (await res.json()) as TokenResponse
  } catch {
    return 'network'
  }
  if (!data?.access_token || !data?.refresh_token) return 'rejected'
  setTokens(data.access_token, data.refresh_token)
  hooks.onTokens(data)
  return 'ok'
}

/**
 * Refreshes the session at most once at a time: concurrent 401s share one refresh, and across
 * tabs a Web Lock keeps two tabs from spending the same (single-use) refresh token.
 */
export function refreshSession(usedAccess: string): Promise<RefreshOutcome> {
  if (!refreshing) {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
    const run = () => runRefresh(usedAccess)
    const p: Promise<RefreshOutcome> =
      locks && typeof locks.request === 'function'
        ? (locks.request('tm-token-refresh', run) as unknown as Promise<RefreshOutcome>)
        : run()
    refreshing = p.finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AbortError'
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  const useAuth = opts.auth !== false
  const url = buildUrl(path, opts.query)

  const send = async (): Promise<{ res: Response; access: string | null }> => {
    const access = useAuth ? getAccessToken() : null
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (access) headers.Authorization = `Bearer ${access}`
    const res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    })
    return { res, access }
  }

  try {
    let { res, access } = await send()
    if (res.status === 401 && access) {
      const outcome = await refreshSession(access)
      if (outcome === 'ok') {
        ;({ res } = await send())
      }
      if (outcome === 'rejected' || (outcome === 'ok' && res.status === 401)) {
        clearTokens()
        hooks.onAuthLost()
      }
    }
    if (!res.ok) {
      const err = await errorFromResponse(res)
      // A disabled account keeps no session, whatever the request was.
      if (access && err.code === 'user_disabled') {
        clearTokens()
        hooks.onAuthLost()
      }
      throw err
    }
    if (res.status === 204) return undefined as T
    const text = await res.text()
    return (text ? JSON.parse(text) : undefined) as T
  } catch (e) {
    if (isAbort(e)) throw e
    const err =
      e instanceof ApiError
        ? e
        : new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE)
    if (!opts.silent) hooks.notify(err.message)
    throw err
  }
}

export const api = {
  get<T>(path: string, query?: Record<string, QueryValue>, opts: RequestOptions = {}) {
    return request<T>('GET', path, undefined, { ...opts, query })
  },
  post<T>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return request<T>('POST', path, body, opts)
  },
  patch<T>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return request<T>('PATCH', path, body, opts)
  },
  put<T>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return request<T>('PUT', path, body, opts)
  },
  del<T>(path: string, opts: RequestOptions = {}) {
    return request<T>('DELETE', path, undefined, opts)
  },
}

/** The Chinese message of any error thrown by the wrapper (or a fallback). */
export function errorMessage(e: unknown, fallback = '操作失败，请稍后再试'): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error && e.message) return e.message
  return fallback
}

/**
 * Copies the API's per-field messages into a reactive record bound to el-form-item `:error`.
 * Clears the previous messages first; returns true when at least one field has a message.
 */
export function applyFieldErrors(target: Record<string, string>, e: unknown): boolean {
  for (const k of Object.keys(target)) target[k] = ''
  if (!(e instanceof ApiError)) return false
  let any = false
  for (const [k, v] of Object.entries(e.fields)) {
    target[k] = v
    any = true
  }
  return any
}
