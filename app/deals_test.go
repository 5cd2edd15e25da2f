package app

import (
	"fmt"
	"testing"
)

// TestDealActionsAreWhatIsAccepted walks deals in each status as the
// seller's, the buyer's and the broker's side: what 我的成交 lists is
// accepted, nothing else is.
func TestDealActionsAreWhatIsAccepted(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)
		states := []state{
			{"open", func(w *world) int64 { return w.agreedDeal() }},
			{"awaiting_seller", func(w *world) int64 { return w.brokerNotice() }},
			{"noticed", func(w *world) int64 { return w.noticedDeal() }},
			{"awaiting_signature", func(w *world) int64 { _, d := w.soldLot(); return d }},
			{"confirmed", func(w *world) int64 { return w.listingDeal() }},
			{"forfeited", func(w *world) int64 {
				_, d := w.soldLot()
				w.setStatus("deals", d, map[string]any{"status": "forfeited"})
				return d
			}},
			{"cancelled", func(w *world) int64 {
				d := w.noticedDeal()
				w.setStatus("deals", d, map[string]any{"status": "cancelled"})
				return d
			}},
		}
		path := func(act string) func(w *world, id int64) (string, string, any) {
			return func(w *world, id int64) (string, string, any) {
				return "POST", fmt.Sprintf("/api/v1/deals/%d/%s", id, act), nil
			}
		}
		acts := map[string]func(w *world, id int64) (string, string, any){
			"publish": func(w *world, id int64) (string, string, any) {
				return "POST", "/api/v1/notices", map[string]any{"deal_id": id}
			},
			"approve_notice": path("approve-notice"),
			"decline_notice": path("decline-notice"),
			"sign":           path("confirm"),
		}
		actions := func(w *world, a *account, id int64) []string { return w.actionsIn(a, "/api/v1/my/deals?size=100", id) }
		for _, s := range []side{sideU, sideE, sideB} {
			w.walk(t, walk{kind: "deal", side: s, states: states, acts: acts, actions: actions})
		}
	})
}
