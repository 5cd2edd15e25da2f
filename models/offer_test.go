package models

import (
	"strings"
	"testing"
	"time"
)

func TestNextOfferStatus(t *testing.T) {
	checkMoves(t, NextOfferStatus, offerStatusNames, []move[OfferStatus, OfferAction]{
		{OfferOpen, OfferActAccept, OfferAccepted, ""},
		{OfferOpen, OfferActWithdraw, OfferWithdrawn, ""},
		{OfferOpen, OfferActExpire, OfferExpired, ""},
		{OfferAccepted, OfferActWithdraw, "", refused},
		{OfferAccepted, OfferActAccept, "", refused},
		{OfferWithdrawn, OfferActAccept, "", refused},
		{OfferExpired, OfferActAccept, "", refused},
		{OfferExpired, OfferActWithdraw, "", refused},
		{OfferWithdrawn, OfferActExpire, "", refused},
		{OfferOpen, OfferActRegister, OfferOpen, ""},
		{OfferOpen, OfferActUnregister, OfferOpen, ""},
		{OfferOpen, OfferActAward, OfferAccepted, ""},
		{OfferOpen, OfferActAuction, OfferAuctioned, ""},
		{OfferOpen, OfferActRelist, OfferOpen, ""},
		{OfferAuctioned, OfferActRegister, "", refused},
		{OfferAuctioned, OfferActWithdraw, "", refused},
		{OfferExpired, OfferActRelist, "", refused},
	})
}

// TestOfferActions: verified enterprises other than the seller accept an
// open offer within its period; its organisation's suppliers or an admin
// withdraw it while open.
func TestOfferActions(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	open := Offer{SellerOrgID: 10, Status: OfferOpen, StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour)}
	in := func(s OfferStatus) Offer { o := open; o.Status = s; return o }
	seller := Actor{UserID: 1, Role: RoleSupplier, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	otherSupplier := Actor{UserID: 2, Role: RoleSupplier, OrgID: 11, OrgVerified: true, Membership: MemberActive}
	buyer := Actor{UserID: 3, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	unverifiedBuyer := buyer
	unverifiedBuyer.OrgVerified = false
	admin := Actor{UserID: 4, Role: RoleAdmin, OrgID: 40, OrgVerified: true, Membership: MemberActive}
	notYet := open
	notYet.StartsAt = now.Add(time.Minute)
	over := open
	over.EndsAt = now
	for _, c := range []struct {
		name  string
		actor Actor
		o     Offer
		want  string
	}{
		{"an enterprise accepts an open offer", buyer, open, "accept"},
		{"not before the period", buyer, notYet, ""},
		{"not after it", buyer, over, ""},
		{"not once taken", buyer, in(OfferAccepted), ""},
		{"not unverified", unverifiedBuyer, open, ""},
		{"the seller withdraws", seller, open, "withdraw"},
		{"even after the period, until the scheduler expires it", seller, over, "withdraw"},
		{"an admin withdraws", admin, open, "withdraw"},
		{"another university does nothing", otherSupplier, open, ""},
		{"the public does nothing", Actor{}, open, ""},
		{"nobody withdraws a withdrawn offer", admin, in(OfferWithdrawn), ""},
		{"nor an expired one", seller, in(OfferExpired), ""},
	} {
		if got := strings.Join(c.o.withActions(c.actor, now).Actions, " "); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if err := checkOfferAct(admin, &open, OfferActExpire, now); err == nil {
		t.Error("expiry is a caller's action")
	}
}

func TestPeriodOutcomeOf(t *testing.T) {
	for _, c := range []struct {
		qualified int
		relist    bool
		want      PeriodOutcome
	}{
		{0, false, PeriodExpire},
		{0, true, PeriodRelist},
		{1, false, PeriodAward},
		{1, true, PeriodAward},
		{2, false, PeriodAuction},
		{3, true, PeriodAuction},
	} {
		if got := PeriodOutcomeOf(c.qualified, c.relist); got != c.want {
			t.Errorf("%d qualified, relist %v: %s, want %s", c.qualified, c.relist, got, c.want)
		}
	}
}

func TestPeriodIncrementFen(t *testing.T) {
	for price, want := range map[int64]int64{5_000_000: 50_000, 5_012_345: 50_100, 10_000: 100, 150: 100, 50: 50} {
		if got := PeriodIncrementFen(price); got != want {
			t.Errorf("price %d: increment %d, want %d", price, got, want)
		}
	}
}

func TestCheckNewPeriodOffer(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	relist := func(v int64) *int64 { return &v }
	ok := NewOffer{PriceFen: 100_000, StartsAt: now, EndsAt: now.AddDate(0, 0, 28), Mode: OfferPeriod, PeriodDays: 20, DepositFen: 10_000, RelistPriceFen: relist(80_000)}
	if f := checkNewOffer(ok, now); len(f) != 0 {
		t.Fatalf("a good period offer refused: %v", f)
	}
	for _, c := range []struct {
		name  string
		edit  func(*NewOffer)
		field string
	}{
		{"no days", func(o *NewOffer) { o.PeriodDays = 0 }, "period_days"},
		{"too many days", func(o *NewOffer) { o.PeriodDays = 61 }, "period_days"},
		{"a deposit over the price", func(o *NewOffer) { o.DepositFen = 100_001 }, "deposit_fen"},
		{"a relist price as high", func(o *NewOffer) { o.RelistPriceFen = relist(100_000) }, "relist_price_fen"},
		{"a relist price of zero", func(o *NewOffer) { o.RelistPriceFen = relist(0) }, "relist_price_fen"},
		{"an unknown mode", func(o *NewOffer) { o.Mode = "lottery" }, "mode"},
		{"first come with a period", func(o *NewOffer) { o.Mode = OfferFirstAccept }, "mode"},
	} {
		in := ok
		c.edit(&in)
		if f := checkNewOffer(in, now); f[c.field] == "" {
			t.Errorf("%s: not refused on %s: %v", c.name, c.field, f)
		}
	}
}

// TestPeriodOfferActions: in period mode enterprises register and
// unregister within the period instead of accepting; the seller's own
// organisation never registers.
func TestPeriodOfferActions(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	open := Offer{SellerOrgID: 10, Status: OfferOpen, Mode: OfferPeriod, StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour)}
	registered := open
	registered.MyRegistration = &OfferRegistration{OrgID: 20, Status: RegistrationQualified}
	over := open
	over.EndsAt = now
	auctioned := open
	auctioned.Status = OfferAuctioned
	seller := Actor{UserID: 1, Role: RoleSupplier, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	sellersDemander := Actor{UserID: 5, Role: RoleDemander, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	buyer := Actor{UserID: 3, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	unverified := buyer
	unverified.OrgVerified = false
	for _, c := range []struct {
		name  string
		actor Actor
		o     Offer
		want  string
	}{
		{"an enterprise registers", buyer, open, "register"},
		{"once registered, it may withdraw its registration", buyer, registered, "unregister"},
		{"not after the period", buyer, over, ""},
		{"not once auctioned", buyer, auctioned, ""},
		{"not unverified", unverified, open, ""},
		{"not the seller's own organisation", sellersDemander, open, ""},
		{"the seller withdraws the offer", seller, open, "withdraw"},
		{"but not once the period is over: its registrations decide", seller, over, ""},
		{"the public does nothing", Actor{}, open, ""},
	} {
		if got := strings.Join(c.o.withActions(c.actor, now).Actions, " "); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if err := checkOfferAct(buyer, &open, OfferActAccept, now); err != ErrOfferMode {
		t.Errorf("accepting a period offer: %v", err)
	}
}
