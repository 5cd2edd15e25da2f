// Challenges (揭榜挂帅 / 技术难题招标): what the API sends, the status labels, and the rules the
// pages check before sending (weights summing to 100, the weighted total), as the API does.

import type { StatusStyle } from './enums'

import type { components } from './api/schema'

type S = components['schemas']

export type ChallengeStatus = S['ChallengeStatus']

/** What the server may list in a challenge's `actions`. */
export type ChallengeAction = S['ChallengeAction']

/** What the server may list in a proposal's `actions` (removing a file goes with revise). */
export type ProposalAction = S['ProposalAction']

export type Goal = S['Goal']

export type Criterion = S['Criterion']

export type Winner = S['Winner']

export type ChallengeViewer = S['ChallengeViewer']

export type Challenge = S['Challenge']

export type ProposalFile = S['ProposalFile']

export type ProposalScore = S['ProposalScore']

export type Proposal = S['Proposal']

export type Reviewer = S['ChallengeReviewer']

export type MyProposal = S['MyProposal']

export type ReviewAssignment = S['ReviewAssignment']

export const CHALLENGE_STATUS: Record<ChallengeStatus, StatusStyle> = {
  draft: { label: '草稿', tag: 'info' },
  published: { label: '征集中', tag: 'primary' },
  closed: { label: '征集截止，评审中', tag: 'warning' },
  awarded: { label: '已揭榜', tag: 'success' },
  no_award: { label: '未揭榜', tag: 'info' },
  taken_down: { label: '已下架', tag: 'danger' },
}

export const PROPOSAL_STATUS: Record<Proposal['status'], StatusStyle> = {
  submitted: { label: '已提交', tag: 'primary' },
  awarded: { label: '揭榜成功', tag: 'success' },
}

/** The hall's status filter: the public statuses. */
export const HALL_STATUSES: { value: ChallengeStatus; label: string }[] = [
  { value: 'published', label: '征集中' },
  { value: 'closed', label: '评审中' },
  { value: 'awarded', label: '已揭榜' },
  { value: 'no_award', label: '未揭榜' },
]

export function weightSum(criteria: Criterion[]): number {
  return criteria.reduce((s, c) => s + (Number.isFinite(c.weight) ? c.weight : 0), 0)
}

/** A reviewer's weighted total in hundredths of a point, as the API computes it; null until every score is a whole 0–100. */
export function weightedTotal(criteria: Criterion[], scores: (number | null | undefined)[]): number | null {
  if (scores.length !== criteria.length) return null
  let total = 0
  for (let i = 0; i < criteria.length; i++) {
    const s = scores[i]
    if (s == null || !Number.isInteger(s) || s < 0 || s > 100) return null
    total += s * criteria[i].weight
  }
  return total
}

/** "87.25 分" from hundredths of a point. */
export function formatScore(centi: number | null | undefined): string {
  if (centi == null) return '—'
  return `${(centi / 100).toFixed(2)} 分`
}

/** Whether proposals may still be sent at `now` (ms), by the server's clock. */
export function takesProposals(c: Pick<Challenge, 'status' | 'deadline'>, now: number): boolean {
  return c.status === 'published' && Date.parse(c.deadline) > now
}

/** "1.2 MB" */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`
  if (bytes >= 1 << 10) return `${Math.round(bytes / (1 << 10))} KB`
  return `${bytes} B`
}

/** The client checks of the challenge form; the API says the same in its own words. */
export function checkChallengeForm(f: { goals: Goal[]; criteria: Criterion[]; award_wan: number | null; deadline: string }, capWan = 200): Record<string, string> {
  const out: Record<string, string> = {}
  if (!f.goals.some((g) => g.indicator.trim())) out.goals = '请至少填写一项可量化的目标指标'
  else if (f.goals.some((g) => g.indicator.trim() && !g.target.trim())) out.goals = '请为每项指标填写目标值'
  if (!f.award_wan || f.award_wan <= 0) out.award_fen = '请填写榜单金额'
  else if (f.award_wan > capWan) out.award_fen = `榜单金额不能超过 ${capWan} 万元`
  const sum = weightSum(f.criteria)
  if (!f.criteria.length) out.criteria = '请至少填写一项评审标准'
  else if (sum !== 100) out.criteria = `各项评审标准的权重之和必须为 100（当前为 ${sum}）`
  if (!f.deadline) out.deadline = '请选择方案征集截止时间'
  return out
}

/** The size limit of a proposal's PDF attachment, as the API enforces it. */
export const MAX_PDF_BYTES = 10 << 20

/** The Chinese reason a file cannot be a proposal attachment, or '' when it may be sent. */
export function pdfProblem(f: { name: string; type: string; size: number }): string {
  if (!/\.pdf$/i.test(f.name) && f.type !== 'application/pdf') return '只接受 PDF 文件'
  if (f.size > MAX_PDF_BYTES) return `文件不能超过 ${MAX_PDF_BYTES >> 20} MB`
  return ''
}
