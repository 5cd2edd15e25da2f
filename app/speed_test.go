package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
	"techmarket/models/modeltest"
	"techmarket/search"
)

// TestSpeedReport measures, in separate processes so each has its own peak
// RSS, the project's reindex throughput and HTTP search latency beside a
// naive Bleve index (cjk analyzer, plain match query) behind the same HTTP
// stack, at 10k and 100k achievements. It only reports; `make bench` runs it:
//
//	TM_BENCH=1 go test -run TestSpeedReport -v -timeout 60m ./app
func TestSpeedReport(t *testing.T) {
	if os.Getenv("TM_BENCH") == "" {
		t.Skip("set TM_BENCH=1 (make bench) to run the speed report")
	}
	sizes := []int{10_000, 100_000}
	if s := os.Getenv("TM_BENCH_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, _ := strconv.Atoi(f)
			sizes = append(sizes, n)
		}
	}
	type row struct {
		DocsPerSec  float64 `json:"docs_per_sec"`
		P50, P99    float64 // milliseconds
		PeakRSSMB   float64 `json:"peak_rss_mb"`
		Queries     int
		ReindexSecs float64
		MatchP50    float64 `json:"match_p50"`
		MatchP99    float64 `json:"match_p99"`
		QPS         float64 `json:"qps"`
	}
	results := map[string]row{}
	for _, n := range sizes {
		for _, variant := range []string{"project", "baseline"} {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSpeedWorker$", "-test.timeout=0")
			cmd.Env = append(os.Environ(), "TM_BENCH_WORKER="+variant, "TM_BENCH_DOCS="+strconv.Itoa(n))
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s at %d: %v\n%s", variant, n, err, out)
			}
			var r row
			line := out[strings.LastIndex(string(out), "RESULT ")+len("RESULT "):]
			if err := json.Unmarshal([]byte(strings.SplitN(string(line), "\n", 2)[0]), &r); err != nil {
				t.Fatalf("%s at %d: %v\n%s", variant, n, err, out)
			}
			results[fmt.Sprintf("%s/%d", variant, n)] = r
		}
	}
	fmt.Printf("\n%-10s %-9s %14s %10s %10s %12s %12s %12s %12s\n", "documents", "index", "reindex doc/s", "p50 ms", "p99 ms", "searches/s", "match p50", "match p99", "peak RSS MB")
	for _, n := range sizes {
		for _, v := range []string{"project", "baseline"} {
			r := results[fmt.Sprintf("%s/%d", v, n)]
			fmt.Printf("%-10d %-9s %14.0f %10.2f %10.2f %12.0f %12.2f %12.2f %12.0f\n", n, v, r.DocsPerSec, r.P50, r.P99, r.QPS, r.MatchP50, r.MatchP99, r.PeakRSSMB)
		}
	}
	fmt.Printf("(searches/s: %d concurrent clients, each on its own kept-alive connection, over the same queries)\n", benchClients)
	fmt.Println("(search latency over HTTP on loopback, one client, queries = CSL keywords and keyword lists; project queries also compute facets and highlights)")
	fmt.Printf("(match latency: GET /needs/{id}/matches over HTTP for %d needs written from papers' keywords, against the achievements plus those needs; the baseline runs a plain match query of the need's text)\n", benchNeeds)
}

// TestSpeedWorker is one measurement, run by TestSpeedReport in its own process.
func TestSpeedWorker(t *testing.T) {
	variant := os.Getenv("TM_BENCH_WORKER")
	if variant == "" {
		t.Skip("run by TestSpeedReport")
	}
	n, _ := strconv.Atoi(os.Getenv("TM_BENCH_DOCS"))
	papers, err := models.DemoPapers()
	if err != nil {
		t.Fatal(err)
	}
	achievements := synthAchievements(papers, n)
	needs := synthNeeds(papers, benchNeeds)
	queries := speedQueries(papers)
	var handler, matches fiber.Handler
	var docsPerSec float64
	var reindex time.Duration
	if variant == "project" {
		db := modeltest.DB(t, "sqlite")
		orgs := []models.Organization{{Name: "基准测试大学", Type: models.OrgUniversity, Region: "350104", Status: models.OrgVerified}}
		db.Create(&orgs)
		users := []models.User{{Username: "bench", PasswordHash: "x", Name: "bench", Role: models.RoleSupplier, OrgID: orgs[0].ID}}
		db.Create(&users)
		for i := range achievements {
			achievements[i].OrgID, achievements[i].CreatedBy = orgs[0].ID, users[0].ID
		}
		if err := db.CreateInBatches(achievements, 500).Error; err != nil {
			t.Fatal(err)
		}
		buyer := models.Organization{Name: "基准测试企业", Type: models.OrgEnterprise, Region: "350181", Status: models.OrgVerified}
		db.Create(&buyer)
		for i := range needs {
			needs[i].OrgID, needs[i].CreatedBy = buyer.ID, users[0].ID
		}
		if err := db.CreateInBatches(needs, 500).Error; err != nil {
			t.Fatal(err)
		}
		cfg := &Config{DataDir: t.TempDir(), AccessTTL: time.Minute, BodyLimitMB: 1, LoginsPerMinute: 100, JWTSecret: testSecret}
		srv, _, err := New(cfg, modeltest.NewMarket(db), slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		stopProfile := benchProfile(t, "reindex")
		start := time.Now()
		if err := srv.indexer.Rebuild(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		reindex = time.Since(start)
		stopProfile()
		handler = srv.search
		matches = listings[models.Need, *models.Need]{srv, "needs", srv.market.Needs()}.matches
	} else {
		m := bleve.NewIndexMapping()
		m.DefaultAnalyzer = cjk.AnalyzerName
		ix, err := bleve.New(filepath.Join(t.TempDir(), "baseline"), m)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		start := time.Now()
		b := ix.NewBatch()
		for i, a := range achievements {
			b.Index(strconv.Itoa(i+1), map[string]string{"title": a.Title, "summary": a.Summary})
			if b.Size() == 500 || i == len(achievements)-1 {
				if err := ix.Batch(b); err != nil {
					t.Fatal(err)
				}
				b = ix.NewBatch()
			}
		}
		for i, nd := range needs {
			needs[i].ID = int64(len(achievements) + 1 + i)
			b.Index(strconv.FormatInt(needs[i].ID, 10), map[string]string{"title": nd.Title, "summary": nd.Summary})
		}
		if err := ix.Batch(b); err != nil {
			t.Fatal(err)
		}
		reindex = time.Since(start)
		text := map[string]string{}
		for _, nd := range needs {
			text[strconv.FormatInt(nd.ID, 10)] = nd.Title + " " + nd.Summary
		}
		matches = func(c *fiber.Ctx) error {
			req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(text[c.Params("id")]), 10, 0, false)
			res, err := ix.Search(req)
			if err != nil {
				return err
			}
			return c.JSON(fiber.Map{"items": res.Hits})
		}
		handler = func(c *fiber.Ctx) error {
			req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(c.Query("q")), 20, 0, false)
			res, err := ix.Search(req)
			if err != nil {
				return err
			}
			return c.JSON(fiber.Map{"items": res.Hits, "total": res.Total})
		}
	}
	docsPerSec = float64(n+len(needs)) / reindex.Seconds()
	f := fiber.New(fiber.Config{DisableStartupMessage: true})
	// The project's handlers run after the route table's query readers,
	// as in serve; the baseline's read their own.
	searchQuery, matchQuery := func(c *fiber.Ctx) error { return c.Next() }, func(c *fiber.Ctx) error { return c.Next() }
	if os.Getenv("TM_BENCH_WORKER") == "project" {
		searchQuery, matchQuery = readQuery(search.Query{}), readQuery(matchCount{})
	}
	f.Get("/api/v1/search", searchQuery, handler)
	f.Get("/api/v1/needs/:id/matches", matchQuery, matches)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go f.Listener(ln)
	defer f.Shutdown()
	root := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	fetch := func(u string) {
		res, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", u, res.StatusCode)
		}
	}
	latencies := func(urls []string) []float64 {
		for _, u := range urls[:min(50, len(urls))] {
			fetch(u) // warm caches and the connection
		}
		lat := make([]float64, 0, len(urls))
		for _, u := range urls {
			start := time.Now()
			fetch(u)
			lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		}
		sort.Float64s(lat)
		return lat
	}
	var searches, needURLs []string
	for _, q := range queries {
		searches = append(searches, root+"/api/v1/search?q="+url.QueryEscape(q))
	}
	for _, nd := range needs {
		needURLs = append(needURLs, root+"/api/v1/needs/"+strconv.FormatInt(nd.ID, 10)+"/matches?size=10")
	}
	stopProfile := benchProfile(t, "search-"+variant)
	lat := latencies(searches)
	stopProfile()
	stopProfile = benchProfile(t, "throughput-"+variant)
	qps := throughput(t, searches[:min(len(searches), 250)], benchClients)
	stopProfile()
	mlat := latencies(needURLs)
	out, _ := json.Marshal(map[string]any{"docs_per_sec": docsPerSec, "P50": lat[len(lat)/2], "P99": lat[len(lat)*99/100],
		"match_p50": mlat[len(mlat)/2], "match_p99": mlat[len(mlat)*99/100],
		"qps": qps, "peak_rss_mb": peakRSSMB(), "Queries": len(lat), "ReindexSecs": reindex.Seconds()})
	fmt.Printf("RESULT %s\n", out)
}

// benchClients is how many concurrent clients the throughput figure has.
const benchClients = 16

// throughput runs every URL of urls once per client, clients at once, each over its
// own kept-alive connection, and returns the requests answered per second.
func throughput(t *testing.T, urls []string, clients int) float64 {
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			for i := range urls {
				u := urls[(i+c*len(urls)/clients)%len(urls)] // each client starts elsewhere
				res, err := client.Get(u)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errs <- fmt.Errorf("%s: %d", u, res.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return float64(clients*len(urls)) / elapsed.Seconds()
}

// benchProfile starts a CPU profile of one phase into $TM_BENCH_PROFILE/<name>.pprof
// when that variable names a directory (read it with go tool pprof -top), and
// returns what stops it.
func benchProfile(t *testing.T, name string) func() {
	dir := os.Getenv("TM_BENCH_PROFILE")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, name+".pprof"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		t.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// synthAchievements makes n published achievements from the papers: titles in
// turn, summaries spliced from two papers' sentences, keywords of a third.
func synthAchievements(papers []models.Paper, n int) []models.Achievement {
	out := make([]models.Achievement, n)
	now := time.Now().UTC()
	for i := range out {
		p, q := papers[i%len(papers)], papers[(i*7+3)%len(papers)]
		a, b := strings.SplitAfter(p.Abstract, "。"), strings.SplitAfter(q.Abstract, "。")
		title := p.Title
		if i >= len(papers) {
			title = fmt.Sprintf("%s（第%d版）", p.Title, i/len(papers)+1)
		}
		out[i] = models.Achievement{
			Listing: models.Listing{Title: title, Summary: strings.Join(a[:(len(a)+1)/2], "") + strings.Join(b[len(b)/2:], ""),
				Keywords: papers[(i*3)%len(papers)].Keywords, Field: models.FieldOfDiscipline(p.Discipline), Region: "350104",
				CoopModes: models.StringList{"转让"}, Status: models.StatusPublished, PublishedAt: &now},
			PriceType: models.PriceIndicative, PriceFen: int64(1+i%50) * 1_000_000, Maturity: 1 + i%9, PatentNumbers: models.StringList{},
		}
	}
	return out
}

// benchNeeds is how many needs the speed report matches against the achievements.
const benchNeeds = 300

// synthNeeds makes published needs the way the matching benchmark writes
// them: only from a paper's keywords.
func synthNeeds(papers []models.Paper, n int) []models.Need {
	out := make([]models.Need, n)
	now := time.Now().UTC()
	for i := range out {
		p := papers[(i*13+5)%len(papers)]
		out[i] = models.Need{Listing: models.Listing{Title: "寻求" + p.Keywords[0] + "相关技术",
			Summary: "企业需要以下方向的技术合作：" + strings.Join(p.Keywords, "、"), Keywords: models.StringList{}, Region: "350181",
			CoopModes: models.StringList{"转让"}, Status: models.StatusPublished, PublishedAt: &now}, BudgetNegotiable: true}
	}
	return out
}

// speedQueries: every distinct keyword of the first papers, then keyword lists.
func speedQueries(papers []models.Paper) []string {
	var qs []string
	seen := map[string]bool{}
	for _, p := range papers {
		for _, k := range p.Keywords {
			if !seen[k] && len(qs) < 800 {
				seen[k] = true
				qs = append(qs, k)
			}
		}
	}
	for _, p := range papers[:200] {
		qs = append(qs, strings.Join(p.Keywords, " "))
	}
	return qs
}

// peakRSSMB reads the process's high-water resident set size from /proc.
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
