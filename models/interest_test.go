package models

import "testing"

func TestNextInterestStatus(t *testing.T) {
	for _, c := range []struct {
		from InterestStatus
		act  LeadAction
		want InterestStatus
		ok   bool
	}{
		{InterestOpen, LeadFollowUp, InterestFollowedUp, true},
		{InterestOpen, LeadProposeMatch, InterestMatched, true},
		{InterestFollowedUp, LeadProposeMatch, InterestMatched, true},
		{InterestFollowedUp, LeadFollowUp, InterestFollowedUp, false},
		{InterestMatched, LeadProposeMatch, InterestMatched, false},
		{InterestMatched, LeadFollowUp, InterestMatched, false},
	} {
		got, err := NextInterestStatus(c.from, c.act)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("%s %s: %s, %v", c.from, c.act, got, err)
		}
	}
}
