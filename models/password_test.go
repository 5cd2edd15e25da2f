package models

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestPasswordHashesAreArgon2idInPHCForm(t *testing.T) {
	p := Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	h1, err := p.hash("Passw0rd-甲乙丙")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := p.hash("Passw0rd-甲乙丙")
	if !phc.MatchString(h1) || !strings.Contains(h1, "$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string of the parameters", h1)
	}
	if h1 == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if ok, stale := p.check(h1, "Passw0rd-甲乙丙"); !ok || stale {
		t.Errorf("right password: ok %v stale %v", ok, stale)
	}
	if ok, _ := p.check(h1, "Passw0rd-甲乙"); ok {
		t.Error("wrong password accepted")
	}
	// Hashes keep their own parameters: they verify after the parameters
	// change, and ask to be re-hashed.
	p.Time = 2
	if ok, stale := p.check(h1, "Passw0rd-甲乙丙"); !ok || !stale {
		t.Errorf("after a parameter change: ok %v stale %v", ok, stale)
	}
}

func TestPasswordsDifferingAfter72BytesAreDifferent(t *testing.T) {
	prefix := strings.Repeat("a", 72)
	h, err := DefaultPasswordParams.hash(prefix + "-one")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := DefaultPasswordParams.check(h, prefix+"-two"); ok {
		t.Error("argon2id hash matched a password sharing only the first 72 bytes")
	}
	// A bcrypt hash reads 72 bytes; a longer candidate matches none.
	legacy, err := bcrypt.GenerateFromPassword([]byte(prefix), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if ok, stale := DefaultPasswordParams.check(string(legacy), prefix); !ok || !stale {
		t.Errorf("bcrypt hash of the password itself: ok %v stale %v", ok, stale)
	}
	if ok, _ := DefaultPasswordParams.check(string(legacy), prefix+"x"); ok {
		t.Error("bcrypt hash matched a longer password")
	}
}

func TestDamagedHashesMatchNothing(t *testing.T) {
	for _, h := range []string{
		"",
		"plain",
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		// A gigantic memory cost would make one login allocate it.
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"$argon2id$v=19$m=64,t=1,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA",
	} {
		if ok, _ := DefaultPasswordParams.check(h, "anything"); ok {
			t.Errorf("damaged hash %q matched", h)
		}
	}
}

func TestPasswordLengthCountsCharacters(t *testing.T) {
	cases := []struct {
		pw string
		ok bool
	}{
		{"", false},
		{"Abc-123", false},
		{"Abc-1234", true},
		{"密码密码密码密", false}, // 21 bytes, 7 characters
		{"密码密码密码密码", true},
		{strings.Repeat("密", 128), true}, // 384 bytes
		{strings.Repeat("p", 129), false},
	}
	for _, c := range cases {
		f := map[string]string{}
		checkPassword(f, "password", c.pw)
		if (f["password"] == "") != c.ok {
			t.Errorf("%d characters: fields %v, want ok=%v", len([]rune(c.pw)), f, c.ok)
		}
	}
}
