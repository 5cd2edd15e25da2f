package search

import (
	"testing"
	"time"
)

// TestSearchQuality compares the project's ranking with a naive Bleve index
// (cjk analyzer, one match query over _all) on real Chinese paper abstracts:
//
//	(a) tag nDCG@10: each keyword tagging at least 3 papers is a query and
//	    the papers it tags are the relevant ones;
//	(b) the same queries written in Traditional characters;
//	(c) known-item MRR@10: a paper's keywords find the paper.
//
// Keywords are not indexed, so they are fair queries.
func TestSearchQuality(t *testing.T) {
	papers := loadPapers(t)
	ix, projectBuild := paperProject(t)
	base, baseBuild := paperBaseline(t)

	start := time.Now()
	p := measureQuality(papers, projectSearcher(t, ix))
	projectQueries := time.Since(start)
	start = time.Now()
	b := measureQuality(papers, baselineSearcher(t, base))
	baseQueries := time.Since(start)

	queries, _ := tagQueries(papers)
	t.Logf("%d papers, %d tag queries; index build %v (baseline %v), queries %v (baseline %v)",
		len(papers), len(queries), projectBuild.Round(time.Millisecond), baseBuild.Round(time.Millisecond),
		projectQueries.Round(time.Millisecond), baseQueries.Round(time.Millisecond))
	t.Logf("%-32s %8s %9s %7s", "metric", "project", "baseline", "ratio")
	row := func(name string, pv, bv float64) {
		t.Logf("%-32s %8.4f %9.4f %7.3f", name, pv, bv, pv/bv)
	}
	row("(a) tag nDCG@10", p.tagNDCG, b.tagNDCG)
	row("(b) tag nDCG@10, Traditional", p.tagNDCGTrad, b.tagNDCGTrad)
	row("(c) known-item MRR@10", p.knownMRR, b.knownMRR)

	if p.tagNDCG < b.tagNDCG {
		t.Errorf("(a) tag nDCG@10 %.4f is below the baseline's %.4f", p.tagNDCG, b.tagNDCG)
	}
	if p.tagNDCGTrad < 0.98*p.tagNDCG {
		t.Errorf("(b) Traditional tag nDCG@10 %.4f is more than 2%% below (a) %.4f", p.tagNDCGTrad, p.tagNDCG)
	}
	if p.knownMRR < 0.97 {
		t.Errorf("(c) known-item MRR@10 %.4f is below 0.97", p.knownMRR)
	}
}
