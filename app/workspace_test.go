package app

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"techmarket/models"
)

// The workspace counts what the pages where it is done list: for each role,
// each item's count is the total of the list endpoint (and filter) it links to.
func TestWorkspaceCountsWhatTheListsShow(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		w := newWorld(t, m)

		// Something in every bucket.
		w.achPending()
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/needs/%d/submit", w.needDraft()), w.eOwner.Token, nil))
		w.brokerNotice()      // a deal waiting for 福州大学 to confirm the notice (and an agreed match)
		w.match()             // a proposed match both sides have to answer
		w.contractDraft()     // a draft both parties have to confirm
		w.contractSubmitted() // the agency's queue
		w.amendedContract()   // a cancellation waiting for the agency
		w.objection()         // an objection for the admin
		w.freshOrg(true)      // a verification request
		ach := w.achPublished()
		m.must(201, m.do("POST", fmt.Sprintf("/api/v1/achievements/%d/reports", ach), w.eOther.Token, map[string]any{"reason": "专利已失效仍在出售"}))
		m.must(201, m.do("POST", fmt.Sprintf("/api/v1/achievements/%d/access-requests", ach), w.eOwner.Token, map[string]any{"message": "拟用于产线改造"}))
		m.must(201, m.do("POST", fmt.Sprintf("/api/v1/achievements/%d/interests", ach), w.eOwner.Token, map[string]any{"message": "希望洽谈技术许可"})) // a lead for brokers
		w.setStatus("achievements", ach, map[string]any{"valid_until": time.Now().AddDate(0, 0, 10)})
		m.must(201, m.do("POST", fmt.Sprintf("/api/v1/needs/%d/access-requests", w.needPublished()), w.uOwner.Token, map[string]any{"message": "我校有相关成果"}))
		stale := w.needPublished()
		w.setStatus("needs", stale, map[string]any{"published_at": time.Now().AddDate(0, 0, -40), "last_confirmed_at": nil})
		a, lot := w.auction(-time.Minute)
		m.must(200, m.do("POST", "/api/v1/admissions/"+itoa(w.admission(a))+"/admit", w.admin.Token, nil))
		m.must(201, m.do("POST", "/api/v1/lots/"+itoa(lot)+"/bids", w.eOwner.Token, map[string]any{"amount_fen": 1_000_000, "client_key": "ws1"}))
		rs := w.roadshow(time.Hour)
		m.must(201, m.do("POST", "/api/v1/roadshows/"+itoa(rs)+"/register", w.eOwner.Token, nil))
		w.setStatus("roadshows", rs, map[string]any{"starts_at": time.Now().Add(-time.Minute)})
		show := call[struct {
			Slots []struct {
				AchievementID int64 `json:"achievement_id"`
			} `json:"slots"`
		}](m, nil, 200, "GET", "/api/v1/roadshows/"+itoa(rs), nil)
		m.must(201, m.do("POST", "/api/v1/roadshows/"+itoa(rs)+"/intents", w.eOwner.Token, map[string]any{"achievement_id": show.Slots[0].AchievementID, "note": "希望进一步洽谈"}))

		total := func(as *account, path string) int64 {
			t.Helper()
			return call[struct {
				Total int64 `json:"total"`
			}](m, as, 200, "GET", path, nil).Total
		}
		items := func(as *account, path string) int64 {
			t.Helper()
			return int64(len(call[struct {
				Items []any `json:"items"`
			}](m, as, 200, "GET", path, nil).Items))
		}
		// check compares the workspace with want; every count but those of empty is at least 1.
		check := func(as *account, role models.Role, want map[string]int64, empty ...string) {
			t.Helper()
			ws := call[models.Workspace](m, as, 200, "GET", "/api/v1/my/workspace", nil)
			if ws.Role != role || !ws.Verified {
				t.Errorf("%s: role %q verified %v", as.Username, ws.Role, ws.Verified)
			}
			got := map[string]int64{}
			for _, it := range ws.Items {
				got[it.Key] = it.Count
				if n := int64(len(it.Entries)); n != min(it.Count, models.WorkspaceEntries) {
					t.Errorf("%s %s: %d entries for a count of %d", as.Username, it.Key, n, it.Count)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s: items %v, want %v", as.Username, got, want)
			}
			for k, n := range want {
				if got[k] != n || (n == 0) != slices.Contains(empty, k) {
					t.Errorf("%s %s: workspace says %d, the list %d (and the world made at least one)", as.Username, k, got[k], n)
				}
			}
		}

		check(w.admin, models.RoleAdmin, map[string]int64{
			"achievements_pending":  total(w.admin, "/api/v1/moderation/achievements"),
			"needs_pending":         total(w.admin, "/api/v1/moderation/needs"),
			"reports_open":          total(w.admin, "/api/v1/admin/reports"),
			"verifications_pending": total(w.admin, "/api/v1/admin/orgs?status=pending&requested=true"),
			"memberships_pending":   total(w.admin, "/api/v1/admin/memberships?org_type=agency") + total(w.admin, "/api/v1/admin/memberships?org_type=bureau"),
			"objections_pending":    1,
		})
		check(w.uOwner, models.RoleSupplier, map[string]int64{
			"deals_awaiting_seller":   total(w.uOwner, "/api/v1/my/deals?todo=true"),
			"contracts_to_confirm":    total(w.uOwner, "/api/v1/contracts?todo=true"),
			"matches_to_answer":       total(w.uOwner, "/api/v1/matches?todo=true"),
			"achievements_expiring":   total(w.uOwner, "/api/v1/my/achievements?expiring=true"),
			"access_requests_pending": total(w.uOwner, "/api/v1/access-requests?side=owner&status=pending"),
		})
		check(w.eOwner, models.RoleDemander, map[string]int64{
			"contracts_to_confirm":    total(w.eOwner, "/api/v1/contracts?todo=true"),
			"matches_to_answer":       total(w.eOwner, "/api/v1/matches?todo=true"),
			"needs_expiring":          total(w.eOwner, "/api/v1/my/needs?expiring=true"),
			"access_requests_pending": total(w.eOwner, "/api/v1/access-requests?side=owner&status=pending"),
			"live_bids":               1,
		})
		pipeline := map[string]int64{"roadshow_intents": items(w.bOwner, "/api/v1/intents"), "interest_leads": total(w.bOwner, "/api/v1/leads?status=open"),
			"achievements_pending": total(w.bOwner, "/api/v1/moderation/achievements"), "needs_pending": total(w.bOwner, "/api/v1/moderation/needs")}
		for _, st := range []string{"proposed", "contacted", "negotiating", "agreed", "failed"} {
			pipeline["matches_"+st] = total(w.bOwner, "/api/v1/matches?status="+st)
		}
		check(w.bOwner, models.RoleBroker, pipeline, "matches_contacted", "matches_negotiating", "matches_failed")
		check(w.aOwner, models.RoleReviewer, map[string]int64{
			"contracts_submitted":  total(w.aOwner, "/api/v1/contracts?status=submitted"),
			"amendments_submitted": total(w.aOwner, "/api/v1/amendments"),
		})

		// The entries say what matters: the review's clock, the bid's standing, why a listing is listed.
		rv := call[models.Workspace](m, w.aOwner, 200, "GET", "/api/v1/my/workspace", nil).Items[0].Entries[0]
		if rv.DeadlineDays != 15 || rv.At == nil || rv.Urgent {
			t.Errorf("review entry %+v", rv)
		}
		for _, it := range call[models.Workspace](m, w.eOwner, 200, "GET", "/api/v1/my/workspace", nil).Items {
			switch it.Key {
			case "live_bids":
				if e := it.Entries[0]; e.Urgent || e.At == nil || e.Title == "" {
					t.Errorf("live bid %+v", e)
				}
			case "needs_expiring":
				if e := it.Entries[0]; e.ID != stale || !e.Urgent {
					t.Errorf("stale need %+v", e)
				}
			}
		}

		// Another enterprise sees none of 福耀's; a pending member has no workspace.
		for _, it := range call[models.Workspace](m, w.eOther, 200, "GET", "/api/v1/my/workspace", nil).Items {
			if it.Count != 0 {
				t.Errorf("九牧 %s: %d", it.Key, it.Count)
			}
		}
		m.play(t, step{name: "pending member", as: w.ePending, method: "GET", path: "/api/v1/my/workspace", want: 403})
	})
}
