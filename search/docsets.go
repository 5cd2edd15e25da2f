package search

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A docSet is a set of documents worked out from the postings of its terms
// alone, a segment at a time, as a bitmap: whether a listing passes a
// short query's gate, or holds one of its concepts as written (tiers.go).
// Bleve answers such questions with a searcher a term, merged in a heap
// along the hits; that walk was a fifth of a common word's search, the
// bitmaps' AND and OR a few hundred microseconds. Each set also says what
// it is as a Bleve query, which the tests hold it to.
type docSet interface {
	// docs are the live documents of seg in the set, in a bitmap the
	// caller may change.
	docs(seg *scorch.SegmentSnapshot) (*roaring.Bitmap, error)
	query() query.Query
}

// termsIn holds the documents with any of terms in field.
type termsIn struct {
	field string
	terms []string
}

func (s termsIn) docs(seg *scorch.SegmentSnapshot) (*roaring.Bitmap, error) {
	out := roaring.New()
	for _, t := range s.terms {
		bm, err := postingsDocs(seg, s.field, t)
		if err != nil {
			return nil, err
		}
		out.Or(bm)
	}
	return out, nil
}

func (s termsIn) query() query.Query {
	if q := anyTerm(s.field, s.terms, 1); q != nil {
		return q
	}
	return bleve.NewMatchNoneQuery()
}

// docs of a literal: its lone characters in the sub-word field, and its
// bigrams (and Latin words) all in one of the bigram fields.
func (lit literalParts) docs(seg *scorch.SegmentSnapshot) (*roaring.Bitmap, error) {
	if len(lit.lone) == 0 && len(lit.inField) == 0 {
		return roaring.New(), nil
	}
	var out *roaring.Bitmap
	for _, c := range lit.lone {
		bm, err := postingsDocs(seg, fSubword, c)
		if err != nil {
			return nil, err
		}
		out = intersect(out, bm)
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
				inField = intersect(inField, bm)
			}
			inAny.Or(inField)
		}
		out = intersect(out, inAny)
	}
	return out, nil
}

// intersect narrows acc to bm, nil acc standing for every document.
func intersect(acc, bm *roaring.Bitmap) *roaring.Bitmap {
	if acc == nil {
		return bm
	}
	acc.And(bm)
	return acc
}

func (lit literalParts) query() query.Query { return lit.boosted(1) }

func (lit literalParts) boosted(boost float64) query.Query {
	var parts []query.Query
	for _, c := range lit.lone {
		parts = append(parts, anyTerm(fSubword, []string{c}, boost))
	}
	if len(lit.inField) > 0 {
		var any []query.Query
		for _, f := range bigramFields {
			qs := make([]query.Query, len(lit.inField))
			for i, t := range lit.inField {
				tq := termQuery(f, t)
				tq.SetBoost(boost)
				qs[i] = tq
			}
			any = append(any, bleve.NewConjunctionQuery(qs...))
		}
		parts = append(parts, bleve.NewDisjunctionQuery(any...))
	}
	switch len(parts) {
	case 0:
		return bleve.NewMatchNoneQuery()
	case 1:
		return parts[0]
	}
	return bleve.NewConjunctionQuery(parts...)
}

// atLeast holds the documents in at least min of sets; min 1 is any.
type atLeast struct {
	sets []docSet
	min  int
}

func anyOf(sets ...docSet) atLeast { return atLeast{sets: sets, min: 1} }

func (s atLeast) docs(seg *scorch.SegmentSnapshot) (*roaring.Bitmap, error) {
	if s.min <= 1 {
		out := roaring.New()
		for _, set := range s.sets {
			bm, err := set.docs(seg)
			if err != nil {
				return nil, err
			}
			out.Or(bm)
		}
		return out, nil
	}
	// reach[j] holds the documents in j+1 of the sets seen so far.
	reach := make([]*roaring.Bitmap, s.min)
	for i := range reach {
		reach[i] = roaring.New()
	}
	for _, set := range s.sets {
		bm, err := set.docs(seg)
		if err != nil {
			return nil, err
		}
		for j := s.min - 1; j > 0; j-- {
			reach[j].Or(roaring.And(reach[j-1], bm))
		}
		reach[0].Or(bm)
	}
	return reach[s.min-1], nil
}

func (s atLeast) query() query.Query {
	qs := make([]query.Query, len(s.sets))
	for i, set := range s.sets {
		qs[i] = set.query()
	}
	d := bleve.NewDisjunctionQuery(qs...)
	d.SetMin(float64(s.min))
	return d
}

// postingsDocs are the live documents of seg with term in field, in a
// bitmap of their own.
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

// segmentDocs are a set's documents in each segment of a snapshot.
type segmentDocs struct {
	starts segmentStarts
	docs   []*roaring.Bitmap
}

func docsOf(r index.IndexReader, set docSet) (*segmentDocs, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: document sets need a scorch index, not %T", r)
	}
	segs := snap.Segments()
	out := &segmentDocs{starts: startsOf(segs), docs: make([]*roaring.Bitmap, len(segs))}
	for i, seg := range segs {
		bm, err := set.docs(seg)
		if err != nil {
			return nil, err
		}
		out.docs[i] = bm
	}
	return out, nil
}

// has reports whether the set holds global document number n, trying
// segment seg first (hits come in order); it returns n's segment.
func (s *segmentDocs) has(n uint64, seg int) (bool, int) {
	seg, local := s.starts.locate(n, seg)
	return s.docs[seg].Contains(uint32(local)), seg
}

// setQuery matches the documents of a set, unscored.
type setQuery struct{ set docSet }

func (q setQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	d, err := docsOf(r, q.set)
	if err != nil {
		return nil, err
	}
	s := &setSearcher{d: d, seg: -1}
	for _, bm := range d.docs {
		s.count += bm.GetCardinality()
	}
	return s, nil
}

// setSearcher walks a set's bitmaps in the order of global numbers.
type setSearcher struct {
	d     *segmentDocs
	seg   int
	it    roaring.IntPeekable
	count uint64
}

func (s *setSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for s.it == nil || !s.it.HasNext() {
		if s.seg+1 >= len(s.d.docs) {
			return nil, nil
		}
		s.seg++
		s.it = s.d.docs[s.seg].Iterator()
	}
	n := s.d.starts[s.seg] + uint64(s.it.Next())
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = binary.BigEndian.AppendUint64(dm.IndexInternalID[:0], n)
	return dm, nil
}

func (s *setSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if len(s.d.docs) == 0 {
		return nil, nil
	}
	seg, local := s.d.starts.locate(binary.BigEndian.Uint64(id), s.seg)
	if seg > s.seg || s.it == nil {
		s.seg, s.it = seg, s.d.docs[seg].Iterator()
	}
	if seg == s.seg {
		s.it.AdvanceIfNeeded(uint32(local))
	}
	return s.Next(ctx)
}

func (s *setSearcher) Close() error               { return nil }
func (s *setSearcher) Weight() float64            { return 0 }
func (s *setSearcher) SetQueryNorm(float64)       {}
func (s *setSearcher) Count() uint64              { return s.count }
func (s *setSearcher) Min() int                   { return 0 }
func (s *setSearcher) Size() int                  { return 64 }
func (s *setSearcher) DocumentMatchPoolSize() int { return 1 }
