package models

// TargetGrowthPercent is the Fuzhou 2023 rule: a district whose last-year
// turnover was more than 1 % of its GDP grows 18 %, from 0.5 % to 1 % grows
// 25 %, under 0.5 % grows 300 %. share is turnover / GDP in percent.
func TargetGrowthPercent(share float64) int64 {
	switch {
	case share > 1:
		return 18
	case share >= 0.5:
		return 25
	}
	return 300
}

// TargetByRule applies the growth to last year's turnover, rounded to the
// 0.01 亿元 (1,000,000 元) the plans are written in.
func TargetByRule(lastYearFen int64, share float64) int64 {
	const step = 100_000_000 // fen in 0.01 亿元
	raw := lastYearFen * (100 + TargetGrowthPercent(share))
	return (raw/100 + step/2) / step * step
}
