package models

import "testing"

func TestNextMatchStatus(t *testing.T) {
	checkMoves(t, NextMatchStatus, matchStatusNames, []move[MatchStatus, MatchAction]{
		{MatchProposed, MActAccept, MatchProposed, ""},
		{MatchProposed, MActDecline, MatchFailed, ""},
		{MatchProposed, MActContact, MatchContacted, ""},
		{MatchProposed, MActFail, MatchFailed, ""},
		{MatchProposed, MActNote, MatchProposed, ""},
		{MatchContacted, MActNegotiate, MatchNegotiating, ""},
		{MatchContacted, MActFail, MatchFailed, ""},
		{MatchContacted, MActNote, MatchContacted, ""},
		{MatchNegotiating, MActAgree, MatchAgreed, ""},
		{MatchNegotiating, MActFail, MatchFailed, ""},
		{MatchNegotiating, MActNote, MatchNegotiating, ""},
		{MatchAgreed, MActNote, MatchAgreed, ""},
		{MatchFailed, MActNote, MatchFailed, ""},
		{MatchProposed, MActAgree, MatchProposed, refused},
		{MatchProposed, MActNegotiate, MatchProposed, refused},
		{MatchContacted, MActAccept, MatchContacted, refused},
		{MatchContacted, MActContact, MatchContacted, refused},
		{MatchAgreed, MActFail, MatchAgreed, refused},
		{MatchAgreed, MActAgree, MatchAgreed, refused},
		{MatchFailed, MActContact, MatchFailed, refused},
		{MatchFailed, MActDecline, MatchFailed, refused},
	})
}

// Who may take which step of a match, and the answers it reads.
func TestCheckMatchAct(t *testing.T) {
	broker := Actor{UserID: 1, Role: RoleBroker, OrgID: 30, OrgVerified: true, Membership: MemberActive}
	otherBroker := Actor{UserID: 2, Role: RoleBroker, OrgID: 31, OrgVerified: true, Membership: MemberActive}
	supplier := Actor{UserID: 3, Role: RoleSupplier, OrgID: 10, OrgVerified: true, Membership: MemberActive}
	demander := Actor{UserID: 4, Role: RoleDemander, OrgID: 20, OrgVerified: true, Membership: MemberActive}
	admin := Actor{UserID: 5, Role: RoleAdmin, OrgID: 40, OrgVerified: true, Membership: MemberActive}
	match := func(s MatchStatus, sup, dem Response) *Match {
		return &Match{BrokerOrgID: 30, SupplierOrgID: 10, DemanderOrgID: 20, Status: s, SupplierResponse: sup, DemanderResponse: dem}
	}
	cases := []struct {
		name  string
		actor Actor
		m     *Match
		act   MatchAction
		code  string
	}{
		{"the supplier accepts", supplier, match(MatchProposed, ResponsePending, ResponsePending), MActAccept, ""},
		{"the demander declines after accepting", demander, match(MatchProposed, ResponsePending, ResponseAccepted), MActDecline, ""},
		{"the same answer twice", supplier, match(MatchProposed, ResponseAccepted, ResponsePending), MActAccept, "already_answered"},
		{"an answer once contacted", demander, match(MatchContacted, ResponseAccepted, ResponseAccepted), MActDecline, "already_answered"},
		{"the broker answers for a party", broker, match(MatchProposed, ResponsePending, ResponsePending), MActAccept, "not_a_party"},
		{"contact before both accepted", broker, match(MatchProposed, ResponseAccepted, ResponsePending), MActContact, "not_accepted"},
		{"contact once both accepted", broker, match(MatchProposed, ResponseAccepted, ResponseAccepted), MActContact, ""},
		{"give up", broker, match(MatchNegotiating, ResponseAccepted, ResponseAccepted), MActFail, ""},
		{"note an agreed match", broker, match(MatchAgreed, ResponseAccepted, ResponseAccepted), MActNote, ""},
		{"a party moves it", supplier, match(MatchContacted, ResponseAccepted, ResponseAccepted), MActNegotiate, "not_your_match"},
		{"a market admin moves it", admin, match(MatchContacted, ResponseAccepted, ResponseAccepted), MActNegotiate, "not_your_match"},
		{"another firm's broker", otherBroker, match(MatchContacted, ResponseAccepted, ResponseAccepted), MActNote, "match_not_found"},
	}
	for _, c := range cases {
		code := ""
		if err := checkMatchAct(c.actor, c.m, c.act); err != nil {
			me, _ := AsError(err)
			code = me.Code
		}
		if code != c.code {
			t.Errorf("%s: %q, want %q", c.name, code, c.code)
		}
	}
}
