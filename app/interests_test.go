package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"techmarket/models"
)

func TestFavouritesAreIdempotentAndOutliveTheListing(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := m.listingCast()
		sup, dem, rival, path := c.sup, c.dem, c.rival, c.path

		m.play(t,
			step{name: "the public may not", method: "POST", path: path + "/favourite", want: 401},
			step{name: "not one's own listing", as: sup, method: "POST", path: path + "/favourite", want: 409, code: "own_listing"},
			step{name: "an unknown listing", as: dem, method: "POST", path: "/api/v1/achievements/9999/favourite", want: 404},
		)
		if n := m.count(&models.Favourite{}); n != 0 {
			t.Fatalf("refused stars stored %d rows", n)
		}
		for range 2 {
			if got := call[models.Starred](m, dem, 200, "POST", path+"/favourite", nil); !got.Favourited || !slices.Contains(got.Actions, "unfavourite") || slices.Contains(got.Actions, "favourite") {
				t.Fatalf("starred: %+v", got)
			}
		}
		call[models.Starred](m, rival, 200, "POST", path+"/favourite", nil)
		if n := m.count(&models.Favourite{}); n != 2 {
			t.Fatalf("starring twice stored %d rows, want 2 (one per user)", n)
		}
		// The owner sees how many starred; nobody else does.
		if got := call[models.Achievement](m, sup, 200, "GET", path, nil); got.FavouriteCount == nil || *got.FavouriteCount != 2 {
			t.Errorf("owner's favourite_count: %v", got.FavouriteCount)
		}
		if got := call[models.Achievement](m, dem, 200, "GET", path, nil); got.FavouriteCount != nil || got.InterestCount != nil {
			t.Errorf("a visitor sees the counts: %+v %+v", got.FavouriteCount, got.InterestCount)
		}

		// Unstarring is idempotent too.
		for range 2 {
			if got := call[models.Starred](m, rival, 200, "DELETE", path+"/favourite", nil); got.Favourited || !slices.Contains(got.Actions, "favourite") {
				t.Fatalf("unstarred: %+v", got)
			}
		}

		// Withdrawn, renewed and retitled: 我的收藏 keeps the title as
		// starred, says it is gone, and names no organisation.
		favs := call[page[models.Favourite]](m, dem, 200, "GET", "/api/v1/my/favourites", nil)
		if favs.Total != 1 || !favs.Items[0].Available || favs.Items[0].OrgName != "福州大学" {
			t.Fatalf("my favourites: %+v", favs)
		}
		m.expect(sup, 200, "POST", path+"/withdraw", nil)
		m.expect(sup, 200, "POST", path+"/renew", nil)
		m.expect(sup, 200, "PUT", path, achievementBody("尚未公开的新一代导热膜工艺"))
		favs = call[page[models.Favourite]](m, dem, 200, "GET", "/api/v1/my/favourites", nil)
		if f := favs.Items[0]; f.Available || f.OrgName != "" || f.ListingTitle != "石墨烯导热膜连续化制备技术" {
			t.Errorf("a withdrawn favourite: %+v", f)
		}
		// It may still be removed from the list.
		call[models.Starred](m, dem, 200, "DELETE", path+"/favourite", nil)
		if favs = call[page[models.Favourite]](m, dem, 200, "GET", "/api/v1/my/favourites", nil); favs.Total != 0 {
			t.Errorf("after removing: %+v", favs)
		}
	})
}

func TestInterestNotifiesTheOwnerAndBecomesABrokersLead(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := m.listingCast()
		admin, sup, dem, rival, broker, ach, path := c.admin, c.sup, c.dem, c.rival, c.broker, c.ach, c.path
		broker2 := m.signUp("broker2", models.RoleBroker, "海西技术转移中心")
		unverified := m.signUp("newco", models.RoleDemander, "尚未认证的企业")
		m.verify(admin, broker2)
		need := m.publishNeed(admin, dem, "汽车玻璃除雾用高导热薄膜")
		msg := func(s string) map[string]any { return map[string]any{"message": s} }

		m.play(t,
			step{name: "the public may not", method: "POST", path: path + "/interests", body: msg("希望洽谈许可"), want: 401},
			step{name: "an unverified organisation may not", as: unverified, method: "POST", path: path + "/interests", body: msg("希望洽谈许可"), want: 403},
			step{name: "not on one's own listing", as: sup, method: "POST", path: path + "/interests", body: msg("希望洽谈许可"), want: 409, code: "own_listing"},
			step{name: "a broker may not", as: broker, method: "POST", path: path + "/interests", body: msg("希望洽谈许可"), want: 403},
			step{name: "the operator may not", as: admin, method: "POST", path: path + "/interests", body: msg("希望洽谈许可"), want: 403},
			step{name: "a message is needed", as: dem, method: "POST", path: path + "/interests", body: msg("  "), want: 422, field: "message"},
			step{name: "a message is bounded", as: dem, method: "POST", path: path + "/interests", body: msg(strings.Repeat("长", 1001)), want: 422, field: "message"},
			step{name: "hostile text is refused", as: dem, method: "POST", path: path + "/interests", body: msg("希望洽谈\u202e许可条件"), want: 422, field: "message"},
		)
		if n := m.count(&models.Interest{}); n != 0 {
			t.Fatalf("refused interests stored %d rows", n)
		}

		it := call[models.Interest](m, dem, 201, "POST", path+"/interests", msg("拟用于汽车玻璃除雾，希望洽谈独占许可"))
		m.check(step{name: "once per organisation", as: dem, method: "POST", path: path + "/interests", body: msg("再次表达意向"), want: 409, code: "already_interested"})
		got := call[models.Achievement](m, dem, 200, "GET", path, nil)
		if slices.Contains(got.Actions, "express_interest") || !got.Interested {
			t.Errorf("actions after interest: %v", got.Actions)
		}

		// The owner is told and sees who, with the message.
		notes := call[notificationPage](m, sup, 200, "GET", "/api/v1/notifications", nil)
		if len(notes.Items) == 0 || notes.Items[0].Kind != "interest.new" || !strings.Contains(notes.Items[0].Title, "福耀玻璃") {
			t.Fatalf("owner's notifications: %+v", notes.Items)
		}
		seen := call[itemsOf[models.Interest]](m, sup, 200, "GET", path+"/interests", nil)
		if len(seen.Items) != 1 || seen.Items[0].OrgName != "福耀玻璃" || seen.Items[0].UserName == "" || !strings.Contains(seen.Items[0].Message, "独占许可") {
			t.Fatalf("owner sees: %+v", seen.Items)
		}
		if got := call[models.Achievement](m, sup, 200, "GET", path, nil); got.InterestCount == nil || *got.InterestCount != 1 {
			t.Errorf("owner's interest_count: %v", got.InterestCount)
		}
		// Nobody else sees the interests of a listing.
		for _, a := range []*account{dem, rival, broker} {
			m.check(step{name: "hidden", as: a, method: "GET", path: path + "/interests", want: 404})
		}
		m.check(step{name: "leads are the brokers'", as: dem, method: "GET", path: "/api/v1/leads", want: 403})

		// Both broker firms see the open lead, with 福耀's need to pair it with.
		for _, b := range []*account{broker, broker2} {
			leads := call[page[models.Interest]](m, b, 200, "GET", "/api/v1/leads", nil)
			if leads.Total != 1 || leads.Items[0].ID != it.ID || len(leads.Items[0].Candidates) != 1 || leads.Items[0].Candidates[0].ID != need ||
				strings.Join(leads.Items[0].Actions, " ") != "propose_match follow_up" {
				t.Fatalf("leads: %+v", leads)
			}
		}
		lp := fmt.Sprintf("/api/v1/leads/%d", it.ID)
		m.play(t,
			step{name: "a note is needed", as: broker, method: "POST", path: lp + "/follow-up", body: map[string]any{"note": ""}, want: 422, field: "note"},
			step{name: "only a candidate", as: broker, method: "POST", path: lp + "/match", body: map[string]any{"listing_id": need + 100}, want: 422, field: "listing_id"},
		)
		// The first firm to follow it up takes it; the other no longer sees it.
		fu := call[models.Interest](m, broker, 200, "POST", lp+"/follow-up", map[string]any{"note": "已电话联系福耀玻璃技术部"})
		if fu.Status != models.InterestFollowedUp || strings.Join(fu.Actions, " ") != "propose_match" {
			t.Fatalf("followed up: %+v", fu)
		}
		if leads := call[page[models.Interest]](m, broker2, 200, "GET", "/api/v1/leads", nil); leads.Total != 0 {
			t.Errorf("another firm still sees a taken lead: %+v", leads)
		}
		m.check(step{name: "taken by another firm", as: broker2, method: "POST", path: lp + "/match", body: map[string]any{"listing_id": need}, want: 404})

		// Then it proposes the match: both sides are asked, as for any match.
		done := call[models.Interest](m, broker, 200, "POST", lp+"/match", map[string]any{"listing_id": need, "note": "双方技术指标吻合"})
		if done.Status != models.InterestMatched || done.MatchID == nil || len(done.Actions) != 0 {
			t.Fatalf("matched: %+v", done)
		}
		match := call[models.Match](m, dem, 200, "GET", fmt.Sprintf("/api/v1/matches/%d", *done.MatchID), nil)
		if match.AchievementID != ach || match.NeedID == nil || *match.NeedID != need || match.Status != models.MatchProposed {
			t.Errorf("the match: %+v", match)
		}
		m.check(step{name: "once", as: broker, method: "POST", path: lp + "/match", body: map[string]any{"listing_id": need}, want: 409, code: "lead_taken"})
		if leads := call[page[models.Interest]](m, broker, 200, "GET", "/api/v1/leads?status=mine", nil); leads.Total != 1 || leads.Items[0].Status != models.InterestMatched {
			t.Errorf("the firm's own leads: %+v", leads)
		}

		// An interest in a need comes from a university and pairs with its achievements.
		np := fmt.Sprintf("/api/v1/needs/%d/interests", need)
		call[models.Interest](m, sup, 201, "POST", np, msg("我校团队可承担该需求的联合开发"))
		leads := call[page[models.Interest]](m, broker2, 200, "GET", "/api/v1/leads?status=open", nil)
		if leads.Total != 1 || len(leads.Items[0].Candidates) != 1 || leads.Items[0].Candidates[0].ID != ach {
			t.Errorf("a need's lead: %+v", leads)
		}
		// Withdrawn, the need is no lead any more.
		m.expect(dem, 200, "POST", fmt.Sprintf("/api/v1/needs/%d/withdraw", need), nil)
		if leads := call[page[models.Interest]](m, broker2, 200, "GET", "/api/v1/leads", nil); leads.Total != 0 {
			t.Errorf("a lead on a withdrawn need: %+v", leads)
		}
		if leads := call[page[models.Interest]](m, broker, 200, "GET", "/api/v1/leads", nil); leads.Total != 1 || leads.Items[0].Status != models.InterestMatched || leads.Items[0].ListingPublished != true {
			t.Errorf("the firm's own lead stays: %+v", leads)
		}
	})
}

// Two broker firms taking up the same lead at once: one of them has it, the
// other is told it was just handled, and the lead is followed up once.
func TestALeadIsTakenOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := m.listingCast()
		brokers := []*account{c.broker, m.signUp("broker2", models.RoleBroker, "海西技术转移中心")}
		m.verify(c.admin, brokers[1])
		it := call[models.Interest](m, c.dem, 201, "POST", c.path+"/interests", map[string]any{"message": "拟用于汽车玻璃除雾"})
		m.warm(copies)
		statuses := fire(copies, func(i int) int {
			return m.do("POST", fmt.Sprintf("/api/v1/leads/%d/follow-up", it.ID), brokers[i%2].Token, map[string]any{"note": "已电话联系"}).Status
		})
		ok := 0
		for _, s := range statuses {
			switch s {
			case 200:
				ok++
			case 409, 404:
			default:
				t.Errorf("status %d", s)
			}
		}
		var audits int64
		m.db.Model(&models.AuditLog{}).Where("action = ?", "lead.follow_up").Count(&audits)
		if ok != 1 || audits != 1 {
			t.Errorf("%d follow-ups accepted, %d audited, of %d at once: %v", ok, audits, copies, statuses)
		}
	})
}
