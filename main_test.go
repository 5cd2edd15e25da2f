package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"techmarket/models"
)

// These tests run the real binary as separate processes: what a crash, a
// restart or a second server does cannot be seen from inside one process.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "techmarket-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "techmarket")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func command(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), 0
}

func TestImportCommandExitCodeAndReport(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(good, []byte(`{"external_id":"x1","title":"一种新型锂电池隔膜材料","summary":"高孔隙率隔膜，提升电池安全性。","region":"350104","org":"福州大学"}`+"\n"), 0o644)
	os.WriteFile(bad, []byte(`{"external_id":"x2","title":"一种新型光伏电池","summary":"高效率光伏电池的制备方法。","region":"350104","org":"福州大学"}`+"\n"+`{"external_id":"x3",`+"\n"), 0o644)
	data := filepath.Join(dir, "data")
	out, code := command(t, nil, "import", "--kind", "achievement", "--file", good, "--publish", "--data-dir", data)
	if code != 0 || !strings.Contains(out, "新增 imported 1") {
		t.Fatalf("good file: exit %d\n%s", code, out)
	}
	out, code = command(t, nil, "import", "--kind", "achievement", "--file", good, "--data-dir", data)
	if code != 0 || !strings.Contains(out, "未变化 unchanged 1") {
		t.Fatalf("same file again: exit %d\n%s", code, out)
	}
	out, code = command(t, nil, "import", "--data-dir", data, "--kind", "achievement", "--file", bad)
	if code != 1 || !strings.Contains(out, "第 2 行") || !strings.Contains(out, "新增 imported 1") {
		t.Fatalf("file with a bad line: exit %d\n%s", code, out)
	}
	if _, code := command(t, nil, "import", "--kind", "patent", "--file", good, "--data-dir", data); code == 0 {
		t.Error("unknown kind accepted")
	}
	if out, code := command(t, nil, "serve", "--help"); code != 0 || !strings.Contains(out, "--data-dir") && !strings.Contains(out, "-data-dir") {
		t.Errorf("serve --help: %d %s", code, out)
	}
	if _, code := command(t, nil, "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand exit %d", code)
	}
}

type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	log  *bytes.Buffer
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func startServer(t *testing.T, env []string, dataDir string) *server {
	t.Helper()
	addr := freePort(t)
	s := &server{t: t, base: "http://" + addr, log: &bytes.Buffer{}}
	s.cmd = exec.Command(binary, "serve", "--addr", addr, "--data-dir", dataDir)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.kill() })
	return s
}

func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Signal(syscall.SIGKILL)
		s.cmd.Wait()
	}
}

func (s *server) waitReady(timeout time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("server not ready after %s:\n%s", timeout, s.log.String())
}

func (s *server) call(method, path, token string, body any) map[string]any {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode >= 300 {
		s.t.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
	}
	return out
}

func (s *server) searchTotal(q string) int {
	s.t.Helper()
	r := s.call("GET", "/api/v1/search?size=1&q="+url.QueryEscape(q), "", nil)
	return int(r["total"].(float64))
}

func publishedCount(t *testing.T, env []string, dataDir string) int {
	t.Helper()
	dbURL := ""
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "TM_DATABASE_URL="); ok {
			dbURL = v
		}
	}
	db, err := models.Open(dbURL, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { sqlDB, _ := db.DB(); sqlDB.Close() }()
	var a, n int64
	db.Model(&models.Achievement{}).Where("status = ?", "published").Count(&a)
	db.Model(&models.Need{}).Where("status = ?", "published").Count(&n)
	return int(a + n)
}

// databases yields the environment of each database the test should run on.
func databases(t *testing.T, fn func(t *testing.T, env []string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, nil) })
	if os.Getenv("TM_TEST_POSTGRES_URL") != "" {
		t.Run("postgres", func(t *testing.T) {
			fn(t, []string{"TM_DATABASE_URL=" + models.TestPostgresDatabase(t)})
		})
	}
}

func TestKilledWhileIndexingThenRestartedIsConsistent(t *testing.T) {
	databases(t, func(t *testing.T, env []string) {
		data := t.TempDir()
		if out, code := command(t, env, "demo", "--data-dir", data); code != 0 {
			t.Fatalf("demo: %s", out)
		}
		// Killed part-way through building its index from 1300 listings...
		s := startServer(t, env, data)
		time.Sleep(700 * time.Millisecond)
		s.kill()
		// ...and again after more listings were imported while it was down.
		var rows strings.Builder
		for i := 0; i < 300; i++ {
			fmt.Fprintf(&rows, `{"external_id":"more-%d","title":"补充导入的成果 %d 号","summary":"用于检验崩溃恢复的补充成果，编号 %d。","region":"350104","org":"福州大学"}`+"\n", i, i, i)
		}
		file := filepath.Join(t.TempDir(), "more.jsonl")
		os.WriteFile(file, []byte(rows.String()), 0o644)
		s = startServer(t, env, data)
		if out, code := command(t, env, "import", "--kind", "achievement", "--publish", "--file", file, "--data-dir", data); code != 0 {
			t.Fatalf("import: %s", out)
		}
		time.Sleep(300 * time.Millisecond)
		s.kill()
		s = startServer(t, env, data)
		s.waitReady(60 * time.Second)
		want := publishedCount(t, env, data)
		if got := s.searchTotal(""); got != want {
			t.Fatalf("index has %d listings, database %d published", got, want)
		}
		if got := s.searchTotal("补充导入的成果"); got < 300 {
			t.Errorf("imported listings found: %d", got)
		}
	})
}

func TestSecondServerSeesPublicationWithinTwoSeconds(t *testing.T) {
	if os.Getenv("TM_TEST_POSTGRES_URL") == "" {
		t.Skip("TM_TEST_POSTGRES_URL 未设置：两个 serve 进程共享 PostgreSQL 的测试跳过")
	}
	env := []string{"TM_DATABASE_URL=" + models.TestPostgresDatabase(t), "TM_JWT_SECRET=" + strings.Repeat("k", 40)}
	if out, code := command(t, env, "demo", "--data-dir", t.TempDir()); code != 0 {
		t.Fatalf("demo: %s", out)
	}
	a := startServer(t, env, t.TempDir())
	b := startServer(t, env, t.TempDir())
	a.waitReady(60 * time.Second)
	b.waitReady(60 * time.Second)
	login := func(user string) string {
		return a.call("POST", "/api/v1/auth/login", "", map[string]string{"username": user, "password": models.DemoPassword})["access_token"].(string)
	}
	sup, admin := login("fzu"), login("admin")
	created := a.call("POST", "/api/v1/achievements", sup, map[string]any{"title": "双进程可见性验证用钙钛矿叠层电池", "summary": "钙钛矿与晶硅叠层的高效太阳电池制备方法。", "region": "350104", "field": "新能源与高效节能"})
	id := fmt.Sprint(int64(created["id"].(float64)))
	a.call("POST", "/api/v1/achievements/"+id+"/submit", sup, nil)
	a.call("POST", "/api/v1/achievements/"+id+"/approve", admin, nil)
	published := time.Now()
	for b.searchTotal("钙钛矿叠层电池") == 0 {
		if time.Since(published) > 2*time.Second {
			t.Fatal("the second server did not find the listing within 2 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("found on the second server after %s", time.Since(published).Round(time.Millisecond))
}
