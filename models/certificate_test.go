package models

import (
	"testing"
	"time"
)

func TestAmountInWords(t *testing.T) {
	for fen, want := range map[int64]string{
		0:               "零元整",
		5:               "伍分",
		1234500:         "壹万贰仟叁佰肆拾伍元整",
		123456789:       "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分",
		100000000:       "壹佰万元整",
		10100:           "壹佰零壹元整",
		100000001:       "壹佰万元零壹分",
		1000000000000:   "壹佰亿元整",
		1000100000000:   "壹佰亿零壹佰万元整",
		500_000_000_00:  "伍亿元整",
		100_000_500_000: "壹拾亿零伍仟元整",
	} {
		if got := AmountInWords(fen); got != want {
			t.Errorf("%d fen: %s, want %s", fen, got, want)
		}
	}
	if got := YuanFigures(123456789); got != "1,234,567.89 元" {
		t.Errorf("figures: %s", got)
	}
}

// A registration stands as its last registered change says, and a
// cancellation ends it, whatever was registered before.
func TestVerificationFollowsRegisteredAmendments(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cert := Certificate{ContractFen: 300, TechFen: 200}
	change := func(c, tech int64) Amendment {
		return Amendment{Kind: AmendmentChange, ContractFen: c, TechFen: tech, Status: AmendmentRegistered, ReviewedAt: &at}
	}
	cancel := Amendment{Kind: AmendmentCancel, Status: AmendmentRegistered, ReviewedAt: &at}
	for _, c := range []struct {
		name       string
		amendments []Amendment
		state      RegistrationState
		tech       int64
	}{
		{"none", nil, StateRegistered, 200},
		{"one change", []Amendment{change(500, 400)}, StateChanged, 400},
		{"two changes", []Amendment{change(500, 400), change(90, 80)}, StateChanged, 80},
		{"changed, then cancelled", []Amendment{change(500, 400), cancel}, StateCancelled, 0},
	} {
		v := verificationOf(cert, c.amendments)
		if v.State != c.state || v.StandingTechFen != c.tech || v.StateLabel != registrationStateNames[c.state] || (c.state != StateRegistered) != (v.StateSince != nil) {
			t.Errorf("%s: %+v", c.name, v)
		}
	}
}
