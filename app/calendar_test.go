package app

import (
	"testing"
	"time"

	"techmarket/models"
)

// TestHolidayCalendar: the admin loads 2026 as the State Council published
// it and corrects a day; the agency's desk then counts the working days a
// contract has waited across 国庆 with its 调休 Saturday; everyone may read
// the calendar, nobody else may change it, and bad days change nothing.
func TestHolidayCalendar(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		m.play(t,
			step{name: "only the admin loads a year", as: p.reviewer, method: "POST", path: "/api/v1/calendar/2026/official", want: 403},
			step{name: "a year not published here", as: p.admin, method: "POST", path: "/api/v1/calendar/1999/official", want: 422, field: "year"},
			step{name: "only the admin sets a day", as: p.seller, method: "PUT", path: "/api/v1/calendar/days",
				body: map[string]any{"day": "2026-12-24", "kind": "holiday", "name": "平安夜"}, want: 403},
			step{name: "a weekday is no make-up day", as: p.admin, method: "PUT", path: "/api/v1/calendar/days",
				body: map[string]any{"day": "2026-12-23", "kind": "workday", "name": "调休"}, want: 422, field: "kind"},
			step{name: "no such day", as: p.admin, method: "PUT", path: "/api/v1/calendar/days",
				body: map[string]any{"day": "2026-02-30", "kind": "holiday", "name": "春节"}, want: 422, field: "day"},
		)
		if n := m.count(&models.CalendarDay{}); n != 0 {
			t.Fatalf("refused changes stored %d days", n)
		}
		year := call[calendarYear](m, p.admin, 200, "POST", "/api/v1/calendar/2026/official", nil)
		public := call[calendarYear](m, nil, 200, "GET", "/api/v1/calendar?year=2026", nil)
		if len(year.Days) == 0 || len(public.Days) != len(year.Days) || len(public.Official) == 0 {
			t.Fatalf("2026: %d days loaded, %d public", len(year.Days), len(public.Days))
		}
		kinds := map[string]models.CalendarKind{}
		for _, d := range public.Days {
			kinds[d.Day] = d.Kind
		}
		if kinds["2026-10-01"] != models.DayHoliday || kinds["2026-10-10"] != models.DayWorkday || kinds["2026-10-03"] != "" {
			t.Errorf("国庆 2026: %v %v %v", kinds["2026-10-01"], kinds["2026-10-10"], kinds["2026-10-03"])
		}

		// A contract submitted on Wednesday 30 September waits over the holiday:
		// on Saturday 10 October (worked) it has waited Thursday 8, Friday 9 and that Saturday.
		path := p.submitted(m, 5_000_000)
		sub := time.Date(2026, 9, 30, 9, 0, 0, 0, shanghai)
		if err := m.db.Model(&models.Contract{}).Where("status = ?", models.ContractSubmitted).Update("submitted_at", sub.UTC()).Error; err != nil {
			t.Fatal(err)
		}
		m.market.Clock = func() time.Time { return time.Date(2026, 10, 10, 17, 0, 0, 0, shanghai) }
		if v := call[contractView](m, p.reviewer, 200, "GET", path, nil); v.WaitedWorkingDays != 3 {
			t.Errorf("waited %d working days, want 3", v.WaitedWorkingDays)
		}
		// The admin makes Friday 9 October a day off too: the count follows at once.
		call[models.CalendarDay](m, p.admin, 200, "PUT", "/api/v1/calendar/days", map[string]any{"day": "2026-10-09", "kind": "holiday", "name": "国庆节（本地调整）"})
		if v := call[contractView](m, p.reviewer, 200, "GET", path, nil); v.WaitedWorkingDays != 2 {
			t.Errorf("after the change: waited %d working days, want 2", v.WaitedWorkingDays)
		}
		call[models.CalendarDay](m, p.admin, 200, "PUT", "/api/v1/calendar/days", map[string]any{"day": "2026-10-09", "kind": ""})
		if v := call[contractView](m, p.reviewer, 200, "GET", path, nil); v.WaitedWorkingDays != 3 {
			t.Errorf("cleared: waited %d working days, want 3", v.WaitedWorkingDays)
		}
		var audits int64
		m.db.Model(&models.AuditLog{}).Where("entity = ?", "calendar_day").Count(&audits)
		if audits != 3 {
			t.Errorf("%d calendar audit rows, want 3 (load, set, clear)", audits)
		}
	})
}
