package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"techmarket/models"
)

// scrape reads a Prometheus text page into series (name{labels}) -> value.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("scrape %s: %d %s", url, res.StatusCode, b)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("scrape: bad line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

// importListings imports n published achievements titled prefix 1..n.
func importAchievements(t *testing.T, env []string, data, prefix string, n int) {
	t.Helper()
	var rows strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&rows, `{"external_id":"%s-%d","title":"%s %d 号","summary":"用于运维检验的成果，编号 %d。","region":"350104","org":"福州大学"}`+"\n", prefix, i, prefix, i, i)
	}
	file := filepath.Join(t.TempDir(), prefix+".jsonl")
	os.WriteFile(file, []byte(rows.String()), 0o644)
	if out, code := command(t, env, "import", "--kind", "achievement", "--publish", "--file", file, "--data-dir", data); code != 0 {
		t.Fatalf("import: %s", out)
	}
}

func TestMetricsOnTheirOwnAddress(t *testing.T) {
	databases(t, func(t *testing.T, env []string) {
		data := t.TempDir()
		importAchievements(t, env, data, "指标检验成果", 3)
		metricsAddr := freePort(t)
		s := startServer(t, append(env, "TM_METRICS_ADDR="+metricsAddr), data)
		s.waitReady(60 * time.Second)
		url := "http://" + metricsAddr + "/metrics"
		before := scrape(t, url)

		// Two listings read by id: one series, under the route's pattern.
		r := s.call("GET", "/api/v1/achievements?size=2", "", nil)
		for _, it := range r["items"].([]any) {
			s.call("GET", fmt.Sprintf("/api/v1/achievements/%d", int64(it.(map[string]any)["id"].(float64))), "", nil)
		}
		if res, err := http.Get(s.base + "/api/v1/achievements/999999"); err != nil || res.StatusCode != 404 {
			t.Fatalf("an unknown achievement: %v %v", res, err)
		} else {
			res.Body.Close()
		}
		importAchievements(t, env, data, "指标新增成果", 2)
		s.waitReady(10 * time.Second)
		time.Sleep(1200 * time.Millisecond) // a few scheduler ticks
		after := scrape(t, url)

		detail := `techmarket_http_request_duration_seconds_count{method="GET",route="/api/v1/achievements/:id",status="200"}`
		if after[detail] != 2 {
			t.Errorf("%s = %v, want 2", detail, after[detail])
		}
		missing := `techmarket_http_request_duration_seconds_count{method="GET",route="/api/v1/achievements/:id",status="404"}`
		if after[missing] != 1 {
			t.Errorf("%s = %v, want 1", missing, after[missing])
		}
		raw := regexp.MustCompile(`route="[^"]*[0-9]{2,}`)
		for k := range after {
			if raw.MatchString(k) {
				t.Errorf("a raw URL became a series: %s", k)
			}
		}
		docs := "techmarket_search_index_documents"
		if before[docs] != 3 || after[docs] != 5 {
			t.Errorf("%s: %v before, %v after; want 3 then 5", docs, before[docs], after[docs])
		}
		for _, p := range []string{"search_index", "live_events"} {
			for _, m := range []string{"techmarket_outbox_lag_events", "techmarket_outbox_lag_seconds"} {
				k := m + `{process="` + p + `"}`
				if v, ok := after[k]; !ok || v != 0 {
					t.Errorf("%s = %v (present %v), want 0 once ready", k, v, ok)
				}
			}
		}
		if _, ok := after[`techmarket_outbox_lag_events{process="saved_searches"}`]; !ok {
			t.Error("no outbox lag of saved_searches")
		}
		if v, ok := after["techmarket_bid_queue_depth"]; !ok || v != 0 {
			t.Errorf("techmarket_bid_queue_depth = %v (present %v), want 0 with no bids", v, ok)
		}
		runs := `techmarket_scheduler_job_runs_total{job="auction.close"}`
		if !(after[runs] > before[runs]) {
			t.Errorf("%s did not move: %v then %v", runs, before[runs], after[runs])
		}
		if v, ok := after[`techmarket_scheduler_job_failures_total{job="auction.close"}`]; !ok || v != 0 {
			t.Errorf("auction.close failures = %v (present %v)", v, ok)
		}

		// The main address does not serve the metrics.
		res, err := http.Get(s.base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(b), "techmarket_") {
			t.Errorf("the main address serves the metrics: %d %.200s", res.StatusCode, b)
		}
	})
}

// dirState is every file under dir with its SHA-256, to prove a refused
// command changed nothing. With live set, the files a running server
// changes by itself (the database's, the index's) count by name only.
func dirState(t *testing.T, dir string, live bool) map[string][32]byte {
	t.Helper()
	state := map[string][32]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		if live && (strings.HasPrefix(rel, "techmarket.db") || strings.HasPrefix(rel, "index")) {
			if rel == "techmarket.db" || rel == "index" {
				state[rel] = [32]byte{}
			}
			return nil
		}
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			state[p] = sha256.Sum256(b)
		}
		return nil
	})
	return state
}

func sameState(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A backup taken while listings are being published restores to a market
// holding every listing acknowledged before the backup began, with the
// stored files and the JWT secret, that serves and finds them.
func TestBackupWhileWritingRestores(t *testing.T) {
	data := t.TempDir()
	importAchievements(t, nil, data, "备份前已有成果", 3)
	stored := filepath.Join(data, "contracts", "7", "c0ffee.pdf")
	os.MkdirAll(filepath.Dir(stored), 0o700)
	os.WriteFile(stored, []byte("%PDF-1.4 合同文本"), 0o600)
	s := startServer(t, nil, data)
	s.waitReady(60 * time.Second)
	secret, err := os.ReadFile(filepath.Join(data, "jwt.secret"))
	if err != nil {
		t.Fatal(err)
	}

	// Writers publish listings through the models against the live server's
	// database, each noting when its write was acknowledged.
	db := openDatabase(t, nil, data)
	market := models.NewMarket(db)
	type ack struct {
		id string
		at time.Time
	}
	var (
		mu    sync.Mutex
		acks  []ack
		stop  atomic.Bool
		wg    sync.WaitGroup
		fails atomic.Int64
	)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				id := fmt.Sprintf("w%d-%d", w, i)
				row := fmt.Sprintf(`{"external_id":"%s","title":"备份期间发布的成果 %s","summary":"在备份进行时发布，用于检验备份一致性。","region":"350104","org":"福州大学"}`, id, id)
				rep, err := market.ImportListings(context.Background(), []byte(row+"\n"), models.ImportOptions{Kind: "achievement", Publish: true})
				if err != nil || rep.Imported != 1 {
					fails.Add(1)
					continue
				}
				mu.Lock()
				acks = append(acks, ack{id, time.Now()})
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Second)
	archive := filepath.Join(t.TempDir(), "market.tar.gz")
	started := time.Now()
	out, code := command(t, nil, "backup", "--data-dir", data, "--file", archive)
	time.Sleep(200 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: exit %d\n%s", code, out)
	}
	var before []string
	for _, a := range acks {
		if a.at.Before(started) {
			before = append(before, a.id)
		}
	}
	t.Logf("%d listings acknowledged before the backup began, %d in all, %d failed writes", len(before), len(acks), fails.Load())
	if len(before) < 3 || len(acks) == len(before) {
		t.Fatalf("the writes did not run across the backup: %d before, %d in all", len(before), len(acks))
	}

	// The running server's data directory is refused, changing nothing.
	held := dirState(t, data, true)
	if out, code := command(t, nil, "restore", "--data-dir", data, "--file", archive); code == 0 || !strings.Contains(out, "--force") {
		t.Errorf("restore over data without --force: exit %d\n%s", code, out)
	}
	if out, code := command(t, nil, "restore", "--data-dir", data, "--file", archive, "--force"); code == 0 || !strings.Contains(out, "停止 serve") {
		t.Errorf("restore --force under a running server: exit %d\n%s", code, out)
	}
	if after := dirState(t, data, true); !sameState(held, after) {
		t.Errorf("a refused restore changed the data directory:\n%v\n%v", held, after)
	}
	s.kill()

	restored := filepath.Join(t.TempDir(), "restored")
	if out, code := command(t, nil, "restore", "--data-dir", restored, "--file", archive); code != 0 {
		t.Fatalf("restore: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(restored, "contracts", "7", "c0ffee.pdf")); string(b) != "%PDF-1.4 合同文本" {
		t.Errorf("stored file restored as %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(restored, "jwt.secret")); !bytes.Equal(b, secret) {
		t.Error("the JWT secret was not restored")
	}
	if _, err := os.Stat(filepath.Join(restored, "index")); err == nil {
		t.Error("an index was restored; it must be rebuilt from the database")
	}
	r := startServer(t, nil, restored)
	r.waitReady(60 * time.Second)
	rdb := openDatabase(t, nil, restored)
	for _, id := range before {
		var n int64
		rdb.Model(&models.Achievement{}).Where("external_id = ? AND status = ?", id, "published").Count(&n)
		if n != 1 {
			t.Errorf("listing %s, acknowledged before the backup began, is not in the restored market", id)
		}
	}
	if got := r.searchTotal("备份期间发布的成果"); got < len(before) {
		t.Errorf("the restored market finds %d of the %d listings written before the backup", got, len(before))
	}
	if got, want := r.searchTotal(""), publishedCount(t, nil, restored); got != want {
		t.Errorf("restored index holds %d listings, database %d published", got, want)
	}
	pick := r.call("GET", "/api/v1/achievements?external_id="+before[0], "", nil)
	if pick["total"].(float64) != 1 {
		t.Errorf("the restored market does not serve listing %s: %v", before[0], pick)
	}
	r.kill()

	// --force over a stopped market sets its data aside.
	if out, code := command(t, nil, "restore", "--data-dir", data, "--file", archive, "--force"); code != 0 || !strings.Contains(out, ".replaced-") {
		t.Errorf("restore --force: exit %d\n%s", code, out)
	}
	aside, _ := filepath.Glob(filepath.Join(data, ".replaced-*", "techmarket.db"))
	if len(aside) != 1 {
		t.Errorf("the replaced database was not set aside: %v", aside)
	}
}

// writeArchive writes a tar.gz of name -> content, in the order given.
func writeTestArchive(t *testing.T, file string, entries ...[2]string) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		tw.WriteHeader(&tar.Header{Name: e[0], Mode: 0o600, Size: int64(len(e[1]))})
		tw.Write([]byte(e[1]))
	}
	tw.Close()
	gz.Close()
	os.WriteFile(file, buf.Bytes(), 0o600)
}

// Bad archives are refused with a Chinese reason, and the data directory is
// left as it was: absent, or holding what it held.
func TestRestoreRefusesBadArchives(t *testing.T) {
	data := t.TempDir()
	importAchievements(t, nil, data, "恢复检验成果", 1)
	good := filepath.Join(t.TempDir(), "good.tar.gz")
	if out, code := command(t, nil, "backup", "--data-dir", data, "--file", good); code != 0 {
		t.Fatalf("backup: %s", out)
	}
	if out, code := command(t, nil, "backup", "--data-dir", data, "--file", good); code == 0 || !strings.Contains(out, "已存在") {
		t.Errorf("backup over an existing file: exit %d\n%s", code, out)
	}
	whole, _ := os.ReadFile(good)
	dir := t.TempDir()
	bad := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	flipped := bytes.Clone(whole)
	flipped[len(flipped)/2] ^= 0xff
	wrongVersion := filepath.Join(dir, "v9.tar.gz")
	writeTestArchive(t, wrongVersion, [2]string{"manifest.json", `{"format":"techmarket-backup","version":9,"files":[]}`})
	notOurs := filepath.Join(dir, "other.tar.gz")
	writeTestArchive(t, notOurs, [2]string{"README", "hello"})
	cases := []struct {
		name, file, want string
	}{
		{"missing", filepath.Join(dir, "nope.tar.gz"), "不存在"},
		{"not gzip", bad("text.tar.gz", []byte("这不是备份")), "已损坏"},
		{"truncated", bad("half.tar.gz", whole[:len(whole)/2]), "已损坏"},
		{"a byte changed", bad("flipped.tar.gz", flipped), "已损坏"},
		{"another tar", notOurs, "清单"},
		{"wrong version", wrongVersion, "版本 9 不受支持"},
	}
	existing := dirState(t, data, false)
	for _, c := range cases {
		target := filepath.Join(t.TempDir(), "market")
		out, code := command(t, nil, "restore", "--data-dir", target, "--file", c.file)
		if code == 0 || !strings.Contains(out, c.want) {
			t.Errorf("%s: exit %d, want an error saying %q:\n%s", c.name, code, c.want, out)
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("%s: the refused restore left %s behind", c.name, target)
		}
		out, code = command(t, nil, "restore", "--data-dir", data, "--file", c.file, "--force")
		if code == 0 {
			t.Errorf("%s with --force over data: exit 0\n%s", c.name, out)
		}
		if !sameState(existing, dirState(t, data, false)) {
			t.Errorf("%s: a refused restore with --force changed the data directory", c.name)
		}
	}
	if out, code := command(t, []string{"TM_DATABASE_URL=postgres://nobody@127.0.0.1:1/none"}, "backup", "--file", filepath.Join(dir, "pg.tar.gz")); code == 0 || !strings.Contains(out, "pg_dump") {
		t.Errorf("backup on PostgreSQL: exit %d\n%s", code, out)
	}
}
