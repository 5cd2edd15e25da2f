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
		if got := (Calendar{}).AddWorkingDays(c.from, c.n); !got.Equal(c.want) {
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
		if got := (Calendar{}).WorkingDaysBetween(fri, c.to); got != c.want {
			t.Errorf("working days from %s to %s = %d, want %d", fri.Format("Mon 01-02 15:04"), c.to.Format("Mon 01-02 15:04"), got, c.want)
		}
	}
}

// TestCalendarAcrossNationalDay: 2026's 中秋 (25 September) and 国庆 (1–7
// October) are off, and Sunday 20 September and Saturday 10 October are
// worked in their place, as the State Council published.
func TestCalendarAcrossNationalDay(t *testing.T) {
	days, err := officialDays(2026, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cal := NewCalendar(days)
	on := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 10, 0, 0, 0, shanghai) }
	for _, c := range []struct {
		day  time.Time
		want bool
	}{{on(9, 20), true}, {on(9, 25), false}, {on(10, 1), false}, {on(10, 7), false}, {on(10, 8), true}, {on(10, 10), true}, {on(10, 11), false}, {on(10, 12), true}} {
		if got := cal.Works(c.day); got != c.want {
			t.Errorf("%s worked: %v, want %v", c.day.Format("Mon 01-02"), got, c.want)
		}
	}
	if got := cal.WorkingDaysBetween(on(9, 18), on(10, 12)); got != 12 {
		t.Errorf("working days from Fri 18 Sep to Mon 12 Oct: %d, want 12", got)
	}
	// The agency's 15 working days from Thursday 24 September end on 22 October, not 15 October.
	if got := cal.AddWorkingDays(on(9, 24), 15); !got.Equal(on(10, 22).UTC()) {
		t.Errorf("15 working days after 24 Sep: %s", got.In(shanghai).Format("01-02"))
	}
	if got := (Calendar{}).AddWorkingDays(on(9, 24), 15); !got.Equal(on(10, 15).UTC()) {
		t.Errorf("without the calendar: %s", got.In(shanghai).Format("01-02"))
	}
}

// TestOfficialCalendarsAreWellFormed: every shipped year parses, its
// holidays are weekdays of the year and its make-up days are weekends.
func TestOfficialCalendarsAreWellFormed(t *testing.T) {
	for year := range OfficialCalendars {
		days, err := officialDays(year, 1, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		holidays := 0
		for _, d := range days {
			day, err := time.ParseInLocation(time.DateOnly, d.Day, shanghai)
			weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
			if err != nil || day.Year() != year || (d.Kind == DayHoliday) == weekend {
				t.Errorf("%d: %+v", year, d)
			}
			if d.Kind == DayHoliday {
				holidays++
			}
		}
		// 11 statutory days a year until 2024, 13 from 2025; the weekdays off are those plus the make-up days.
		if holidays < 11 || holidays > 25 {
			t.Errorf("%d: %d weekdays off", year, holidays)
		}
	}
	if _, err := officialDays(1999, 1, time.Now()); err == nil {
		t.Error("a year not shipped")
	}
}
