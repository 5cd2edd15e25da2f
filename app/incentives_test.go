package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

func TestIncentivesAreCappedPerContractAndYear(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		m.play(t,
			step{name: "a seller may not set rules", as: p.seller, method: "POST", path: "/api/v1/incentives/rules", body: map[string]any{}, want: 403},
			step{name: "a region prefix is digits", as: p.admin, method: "POST", path: "/api/v1/incentives/rules",
				body: map[string]any{"name": "买方奖励", "region_prefix": "35x", "side": "buyer", "rate_bp": 500}, want: 422},
		)
		call[models.IncentiveRule](m, p.admin, 201, "POST", "/api/v1/incentives/rules", map[string]any{"name": "福州买方奖励", "region_prefix": "3501",
			"side": "buyer", "rate_bp": 500, "cap_per_contract_fen": 400_000, "cap_per_year_fen": 600_000})
		for _, tech := range []int64{10_000_000, 2_000_000} { // earns 400,000 (capped from 500,000), then 100,000
			path := p.submitted(m, tech)
			call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		}
		year := time.Now().In(shanghai).Year()
		r := call[yearOf[models.Award]](m, p.admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/%d", year), nil)
		if len(r.Items) != 1 || r.Items[0].AmountFen != 500_000 || r.Items[0].OrgName != "福耀玻璃" {
			t.Fatalf("awards: %+v", r)
		}
		path := p.submitted(m, 8_000_000) // would earn 400,000 but the year cap leaves 100,000
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		csvRes := m.expect(p.admin, 200, "GET", fmt.Sprintf("/api/v1/incentives/%d?format=csv", year), nil)
		if !strings.Contains(string(csvRes.Body), "福耀玻璃,3,6000.00") {
			t.Errorf("csv: %s", csvRes.Body)
		}
	})
}
