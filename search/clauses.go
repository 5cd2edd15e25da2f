package search

import (
	"context"
	"encoding/binary"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bsearcher "github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// termClause is one scoring clause of a text query: any of terms in one
// field, each weighted by boost (or by its own of boosts, when set); or,
// when q is set, that query alone.
type termClause struct {
	field  string
	terms  []string
	boost  float64
	q      query.Query
	boosts []float64
}

// queryClause is a clause of one query of any kind (a synonym as written).
func queryClause(q query.Query) termClause { return termClause{q: q} }

// clauseSum scores a hit as Bleve scores a disjunction of term
// disjunctions: a clause's score is the sum of its matching terms' scores
// times the share of its terms that match, and the hit's the sum of its
// clauses' times the share of the clauses that match. Nested, Bleve walks
// that as a tree of disjunctions, each comparing and re-sorting its
// children at every hit; a search spent a third of its time there. Here
// all terms sit in one flat list, compared by document number.
type clauseSum []termClause

// clauseSumOf leaves out clauses without terms or weight, as anyTerm
// does; nil when none is left.
func clauseSumOf(cs []termClause) query.Query {
	var out clauseSum
	for _, c := range cs {
		// anyTerm's rule, but a clause of weighted terms keeps them all.
		if c.q != nil || len(c.terms) > 0 && (c.boost > 0 || c.boosts != nil) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (cs clauseSum) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s := &clauseSumSearcher{nClauses: len(cs)}
	for ci, c := range cs {
		if c.q != nil {
			qs, err := c.q.Searcher(ctx, r, m, o)
			if err != nil {
				s.Close()
				return nil, err
			}
			s.clauseTerms = append(s.clauseTerms, 1)
			s.terms = append(s.terms, qs)
			s.clauseOf = append(s.clauseOf, ci)
			continue
		}
		s.clauseTerms = append(s.clauseTerms, len(c.terms))
		for j, t := range c.terms {
			boost := c.boost
			if c.boosts != nil {
				boost = c.boosts[j]
			}
			ts, err := bsearcher.NewTermSearcher(ctx, r, t, c.field, boost, o)
			if err != nil {
				s.Close()
				return nil, err
			}
			s.terms = append(s.terms, ts)
			s.clauseOf = append(s.clauseOf, ci)
		}
	}
	s.currs = make([]*bsearch.DocumentMatch, len(s.terms))
	s.docs = make([]uint64, len(s.terms))
	s.clauseScore = make([]float64, len(cs))
	s.clauseHits = make([]int, len(cs))
	// As a Bleve disjunction does; the searcher around this one sets the
	// norm of the whole query.
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

type clauseSumSearcher struct {
	terms       []bsearch.Searcher // the terms', and the queries' of query clauses
	clauseOf    []int              // the clause of each term
	clauseTerms []int              // the number of terms of each clause
	nClauses    int
	currs       []*bsearch.DocumentMatch // each term's current match, nil when done
	docs        []uint64                 // its document number, done past the last
	low         uint64                   // the lowest of docs
	started     bool
	last        uint64 // the document last returned, when returned
	returned    bool
	clauseScore []float64
	clauseHits  []int
}

// docNum is the number scorch gives a document: 8 bytes, big-endian.
func docNum(id index.IndexInternalID) uint64 { return binary.BigEndian.Uint64(id) }

func (s *clauseSumSearcher) start(ctx *bsearch.SearchContext) error {
	s.started = true
	s.low = done
	for i, t := range s.terms {
		d, err := t.Next(ctx)
		if err != nil {
			return err
		}
		s.low = min(s.low, s.set(i, d))
	}
	return nil
}

// done is the document number of a term past its last match.
const done = math.MaxUint64

// set makes d term i's current match and returns its document number.
func (s *clauseSumSearcher) set(i int, d *bsearch.DocumentMatch) uint64 {
	s.currs[i] = d
	s.docs[i] = done
	if d != nil {
		s.docs[i] = docNum(d.IndexInternalID)
	}
	return s.docs[i]
}

// match scores the lowest document any term is on. The terms stay on it
// until the next call: a Next moves them one on, an Advance skips them
// to its target without reading the matches in between.
func (s *clauseSumSearcher) match(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	low := s.low
	if low == done {
		return nil, nil
	}
	clear(s.clauseScore)
	clear(s.clauseHits)
	var rv *bsearch.DocumentMatch
	for i, doc := range s.docs {
		if doc != low {
			continue
		}
		d := s.currs[i]
		c := s.clauseOf[i]
		s.clauseScore[c] += d.Score
		s.clauseHits[c]++
		if rv == nil {
			rv = d
		} else {
			ctx.DocumentMatchPool.Put(d)
		}
		s.currs[i] = nil // handed on with the hit
	}
	s.last, s.returned = low, true
	var score float64
	matched := 0
	for c, n := range s.clauseHits {
		if n > 0 {
			score += s.clauseScore[c] * float64(n) / float64(s.clauseTerms[c])
			matched++
		}
	}
	rv.Score = score * float64(matched) / float64(s.nClauses)
	rv.Expl, rv.FieldTermLocations = nil, rv.FieldTermLocations[:0]
	return rv, nil
}

func (s *clauseSumSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	switch {
	case !s.started:
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	case s.returned:
		low := uint64(done)
		for i, doc := range s.docs {
			if doc == s.last {
				d, err := s.terms[i].Next(ctx)
				if err != nil {
					return nil, err
				}
				doc = s.set(i, d)
			}
			low = min(low, doc)
		}
		s.low, s.returned = low, false
	}
	return s.match(ctx)
}

func (s *clauseSumSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	target := docNum(id)
	if s.returned && target <= s.last {
		return s.Next(ctx)
	}
	low := uint64(done)
	for i, doc := range s.docs {
		if doc < target {
			if s.currs[i] != nil {
				ctx.DocumentMatchPool.Put(s.currs[i])
			}
			d, err := s.terms[i].Advance(ctx, id)
			if err != nil {
				return nil, err
			}
			doc = s.set(i, d)
		}
		low = min(low, doc)
	}
	s.low, s.returned = low, false
	return s.match(ctx)
}

func (s *clauseSumSearcher) Weight() float64 {
	var w float64
	for _, t := range s.terms {
		w += t.Weight()
	}
	return w
}

func (s *clauseSumSearcher) SetQueryNorm(n float64) {
	for _, t := range s.terms {
		t.SetQueryNorm(n)
	}
}

func (s *clauseSumSearcher) Count() uint64 {
	var n uint64
	for _, t := range s.terms {
		n += t.Count()
	}
	return n
}

func (s *clauseSumSearcher) Min() int { return 0 }

func (s *clauseSumSearcher) Size() int {
	n := 0
	for _, t := range s.terms {
		n += t.Size()
	}
	return n
}

func (s *clauseSumSearcher) DocumentMatchPoolSize() int {
	n := len(s.terms) + 1
	for _, t := range s.terms {
		n += t.DocumentMatchPoolSize()
	}
	return n
}

func (s *clauseSumSearcher) Close() error {
	var err error
	for _, t := range s.terms {
		if cerr := t.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// gated matches what gate matches, scored by scoring (which may match
// less). The gate is walked unscored (see unscored) unless it is also the
// scoring of its hits. Bleve's BooleanQuery would do the same, but wraps
// each of its clauses in a conjunction or disjunction of one, and those
// read one match past each hit ahead of time, which scoring that skips
// from hit to hit pays for in full.
type gated struct {
	gate, scoring query.Query // scoring may be nil
	scored        bool        // the gate's scores count
	filter        query.Query // what every hit must also match, unscored; may be nil
}

func (q gated) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	g := q.gate
	if !q.scored {
		g = unscored{g}
	}
	if q.filter != nil {
		// A conjunction skips each side to the other's next hit, so the
		// scoring is asked about hits that pass the filters only.
		g = bleve.NewConjunctionQuery(g, unscored{q.filter})
	}
	gs, err := g.Searcher(ctx, r, m, o)
	if err != nil || q.scoring == nil {
		return gs, err
	}
	ss, err := q.scoring.Searcher(ctx, r, m, o)
	if err != nil {
		gs.Close()
		return nil, err
	}
	return bsearcher.NewBooleanSearcher(ctx, r, gs, ss, nil, o)
}

// unscored matches what its child matches, with a score of 0. Unscored,
// Bleve walks a disjunction of terms as one bitmap of their postings'
// union and a conjunction as their intersection, instead of a heap of
// term readers that decode frequencies and norms for scores nobody reads.
type unscored struct{ child query.Query }

func (u unscored) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := u.child.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	return weightless{s}, nil
}

// weightless keeps an unscored searcher out of the query norm, which Bleve
// computes from the weights of all the terms of a query: the filters' terms
// would otherwise scale every score.
type weightless struct{ bsearch.Searcher }

func (weightless) Weight() float64 { return 0 }

func (weightless) SetQueryNorm(float64) {}
