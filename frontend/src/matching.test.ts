import { describe, expect, it } from 'vitest'
import {
  awaitsAnswer,
  bothAccepted,
  fitTag,
  matchStatusLabel,
  nextStatuses,
  savedParamsFromSearch,
  searchQueryFromSaved,
  searchSummary,
  sideOf,
} from './matching'
import { emptySearch, parseSearchQuery } from './query'
import type { Match } from './types'

const match: Match = {
  id: 7,
  need_id: 3,
  roadshow_id: null,
  achievement_id: 5,
  broker_id: 9,
  broker_org_id: 4,
  supplier_org_id: 1,
  demander_org_id: 2,
  status: 'proposed',
  supplier_response: 'pending',
  demander_response: 'pending',
  source: 'recommendation',
  score: 1.5,
  reasons: ['共同关键词：石墨烯、导热膜'],
  agreed_price_fen: 0,
  deal_id: null,
  created_at: '2026-03-01T02:00:00Z',
  updated_at: '2026-03-01T02:00:00Z',
  need_title: '需求',
  achievement_title: '成果',
  actions: ['accept', 'decline'],
}

describe('the pipeline', () => {
  it('offers the moves among the actions the API lists, in pipeline order', () => {
    expect(nextStatuses({ actions: ['contact', 'fail', 'note'] })).toEqual(['contacted', 'failed'])
    expect(nextStatuses({ actions: ['fail', 'negotiate', 'note'] })).toEqual(['negotiating', 'failed'])
    expect(nextStatuses({ actions: ['agree', 'fail', 'note'] })).toEqual(['agreed', 'failed'])
    expect(nextStatuses({ actions: ['note'] })).toEqual([])
    expect(nextStatuses({ actions: ['accept', 'decline'] })).toEqual([])
  })

  it('labels statuses in Chinese', () => {
    expect(matchStatusLabel('negotiating')).toBe('洽谈中')
    expect(matchStatusLabel('agreed')).toBe('已达成')
    expect(matchStatusLabel('odd')).toBe('odd')
  })

  it('knows each side and when its answer is awaited', () => {
    expect(sideOf(match, 1)).toBe('supplier')
    expect(sideOf(match, 2)).toBe('demander')
    expect(sideOf(match, 4)).toBeNull()
    expect(sideOf(match, null)).toBeNull()
    expect(awaitsAnswer(match)).toBe(true)
    expect(awaitsAnswer({ actions: ['decline'] })).toBe(false)
    expect(awaitsAnswer({ actions: [] })).toBe(false)
    expect(bothAccepted(match)).toBe(false)
    expect(bothAccepted({ ...match, supplier_response: 'accepted', demander_response: 'accepted' })).toBe(true)
  })

  it('says how well a recommendation fits as the server judged it', () => {
    expect(fitTag('high')).toEqual({ label: '匹配度 高', tag: 'success' })
    expect(fitTag('medium').label).toBe('匹配度 中')
    expect(fitTag('low').label).toBe('匹配度 低')
    expect(fitTag('excellent').label).toBe('匹配度 低')
    expect(fitTag(undefined).label).toBe('匹配度 低')
  })
})

describe('saved searches', () => {
  it('keeps the words and filters as API parameters, without sort and paging', () => {
    const s = { ...emptySearch(), q: ' 石墨烯 ', kind: 'achievement' as const, region: '3501', price_min: 50, sort: 'newest' as const, page: 3 }
    expect(savedParamsFromSearch(s)).toEqual({ q: '石墨烯', kind: 'achievement', region: '3501', price_min_fen: '50000000' })
  })

  it('opens saved parameters as the search page query (fen back to 万元)', () => {
    expect(
      searchQueryFromSaved({ q: '石墨烯', kind: 'need', field: '新材料及其应用', price_max_fen: '120000000', maturity_min: '4', junk: 'x' }),
    ).toEqual({ q: '石墨烯', kind: 'need', field: '新材料及其应用', maturity_min: '4', price_max: '120' })
    expect(searchQueryFromSaved({ kind: 'bogus' })).toEqual({})
  })

  it('round-trips through the URL', () => {
    const s = parseSearchQuery({ q: '导热膜', kind: 'achievement', coop_mode: '转让', price_min: '10', price_max: '200' })
    expect(parseSearchQuery(searchQueryFromSaved(savedParamsFromSearch(s)))).toEqual(s)
  })

  it('summarises the words and filters', () => {
    const s = parseSearchQuery({ q: '石墨烯', kind: 'need', region: '3501' })
    expect(searchSummary(s, (c) => (c === '350100' ? '福州市' : c))).toEqual(['搜索词：石墨烯', '类型：需求', '地区：福州市'])
  })
})
