// Display helpers. Times come from the API in UTC (RFC 3339) and are shown in Asia/Shanghai.

const dateTimeFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** "2026-03-05 09:07" in Beijing time; '' for empty, the input itself if unparseable. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const parts: Record<string, string> = {}
  for (const p of dateTimeFmt.formatToParts(d)) parts[p.type] = p.value
  const hour = parts.hour === '24' ? '00' : parts.hour
  return `${parts.year}-${parts.month}-${parts.day} ${hour}:${parts.minute}`
}

/**
 * A safe in-app redirect target from ?redirect=: only same-origin absolute paths,
 * never protocol-relative ("//evil") or backslash tricks; falls back otherwise.
 */
export function safeRedirect(value: unknown, fallback = '/account'): string {
  const v = Array.isArray(value) ? value[0] : value
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.includes('\\')) return fallback
  if (v === '/login' || v.startsWith('/login?') || v === '/register') return fallback
  return v
}
