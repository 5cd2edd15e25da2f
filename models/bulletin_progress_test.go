package models

import (
	"math"
	"testing"
	"time"
)

// TestTimeProgress: at a month's end the share of the year gone is month ÷
// 12, as bureaus count it; within a month not over yet, by the day.
func TestTimeProgress(t *testing.T) {
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, shanghai).UTC() }
	for _, c := range []struct {
		end  time.Time
		want float64
	}{
		{at(2026, 6, 1), 5 * 100.0 / 12},
		{at(2027, 1, 1), 100},
		{at(2026, 12, 8), 341 * 100.0 / 365}, // the end of 7 December: 341 days of 365
	} {
		if got := timeProgress(2026, c.end); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("time progress to %s: %.4f, want %.4f", c.end.In(shanghai).Format("2006-01-02"), got, c.want)
		}
	}
	// Last year's figures of a month not over run to the same day.
	f := newBulletinFigures(nil, 2026, 12, time.Date(2026, 12, 7, 15, 0, 0, 0, shanghai))
	if !f.monthEnd.Equal(at(2026, 12, 8)) {
		t.Errorf("this month runs to %s", f.monthEnd.In(shanghai))
	}
	if full := newBulletinFigures(nil, 2026, 11, time.Date(2026, 12, 7, 15, 0, 0, 0, shanghai)); !full.monthEnd.Equal(at(2026, 12, 1)) {
		t.Errorf("a month over runs to its end, not %s", full.monthEnd.In(shanghai))
	}
}
