package app

import (
	"fmt"
	"testing"
)

// The contract's states as the walks build them, each a fresh contract of
// 福州大学 (seller) with 福耀玻璃 (buyer), at 福州市技术合同登记站.
func contractStates() []state {
	return []state{
		{"draft without text", func(w *world) int64 { return w.contractDraft() }},
		{"draft", func(w *world) int64 { return w.contractWithFile() }},
		{"draft the seller confirmed", func(w *world) int64 {
			id := w.contractWithFile()
			w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/contracts/%d/confirm", id), w.uOwner.Token, nil))
			return id
		}},
		{"confirmed", func(w *world) int64 { return w.contractConfirmed() }},
		{"submitted", func(w *world) int64 { return w.contractSubmitted() }},
		{"submitted, 500 万元", func(w *world) int64 { return w.largeContractSubmitted() }},
		{"submitted, 500 万元, approved", func(w *world) int64 {
			id := w.largeContractSubmitted()
			w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/contracts/%d/approve", id), w.aOwner.Token, nil))
			return id
		}},
		{"returned", func(w *world) int64 { return w.contractReturned() }},
		{"rejected", func(w *world) int64 {
			id := w.contractSubmitted()
			w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/contracts/%d/reject", id), w.aOwner.Token,
				map[string]any{"grounds": []string{"seal_problem"}}))
			return id
		}},
		{"registered", func(w *world) int64 { return w.contractRegistered() }},
		{"registered, amendment pending", func(w *world) int64 { return w.amendedContract() }},
	}
}

// contractActs are every action a contract lists, as requests.
func contractActs() map[string]func(w *world, id int64) (string, string, any) {
	at := func(method, step string, body func(w *world) any) func(w *world, id int64) (string, string, any) {
		return func(w *world, id int64) (string, string, any) {
			return method, fmt.Sprintf("/api/v1/contracts/%d%s", id, step), body(w)
		}
	}
	none := func(*world) any { return nil }
	return map[string]func(w *world, id int64) (string, string, any){
		"edit":        at("PUT", "", func(w *world) any { return w.contractInput() }),
		"upload":      at("POST", "/file", func(*world) any { return form{nil, "合同.pdf", pdf} }),
		"confirm":     at("POST", "/confirm", none),
		"submit":      at("POST", "/submit", none),
		"resubmit":    at("POST", "/resubmit", none),
		"return":      at("POST", "/return", func(*world) any { return map[string]any{"comment": "请补充技术资料清单"} }),
		"reject":      at("POST", "/reject", func(*world) any { return map[string]any{"grounds": []string{"seal_problem"}} }),
		"approve":     at("POST", "/approve", none),
		"register":    at("POST", "/register", none),
		"amend":       at("POST", "/amendments", func(*world) any { return map[string]any{"kind": "cancel", "reason": "双方协商解除合同"} }),
		"certificate": at("GET", "/certificate", none),
	}
}

// Seller, buyer and agency each walk the contract with the strangers of
// the world: the detail and the list say the same.
func TestContractActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		for _, s := range []side{sideU, sideE, sideA} {
			w.walk(t, walk{kind: "contract", side: s, states: contractStates(), acts: contractActs(),
				actions: func(w *world, a *account, id int64) []string {
					detail := w.actionsAt(a, fmt.Sprintf("/api/v1/contracts/%d", id))
					if listed := w.actionsIn(a, "/api/v1/contracts?size=100", id); detail != nil && fmt.Sprint(listed) != fmt.Sprint(detail) {
						w.t.Errorf("contract %d: the list says %v, the detail %v", id, listed, detail)
					}
					return detail
				}})
		}
	})
}

func TestAmendmentActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		decided := func(register bool) func(w *world) int64 {
			return func(w *world) int64 {
				id := w.amendment()
				w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/amendments/%d/review", id), w.aOwner.Token,
					map[string]any{"register": register, "comment": "走查"}))
				return id
			}
		}
		states := []state{
			{"submitted", func(w *world) int64 { return w.amendment() }},
			{"registered", decided(true)},
			{"rejected", decided(false)},
		}
		review := func(register bool) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) {
				return "POST", fmt.Sprintf("/api/v1/amendments/%d/review", id), map[string]any{"register": register, "comment": "走查"}
			}
		}
		for _, s := range []side{sideU, sideA} {
			w.walk(t, walk{kind: "amendment", side: s, states: states,
				acts: map[string]func(w *world, id int64) (string, string, any){"register": review(true), "reject": review(false)},
				actions: func(w *world, a *account, id int64) []string {
					var contractID int64
					if err := w.m.db.Table("amendments").Where("id = ?", id).Pluck("contract_id", &contractID).Error; err != nil {
						w.t.Fatal(err)
					}
					listed := w.actionsIn(a, fmt.Sprintf("/api/v1/contracts/%d/amendments", contractID), id)
					if queued := w.actionsIn(a, "/api/v1/amendments?status=all&size=100", id); queued != nil && fmt.Sprint(queued) != fmt.Sprint(listed) {
						w.t.Errorf("amendment %d: the queue says %v, the contract %v", id, queued, listed)
					}
					return listed
				}})
		}
	})
}
