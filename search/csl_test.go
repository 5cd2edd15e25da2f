package search

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Helpers shared by the quality test and the benchmarks: the CSL papers,
// the project index built from them and the naive Bleve baseline.

type paper struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Abstract   string   `json:"abstract"`
	Keywords   []string `json:"keywords"`
	Discipline string   `json:"discipline"`
	Category   string   `json:"category"`
}

func cslDir() string {
	if d := os.Getenv("TM_CSL_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "data", "csl")
}

func loadPapers(tb testing.TB) []paper {
	tb.Helper()
	path := filepath.Join(cslDir(), "papers-dev.jsonl")
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("CSL data not found at %s (set TM_CSL_DIR to the folder holding papers-dev.jsonl)", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var papers []paper
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var p paper
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			tb.Fatal(err)
		}
		papers = append(papers, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return papers
}

// loadTitles returns the extra titles of titles-train.tsv, nil when absent.
func loadTitles(tb testing.TB) []string {
	f, err := os.Open(filepath.Join(cslDir(), "titles-train.tsv"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var titles []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		if title, _, ok := strings.Cut(sc.Text(), "\t"); ok && title != "" {
			titles = append(titles, title)
		}
	}
	return titles
}

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// paperDoc makes paper i an achievement; its keywords are left out on
// purpose, the quality test uses them as queries.
func paperDoc(i int, p paper) Document {
	return Document{
		Kind: KindAchievement, ID: int64(i + 1), ExternalID: p.ID,
		Title: p.Title, Summary: p.Abstract,
		PublishedAt: epoch.Add(time.Duration(i) * time.Hour),
	}
}

func buildProject(tb testing.TB, dir string, docs []Document) *Index {
	tb.Helper()
	ix, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	batches := make(chan []Document)
	go func() {
		defer close(batches)
		for i := 0; i < len(docs); i += rebuildBatch {
			batches <- docs[i:min(i+rebuildBatch, len(docs))]
		}
	}()
	if err := ix.Fill(batches, func(int) {}); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// baselineMapping is what one gets from Bleve out of the box for Chinese:
// the cjk analyzer on title and abstract, searched through _all.
func baselineMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = cjk.AnalyzerName
	doc := bleve.NewDocumentMapping()
	for _, name := range []string{"title", "abstract"} {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = cjk.AnalyzerName
		doc.AddFieldMappingsAt(name, f)
	}
	im.DefaultMapping = doc
	return im
}

func baselineFields(d Document) map[string]any {
	return map[string]any{"title": d.Title, "abstract": d.Summary}
}

func buildBaseline(tb testing.TB, dir string, docs []Document) bleve.Index {
	tb.Helper()
	b, err := bleve.New(dir, baselineMapping())
	if err != nil {
		tb.Fatal(err)
	}
	const chunk = 500
	for i := 0; i < len(docs); i += chunk {
		batch := b.NewBatch()
		for _, d := range docs[i:min(i+chunk, len(docs))] {
			if err := batch.Index(DocID(d.Kind, d.ID), baselineFields(d)); err != nil {
				tb.Fatal(err)
			}
		}
		if err := b.Batch(batch); err != nil {
			tb.Fatal(err)
		}
	}
	return b
}

// paperBase is the baseline index of the papers as paperDoc makes them,
// built once for the tests that compare with it and removed by TestMain.
var paperBase struct {
	once  sync.Once
	dir   string
	index bleve.Index
	build time.Duration
}

// paperBaseline returns the shared baseline index and how long it took to build.
func paperBaseline(tb testing.TB) (bleve.Index, time.Duration) {
	tb.Helper()
	paperBase.once.Do(func() {
		papers := loadPapers(tb)
		docs := make([]Document, len(papers))
		for i, p := range papers {
			docs[i] = paperDoc(i, p)
		}
		dir, err := os.MkdirTemp("", "search-baseline-")
		if err != nil {
			tb.Fatal(err)
		}
		paperBase.dir = dir
		start := time.Now()
		paperBase.index = buildBaseline(tb, filepath.Join(dir, "baseline"), docs)
		paperBase.build = time.Since(start)
	})
	if paperBase.index == nil {
		tb.Fatal("building the baseline index failed")
	}
	return paperBase.index, paperBase.build
}

// paperProj is the project index of the papers as paperDoc makes them,
// shared by TestSearchQuality and TestJudgedQueries (under -race a build
// takes half a minute) and removed by TestMain.
var paperProj struct {
	once  sync.Once
	dir   string
	index *Index
	build time.Duration
}

// paperProject returns the shared project index and how long it took to build.
func paperProject(tb testing.TB) (*Index, time.Duration) {
	tb.Helper()
	paperProj.once.Do(func() {
		papers := loadPapers(tb)
		docs := make([]Document, len(papers))
		for i, p := range papers {
			docs[i] = paperDoc(i, p)
		}
		dir, err := os.MkdirTemp("", "search-project-")
		if err != nil {
			tb.Fatal(err)
		}
		paperProj.dir = dir
		start := time.Now()
		paperProj.index = buildProject(tb, filepath.Join(dir, "project"), docs)
		paperProj.build = time.Since(start)
	})
	if paperProj.index == nil {
		tb.Fatal("building the project index failed")
	}
	return paperProj.index, paperProj.build
}

// searcher returns the doc ids of the top n hits of a query.
type searcher func(q string, n int) []string

func projectSearcher(tb testing.TB, ix *Index) searcher {
	return func(q string, n int) []string {
		res, err := ix.Search(Query{Q: q, Size: n})
		if err != nil {
			tb.Fatal(err)
		}
		ids := make([]string, len(res.Items))
		for i, h := range res.Items {
			ids[i] = DocID(h.Kind, h.ID)
		}
		return ids
	}
}

func baselineSearcher(tb testing.TB, b bleve.Index) searcher {
	return func(q string, n int) []string {
		res, err := b.Search(bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), n, 0, false))
		if err != nil {
			tb.Fatal(err)
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		return ids
	}
}

// toTraditional converts Simplified text character by character with
// OpenCC's STCharacters table (first target).
var toTraditional = sync.OnceValue(func() func(string) string {
	f, err := os.Open(filepath.Join("opencc", "STCharacters.txt"))
	if err != nil {
		panic(err)
	}
	defer f.Close()
	m := map[rune]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		from, to, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		to, _, _ = strings.Cut(to, " ")
		m[[]rune(from)[0]] = to
	}
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if t, ok := m[r]; ok {
				b.WriteString(t)
			} else {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
})

// tagQueries returns every keyword that tags at least 3 papers, with the
// doc ids of the papers it tags.
func tagQueries(papers []paper) (queries []string, relevant map[string]map[string]bool) {
	return tagQueriesMin(papers, 3)
}

// tagQueriesMin returns every keyword that tags at least minTagged papers.
// Half the papers have a quarter as many keywords tagging three (about 25),
// too few to measure on, so the halves take keywords tagging two.
func tagQueriesMin(papers []paper, minTagged int) (queries []string, relevant map[string]map[string]bool) {
	relevant = map[string]map[string]bool{}
	for i, p := range papers {
		for _, k := range p.Keywords {
			k = strings.TrimSpace(k)
			if k == "" {
				continue
			}
			if relevant[k] == nil {
				relevant[k] = map[string]bool{}
			}
			relevant[k][DocID(KindAchievement, int64(i+1))] = true
		}
	}
	for k, docs := range relevant {
		if len(docs) >= minTagged {
			queries = append(queries, k)
		}
	}
	return queries, relevant
}

// ndcg10 is binary-relevance nDCG@10.
func ndcg10(ranked []string, relevant map[string]bool) float64 {
	var dcg, ideal float64
	for i, id := range ranked[:min(10, len(ranked))] {
		if relevant[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := 0; i < min(10, len(relevant)); i++ {
		ideal += 1 / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

// meanOver runs fn(0..n-1) on two workers and averages.
func meanOver(n int, fn func(i int) float64) float64 {
	scores := make([]float64, n)
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				scores[i] = fn(i)
			}
		})
	}
	wg.Wait()
	var sum float64
	for _, s := range scores {
		sum += s
	}
	return sum / float64(n)
}

type qualityMetrics struct{ tagNDCG, tagNDCGTrad, knownMRR float64 }

func measureQuality(papers []paper, search searcher) qualityMetrics {
	return measureQualityMin(papers, 3, search)
}

// measureQualityMin is measureQuality with tag queries of keywords tagging
// at least minTagged papers.
func measureQualityMin(papers []paper, minTagged int, search searcher) qualityMetrics {
	queries, relevant := tagQueriesMin(papers, minTagged)
	var m qualityMetrics
	m.tagNDCG = meanOver(len(queries), func(i int) float64 {
		return ndcg10(search(queries[i], 10), relevant[queries[i]])
	})
	trad := toTraditional()
	m.tagNDCGTrad = meanOver(len(queries), func(i int) float64 {
		return ndcg10(search(trad(queries[i]), 10), relevant[queries[i]])
	})
	m.knownMRR = meanOver(len(papers), func(i int) float64 {
		target := DocID(KindAchievement, int64(i+1))
		for rank, id := range search(strings.Join(papers[i].Keywords, " "), 10) {
			if id == target {
				return 1 / float64(rank+1)
			}
		}
		return 0
	})
	return m
}
