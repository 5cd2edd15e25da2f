package search

import (
	"context"
	"encoding/binary"
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
// among concepts, each the set of listings that hold it as written.
type tiered struct {
	child    query.Query
	concepts []docSet
}

func (q *tiered) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	ts := &tieredSearcher{}
	for _, c := range q.concepts {
		d, err := docsOf(r, c)
		if err != nil {
			return nil, err
		}
		ts.concepts = append(ts.concepts, d)
	}
	s, err := q.child.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	ts.Searcher = s
	return ts, nil
}

// tieredSearcher lifts its child's hits by their tiers. Which documents
// hold a concept is a bitmap a segment (docsets.go): following each
// concept with a searcher of its own cost a quarter of a common word's
// search.
type tieredSearcher struct {
	bsearch.Searcher
	concepts []*segmentDocs
	seg      int // segment of the last hit: hits come in order
}

func (s *tieredSearcher) lift(d *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if d == nil || err != nil {
		return d, err
	}
	num := binary.BigEndian.Uint64(d.IndexInternalID)
	n := 0
	for _, c := range s.concepts {
		var has bool
		if has, s.seg = c.has(num, s.seg); has {
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
	return s.lift(s.Searcher.Next(ctx))
}

func (s *tieredSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return s.lift(s.Searcher.Advance(ctx, id))
}
