// The home page's and the articles' small rules, kept out of the views so they can be tested.
import type { ArticleCategory, ArticleStatus, HomeEvent, HomeListing } from './types'
import { formatBudget, formatFen, formatPrice } from './format'
import { PRICE_TYPES } from './enums'

export const ARTICLE_CATEGORIES: { value: ArticleCategory; label: string }[] = [
  { value: 'notice', label: '通知公告' },
  { value: 'policy', label: '政策法规' },
]

export function articleCategoryLabel(c: string): string {
  return ARTICLE_CATEGORIES.find((x) => x.value === c)?.label ?? '文章'
}

/** The category a route query names, or '' for none or a word the API does not know. */
export function asArticleCategory(v: unknown): ArticleCategory | '' {
  return v === 'notice' || v === 'policy' ? v : ''
}

export const ARTICLE_STATUS: Record<ArticleStatus, { label: string; tag: 'info' | 'success' | 'warning' }> = {
  draft: { label: '草稿', tag: 'info' },
  published: { label: '已发布', tag: 'success' },
  withdrawn: { label: '已撤回', tag: 'warning' },
}

const FEN_PER_YI = 10_000 * 10_000 * 100
const bigFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: true })

/** A headline amount: "3.27 亿元" from 1 亿元 up, else as formatFen ("1,250 万元"). */
export function formatHeadlineFen(fen: number): { value: string; unit: string } {
  if (Math.abs(fen) >= FEN_PER_YI) return { value: bigFmt.format(fen / FEN_PER_YI), unit: '亿元' }
  const [value, unit] = formatFen(fen).split(' ')
  return { value, unit }
}

/** An achievement's price or a need's budget, as a home page line shows it. */
export function listingMoney(kind: 'achievement' | 'need', l: HomeListing): string {
  if (kind === 'need') {
    return formatBudget({ budget_negotiable: !!l.budget_negotiable, budget_min_fen: l.budget_min_fen ?? 0, budget_max_fen: l.budget_max_fen ?? 0 })
  }
  const label = (t: string) => PRICE_TYPES.find((p) => p.value === t)?.label ?? ''
  return formatPrice({ price_type: l.price_type ?? 'negotiable', price_fen: l.price_fen ?? 0 }, label)
}

/** Where an event of the home page opens, and how it is called. */
export function eventPath(e: HomeEvent): string {
  return e.kind === 'auction' ? `/auctions/${e.id}` : `/roadshows/${e.id}`
}

export function eventKindLabel(e: HomeEvent): string {
  return e.kind === 'auction' ? '竞价拍卖' : '路演'
}

/** "进行中" for what is on now, else "即将开始". */
export function eventPhase(e: HomeEvent): { label: string; tag: 'danger' | 'warning' } {
  return e.live ? { label: '进行中', tag: 'danger' } : { label: '即将开始', tag: 'warning' }
}

/** The search a field of industry links to. */
export function fieldSearch(field: string): { path: string; query: Record<string, string> } {
  return { path: '/search', query: { field } }
}
