package models

import "testing"

func TestCheckCreditCode(t *testing.T) {
	for _, tc := range []struct {
		code string
		ok   bool
	}{
		{"91350000158142711F", true}, // 福耀玻璃工业集团股份有限公司
		{"91110000600037341L", true},
		{"12100000400000624D", true},
		{"91350000158142711E", false}, // wrong check character
		{"91350000158142711", false},  // 17 characters
		{"91350000158142711FF", false},
		{"91350000158142711I", false}, // I is not in the alphabet
		{"91A50000158142711F", false}, // division code not digits
		{"", false},
	} {
		if got := CheckCreditCode(tc.code) == ""; got != tc.ok {
			t.Errorf("CheckCreditCode(%q) ok = %v, want %v (%s)", tc.code, got, tc.ok, CheckCreditCode(tc.code))
		}
	}
}

func TestCreditCodeCheckCharRoundTrips(t *testing.T) {
	for _, first := range []string{"91350100MA2XN0000", "12350000488000000", "52350100000000000"} {
		c, ok := CreditCodeCheckChar(first)
		if !ok {
			t.Fatalf("%s: not computable", first)
		}
		if msg := CheckCreditCode(first + string(c)); msg != "" {
			t.Errorf("%s%c: %s", first, c, msg)
		}
	}
}
