// The registry (名录) of technology brokers and transfer institutions, and how broker performance
// reads against the plan's thresholds. Labels are the server's (GET /meta/enums); these are the
// fallbacks until it answers.

import { formatFen } from '@/format'
import type { FirmStats } from '@/types'

type Option = { value: string; label: string }

export const BROKER_LEVELS: Option[] = [
  { value: 'junior', label: '初级技术经纪人' },
  { value: 'intermediate', label: '中级技术经纪人' },
  { value: 'senior', label: '高级技术经纪人' },
]

export const INSTITUTION_KINDS: Option[] = [
  { value: 'platform', label: '平台类' },
  { value: 'transaction', label: '交易类' },
]

export const DEMONSTRATIONS: Option[] = [
  { value: 'national', label: '国家级' },
  { value: 'provincial', label: '省级' },
  { value: 'municipal', label: '市级' },
  { value: 'none', label: '无' },
]

export function labelOf(options: Option[], value: string | null | undefined): string {
  if (!value) return ''
  return options.find((o) => o.value === value)?.label ?? value
}

/** Where a firm stands against its threshold, for the progress bar and its words. */
export type Standing = {
  /** Percent of the threshold reached, capped at 100 for the bar; null without a threshold. */
  percent: number | null
  /** 达标, 未达标（差 …）, or why there is nothing to measure. */
  text: string
  status: 'success' | 'warning' | ''
}

export function thresholdStanding(f: Pick<FirmStats, 'kind' | 'threshold_fen' | 'met' | 'gap_fen' | 'facilitated_fen'>): Standing {
  if (!f.kind || !f.threshold_fen) return { percent: null, text: '未登记为技术转移机构，无促成额标准', status: '' }
  const percent = Math.min(100, Math.floor((f.facilitated_fen / f.threshold_fen) * 1000) / 10)
  if (f.met) return { percent, text: '达标', status: 'success' }
  return { percent, text: `未达标，差 ${formatFen(f.gap_fen)}`, status: 'warning' }
}

/** 对接成功率: agreed matches among the concluded ones (agreed or failed); null before any concluded. */
export function matchSuccessRate(matches: Record<string, number> | undefined): number | null {
  const agreed = matches?.agreed ?? 0
  const done = agreed + (matches?.failed ?? 0)
  return done ? Math.round((agreed / done) * 1000) / 10 : null
}
