package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

func TestStatsSummaryOfAYear(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 1_000_000)
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		year := time.Now().In(shanghai).Year()

		cur := call[models.Summary](m, nil, 200, "GET", "/api/v1/stats/summary", nil)
		same := call[models.Summary](m, nil, 200, "GET", fmt.Sprintf("/api/v1/stats/summary?year=%d", year), nil)
		if cur != same || cur.YearToDay.Contracts != 1 {
			t.Fatalf("this year: %+v vs %+v", cur, same)
		}
		last := call[models.Summary](m, nil, 200, "GET", fmt.Sprintf("/api/v1/stats/summary?year=%d", year-1), nil)
		if last.Year != year-1 || last.Through != fmt.Sprintf("%d-12-31", year-1) || last.YearToDay.Contracts != 0 {
			t.Fatalf("last year: %+v", last)
		}
		var bad []step
		for _, year := range []string{"abc", "1999", fmt.Sprint(year + 1), "2024.5"} {
			bad = append(bad, step{name: "year " + year, method: "GET", path: "/api/v1/stats/summary?year=" + year, want: 422, code: "invalid_input", field: "year"})
		}
		m.play(t, bad...)
	})
}

func TestStatisticsCountRegisteredContractsOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		a := p.submitted(m, 2_000_000)
		b := p.submitted(m, 3_000_000)
		p.submitted(m, 7_000_000) // submitted, not registered: not counted
		call[contractView](m, p.reviewer, 200, "POST", a+"/register", nil)
		call[contractView](m, p.reviewer, 200, "POST", b+"/register", nil)
		// One registered last year, in the same period.
		lastYear := time.Now().AddDate(-1, 0, -1).UTC()
		m.db.Model(&models.Contract{}).Where("id = ?", strings.TrimPrefix(b, "/api/v1/contracts/")).Update("registered_at", lastYear)
		if _, err := m.market.RebuildRollups(m.ctx); err != nil {
			t.Fatal(err)
		}
		sum := call[models.Summary](m, nil, 200, "GET", "/api/v1/stats/summary", nil)
		if sum.YearToDay.TechFen != 2_000_000 || sum.YearToDay.Contracts != 1 || sum.LastYear.TechFen != 3_000_000 {
			t.Errorf("summary: %+v", sum)
		}
		for _, by := range []string{"district", "agency", "month", "type", "field"} {
			r := call[breakdown](m, nil, 200, "GET", "/api/v1/stats/breakdown?by="+by, nil)
			if len(r.Items) != 1 || r.Items[0].TechFen != 2_000_000 {
				t.Errorf("by %s: %+v", by, r)
			}
		}
		months := call[breakdown](m, nil, 200, "GET", "/api/v1/stats/breakdown?by=month", nil)
		if month := months.Items[0].Key; month != time.Now().In(shanghai).Format("2006-01") {
			t.Errorf("month key %v", month)
		}
		m.play(t,
			step{name: "an unknown grouping", method: "GET", path: "/api/v1/stats/breakdown?by=colour", want: 422},
			step{name: "a year to come", method: "GET", path: "/api/v1/stats/breakdown?by=type&year=3000", want: 422},
		)
	})
}
