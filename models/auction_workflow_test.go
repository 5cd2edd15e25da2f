package models

import (
	"strings"
	"testing"
	"time"
)

func TestPhaseOf(t *testing.T) {
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		now  time.Time
		open int
		want AuctionPhase
	}{
		{start.Add(-time.Second), 2, AuctionUpcoming},
		{start, 2, AuctionLive},
		{start.Add(5 * time.Hour), 1, AuctionLive}, // past its end, a lot awaits the hammer
		{start.Add(time.Hour), 0, AuctionEnded},
	} {
		if got := PhaseOf(start, c.open, c.now); got != c.want {
			t.Errorf("%v with %d open: %s, want %s", c.now.Sub(start), c.open, got, c.want)
		}
	}
}

func TestNextLotAndAdmissionStatus(t *testing.T) {
	checkMoves(t, NextLotStatus, lotStatusNames, []move[LotStatus, LotAction]{
		{LotOpen, LotBid, LotOpen, ""},
		{LotOpen, LotSell, LotSold, ""},
		{LotOpen, LotPass, LotUnsold, ""},
		{LotSold, LotRunnerUp, LotSold, ""},
		{LotOpen, LotRunnerUp, "", refused},
		{LotSold, LotBid, "", refused},
		{LotUnsold, LotBid, "", refused},
		{LotUnsold, LotRunnerUp, "", refused},
		{LotSold, LotPass, "", refused},
	})
	checkMoves(t, NextAdmissionStatus, admissionStatusNames, []move[AdmissionStatus, AdmissionAction]{
		{AdmissionApplied, AdmissionAdmit, AdmissionAdmitted, ""},
		{AdmissionAdmitted, AdmissionRelease, AdmissionReleased, ""},
		{AdmissionAdmitted, AdmissionForfeit, AdmissionForfeited, ""},
		{AdmissionReleased, AdmissionRunnerUp, AdmissionAdmitted, ""},
		{AdmissionAdmitted, AdmissionRunnerUp, AdmissionAdmitted, ""},
		{AdmissionAdmitted, AdmissionAdmit, "", refused},
		{AdmissionApplied, AdmissionRelease, "", refused},
		{AdmissionReleased, AdmissionForfeit, "", refused},
		{AdmissionForfeited, AdmissionRunnerUp, "", refused},
		{AdmissionForfeited, AdmissionAdmit, "", refused},
	})
}

// TestAuctionLotAndAdmissionActions: who may apply, bid, offer to the
// runner-up and admit, and when.
func TestAuctionLotAndAdmissionActions(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	ent := Actor{UserID: 1, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	unverified := ent
	unverified.OrgVerified = false
	seller := Actor{UserID: 2, Role: RoleSupplier, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	admin := Actor{UserID: 3, Role: RoleAdmin, OrgID: 40, OrgVerified: true, Membership: MemberActive}

	au := func(a Actor, start time.Time, open int, applied bool) string {
		x := Auction{StartsAt: start}
		return strings.Join(x.withActions(a, open, applied, now).Actions, " ")
	}
	for _, c := range []struct {
		name, got, want string
	}{
		{"an enterprise applies before the start", au(ent, now.Add(time.Hour), 1, false), "apply"},
		{"and while it runs", au(ent, now.Add(-time.Hour), 1, false), "apply"},
		{"not once it ended", au(ent, now.Add(-time.Hour), 0, false), ""},
		{"not twice", au(ent, now.Add(time.Hour), 1, true), ""},
		{"not unverified", au(unverified, now.Add(time.Hour), 1, false), ""},
		{"a university does not bid", au(seller, now.Add(time.Hour), 1, false), ""},
		{"nor the public", au(Actor{}, now.Add(time.Hour), 1, false), ""},
	} {
		if c.got != c.want {
			t.Errorf("auction: %s: %q, want %q", c.name, c.got, c.want)
		}
	}

	other, mine, dealID := int64(21), int64(20), int64(9)
	live := Lot{SellerOrgID: 10, Status: LotOpen, EndsAt: now.Add(time.Hour), ReserveFen: 150, LeaderOrgID: &other, BidCount: 1}
	facts := lotFacts{AuctionStartsAt: now.Add(-time.Hour), Admission: AdmissionAdmitted, Now: now}
	with := func(f func(*Lot, *lotFacts)) (Lot, lotFacts) { l, x := live, facts; f(&l, &x); return l, x }
	sold := func(deal DealStatus, runner int64) (Lot, lotFacts) {
		return with(func(l *Lot, f *lotFacts) {
			l.Status, l.DealID, f.DealStatus = LotSold, &dealID, deal
			if runner > 0 {
				f.RunnerUp = &Bid{OrgID: 22, AmountFen: runner}
			}
		})
	}
	lot := func(a Actor, l Lot, f lotFacts) string { return strings.Join(l.withActions(a, f).Actions, " ") }
	cases := []struct {
		name  string
		actor Actor
		l     Lot
		f     lotFacts
		want  string
	}{
		{"an admitted enterprise bids", ent, live, facts, "bid"},
		{"not before the start", ent, live, lotFacts{AuctionStartsAt: now.Add(time.Minute), Admission: AdmissionAdmitted, Now: now}, ""},
		{"not after the lot's end", ent, live, lotFacts{AuctionStartsAt: now.Add(-time.Hour), Admission: AdmissionAdmitted, Now: now.Add(time.Hour)}, ""},
		{"not while leading", ent, func() Lot { l := live; l.LeaderOrgID = &mine; return l }(), facts, ""},
		{"not before admission", ent, live, lotFacts{AuctionStartsAt: now.Add(-time.Hour), Admission: AdmissionApplied, Now: now}, ""},
		{"not after release", ent, live, lotFacts{AuctionStartsAt: now.Add(-time.Hour), Admission: AdmissionReleased, Now: now}, ""},
		{"not on a closed lot", ent, func() Lot { l := live; l.Status = LotUnsold; return l }(), facts, ""},
		{"an admin does not bid", admin, live, facts, ""},
	}
	l, f := sold(DealForfeited, 200)
	cases = append(cases, struct {
		name  string
		actor Actor
		l     Lot
		f     lotFacts
		want  string
	}{"an admin offers a forfeited lot to the runner-up", admin, l, f, "runner_up"})
	for _, c := range []struct {
		name string
		deal DealStatus
		bid  int64
	}{{"not while the buyer may sign", DealAwaitingSignature, 200}, {"not without a runner-up", DealForfeited, 0}, {"not below the reserve", DealForfeited, 100}} {
		l, f := sold(c.deal, c.bid)
		cases = append(cases, struct {
			name  string
			actor Actor
			l     Lot
			f     lotFacts
			want  string
		}{c.name, admin, l, f, ""})
	}
	for _, c := range cases {
		if got := lot(c.actor, c.l, c.f); got != c.want {
			t.Errorf("lot: %s: %q, want %q", c.name, got, c.want)
		}
	}
	for _, act := range []LotAction{LotSell, LotPass} {
		if checkLotAct(admin, &live, act, facts) == nil {
			t.Errorf("the hammer (%s) is a caller's action", act)
		}
	}

	for _, c := range []struct {
		name  string
		actor Actor
		s     AdmissionStatus
		want  string
	}{
		{"an admin admits an application", admin, AdmissionApplied, "admit"},
		{"once", admin, AdmissionAdmitted, ""},
		{"the enterprise does not admit itself", ent, AdmissionApplied, ""},
		{"released deposits stay released", admin, AdmissionReleased, ""},
	} {
		ad := Admission{Status: c.s}
		if got := strings.Join(ad.withActions(c.actor).Actions, " "); got != c.want {
			t.Errorf("admission: %s: %q, want %q", c.name, got, c.want)
		}
	}
}
