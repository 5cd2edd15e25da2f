// Reading route query strings, and the search page's state, which lives in the URL
// (/search?q=…&kind=…&page=2) so that a search can be shared and the back button works.

import type { QueryValue } from './api'
import { kindLabel, regionFromPrefix, type HitKind } from './enums'
import { wanToFen } from './format'

/** A query value as a string ('' when absent or repeated oddly). */
export function queryString(v: unknown): string {
  if (Array.isArray(v)) v = v[0]
  return typeof v === 'string' ? v : ''
}

/** A positive integer from the query, or def. */
export function queryInt(v: unknown, def: number): number {
  const n = Number.parseInt(queryString(v), 10)
  return Number.isFinite(n) && n > 0 ? n : def
}

/** One of the allowed values, or def. */
export function queryOneOf<T extends string>(v: unknown, allowed: readonly T[], def: T): T {
  const s = queryString(v) as T
  return allowed.includes(s) ? s : def
}

export const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc'] as const
export type SearchSort = (typeof SORTS)[number]

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: '相关度',
  newest: '最新发布',
  price_asc: '价格从低到高',
  price_desc: '价格从高到低',
}

export const PAGE_SIZES = [10, 20, 50, 100]
export const DEFAULT_PAGE_SIZE = 20

export interface SearchState {
  q: string
  kind: '' | HitKind
  field: string
  /** A region code prefix: 35, 3501 or 350102. */
  region: string
  ip_type: string
  coop_mode: string
  maturity_min: number | null
  maturity_max: number | null
  /** 万元, as people type them; the API gets fen. */
  price_min: number | null
  price_max: number | null
  /** '' = the server's default: relevance with a query, newest without. */
  sort: '' | SearchSort
  page: number
  size: number
}

export function emptySearch(): SearchState {
  return {
    q: '',
    kind: '',
    field: '',
    region: '',
    ip_type: '',
    coop_mode: '',
    maturity_min: null,
    maturity_max: null,
    price_min: null,
    price_max: null,
    sort: '',
    page: 1,
    size: DEFAULT_PAGE_SIZE,
  }
}

function maturity(v: unknown): number | null {
  const n = queryInt(v, 0)
  return n >= 1 && n <= 9 ? n : null
}

function amount(v: unknown): number | null {
  const s = queryString(v).trim()
  if (!s) return null
  const n = Number(s)
  return Number.isFinite(n) && n >= 0 ? n : null
}

/** The search state of a route query; anything malformed falls back to its default. */
export function parseSearchQuery(query: Record<string, unknown>): SearchState {
  const size = queryInt(query.size, DEFAULT_PAGE_SIZE)
  const region = queryString(query.region)
  return {
    q: queryString(query.q).trim(),
    kind: queryOneOf(query.kind, ['', 'achievement', 'need', 'challenge'] as const, ''),
    field: queryString(query.field),
    region: /^\d{1,6}$/.test(region) ? region : '',
    ip_type: queryString(query.ip_type),
    coop_mode: queryString(query.coop_mode),
    maturity_min: maturity(query.maturity_min),
    maturity_max: maturity(query.maturity_max),
    price_min: amount(query.price_min),
    price_max: amount(query.price_max),
    sort: queryOneOf(query.sort, ['', ...SORTS] as const, ''),
    page: queryInt(query.page, 1),
    size: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
  }
}

/** The route query of a search state: defaults and empty values are left out. */
export function searchToQuery(s: SearchState): Record<string, string> {
  const out: Record<string, string> = {}
  const put = (k: string, v: string | number | null) => {
    if (v !== null && v !== '') out[k] = String(v)
  }
  put('q', s.q.trim())
  put('kind', s.kind)
  put('field', s.field)
  put('region', s.region)
  put('ip_type', s.ip_type)
  put('coop_mode', s.coop_mode)
  put('maturity_min', s.maturity_min)
  put('maturity_max', s.maturity_max)
  put('price_min', s.price_min)
  put('price_max', s.price_max)
  put('sort', s.sort)
  if (s.page > 1) put('page', s.page)
  if (s.size !== DEFAULT_PAGE_SIZE) put('size', s.size)
  return out
}

/** The parameters of GET /api/v1/search for a search state (万元 → fen). */
export function searchToApi(s: SearchState): Record<string, QueryValue> {
  return {
    q: s.q.trim(),
    kind: s.kind,
    field: s.field,
    region: s.region,
    ip_type: s.ip_type,
    coop_mode: s.coop_mode,
    maturity_min: s.maturity_min,
    maturity_max: s.maturity_max,
    price_min_fen: s.price_min ? wanToFen(s.price_min) : null,
    price_max_fen: s.price_max ? wanToFen(s.price_max) : null,
    sort: s.sort,
    page: s.page,
    size: s.size,
  }
}

/** Whether any filter (beyond the words, the sort and the page) is set. */
export function hasFilters(s: SearchState): boolean {
  return !!(
    s.kind ||
    s.field ||
    s.region ||
    s.ip_type ||
    s.coop_mode ||
    s.maturity_min ||
    s.maturity_max ||
    s.price_min ||
    s.price_max
  )
}

export interface ActiveFilter {
  key: string
  label: string
  /** What clears this filter. */
  clear: Partial<SearchState>
}

/** The filters of a search as labels (类型：成果, 地区：福州市 …), e.g. for removable tags. */
export function describeFilters(s: SearchState, regionName: (code: string) => string): ActiveFilter[] {
  const out: ActiveFilter[] = []
  if (s.kind) out.push({ key: 'kind', label: `类型：${kindLabel(s.kind)}`, clear: { kind: '' } })
  if (s.field) out.push({ key: 'field', label: `行业领域：${s.field}`, clear: { field: '' } })
  if (s.region) {
    out.push({ key: 'region', label: `地区：${regionName(regionFromPrefix(s.region))}`, clear: { region: '' } })
  }
  if (s.ip_type) out.push({ key: 'ip_type', label: `知识产权：${s.ip_type}`, clear: { ip_type: '' } })
  if (s.coop_mode) out.push({ key: 'coop_mode', label: `合作方式：${s.coop_mode}`, clear: { coop_mode: '' } })
  if (s.maturity_min || s.maturity_max) {
    const lo = s.maturity_min ?? 1
    const hi = s.maturity_max ?? 9
    out.push({
      key: 'maturity',
      label: `成熟度：${lo === hi ? `${lo} 级` : `${lo}–${hi} 级`}`,
      clear: { maturity_min: null, maturity_max: null },
    })
  }
  if (s.price_min || s.price_max) {
    const range = s.price_min && s.price_max ? `${s.price_min}–${s.price_max}` : s.price_min ? `≥ ${s.price_min}` : `≤ ${s.price_max}`
    out.push({ key: 'price', label: `价格/预算：${range} 万元`, clear: { price_min: null, price_max: null } })
  }
  return out
}

/** The page and size of a list from the route query (size at most 100, as the API allows). */
export function pageFromQuery(query: Record<string, unknown>): { page: number; size: number } {
  return { page: queryInt(query.page, 1), size: Math.min(queryInt(query.size, DEFAULT_PAGE_SIZE), 100) }
}

/** Adds page and size to a route query, unless they are the defaults. */
export function withPage(query: Record<string, string>, page: number, size: number): Record<string, string> {
  if (page > 1) query.page = String(page)
  if (size !== DEFAULT_PAGE_SIZE) query.size = String(size)
  return query
}
