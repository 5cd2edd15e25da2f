package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/search"
)

// TestScaleReport is `make bench-scale`: a province-sized market (by default
// 1,000,000 achievements and 300,000 needs) generated from the CSL titles and
// abstracts, indexed once, then served by a second process that opens the
// existing index. It reports the index size on disk, the start time, search
// and match latency over HTTP and peak RSS beside the goals. It takes long
// and is not part of make test:
//
//	TM_SCALE=1 TM_SCALE_ACHIEVEMENTS=1000000 TM_SCALE_NEEDS=300000 go test -run TestScaleReport -v -timeout 0 ./app
func TestScaleReport(t *testing.T) {
	if os.Getenv("TM_SCALE") == "" {
		t.Skip("set TM_SCALE=1 (make bench-scale) to run the province-scale benchmark")
	}
	if _, err := os.Stat(filepath.Join(scaleCSLDir(), "papers-dev.jsonl")); err != nil {
		t.Skipf("CSL data not found at %s (set TM_CSL_DIR to the folder holding papers-dev.jsonl and titles-train.tsv): %v", scaleCSLDir(), err)
	}
	nA, nN := scaleSize("TM_SCALE_ACHIEVEMENTS", 1_000_000), scaleSize("TM_SCALE_NEEDS", 300_000)
	dir := os.Getenv("TM_SCALE_DIR") // kept when given, to serve it again
	if dir == "" {
		dir = t.TempDir()
	}
	run := func(phase string) map[string]float64 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestScaleWorker$", "-test.timeout=0")
		cmd.Env = append(os.Environ(), "TM_SCALE_WORKER="+phase, "TM_SCALE_DIR="+dir,
			"TM_SCALE_ACHIEVEMENTS="+strconv.Itoa(nA), "TM_SCALE_NEEDS="+strconv.Itoa(nN))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v\n%s", phase, err, out)
		}
		i := strings.LastIndex(string(out), "RESULT ")
		if i < 0 {
			t.Fatalf("%s: no result\n%s", phase, out)
		}
		r := map[string]float64{}
		if err := json.Unmarshal([]byte(strings.SplitN(string(out[i+len("RESULT "):]), "\n", 2)[0]), &r); err != nil {
			t.Fatalf("%s: %v\n%s", phase, err, out)
		}
		return r
	}
	build := map[string]float64{}
	if _, err := os.Stat(filepath.Join(dir, "index")); err != nil {
		build = run("build")
	}
	serve := run("serve")
	var size int64
	filepath.WalkDir(filepath.Join(dir, "index"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				size += info.Size()
			}
		}
		return nil
	})
	fmt.Printf("\nprovince scale: %d achievements + %d needs (CSL titles and abstracts recombined, %d organisations)\n", nA, nN, scaleOrgs)
	if len(build) > 0 {
		fmt.Printf("%-34s %12.0f s   (%0.f listings/s)\n", "generate and insert into SQLite", build["insert_secs"], float64(nA+nN)/build["insert_secs"])
		fmt.Printf("%-34s %12.0f s   (%0.f documents/s)\n", "rebuild the index", build["reindex_secs"], build["docs_per_sec"])
		fmt.Printf("%-34s %12.0f MB\n", "peak RSS while rebuilding", build["peak_rss_mb"])
	}
	fmt.Printf("%-34s %12s %12s\n", "figure", "measured", "goal")
	fmt.Printf("%-34s %12.0f %12s\n", "index on disk, MB", float64(size)/(1<<20), "")
	fmt.Printf("%-34s %12.2f %12s\n", "start with the existing index, s", serve["start_secs"], "< 5")
	fmt.Printf("%-34s %12.2f %12s\n", "search p50, ms", serve["search_p50"], "")
	fmt.Printf("%-34s %12.2f %12s\n", "search p99, ms", serve["search_p99"], "< 50")
	fmt.Printf("%-34s %12.2f %12s\n", "match p50, ms", serve["match_p50"], "")
	fmt.Printf("%-34s %12.2f %12s\n", "match p99, ms", serve["match_p99"], "< 150")
	fmt.Printf("%-34s %12.0f %12s\n", "peak RSS serving, MB", serve["peak_rss_mb"], "< 3072")
	fmt.Println("(over HTTP on loopback, one client; searches compute facets and highlights; matches are GET /needs/{id}/matches?size=10)")
}

// TestScaleWorker is one phase of TestScaleReport in its own process: build
// (generate, insert, rebuild the index) or serve (open it and measure).
func TestScaleWorker(t *testing.T) {
	phase := os.Getenv("TM_SCALE_WORKER")
	if phase == "" {
		t.Skip("run by TestScaleReport")
	}
	dir := os.Getenv("TM_SCALE_DIR")
	nA, nN := scaleSize("TM_SCALE_ACHIEVEMENTS", 0), scaleSize("TM_SCALE_NEEDS", 0)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := &Config{DataDir: dir, AccessTTL: time.Minute, BodyLimitMB: 1, LoginsPerMinute: 100, JWTSecret: testSecret}
	result := map[string]float64{}
	if phase == "build" {
		start := time.Now()
		db, err := models.Open("", dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := models.Migrate(db, migrations.FS, "up"); err != nil {
			t.Fatal(err)
		}
		g := newScaleGen(t)
		orgs, user := g.orgs(), models.User{Username: "scale", PasswordHash: "x", Name: "scale", Role: models.RoleSupplier}
		if err := db.CreateInBatches(orgs, 500).Error; err != nil {
			t.Fatal(err)
		}
		user.OrgID = orgs[0].ID
		if err := db.Create(&user).Error; err != nil {
			t.Fatal(err)
		}
		const chunk = 5000
		inserted := &scaleProgress{what: "inserted", total: nA + nN, since: start}
		for done := 0; done < nA; done += chunk {
			as := g.achievements(orgs, user.ID, done, min(chunk, nA-done))
			if err := db.CreateInBatches(as, 500).Error; err != nil {
				t.Fatal(err)
			}
			inserted.at(done + len(as))
		}
		for done := 0; done < nN; done += chunk {
			ns := g.needs(orgs, user.ID, done, min(chunk, nN-done))
			if err := db.CreateInBatches(ns, 500).Error; err != nil {
				t.Fatal(err)
			}
			inserted.at(nA + done + len(ns))
		}
		result["insert_secs"] = time.Since(start).Seconds()
		srv, _, err := New(cfg, models.NewMarket(db), log)
		if err != nil {
			t.Fatal(err)
		}
		start = time.Now()
		indexed := &scaleProgress{what: "indexed", since: start}
		progress := func(done, total int) { indexed.total = total; indexed.at(done) }
		if err := srv.indexer.Rebuild(context.Background(), progress); err != nil {
			t.Fatal(err)
		}
		result["reindex_secs"] = time.Since(start).Seconds()
		result["docs_per_sec"] = float64(nA+nN) / result["reindex_secs"]
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
		result["peak_rss_mb"] = peakRSSMB()
	} else {
		// Start: open the database and the existing index, answer a search.
		start := time.Now()
		db, err := models.Open("", dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := models.Migrate(db, migrations.FS, "up"); err != nil {
			t.Fatal(err)
		}
		srv, _, err := New(cfg, models.NewMarket(db), log)
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		if srv.indexer.Index().Rebuilt() {
			t.Fatal("the index was not found: the build phase did not leave one")
		}
		if _, err := srv.indexer.Index().Search(search.Query{Q: "石墨烯"}); err != nil {
			t.Fatal(err)
		}
		result["start_secs"] = time.Since(start).Seconds()

		f := fiber.New(fiber.Config{DisableStartupMessage: true})
		f.Get("/api/v1/search", readQuery(search.Query{}), srv.search)
		f.Get("/api/v1/needs/:id/matches", readQuery(matchCount{}), listings[models.Need, *models.Need]{srv, "needs", srv.market.Needs()}.matches)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go f.Listener(ln)
		defer f.Shutdown()
		root := "http://" + ln.Addr().String()
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		latencies := func(urls []string) (p50, p99 float64) {
			lat := make([]float64, 0, len(urls))
			for i, u := range urls {
				start := time.Now()
				res, err := client.Get(u)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					t.Fatalf("%s: %d", u, res.StatusCode)
				}
				if i >= 20 { // the first warm the caches
					lat = append(lat, float64(time.Since(start).Microseconds())/1000)
				}
			}
			sort.Float64s(lat)
			return lat[len(lat)/2], lat[len(lat)*99/100]
		}
		papers, err := models.DemoPapers()
		if err != nil {
			t.Fatal(err)
		}
		var searches, matches []string
		for _, q := range speedQueries(papers) {
			searches = append(searches, root+"/api/v1/search?q="+url.QueryEscape(q))
		}
		var needIDs []int64
		if err := db.Model(&models.Need{}).Order("id").Pluck("id", &needIDs).Error; err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 320 && len(needIDs) > 0; i++ {
			matches = append(matches, root+"/api/v1/needs/"+strconv.FormatInt(needIDs[(i*7919)%len(needIDs)], 10)+"/matches?size=10")
		}
		result["search_p50"], result["search_p99"] = latencies(searches)
		result["match_p50"], result["match_p99"] = latencies(matches)
		result["peak_rss_mb"] = peakRSSMB()
	}
	out, _ := json.Marshal(result)
	fmt.Printf("RESULT %s\n", out)
}

// scaleOrgs is how many organisations the listings belong to.
const scaleOrgs = 6000

// scaleProgress prints to standard error how far a phase is, at every
// twentieth of it: the build phase of the full size runs for an hour.
type scaleProgress struct {
	what  string
	total int
	since time.Time
	shown int // twentieths shown
}

func (p *scaleProgress) at(done int) {
	if n := done * 20 / max(p.total, 1); n > p.shown {
		p.shown = n
		fmt.Fprintf(os.Stderr, "%s %d of %d in %.0f s\n", p.what, done, p.total, time.Since(p.since).Seconds())
	}
}

func scaleSize(env string, def int) int {
	if n, err := strconv.Atoi(strings.ReplaceAll(os.Getenv(env), "_", "")); err == nil && n > 0 {
		return n
	}
	return def
}

func scaleCSLDir() string {
	if d := os.Getenv("TM_CSL_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "data", "csl")
}

// scaleGen makes listings from the CSL papers (titles, abstracts, keywords,
// disciplines) and the 8,000 labelled titles: each listing's title is one of
// the 9,000 titles, varied past the first 9,000; its summary recombines
// sentences of three papers; its keywords come from two. Deterministic.
type scaleGen struct {
	papers    []models.Paper
	titles    []string
	sentences [][]string // of each paper's abstract
	districts []string   // county-level codes
}

func newScaleGen(t *testing.T) *scaleGen {
	papers, err := models.DemoPapers()
	if err != nil {
		t.Fatal(err)
	}
	g := &scaleGen{papers: papers}
	f, err := os.Open(filepath.Join(scaleCSLDir(), "titles-train.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		if title, _, ok := strings.Cut(sc.Text(), "\t"); ok && title != "" && len([]rune(title)) <= 150 {
			g.titles = append(g.titles, title)
		}
	}
	for _, p := range papers {
		g.titles = append(g.titles, p.Title)
		var ss []string
		for _, s := range strings.SplitAfter(strings.ReplaceAll(p.Abstract, ".", "。"), "。") {
			if strings.TrimSpace(s) != "" {
				ss = append(ss, s)
			}
		}
		g.sentences = append(g.sentences, ss)
	}
	for _, r := range models.Regions {
		if !strings.HasSuffix(r.Code, "00") {
			g.districts = append(g.districts, r.Code)
		}
	}
	return g
}

var (
	scaleCities  = []string{"福州", "泉州", "温州", "厦门", "宁波", "杭州", "晋江", "石狮", "瑞安", "乐清", "福清", "南安"}
	scaleBrands  = []string{"华", "闽", "海", "东", "鑫", "创", "恒", "瑞", "德", "科", "信", "达", "源", "正", "通", "光", "远", "泰", "丰", "联"}
	scaleTrades  = []string{"新材料", "智能制造", "海洋", "农业", "生物医药", "电子信息", "化工", "新能源", "环保", "机械", "食品", "纺织", "光电", "软件", "建筑", "水产"}
	scaleKinds   = []string{"大学", "理工学院", "研究院", "研究所", "技术中心", "科技有限公司", "股份有限公司", "有限公司"}
	scaleVariant = []string{"", "的研究与应用", "关键技术", "及产业化", "新工艺", "系统及装置", "的优化设计", "集成技术", "示范应用", "方法", "技术开发", "改进方案"}
)

func (g *scaleGen) orgs() []models.Organization {
	out := make([]models.Organization, 0, scaleOrgs)
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	for len(out) < scaleOrgs {
		city := r.IntN(len(scaleCities))
		kind := scaleKinds[r.IntN(len(scaleKinds))]
		name := scaleCities[city] + scaleBrands[r.IntN(len(scaleBrands))] + scaleBrands[r.IntN(len(scaleBrands))] + scaleTrades[r.IntN(len(scaleTrades))] + kind
		if seen[name] {
			continue
		}
		seen[name] = true
		typ := models.OrgEnterprise
		switch {
		case strings.HasSuffix(kind, "大学") || strings.HasSuffix(kind, "学院"):
			typ = models.OrgUniversity
		case strings.HasPrefix(kind, "研究") || kind == "技术中心":
			typ = models.OrgInstitute
		}
		out = append(out, models.Organization{Name: name, Type: typ, Region: g.districts[r.IntN(len(g.districts))], Status: models.OrgVerified})
	}
	return out
}

func (g *scaleGen) summary(r *rand.Rand, n int) (string, models.Paper) {
	var b strings.Builder
	first := r.IntN(len(g.papers))
	for k := range n {
		p := first
		if k > 0 {
			p = r.IntN(len(g.papers))
		}
		ss := g.sentences[p]
		if len(ss) == 0 {
			continue
		}
		i := r.IntN(len(ss))
		for _, s := range ss[i:min(len(ss), i+1+r.IntN(2))] {
			b.WriteString(s)
		}
	}
	return b.String(), g.papers[first]
}

func (g *scaleGen) keywords(r *rand.Rand) models.StringList {
	var ks models.StringList
	for range 2 {
		p := g.papers[r.IntN(len(g.papers))]
		for _, k := range p.Keywords[:min(len(p.Keywords), 1+r.IntN(3))] {
			ks = append(ks, k)
		}
	}
	return ks
}

func (g *scaleGen) achievements(orgs []models.Organization, user int64, from, n int) []models.Achievement {
	out := make([]models.Achievement, n)
	now := time.Now().UTC()
	for j := range out {
		i := from + j
		r := rand.New(rand.NewPCG(uint64(i), 7))
		org := orgs[r.IntN(len(orgs))]
		title := g.titles[i%len(g.titles)]
		if v := scaleVariant[(i/len(g.titles))%len(scaleVariant)]; v != "" {
			title = strings.TrimSuffix(strings.TrimSuffix(title, "研究"), "的") + v
		}
		summary, p := g.summary(r, 3)
		price := models.PriceIndicative
		fen := int64(1+r.IntN(500)) * 100_000
		if r.IntN(4) == 0 {
			price, fen = models.PriceNegotiable, 0
		}
		published := now.Add(-time.Duration(r.IntN(3*365*24)) * time.Hour)
		coop := models.StringList{models.CoopModes[r.IntN(len(models.CoopModes))]}
		if r.IntN(3) == 0 {
			coop = append(coop, models.CoopModes[(r.IntN(len(models.CoopModes)-1)+1+slices.Index(models.CoopModes, coop[0]))%len(models.CoopModes)])
		}
		out[j] = models.Achievement{
			Listing: models.Listing{OrgID: org.ID, CreatedBy: user, Title: title, Summary: summary, Keywords: g.keywords(r),
				Field: models.FieldOfDiscipline(p.Discipline), Region: org.Region, CoopModes: coop, Status: models.StatusPublished,
				PublishedAt: &published, CreatedAt: published, UpdatedAt: published},
			Discipline: p.Discipline, IPType: models.IPTypes[r.IntN(len(models.IPTypes))], PatentNumbers: models.StringList{},
			PriceType: price, PriceFen: fen, Maturity: 1 + r.IntN(9),
		}
	}
	return out
}

var scaleNeedTitles = []string{"寻求%s相关技术", "%s技术难题攻关", "%s工艺改进需求", "征集%s解决方案", "%s技术合作", "引进%s成果"}

func (g *scaleGen) needs(orgs []models.Organization, user int64, from, n int) []models.Need {
	out := make([]models.Need, n)
	now := time.Now().UTC()
	for j := range out {
		i := from + j
		r := rand.New(rand.NewPCG(uint64(i), 11))
		org := orgs[r.IntN(len(orgs))]
		ks := g.keywords(r)
		s, p := g.summary(r, 1)
		published := now.Add(-time.Duration(r.IntN(2*365*24)) * time.Hour)
		out[j] = models.Need{Listing: models.Listing{OrgID: org.ID, CreatedBy: user,
			Title:   fmt.Sprintf(scaleNeedTitles[r.IntN(len(scaleNeedTitles))], ks[0]),
			Summary: "我单位在生产中遇到以下问题：" + s + "需要以下方向的技术合作：" + strings.Join(ks, "、"), Keywords: ks,
			Field: models.FieldOfDiscipline(p.Discipline), Region: org.Region, CoopModes: models.StringList{models.CoopModes[r.IntN(len(models.CoopModes))]},
			Status: models.StatusPublished, PublishedAt: &published, CreatedAt: published, UpdatedAt: published}, BudgetNegotiable: true}
	}
	return out
}
