package app

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"techmarket/models"
)

// secondDevice logs the account in once more: a second browser beside the first.
func (m *market) secondDevice(a *account) *account {
	m.t.Helper()
	b := *a
	m.login(&b)
	return &b
}

func TestPasswordChangeEndsOtherSessionsAndKeepsThisOne(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("huang", models.RoleSupplier, "福州大学")
		other := m.secondDevice(a)
		s := call[session](m, a, 200, "POST", "/api/v1/me/password", passwordChange{OldPassword: a.Password, NewPassword: "新的密码-2026"})
		if s.AccessToken == "" || s.RefreshToken == "" || s.Me == nil || s.User == nil || s.User.Username != "huang" {
			t.Fatalf("the answer is not a session: %+v", s)
		}
		// Old access tokens stop at once, on this device and the other; so do their refresh tokens.
		m.play(t,
			step{name: "this device's old access token", as: a, method: "GET", path: "/api/v1/me", want: 401, code: "token_revoked"},
			step{name: "the other device's old access token", as: other, method: "GET", path: "/api/v1/me", want: 401, code: "token_revoked"},
			step{name: "this device's old refresh token", method: "POST", path: "/api/v1/auth/refresh", body: refreshBody{a.Refresh}, want: 401},
			step{name: "the other device's old refresh token", method: "POST", path: "/api/v1/auth/refresh", body: refreshBody{other.Refresh}, want: 401},
		)
		// The new session works and refreshes.
		call[models.Me](m, &account{Token: s.AccessToken}, 200, "GET", "/api/v1/me", nil)
		call[session](m, nil, 200, "POST", "/api/v1/auth/refresh", refreshBody{s.RefreshToken})
		m.check(step{name: "the old password", method: "POST", path: "/api/v1/auth/login", body: credentials{"huang", a.Password}, want: 401})
		a.Password = "新的密码-2026"
		m.login(a)

		// A wrong old password or a bad new one changes nothing.
		bad := passwordChange{OldPassword: "not-it-at-all", NewPassword: "密码密码密"}
		r := m.check(step{name: "a wrong old password and a bad new one", as: a, method: "POST", path: "/api/v1/me/password", body: bad, want: 422, field: "old_password"})
		if _, ok := r.failure(t).Fields["new_password"]; !ok {
			t.Fatalf("bad change: %d %s", r.Status, r.Body)
		}
		call[models.Me](m, a, 200, "GET", "/api/v1/me", nil)
	})
}

func TestLogoutEverywhere(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("xuqing", models.RoleDemander, "福耀玻璃工业集团")
		other := m.secondDevice(a)
		m.check(step{name: "the public logs out everywhere", method: "POST", path: "/api/v1/auth/logout-all", want: 401})
		m.expect(a, 204, "POST", "/api/v1/auth/logout-all", nil)
		m.play(t,
			step{name: "this device's access token", as: a, method: "GET", path: "/api/v1/me", want: 401, code: "token_revoked"},
			step{name: "this device's refresh token", method: "POST", path: "/api/v1/auth/refresh", body: refreshBody{a.Refresh}, want: 401},
			step{name: "the other device's access token", as: other, method: "GET", path: "/api/v1/me", want: 401, code: "token_revoked"},
			step{name: "the other device's refresh token", method: "POST", path: "/api/v1/auth/refresh", body: refreshBody{other.Refresh}, want: 401},
		)
		m.login(a)
		call[models.Me](m, a, 200, "GET", "/api/v1/me", nil)
	})
}

func TestBcryptHashesAreUpgradedAtLogin(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("gao", models.RoleBroker, "福建海峡技术转移中心")
		// As a user registered before argon2id: bcrypt, at most 72 bytes.
		pw := strings.Repeat("长", 24) // 72 bytes
		legacy, _ := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
		m.db.Model(&models.User{}).Where("id = ?", a.UserID).Update("password_hash", string(legacy))
		stored := func() string {
			var u models.User
			m.db.Take(&u, a.UserID)
			return u.PasswordHash
		}
		// bcrypt would read only the first 72 bytes of this one.
		m.check(step{name: "a password sharing the first 72 bytes", method: "POST", path: "/api/v1/auth/login", body: credentials{"gao", pw + "!"}, want: 401})
		if !strings.HasPrefix(stored(), "$2") {
			t.Fatal("a failed login replaced the hash")
		}
		a.Password = pw
		m.login(a)
		if h := stored(); !strings.HasPrefix(h, "$argon2id$v=19$") {
			t.Fatalf("after login the hash is %q", h)
		}
		m.login(a)
		m.check(step{name: "a password sharing the first 72 bytes, after the upgrade", method: "POST", path: "/api/v1/auth/login", body: credentials{"gao", pw + "!"}, want: 401})
	})
}

func TestPasswordsSharingTheirFirst72BytesAreDifferentPasswords(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		reg := registration("mazhi", models.RoleDemander, "福州新大陆科技")
		prefix := strings.Repeat("x", 72)
		reg["password"] = prefix + "-mine"
		call[models.Me](m, nil, 201, "POST", "/api/v1/auth/register", reg)
		m.check(step{name: "another password with the same 72 bytes", method: "POST", path: "/api/v1/auth/login", body: credentials{"mazhi", prefix + "-yours"}, want: 401})
		call[session](m, nil, 200, "POST", "/api/v1/auth/login", credentials{"mazhi", prefix + "-mine"})
		// Length is in characters: 8 Chinese characters are enough, 128 are allowed.
		for name, pw := range map[string]string{"han8": "密码密码密码密码", "han128": strings.Repeat("码", 128)} {
			reg := registration(name, models.RoleDemander, "福州新大陆科技")
			reg["password"] = pw
			call[models.Me](m, nil, 201, "POST", "/api/v1/auth/register", reg)
			call[session](m, nil, 200, "POST", "/api/v1/auth/login", credentials{name, pw})
		}
	})
}
