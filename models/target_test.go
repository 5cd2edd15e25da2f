package models

import "testing"

func TestTargetByRuleReproducesFuzhou2023(t *testing.T) {
	yi := func(v float64) int64 { return int64(v*100+0.5) * 100_000_000 }
	cases := []struct {
		district string
		last     float64 // 亿元
		share    float64 // % of GDP
		want     float64 // 亿元
	}{
		{"鼓楼区", 22.27, 0.8, 27.84},
		{"晋安区", 11.94, 1.2, 14.09},
		{"闽清县", 0.45, 0.3, 1.80},
		{"边界 1%", 10, 1.0, 12.5},
		{"边界 0.5%", 10, 0.5, 12.5},
	}
	for _, c := range cases {
		if got := TargetByRule(yi(c.last), c.share); got != yi(c.want) {
			t.Errorf("%s: %s 亿元 → %s, want %.2f", c.district, Yi(yi(c.last)), Yi(got), c.want)
		}
	}
}
