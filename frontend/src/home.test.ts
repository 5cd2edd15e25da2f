import { describe, expect, it } from 'vitest'
import { asArticleCategory, eventPath, eventPhase, fieldSearch, formatHeadlineFen, listingMoney } from './home'
import type { HomeEvent, HomeListing } from './types'

const line = (l: Partial<HomeListing>): HomeListing => ({ id: 1, title: 't', field: '电子信息', org_name: 'o', region: '', region_name: '', published_at: null, ...l })

describe('home page', () => {
  it('shows headline amounts in 亿元 from 1 亿 up', () => {
    expect(formatHeadlineFen(327_000_000_00)).toEqual({ value: '3.27', unit: '亿元' })
    expect(formatHeadlineFen(12_500_000_00)).toEqual({ value: '1,250', unit: '万元' })
    expect(formatHeadlineFen(0)).toEqual({ value: '0', unit: '元' })
  })
  it("says a listing's price or budget", () => {
    expect(listingMoney('achievement', line({ price_type: 'firm', price_fen: 120_000_000 }))).toBe('一口价 120 万元')
    expect(listingMoney('achievement', line({}))).toBe('面议')
    expect(listingMoney('need', line({ budget_min_fen: 10_000_000, budget_max_fen: 50_000_000 }))).toBe('10 万元 – 50 万元')
    expect(listingMoney('need', line({ budget_negotiable: true }))).toBe('面议')
  })
  it('links events, fields and categories', () => {
    const e: HomeEvent = { kind: 'roadshow', id: 7, title: 'r', starts_at: '', ends_at: '', live: false }
    expect(eventPath(e)).toBe('/roadshows/7')
    expect(eventPath({ ...e, kind: 'auction' })).toBe('/auctions/7')
    expect(eventPhase({ ...e, live: true }).label).toBe('进行中')
    expect(fieldSearch('新材料及其应用')).toEqual({ path: '/search', query: { field: '新材料及其应用' } })
    expect(asArticleCategory('policy')).toBe('policy')
    expect(asArticleCategory('news')).toBe('')
  })
})

describe('the pages', () => {
  it('promise nothing "under construction" (建设中)', () => {
    const sources = import.meta.glob(['./**/*.vue', './**/*.ts', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true })
    expect(Object.keys(sources).length).toBeGreaterThan(20)
    const promising = Object.entries(sources).filter(([, text]) => String(text).includes('建设' + '中'))
    expect(promising.map(([file]) => file)).toEqual([])
  })
})
