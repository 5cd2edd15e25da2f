package main

import (
	"bufio"
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
	"sync"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
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

func TestHelpListsEverySubcommand(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		out, code := command(t, nil, args...)
		if code != 0 {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
		for _, sub := range []string{"serve", "migrate up|down|status", "user create", "import", "reindex", "rollups rebuild", "demo", "backup", "restore"} {
			if !strings.Contains(out, "techmarket "+sub) && !strings.Contains(out, "techmarket ["+sub+"]") {
				t.Errorf("%v does not list %q:\n%s", args, sub, out)
			}
		}
		if args[0] != "help" && !strings.Contains(out, "-data-dir") {
			t.Errorf("%v does not list serve's options:\n%s", args, out)
		}
	}
}

// The turnover rollups (what statistics and bulletins read) are rebuilt
// from the registered contracts, as after a bulk load that bypassed them.
func TestRollupsRebuildCommand(t *testing.T) {
	databases(t, func(t *testing.T, env []string) {
		data := t.TempDir()
		loadDemo(t, env, data)
		db := openDatabase(t, env, data)
		var before []models.TurnoverRollup
		if err := db.Order("day, seller_division, agency_id, type, field").Find(&before).Error; err != nil || len(before) == 0 {
			t.Fatalf("the demo's rollups: %d rows, %v", len(before), err)
		}
		var contracts int64
		db.Model(&models.Contract{}).Where("status = ?", models.ContractRegistered).Count(&contracts)
		db.Exec("DELETE FROM turnover_rollups")
		out, code := command(t, env, "rollups", "rebuild", "--data-dir", data)
		if code != 0 {
			t.Fatalf("rollups rebuild: exit %d\n%s", code, out)
		}
		if want := fmt.Sprintf("registered contracts %d，汇总行 rows %d", contracts, len(before)); !strings.Contains(out, want) {
			t.Errorf("report %q; want %q", out, want)
		}
		var after []models.TurnoverRollup
		db.Order("day, seller_division, agency_id, type, field").Find(&after)
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("rebuilt rollups differ from those registration wrote:\n%v\n%v", after, before)
		}
		if out, code := command(t, env, "rollups", "--data-dir", data); code == 0 || !strings.Contains(out, "rollups rebuild") {
			t.Errorf("rollups without rebuild: exit %d\n%s", code, out)
		}
	})
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
	// The process tests run auctions that start now: no minimum announcement
	// period, unless a test's env says otherwise (the last value wins).
	s.cmd.Env = append(append(os.Environ(), "TM_AUCTION_NOTICE_DAYS=0"), env...)
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

// openDatabase opens the database the commands run with env and dataDir use,
// closed when the test ends.
func openDatabase(t *testing.T, env []string, dataDir string) *gorm.DB {
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
	t.Cleanup(func() { sqlDB, _ := db.DB(); sqlDB.Close() })
	return db
}

func publishedCount(t *testing.T, env []string, dataDir string) int {
	t.Helper()
	db := openDatabase(t, env, dataDir)
	// Open challenges are searchable too.
	var a, n, c int64
	db.Model(&models.Achievement{}).Where("status = ?", "published").Count(&a)
	db.Model(&models.Need{}).Where("status = ?", "published").Count(&n)
	db.Model(&models.Challenge{}).Where("status = ?", models.ChallengePublished).Count(&c)
	return int(a + n + c)
}

// loadDemo loads the demo market into the database that env and dataDir name.
func loadDemo(t *testing.T, env []string, dataDir string) {
	t.Helper()
	if out, code := command(t, env, "demo", "--data-dir", dataDir); code != 0 {
		t.Fatalf("demo: %s", out)
	}
}

// databases yields the environment of each database the test should run on.
func databases(t *testing.T, fn func(t *testing.T, env []string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, nil) })
	if os.Getenv("TM_TEST_POSTGRES_URL") != "" {
		t.Run("postgres", func(t *testing.T) {
			// Several processes on one PostgreSQL share one secret; serve refuses to start without it.
			fn(t, []string{"TM_DATABASE_URL=" + modeltest.PostgresDatabase(t), "TM_JWT_SECRET=main-test-secret-4b1d9e7a2c6f0b8d3e5a"})
		})
	}
}

func TestKilledWhileIndexingThenRestartedIsConsistent(t *testing.T) {
	databases(t, func(t *testing.T, env []string) {
		data := t.TempDir()
		loadDemo(t, env, data)
		// The demo is Fuzhou's market, with its 主办单位 and filings in every page's footer.
		var site models.Site
		if err := openDatabase(t, env, data).First(&site, 1).Error; err != nil || site.MarketName != "福州网上技术市场" ||
			site.Host != "福州市科学技术局" || site.ICP == "" || site.PoliceFiling == "" || site.Hotline == "" {
			t.Errorf("the demo's site: %+v %v", site, err)
		}
		// Its home page has 通知公告 and 政策法规, published.
		var articles int64
		openDatabase(t, env, data).Model(&models.Article{}).Where("status = ?", models.ArticlePublished).Count(&articles)
		if articles != 6 {
			t.Errorf("the demo has %d published articles, want 6", articles)
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
	env := []string{"TM_DATABASE_URL=" + modeltest.PostgresDatabase(t), "TM_JWT_SECRET=main-test-secret-4b1d9e7a2c6f0b8d3e5a"}
	loadDemo(t, env, t.TempDir())
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

// auctionOnDemo creates, through server s, an auction of one demo achievement
// ending at end, and admits the three demo enterprises. It returns the lot id
// and the bidders' tokens.
func auctionOnDemo(t *testing.T, s *server, end time.Time) (int64, int64, []string) {
	t.Helper()
	login := func(user string) string {
		return s.call("POST", "/api/v1/auth/login", "", map[string]string{"username": user, "password": models.DemoPassword})["access_token"].(string)
	}
	admin := login("admin")
	list := s.call("GET", "/api/v1/achievements?size=1", "", nil)
	ach := int64(list["items"].([]any)[0].(map[string]any)["id"].(float64))
	a := s.call("POST", "/api/v1/auctions", admin, map[string]any{"title": "进程测试竞价会", "starts_at": time.Now().Add(-time.Minute),
		"ends_at": end, "anti_snipe_minutes": 0, "lots": []map[string]any{{"achievement_id": ach, "start_price_fen": 100_000, "increment_fen": 1_000, "reserve_fen": 0}}})
	auctionID := int64(a["id"].(float64))
	lot := int64(a["lots"].([]any)[0].(map[string]any)["id"].(float64))
	var tokens []string
	for _, u := range []string{"fuyao", "chint", "jomoo"} {
		tok := login(u)
		ad := s.call("POST", fmt.Sprintf("/api/v1/auctions/%d/apply", auctionID), tok, nil)
		s.call("POST", fmt.Sprintf("/api/v1/admissions/%d/admit", int64(ad["id"].(float64))), admin, nil)
		tokens = append(tokens, tok)
	}
	return auctionID, lot, tokens
}

// tryBid posts a bid and reports the accepted bid's id, or 0 when refused.
func (s *server) tryBid(lot int64, token string, amount int64, key string) int64 {
	b, _ := json.Marshal(map[string]any{"amount_fen": amount, "client_key": key})
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/lots/%d/bids", s.base, lot), bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != 201 {
		return 0
	}
	return int64(out["bid"].(map[string]any)["id"].(float64))
}

func TestKilledDuringLiveAuctionLosesNoBid(t *testing.T) {
	databases(t, func(t *testing.T, env []string) {
		env = append(env, "TM_JWT_SECRET=main-test-secret-4b1d9e7a2c6f0b8d3e5a")
		data := t.TempDir()
		loadDemo(t, env, data)
		s := startServer(t, env, data)
		s.waitReady(60 * time.Second)
		end := time.Now().Add(6 * time.Second)
		_, lot, tokens := auctionOnDemo(t, s, end)
		var accepted []int64
		amount := int64(100_000)
		for i := 0; i < 12; i++ {
			if id := s.tryBid(lot, tokens[i%3], amount, fmt.Sprintf("k%d", i)); id > 0 {
				accepted = append(accepted, id)
				amount += 1_000
			}
		}
		s.kill()
		s = startServer(t, env, data)
		s.waitReady(60 * time.Second)
		time.Sleep(time.Until(end))
		db, err := models.Open(envURL(env), data)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { sqlDB, _ := db.DB(); sqlDB.Close() }()
		var n int64
		db.Model(&models.Bid{}).Where("id IN ?", accepted).Count(&n)
		// The restarted scheduler closes the lot on its next pass; on a
		// loaded machine that may come some seconds after the end.
		var l models.Lot
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			db.First(&l, lot)
			if l.Status != models.LotOpen || time.Now().After(deadline) {
				break
			}
		}
		if int(n) != len(accepted) || len(accepted) != 12 {
			t.Fatalf("%d of %d accepted bids survived (of 12 sent)", n, len(accepted))
		}
		if l.Status != models.LotSold || l.CurrentPriceFen != amount-1_000 || l.DealID == nil {
			t.Fatalf("after restart the lot is %+v, want sold at %d", l, amount-1_000)
		}
	})
}

func envURL(env []string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "TM_DATABASE_URL="); ok {
			return v
		}
	}
	return ""
}

func TestTwoServersBidOnOneLot(t *testing.T) {
	if os.Getenv("TM_TEST_POSTGRES_URL") == "" {
		t.Skip("TM_TEST_POSTGRES_URL 未设置：两个 serve 进程竞价的测试跳过")
	}
	env := []string{"TM_DATABASE_URL=" + modeltest.PostgresDatabase(t), "TM_JWT_SECRET=main-test-secret-4b1d9e7a2c6f0b8d3e5a"}
	loadDemo(t, env, t.TempDir())
	a, b := startServer(t, env, t.TempDir()), startServer(t, env, t.TempDir())
	a.waitReady(60 * time.Second)
	b.waitReady(60 * time.Second)
	auctionID, lot, tokens := auctionOnDemo(t, a, time.Now().Add(time.Hour))
	// A watcher on server B sees a bid placed on server A within a second.
	res, err := http.Get(fmt.Sprintf("%s/api/v1/auctions/%d/events", b.base, auctionID))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	seen := make(chan time.Time, 100)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: bid") {
				seen <- time.Now()
			}
		}
	}()
	time.Sleep(300 * time.Millisecond)
	sent := time.Now()
	if a.tryBid(lot, tokens[0], 100_000, "first") == 0 {
		t.Fatal("first bid refused")
	}
	select {
	case at := <-seen:
		t.Logf("bid on A seen on B after %s", at.Sub(sent).Round(time.Millisecond))
		if at.Sub(sent) > time.Second {
			t.Errorf("fan-out took %s", at.Sub(sent))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the watcher on B never saw the bid placed on A")
	}
	// Then 30 goroutines bid through both servers at once.
	var wg sync.WaitGroup
	for g := 0; g < 30; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			s := []*server{a, b}[g%2]
			for i := 0; i < 5; i++ {
				cur := s.call("GET", fmt.Sprintf("/api/v1/auctions/%d", auctionID), "", nil)["auction"].(map[string]any)["lots"].([]any)[0].(map[string]any)
				s.tryBid(lot, tokens[g%3], int64(cur["current_price_fen"].(float64))+1_000, fmt.Sprintf("g%d-%d", g, i))
			}
		}(g)
	}
	wg.Wait()
	db, err := models.Open(envURL(env), "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { sqlDB, _ := db.DB(); sqlDB.Close() }()
	var bids []models.Bid
	db.Where("lot_id = ?", lot).Order("id").Find(&bids)
	for i := 1; i < len(bids); i++ {
		if bids[i].AmountFen < bids[i-1].AmountFen+1_000 {
			t.Errorf("bid %d: %d after %d", i, bids[i].AmountFen, bids[i-1].AmountFen)
		}
	}
	var l models.Lot
	db.First(&l, lot)
	if l.BidCount != len(bids) || l.CurrentPriceFen != bids[len(bids)-1].AmountFen {
		t.Errorf("lot %+v after %d bids ending at %d", l, len(bids), bids[len(bids)-1].AmountFen)
	}
	t.Logf("%d bids accepted across two servers", len(bids))
}

// status sends a request and returns only the status, for requests that
// are expected to be refused as often as accepted.
func (s *server) status(method, path, token string, body any) int {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, s.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// atOnce runs n requests released together, alternating between servers,
// and returns their statuses.
func atOnce(n int, servers []*server, req func(s *server, i int) int) []int {
	out := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			out[i] = req(servers[i%len(servers)], i)
		}(i)
	}
	close(start)
	wg.Wait()
	return out
}

func tally(statuses []int) (ok, conflict, other int) {
	for _, s := range statuses {
		switch {
		case s >= 200 && s < 300:
			ok++
		case s == 409:
			conflict++
		default:
			other++
		}
	}
	return
}

// Two serve processes on one PostgreSQL, the two races seen in production:
// offers, auctions and notices of one achievement sent to both at once open
// one sale; an admission admitted through both at once is admitted once,
// with one notification, one live event and one audit entry.
func TestTwoServersActOnce(t *testing.T) {
	if os.Getenv("TM_TEST_POSTGRES_URL") == "" {
		t.Skip("TM_TEST_POSTGRES_URL 未设置：两个 serve 进程共享 PostgreSQL 的一次性操作测试跳过")
	}
	env := []string{"TM_DATABASE_URL=" + modeltest.PostgresDatabase(t), "TM_JWT_SECRET=main-test-secret-4b1d9e7a2c6f0b8d3e5a"}
	loadDemo(t, env, t.TempDir())
	a, b := startServer(t, env, t.TempDir()), startServer(t, env, t.TempDir())
	a.waitReady(60 * time.Second)
	b.waitReady(60 * time.Second)
	servers := []*server{a, b}
	login := func(user string) string {
		return a.call("POST", "/api/v1/auth/login", "", map[string]string{"username": user, "password": models.DemoPassword})["access_token"].(string)
	}
	seller, admin := login("fzu"), login("admin")
	buyers := []string{login("fuyao"), login("chint"), login("jomoo")}
	db, err := models.Open(envURL(env), "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { sqlDB, _ := db.DB(); sqlDB.Close() }()
	sellerOrg := int64(a.call("GET", "/api/v1/me", seller, nil)["org"].(map[string]any)["id"].(float64))
	buyerOrg := int64(a.call("GET", "/api/v1/me", buyers[1], nil)["org"].(map[string]any)["id"].(float64))

	t.Run("one open sale per achievement", func(t *testing.T) {
		var achs []int64
		db.Model(&models.Achievement{}).Where("org_id = ? AND status = ?", sellerOrg, models.StatusPublished).Order("id").Limit(4).Pluck("id", &achs)
		if len(achs) < 4 {
			t.Fatalf("demo has %d published achievements of 福州大学", len(achs))
		}
		for round, ach := range achs {
			statuses := atOnce(12, servers, func(s *server, i int) int {
				switch (i/2 + round) % 3 { // both servers take every channel
				case 0:
					return s.status("POST", "/api/v1/offers", seller, map[string]any{"achievement_id": ach, "price_fen": 5_000_000, "ends_at": time.Now().Add(time.Hour)})
				case 1:
					return s.status("POST", "/api/v1/auctions", admin, map[string]any{"title": "双进程同一成果竞价会", "starts_at": time.Now(), "ends_at": time.Now().Add(time.Hour),
						"lots": []map[string]any{{"achievement_id": ach, "start_price_fen": 100_000, "increment_fen": 10_000, "reserve_fen": 0}}})
				}
				return s.status("POST", "/api/v1/notices", seller, map[string]any{"achievement_id": ach, "buyer_org_id": buyerOrg, "price_fen": 6_000_000})
			})
			ok, conflict, other := tally(statuses)
			var offers, lots, noticed int64
			db.Model(&models.Offer{}).Where("achievement_id = ? AND status = ?", ach, models.OfferOpen).Count(&offers)
			db.Model(&models.Lot{}).Where("achievement_id = ? AND status = ?", ach, models.LotOpen).Count(&lots)
			db.Model(&models.Deal{}).Where("achievement_id = ? AND status = ?", ach, models.DealNoticed).Count(&noticed)
			if ok != 1 || conflict != 11 || other != 0 || offers+lots+noticed != 1 {
				t.Errorf("achievement %d: statuses %v; open offers %d, lots %d, notices %d", ach, statuses, offers, lots, noticed)
			}
		}
	})

	t.Run("each admission admitted once", func(t *testing.T) {
		var ach int64
		db.Model(&models.Achievement{}).Where("org_id <> ? AND status = ?", sellerOrg, models.StatusPublished).Order("id").Limit(1).Pluck("id", &ach)
		auction := a.call("POST", "/api/v1/auctions", admin, map[string]any{"title": "双进程准入测试竞价会", "starts_at": time.Now(), "ends_at": time.Now().Add(time.Hour),
			"lots": []map[string]any{{"achievement_id": ach, "start_price_fen": 100_000, "increment_fen": 10_000, "reserve_fen": 0}}})
		auctionID := int64(auction["id"].(float64))
		var lastEvent int64
		db.Model(&models.OutboxEvent{}).Select("COALESCE(MAX(id), 0)").Scan(&lastEvent)
		for i, tok := range buyers {
			ad := []*server{a, b}[i%2].call("POST", fmt.Sprintf("/api/v1/auctions/%d/apply", auctionID), tok, nil)
			id := int64(ad["id"].(float64))
			statuses := atOnce(12, servers, func(s *server, _ int) int {
				return s.status("POST", fmt.Sprintf("/api/v1/admissions/%d/admit", id), admin, nil)
			})
			var audits, notes, events int64
			db.Model(&models.AuditLog{}).Where("action = ? AND entity_id = ?", "auction.admit", id).Count(&audits)
			// The demo's own auctions admitted these enterprises before: count this auction's.
			db.Model(&models.Notification{}).Where("kind = ? AND user_id = ? AND link = ?", "auction.admitted", int64(ad["user_id"].(float64)),
				fmt.Sprintf("/auctions/%d", auctionID)).Count(&notes)
			db.Model(&models.OutboxEvent{}).Where("topic = ? AND id > ? AND payload LIKE ?", "auction.admitted", lastEvent, fmt.Sprintf(`%%"admission_id":%d,%%`, id)).Count(&events)
			if ok, conflict, other := tally(statuses); ok != 1 || conflict != 11 || other != 0 || audits != 1 || notes != 1 || events != 1 {
				t.Errorf("admission %d: statuses %v; %d audit entries, %d notifications, %d live events", id, statuses, audits, notes, events)
			}
		}
	})
}
