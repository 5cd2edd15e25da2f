package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
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
// among concepts, each the literals of its terms.
type tiered struct {
	child    query.Query
	concepts [][]literalParts
}

func (q *tiered) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: tiers need a scorch index, not %T", r)
	}
	segs := snap.Segments()
	ts := &tieredSearcher{offsets: make([]uint64, len(segs)), has: make([][]*roaring.Bitmap, len(segs))}
	var running uint64
	for i, seg := range segs {
		// Global numbers count deleted documents too, as scorch's do.
		ts.offsets[i] = running
		running += seg.Segment().Count()
		for _, c := range q.concepts {
			bm, err := conceptDocs(seg, c)
			if err != nil {
				return nil, err
			}
			ts.has[i] = append(ts.has[i], bm)
		}
	}
	s, err := q.child.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	ts.Searcher = s
	return ts, nil
}

// tieredSearcher lifts its child's hits by their tiers. Which documents
// hold a concept is worked out once a segment, as a bitmap, from the
// postings of the concept's terms: following each concept with a searcher
// of its own cost a quarter of a common word's search.
type tieredSearcher struct {
	bsearch.Searcher
	offsets []uint64            // global number of each segment's first document
	has     [][]*roaring.Bitmap // by segment, then concept
	seg     int                 // segment of the last hit: hits come in order
}

// conceptDocs are the documents of seg that contain one of a concept's
// literals.
func conceptDocs(seg *scorch.SegmentSnapshot, lits []literalParts) (*roaring.Bitmap, error) {
	out := roaring.New()
	for _, lit := range lits {
		if len(lit.lone) == 0 && len(lit.inField) == 0 {
			continue
		}
		var docs *roaring.Bitmap
		and := func(bm *roaring.Bitmap) {
			if docs == nil {
				docs = bm
			} else {
				docs.And(bm)
			}
		}
		for _, c := range lit.lone {
			bm, err := postingsDocs(seg, fSubword, c)
			if err != nil {
				return nil, err
			}
			and(bm)
		}
		if len(lit.inField) > 0 {
			inAny := roaring.New()
			for _, f := range bigramFields {
				var inField *roaring.Bitmap
				for _, t := range lit.inField {
					bm, err := postingsDocs(seg, f, t)
					if err != nil {
						return nil, err
					}
					if inField == nil {
						inField = bm
					} else {
						inField.And(bm)
					}
				}
				inAny.Or(inField)
			}
			and(inAny)
		}
		out.Or(docs)
	}
	return out, nil
}

// postingsDocs are the live documents of seg with term in field, as a
// bitmap of their own (the caller may change it).
func postingsDocs(seg *scorch.SegmentSnapshot, field, term string) (*roaring.Bitmap, error) {
	dict, err := seg.Segment().Dictionary(field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList([]byte(term), seg.Deleted(), nil)
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if n, one := o.DocNum1Hit(); one {
			bm := roaring.New()
			if del := seg.Deleted(); del == nil || !del.Contains(uint32(n)) {
				bm.Add(uint32(n))
			}
			return bm, nil
		}
		if bm := o.ActualBitmap(); bm != nil {
			return bm.Clone(), nil
		}
	}
	bm := roaring.New() // another kind of segment, or no such term
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return bm, err
		}
		bm.Add(uint32(p.Number()))
	}
}

func (s *tieredSearcher) lift(d *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if d == nil || err != nil {
		return d, err
	}
	num := binary.BigEndian.Uint64(d.IndexInternalID)
	if s.seg >= len(s.offsets) || num < s.offsets[s.seg] || (s.seg+1 < len(s.offsets) && num >= s.offsets[s.seg+1]) {
		s.seg = sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > num }) - 1
	}
	local := uint32(num - s.offsets[s.seg])
	n := 0
	for _, docs := range s.has[s.seg] {
		if docs.Contains(local) {
			n++
		}
	}
	switch concepts := len(s.has[s.seg]); {
	case n > 0 && n == concepts && n > 1:
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
