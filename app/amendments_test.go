package app

import (
	"fmt"
	"testing"
)

func TestChangeAndCancellationKeepTheOriginal(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 4_000_000)
		m.must(409, m.do("POST", path+"/amendments", p.seller.Token, map[string]any{"kind": "cancel", "reason": "双方协商解除合同"}))
		m.must(200, m.do("POST", path+"/register", p.reviewer.Token, nil))
		m.must(422, m.do("POST", path+"/amendments", p.seller.Token, map[string]any{"kind": "change", "reason": "调整金额", "contract_amount_fen": 100, "tech_amount_fen": 200}))
		m.must(403, m.do("POST", path+"/amendments", p.buyer.Token, map[string]any{"kind": "cancel", "reason": "买方想注销"}))
		ch := m.must(201, m.do("POST", path+"/amendments", p.seller.Token, map[string]any{"kind": "change", "reason": "增加技术服务内容",
			"contract_amount_fen": 6_000_000, "tech_amount_fen": 5_000_000})).JSON(t)
		review := fmt.Sprintf("/api/v1/amendments/%d/review", int64(ch["id"].(float64)))
		m.must(404, m.do("POST", review, p.otherReviewer.Token, map[string]any{"register": true}))
		m.must(200, m.do("POST", review, p.reviewer.Token, map[string]any{"register": true, "comment": "准予变更"}))
		sum := func() float64 {
			return m.must(200, m.do("GET", "/api/v1/stats/summary", "", nil)).JSON(t)["year_to_date"].(map[string]any)["tech_amount_fen"].(float64)
		}
		if got := sum(); got != 5_000_000 {
			t.Errorf("after the change: %v", got)
		}
		orig := m.must(200, m.do("GET", path, p.seller.Token, nil)).JSON(t)
		if orig["tech_amount_fen"].(float64) != 4_000_000 {
			t.Errorf("the original contract changed: %v", orig["tech_amount_fen"])
		}
		cancel := m.must(201, m.do("POST", path+"/amendments", p.seller.Token, map[string]any{"kind": "cancel", "reason": "双方协商解除合同"})).JSON(t)
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/amendments/%d/review", int64(cancel["id"].(float64))), p.reviewer.Token, map[string]any{"register": true}))
		if got := sum(); got != 0 {
			t.Errorf("after the cancellation: %v", got)
		}
		if _, err := m.market.RebuildRollups(m.ctx); err != nil {
			t.Fatal(err)
		}
		if got := sum(); got != 0 {
			t.Errorf("rebuilt rollup counts the cancelled contract: %v", got)
		}
		m.must(409, m.do("POST", path+"/amendments", p.seller.Token, map[string]any{"kind": "cancel", "reason": "再次注销"}))
		list := m.must(200, m.do("GET", path+"/amendments", p.buyer.Token, nil)).JSON(t)
		if list["total"].(float64) != 2 {
			t.Errorf("amendments: %v", list)
		}
	})
}
