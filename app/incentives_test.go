package app

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestIncentivesAreCappedPerContractAndYear(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		m.must(403, m.do("POST", "/api/v1/incentives/rules", p.seller.Token, map[string]any{}))
		m.must(422, m.do("POST", "/api/v1/incentives/rules", p.admin.Token, map[string]any{"name": "买方奖励", "region_prefix": "35x", "side": "buyer", "rate_bp": 500}))
		m.must(201, m.do("POST", "/api/v1/incentives/rules", p.admin.Token, map[string]any{"name": "福州买方奖励", "region_prefix": "3501",
			"side": "buyer", "rate_bp": 500, "cap_per_contract_fen": 400_000, "cap_per_year_fen": 600_000}))
		for _, tech := range []int64{10_000_000, 2_000_000} { // earns 400,000 (capped from 500,000), then 100,000
			path := p.submitted(m, tech)
			m.must(200, m.do("POST", path+"/register", p.reviewer.Token, nil))
		}
		year := time.Now().In(shanghai).Year()
		r := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/incentives/%d", year), p.admin.Token, nil)).JSON(t)
		items := r["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["amount_fen"].(float64) != 500_000 || items[0].(map[string]any)["org"] != "福耀玻璃" {
			t.Fatalf("awards: %v", r)
		}
		path := p.submitted(m, 8_000_000) // would earn 400,000 but the year cap leaves 100,000
		m.must(200, m.do("POST", path+"/register", p.reviewer.Token, nil))
		csvRes := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/incentives/%d?format=csv", year), p.admin.Token, nil))
		if !strings.Contains(string(csvRes.Body), "福耀玻璃,3,6000.00") {
			t.Errorf("csv: %s", csvRes.Body)
		}
	})
}
