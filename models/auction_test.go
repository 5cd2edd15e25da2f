package models

import (
	"testing"
	"time"
)

func TestBidRule(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	leader := int64(7)
	fresh := Lot{Status: LotOpen, StartPriceFen: 100_000, IncrementFen: 10_000, EndsAt: end}
	bidded := Lot{Status: LotOpen, StartPriceFen: 100_000, IncrementFen: 10_000, EndsAt: end, CurrentPriceFen: 150_000, LeaderOrgID: &leader, BidCount: 3}
	closed := fresh
	closed.Status = LotSold
	huge := bidded
	huge.CurrentPriceFen = 9_223_372_036_854_770_000
	during := start.Add(10 * time.Minute)
	cases := []struct {
		name   string
		lot    Lot
		now    time.Time
		bidder int64
		amount int64
		code   string
	}{
		{"first bid at start price", fresh, during, 1, 100_000, ""},
		{"first bid start + 2 increments", fresh, during, 1, 120_000, ""},
		{"first bid below start", fresh, during, 1, 90_000, "below_start"},
		{"first bid off the increment grid", fresh, during, 1, 105_000, "bad_increment"},
		{"raise by one increment", bidded, during, 1, 160_000, ""},
		{"raise by three increments", bidded, during, 1, 180_000, ""},
		{"raise too small", bidded, during, 1, 155_000, "too_low"},
		{"same as current", bidded, during, 1, 150_000, "too_low"},
		{"raise off the grid", bidded, during, 1, 175_000, "bad_increment"},
		{"leader outbids itself", bidded, during, leader, 160_000, "already_leading"},
		{"before the start", fresh, start.Add(-time.Second), 1, 100_000, "not_started"},
		{"at the end", fresh, end, 1, 100_000, "lot_closed"},
		{"closed lot", closed, during, 1, 100_000, "lot_closed"},
		{"zero amount", fresh, during, 1, 0, "invalid_input"},
		{"negative amount", bidded, during, 1, -160_000, "invalid_input"},
		// Amounts are bounded at 1 万亿元, which is itself a valid bid.
		{"first bid at the bound", fresh, during, 1, MaxFen, ""},
		{"raise to the bound", bidded, during, 1, MaxFen, ""},
		{"first bid past the bound", fresh, during, 1, MaxFen + 10_000, "invalid_input"},
		{"first bid near int64", fresh, during, 1, 9_223_372_036_854_770_000, "invalid_input"},
		{"raise near int64", bidded, during, 1, 9_223_372_036_854_770_000, "invalid_input"},
		// A current price stored before the bound: current + increment
		// overflowed to a negative minimum, and a lower bid led the lot.
		{"lower bid under a near-int64 price", huge, during, 1, 160_000, "too_low"},
		{"bound under a near-int64 price", huge, during, 1, MaxFen, "too_low"},
	}
	for _, c := range cases {
		err := BidRule(&c.lot, start, c.now, c.bidder, c.amount)
		code := ""
		if err != nil {
			code = err.Code
		}
		if code != c.code {
			t.Errorf("%s: code %q, want %q (%v)", c.name, code, c.code, err)
		}
	}
}

func TestExtendForSniping(t *testing.T) {
	end := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	w := 5 * time.Minute
	cases := []struct {
		bidAt time.Time
		want  time.Time
	}{
		{end.Add(-10 * time.Minute), end},
		{end.Add(-5 * time.Minute), end},                  // exactly at the window's edge: no change
		{end.Add(-4 * time.Minute), end.Add(time.Minute)}, // inside: a full window after the bid
		{end.Add(-time.Second), end.Add(-time.Second).Add(w)},
	}
	for _, c := range cases {
		if got := ExtendForSniping(end, c.bidAt, w); !got.Equal(c.want) {
			t.Errorf("bid at %s: end %s, want %s", c.bidAt.Format("15:04:05"), got.Format("15:04:05"), c.want.Format("15:04:05"))
		}
	}
	if got := ExtendForSniping(end, end.Add(-time.Second), 0); !got.Equal(end) {
		t.Error("window 0 extended")
	}
}

func TestClaimTime(t *testing.T) {
	last := time.Date(2026, 12, 1, 10, 0, 0, 500_000, time.UTC)
	bidded := Lot{BidCount: 3, UpdatedAt: last}
	fresh := Lot{UpdatedAt: last} // created then; its first bid beats nothing
	cases := []struct {
		name string
		now  time.Time
		lot  Lot
		want time.Time
	}{
		{"after the last bid: now", last.Add(time.Millisecond), bidded, last.Add(time.Millisecond)},
		{"at the last bid's instant: the same", last, bidded, last},
		{"a clock behind the last bid's: the last bid's time", last.Add(-1200 * time.Microsecond), bidded, last},
		{"a first bid: now, whatever the lot's updated_at", last.Add(-time.Hour), fresh, last.Add(-time.Hour)},
	}
	for _, c := range cases {
		if got := claimTime(c.now, c.lot); !got.Equal(c.want) {
			t.Errorf("%s: %s, want %s", c.name, got.Format("15:04:05.000000"), c.want.Format("15:04:05.000000"))
		}
	}
}
