package models

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Password length in characters (runes), not bytes: "密码密码密码密码" is 8.
const (
	MinPasswordChars = 8
	MaxPasswordChars = 128
)

// Argon2Params are argon2id's cost parameters, written into every hash so
// that a hash keeps verifying after they change.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultPasswordParams are OWASP's argon2id setting (19 MiB, two passes,
// one lane): tens of milliseconds per check, without letting a burst of
// logins exhaust the memory of a small server.
var DefaultPasswordParams = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

var b64 = base64.RawStdEncoding

// hash encodes an argon2id hash under p the PHC way:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func (p Argon2Params) hash(pw string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("unrecognised password hash")

// parseArgon2 reads a PHC argon2id string, refusing parameters no hash of
// ours has (a damaged row must not make one login allocate gigabytes).
func parseArgon2(encoded string) (p Argon2Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errBadHash
	}
	if p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 || p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<20 {
		return p, nil, nil, errBadHash
	}
	if salt, err = b64.Strict().DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.Strict().DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, errBadHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// check reports whether pw matches the stored hash, and whether the hash
// should be replaced by one under p, the current parameters: every bcrypt
// hash, and argon2id hashes of other parameters.
func (p Argon2Params) check(encoded, pw string) (ok, stale bool) {
	if strings.HasPrefix(encoded, "$2") {
		// bcrypt reads only the first 72 bytes: a longer password would match
		// any password sharing them, so it matches none.
		if len(pw) > 72 {
			return false, true
		}
		return bcrypt.CompareHashAndPassword([]byte(encoded), []byte(pw)) == nil, true
	}
	its, salt, key, err := parseArgon2(encoded)
	if err != nil {
		return false, false
	}
	got := argon2.IDKey([]byte(pw), salt, its.Time, its.Memory, its.Threads, its.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, its != p
}

// spend costs what checking a hash under p costs, for a username that does
// not exist: its answer then takes as long as a wrong password's.
func (p Argon2Params) spend(pw string) {
	argon2.IDKey([]byte(pw), make([]byte, p.SaltLen), p.Time, p.Memory, p.Threads, p.KeyLen)
}

func checkPassword(fields map[string]string, key, pw string) {
	n := utf8.RuneCountInString(pw)
	switch {
	case pw == "":
		fields[key] = "请填写密码"
	case n < MinPasswordChars:
		fields[key] = fmt.Sprintf("密码至少 %d 个字符", MinPasswordChars)
	case n > MaxPasswordChars:
		fields[key] = fmt.Sprintf("密码不能超过 %d 个字符", MaxPasswordChars)
	}
}
