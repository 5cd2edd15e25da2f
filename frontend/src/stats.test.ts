import { describe, expect, it } from 'vitest'
import {
  adjustedByHand,
  barOption,
  bulletinMonthOf,
  describeTargetChange,
  importProblems,
  fenToYi,
  formatAmount,
  formatPercent,
  formatYi,
  growthPercent,
  monthChartOption,
  monthSeries,
  parseYearMonth,
  pieOption,
  planYears,
  plansOfYear,
  targetByRule,
  targetChartOption,
  progressGap,
  tileTone,
  throughLabel,
  trendOption,
  rankedBars,
  sharesPie,
  measureName,
  bulletinTitle,
  targetGrowthPercent,
  targetSpan,
  trendClass,
  yiToFen,
  type BulletinRow,
} from './stats'
import { dispositionName } from './transfer'

const YI = 10_000_000_000

describe('money and percentages', () => {
  it('writes 亿元 as the bulletins do and picks a unit', () => {
    expect(formatYi(1_234_500_000_000)).toBe('123.45')
    expect(formatAmount(2 * YI)).toBe('2.00 亿元')
    expect(formatAmount(120_000_000)).toBe('120 万元')
    expect(formatAmount(5_000)).toBe('50 元')
    expect(yiToFen(1.2345)).toBe(12_345_000_000)
    expect(yiToFen(null)).toBe(0)
    expect(fenToYi(0)).toBeNull()
    expect(fenToYi(3 * YI)).toBe(3)
  })

  it('computes growth and writes percentages', () => {
    expect(growthPercent(120, 100)).toBeCloseTo(20)
    expect(growthPercent(5, 0)).toBeNull()
    expect(formatPercent(12.345)).toBe('+12.3%')
    expect(formatPercent(-4)).toBe('-4.0%')
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(80, false)).toBe('80.0%')
    expect(trendClass(3)).toBe('up')
    expect(trendClass(-3)).toBe('down')
    expect(trendClass(null)).toBe('flat')
  })
})

describe('the target rule (Fuzhou 2023)', () => {
  it('grows by the share of GDP', () => {
    expect(targetGrowthPercent(1.2)).toBe(18)
    expect(targetGrowthPercent(1)).toBe(25)
    expect(targetGrowthPercent(0.5)).toBe(25)
    expect(targetGrowthPercent(0.49)).toBe(300)
  })

  it('rounds to 0.01 亿元', () => {
    expect(targetByRule(10 * YI, 1.5)).toBe(11.8 * YI)
    expect(targetByRule(1_234_567_890_000, 0.8)).toBe(154.32 * YI)
    expect(targetByRule(1 * YI, 0.1)).toBe(4 * YI)
    expect(targetByRule(0, 2)).toBe(0)
  })
})

describe('plans and targets', () => {
  const plan = (id: number, from_year: number, to_year: number) =>
    ({ id, name: `计划${id}`, from_year, to_year, source: '', region: '350100', region_name: '福州市', measure: 'contract' }) as never
  it('picks the plans of a year and writes their years', () => {
    const plans = [plan(1, 2023, 2023), plan(2, 2023, 2025), plan(3, 2026, 2026)]
    expect(plansOfYear(plans, 2024).map((p) => p.id)).toEqual([2])
    expect(plansOfYear(plans, 2023).map((p) => p.id)).toEqual([1, 2])
    expect(planYears({ from_year: 2023, to_year: 2023 })).toBe('2023 年')
    expect(planYears({ from_year: 2023, to_year: 2025 })).toBe('2023–2025 年')
  })

  it('marks cumulative targets and the official figures set apart from the rule', () => {
    expect(targetSpan({ from_year: 2023, year: 2025 })).toBe('2023–2025 年累计')
    expect(targetSpan({ from_year: 2023, year: 2023 })).toBe('')
    // 马尾区 2023: 21.23 official beside 21.13 by the rule; 鼓楼区 27.84 as the rule has it.
    expect(adjustedByHand({ kind: 'district', rule_fen: 21.13 * YI, target_fen: 21.23 * YI })).toBe(true)
    expect(adjustedByHand({ kind: 'district', rule_fen: 27.84 * YI, target_fen: 27.84 * YI })).toBe(false)
    // An agency has no rule figure, so nothing to set apart from.
    expect(adjustedByHand({ kind: 'agency', rule_fen: 0, target_fen: 45.43 * YI })).toBe(false)
  })
})

describe('periods', () => {
  it('parses months and picks the bulletin of a year', () => {
    expect(parseYearMonth('2026-03')).toEqual({ year: 2026, month: 3 })
    expect(parseYearMonth('2026-13')).toBeNull()
    expect(parseYearMonth('x')).toBeNull()
    expect(bulletinMonthOf(2026, { year: 2026, month: 11 })).toBe(11)
    expect(bulletinMonthOf(2025, { year: 2026, month: 11 })).toBe(12)
  })

  it('fills the months without contracts', () => {
    const rows = monthSeries([{ key: '2026-02', contracts: 2, contract_amount_fen: 5, tech_amount_fen: 4 }], 2026, 3)
    expect(rows.map((r) => [r.key, r.contracts])).toEqual([
      ['2026-01', 0],
      ['2026-02', 2],
      ['2026-03', 0],
    ])
  })
})

describe('charts', () => {
  it('puts months on the axis in 万元', () => {
    const o = monthChartOption([{ key: '2026-01', contracts: 3, contract_amount_fen: 120_000_000, tech_amount_fen: 100_000_000 }])
    expect(o.xAxis.data).toEqual(['1月'])
    expect(o.series.map((s) => s.data[0])).toEqual([120, 100, 3])
  })

  it('ranks districts against their targets, best on top', () => {
    const row = (rank: number, name: string, ytd: number, target: number): BulletinRow => ({
      kind: 'district',
      key: name,
      name,
      measure: 'contract',
      month_contracts: 0,
      month_fen: 0,
      ytd_contracts: 1,
      ytd_fen: ytd,
      cumulative_fen: ytd,
      last_year_ytd_fen: 0,
      year_on_year_percent: null,
      target_fen: target,
      target_from_year: 0,
      completion_percent: target ? (ytd / target) * 100 : 0,
      rank,
      previous_month_fen: 0,
      month_on_month_percent: null,
    })
    const o = targetChartOption([row(1, '鼓楼区', 2 * YI, 2.5 * YI), row(2, '台江区', YI, 0)])
    expect(o.yAxis.data).toEqual(['台江区', '鼓楼区'])
    expect(o.series[0].data).toEqual([1, 2])
    expect(o.series[1].data).toEqual([null, 2.5])
    expect(o.series[0].label?.formatter({ dataIndex: 1 })).toBe('80.0%')
  })

  it('says what span a 看板 counts', () => {
    expect(throughLabel({ year: 2023, through: '2023-12-31' })).toBe('2023 年全年')
    expect(throughLabel({ year: 2026, through: '2026-11-30' })).toBe('2026 年 1–11 月')
    expect(throughLabel({ year: 2026, through: '2026-12-07' })).toBe('2026 年 1 月 1 日至 12 月 7 日')
    expect(throughLabel({ year: 2024, through: '2024-02-29' })).toBe('2024 年 1–2 月')
  })

  it('colours a district tile by its completion against the time', () => {
    const row = { target_fen: 10, completion_percent: 50 } as BulletinRow
    expect(tileTone(row, 41.7)).toBe('ahead')
    expect(tileTone({ ...row, completion_percent: 35 }, 41.7)).toBe('near')
    expect(tileTone({ ...row, completion_percent: 20 }, 41.7)).toBe('behind')
    expect(tileTone({ ...row, target_fen: 0 }, 41.7)).toBe('none')
  })

  it('draws the months beside last year, only up to the month reached', () => {
    const months = Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      fen: (i + 1) * YI,
      last_year_fen: YI,
      contracts: i + 1,
      last_year_contracts: 1,
    }))
    const o = trendOption(months, 3, 'contract')
    expect(o.series[0].name).toBe('本年成交额')
    expect(o.series[0].data.slice(0, 4)).toEqual([1, 2, 3, null])
    expect(o.series[1].data[11]).toBe(1)
    expect(rankedBars([{ name: 'a', fen: 2_000_000 }, { name: 'b', fen: 5_000_000 }], '成交额').yAxis.data).toEqual(['a', 'b'])
    const large = rankedBars([{ name: 'a', fen: 3 * YI }], '成交额')
    expect([large.xAxis.name, large.series[0].data[0]]).toEqual(['亿元', 3])
    expect(sharesPie([{ name: '本地区', fen: 1_000_000 }], '技术输出').series[0].data).toEqual([{ name: '本地区', value: 1 }])
  })

  it('says how far a row is ahead of the year', () => {
    const row = { target_fen: 10, completion_percent: 50 } as BulletinRow
    expect(progressGap(row, 41.7)).toBeCloseTo(8.3)
    expect(progressGap({ ...row, target_fen: 0 }, 41.7)).toBeNull()
    expect(measureName('tech')).toBe('技术交易额')
    expect(measureName('contract')).toBe('成交额')
    expect(bulletinTitle({ region_name: '福州市', year: 2023, month: 5 })).toBe('福州市2023年5月技术合同认定登记情况通报')
  })

  it('labels pies and bars', () => {
    const items = [
      { key: 'a', contracts: 1, contract_amount_fen: 0, tech_amount_fen: 3_000_000 },
      { key: 'b', contracts: 1, contract_amount_fen: 0, tech_amount_fen: 1_000_000 },
    ]
    expect(pieOption(items, (r) => r.key.toUpperCase()).series[0].data).toEqual([
      { name: 'A', value: 3 },
      { name: 'B', value: 1 },
    ])
    expect(barOption(items, (r) => r.key).yAxis.data).toEqual(['b', 'a'])
  })
})

describe('downloads', () => {
  it('reads the file name of a Content-Disposition header', () => {
    expect(dispositionName('attachment; filename="bulletin-2026-11.csv"')).toBe('bulletin-2026-11.csv')
    expect(dispositionName("attachment; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf")).toBe('合同.pdf')
    expect(dispositionName(null)).toBe('')
  })
})

describe('target import and history', () => {
  it('lists the rows a refused import names, in order', () => {
    expect(importProblems({ row_10: '年度目标：金额最多精确到分', row_4: '地区：地区须为六位行政区划代码', file: '文件是空的' })).toEqual([
      { row: 0, message: '文件是空的' },
      { row: 4, message: '地区：地区须为六位行政区划代码' },
      { row: 10, message: '年度目标：金额最多精确到分' },
    ])
  })
  it('says who changed a target to what', () => {
    const after = JSON.stringify({ target_fen: 28_500_000_000, note: '为完成全市总目标上调' })
    expect(describeTargetChange({ action: 'target.import', actor_name: '林科长', actor_org: '福州市科学技术局', after })).toBe(
      '林科长（福州市科学技术局）导入，目标 2.85 亿元（为完成全市总目标上调）',
    )
    expect(describeTargetChange({ action: 'target.set', actor_name: '', actor_org: '', after: 'x' })).toBe('未知用户设置或调整')
  })
})
