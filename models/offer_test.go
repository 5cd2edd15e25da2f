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
