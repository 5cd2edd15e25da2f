package models

import (
	"testing"
	"time"
)

func TestAddWorkingDays(t *testing.T) {
	fri := time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai) // a Friday
	cases := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{fri, 1, time.Date(2026, 11, 30, 10, 0, 0, 0, shanghai)},
		{fri, 5, time.Date(2026, 12, 4, 10, 0, 0, 0, shanghai)},
		{fri.AddDate(0, 0, 1), 1, time.Date(2026, 11, 30, 10, 0, 0, 0, shanghai)},  // from Saturday
		{fri.AddDate(0, 0, -4), 5, time.Date(2026, 11, 30, 10, 0, 0, 0, shanghai)}, // Monday + 5 = next Monday
		{fri, 0, fri},
	}
	for _, c := range cases {
		if got := AddWorkingDays(c.from, c.n); !got.Equal(c.want) {
			t.Errorf("%s + %d working days = %s, want %s", c.from.Format("Mon 01-02"), c.n, got.In(shanghai).Format("Mon 01-02"), c.want.Format("Mon 01-02"))
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	fri := time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai) // a Friday
	cases := []struct {
		to   time.Time
		want int
	}{
		{fri, 0},
		{fri.AddDate(0, 0, 1), 0},                 // Saturday
		{fri.AddDate(0, 0, 3), 1},                 // Monday
		{fri.AddDate(0, 0, 3).Add(-time.Hour), 0}, // Monday, an hour short of a whole day
		{fri.AddDate(0, 0, 7), 5},                 // next Friday
		{fri.AddDate(0, 0, 21), 15},               // three weeks: the review deadline
	}
	for _, c := range cases {
		if got := WorkingDaysBetween(fri, c.to); got != c.want {
			t.Errorf("working days from %s to %s = %d, want %d", fri.Format("Mon 01-02 15:04"), c.to.Format("Mon 01-02 15:04"), got, c.want)
		}
	}
}
