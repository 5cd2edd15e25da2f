package models

import (
	"math"
)

// MaxFen bounds every amount of money the market takes in, from the API or
// an import: 1 万亿元 (10^14 fen). int64 holds 92,233 amounts at the bound,
// so adding a few of them (a bid's price and increment, a challenge's
// awards) cannot overflow, and a sum over stored rows could only past 92,233
// rows at the bound, some 700 times China's yearly GDP.
const MaxFen = 100_000_000_000_000

// checkFen is the one check of an amount of money: v for key (what names it
// in Chinese) must not be negative, nor zero unless allowZero, nor above
// MaxFen. It reports whether v passed, and leaves a message already
// recorded for key (a more specific one) in place.
func checkFen(f map[string]string, key string, v int64, allowZero bool, what string) bool {
	var msg string
	switch {
	case v < 0:
		msg = what + "不能为负数（单位：分）"
	case v == 0 && !allowZero:
		msg = what + "必须大于 0（单位：分）"
	case v > MaxFen:
		msg = what + "不能超过 1 万亿元（100000000000000 分）"
	default:
		return true
	}
	if f[key] == "" {
		f[key] = msg
	}
	return false
}

// addFen adds two amounts; ok is false when the sum does not fit int64, and
// the sum then saturates at the bound it crossed, so that a comparison with
// it still points the right way.
func addFen(a, b int64) (sum int64, ok bool) {
	switch {
	case b > 0 && a > math.MaxInt64-b:
		return math.MaxInt64, false
	case b < 0 && a < math.MinInt64-b:
		return math.MinInt64, false
	}
	return a + b, true
}

// ErrSumOutOfRange answers a total of stored amounts, each within MaxFen,
// that no longer fits int64; see MaxFen for how far away that is.
