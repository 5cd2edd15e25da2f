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
		s := m.must(200, m.do("POST", "/api/v1/me/password", a.Token, map[string]string{"old_password": a.Password, "new_password": "新的密码-2026"})).JSON(t)
		access, refresh := s["access_token"].(string), s["refresh_token"].(string)
		if access == "" || refresh == "" || s["user"].(map[string]any)["username"] != "huang" {
			t.Fatalf("the answer is not a session: %v", s)
		}
		// Old access tokens stop at once, on this device and the other.
		for name, tok := range map[string]string{"this device": a.Token, "other device": other.Token} {
			if r := m.do("GET", "/api/v1/me", tok, nil); r.Status != 401 || r.errorCode(t) != "token_revoked" {
				t.Errorf("%s's old access token: %d %s", name, r.Status, r.Body)
			}
		}
		for _, old := range []string{a.Refresh, other.Refresh} {
			m.must(401, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": old}))
		}
		// The new session works and refreshes.
		m.must(200, m.do("GET", "/api/v1/me", access, nil))
		m.must(200, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh}))
		m.must(401, m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "huang", "password": a.Password}))
		a.Password = "新的密码-2026"
		m.login(a)

		// A wrong old password or a bad new one changes nothing.
		r := m.do("POST", "/api/v1/me/password", a.Token, map[string]string{"old_password": "not-it-at-all", "new_password": "密码密码密"})
		if r.Status != 422 || r.errorFields(t)["old_password"] == nil || r.errorFields(t)["new_password"] == nil {
			t.Fatalf("bad change: %d %s", r.Status, r.Body)
		}
		m.must(200, m.do("GET", "/api/v1/me", a.Token, nil))
	})
}

func TestLogoutEverywhere(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		a := m.signUp("xuqing", models.RoleDemander, "福耀玻璃工业集团")
		other := m.secondDevice(a)
		m.must(401, m.do("POST", "/api/v1/auth/logout-all", "", nil))
		m.must(204, m.do("POST", "/api/v1/auth/logout-all", a.Token, nil))
		for _, d := range []*account{a, other} {
			if r := m.do("GET", "/api/v1/me", d.Token, nil); r.Status != 401 || r.errorCode(t) != "token_revoked" {
				t.Errorf("access token after logout-all: %d %s", r.Status, r.Body)
			}
			m.must(401, m.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": d.Refresh}))
		}
		m.login(a)
		m.must(200, m.do("GET", "/api/v1/me", a.Token, nil))
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
		m.must(401, m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "gao", "password": pw + "!"}))
		if !strings.HasPrefix(stored(), "$2") {
			t.Fatal("a failed login replaced the hash")
		}
		a.Password = pw
		m.login(a)
		if h := stored(); !strings.HasPrefix(h, "$argon2id$v=19$") {
			t.Fatalf("after login the hash is %q", h)
		}
		m.login(a)
		m.must(401, m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "gao", "password": pw + "!"}))
	})
}

func TestPasswordsSharingTheirFirst72BytesAreDifferentPasswords(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		reg := registration("mazhi", models.RoleDemander, "福州新大陆科技")
		prefix := strings.Repeat("x", 72)
		reg["password"] = prefix + "-mine"
		m.must(201, m.do("POST", "/api/v1/auth/register", "", reg))
		m.must(401, m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "mazhi", "password": prefix + "-yours"}))
		m.must(200, m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "mazhi", "password": prefix + "-mine"}))
		// Length is in characters: 8 Chinese characters are enough, 128 are allowed.
		for name, pw := range map[string]string{"han8": "密码密码密码密码", "han128": strings.Repeat("码", 128)} {
			reg := registration(name, models.RoleDemander, "福州新大陆科技")
			reg["password"] = pw
			m.must(201, m.do("POST", "/api/v1/auth/register", "", reg))
			m.must(200, m.do("POST", "/api/v1/auth/login", "", map[string]string{"username": name, "password": pw}))
		}
	})
}
