// Display helpers. Times come from the API in UTC (RFC 3339) and are shown in Asia/Shanghai.

const beijingFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** The Beijing calendar and clock of a valid date: { year, month, day, hour, minute, second }, two digits each (year four). */
export function beijingParts(d: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts: Record<string, string> = {}
  for (const p of beijingFmt.formatToParts(d)) parts[p.type] = p.value
  if (parts.hour === '24') parts.hour = '00'
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>
}

/** "2026-03-05 09:07" in Beijing time; '' for empty, the input itself if unparseable. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const p = beijingParts(d)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
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

/** "2027-06-30": the Beijing calendar day of an RFC 3339 time; '' for empty. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const p = beijingParts(d)
  return `${p.year}-${p.month}-${p.day}`
}

/** The end of a Beijing calendar day ("2027-06-30") as RFC 3339, as the API takes dates; null for ''. */
export function endOfDayShanghai(day: string | null | undefined): string | null {
  if (!day) return null
  return `${day}T23:59:59+08:00`
}

// ---- money: the API speaks integer fen (分); people speak 元 and 万元 ----

export const FEN_PER_WAN = 1_000_000

const wanFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4, useGrouping: true })
const yuanFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: true })

/** 1 200 000 000 fen → "1,200 万元"; 500 000 fen → "5,000 元". */
export function formatFen(fen: number | null | undefined): string {
  const f = Number(fen) || 0
  if (Math.abs(f) >= FEN_PER_WAN) return `${wanFmt.format(f / FEN_PER_WAN)} 万元`
  return `${yuanFmt.format(f / 100)} 元`
}

/** An amount typed in 万元 as integer fen (null or bad input → 0). */
export function wanToFen(wan: number | null | undefined): number {
  const n = Number(wan)
  if (wan === null || wan === undefined || !Number.isFinite(n) || n <= 0) return 0
  return Math.round(n * FEN_PER_WAN)
}

/** Integer fen as 万元 for an input box (0 → null, i.e. empty). */
export function fenToWan(fen: number | null | undefined): number | null {
  const f = Number(fen) || 0
  return f > 0 ? f / FEN_PER_WAN : null
}

/** An achievement's asking price: "面议" or "参考价 120 万元". */
export function formatPrice(
  p: { price_type: string; price_fen: number },
  typeLabel: (t: string) => string = (t) => t,
): string {
  if (p.price_type === 'negotiable' || !p.price_fen) return '面议'
  return `${typeLabel(p.price_type)} ${formatFen(p.price_fen)}`
}

/** A need's budget: "面议", "50 万元 – 100 万元", "不超过 100 万元". */
export function formatBudget(n: { budget_negotiable: boolean; budget_min_fen: number; budget_max_fen: number }): string {
  if (n.budget_negotiable || !n.budget_max_fen) return '面议'
  if (!n.budget_min_fen) return `不超过 ${formatFen(n.budget_max_fen)}`
  if (n.budget_min_fen === n.budget_max_fen) return formatFen(n.budget_max_fen)
  return `${formatFen(n.budget_min_fen)} – ${formatFen(n.budget_max_fen)}`
}
