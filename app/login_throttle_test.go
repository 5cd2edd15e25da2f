package app

import (
	"bytes"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/models/modeltest"
)

// marketWith is newMarket with the configuration edited first: a route's
// rate limit is read from it when the routes are built.
func marketWith(t *testing.T, db *gorm.DB, edit func(*Config)) *market {
	t.Helper()
	cfg := &Config{DataDir: t.TempDir(), AccessTTL: 15 * time.Minute, BodyLimitMB: 12, LoginsPerMinute: 1000, JWTSecret: testSecret}
	edit(cfg)
	mk := modeltest.NewMarket(db)
	srv, f, err := New(cfg, mk, slog.New(slog.NewTextHandler(testLogOutput(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &market{t: t, ctx: t.Context(), db: db, market: mk, srv: srv, app: f}
}

// behindProxy trusts the peer of app.Test (0.0.0.0), so that a test can
// speak from any client address through X-Forwarded-For.
func behindProxy(c *Config) { c.TrustedProxies = "0.0.0.0" }

// eachDBBehindProxy is eachDB with behindProxy.
func eachDBBehindProxy(t *testing.T, fn func(t *testing.T, m *market)) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) { fn(t, marketWith(t, db, behindProxy)) })
}

func (m *market) loginFrom(addr, username, password string) response {
	m.t.Helper()
	return m.do("POST", "/api/v1/auth/login", "", credentials{username, password}, "X-Forwarded-For", addr)
}

func retryAfter(t *testing.T, r response) int {
	t.Helper()
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Fatalf("429 without a usable Retry-After (%q)", r.Header.Get("Retry-After"))
	}
	return secs
}

func TestLoginBacksOffWithoutLockingTheOwnerOut(t *testing.T) {
	eachDBBehindProxy(t, func(t *testing.T, m *market) {
		owner := m.signUp("chen", models.RoleDemander, "福耀玻璃工业集团")
		m.must(200, m.loginFrom("198.51.100.20", "chen", owner.Password)) // home
		// The account still has a bcrypt hash from before: a login that is
		// let through replaces it, so it shows whether the password was checked.
		legacy, _ := bcrypt.GenerateFromPassword([]byte(owner.Password), bcrypt.MinCost)
		m.db.Model(&models.User{}).Where("id = ?", owner.UserID).Update("password_hash", string(legacy))
		hash := func() string {
			var u models.User
			m.db.Take(&u, owner.UserID)
			return u.PasswordHash
		}

		for i := 0; i < 5; i++ {
			r := m.loginFrom(fmt.Sprintf("203.0.113.%d", i), "chen", "wrong-password")
			if r.Status != 401 || r.errorCode(t) != "bad_credentials" {
				t.Fatalf("guess %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		// Now even the right password is refused unchecked, from anywhere new.
		r := m.loginFrom("203.0.113.99", "chen", owner.Password)
		if r.Status != 429 || r.errorCode(t) != "too_many_attempts" || !strings.Contains(string(r.Body), "秒后再试") {
			t.Fatalf("throttled attempt: %d %s", r.Status, r.Body)
		}
		if secs := retryAfter(t, r); secs > 60 {
			t.Errorf("Retry-After %d s: the account's wait is capped at a minute", secs)
		}
		if !strings.HasPrefix(hash(), "$2") {
			t.Error("the throttled attempt's password was checked (the hash was upgraded)")
		}
		// The owner at home is not kept out, and no lock exists to be set off.
		m.must(200, m.loginFrom("198.51.100.20", "chen", owner.Password))
		if !strings.HasPrefix(hash(), "$argon2id$") {
			t.Error("the owner's login did not upgrade the bcrypt hash")
		}
		for _, col := range []string{"failed_logins", "locked_until"} {
			if m.db.Migrator().HasColumn(&models.User{}, col) {
				t.Errorf("users.%s still exists", col)
			}
		}
	})
}

func TestLoginBacksOffPerAddress(t *testing.T) {
	eachDBBehindProxy(t, func(t *testing.T, m *market) {
		a := m.signUp("lin", models.RoleSupplier, "福州大学")
		for i := 0; i < 10; i++ {
			m.must(401, m.loginFrom("203.0.113.7", fmt.Sprintf("user%d", i), "wrong-password"))
		}
		r := m.loginFrom("203.0.113.7", "lin", a.Password)
		if r.Status != 429 || r.errorCode(t) != "too_many_attempts" {
			t.Fatalf("11th failure from one address: %d %s", r.Status, r.Body)
		}
		retryAfter(t, r)
		m.must(200, m.loginFrom("203.0.113.8", "lin", a.Password))
	})
}

func TestKnownAndUnknownUsernamesAnswerAlike(t *testing.T) {
	eachDBBehindProxy(t, func(t *testing.T, m *market) {
		// Real hashing cost, or the time of a skipped check would not show.
		m.market.Rules.Password = models.DefaultPasswordParams
		const accounts, rounds = 4, 4
		for i := 0; i < accounts; i++ {
			m.signUp(fmt.Sprintf("known%d", i), models.RoleDemander, "宁德时代新能源科技股份有限公司")
		}
		var known, unknown []time.Duration
		var knownBody, unknownBody []byte
		try := func(addr, username string) (response, time.Duration) {
			start := time.Now()
			r := m.loginFrom(addr, username, "wrong-password")
			return r, time.Since(start)
		}
		for i := 0; i < accounts*rounds; i++ {
			// Every attempt from its own address, and fewer per account than
			// the back-off allows, so that all of them are checked.
			r, d := try(fmt.Sprintf("10.1.0.%d", i), fmt.Sprintf("known%d", i%accounts))
			if r.Status != 401 {
				t.Fatalf("known name, wrong password: %d %s", r.Status, r.Body)
			}
			known, knownBody = append(known, d), r.Body
			r, d = try(fmt.Sprintf("10.2.0.%d", i), fmt.Sprintf("ghost%d", i))
			if r.Status != 401 {
				t.Fatalf("unknown name: %d %s", r.Status, r.Body)
			}
			unknown, unknownBody = append(unknown, d), r.Body
		}
		if !bytes.Equal(knownBody, unknownBody) {
			t.Errorf("answers differ:\nknown   %s\nunknown %s", knownBody, unknownBody)
		}
		mk, mu := median(known), median(unknown)
		t.Logf("median: known %v unknown %v", mk, mu)
		if ratio := float64(mu) / float64(mk); ratio < 0.4 || ratio > 2.5 {
			t.Errorf("median time: unknown %v, known with a wrong password %v", mu, mk)
		}
		// The back-off treats them alike too: neither shows whether an account exists.
		m.signUp("fresh", models.RoleDemander, "宁德时代新能源科技股份有限公司")
		statuses := func(name string) []int {
			var got []int
			for i := 0; i < 7; i++ {
				got = append(got, m.loginFrom(fmt.Sprintf("10.3.%d.%d", len(name), i), name, "wrong-password").Status)
			}
			return got
		}
		k, u := statuses("fresh"), statuses("ghost-fresh")
		if fmt.Sprint(k) != fmt.Sprint(u) || k[len(k)-1] != 429 {
			t.Errorf("statuses of repeated failures: known %v, unknown %v", k, u)
		}
	})
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// Two processes on one PostgreSQL database count into the same limits.
func TestTwoServersOnOnePostgresShareLimits(t *testing.T) {
	url := modeltest.PostgresDatabase(t)
	open := func() *gorm.DB {
		db, err := models.Open(url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if sqlDB, err := db.DB(); err == nil {
				sqlDB.Close()
			}
		})
		return db
	}
	dbA, dbB := open(), open()
	if err := models.Migrate(dbA, migrations.FS, "up"); err != nil {
		t.Fatal(err)
	}
	edit := func(c *Config) { behindProxy(c); c.LoginsPerMinute = 4 }
	a, b := marketWith(t, dbA, edit), marketWith(t, dbB, edit)

	// The route limit: four logins a minute per address, whichever process
	// answers.
	for i, m := range []*market{a, b, a, b} {
		if r := m.loginFrom("203.0.113.1", fmt.Sprintf("ghost%d", i), "wrong-password"); r.Status != 401 {
			t.Fatalf("login %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	for name, m := range map[string]*market{"A": a, "B": b} {
		if r := m.loginFrom("203.0.113.1", "ghost", "wrong-password"); r.Status != 429 || r.errorCode(t) != "too_many_requests" {
			t.Errorf("5th login on %s: %d %s", name, r.Status, r.Body)
		}
	}

	// The login back-off: failures on one process throttle the account on the other.
	owner := a.signUp("wuyi", models.RoleDemander, "福州新大陆科技")
	for i := 0; i < 5; i++ {
		a.must(401, a.loginFrom(fmt.Sprintf("203.0.113.%d", 10+i), "wuyi", "wrong-password"))
	}
	if r := b.loginFrom("203.0.113.20", "wuyi", owner.Password); r.Status != 429 || r.errorCode(t) != "too_many_attempts" {
		t.Errorf("on the other process after 5 failures: %d %s", r.Status, r.Body)
	}
}
