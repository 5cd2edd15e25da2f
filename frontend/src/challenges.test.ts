import { describe, expect, it } from 'vitest'
import { checkChallengeForm, formatScore, formatSize, pdfProblem, takesProposals, weightSum, weightedTotal } from './challenges'

const criteria = [
  { criterion: '技术先进性', weight: 40 },
  { criterion: '指标承诺', weight: 35 },
  { criterion: '团队与进度', weight: 25 },
]

describe('weightedTotal', () => {
  it('weighs each score', () => {
    expect(weightedTotal(criteria, [90, 80, 70])).toBe(90 * 40 + 80 * 35 + 70 * 25)
    expect(weightedTotal(criteria, [100, 100, 100])).toBe(10000)
  })
  it('needs a whole 0–100 score for every criterion', () => {
    expect(weightedTotal(criteria, [90, 80])).toBeNull()
    expect(weightedTotal(criteria, [90, 101, 70])).toBeNull()
    expect(weightedTotal(criteria, [90, null, 70])).toBeNull()
    expect(weightedTotal(criteria, [90, 80.5, 70])).toBeNull()
  })
})

describe('checkChallengeForm', () => {
  const ok = { goals: [{ indicator: '效率', target: '≥ 25%' }], criteria, award_wan: 150, deadline: '2026-12-31 17:00' }
  it('accepts a complete form', () => {
    expect(checkChallengeForm(ok)).toEqual({})
    expect(weightSum(criteria)).toBe(100)
  })
  it('flags weights, the cap, goals and the deadline', () => {
    expect(checkChallengeForm({ ...ok, criteria: criteria.slice(0, 2) }).criteria).toContain('当前为 75')
    expect(checkChallengeForm({ ...ok, award_wan: 200.01 }).award_fen).toContain('200 万元')
    expect(checkChallengeForm({ ...ok, goals: [{ indicator: '效率', target: '' }] }).goals).toBeTruthy()
    expect(checkChallengeForm({ ...ok, deadline: '' }).deadline).toBeTruthy()
  })
})

describe('display', () => {
  it('formats scores and sizes', () => {
    expect(formatScore(8725)).toBe('87.25 分')
    expect(formatScore(undefined)).toBe('—')
    expect(formatSize(2 << 20)).toBe('2.0 MB')
    expect(formatSize(2048)).toBe('2 KB')
  })
  it('takes proposals while published and before the deadline', () => {
    const now = Date.parse('2026-11-23T10:00:00Z')
    expect(takesProposals({ status: 'published', deadline: '2026-11-23T10:00:01Z' }, now)).toBe(true)
    expect(takesProposals({ status: 'published', deadline: '2026-11-23T10:00:00Z' }, now)).toBe(false)
    expect(takesProposals({ status: 'closed', deadline: '2027-01-01T00:00:00Z' }, now)).toBe(false)
  })
})

describe('pdfProblem', () => {
  it('takes PDFs up to 10 MB only', () => {
    expect(pdfProblem({ name: '方案.pdf', type: 'application/pdf', size: 1000 })).toBe('')
    expect(pdfProblem({ name: '方案.docx', type: 'application/msword', size: 1000 })).toBe('只接受 PDF 文件')
    expect(pdfProblem({ name: '方案.pdf', type: 'application/pdf', size: (10 << 20) + 1 })).toContain('10 MB')
  })
})
