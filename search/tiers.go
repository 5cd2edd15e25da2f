package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Tiers keep partial matches below full ones whatever their scores: a hit
// that contains the query's concepts (its words, or their synonyms) as
// written ranks above one found only through their bigrams or characters,
// and one that contains all of them above one that contains some. BM25
// alone cannot promise that: a listing that says 石墨 ten times can outscore
// one that says 石墨烯 once.
//
// A hit's score is its text score plus tierGap times its tier (0 for none
// of the concepts, 1 for some, 2 for all of two or more), so that Bleve's
// own top-N keeps tiers in order, pages included; no text score comes near
// tierGap. Search takes the tier off again before it shows a score.
const tierGap = 1e6

// tierOf splits a hit's score into its tier and its text score.
func tierOf(score float64) (tier int, text float64) {
	t := math.Floor(score / tierGap)
	return int(t), score - t*tierGap
}

// tiered wraps a query so that each of its hits is lifted by its tier
// among concepts, each a query matching the listings that contain it.
type tiered struct {
	child    query.Query
	concepts []query.Query
}

func (q *tiered) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := q.child.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	ts := &tieredSearcher{Searcher: s}
	// Concepts only say whether a hit has them: no scores, which lets
	// Bleve run them on bitmaps.
	co := o
	co.Score = "none"
	for _, cq := range q.concepts {
		c, err := cq.Searcher(ctx, r, m, co)
		if err != nil {
			ts.Close()
			return nil, err
		}
		ts.concepts = append(ts.concepts, &conceptCursor{s: c})
	}
	return ts, nil
}

type tieredSearcher struct {
	bsearch.Searcher
	concepts []*conceptCursor
}

// conceptCursor follows one concept's query along the hits, which come in
// ascending order of internal id.
type conceptCursor struct {
	s    bsearch.Searcher
	cur  *bsearch.DocumentMatch
	done bool
}

// has reports whether the concept's query matches document id; ids asked
// must not decrease.
func (c *conceptCursor) has(ctx *bsearch.SearchContext, id index.IndexInternalID) (bool, error) {
	if c.done {
		return false, nil
	}
	if c.cur != nil {
		switch cmp := c.cur.IndexInternalID.Compare(id); {
		case cmp == 0:
			return true, nil
		case cmp > 0:
			return false, nil
		}
		ctx.DocumentMatchPool.Put(c.cur)
		c.cur = nil
	}
	d, err := c.s.Advance(ctx, id)
	if err != nil {
		return false, err
	}
	if d == nil {
		c.done = true
		return false, nil
	}
	c.cur = d
	return d.IndexInternalID.Equals(id), nil
}

func (s *tieredSearcher) lift(ctx *bsearch.SearchContext, d *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if d == nil || err != nil {
		return d, err
	}
	n := 0
	for _, c := range s.concepts {
		ok, err := c.has(ctx, d.IndexInternalID)
		if err != nil {
			return nil, err
		}
		if ok {
			n++
		}
	}
	switch {
	case n > 0 && n == len(s.concepts) && n > 1:
		d.Score += 2 * tierGap
	case n > 0:
		d.Score += tierGap
	}
	return d, nil
}

func (s *tieredSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	return s.lift(ctx, d, err)
}

func (s *tieredSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	return s.lift(ctx, d, err)
}

func (s *tieredSearcher) Close() error {
	err := s.Searcher.Close()
	for _, c := range s.concepts {
		if cerr := c.s.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (s *tieredSearcher) DocumentMatchPoolSize() int {
	n := s.Searcher.DocumentMatchPoolSize()
	for _, c := range s.concepts {
		n += c.s.DocumentMatchPoolSize()
	}
	return n
}
