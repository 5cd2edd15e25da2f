import { describe, expect, it } from 'vitest'
import { labelOf, matchSuccessRate, thresholdStanding, INSTITUTION_KINDS } from './registry'

describe('thresholdStanding', () => {
  it('reads a met threshold as 达标 with a full bar', () => {
    const s = thresholdStanding({ kind: 'platform', threshold_fen: 1_000_000_000, met: true, gap_fen: 0, facilitated_fen: 1_200_000_000 })
    expect(s).toEqual({ percent: 100, text: '达标', status: 'success' })
  })
  it('reads a shortfall with the gap', () => {
    const s = thresholdStanding({ kind: 'transaction', threshold_fen: 3_000_000_000, met: false, gap_fen: 2_000_000_000, facilitated_fen: 1_000_000_000 })
    expect(s.percent).toBe(33.3)
    expect(s.status).toBe('warning')
    expect(s.text).toContain('未达标')
    expect(s.text).toContain('2,000')
  })
  it('has nothing to measure for a firm outside the registry', () => {
    expect(thresholdStanding({ kind: null, threshold_fen: 0, met: false, gap_fen: 0, facilitated_fen: 5 }).percent).toBeNull()
  })
})

describe('matchSuccessRate', () => {
  it('counts agreed among the concluded matches', () => {
    expect(matchSuccessRate({ proposed: 5, agreed: 3, failed: 1 })).toBe(75)
    expect(matchSuccessRate({ proposed: 2 })).toBeNull()
  })
})

it('labels a value, or shows it as it is', () => {
  expect(labelOf(INSTITUTION_KINDS, 'transaction')).toBe('交易类')
  expect(labelOf(INSTITUTION_KINDS, 'other')).toBe('other')
})
