package models

import (
	"testing"
	"time"
)

func TestNextStatus(t *testing.T) {
	cases := []struct {
		from       ListingStatus
		reason     CloseReason
		act        ListingAction
		want       ListingStatus
		wantReason CloseReason
		ok         bool
	}{
		{StatusDraft, "", ActSubmit, StatusPending, "", true},
		{StatusPending, "", ActApprove, StatusPublished, "", true},
		{StatusPending, "", ActReject, StatusRejected, "", true},
		{StatusRejected, "", ActRevise, StatusDraft, "", true},
		{StatusPublished, "", ActWithdraw, StatusClosed, ClosedWithdrawn, true},
		{StatusDraft, "", ActWithdraw, StatusClosed, ClosedWithdrawn, true},
		{StatusPublished, "", ActExpire, StatusClosed, ClosedExpired, true},
		{StatusPublished, "", ActDeal, StatusClosed, ClosedDealt, true},
		{StatusClosed, ClosedExpired, ActRenew, StatusDraft, "", true},
		{StatusClosed, ClosedWithdrawn, ActRenew, StatusDraft, "", true},
		{StatusClosed, ClosedDealt, ActRenew, StatusClosed, ClosedDealt, false},
		{StatusDraft, "", ActApprove, StatusDraft, "", false},
		{StatusPublished, "", ActSubmit, StatusPublished, "", false},
		{StatusRejected, "", ActApprove, StatusRejected, "", false},
		{StatusPending, "", ActExpire, StatusPending, "", false},
		{StatusClosed, ClosedWithdrawn, ActWithdraw, StatusClosed, ClosedWithdrawn, false},
		{StatusDraft, "", ActDeal, StatusDraft, "", false},
		{StatusClosed, ClosedExpired, ActRelist, StatusPending, "", true},
		{StatusClosed, ClosedWithdrawn, ActRelist, StatusClosed, ClosedWithdrawn, false},
		{StatusClosed, ClosedDealt, ActRelist, StatusClosed, ClosedDealt, false},
		{StatusPublished, "", ActRelist, StatusPublished, "", false},
		{StatusPublished, "", ActTakeDown, StatusClosed, ClosedWithdrawn, true},
		{StatusPending, "", ActTakeDown, StatusPending, "", false},
		{StatusDraft, "", ActEdit, StatusDraft, "", true},
		{StatusRejected, "", ActEdit, StatusRejected, "", true},
		{StatusPending, "", ActEdit, StatusPending, "", false},
		{StatusPublished, "", ActEdit, StatusPublished, "", false},
		{StatusPublished, "", ActConfirm, StatusPublished, "", true},
		{StatusClosed, ClosedExpired, ActConfirm, StatusClosed, ClosedExpired, false},
		{StatusPending, "", ActWithdraw, StatusClosed, ClosedWithdrawn, true},
		{StatusPublished, "", ActReport, StatusPublished, "", false}, // a visitor's act moves nothing
	}
	for _, c := range cases {
		got, reason, err := NextStatus(c.from, c.reason, c.act)
		if (err == nil) != c.ok || got != c.want || reason != c.wantReason {
			t.Errorf("%s(%s) --%s--> %s(%s), err %v; want %s(%s) ok=%v", c.from, c.reason, c.act, got, reason, err, c.want, c.wantReason, c.ok)
		}
		if err != nil {
			if me, _ := AsError(err); me == nil || me.Status != 409 {
				t.Errorf("refused transition should be a 409 *Error, got %v", err)
			}
		}
	}
}

func TestAchievementPriceRules(t *testing.T) {
	base := func() Achievement {
		return Achievement{Listing: Listing{Title: "石墨烯导热膜制备技术", Summary: "一种高导热石墨烯膜的连续化制备方法", Region: "350102"}}
	}
	cases := []struct {
		name  string
		edit  func(*Achievement)
		field string
	}{
		{"negotiable with amount", func(a *Achievement) { a.PriceType, a.PriceFen = PriceNegotiable, 100 }, "price_fen"},
		{"firm without amount", func(a *Achievement) { a.PriceType = PriceFirm }, "price_fen"},
		{"negative price", func(a *Achievement) { a.PriceType, a.PriceFen = PriceFloor, -1 }, "price_fen"},
		{"unknown price type", func(a *Achievement) { a.PriceType = "cheap" }, "price_type"},
		{"maturity 10", func(a *Achievement) { a.Maturity = 10 }, "maturity"},
		{"unknown ip type", func(a *Achievement) { a.IPType = "商标" }, "ip_type"},
		{"unknown field", func(a *Achievement) { a.Field = "娱乐" }, "field"},
		{"unknown coop mode", func(a *Achievement) { a.CoopModes = []string{"捐赠"} }, "coop_modes"},
		{"short title", func(a *Achievement) { a.Title = "膜" }, "title"},
	}
	ok := base()
	if f := validate(&ok, time.Now()); len(f) != 0 {
		t.Fatalf("valid achievement refused: %v", f)
	}
	for _, c := range cases {
		a := base()
		c.edit(&a)
		if f := validate(&a, time.Now()); f[c.field] == "" {
			t.Errorf("%s: fields %v lack %s", c.name, f, c.field)
		}
	}
}

func TestSplitKeywords(t *testing.T) {
	got := SplitKeywords("石墨烯；导热膜, 石墨烯、 散热 ;")
	want := []string{"石墨烯", "导热膜", "散热"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v", got)
		}
	}
}

// The rules of a listing's acts that read facts beyond the row: dates, and
// the visitor's own request and report.
func TestCheckListingActFacts(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	past, ahead := now.AddDate(0, 0, -3), now.AddDate(0, 1, 0)
	owner := Actor{UserID: 1, Role: RoleSupplier, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	visitor := Actor{UserID: 2, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	admin := Actor{UserID: 3, Role: RoleAdmin, OrgID: 30, OrgVerified: true, Membership: MemberActive}
	ach := func(s ListingStatus, r CloseReason, until *time.Time, secret bool) *Achievement {
		return &Achievement{Listing: Listing{OrgID: 10, Status: s, CloseReason: r, HasConfidential: secret}, ValidUntil: until}
	}
	cases := []struct {
		name  string
		actor Actor
		item  *Achievement
		act   ListingAction
		f     listingFacts
		code  string
	}{
		{"renew before the date", owner, ach(StatusClosed, ClosedWithdrawn, &ahead, false), ActRenew, listingFacts{now: now}, ""},
		{"renew after the date", owner, ach(StatusClosed, ClosedExpired, &past, false), ActRenew, listingFacts{now: now}, "invalid_input"},
		{"relist after the date", owner, ach(StatusClosed, ClosedExpired, &past, false), ActRelist, listingFacts{now: now}, ""},
		{"submit a draft past its date", owner, ach(StatusDraft, "", &past, false), ActSubmit, listingFacts{now: now}, "invalid_input"},
		{"ask for the detail", visitor, ach(StatusPublished, "", nil, true), ActRequestAccess, listingFacts{now: now}, ""},
		{"ask again after a refusal", visitor, ach(StatusPublished, "", nil, true), ActRequestAccess, listingFacts{now: now, access: AccessRefused}, ""},
		{"ask while asking", visitor, ach(StatusPublished, "", nil, true), ActRequestAccess, listingFacts{now: now, access: AccessPending}, "already_requested"},
		{"ask once granted", visitor, ach(StatusPublished, "", nil, true), ActRequestAccess, listingFacts{now: now, access: AccessGranted}, "already_requested"},
		{"ask with nothing to ask for", visitor, ach(StatusPublished, "", nil, false), ActRequestAccess, listingFacts{now: now}, "no_confidential"},
		{"an admin reads it anyway", admin, ach(StatusPublished, "", nil, true), ActRequestAccess, listingFacts{now: now}, "admin_sees_all"},
		{"ask for one's own", owner, ach(StatusPublished, "", nil, true), ActRequestAccess, listingFacts{now: now}, "own_listing"},
		{"report", visitor, ach(StatusPublished, "", nil, false), ActReport, listingFacts{now: now}, ""},
		{"report twice", visitor, ach(StatusPublished, "", nil, false), ActReport, listingFacts{now: now, reported: true}, "already_reported"},
		{"report a closed one", visitor, ach(StatusClosed, ClosedWithdrawn, nil, false), ActReport, listingFacts{now: now}, "achievement_not_found"},
	}
	for _, c := range cases {
		err := checkListingAct(c.actor, c.item, c.act, c.f)
		code := ""
		if me, ok := AsError(err); ok {
			code = me.Code
		} else if err != nil {
			code = err.Error()
		}
		if code != c.code {
			t.Errorf("%s: %q, want %q", c.name, code, c.code)
		}
	}
}
