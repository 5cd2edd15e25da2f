package app

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"techmarket/models"
)

func TestRegisterLoginMe(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("zhang", models.RoleSupplier, "福州大学")
		raw := m.expect(a, 200, "GET", "/api/v1/me", nil)
		me := decoded[models.Me](t, raw)
		if user := me.User; user.Username != "zhang" || user.Role != "supplier" || strings.Contains(string(raw.Body), "password_hash") {
			t.Errorf("me.user = %s", raw.Body)
		}
		if org := me.Org; org.Name != "福州大学" || org.Status != "pending" || org.RegionName != "福州市鼓楼区" {
			t.Errorf("me.org = %+v", org)
		}
		// A second user joins the same organisation instead of creating another.
		b := m.signUp("liwei", models.RoleSupplier, "福州大学")
		if b.OrgID != a.OrgID {
			t.Errorf("second member got org %d, want %d", b.OrgID, a.OrgID)
		}
		m.check(step{name: "a username taken", method: "POST", path: "/api/v1/auth/register", body: registration("zhang", models.RoleSupplier, "福州大学"), want: 409, code: "username_taken"})
		name := "张三丰"
		if r := call[models.Me](m, a, 200, "PATCH", "/api/v1/me", map[string]any{"name": name}); r.User.Name != name {
			t.Errorf("profile not updated: %+v", r.User)
		}
		call[session](m, a, 200, "POST", "/api/v1/me/password", passwordChange{OldPassword: a.Password, NewPassword: "New-Passw0rd"})
		m.play(t,
			step{name: "the old password no longer logs in", method: "POST", path: "/api/v1/auth/login", body: credentials{"zhang", a.Password}, want: 401},
			// Changing the password ends the other sessions.
			step{name: "the old session no longer refreshes", method: "POST", path: "/api/v1/auth/refresh", body: refreshBody{a.Refresh}, want: 401},
		)
		a.Password = "New-Passw0rd"
		m.login(a)
	})
}

func TestRegisterRejectsBadInputAndChangesNothing(t *testing.T) {
	long := strings.Repeat("长", 101)
	with := func(k string, v any) map[string]any {
		r := registration("wang", models.RoleDemander, "宁德时代新能源科技股份有限公司")
		if v == nil {
			delete(r, k)
		} else {
			r[k] = v
		}
		return r
	}
	register := func(name string, body any, want int, code, field string) step {
		return step{name: name, method: "POST", path: "/api/v1/auth/register", body: body, want: want, code: code, field: field}
	}
	invalid := func(name string, body any, field string) step {
		return register(name, body, 422, "invalid_input", field)
	}
	steps := []step{
		register("malformed json", `{"username": "wang",`, 400, "bad_json", ""),
		register("empty body", ``, 400, "empty_body", ""),
		invalid("array instead of object", `[1,2]`, "body"),
		invalid("missing username", with("username", nil), "username"),
		invalid("missing password", with("password", nil), "password"),
		invalid("short password", with("password", "abc"), "password"),
		invalid("password of 7 characters in 21 bytes", with("password", "密码密码密码密"), "password"),
		invalid("username with spaces", with("username", "a b c"), "username"),
		invalid("over-long org name", with("org_name", long), "org_name"),
		invalid("over-long name", with("name", strings.Repeat("名", 51)), "name"),
		invalid("over-long password", with("password", strings.Repeat("p", 129)), "password"),
		invalid("wrong type for username", with("username", 12345), "username"),
		invalid("wrong type for region", with("region", []int{3, 5}), "region"),
		invalid("unknown role", with("role", "superuser"), "role"),
		invalid("admin is not self-service", with("role", "admin"), "role"),
		invalid("role does not fit org type", with("org_type", "university"), "org_type"),
		invalid("bad region", with("region", "12"), "region"),
		invalid("bad email", with("email", "not-an-email"), "email"),
	}
	eachDB(t, func(t *testing.T, m *market) {
		users, orgs := m.count(&models.User{}), m.count(&models.Organization{})
		m.play(t, steps...)
		if m.count(&models.User{}) != users || m.count(&models.Organization{}) != orgs {
			t.Error("bad registrations changed the database")
		}
		// A body over the limit is refused before it is read.
		// A body over the limit is refused from its Content-Length, before it is read.
		addr := strings.TrimPrefix(m.listen(), "http://")
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/auth/register HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", addr, 13<<20)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 413 {
			t.Errorf("13 MB body: status %d", res.StatusCode)
		}
		// Joining a known organisation of another type is refused.
		m.signUp("boss", models.RoleDemander, "宁德时代新能源科技股份有限公司")
		m.check(invalid("joining an enterprise as supplier", registration("prof", models.RoleSupplier, "宁德时代新能源科技股份有限公司"), "org_name"))
	})
}

func TestRefreshRotatesAndReuseRevokesTheFamily(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("zhao", models.RoleBroker, "福建海峡技术转移中心")
		first := a.Refresh
		s := call[session](m, nil, 200, "POST", "/api/v1/auth/refresh", refreshBody{first})
		second := s.RefreshToken
		if second == first || s.AccessToken == "" {
			t.Fatal("refresh did not rotate")
		}
		call[models.Me](m, &account{Token: s.AccessToken}, 200, "GET", "/api/v1/me", nil)
		refresh := func(name, token string, want int, code string) step {
			return step{name: name, method: "POST", path: "/api/v1/auth/refresh", body: refreshBody{token}, want: want, code: code}
		}
		// The first token is presented again: someone copied it. Both die.
		m.play(t,
			refresh("the first token again", first, 401, "refresh_token_reused"),
			refresh("the second token after the reuse", second, 401, ""),
		)
		// Another login (another family) is unaffected; logout ends it.
		m.login(a)
		m.expect(nil, 204, "POST", "/api/v1/auth/logout", refreshBody{a.Refresh})
		m.play(t,
			refresh("after logout", a.Refresh, 401, ""),
			step{name: "no token", method: "POST", path: "/api/v1/auth/refresh", body: map[string]string{}, want: 422},
			refresh("a made-up token", "made-up", 401, "invalid_refresh_token"),
		)
	})
}

func TestConcurrentRefreshOfOneTokenHasOneWinner(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("sun", models.RoleDemander, "福州新大陆科技")
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := 0; i < 12; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := m.market.RotateRefreshToken(m.ctx, a.Refresh, time.Now())
				if err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				} else if me, isModel := models.AsError(err); !isModel || me.Status != 401 {
					t.Errorf("unexpected error: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 {
			t.Fatalf("%d concurrent rotations succeeded, want 1", ok)
		}
	})
}

func TestConcurrentRegistrationsDoNotDeadlock(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				// Ten organisations, four members each, registering at once.
				r := models.Registration{Username: "user" + strconv.Itoa(i), Password: "Passw0rd!", Name: "用户", Role: models.RoleDemander,
					OrgName: "企业" + strconv.Itoa(i%10), OrgType: models.OrgEnterprise, Region: "350104"}
				_, _, _, err := m.market.Register(m.ctx, r)
				if err != nil {
					errs <- err
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			// Two first members of one new organisation may race on its unique name;
			// the loser is told so and nothing half-written remains.
			if me, ok := models.AsError(err); ok && me.Status == 409 {
				continue
			}
			t.Errorf("register: %v", err)
		}
		var orgs int64
		m.db.Model(&models.Organization{}).Count(&orgs)
		if orgs != 10 {
			t.Errorf("%d organisations, want 10", orgs)
		}
	})
}

func TestTokensThatMustBeRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("qian", models.RoleSupplier, "厦门大学")
		secret := m.srv.secret
		claims := func(mod func(*accessClaims)) *accessClaims {
			now := time.Now()
			c := &accessClaims{Role: models.RoleAdmin, OrgID: a.OrgID, RegisteredClaims: jwt.RegisteredClaims{
				Issuer: jwtIssuer, Audience: jwt.ClaimStrings{jwtAudience}, Subject: strconv.FormatInt(a.UserID, 10),
				IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))}}
			if mod != nil {
				mod(c)
			}
			return c
		}
		sign := func(method jwt.SigningMethod, key any, c *accessClaims) string {
			s, err := jwt.NewWithClaims(method, c).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		none := sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(nil))
		ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		parts := strings.Split(a.Token, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), `"role":"supplier"`, `"role":"admin"`, 1))) + "." + parts[2]
		cases := map[string]string{
			"alg none":         none,
			"HS512":            sign(jwt.SigningMethodHS512, secret, claims(nil)),
			"ES256":            sign(jwt.SigningMethodES256, ecKey, claims(nil)),
			"other secret":     sign(jwt.SigningMethodHS256, []byte(strings.Repeat("x", 40)), claims(nil)),
			"expired":          sign(jwt.SigningMethodHS256, secret, claims(func(c *accessClaims) { c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour)) })),
			"no expiry":        sign(jwt.SigningMethodHS256, secret, claims(func(c *accessClaims) { c.ExpiresAt = nil })),
			"wrong issuer":     sign(jwt.SigningMethodHS256, secret, claims(func(c *accessClaims) { c.Issuer = "evil" })),
			"wrong audience":   sign(jwt.SigningMethodHS256, secret, claims(func(c *accessClaims) { c.Audience = jwt.ClaimStrings{"other"} })),
			"unknown user":     sign(jwt.SigningMethodHS256, secret, claims(func(c *accessClaims) { c.Subject = "999999" })),
			"tampered payload": tampered,
			"garbage":          "not.a.jwt",
		}
		var steps []step
		for name, tok := range cases {
			steps = append(steps, step{name: name, as: &account{Token: tok}, method: "GET", path: "/api/v1/me", want: 401})
		}
		m.play(t, steps...)
		if r := m.do("GET", "/api/v1/me", "", nil, "Authorization", "Basic YTpi"); r.Status != 401 {
			t.Errorf("basic auth: %d", r.Status)
		}
		// A well-formed token of ours still works, and claims in it cannot raise the role.
		m.check(step{name: "role claim trusted over the database", as: &account{Token: sign(jwt.SigningMethodHS256, secret, claims(nil))},
			method: "GET", path: "/api/v1/admin/orgs", want: 403})
	})
}
