package models

import "testing"

func TestNextMatchStatus(t *testing.T) {
	cases := []struct {
		from, to MatchStatus
		both     bool
		code     string
	}{
		{MatchProposed, MatchContacted, true, ""},
		{MatchProposed, MatchContacted, false, "not_accepted"},
		{MatchContacted, MatchNegotiating, true, ""},
		{MatchNegotiating, MatchAgreed, true, ""},
		{MatchProposed, MatchFailed, false, ""},
		{MatchNegotiating, MatchFailed, true, ""},
		{MatchProposed, MatchAgreed, true, "bad_transition"},
		{MatchProposed, MatchNegotiating, true, "bad_transition"},
		{MatchAgreed, MatchFailed, true, "bad_transition"},
		{MatchFailed, MatchContacted, true, "bad_transition"},
		{MatchContacted, MatchProposed, true, "bad_transition"},
		{MatchAgreed, MatchAgreed, true, "bad_transition"},
	}
	for _, c := range cases {
		err := NextMatchStatus(c.from, c.to, c.both)
		code := ""
		if me, ok := AsError(err); ok {
			code = me.Code
			if me.Status != 409 {
				t.Errorf("%s->%s: status %d", c.from, c.to, me.Status)
			}
		}
		if code != c.code {
			t.Errorf("%s->%s (both=%v): code %q, want %q", c.from, c.to, c.both, code, c.code)
		}
	}
}
