import { describe, expect, it } from 'vitest'
import { emptyListingForm, formFromListing, listingPayload, may, ownerActions, splitList } from './listings'
import type { Achievement, Need } from './types'

const base = {
  id: 12,
  external_id: null,
  org_id: 3,
  title: '石墨烯导热膜规模化制备技术',
  summary: '一种高导热石墨烯膜的连续化制备工艺。',
  keywords: ['石墨烯', '导热膜'],
  field: '新材料及其应用',
  region: '350102',
  coop_modes: ['转让', '许可'],
  contact_name: '陈老师',
  contact_phone: '0591-22866000',
  contact_email: 'chen@example.edu.cn',
  status: 'draft' as const,
  close_reason: '' as const,
  reject_reason: '',
  published_at: null,
  created_at: '2026-03-01T02:00:00Z',
  updated_at: '2026-03-01T02:00:00Z',
  last_confirmed_at: null,
  takedown_reason: '',
  org_name: '福州大学',
  org_verified: true,
  has_confidential: false,
  contact_hidden: false,
  completeness: 80,
  actions: [],
}

describe('splitList', () => {
  it('splits on Chinese and ASCII separators, trims and drops repeats', () => {
    expect(splitList('石墨烯；导热, 散热、石墨烯\n 膜 ;;')).toEqual(['石墨烯', '导热', '散热', '膜'])
    expect(splitList('  ')).toEqual([])
  })
})

describe('listing form', () => {
  it('sends an achievement with money in fen and dates as Beijing end of day', () => {
    const f = emptyListingForm('350102')
    Object.assign(f, {
      title: ' 石墨烯导热膜 ',
      summary: '一种高导热石墨烯膜的连续化制备工艺。',
      keywords: '石墨烯；导热膜',
      field: '新材料及其应用',
      coop_modes: ['转让'],
      ip_type: '发明专利',
      patent_numbers: 'ZL202310123456.7; ZL202310654321.0',
      maturity: 6,
      price_type: 'indicative',
      price_wan: 120.5,
      valid_until: '2027-06-30',
    })
    const body = listingPayload('achievement', f)
    expect(body).toMatchObject({
      title: '石墨烯导热膜',
      keywords: ['石墨烯', '导热膜'],
      region: '350102',
      patent_numbers: ['ZL202310123456.7', 'ZL202310654321.0'],
      maturity: 6,
      price_type: 'indicative',
      price_fen: 120_500_000,
      valid_until: '2027-06-30T23:59:59+08:00',
    })
    expect(body).not.toHaveProperty('budget_max_fen')
  })

  it('sends the confidential detail, and no undertaking without it', () => {
    const f = { ...emptyListingForm('350102'), confidential_detail: ' 工艺参数 ', confidential_undertaking: ' 承诺保密 ' }
    expect(listingPayload('achievement', f)).toMatchObject({ confidential_detail: '工艺参数', confidential_undertaking: '承诺保密' })
    f.confidential_detail = ''
    expect(listingPayload('need', f)).toMatchObject({ confidential_detail: '', confidential_undertaking: '' })
  })

  it('sends no amount when the price is negotiable, and no date when none is given', () => {
    const f = { ...emptyListingForm('350102'), price_type: 'negotiable' as const, price_wan: 99 }
    const body = listingPayload('achievement', f)
    expect(body.price_fen).toBe(0)
    expect(body.valid_until).toBeNull()
  })

  it('sends a need budget in fen, or zeros when negotiable', () => {
    const f = { ...emptyListingForm('350104'), budget_min_wan: 50, budget_max_wan: 100, deadline: '2027-01-15' }
    expect(listingPayload('need', f)).toMatchObject({
      budget_negotiable: false,
      budget_min_fen: 50_000_000,
      budget_max_fen: 100_000_000,
      deadline: '2027-01-15T23:59:59+08:00',
    })
    const n = listingPayload('need', { ...f, budget_negotiable: true })
    expect(n).toMatchObject({ budget_negotiable: true, budget_min_fen: 0, budget_max_fen: 0 })
    expect(n).not.toHaveProperty('price_fen')
  })

  it('fills the form from a saved listing', () => {
    const a: Achievement = {
      ...base,
      discipline: '材料科学',
      ip_type: '发明专利',
      patent_numbers: ['ZL1'],
      maturity: 7,
      price_type: 'firm',
      price_fen: 5_000_000,
      valid_until: '2027-06-30T15:59:59Z',
    }
    const f = formFromListing('achievement', a)
    expect(f).toMatchObject({ keywords: '石墨烯；导热膜', price_wan: 5, valid_until: '2027-06-30', maturity: 7 })
    expect(listingPayload('achievement', f)).toMatchObject({ price_fen: 5_000_000, valid_until: '2027-06-30T23:59:59+08:00' })

    const n: Need = { ...base, budget_min_fen: 0, budget_max_fen: 80_000_000, budget_negotiable: false, deadline: null }
    expect(formFromListing('need', n)).toMatchObject({ budget_min_wan: null, budget_max_wan: 80, deadline: '' })
  })
})

describe('ownerActions', () => {
  it('shows the owner buttons among the actions the server lists, in page order', () => {
    expect(ownerActions({ actions: ['edit', 'submit', 'withdraw'] })).toEqual(['edit', 'submit', 'withdraw'])
    expect(ownerActions({ actions: ['withdraw', 'confirm'] })).toEqual(['confirm', 'withdraw'])
    expect(ownerActions({ actions: ['renew', 'relist'] })).toEqual(['relist', 'renew'])
    expect(ownerActions({ actions: ['approve', 'reject', 'report', 'feedback', 'request_access'] })).toEqual([])
    expect(ownerActions({ actions: [] })).toEqual([])
  })
})

describe('may', () => {
  it('reads the actions, and nothing without them', () => {
    expect(may({ actions: ['approve', 'reject'] }, 'approve')).toBe(true)
    expect(may({ actions: ['approve'] }, 'reject')).toBe(false)
    expect(may(null, 'edit')).toBe(false)
  })
})
