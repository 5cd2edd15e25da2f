package app

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

func TestClientAddressBelievesOnlyTrustedProxies(t *testing.T) {
	cases := []struct {
		name, trusted, xff, want string
	}{
		{"no proxy trusted: the header is ignored", "", "198.51.100.7", "0.0.0.0"},
		{"trusted peer without the header", "0.0.0.0", "", "0.0.0.0"},
		{"trusted peer names the client", "0.0.0.0", "198.51.100.7", "198.51.100.7"},
		{"peer in a trusted range", "0.0.0.0/8", "198.51.100.7", "198.51.100.7"},
		{"read from the right: what the client wrote is ignored", "0.0.0.0", "6.6.6.6, 198.51.100.7", "198.51.100.7"},
		{"a chain of trusted proxies is skipped", "0.0.0.0, 10.0.0.0/8", "6.6.6.6, 198.51.100.7, 10.0.0.5, 10.0.0.9", "198.51.100.7"},
		{"garbage ends the chain", "0.0.0.0", "198.51.100.7, not-an-ip", "0.0.0.0"},
		{"IPv6 client", "0.0.0.0", "2001:db8::1", "2001:db8::1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nets, err := parseTrustedProxies(c.trusted)
			if err != nil {
				t.Fatal(err)
			}
			s := &Server{trusted: nets}
			f := fiber.New()
			f.Get("/", func(ctx *fiber.Ctx) error { return ctx.SendString(s.clientAddr(ctx)) })
			req := httptest.NewRequest("GET", "/", nil)
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			res, err := f.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			if string(got) != c.want {
				t.Errorf("client address %q, want %q", got, c.want)
			}
		})
	}
	for _, bad := range []string{"proxy.example.com", "10.0.0.0/33", "1.2.3"} {
		if _, err := parseTrustedProxies(bad); err == nil {
			t.Errorf("--trusted-proxies %q accepted", bad)
		}
	}
}

func TestTheServerRefusesABadTrustedProxyList(t *testing.T) {
	db := modeltest.DB(t, "sqlite")
	cfg := &Config{DataDir: t.TempDir(), AccessTTL: time.Minute, BodyLimitMB: 1, JWTSecret: "0123456789abcdef0123456789abcdef", TrustedProxies: "10.0.0.1, lb.internal"}
	if _, _, err := New(cfg, modeltest.NewMarket(db), slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
		t.Fatal("started with an unparsable --trusted-proxies")
	}
}

func TestAbusableRoutesDeclareALimit(t *testing.T) {
	cfg, _, err := ParseConfig("serve", nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	limited := map[string]bool{}
	for _, r := range (&Server{cfg: cfg}).routes() {
		if r.limit != nil && r.limit.max > 0 {
			limited[r.method+" "+r.path] = true
		}
	}
	for _, route := range []string{
		"POST /api/v1/auth/login",
		"POST /api/v1/auth/register",
		"POST /api/v1/me/password",
		"POST /api/v1/notices/:id/objections",
		"POST /api/v1/achievements/:id/access-requests",
		"POST /api/v1/needs/:id/access-requests",
		"POST /api/v1/achievements/completeness",
		"POST /api/v1/needs/completeness",
		"GET /api/v1/verify/:no",
	} {
		if !limited[route] {
			t.Errorf("%s has no rate limit by default", route)
		}
	}
}

func TestRateLimitsCountPerAddressAndPerUser(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := marketWith(t, db, func(c *Config) {
			behindProxy(c)
			c.RegistrationsPerHour, c.ScoresPerMinute, c.PasswordChangesPerHour = 2, 2, 1
		})
		from := func(addr string) []string { return []string{"X-Forwarded-For", addr} }
		register := func(addr, username string) response {
			return m.do("POST", "/api/v1/auth/register", "", registration(username, models.RoleDemander, "福州新大陆科技"), from(addr)...)
		}
		m.must(201, register("198.51.100.1", "first"))
		m.must(201, register("198.51.100.1", "second"))
		users := m.count(&models.User{})
		r := register("198.51.100.1", "third")
		if r.Status != 429 || r.errorCode(t) != "too_many_requests" {
			t.Fatalf("3rd registration from one address: %d %s", r.Status, r.Body)
		}
		if secs := retryAfter(t, r); secs > 3600 {
			t.Errorf("Retry-After %d beyond the hour's window", secs)
		}
		if m.count(&models.User{}) != users {
			t.Error("a refused registration created a user")
		}
		m.must(201, register("198.51.100.2", "third"))

		score := func(addr string) response {
			return m.do("POST", "/api/v1/achievements/completeness", "", map[string]any{"title": "锂电池"}, from(addr)...)
		}
		m.must(200, score("198.51.100.3"))
		// Both kinds count into one limit per address.
		m.must(200, m.do("POST", "/api/v1/needs/completeness", "", map[string]any{"title": "锂电池"}, from("198.51.100.3")...))
		if r := score("198.51.100.3"); r.Status != 429 {
			t.Errorf("3rd score in a minute: %d %s", r.Status, r.Body)
		}

		// A logged-in user is counted as well, from whatever address.
		a := m.signUp("zheng", models.RoleSupplier, "福州大学")
		s := decoded[session](t, m.must(200, m.do("POST", "/api/v1/me/password", a.Token, passwordChange{a.Password, "Second-Passw0rd"}, from("198.51.100.4")...)))
		r = m.do("POST", "/api/v1/me/password", s.AccessToken, passwordChange{"Second-Passw0rd", "Third-Passw0rd"}, from("198.51.100.5")...)
		if r.Status != 429 {
			t.Errorf("2nd password change in an hour from another address: %d %s", r.Status, r.Body)
		}
	})
}

func TestForwardedForIsIgnoredWithoutTrustedProxies(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := marketWith(t, db, func(c *Config) { c.RegistrationsPerHour = 1 })
		m.must(201, m.do("POST", "/api/v1/auth/register", "", registration("first", models.RoleDemander, "福州新大陆科技"), "X-Forwarded-For", "198.51.100.1"))
		r := m.do("POST", "/api/v1/auth/register", "", registration("second", models.RoleDemander, "福州新大陆科技"), "X-Forwarded-For", "198.51.100.2")
		if r.Status != 429 {
			t.Errorf("a forged X-Forwarded-For escaped the limit: %d %s", r.Status, r.Body)
		}
	})
}
