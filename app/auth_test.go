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
		me := m.must(200, m.do("GET", "/api/v1/me", a.Token, nil)).JSON(t)
		user, org := me["user"].(map[string]any), me["org"].(map[string]any)
		if user["username"] != "zhang" || user["role"] != "supplier" || user["password_hash"] != nil {
			t.Errorf("me.user = %v", user)
		}
		if org["name"] != "福州大学" || org["status"] != "pending" || org["region_name"] != "福州市鼓楼区" {
			t.Errorf("me.org = %v", org)
		}
		// A second user joins the same organisation instead of creating another.
		b := m.signUp("liwei", models.RoleSupplier, "福州大学")
		if b.OrgID != a.OrgID {
			t.Errorf("second member got org %d, want %d", b.OrgID, a.OrgID)
		}
		m.must(409, m.do("POST", "/api/v1/auth/register", "", registration("zhang", models.RoleSupplier, "福州大学")))
		name := "张三丰"
		r := m.must(200, m.do("PATCH", "/api/v1/me", a.Token, map[string]any{"name": name})).JSON(t)
		if r["user"].(map[string]any)["name"] != name {
			t.Errorf("profile not updated: %v", r)
		}
		m.must(200, m.do("POST", "/api/v1/me/password", a.Token, map[string]string{"old_password": a.Password, "new_password": "New-Passw0rd"}))
		m.must(401, m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "zhang", "password": a.Password}))
		// Changing the password ends the other sessions.
		m.must(401, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": a.Refresh}))
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
	cases := []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"malformed json", `{"username": "wang",`, 400, "bad_json", ""},
		{"empty body", ``, 400, "empty_body", ""},
		{"array instead of object", `[1,2]`, 422, "invalid_input", "body"},
		{"missing username", with("username", nil), 422, "invalid_input", "username"},
		{"missing password", with("password", nil), 422, "invalid_input", "password"},
		{"short password", with("password", "abc"), 422, "invalid_input", "password"},
		{"password of 7 characters in 21 bytes", with("password", "密码密码密码密"), 422, "invalid_input", "password"},
		{"username with spaces", with("username", "a b c"), 422, "invalid_input", "username"},
		{"over-long org name", with("org_name", long), 422, "invalid_input", "org_name"},
		{"over-long name", with("name", strings.Repeat("名", 51)), 422, "invalid_input", "name"},
		{"over-long password", with("password", strings.Repeat("p", 129)), 422, "invalid_input", "password"},
		{"wrong type for username", with("username", 12345), 422, "invalid_input", "username"},
		{"wrong type for region", with("region", []int{3, 5}), 422, "invalid_input", "region"},
		{"unknown role", with("role", "superuser"), 422, "invalid_input", "role"},
		{"admin is not self-service", with("role", "admin"), 422, "invalid_input", "role"},
		{"role does not fit org type", with("org_type", "university"), 422, "invalid_input", "org_type"},
		{"bad region", with("region", "12"), 422, "invalid_input", "region"},
		{"bad email", with("email", "not-an-email"), 422, "invalid_input", "email"},
	}
	eachDB(t, func(t *testing.T, m *market) {
		users, orgs := m.count(&models.User{}), m.count(&models.Organization{})
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := m.do("POST", "/api/v1/auth/register", "", c.body)
				if r.Status != c.status {
					t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
				}
				if code := r.errorCode(t); code != c.code {
					t.Errorf("code %q, want %q", code, c.code)
				}
				if c.field != "" && r.errorFields(t)[c.field] == nil {
					t.Errorf("fields %v lack %q", r.errorFields(t), c.field)
				}
			})
		}
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
		r := m.do("POST", "/api/v1/auth/register", "", registration("prof", models.RoleSupplier, "宁德时代新能源科技股份有限公司"))
		if r.Status != 422 || r.errorFields(t)["org_name"] == nil {
			t.Errorf("joining an enterprise as supplier: %d %s", r.Status, r.Body)
		}
	})
}

func TestRefreshRotatesAndReuseRevokesTheFamily(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("zhao", models.RoleBroker, "福建海峡技术转移中心")
		first := a.Refresh
		s := m.must(200, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": first})).JSON(t)
		second := s["refresh_token"].(string)
		if second == first || s["access_token"] == "" {
			t.Fatal("refresh did not rotate")
		}
		m.must(200, m.do("GET", "/api/v1/me", s["access_token"].(string), nil))
		// The first token is presented again: someone copied it. Both die.
		r := m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": first})
		if r.Status != 401 || r.errorCode(t) != "refresh_token_reused" {
			t.Fatalf("reuse: %d %s", r.Status, r.Body)
		}
		m.must(401, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": second}))
		// Another login (another family) is unaffected; logout ends it.
		m.login(a)
		m.must(204, m.do("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": a.Refresh}))
		m.must(401, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": a.Refresh}))
		m.must(422, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{}))
		m.must(401, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": "made-up"}))
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
		for name, tok := range cases {
			r := m.do("GET", "/api/v1/me", tok, nil)
			if r.Status != 401 {
				t.Errorf("%s: status %d %s", name, r.Status, r.Body)
				continue
			}
			r.errorCode(t)
		}
		if r := m.do("GET", "/api/v1/me", "", nil, "Authorization", "Basic YTpi"); r.Status != 401 {
			t.Errorf("basic auth: %d", r.Status)
		}
		// A well-formed token of ours still works, and claims in it cannot raise the role.
		if r := m.do("GET", "/api/v1/admin/orgs", sign(jwt.SigningMethodHS256, secret, claims(nil)), nil); r.Status != 403 {
			t.Errorf("role claim trusted over the database: %d", r.Status)
		}
	})
}
