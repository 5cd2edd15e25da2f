package models

import "testing"

func TestPatentCheckChar(t *testing.T) {
	for _, c := range []struct {
		digits string
		want   byte
	}{
		// 2·2+3·0+4·2+5·0+6·1+7·0+8·0+9·0+2·0+3·0+4·0+5·1 = 23, 23 mod 11 = 1
		{"202010000001", '1'},
		// 2·2+3·0+4·1+5·9+6·2+7·1+8·2+9·3+2·4+3·5+4·6+5·7 = 197, 197 mod 11 = 10
		{"201921234567", 'X'},
		{"200000000000", '4'},
		// Granted patents as published: ZL200510030457.8 and ZL200510025251.6
		// (magnesium alloys), ZL201220572874.0 (a utility model).
		{"200510030457", '8'},
		{"200510025251", '6'},
		{"201220572874", '0'},
	} {
		got, ok := PatentCheckChar(c.digits)
		if !ok || got != c.want {
			t.Errorf("PatentCheckChar(%s) = %c, want %c", c.digits, got, c.want)
		}
	}
	for _, bad := range []string{"", "20201000000", "2020100000011", "20201000000a"} {
		if _, ok := PatentCheckChar(bad); ok {
			t.Errorf("PatentCheckChar(%q) accepted", bad)
		}
	}
	n := PatentNumber(2020, PatentKindInvention, 1)
	if n != "ZL202010000001.1" || !ValidPatentNumber(n) || PatentKind(n) != PatentKindInvention {
		t.Errorf("PatentNumber = %s", n)
	}
	for _, bad := range []string{"ZL202010000001.2", "ZL20201000001.1", "ZL2020100000011", "CN202010000001.1", "软著登字第1234567号"} {
		if ValidPatentNumber(bad) {
			t.Errorf("ValidPatentNumber(%s) = true", bad)
		}
	}
}

// ValidPatentNumber says whether s is a ZL number in the national format
// with its check character right.
func ValidPatentNumber(s string) bool { return CheckPatentNumber(s) == "" }

// PatentKind is the kind digit of a valid ZL number (1 invention, 2 utility model …), or 0.
func PatentKind(s string) int {
	if !ValidPatentNumber(s) {
		return 0
	}
	return int(s[6] - '0')
}
