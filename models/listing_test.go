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
