import { describe, expect, it } from 'vitest'
import {
  endOfDayShanghai,
  fenToWan,
  formatBudget,
  formatDate,
  formatDateTime,
  formatFen,
  formatPrice,
  safeRedirect,
  wanToFen,
} from './format'

describe('formatDateTime', () => {
  it('shows UTC times in Beijing time', () => {
    expect(formatDateTime('2026-03-04T16:30:00Z')).toBe('2026-03-05 00:30')
    expect(formatDateTime('2026-01-01T01:02:03.456Z')).toBe('2026-01-01 09:02')
  })
  it('handles empty and bad input', () => {
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('')).toBe('')
    expect(formatDateTime('not a date')).toBe('not a date')
  })
})

describe('safeRedirect', () => {
  it('keeps in-app paths', () => {
    expect(safeRedirect('/admin/orgs?status=pending')).toBe('/admin/orgs?status=pending')
    expect(safeRedirect(['/account', '/x'])).toBe('/account')
  })
  it('refuses other origins and loops', () => {
    expect(safeRedirect('https://evil.example')).toBe('/account')
    expect(safeRedirect('//evil.example/x')).toBe('/account')
    expect(safeRedirect('/\\evil.example')).toBe('/account')
    expect(safeRedirect('/login?redirect=/x')).toBe('/account')
    expect(safeRedirect(undefined, '/')).toBe('/')
  })
})

describe('money and dates', () => {
  it('shows fen as 元 or 万元', () => {
    expect(formatFen(0)).toBe('0 元')
    expect(formatFen(500_000)).toBe('5,000 元')
    expect(formatFen(12_345)).toBe('123.45 元')
    expect(formatFen(1_000_000)).toBe('1 万元')
    expect(formatFen(120_500_000)).toBe('120.5 万元')
    expect(formatFen(123_456_700_000)).toBe('123,456.7 万元')
  })
  it('converts 万元 input to fen exactly', () => {
    expect(wanToFen(0.01)).toBe(10_000)
    expect(wanToFen(120.5)).toBe(120_500_000)
    expect(wanToFen(null)).toBe(0)
    expect(wanToFen(-3)).toBe(0)
    expect(fenToWan(120_500_000)).toBe(120.5)
    expect(fenToWan(0)).toBeNull()
  })
  it('formats prices and budgets', () => {
    const label = (t: string) => ({ indicative: '参考价', firm: '一口价' })[t] ?? t
    expect(formatPrice({ price_type: 'negotiable', price_fen: 0 }, label)).toBe('面议')
    expect(formatPrice({ price_type: 'indicative', price_fen: 1_200_000_000 }, label)).toBe('参考价 1,200 万元')
    const budget = { budget_negotiable: false, budget_min_fen: 50_000_000, budget_max_fen: 100_000_000 }
    expect(formatBudget(budget)).toBe('50 万元 – 100 万元')
    expect(formatBudget({ ...budget, budget_min_fen: 0 })).toBe('不超过 100 万元')
    expect(formatBudget({ ...budget, budget_negotiable: true })).toBe('面议')
  })
  it('shows the Beijing calendar day and sends the end of it', () => {
    expect(formatDate('2027-06-30T15:59:59Z')).toBe('2027-06-30')
    expect(formatDate('2027-06-30T16:00:00Z')).toBe('2027-07-01')
    expect(formatDate(null)).toBe('')
    expect(endOfDayShanghai('2027-06-30')).toBe('2027-06-30T23:59:59+08:00')
    expect(endOfDayShanghai('')).toBeNull()
  })
})
