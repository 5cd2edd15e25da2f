package models

import (
	"strings"
	"testing"
)

func TestNextDealStatus(t *testing.T) {
	cases := []struct {
		from DealStatus
		act  DealAction
		want DealStatus
		ok   bool
	}{
		{DealOpen, DActPublish, DealNoticed, true},
		// A broker's notice waits for the seller; only the seller's answer moves it on.
		{DealOpen, DActBrokerPublish, DealAwaitingSeller, true},
		{DealAwaitingSeller, DActApproveNotice, DealNoticed, true},
		{DealAwaitingSeller, DActDeclineNotice, DealOpen, true},
		{DealAwaitingSeller, DActPublish, DealAwaitingSeller, false},
		{DealAwaitingSeller, DActConfirmNotice, DealAwaitingSeller, false},
		{DealAwaitingSeller, DActCancel, DealAwaitingSeller, false},
		{DealNoticed, DActConfirmNotice, DealConfirmed, true},
		{DealNoticed, DActCancel, DealCancelled, true},
		{DealNoticed, DActPublish, DealNoticed, false},
		{DealNoticed, DActApproveNotice, DealNoticed, false},
		{DealOpen, DActApproveNotice, DealOpen, false},
		{DealOpen, DActConfirmNotice, DealOpen, false},
		{DealAwaitingSignature, DActSign, DealConfirmed, true},
		{DealAwaitingSignature, DActForfeit, DealForfeited, true},
		{DealConfirmed, DActSign, DealConfirmed, false},
		{DealForfeited, DActSign, DealForfeited, false},
		{DealCancelled, DActPublish, DealCancelled, false},
		{DealConfirmed, DActCancel, DealConfirmed, false},
	}
	for _, c := range cases {
		got, err := NextDealStatus(c.from, c.act)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%s --%s--> %s, %v; want %s (ok %v)", c.from, c.act, got, err, c.want, c.ok)
		}
		if e, isErr := AsError(err); isErr && (e.Status != 409 || !strings.Contains(e.Message, dealStatusNames[c.from])) {
			t.Errorf("%s --%s-->: %v", c.from, c.act, e)
		}
	}
}
