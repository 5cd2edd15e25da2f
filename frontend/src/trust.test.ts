import { describe, expect, it } from 'vitest'
import { completenessLevel, daysSinceConfirmed, feedbackProblem, isFutureDay, needsConfirmation } from './trust'

describe('feedbackProblem', () => {
  it('needs a reason, and text exactly when "other" is picked', () => {
    expect(feedbackProblem([], '')).toBe('请至少选择一个原因')
    expect(feedbackProblem([], '', true)).toBe('')
    expect(feedbackProblem(['price'], '')).toBe('')
    expect(feedbackProblem(['other'], '  ')).toBe('选择“其他”时请填写具体原因')
    expect(feedbackProblem(['other', 'vague'], '已有合作方')).toBe('')
    expect(feedbackProblem(['vague'], '多写了')).toBe('填写具体原因时请勾选“其他”')
    expect(feedbackProblem([], '只写了原因', true)).toBe('填写具体原因时请勾选“其他”')
  })
})

describe('quality', () => {
  it('grades completeness', () => {
    expect(completenessLevel(100).status).toBe('success')
    expect(completenessLevel(65)).toEqual({ status: 'warning', label: '较完整' })
    expect(completenessLevel(10).status).toBe('exception')
  })

  it('counts days since confirmation and asks after 30', () => {
    const now = Date.parse('2026-05-31T00:00:00Z')
    expect(daysSinceConfirmed('2026-05-01T00:00:00Z', now)).toBe(30)
    expect(daysSinceConfirmed(null, now)).toBeNull()
    expect(needsConfirmation('2026-05-01T00:00:00Z', now)).toBe(true)
    expect(needsConfirmation('2026-05-20T00:00:00Z', now)).toBe(false)
    expect(needsConfirmation(undefined, now)).toBe(true)
  })

  it('accepts only future days for renewal', () => {
    const now = Date.parse('2026-05-31T00:00:00Z')
    expect(isFutureDay('2026-05-31', now)).toBe(true)
    expect(isFutureDay('2026-05-30', now)).toBe(false)
    expect(isFutureDay('明年', now)).toBe(false)
  })
})
