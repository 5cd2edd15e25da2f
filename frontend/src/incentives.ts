// 奖补 (incentives): the API's shapes and the text the pages show for rules, tiers and applications
// (pure, tested). What may be done with an application comes from the server (actions); money is fen.

import type { components } from '@/api/schema'
import { FEN_PER_YI, formatAmount } from '@/stats'

type S = components['schemas']
export type IncentiveRule = S['IncentiveRule']
export type IncentiveTier = S['IncentiveTier']
export type IncentiveApplication = S['IncentiveApplication']
export type IncentiveNotice = S['IncentiveNotice']
export type IncentiveExclusion = S['IncentiveExclusion']
export type MyIncentives = S['MyIncentives']
export type IncentiveStatus = IncentiveApplication['status']

export const INCENTIVE_STATUS_LABELS: Record<IncentiveStatus, string> = {
  submitted: '待审核',
  noticed: '公示中',
  paid: '已拨付',
  rejected: '未通过',
}

export const INCENTIVE_STATUS_TAGS: Record<IncentiveStatus, 'warning' | 'primary' | 'success' | 'info'> = {
  submitted: 'warning',
  noticed: 'primary',
  paid: 'success',
  rejected: 'info',
}

/** The buttons of an application's actions, in the server's order. */
export const INCENTIVE_ACTION_LABELS: Record<string, string> = { approve: '通过', reject: '不予通过', pay: '登记拨付' }

/** 100 bp → "1%", 50 → "0.5%". */
export function rateText(bp: number): string {
  return `${Number((bp / 100).toFixed(2))}%`
}

/** A tier's threshold the way policies write it: 1 亿 → "1 亿元以上", 500 万 → "500 万元以上". */
export function tierFromText(fen: number): string {
  return fen >= FEN_PER_YI ? `${Number((fen / FEN_PER_YI).toFixed(4))} 亿元以上` : `${formatAmount(fen)}以上`
}

/**
 * The rule's rates and caps per contract in one line, e.g. "1%，单笔上限 10 万元；1 亿元以上：1%，单笔上限 20 万元".
 */
export function tiersText(rule: Pick<IncentiveRule, 'rate_bp' | 'cap_per_contract_fen' | 'tiers'>): string {
  const one = (bp: number, cap: number) => `${rateText(bp)}，${cap ? `单笔上限 ${formatAmount(cap)}` : '单笔不设上限'}`
  return [one(rule.rate_bp, rule.cap_per_contract_fen), ...(rule.tiers ?? []).map((t) => `${tierFromText(t.min_fen)}：${one(t.rate_bp, t.cap_fen)}`)].join('；')
}

/** The years a rule applies: "2023–2025年", "2024年起", "至2025年", "长期". */
export function yearsText(rule: Pick<IncentiveRule, 'from_year' | 'to_year'>): string {
  const { from_year: from, to_year: to } = rule
  if (from && to) return from === to ? `${from}年` : `${from}–${to}年`
  if (from) return `${from}年起`
  if (to) return `至${to}年`
  return '长期'
}

/** Whether the organisation may apply under the rule now: it has an award and no open or granted application. */
export function canApplyFor(mine: Pick<MyIncentives, 'can_apply' | 'applications'>, ruleId: number): boolean {
  return mine.can_apply && !mine.applications.some((a) => a.rule_id === ruleId && a.status !== 'rejected')
}
