// Confidential detail, buyer feedback, listing quality and reports: the rules the pages share.

import type { AccessStatus, FeedbackReason, ReportStatus } from './types'

/** The fixed reasons for passing on a listing or a match, in the order the API aggregates them. */
export const FEEDBACK_REASONS: { value: FeedbackReason; label: string }[] = [
  { value: 'early_stage', label: '技术成熟度不够' },
  { value: 'advantage_unclear', label: '相对现有方案优势不明' },
  { value: 'route_unclear', label: '商业化路径不清' },
  { value: 'vague', label: '描述含糊' },
  { value: 'price', label: '价格' },
  { value: 'other', label: '其他' },
]

/**
 * The message that keeps a feedback dialog from being sent, '' when it may be: at least one
 * reason (unless optional, as when declining a match), and "other" needs its text.
 */
export function feedbackProblem(reasons: string[], otherText: string, optional = false): string {
  const text = otherText.trim()
  if (!reasons.length && !text) return optional ? '' : '请至少选择一个原因'
  if (!reasons.length) return '填写具体原因时请勾选“其他”'
  if (reasons.includes('other') && !text) return '选择“其他”时请填写具体原因'
  if (!reasons.includes('other') && text) return '填写具体原因时请勾选“其他”'
  if (text.length > 500) return '具体原因不超过 500 字'
  return ''
}

export const ACCESS_STATUS_LABELS: Record<AccessStatus, string> = {
  pending: '待答复',
  granted: '已同意',
  refused: '已拒绝',
}

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  open: '待处理',
  dismissed: '已驳回',
  taken_down: '已下架',
}

/** How a completeness score is shown: a colour of the progress bar and a word. */
export function completenessLevel(score: number): { status: 'success' | 'warning' | 'exception'; label: string } {
  if (score >= 80) return { status: 'success', label: '信息完整' }
  if (score >= 50) return { status: 'warning', label: '较完整' }
  return { status: 'exception', label: '待完善' }
}

const DAY = 24 * 3600 * 1000

/** Days since the owner last confirmed the listing (null when never). */
export function daysSinceConfirmed(lastConfirmedAt: string | null | undefined, now = Date.now()): number | null {
  if (!lastConfirmedAt) return null
  const t = Date.parse(lastConfirmedAt)
  if (Number.isNaN(t)) return null
  return Math.max(0, Math.floor((now - t) / DAY))
}

/** A published listing not confirmed for 30 days asks its owner to confirm (the server reminds monthly). */
export function needsConfirmation(lastConfirmedAt: string | null | undefined, now = Date.now()): boolean {
  const d = daysSinceConfirmed(lastConfirmedAt, now)
  return d === null || d >= 30
}

/** Whether a YYYY-MM-DD date is after today (Beijing), for renewing an expired listing. */
export function isFutureDay(day: string, now = Date.now()): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false
  const end = Date.parse(`${day}T23:59:59+08:00`)
  return !Number.isNaN(end) && end > now
}
