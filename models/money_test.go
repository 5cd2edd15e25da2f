package models

import (
	"math"
	"testing"
)

func TestCheckFen(t *testing.T) {
	cases := []struct {
		v         int64
		allowZero bool
		ok        bool
	}{
		{1, false, true},
		{MaxFen, false, true},
		{MaxFen + 1, false, false},
		{math.MaxInt64, true, false},
		{0, false, false},
		{0, true, true},
		{-1, true, false},
		{math.MinInt64, true, false},
	}
	for _, c := range cases {
		f := map[string]string{}
		if ok := checkFen(f, "price_fen", c.v, c.allowZero, "价格"); ok != c.ok || (f["price_fen"] == "") != c.ok {
			t.Errorf("checkFen(%d, allowZero %v) = %v, fields %v", c.v, c.allowZero, ok, f)
		}
	}
	f := map[string]string{"price_fen": "面议时不填价格"}
	if checkFen(f, "price_fen", -1, false, "价格") || f["price_fen"] != "面议时不填价格" {
		t.Errorf("a more specific message was replaced: %v", f)
	}
}

func TestAddFen(t *testing.T) {
	cases := []struct {
		a, b, sum int64
		ok        bool
	}{
		{1, 2, 3, true},
		{MaxFen, MaxFen, 2 * MaxFen, true},
		{math.MaxInt64 - 1, 1, math.MaxInt64, true},
		{math.MaxInt64, 1, math.MaxInt64, false},
		{9_223_372_036_854_770_000, 10_000, math.MaxInt64, false},
		{math.MinInt64 + 1, -1, math.MinInt64, true},
		{math.MinInt64, -1, math.MinInt64, false},
		{math.MaxInt64, math.MinInt64, -1, true},
	}
	for _, c := range cases {
		if sum, ok := addFen(c.a, c.b); sum != c.sum || ok != c.ok {
			t.Errorf("addFen(%d, %d) = %d, %v; want %d, %v", c.a, c.b, sum, ok, c.sum, c.ok)
		}
	}
}
