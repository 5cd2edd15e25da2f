package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"techmarket/migrations"
	"techmarket/models"
)

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	m := newMarket(t, models.TestDB(t, migrations.FS, "sqlite"))
	doc := m.must(200, m.do("GET", "/api/openapi.json", "", nil)).JSON(t)
	paths := doc["paths"].(map[string]any)
	checked := 0
	for _, r := range m.app.GetRoutes(true) {
		if r.Method == "HEAD" || strings.HasSuffix(r.Path, "*") || r.Path == "/" {
			continue // Fiber's automatic HEADs and the catch-alls for pages and unknown API paths
		}
		item, _ := paths[openapiPath(r.Path)].(map[string]any)
		if item == nil || item[strings.ToLower(r.Method)] == nil {
			t.Errorf("%s %s is not in /api/openapi.json", r.Method, r.Path)
		}
		checked++
	}
	if checked < 15 {
		t.Errorf("only %d routes walked", checked)
	}
	raw := string(m.do("GET", "/api/openapi.json", "", nil).Body)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, part := range strings.Split(raw, `"$ref":"#/components/schemas/`)[1:] {
		name := part[:strings.IndexByte(part, '"')]
		if schemas[name] == nil {
			t.Errorf("$ref to missing schema %s", name)
		}
	}
	if doc["openapi"] != "3.0.3" {
		t.Errorf("openapi version %v", doc["openapi"])
	}
}

func TestHealthReadyAndUnknownPaths(t *testing.T) {
	m := newMarket(t, models.TestDB(t, migrations.FS, "sqlite"))
	m.must(200, m.do("GET", "/healthz", "", nil))
	m.must(200, m.do("GET", "/readyz", "", nil))
	r := m.do("GET", "/api/v1/no-such-thing", "", nil)
	if r.Status != 404 || r.errorCode(t) != "route_not_found" {
		t.Errorf("unknown API path: %d %s", r.Status, r.Body)
	}
	page := m.do("GET", "/account", "", nil)
	if page.Status != 200 || !strings.Contains(page.Header.Get("Content-Type"), "text/html") {
		t.Errorf("page path: %d %s", page.Status, page.Header.Get("Content-Type"))
	}
	for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options", "X-Request-Id"} {
		if page.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	m.srv.ready = append(m.srv.ready, func(context.Context) error { return errors.New("搜索索引尚未追上") })
	if r := m.do("GET", "/readyz", "", nil); r.Status != 503 {
		t.Errorf("readyz with a lagging check: %d", r.Status)
	}
}

func TestConfigFlagsWinOverEnvironment(t *testing.T) {
	t.Setenv("TM_ADDR", "127.0.0.1:9999")
	t.Setenv("TM_DATA_DIR", "/from/env")
	cfg, _, err := ParseConfig("serve", []string{"--addr", "127.0.0.1:7777"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7777" || cfg.DataDir != "/from/env" {
		t.Errorf("cfg = %+v", cfg)
	}
	t.Setenv("TM_ACCESS_TTL", "soon")
	if _, _, err := ParseConfig("serve", nil, os.Stderr); err == nil {
		t.Error("a bad TM_ACCESS_TTL was accepted")
	}
}

func TestJWTSecretIsGeneratedOnceWithMode0600(t *testing.T) {
	cfg := &Config{DataDir: filepath.Join(t.TempDir(), "data")}
	a, err := cfg.Secret()
	if err != nil {
		t.Fatal(err)
	}
	b, err := cfg.Secret()
	if err != nil || string(a) != string(b) {
		t.Fatalf("second read differs: %v", err)
	}
	st, err := os.Stat(filepath.Join(cfg.DataDir, "jwt.secret"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode: %v %v", st.Mode(), err)
	}
	short := &Config{JWTSecret: "short"}
	if _, err := short.Secret(); err == nil {
		t.Error("short TM_JWT_SECRET accepted")
	}
}

func TestEnumsListRolesAndRegions(t *testing.T) {
	m := newMarket(t, models.TestDB(t, migrations.FS, "sqlite"))
	var e struct {
		Roles   []models.RoleInfo `json:"roles"`
		Regions []models.Region   `json:"regions"`
	}
	if err := json.Unmarshal(m.must(200, m.do("GET", "/api/v1/meta/enums", "", nil)).Body, &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Roles) != 4 || len(e.Regions) < 20 {
		t.Errorf("enums: %d roles, %d regions", len(e.Roles), len(e.Regions))
	}
	for _, r := range e.Roles {
		if r.Value == models.RoleAdmin {
			t.Error("admin offered for self-registration")
		}
	}
}
