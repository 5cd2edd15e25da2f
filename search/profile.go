package search

import (
	"context"
	_ "embed"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A profile is what a listing is about, for matching and field suggestion:
// its most distinctive words and bigrams, weighed by tf × idf.

//go:embed dict/match_stop.txt
var matchStopText string

var matchStopWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(matchStopText, "\n") {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			m[Clean(w)] = true
		}
	}
	return m
})

type weightedTerm struct {
	term   string
	weight float64
}

type profile struct {
	words, bigrams []weightedTerm // heaviest first
}

func (p profile) empty() bool { return len(p.words) == 0 && len(p.bigrams) == 0 }

func (p profile) hasWord(t string) bool {
	return slices.ContainsFunc(p.words, func(w weightedTerm) bool { return w.term == t })
}

// termWeights maps words and bigrams to weights.
type termWeights struct {
	words, bigrams map[string]float64
}

func newTermWeights() termWeights {
	return termWeights{words: map[string]float64{}, bigrams: map[string]float64{}}
}

// bag is a listing's text counted into terms.
type bag struct {
	tf termWeights
	// indexed holds what the index keeps of the listing, by field and term,
	// so that the listing's own terms can be left out of their document
	// frequencies; nil unless asked for.
	indexed map[string]bool
}

func indexedKey(field, term string) string { return field + "\x00" + term }

// bagOf analyses a listing's text into words, without stop words, the
// matching boilerplate of match_stop.txt, numbers, single Latin letters and
// single Chinese characters inside longer text, and into the bigrams of the runs of
// adjacent words that are left, and counts them; a title or keyword
// occurrence counts more than one in the summary.
//
// A single character inside longer text is mostly a piece of a word the
// dictionary lacks and would match any text with that character; the
// bigrams across it keep that word. One standing alone (铁、铌) is a word.
// Bigrams across boilerplate (方向的技术) are not made.
func (ix *Index) bagOf(title, summary string, keywords []string, withIndexed bool) bag {
	m := ix.b.Mapping()
	wa, ba := m.AnalyzerNamed(WordAnalyzer), m.AnalyzerNamed(BigramAnalyzer)
	stop := matchStopWords()
	b := bag{tf: newTermWeights()}
	if withIndexed {
		b.indexed = map[string]bool{}
	}
	add := func(field, text string, weight float64) {
		var run []byte
		flush := func() {
			for _, t := range (bigramTokenizer{}).Tokenize(run) {
				if t.Type == analysis.Double {
					b.tf.bigrams[string(t.Term)] += weight
				}
			}
			run = run[:0]
		}
		toks := wa.Analyze([]byte(text))
		for i, t := range toks {
			w := string(t.Term)
			if b.indexed != nil {
				b.indexed[indexedKey(field, w)] = true
			}
			joinsPrev := i > 0 && toks[i-1].End == t.Start
			joinsNext := i+1 < len(toks) && toks[i+1].Start == t.End
			if stop[w] {
				flush()
				continue
			}
			if !joinsPrev {
				flush()
			}
			run = append(run, t.Term...)
			switch {
			case t.Type == analysis.Numeric:
			case t.Type == analysis.Ideographic && utf8.RuneCount(t.Term) == 1 && (joinsPrev || joinsNext):
			case t.Type == analysis.AlphaNumeric && len(t.Term) == 1:
			default:
				b.tf.words[w] += weight
			}
		}
		flush()
		if b.indexed != nil {
			for _, t := range ba.Analyze([]byte(text)) {
				b.indexed[indexedKey(field+biSuffix, string(t.Term))] = true
			}
		}
	}
	add(fTitle, title, matching.titleTF)
	for _, k := range keywords {
		add(fKeywords, k, matching.keywordTF)
	}
	add(fSummary, summary, 1)
	return b
}

// termStats reads document frequencies from one snapshot of the index.
type termStats struct {
	ix  *Index
	r   index.IndexReader
	gen uint64 // of ix.dfs when r was opened
	n   float64
	// self is the indexed terms of a listing whose own terms should not
	// count: the source of a match, whose rare words are not made common by
	// itself, nor distinctive by matching only itself.
	self map[string]bool
}

// termStats opens a snapshot; self, if not nil, is a bag with the indexed
// terms of the listing whose Bleve id is selfID, to leave out of the counts
// if the index holds it.
func (ix *Index) termStats(self *bag, selfID string) (*termStats, error) {
	gen := ix.dfs.generation()
	idx, err := ix.b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := idx.Reader()
	if err != nil {
		return nil, err
	}
	n, err := r.DocCount()
	if err != nil {
		r.Close()
		return nil, err
	}
	s := &termStats{ix: ix, r: r, gen: gen, n: float64(n)}
	if self != nil && selfID != "" {
		id, err := r.InternalID(selfID)
		if err != nil {
			r.Close()
			return nil, err
		}
		if id != nil {
			s.self, s.n = self.indexed, s.n-1
		}
	}
	return s, nil
}

func (s *termStats) Close() error { return s.r.Close() }

var (
	wordFields   = []string{fTitle, fKeywords, fSummary}
	bigramFields = []string{fTitle + biSuffix, fKeywords + biSuffix, fSummary + biSuffix}
)

// idfOf is the BM25 idf of a term that df listings have.
func (s *termStats) idfOf(df uint64) float64 {
	return math.Log(1 + (s.n-float64(df)+0.5)/(float64(df)+0.5))
}

// df is how many listings other than the source have the term in one text
// field, the largest over the fields.
func (s *termStats) df(term string, bigram bool) (uint64, error) {
	fields := wordFields
	if bigram {
		fields = bigramFields
	}
	return s.dfIn(term, fields)
}

// dfIn is how many listings other than the source have the term in one of
// fields, the largest over the fields.
func (s *termStats) dfIn(term string, fields []string) (uint64, error) {
	// The largest field document frequency is a lower bound of how many
	// listings have the term anywhere; close enough for idf.
	var df uint64
	for _, field := range fields {
		key := indexedKey(field, term)
		n, ok := s.ix.dfs.get(s.gen, key)
		if !ok {
			tfr, err := s.r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
			if err != nil {
				return 0, err
			}
			n = tfr.Count()
			if err := tfr.Close(); err != nil {
				return 0, err
			}
			s.ix.dfs.put(s.gen, key, n)
		}
		if n > 0 && s.self[key] {
			n--
		}
		df = max(df, n)
	}
	return df, nil
}

// weigh turns term frequencies into tf × idf, saturating tf, and drops the
// terms no other listing has. Terms more than commonShare of the listings
// have are dropped too when rarer ones remain: they weigh little and their
// long postings made matching several times slower.
func (s *termStats) weigh(tf termWeights) (termWeights, error) {
	out, common := newTermWeights(), newTermWeights()
	for _, part := range []struct {
		in, out, common map[string]float64
		bigram          bool
	}{{tf.words, out.words, common.words, false}, {tf.bigrams, out.bigrams, common.bigrams, true}} {
		for t, f := range part.in {
			df, err := s.df(t, part.bigram)
			if err != nil {
				return termWeights{}, err
			}
			if df == 0 {
				continue
			}
			w := (1 + math.Log(f)) * s.idfOf(df)
			if float64(df) > commonShare*s.n {
				part.common[t] = w
			} else {
				part.out[t] = w
			}
		}
	}
	if len(out.words) == 0 && len(out.bigrams) == 0 {
		return common, nil
	}
	return out, nil
}

// add adds o's weights, scaled so that o's heaviest word and heaviest
// bigram weigh scale.
func (w termWeights) add(o termWeights, scale float64) {
	for _, m := range []struct{ to, from map[string]float64 }{{w.words, o.words}, {w.bigrams, o.bigrams}} {
		var top float64
		for _, v := range m.from {
			top = max(top, v)
		}
		for t, v := range m.from {
			m.to[t] += scale * v / top
		}
	}
}

// top keeps the heaviest words and bigrams.
func (w termWeights) top(words, bigrams int) profile {
	best := func(m map[string]float64, k int) []weightedTerm {
		out := make([]weightedTerm, 0, len(m))
		for t, v := range m {
			out = append(out, weightedTerm{t, v})
		}
		slices.SortFunc(out, func(a, b weightedTerm) int {
			if c := cmpDesc(a.weight, b.weight); c != 0 {
				return c
			}
			return strings.Compare(a.term, b.term)
		})
		return out[:min(k, len(out))]
	}
	return profile{words: best(w.words, words), bigrams: best(w.bigrams, bigrams)}
}

// textProfile is the profile of a listing that need not be in the index.
func (ix *Index) textProfile(title, summary string, keywords []string) (profile, error) {
	s, err := ix.termStats(nil, "")
	if err != nil {
		return profile{}, err
	}
	defer s.Close()
	w, err := s.weigh(ix.bagOf(title, summary, keywords, false).tf)
	if err != nil {
		return profile{}, err
	}
	return w.top(matching.words, matching.bigrams), nil
}

// query is the text query of a profile, built like textQuery's scoring part
// (one disjunction per field and analysis, so that the coordination factor
// favours listings that match in more places) with each term boosted by its
// weight relative to the profile's heaviest, times scale.
func (p profile) query(scale float64) query.Query {
	r := ranking
	var cs []termClause
	for _, f := range []struct {
		name   string
		weight float64
	}{{fTitle, r.title}, {fKeywords, r.keywords}, {fSummary, r.summary}} {
		cs = append(cs, weightedTerms(f.name, p.words, scale*f.weight), weightedTerms(f.name+biSuffix, p.bigrams, scale*f.weight*r.bigram))
	}
	if q := clauseSumOf(cs); q != nil {
		return q
	}
	return bleve.NewMatchNoneQuery()
}

func weightedTerms(field string, terms []weightedTerm, boost float64) termClause {
	c := termClause{field: field, boost: boost}
	for _, t := range terms {
		c.terms = append(c.terms, t.term)
		c.boosts = append(c.boosts, boost*t.weight/terms[0].weight)
	}
	return c
}

func termQuery(field, value string) *query.TermQuery {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	return t
}

// dfCache keeps the document frequencies of terms until the index changes:
// looking them up is most of the cost of a profile. Entries are tagged with
// the generation they were read in, so that a lookup that raced a change is
// not kept.
type dfCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]uint64
}

// dfCacheMax bounds the cache to some ten MB; when full it starts over.
const dfCacheMax = 1 << 17

func (c *dfCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *dfCache) get(gen uint64, key string) (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return 0, false
	}
	v, ok := c.m[key]
	return v, ok
}

func (c *dfCache) put(gen uint64, key string, v uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) >= dfCacheMax {
		c.m = map[string]uint64{}
	}
	c.m[key] = v
}

func (c *dfCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m = nil
}
