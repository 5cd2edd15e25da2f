import { describe, expect, it } from 'vitest'
import { canApplyFor, rateText, tiersText, yearsText, type IncentiveApplication } from './incentives'

describe('incentive texts', () => {
  it('writes the seeds’ tiered seller rule as the policy does', () => {
    expect(tiersText({ rate_bp: 100, cap_per_contract_fen: 10_000_000, tiers: [{ min_fen: 10_000_000_000, rate_bp: 100, cap_fen: 20_000_000 }] })).toBe(
      '1%，单笔上限 10 万元；1 亿元以上：1%，单笔上限 20 万元',
    )
    expect(tiersText({ rate_bp: 50, cap_per_contract_fen: 0, tiers: [] })).toBe('0.5%，单笔不设上限')
    expect(rateText(500)).toBe('5%')
  })

  it('writes the years a policy applies', () => {
    expect(yearsText({ from_year: 2023, to_year: 2025 })).toBe('2023–2025年')
    expect(yearsText({ from_year: 2024, to_year: 0 })).toBe('2024年起')
    expect(yearsText({ from_year: 0, to_year: 2025 })).toBe('至2025年')
    expect(yearsText({ from_year: 0, to_year: 0 })).toBe('长期')
  })

  it('lets an organisation apply again only after a rejection', () => {
    const app = (status: IncentiveApplication['status']) => ({ rule_id: 7, status }) as IncentiveApplication
    expect(canApplyFor({ can_apply: true, applications: [] }, 7)).toBe(true)
    expect(canApplyFor({ can_apply: true, applications: [app('rejected')] }, 7)).toBe(true)
    expect(canApplyFor({ can_apply: true, applications: [app('noticed')] }, 7)).toBe(false)
    expect(canApplyFor({ can_apply: false, applications: [] }, 7)).toBe(false)
  })
})
