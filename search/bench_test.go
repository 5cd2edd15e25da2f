package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Speed of the project's index against the naive Bleve baseline on 10,000
// listings made from the CSL papers:
//
//	go test -run '^$' -bench . -benchtime 3x ./search

// benchDocs is 10,000, or TM_BENCH_DOCS: profiling a search at 100,000
// listings needs an index of that size. TM_BENCH_KEEP=dir keeps the search
// benchmarks' indexes there and opens them again on the next run.
var benchDocs = func() int {
	if n, err := strconv.Atoi(os.Getenv("TM_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 10000
}()

var benchFields = []string{"电子信息", "先进制造", "航空航天", "现代交通", "生物医药和医疗器械", "新材料及其应用",
	"新能源与高效节能", "环境保护与资源综合利用", "核应用技术", "农业", "城市建设与社会发展", "其他"}

var benchRegions = []string{"350102", "350104", "350111", "350200", "350503", "110108", "310115", "440305", "330106", "320115"}

// synthDocs makes n listings: paper titles and the 8,000 extra titles in
// turn, each with a summary spliced from the sentences of two papers, and
// structured fields spread over their values.
func synthDocs(tb testing.TB, n int) []Document {
	papers := loadPapers(tb)
	titles := loadTitles(tb)
	for _, p := range papers {
		titles = append(titles, p.Title)
	}
	sentences := func(s string) []string {
		return strings.SplitAfter(strings.ReplaceAll(s, "。", "."), ".")
	}
	docs := make([]Document, n)
	for i := range docs {
		a, b := sentences(papers[i%len(papers)].Abstract), sentences(papers[(i*7+3)%len(papers)].Abstract)
		summary := strings.Join(a[:(len(a)+1)/2], "") + strings.Join(b[len(b)/2:], "")
		kind := KindAchievement
		if i%4 == 3 {
			kind = KindNeed
		}
		docs[i] = Document{
			Kind: kind, ID: int64(i + 1), ExternalID: fmt.Sprintf("bench-%05d", i),
			Title: titles[i%len(titles)], Summary: summary,
			Keywords:    papers[(i*3)%len(papers)].Keywords,
			Field:       benchFields[i%len(benchFields)],
			Region:      benchRegions[i%len(benchRegions)],
			IPType:      []string{"发明专利", "实用新型", "软件著作权", "技术秘密"}[i%4],
			Maturity:    1 + i%9,
			PriceFen:    int64(i%5) * 500_000_00,
			CoopModes:   [][]string{{"转让"}, {"许可", "合作开发"}, {"技术服务"}}[i%3],
			Org:         fmt.Sprintf("第%d研究所", i%50),
			PublishedAt: epoch.Add(time.Duration(i) * time.Minute),
			// Listings differ in quality, so the boost has a value to read.
			Completeness: 40 + i%61, OrgVerified: i%3 != 0, ConfirmedAt: epoch.Add(time.Duration(i) * time.Minute),
		}
	}
	return docs
}

// benchQueries are the tag queries and the keyword lists of the papers.
func benchQueries(tb testing.TB) []string {
	papers := loadPapers(tb)
	qs, _ := tagQueries(papers)
	for _, p := range papers[:200] {
		qs = append(qs, strings.Join(p.Keywords, " "))
	}
	return qs
}

func BenchmarkIndexProject(b *testing.B) {
	docs := synthDocs(b, benchDocs)
	LoadDictionary() // once per process, not per index
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		ix := buildProject(b, filepath.Join(b.TempDir(), "ix"), docs)
		b.ReportMetric(float64(segments(b, ix)), "segments")
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()*1000/float64(b.N*len(docs)), "cpu-ms/doc")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

// peakRSSMB is the most memory the process has held, in MB.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}

func BenchmarkIndexBaseline(b *testing.B) {
	docs := synthDocs(b, benchDocs)
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		if err := buildBaseline(b, filepath.Join(b.TempDir(), "ix"), docs).Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()*1000/float64(b.N*len(docs)), "cpu-ms/doc")
}

// cpuTime is the CPU time the process has used, user and system: on a
// machine shared with other work, a benchmark's CPU per document says more
// than its wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportQueries reports queries a second and, steadier on a shared machine,
// the CPU a query took (user and system, the garbage collector's included).
func reportQueries(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()*1e6/float64(b.N), "cpu-µs/query")
}

// segments is how many segments the index has now.
func segments(tb testing.TB, ix *Index) int {
	adv, err := ix.b.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	return len(r.(*scorch.IndexSnapshot).Segments())
}

// The search benchmarks share one index of each kind, built on first use
// and removed by TestMain.
var (
	benchDir     string
	benchOnce    sync.Once
	benchProject *Index
	benchBase    bleve.Index
)

func benchIndexes(b *testing.B) (*Index, bleve.Index) {
	benchOnce.Do(func() {
		if keep := os.Getenv("TM_BENCH_KEEP"); keep != "" && reopenBench(b, keep) {
			return
		}
		docs := synthDocs(b, benchDocs)
		var err error
		if benchDir, err = os.MkdirTemp("", "search-bench-"); err != nil {
			b.Fatal(err)
		}
		dir := benchDir
		if keep := os.Getenv("TM_BENCH_KEEP"); keep != "" {
			dir, benchDir = keep, "" // kept for the next run
		}
		benchProject = buildProject(b, filepath.Join(dir, "project"), docs)
		benchBase = buildBaseline(b, filepath.Join(dir, "baseline"), docs)
	})
	if benchProject == nil {
		b.Fatal("building the benchmark indexes failed")
	}
	// A reopened index has not loaded the word dictionary yet; the first
	// query would, and its second of CPU would count as the queries'.
	LoadDictionary()
	return benchProject, benchBase
}

// reopenBench opens the indexes a run with the same TM_BENCH_KEEP left,
// so that profiling a search change at 100,000 listings does not rebuild
// them each time. A change to the mapping needs a fresh directory.
func reopenBench(b *testing.B, dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "baseline")); err != nil {
		return false
	}
	var err error
	if benchProject, err = Open(filepath.Join(dir, "project")); err != nil {
		b.Fatal(err)
	}
	if benchBase, err = bleve.Open(filepath.Join(dir, "baseline")); err != nil {
		b.Fatal(err)
	}
	return true
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchProject != nil {
		benchProject.Close()
		benchBase.Close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	if paperBase.index != nil {
		paperBase.index.Close()
	}
	if paperBase.dir != "" {
		os.RemoveAll(paperBase.dir)
	}
	if paperProj.index != nil {
		paperProj.index.Close()
	}
	if paperProj.dir != "" {
		os.RemoveAll(paperProj.dir)
	}
	os.Exit(code)
}

// BenchmarkSearchProject runs what the search API runs: relevance query,
// facets and highlights, first page of 20.
func BenchmarkSearchProject(b *testing.B) {
	ix, _ := benchIndexes(b)
	qs := benchQueries(b)
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		if _, err := ix.Search(Query{Q: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
	}
	reportQueries(b, cpu)
}

// BenchmarkSearchProjectFiltered is BenchmarkSearchProject as the search
// page runs it with a kind and a field chosen.
func BenchmarkSearchProjectFiltered(b *testing.B) {
	ix, _ := benchIndexes(b)
	qs := benchQueries(b)
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		q := Query{Q: qs[i%len(qs)], Kind: KindAchievement, Field: benchFields[i%len(benchFields)]}
		if _, err := ix.Search(q); err != nil {
			b.Fatal(err)
		}
	}
	reportQueries(b, cpu)
}

// BenchmarkSearchBaseline runs one match query over _all, first page of 20,
// without facets or highlights.
func BenchmarkSearchBaseline(b *testing.B) {
	_, base := benchIndexes(b)
	qs := benchQueries(b)
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(qs[i%len(qs)]), 20, 0, false)
		if _, err := base.Search(req); err != nil {
			b.Fatal(err)
		}
	}
	reportQueries(b, cpu)
}

// BenchmarkSearchProjectRanking is BenchmarkSearchProject without facets,
// stored fields and highlights: the ranking query alone, comparable with
// the baseline.
func BenchmarkSearchProjectRanking(b *testing.B) {
	ix, _ := benchIndexes(b)
	qs := benchQueries(b)
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		plan, err := ix.request(Query{Q: qs[i%len(qs)]})
		if err != nil {
			b.Fatal(err)
		}
		req := plan.req
		req.Facets, req.Fields, req.IncludeLocations = nil, nil, false
		if _, err := ix.b.Search(req); err != nil {
			b.Fatal(err)
		}
	}
	reportQueries(b, cpu)
}

// BenchmarkMatches matches listings of both kinds against the other kind,
// as the matches API does.
func BenchmarkMatches(b *testing.B) {
	ix, _ := benchIndexes(b)
	docs := synthDocs(b, benchDocs)
	b.ResetTimer()
	for i := range b.N {
		src := docs[(i*37)%len(docs)]
		if _, err := ix.Matches(src, MatchQuery{Size: 10}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "matches/s")
}
