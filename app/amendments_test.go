package app

import (
	"fmt"
	"testing"

	"techmarket/models"
)

func TestChangeAndCancellationKeepTheOriginal(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 4_000_000)
		cancellation := map[string]any{"kind": "cancel", "reason": "双方协商解除合同"}
		m.check(step{name: "a cancellation before registration", as: p.seller, method: "POST", path: path + "/amendments", body: cancellation, want: 409})
		call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		m.play(t,
			step{name: "a change whose technology amount exceeds the contract's", as: p.seller, method: "POST", path: path + "/amendments",
				body: map[string]any{"kind": "change", "reason": "调整金额", "contract_amount_fen": 100, "tech_amount_fen": 200}, want: 422},
			step{name: "the buyer asks", as: p.buyer, method: "POST", path: path + "/amendments", body: map[string]any{"kind": "cancel", "reason": "买方想注销"}, want: 403},
		)
		ch := call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", map[string]any{"kind": "change", "reason": "增加技术服务内容",
			"contract_amount_fen": 6_000_000, "tech_amount_fen": 5_000_000})
		review := fmt.Sprintf("/api/v1/amendments/%d/review", ch.ID)
		m.check(step{name: "another agency reviews", as: p.otherReviewer, method: "POST", path: review, body: map[string]any{"register": true}, want: 404})
		call[models.Amendment](m, p.reviewer, 200, "POST", review, map[string]any{"register": true, "comment": "准予变更"})
		sum := func() int64 {
			return call[models.Summary](m, nil, 200, "GET", "/api/v1/stats/summary", nil).YearToDay.TechFen
		}
		if got := sum(); got != 5_000_000 {
			t.Errorf("after the change: %v", got)
		}
		if orig := call[contractView](m, p.seller, 200, "GET", path, nil); orig.TechFen != 4_000_000 {
			t.Errorf("the original contract changed: %v", orig.TechFen)
		}
		cancel := call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", cancellation)
		call[models.Amendment](m, p.reviewer, 200, "POST", fmt.Sprintf("/api/v1/amendments/%d/review", cancel.ID), map[string]any{"register": true})
		if got := sum(); got != 0 {
			t.Errorf("after the cancellation: %v", got)
		}
		if _, err := m.market.RebuildRollups(m.ctx); err != nil {
			t.Fatal(err)
		}
		if got := sum(); got != 0 {
			t.Errorf("rebuilt rollup counts the cancelled contract: %v", got)
		}
		m.check(step{name: "a cancelled contract cancelled again", as: p.seller, method: "POST", path: path + "/amendments",
			body: map[string]any{"kind": "cancel", "reason": "再次注销"}, want: 409})
		if list := call[listOf[models.Amendment]](m, p.buyer, 200, "GET", path+"/amendments", nil); list.Total != 2 {
			t.Errorf("amendments: %+v", list)
		}
	})
}
