package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"techmarket/models"
	"techmarket/models/modeltest"
)

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	// The document is a document, not a resource: read its version and which operations each path has.
	type document struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	doc := call[document](m, nil, 200, "GET", "/api/openapi.json", nil)
	checked := 0
	for _, r := range m.app.GetRoutes(true) {
		if r.Method == "HEAD" || strings.HasSuffix(r.Path, "*") || r.Path == "/" {
			continue // Fiber's automatic HEADs and the catch-alls for pages and unknown API paths
		}
		if op := doc.Paths[openapiPath(r.Path)][strings.ToLower(r.Method)]; op == nil || string(op) == "null" {
			t.Errorf("%s %s is not in /api/openapi.json", r.Method, r.Path)
		}
		checked++
	}
	if checked < 15 {
		t.Errorf("only %d routes walked", checked)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi version %v", doc.OpenAPI)
	}
}

func TestHealthReadyAndUnknownPaths(t *testing.T) {
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	if h := call[health](m, nil, 200, "GET", "/healthz", nil); h.Status != "ok" {
		t.Errorf("healthz: %+v", h)
	}
	call[health](m, nil, 200, "GET", "/readyz", nil)
	m.check(step{name: "an unknown API path", method: "GET", path: "/api/v1/no-such-thing", want: 404, code: "route_not_found"})
	page := m.expect(nil, 200, "GET", "/account", nil)
	if !strings.Contains(page.Header.Get("Content-Type"), "text/html") {
		t.Errorf("page path: %d %s", page.Status, page.Header.Get("Content-Type"))
	}
	for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options", "X-Request-Id"} {
		if page.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	m.srv.ready = append(m.srv.ready, func(context.Context) error { return errors.New("搜索索引尚未追上") })
	if h := call[health](m, nil, 503, "GET", "/readyz", nil); h.Reason != "搜索索引尚未追上" {
		t.Errorf("readyz with a lagging check: %+v", h)
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

// On PostgreSQL several serve processes share the database and must share
// the key that signs tokens: without one given, serve refuses to start,
// naming the option in Chinese, and generates none; SQLite still does.
func TestPostgresNeedsASharedJWTSecret(t *testing.T) {
	t.Setenv("TM_JWT_SECRET", "")
	t.Setenv("TM_DATABASE_URL", "postgres://techmarket@db.invalid:5432/techmarket?sslmode=disable")
	data := t.TempDir()
	cfg, _, err := ParseConfig("serve", []string{"--data-dir", data}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	err = Serve(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "--jwt-secret") || !strings.Contains(err.Error(), "TM_JWT_SECRET") || !containsHan(err.Error()) {
		t.Fatalf("started, or the refusal does not name --jwt-secret and TM_JWT_SECRET in Chinese: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "jwt.secret")); !os.IsNotExist(err) {
		t.Fatalf("a secret of its own was generated: %v", err)
	}
	cfg.JWTSecret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	if _, err := cfg.Secret(); err != nil {
		t.Fatalf("a shared secret refused: %v", err)
	}
	cfg.JWTSecret, cfg.DatabaseURL = "", ""
	if _, err := cfg.Secret(); err != nil {
		t.Fatalf("SQLite does not generate its secret: %v", err)
	}
}

// The secret docker-compose.yml used to ship, and secrets like it, stop the
// server at start: anyone who has read the example could sign tokens.
func TestPlaceholderJWTSecretStopsTheServer(t *testing.T) {
	db := modeltest.DB(t, "sqlite")
	for _, secret := range []string{
		"change-me-to-a-long-random-secret-of-32-chars-or-more",
		"please-CHANGE-ME-before-going-live-0123456789",
		strings.Repeat("k", 40),
		strings.Repeat("密", 32),
	} {
		t.Setenv("TM_JWT_SECRET", secret)
		cfg, _, err := ParseConfig("serve", []string{"--data-dir", t.TempDir()}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = New(cfg, modeltest.NewMarket(db), slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err == nil || !strings.Contains(err.Error(), "TM_JWT_SECRET") || !containsHan(err.Error()) {
			t.Errorf("secret %q: started, or the refusal does not name TM_JWT_SECRET in Chinese: %v", secret, err)
		}
	}
	// A random key, as the README says to make one, is taken.
	t.Setenv("TM_JWT_SECRET", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
	cfg, _, err := ParseConfig("serve", []string{"--data-dir", t.TempDir()}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	srv, _, err := New(cfg, modeltest.NewMarket(db), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("a random secret refused: %v", err)
	}
	srv.Close()
}

// docker-compose.yml names no secret of its own: it takes them from .env,
// whose committed example holds none that would start.
func TestComposeTakesItsSecretsFromTheEnvFile(t *testing.T) {
	compose, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"TM_JWT_SECRET: ${TM_JWT_SECRET:?", "POSTGRES_PASSWORD: ${TM_POSTGRES_PASSWORD:?", "techmarket:${TM_POSTGRES_PASSWORD:?"} {
		if !strings.Contains(string(compose), want) {
			t.Errorf("docker-compose.yml lacks %q", want)
		}
	}
	example, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(example), "\n") {
		if v, ok := strings.CutPrefix(line, "TM_JWT_SECRET="); ok {
			if _, err := (&Config{JWTSecret: v, DataDir: t.TempDir()}).Secret(); v != "" && err == nil {
				t.Errorf(".env.example ships a usable secret %q", v)
			}
		}
	}
	ignored, _ := os.ReadFile("../.gitignore")
	if !strings.Contains(string(ignored), "/.env\n") {
		t.Error(".env is not git-ignored")
	}
}

func TestEnumsListRolesAndRegions(t *testing.T) {
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	e := call[enumSets](m, nil, 200, "GET", "/api/v1/meta/enums", nil)
	if len(e.Roles) != 5 || len(e.Regions) < 20 { // supplier, demander, broker, reviewer, bureau
		t.Errorf("enums: %d roles, %d regions", len(e.Roles), len(e.Regions))
	}
	for _, r := range e.Roles {
		if r.Value == models.RoleAdmin {
			t.Error("admin offered for self-registration")
		}
	}
}
