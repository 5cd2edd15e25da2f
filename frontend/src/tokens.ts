// Token storage: the only place that touches localStorage for credentials.

const ACCESS_KEY = 'tm.access_token'
const REFRESH_KEY = 'tm.refresh_token'

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function getAccessToken(): string | null {
  return storage()?.getItem(ACCESS_KEY) ?? null
}

export function getRefreshToken(): string | null {
  return storage()?.getItem(REFRESH_KEY) ?? null
}

export function setTokens(access: string, refresh: string): void {
  const s = storage()
  if (!s) return
  s.setItem(ACCESS_KEY, access)
  s.setItem(REFRESH_KEY, refresh)
}

export function clearTokens(): void {
  const s = storage()
  if (!s) return
  s.removeItem(ACCESS_KEY)
  s.removeItem(REFRESH_KEY)
}
