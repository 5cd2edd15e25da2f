// Supply–demand matching: the broker pipeline's statuses, the moves among a match's actions, each
// side's answer, and saved searches (stored as GET /search parameters) ↔ the search page's URL.

import type { StatusStyle, TagType } from './enums'
import { fenToWan } from './format'
import { describeFilters, emptySearch, searchToApi, searchToQuery, type SearchState } from './query'
import type { Match, MatchAction, MatchResponse, MatchStatus, MatchSuggestion } from './types'


/** The pipeline in order; the kanban has one column each. */
export const MATCH_STATUSES: MatchStatus[] = ['proposed', 'contacted', 'negotiating', 'agreed', 'failed']

export const MATCH_STATUS: Record<MatchStatus, StatusStyle> = {
  proposed: { label: '已推荐', tag: 'info' },
  contacted: { label: '已联系', tag: 'primary' },
  negotiating: { label: '洽谈中', tag: 'warning' },
  agreed: { label: '已达成', tag: 'success' },
  failed: { label: '未成功', tag: 'danger' },
}

export function matchStatusLabel(s: string | null | undefined): string {
  return MATCH_STATUS[s as MatchStatus]?.label ?? s ?? ''
}

export function matchStatusTag(s: string | null | undefined): TagType {
  return MATCH_STATUS[s as MatchStatus]?.tag ?? 'info'
}

export const MATCH_RESPONSE: Record<MatchResponse, StatusStyle> = {
  pending: { label: '待答复', tag: 'info' },
  accepted: { label: '已同意', tag: 'success' },
  declined: { label: '已谢绝', tag: 'danger' },
}

export const MATCH_SOURCE_LABELS: Record<string, string> = {
  recommendation: '匹配推荐',
  manual: '人工推荐',
  roadshow: '路演意向',
}

export const SIDE_LABELS = { supplier: '供方', demander: '需方' } as const
export type MatchSide = keyof typeof SIDE_LABELS

/** The broker's moves, by the action that takes a match to each status (POST /matches/:id/move). */
const MOVES: [MatchAction, MatchStatus][] = [
  ['contact', 'contacted'],
  ['negotiate', 'negotiating'],
  ['agree', 'agreed'],
  ['fail', 'failed'],
]

/** The statuses the caller may move a match to now: the moves among its actions, in pipeline order. */
export function nextStatuses(m: Pick<Match, 'actions'>): MatchStatus[] {
  return MOVES.filter(([act]) => m.actions?.includes(act)).map(([, to]) => to)
}

/** The button that moves a match to a status. */
export const MOVE_LABELS: Record<MatchStatus, string> = {
  proposed: '已推荐',
  contacted: '标记已联系',
  negotiating: '进入洽谈',
  agreed: '达成协议',
  failed: '标记未成功',
}

export function bothAccepted(m: Pick<Match, 'supplier_response' | 'demander_response'>): boolean {
  return m.supplier_response === 'accepted' && m.demander_response === 'accepted'
}

/** Which side of the match an organisation is on, if any. */
export function sideOf(m: Pick<Match, 'supplier_org_id' | 'demander_org_id'>, orgId: number | null | undefined): MatchSide | null {
  if (!orgId) return null
  if (orgId === m.supplier_org_id) return 'supplier'
  if (orgId === m.demander_org_id) return 'demander'
  return null
}

/** The caller's answer is awaited: the server offers it 同意对接 (only while its own answer is pending). */
export function awaitsAnswer(m: Pick<Match, 'actions'>): boolean {
  return !!m.actions?.includes('accept') // a table's slot also renders an empty row
}

// ---- saved searches ----

/** The keys of GET /search that a saved search keeps (the API drops the rest). */
const SAVED_KEYS = [
  'q',
  'kind',
  'field',
  'region',
  'ip_type',
  'coop_mode',
  'maturity_min',
  'maturity_max',
  'price_min_fen',
  'price_max_fen',
] as const

/** The parameters to save for a search page state: the API's, without sort and paging. */
export function savedParamsFromSearch(s: SearchState): Record<string, string> {
  const api = searchToApi(s)
  const out: Record<string, string> = {}
  for (const k of SAVED_KEYS) {
    const v = api[k]
    if (v !== null && v !== undefined && v !== '') out[k] = String(v)
  }
  return out
}

/** The search page's query string for saved parameters (fen back to 万元). */
export function searchQueryFromSaved(params: Record<string, string>): Record<string, string> {
  const s = emptySearch()
  const num = (v: string | undefined) => {
    const n = Number(v)
    return v && Number.isFinite(n) && n > 0 ? n : null
  }
  s.q = params.q ?? ''
  s.kind = params.kind === 'achievement' || params.kind === 'need' ? params.kind : ''
  s.field = params.field ?? ''
  s.region = params.region ?? ''
  s.ip_type = params.ip_type ?? ''
  s.coop_mode = params.coop_mode ?? ''
  s.maturity_min = num(params.maturity_min)
  s.maturity_max = num(params.maturity_max)
  s.price_min = fenToWan(num(params.price_min_fen))
  s.price_max = fenToWan(num(params.price_max_fen))
  return searchToQuery(s)
}

/** How well a recommendation fits, as the server judges it (GET …/matches `fit`); never a raw score. */
export const FIT: Record<MatchSuggestion['fit'], { label: string; tag: 'success' | 'primary' | 'info' }> = {
  high: { label: '匹配度 高', tag: 'success' },
  medium: { label: '匹配度 中', tag: 'primary' },
  low: { label: '匹配度 低', tag: 'info' },
}

/** The tag of a fit; an unknown level (a newer server) reads as 低. */
export function fitTag(fit: string | null | undefined): { label: string; tag: 'success' | 'primary' | 'info' } {
  return FIT[fit as MatchSuggestion['fit']] ?? FIT.low
}

/** A search's words and filters as short labels: 搜索词：石墨烯, 类型：成果 … */
export function searchSummary(s: SearchState, regionName: (code: string) => string): string[] {
  const out = s.q ? [`搜索词：${s.q}`] : []
  return out.concat(describeFilters(s, regionName).map((f) => f.label))
}
