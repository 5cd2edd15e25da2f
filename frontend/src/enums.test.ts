import { describe, expect, it } from 'vitest'
import {
  asHitKind,
  hitPath,
  kindLabel,
  listingPath,
  listingStatusLabel,
  listingStatusTag,
  maturityLabel,
  orgStatusLabel,
  orgStatusTag,
  orgTypeLabel,
  orgTypesForRole,
  priceTypeLabel,
  regionFromPrefix,
  regionPrefix,
  registrableRoles,
  roleLabel,
} from './enums'
import type { Enums } from './types'
import { NO_REGISTER_FORM_CHOICES } from './registerForm'

describe('orgTypesForRole', () => {
  it('follows the built-in rule when the API list is absent', () => {
    expect(orgTypesForRole('supplier')).toEqual([
      { value: 'university', label: '高等院校' },
      { value: 'institute', label: '科研院所' },
    ])
    expect(orgTypesForRole('demander')).toEqual([{ value: 'enterprise', label: '企业' }])
    expect(orgTypesForRole('broker')).toEqual([{ value: 'broker_firm', label: '技术转移机构' }])
    expect(orgTypesForRole('reviewer')).toEqual([{ value: 'agency', label: '技术合同登记机构' }])
  })

  it('offers nothing for admin, unknown or empty roles', () => {
    expect(orgTypesForRole('admin')).toEqual([])
    expect(orgTypesForRole('hacker')).toEqual([])
    expect(orgTypesForRole('')).toEqual([])
    expect(orgTypesForRole(undefined)).toEqual([])
  })

  it('prefers the API enums, including their labels', () => {
    const enums: Enums = {
      roles: [{ value: 'supplier', label: '高校院所人员', org_types: ['institute'] }],
      org_types: [{ value: 'institute', label: '科研机构' }],
      regions: [],
      fields: [],
      ip_types: [],
      coop_modes: [],
      price_types: [],
      contract_types: [],
      party_types: [],
      broker_levels: [],
      institution_kinds: [],
      demonstrations: [],
      rejection_grounds: [],
      register_form: NO_REGISTER_FORM_CHOICES,
    }
    expect(orgTypesForRole('supplier', enums)).toEqual([{ value: 'institute', label: '科研机构' }])
    // A role the API does not list falls back to the rule.
    expect(orgTypesForRole('demander', enums)).toEqual([{ value: 'enterprise', label: '企业' }])
    expect(registrableRoles(enums)).toHaveLength(1)
    expect(registrableRoles(null).map((r) => r.value)).toEqual(['supplier', 'demander', 'broker', 'reviewer', 'bureau'])
  })
})

describe('labels', () => {
  it('labels roles, organisation types and statuses in Chinese', () => {
    expect(roleLabel('broker')).toBe('技术经纪人')
    expect(roleLabel('admin')).toBe('管理员')
    expect(orgTypeLabel('bureau')).toBe('科技管理部门')
    expect(orgStatusLabel('pending')).toBe('待认证')
    expect(orgStatusLabel('verified')).toBe('已认证')
    expect(orgStatusLabel('rejected')).toBe('已驳回')
    expect(orgStatusTag('verified')).toBe('success')
    expect(orgStatusTag('weird')).toBe('info')
    expect(orgStatusLabel('weird')).toBe('weird')
  })
})

describe('listing labels', () => {
  it('names statuses, closed ones by their reason', () => {
    expect(listingStatusLabel('draft')).toBe('草稿')
    expect(listingStatusLabel('pending')).toBe('待审核')
    expect(listingStatusLabel('published')).toBe('已发布')
    expect(listingStatusLabel('rejected')).toBe('已驳回')
    expect(listingStatusLabel('closed', 'withdrawn')).toBe('已撤回')
    expect(listingStatusLabel('closed', 'dealt')).toBe('已成交')
    expect(listingStatusLabel('closed', 'expired')).toBe('已过期')
    expect(listingStatusTag('published')).toBe('success')
    expect(listingStatusTag('rejected')).toBe('danger')
  })

  it('maps region codes to search prefixes and back', () => {
    expect(regionPrefix('350000')).toBe('35')
    expect(regionPrefix('350100')).toBe('3501')
    expect(regionPrefix('350102')).toBe('350102')
    expect(regionFromPrefix('35')).toBe('350000')
    expect(regionFromPrefix('3303')).toBe('330300')
    expect(regionFromPrefix('350102')).toBe('350102')
  })

  it('labels kinds, paths and maturity', () => {
    expect(kindLabel('achievement')).toBe('成果')
    expect(kindLabel('need')).toBe('需求')
    expect(listingPath('need', 5)).toBe('/needs/5')
    expect(maturityLabel(0)).toBe('未填写')
    expect(maturityLabel(7)).toMatch(/^7 级/)
    expect(priceTypeLabel('floor')).toBe('底价')
  })
})

describe('search hits', () => {
  it('open a challenge hit on its challenge, a listing hit on its listing', () => {
    expect(hitPath(asHitKind('challenge'), 7)).toBe('/challenges/7')
    expect(hitPath(asHitKind('need'), 7)).toBe('/needs/7')
    expect(hitPath(asHitKind('achievement'), 7)).toBe('/achievements/7')
    expect(kindLabel('challenge')).toBe('榜单')
  })
})
