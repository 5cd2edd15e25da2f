package search

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The judged query set: realistic queries over the CSL dev papers, of six
// kinds, with relevance graded by reading the papers (testdata/judged.tsv
// says how). Tag queries measure what keywords find; these measure what
// people type.

type judgedQuery struct {
	kind, text string
	relevant   map[string]int // Bleve doc id of a paper: its grade, 1 or 2
}

// judgedKinds are the kinds of judged queries, in the order reported.
var judgedKinds = []struct{ key, name string }{
	{"short", "short terms"},
	{"part", "parts of compounds"},
	{"synonym", "synonyms"},
	{"multi", "several words"},
	{"problem", "problems in plain words"},
	{"traditional", "Traditional"},
}

// Goals of TestJudgedQueries, reported and not asserted: the project's
// overall nDCG@10 at least judgedGoal times the baseline's, and no kind
// below the baseline.
const judgedGoal = 1.25

// What judged.tsv must hold at least, so that each kind's figure means
// something.
const (
	judgedMinQueries = 50
	judgedMinPerKind = 7
)

// loadJudged reads testdata/judged.tsv; papers are indexed as paperDoc
// makes them.
func loadJudged(tb testing.TB, papers []paper) []judgedQuery {
	tb.Helper()
	docOf := map[string]string{}
	for i, p := range papers {
		docOf[p.ID] = DocID(KindAchievement, int64(i+1))
	}
	kinds := map[string]bool{}
	for _, k := range judgedKinds {
		kinds[k.key] = true
	}
	f, err := os.Open(filepath.Join("testdata", "judged.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []judgedQuery
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 3 {
			tb.Fatalf("judged.tsv:%d: want kind, query and judgements separated by tabs, got %q", line, text)
		}
		q := judgedQuery{kind: cols[0], text: cols[1], relevant: map[string]int{}}
		if !kinds[q.kind] {
			tb.Fatalf("judged.tsv:%d: unknown kind %q", line, q.kind)
		}
		if seen[q.text] {
			tb.Fatalf("judged.tsv:%d: query %q twice", line, q.text)
		}
		seen[q.text] = true
		for _, j := range strings.Fields(cols[2]) {
			id, g, _ := strings.Cut(j, ":")
			grade, err := strconv.Atoi(g)
			doc, ok := docOf[id]
			switch {
			case !ok:
				tb.Fatalf("judged.tsv:%d: no paper %q", line, id)
			case err != nil || grade < 1 || grade > 2:
				tb.Fatalf("judged.tsv:%d: grade of %s must be 1 or 2, got %q", line, id, g)
			case q.relevant[doc] != 0:
				tb.Fatalf("judged.tsv:%d: %s judged twice", line, id)
			}
			q.relevant[doc] = grade
		}
		if len(q.relevant) == 0 {
			tb.Fatalf("judged.tsv:%d: query %q has no relevant paper", line, q.text)
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// gradedNDCG10 is nDCG@10 with gain 2^grade − 1: a paper about the query
// (2) counts three times one partly about it (1).
func gradedNDCG10(ranked []string, relevant map[string]int) float64 {
	gain := func(grade int) float64 { return math.Exp2(float64(grade)) - 1 }
	var dcg, ideal float64
	for i, id := range ranked[:min(10, len(ranked))] {
		dcg += gain(relevant[id]) / math.Log2(float64(i+2))
	}
	grades := make([]int, 0, len(relevant))
	for _, g := range relevant {
		grades = append(grades, g)
	}
	slices.SortFunc(grades, func(a, b int) int { return b - a })
	for i, g := range grades[:min(10, len(grades))] {
		ideal += gain(g) / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

func TestGradedNDCG10(t *testing.T) {
	rel := map[string]int{"a": 2, "b": 1}
	for _, c := range []struct {
		ranked []string
		want   float64
	}{
		{[]string{"a", "b"}, 1},
		{[]string{"x", "y"}, 0},
		{nil, 0},
		// b first and a second: (1 + 3/log2 3) / (3 + 1/log2 3)
		{[]string{"b", "a"}, (1 + 3/math.Log2(3)) / (3 + 1/math.Log2(3))},
		// a at rank 11 is not counted.
		{[]string{"b", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a"}, 1 / (3 + 1/math.Log2(3))},
	} {
		if got := gradedNDCG10(c.ranked, rel); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("gradedNDCG10(%q) = %v, want %v", c.ranked, got, c.want)
		}
	}
}

// TestJudgedQueries scores the judged queries by graded nDCG@10 for the
// project and the naive Bleve baseline, per kind and overall. It fails only
// when the project is below the baseline overall; the goals (overall at
// least 1.25 × the baseline, no kind below it) are reported. Set
// TM_JUDGED_QUERIES=1 to see each query's figures.
func TestJudgedQueries(t *testing.T) {
	papers := loadPapers(t)
	queries := loadJudged(t, papers)
	ix, _ := paperProject(t)
	base, _ := paperBaseline(t)
	project, baseline := projectSearcher(t, ix), baselineSearcher(t, base)

	type score struct{ project, baseline float64 }
	scores := make([]score, len(queries))
	meanOver(len(queries), func(i int) float64 {
		q := queries[i]
		scores[i] = score{gradedNDCG10(project(q.text, 10), q.relevant), gradedNDCG10(baseline(q.text, 10), q.relevant)}
		return 0
	})

	ratio := func(p, b float64) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", p/b)
	}
	if os.Getenv("TM_JUDGED_QUERIES") != "" {
		for i, q := range queries {
			t.Logf("%-12s %-24s %8.4f %9.4f", q.kind, q.text, scores[i].project, scores[i].baseline)
		}
	}
	t.Logf("%d judged queries, graded nDCG@10", len(queries))
	t.Logf("%-26s %7s %8s %9s %6s", "query kind", "queries", "project", "baseline", "ratio")
	var all score
	var warnings []string
	for _, k := range judgedKinds {
		var sum score
		n := 0
		for i, q := range queries {
			if q.kind == k.key {
				sum.project += scores[i].project
				sum.baseline += scores[i].baseline
				n++
			}
		}
		all.project += sum.project
		all.baseline += sum.baseline
		if n < judgedMinPerKind {
			t.Errorf("judged.tsv has %d queries of kind %s, want at least %d", n, k.key, judgedMinPerKind)
		}
		if n == 0 {
			continue
		}
		p, b := sum.project/float64(n), sum.baseline/float64(n)
		t.Logf("%-26s %7d %8.4f %9.4f %6s", k.name, n, p, b, ratio(p, b))
		if p < b {
			warnings = append(warnings, fmt.Sprintf("WARNING: %s: nDCG@10 %.4f is below the baseline's %.4f", k.name, p, b))
		}
	}
	n := float64(len(queries))
	p, b := all.project/n, all.baseline/n
	t.Logf("%-26s %7d %8.4f %9.4f %6s", "all", len(queries), p, b, ratio(p, b))
	for _, w := range warnings {
		t.Log(w)
	}
	if len(queries) < judgedMinQueries {
		t.Errorf("judged.tsv has %d queries, want at least %d", len(queries), judgedMinQueries)
	}
	if p < b {
		t.Errorf("judged nDCG@10 %.4f is below the baseline's %.4f", p, b)
	} else if p < judgedGoal*b {
		t.Logf("WARNING: judged nDCG@10 %.4f is below the goal of %.2f × the baseline (%.4f)", p, judgedGoal, judgedGoal*b)
	}
}
