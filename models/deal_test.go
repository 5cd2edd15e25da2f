package models

import (
	"strings"
	"testing"
	"time"
)

func TestNextDealStatus(t *testing.T) {
	checkMoves(t, NextDealStatus, dealStatusNames, []move[DealStatus, DealAction]{
		{DealOpen, DActPublish, DealNoticed, ""},
		// A broker's notice waits for the seller; only the seller's answer moves it on.
		{DealOpen, DActBrokerPublish, DealAwaitingSeller, ""},
		{DealAwaitingSeller, DActApproveNotice, DealNoticed, ""},
		{DealAwaitingSeller, DActDeclineNotice, DealOpen, ""},
		{DealAwaitingSeller, DActPublish, DealAwaitingSeller, refused},
		{DealAwaitingSeller, DActConfirmNotice, DealAwaitingSeller, refused},
		{DealAwaitingSeller, DActCancel, DealAwaitingSeller, refused},
		{DealNoticed, DActConfirmNotice, DealConfirmed, ""},
		{DealNoticed, DActCancel, DealCancelled, ""},
		{DealNoticed, DActPublish, DealNoticed, refused},
		{DealNoticed, DActApproveNotice, DealNoticed, refused},
		{DealOpen, DActApproveNotice, DealOpen, refused},
		{DealOpen, DActConfirmNotice, DealOpen, refused},
		{DealAwaitingSignature, DActSign, DealConfirmed, ""},
		{DealAwaitingSignature, DActForfeit, DealForfeited, ""},
		{DealConfirmed, DActSign, DealConfirmed, refused},
		{DealForfeited, DActSign, DealForfeited, refused},
		{DealCancelled, DActPublish, DealCancelled, refused},
		{DealConfirmed, DActCancel, DealConfirmed, refused},
	})
}

// TestCheckDealAct: who takes each act on a deal, and when.
func TestCheckDealAct(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // a Monday
	broker, match := int64(30), int64(7)
	deal := func(mode DealMode, s DealStatus) *Deal {
		return &Deal{Mode: mode, Status: s, SellerOrgID: 10, BuyerOrgID: 20, BrokerOrgID: &broker, MatchID: &match, CreatedAt: now.Add(-time.Hour)}
	}
	seller := Actor{UserID: 1, Role: RoleSupplier, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	buyer := Actor{UserID: 2, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	brk := Actor{UserID: 3, Role: RoleBroker, OrgID: 30, OrgVerified: true, Membership: MemberActive}
	otherBroker := Actor{UserID: 4, Role: RoleBroker, OrgID: 31, OrgVerified: true, Membership: MemberActive}
	admin := Actor{UserID: 5, Role: RoleAdmin, OrgID: 40, OrgVerified: true, Membership: MemberActive}
	unverifiedSeller := seller
	unverifiedSeller.OrgVerified = false
	cases := []struct {
		name  string
		actor Actor
		d     *Deal
		at    time.Time
		want  string // actions, space separated
	}{
		{"the seller publishes an open deal", seller, deal(DealNegotiated, DealOpen), now, "publish"},
		{"an admin publishes an open deal", admin, deal(DealNegotiated, DealOpen), now, "publish"},
		{"the match's broker proposes its notice", brk, deal(DealNegotiated, DealOpen), now, "publish"},
		{"another firm's broker does nothing", otherBroker, deal(DealNegotiated, DealOpen), now, ""},
		{"the buyer does not publish", buyer, deal(DealNegotiated, DealOpen), now, ""},
		{"an unverified seller does nothing", unverifiedSeller, deal(DealNegotiated, DealOpen), now, ""},
		{"the seller answers a broker's notice", seller, deal(DealNegotiated, DealAwaitingSeller), now, "approve_notice decline_notice"},
		{"the broker waits for the seller", brk, deal(DealNegotiated, DealAwaitingSeller), now, ""},
		{"an admin does not answer for the seller", admin, deal(DealNegotiated, DealAwaitingSeller), now, ""},
		{"under notice nobody acts", seller, deal(DealNegotiated, DealNoticed), now, ""},
		{"the buyer signs an auction win", buyer, deal(DealAuction, DealAwaitingSignature), now, "sign"},
		{"not after the signing period", buyer, deal(DealAuction, DealAwaitingSignature), now.AddDate(0, 0, 8), ""},
		{"the seller does not sign", seller, deal(DealAuction, DealAwaitingSignature), now, ""},
		{"an auction deal is not published", admin, deal(DealAuction, DealOpen), now, ""},
		{"a forfeited deal", buyer, deal(DealAuction, DealForfeited), now, ""},
		{"a confirmed deal", seller, deal(DealListing, DealConfirmed), now, ""},
	}
	for _, c := range cases {
		if got := strings.Join(dealActions(c.actor, c.d, c.at), " "); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// What the scheduler and an upheld objection do is nobody's action.
	for _, act := range []DealAction{DActConfirmNotice, DActCancel, DActForfeit} {
		if err := checkDealAct(admin, deal(DealNegotiated, DealNoticed), act, now); err == nil {
			t.Errorf("%s is a caller's action", act)
		}
	}
}
