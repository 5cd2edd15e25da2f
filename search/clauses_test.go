package search

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestClauseSumScoresAsNestedDisjunctions holds the flat walk to what it
// replaces: Bleve's disjunction of term disjunctions, hit for hit and score
// for score, walked by Next alone and by Advance under a conjunction, over
// the CSL papers with their keywords as queries; a clause of another kind
// of query (a synonym as written) counts as one clause of one term.
func TestClauseSumScoresAsNestedDisjunctions(t *testing.T) {
	ix, _ := paperProject(t)
	m := ix.b.Mapping()
	queries, _ := tagQueries(loadPapers(t))
	queries = append(queries[:min(len(queries), 60)], "燃料电池 质子交换膜 催化剂", "重金属 沉积物", "不存在的词语组合")
	for _, q := range queries {
		words := uniqueTerms(m.AnalyzerNamed(WordAnalyzer).Analyze([]byte(q)))
		bigrams := uniqueTerms(m.AnalyzerNamed(BigramAnalyzer).Analyze([]byte(q)))
		chars := uniqueTerms(m.AnalyzerNamed(CharAnalyzer).Analyze([]byte(q)))
		clause := func(field string, terms []string, boost float64) termClause {
			return termClause{field: field, terms: terms, boost: boost}
		}
		literal := ix.literal(q, 0.3)
		clauses := []termClause{
			clause(fTitle, words, 1), clause(fKeywords, words, 0.8), clause(fSummary, words, 0.5),
			clause(fTitle+biSuffix, bigrams, 0.5), clause(fSummary+biSuffix, bigrams, 0.25),
			clause(fSubword, chars, 0.1), clause(fOrg, []string{"不在索引里"}, 1), clause(fOrg, nil, 1),
			{field: fKeywords + biSuffix, terms: bigrams, boosts: weights(len(bigrams))},
			queryClause(literal),
		}
		var nested []query.Query
		for _, c := range clauses[:len(clauses)-2] {
			nested = append(nested, anyTerm(c.field, c.terms, c.boost))
		}
		// As matching weighs a profile's terms, each its own boost.
		var weighted []query.Query
		for i, t := range bigrams {
			tq := termQuery(fKeywords+biSuffix, t)
			tq.SetBoost(weights(len(bigrams))[i])
			weighted = append(weighted, tq)
		}
		if len(weighted) > 0 {
			nested = append(nested, bleve.NewDisjunctionQuery(weighted...))
		}
		nested = append(nested, literal)
		flat := clauseSumOf(clauses)
		want := bleve.NewDisjunctionQuery(compact(nested)...)
		same(t, q, ix, flat, want)
		// Under a conjunction the walk is driven by Advance.
		gate := anyTerm(fSummary, words, 1)
		if gate == nil {
			continue
		}
		same(t, q+" (advance)", ix, bleve.NewConjunctionQuery(gate, flat), bleve.NewConjunctionQuery(gate, want))
	}
}

// scores are the score of every hit of q by document id.
func scores(t *testing.T, ix *Index, q query.Query) map[string]float64 {
	t.Helper()
	return requestScores(t, ix, bleve.NewSearchRequestOptions(q, 10000, 0, false))
}

// requestScores are the scores of the hits of req by document id.
func requestScores(t *testing.T, ix *Index, req *bleve.SearchRequest) map[string]float64 {
	t.Helper()
	res, err := ix.b.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

func same(t *testing.T, name string, ix *Index, got, want query.Query) {
	t.Helper()
	g, w := scores(t, ix, got), scores(t, ix, want)
	if len(g) != len(w) {
		t.Errorf("%s: %d hits, nested disjunctions find %d", name, len(g), len(w))
		return
	}
	for id, ws := range w {
		if gs, ok := g[id]; !ok || math.Abs(gs-ws) > 1e-9*math.Abs(ws) {
			t.Errorf("%s: %s scores %v, nested disjunctions %v", name, id, gs, ws)
			return
		}
	}
}

func weights(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / float64(i+1)
	}
	return w
}

// TestFiltersPassHitsWithTheirScores: filters sit inside the gate, so that
// the hits they drop are not scored; the hits they keep are those of the
// query without them that pass, with the same scores.
func TestFiltersPassHitsWithTheirScores(t *testing.T) {
	docs := synthDocs(t, 3000)
	ix := buildProject(t, filepath.Join(t.TempDir(), "ix"), docs)
	defer ix.Close()
	byID := map[string]Document{}
	for _, d := range docs {
		byID[DocID(d.Kind, d.ID)] = d
	}
	all := func(q Query) map[string]float64 {
		plan, err := ix.request(q)
		if err != nil {
			t.Fatal(err)
		}
		defer plan.facets.release()
		plan.req.From, plan.req.Size = 0, len(docs)
		return requestScores(t, ix, plan.req)
	}
	passes := func(d Document) bool {
		return d.Kind == KindAchievement && d.Field == benchFields[5] && d.Maturity >= 3
	}
	qs := benchQueries(t)
	compared := 0
	for _, q := range append(qs[:30], qs[len(qs)-10:]...) {
		want := all(Query{Q: q})
		got := all(Query{Q: q, Kind: KindAchievement, Field: benchFields[5], MaturityMin: 3})
		n := 0
		for id, score := range want {
			if !passes(byID[id]) {
				continue
			}
			n++
			if g, ok := got[id]; !ok || math.Abs(g-score) > 1e-9*math.Abs(score) {
				t.Fatalf("%q: %s scores %v filtered, %v unfiltered (found %v)", q, id, g, score, ok)
			}
		}
		if n != len(got) {
			t.Fatalf("%q: %d hits filtered, %d of the unfiltered pass the filters", q, len(got), n)
		}
		compared += n
	}
	if compared < 100 {
		t.Fatalf("only %d hits compared", compared)
	}
}

// TestDocSetsMatchWhatTheirQueriesMatch holds each kind of document set
// (docsets.go) to the Bleve query it stands for, walked by Next and by
// Advance under a conjunction, and a tier to the set of its concept, over
// papers indexed in several batches (so several segments) with some
// deleted (so postings of documents gone).
func TestDocSetsMatchWhatTheirQueriesMatch(t *testing.T) {
	papers := loadPapers(t)[:600]
	ix, _ := openTemp(t)
	for from := 0; from < len(papers); from += 100 {
		var docs []Document
		for i := from; i < from+100; i++ {
			docs = append(docs, paperDoc(i, papers[i]))
		}
		if err := ix.Apply(int64(from+1), docs, nil); err != nil {
			t.Fatal(err)
		}
	}
	var gone []string
	for i := 0; i < len(papers); i += 7 {
		gone = append(gone, DocID(KindAchievement, int64(i+1)))
	}
	if err := ix.Apply(1000, nil, gone); err != nil {
		t.Fatal(err)
	}
	hits := func(q query.Query) map[string]bool {
		out := map[string]bool{}
		for id := range scores(t, ix, q) {
			out[id] = true
		}
		return out
	}
	sameHits := func(name string, got, want map[string]bool) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d hits, its query finds %d", name, len(got), len(want))
			return
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%s: %s found by its query, not by the set", name, id)
			}
		}
	}
	m := ix.b.Mapping()
	texts := []string{"燃料电池", "氢 燃料", "无人机 无人飞行器", "PID", "锂", "不存在的词语", "研究", "石墨烯 导热膜 散热"}
	for _, p := range papers[:40] {
		texts = append(texts, strings.Join(p.Keywords, " "))
	}
	for _, text := range texts {
		words := uniqueTerms(m.AnalyzerNamed(WordAnalyzer).Analyze([]byte(text)))
		var lits, bigrams []docSet
		for _, w := range words {
			lits = append(lits, ix.literalParts(w))
		}
		for _, b := range uniqueTerms(m.AnalyzerNamed(BigramAnalyzer).Analyze([]byte(text))) {
			bigrams = append(bigrams, anyOf(termsIn{fTitle + biSuffix, []string{b}}, termsIn{fSummary + biSuffix, []string{b}}))
		}
		sets := map[string]docSet{
			"words in the summary":  termsIn{fSummary, words},
			"words in the title":    termsIn{fTitle, words},
			"any literal":           anyOf(lits...),
			"half of the bigrams":   atLeast{sets: bigrams, min: (len(bigrams) + 1) / 2},
			"three of the bigrams":  atLeast{sets: bigrams, min: 3},
			"any of all":            anyOf(termsIn{fKeywords, words}, anyOf(lits...), atLeast{sets: bigrams, min: 2}),
			"a character, no words": termsIn{fSubword, []string{"锂"}},
		}
		if len(lits) > 0 {
			sets["the first literal"] = lits[0]
		}
		for name, set := range sets {
			name = text + ": " + name
			sameHits(name, hits(setQuery{set}), hits(set.query()))
			if len(words) > 0 {
				// Under a conjunction the set is walked by Advance.
				other := termsIn{fSummary, words[:1]}.query()
				sameHits(name+" (advance)", hits(bleve.NewConjunctionQuery(other, setQuery{set})),
					hits(bleve.NewConjunctionQuery(other, set.query())))
			}
			// A tier lifts exactly the concept's documents.
			lifted := map[string]bool{}
			for id, score := range scores(t, ix, &tiered{child: bleve.NewMatchAllQuery(), concepts: []docSet{set}}) {
				if tier, _ := tierOf(score); tier > 0 {
					lifted[id] = true
				}
			}
			sameHits(name+" (tier)", lifted, hits(set.query()))
		}
	}
}
