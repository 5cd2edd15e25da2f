package models

import "testing"

func TestNextInterestStatus(t *testing.T) {
	checkMoves(t, NextInterestStatus, nil, []move[InterestStatus, LeadAction]{
		{InterestOpen, LeadFollowUp, InterestFollowedUp, ""},
		{InterestOpen, LeadProposeMatch, InterestMatched, ""},
		{InterestFollowedUp, LeadProposeMatch, InterestMatched, ""},
		{InterestFollowedUp, LeadFollowUp, InterestFollowedUp, "lead_taken"},
		{InterestMatched, LeadProposeMatch, InterestMatched, "lead_taken"},
		{InterestMatched, LeadFollowUp, InterestMatched, "lead_taken"},
	})
}
