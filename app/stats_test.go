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
		m.must(200, m.do("POST", path+"/register", p.reviewer.Token, nil))
		year := time.Now().In(shanghai).Year()

		cur := m.must(200, m.do("GET", "/api/v1/stats/summary", "", nil)).JSON(t)
		same := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/stats/summary?year=%d", year), "", nil)).JSON(t)
		if fmt.Sprint(cur) != fmt.Sprint(same) || cur["year_to_date"].(map[string]any)["contracts"].(float64) != 1 {
			t.Fatalf("this year: %v vs %v", cur, same)
		}
		last := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/stats/summary?year=%d", year-1), "", nil)).JSON(t)
		if last["year"].(float64) != float64(year-1) || last["through"] != fmt.Sprintf("%d-12-31", year-1) ||
			last["year_to_date"].(map[string]any)["contracts"].(float64) != 0 {
			t.Fatalf("last year: %v", last)
		}
		for _, bad := range []string{"abc", "1999", fmt.Sprint(year + 1), "2024.5"} {
			r := m.do("GET", "/api/v1/stats/summary?year="+bad, "", nil)
			if r.Status != 422 || r.errorFields(t)["year"] == nil {
				t.Errorf("year=%s: %d %s", bad, r.Status, r.Body)
			}
		}
	})
}

func TestStatisticsCountRegisteredContractsOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		a := p.submitted(m, 2_000_000)
		b := p.submitted(m, 3_000_000)
		p.submitted(m, 7_000_000) // submitted, not registered: not counted
		m.must(200, m.do("POST", a+"/register", p.reviewer.Token, nil))
		m.must(200, m.do("POST", b+"/register", p.reviewer.Token, nil))
		// One registered last year, in the same period.
		lastYear := time.Now().AddDate(-1, 0, -1).UTC()
		m.db.Model(&models.Contract{}).Where("id = ?", strings.TrimPrefix(b, "/api/v1/contracts/")).Update("registered_at", lastYear)
		if _, err := m.market.RebuildRollups(m.ctx); err != nil {
			t.Fatal(err)
		}
		sum := m.must(200, m.do("GET", "/api/v1/stats/summary", "", nil)).JSON(t)
		ytd, last := sum["year_to_date"].(map[string]any), sum["same_period_last_year"].(map[string]any)
		if ytd["tech_amount_fen"].(float64) != 2_000_000 || ytd["contracts"].(float64) != 1 || last["tech_amount_fen"].(float64) != 3_000_000 {
			t.Errorf("summary: %v", sum)
		}
		for _, by := range []string{"district", "agency", "month", "type", "field"} {
			r := m.must(200, m.do("GET", "/api/v1/stats/breakdown?by="+by, "", nil)).JSON(t)
			items := r["items"].([]any)
			if len(items) != 1 || items[0].(map[string]any)["tech_amount_fen"].(float64) != 2_000_000 {
				t.Errorf("by %s: %v", by, r)
			}
		}
		month := m.must(200, m.do("GET", "/api/v1/stats/breakdown?by=month", "", nil)).JSON(t)["items"].([]any)[0].(map[string]any)["key"]
		if month != time.Now().In(shanghai).Format("2006-01") {
			t.Errorf("month key %v", month)
		}
		m.must(422, m.do("GET", "/api/v1/stats/breakdown?by=colour", "", nil))
		m.must(422, m.do("GET", "/api/v1/stats/breakdown?by=type&year=3000", "", nil))
	})
}
