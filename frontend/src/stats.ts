// Registered turnover (登记成交额): statistics, annual targets, monthly bulletins (月度通报) and
// incentives (奖补). API shapes, money in 亿元 as the bulletins write it, growth and completion
// percentages, the Fuzhou 2023 target rule, and the ECharts options of the dashboard (pure, tested).
// Money is integer fen.

import { formatFen } from './format'

import type { components } from './api/schema'

type S = components['schemas']

// ---- API shapes ----

export type Turnover = Omit<S['Turnover'], 'key' | 'name'>

export type StatsSummary = S['Summary']

export type BreakdownBy = 'district' | 'agency' | 'month' | 'type' | 'field'

export type BreakdownItem = S['Turnover']

export type BulletinRow = S['BulletinRow']

export type Bulletin = S['Bulletin']

export type IssuedBulletinEntry = S['IssuedBulletinEntry']

export type IssuedBulletinList = S['IssuedBulletinEntryList']

/** How bulletins name a target's measure: 成交额 (contract amount) or 技术交易额. */
export function measureName(measure: string): string {
  return measure === 'tech' ? '技术交易额' : '成交额'
}

/**
 * A row's completion against the share of the year gone (进度 vs 时间进度), in percentage points:
 * positive is ahead of time. Null without a target.
 */
export function progressGap(row: BulletinRow, timeProgress: number): number | null {
  return row.target_fen ? row.completion_percent - timeProgress : null
}

/** The title a bureau gives a bulletin: 福州市2023年5月技术合同认定登记情况通报. */
export function bulletinTitle(b: Pick<Bulletin, 'region_name' | 'year' | 'month'>): string {
  return `${b.region_name}${b.year}年${b.month}月技术合同认定登记情况通报`
}

export type TargetKind = 'district' | 'agency'

export type Target = S['Target']

/** A plan that sets targets (行动方案): GET/POST /target-plans, PUT /target-plans/{id}. */
export type TargetPlan = S['TargetPlan']

export type TargetMeasure = 'contract' | 'tech'

export const MEASURE_LABELS: Record<TargetMeasure, string> = { contract: '成交额', tech: '技术交易额' }

/** The plans whose years include `year`, the latest issued first (as the server lists them). */
export function plansOfYear(plans: TargetPlan[], year: number): TargetPlan[] {
  return plans.filter((p) => p.from_year <= year && year <= p.to_year)
}

/** A plan's years: "2023 年" or "2023–2025 年". */
export function planYears(p: Pick<TargetPlan, 'from_year' | 'to_year'>): string {
  return p.from_year === p.to_year ? `${p.from_year} 年` : `${p.from_year}–${p.to_year} 年`
}

/** A target's span: "" for the year's own, "2023–2025 年累计" for a cumulative one. */
export function targetSpan(t: Pick<Target, 'from_year' | 'year'>): string {
  return t.from_year < t.year ? `${t.from_year}–${t.year} 年累计` : ''
}

/**
 * Whether the official figure was set apart from the rule's: a district's annual target with a rule
 * figure (agencies and cumulative targets have none) that differs from it.
 */
export function adjustedByHand(t: Pick<Target, 'kind' | 'rule_fen' | 'target_fen'>): boolean {
  return t.kind === 'district' && t.rule_fen > 0 && t.target_fen !== t.rule_fen
}

/** The answer of POST /targets/import (multipart: file, plan_id, year, kind, measure). */
export type TargetImportReport = S['TargetImportReport']

/** The rows a refused import names (error fields "row_5": "…"), in row order; other fields come first as row 0. */
export function importProblems(fields: Record<string, string>): { row: number; message: string }[] {
  return Object.entries(fields)
    .map(([k, message]) => {
      const m = /^row_(\d+)$/.exec(k)
      return { row: m ? Number(m[1]) : 0, message }
    })
    .sort((a, b) => a.row - b.row)
}

/** One line of a target's history (GET /targets/{id}/history): who did what, and the figures after. */
export function describeTargetChange(e: { action: string; actor_name: string; actor_org: string; after: string }): string {
  const verb = ({ 'target.set': '设置或调整', 'target.import': '导入' } as Record<string, string>)[e.action] ?? e.action
  let after: Partial<Target> = {}
  try {
    after = JSON.parse(e.after) as Partial<Target>
  } catch {
    // keep the verb alone
  }
  const figure = after.target_fen ? `，目标 ${formatYi(after.target_fen)} 亿元` : ''
  const note = after.note ? `（${after.note}）` : ''
  return `${e.actor_name || '未知用户'}${e.actor_org ? `（${e.actor_org}）` : ''}${verb}${figure}${note}`
}

export type IncentiveRule = S['IncentiveRule']

export type IncentiveAward = S['Award']

export const TARGET_KIND_LABELS: Record<TargetKind, string> = { district: '地区', agency: '登记机构' }
export const SIDE_LABELS: Record<IncentiveRule['side'], string> = { buyer: '买方（技术吸纳）', seller: '卖方（技术输出）' }

// ---- money and percentages ----

export const FEN_PER_YI = 10_000_000_000

/** Fen as 亿元 with two decimals, the unit of the bulletins: 1 234 500 000 000 → "123.45". */
export function formatYi(fen: number | null | undefined, digits = 2): string {
  return ((Number(fen) || 0) / FEN_PER_YI).toFixed(digits)
}

/** An amount in the unit that fits: 亿元 from 1 亿 on, else 万元 or 元. */
export function formatAmount(fen: number | null | undefined): string {
  const f = Number(fen) || 0
  if (Math.abs(f) >= FEN_PER_YI) return `${formatYi(f)} 亿元`
  return formatFen(f)
}

/** 亿元 typed into a box → fen, to the 万元 (null or bad input → 0). */
export function yiToFen(yi: number | null | undefined): number {
  const n = Number(yi)
  if (yi === null || yi === undefined || !Number.isFinite(n) || n <= 0) return 0
  return Math.round(n * 10_000) * (FEN_PER_YI / 10_000)
}

/** Fen → 亿元 for an input box (0 → null). */
export function fenToYi(fen: number | null | undefined): number | null {
  const f = Number(fen) || 0
  return f > 0 ? f / FEN_PER_YI : null
}

/** Growth of cur over prev in percent; null when there is nothing to compare with. */
export function growthPercent(cur: number, prev: number): number | null {
  if (!prev) return null
  return ((cur - prev) / prev) * 100
}

/** "+12.3%", "-4.0%", "—" for null. */
export function formatPercent(p: number | null | undefined, signed = true): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—'
  const s = p.toFixed(1)
  return signed && p > 0 ? `+${s}%` : `${s}%`
}

/** The colour class of a change: up, down or flat. */
export function trendClass(p: number | null | undefined): 'up' | 'down' | 'flat' {
  if (p === null || p === undefined || Math.abs(p) < 0.05) return 'flat'
  return p > 0 ? 'up' : 'down'
}

/**
 * The target rule (Fuzhou 2023): last year's turnover over 1 % of GDP grows 18 %, 0.5–1 % grows
 * 25 %, under 0.5 % grows 300 %; rounded to 0.01 亿元. The server computes the official rule figure;
 * this previews it in the edit dialog.
 */
export function targetGrowthPercent(sharePercent: number): number {
  if (sharePercent > 1) return 18
  if (sharePercent >= 0.5) return 25
  return 300
}

export function targetByRule(lastYearFen: number, sharePercent: number): number {
  if (!lastYearFen || lastYearFen <= 0) return 0
  const step = FEN_PER_YI / 100
  const raw = (lastYearFen * (100 + targetGrowthPercent(sharePercent))) / 100
  return Math.round(raw / step) * step
}

// ---- periods ----

/** "2026-11" → { year: 2026, month: 11 }; null when malformed. */
export function parseYearMonth(s: string): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{1,2})$/.exec(s.trim())
  if (!m) return null
  const month = Number(m[2])
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : null
}

export function yearMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`
}

/** The bulletin of a year: this month for the current year, December for earlier ones. */
export function bulletinMonthOf(year: number, through: { year: number; month: number }): number {
  return year >= through.year ? through.month : 12
}

/** The month rows of a year, one per month up to lastMonth, missing months as zero. */
export function monthSeries(items: BreakdownItem[], year: number, lastMonth: number): BreakdownItem[] {
  const byKey = new Map(items.map((i) => [i.key, i]))
  const out: BreakdownItem[] = []
  for (let m = 1; m <= lastMonth; m++) {
    const key = yearMonth(year, m)
    out.push(byKey.get(key) ?? { key, contracts: 0, contract_amount_fen: 0, tech_amount_fen: 0 })
  }
  return out
}

// ---- charts (ECharts options) ----

const wan = (fen: number) => Math.round((fen / 1_000_000) * 100) / 100
const yi = (fen: number) => Math.round((fen / FEN_PER_YI) * 10000) / 10000

const COLORS = { contract: '#409eff', tech: '#67c23a', target: '#f56c6c', count: '#e6a23c' }

/** Turnover by month: contract and technology amounts (万元, bars) and the number of contracts (line). */
export function monthChartOption(rows: BreakdownItem[], narrow = false) {
  return {
    color: [COLORS.contract, COLORS.tech, COLORS.count],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => `${Number(r.key.slice(5))}月`), axisLabel: { interval: narrow ? 'auto' : 0 } },
    yAxis: [
      { type: 'value', name: '万元', splitLine: { show: true } },
      { type: 'value', name: '项', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: '合同金额', type: 'bar', barMaxWidth: 28, data: rows.map((r) => wan(r.contract_amount_fen)) },
      { name: '技术交易额', type: 'bar', barMaxWidth: 28, data: rows.map((r) => wan(r.tech_amount_fen)) },
      { name: '合同数', type: 'line', yAxisIndex: 1, data: rows.map((r) => r.contracts) },
    ],
  }
}

/**
 * Districts (or agencies) against their target: the amount the target counts (the year so far, in
 * the target's measure) as bars,
 * the target as a marker on each bar, best first from the top (亿元).
 */
export function targetChartOption(rows: BulletinRow[]) {
  const sorted = [...rows].sort((a, b) => a.rank - b.rank).reverse()
  return {
    color: [COLORS.tech, COLORS.target],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
    },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: '亿元' },
    yAxis: { type: 'category', data: sorted.map((r) => r.name) },
    series: [
      {
        name: `本年累计${measureName(sorted[0]?.measure ?? 'contract')}`,
        type: 'bar',
        barMaxWidth: 22,
        data: sorted.map((r) => yi(r.cumulative_fen)),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number }) => formatPercent(sorted[p.dataIndex]?.completion_percent, false),
        },
      },
      {
        name: '年度目标',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [4, 22],
        z: 3,
        data: sorted.map((r) => (r.target_fen ? yi(r.target_fen) : null)),
      },
    ],
  }
}

/** Shares of a breakdown as a pie (technology amount, 万元). */
export function pieOption(rows: BreakdownItem[], label: (r: BreakdownItem) => string) {
  return sharesPie(
    rows.map((r) => ({ name: label(r), fen: r.tech_amount_fen })),
    '技术交易额',
  )
}

/** Named amounts as a ring of shares (万元). */
export function sharesPie(items: { name: string; fen: number }[], seriesName: string) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 万元（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        name: seriesName,
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{d}%' },
        data: items.map((r) => ({ name: r.name, value: wan(r.fen) })),
      },
    ],
  }
}

/** A breakdown as horizontal bars (technology amount, 万元), largest on top. */
export function barOption(rows: BreakdownItem[], label: (r: BreakdownItem) => string) {
  return rankedBars(
    rows.map((r) => ({ name: label(r), fen: r.tech_amount_fen })),
    '技术交易额',
  )
}

/** Named amounts as horizontal bars, largest on top: in 万元, or in 亿元 once the largest reaches 1 亿. */
export function rankedBars(items: { name: string; fen: number }[], seriesName: string) {
  const sorted = [...items].sort((a, b) => a.fen - b.fen)
  const inYi = sorted.length > 0 && sorted[sorted.length - 1].fen >= FEN_PER_YI
  return {
    color: [COLORS.tech],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: inYi ? '亿元' : '万元' },
    yAxis: { type: 'category', data: sorted.map((r) => r.name) },
    series: [{ name: seriesName, type: 'bar', barMaxWidth: 20, data: sorted.map((r) => (inYi ? yi(r.fen) : wan(r.fen))) }],
  }
}

export type Dashboard = S['Dashboard']

/** The year's months beside last year's (亿元, lines), this year's contracts as bars. */
export function trendOption(months: Dashboard['months'], lastMonth: number, measure: string) {
  const shown = months.filter((m) => m.month <= 12)
  return {
    color: [COLORS.contract, '#b1b3b8', COLORS.count],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: shown.map((m) => `${m.month}月`) },
    yAxis: [
      { type: 'value', name: '亿元' },
      { type: 'value', name: '项', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: `本年${measureName(measure)}`, type: 'line', smooth: true, data: shown.map((m) => (m.month <= lastMonth ? yi(m.fen) : null)) },
      { name: '上年同月', type: 'line', smooth: true, lineStyle: { type: 'dashed' }, data: shown.map((m) => yi(m.last_year_fen)) },
      { name: '本年合同数', type: 'bar', yAxisIndex: 1, barMaxWidth: 16, data: shown.map((m) => (m.month <= lastMonth ? m.contracts : null)) },
    ],
  }
}

/** The span a 看板's figures count: a whole year, its first months, or up to a day of a month not over. */
export function throughLabel(x: { year: number; through: string }): string {
  const [, m, day] = x.through.split('-').map(Number)
  const monthEnd = new Date(Date.UTC(x.year, m, 0)).getUTCDate()
  if (day === monthEnd) return m === 12 ? `${x.year} 年全年` : `${x.year} 年 1–${m} 月`
  return `${x.year} 年 1 月 1 日至 ${m} 月 ${day} 日`
}

/**
 * The colour of a district's tile: how its completion stands against the share of the year gone —
 * ahead (green), within 10 points behind (amber), further behind (red); grey without a target.
 */
export function tileTone(row: BulletinRow, timeProgress: number): 'ahead' | 'near' | 'behind' | 'none' {
  const gap = progressGap(row, timeProgress)
  if (gap === null) return 'none'
  if (gap >= 0) return 'ahead'
  return gap >= -10 ? 'near' : 'behind'
}
