package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Facet counts come from columns kept in memory, one per index segment: for
// each document of the segment, its facet values as small integer codes.
// Bleve's own terms facet reads and decodes every match's doc values and
// counts them in a map of strings, which was half the time of a search that
// matches most of the market. Segments never change once written, so a
// column is built once, when a search first meets its segment, and then
// counting a match is a few array reads.
type facetColumns struct {
	mu    sync.Mutex
	code  map[string]uint32 // facet value ("region:350100") -> code
	value []string          // code -> facet value
	seg   map[uint64]*facetColumn
}

// facetColumn holds the codes of document d of a segment in
// codes[starts[d]:starts[d+1]], and its packed quality (qualityValue) in
// quality[d]: ranking reads the quality of a page and a window below it,
// which from the stored fields cost a document's decompression each.
type facetColumn struct {
	once    sync.Once
	err     error
	starts  []uint32
	codes   []uint32
	quality []float64
}

// facetCounting wraps a query so that its searcher counts the facet values
// of every match it returns. It also holds the snapshot searched until
// release, so that the hits' quality comes from its columns and the stored
// fields of the page shown from its segments, by document number.
type facetCounting struct {
	child  query.Query
	cols   *facetColumns
	counts []int // by code, filled by the search
	snap   *scorch.IndexSnapshot
	view   *facetView
}

func (q *facetCounting) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: facets need a scorch index, not %T", r)
	}
	view, err := q.cols.view(snap)
	if err != nil {
		return nil, err
	}
	s, err := q.child.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	q.counts = nil // counts are of the last search run
	q.release()
	snap.AddRef()
	q.snap, q.view = snap, view
	return &facetSearcher{Searcher: s, view: view, q: q}, nil
}

// release lets go of the snapshot searched.
func (q *facetCounting) release() {
	if q.snap != nil {
		q.snap.DecRef()
		q.snap, q.view = nil, nil
	}
}

// quality is the packed quality of a hit of the search.
func (q *facetCounting) quality(dm *bsearch.DocumentMatch) float64 {
	seg, local := q.view.starts.locate(binary.BigEndian.Uint64(dm.IndexInternalID), 0)
	return q.view.cols[seg].quality[local]
}

// stored visits the stored fields of a hit of the search.
func (q *facetCounting) stored(dm *bsearch.DocumentMatch, visit func(field string, value []byte)) error {
	seg, local := q.view.starts.locate(binary.BigEndian.Uint64(dm.IndexInternalID), 0)
	return q.snap.Segments()[seg].VisitDocument(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		visit(field, value)
		return true
	})
}

// facetView is the columns of one snapshot's segments, in the snapshot's
// order, with the global number of each segment's first document.
type facetView struct {
	starts segmentStarts
	cols   []*facetColumn
	codes  int // codes assigned when the view was made
}

func (c *facetColumns) view(snap *scorch.IndexSnapshot) (*facetView, error) {
	segs := snap.Segments()
	v := &facetView{starts: startsOf(segs), cols: make([]*facetColumn, len(segs))}
	c.mu.Lock()
	if c.seg == nil {
		c.seg, c.code = map[uint64]*facetColumn{}, map[string]uint32{}
	}
	live := make(map[uint64]bool, len(segs))
	for i, s := range segs {
		live[s.Id()] = true
		if c.seg[s.Id()] == nil {
			c.seg[s.Id()] = &facetColumn{}
		}
		v.cols[i] = c.seg[s.Id()]
	}
	// Columns of segments merged away go; a search still on an older
	// snapshot holds its own and, at worst, builds one again.
	for id := range c.seg {
		if !live[id] {
			delete(c.seg, id)
		}
	}
	c.mu.Unlock()

	dv, err := snap.DocValueReader([]string{fFacet, fQuality})
	if err != nil {
		return nil, err
	}
	for i, s := range segs {
		col := v.cols[i]
		col.once.Do(func() { col.err = c.build(col, dv, v.starts[i], s.Segment().Count()) })
		if col.err != nil {
			return nil, col.err
		}
	}
	c.mu.Lock()
	v.codes = len(c.value)
	c.mu.Unlock()
	return v, nil
}

// build reads the facet and quality doc values of the n documents from
// global number first on.
func (c *facetColumns) build(col *facetColumn, dv index.DocValueReader, first, n uint64) error {
	col.starts = make([]uint32, 0, n+1)
	col.codes = make([]uint32, 0, n*7)
	col.quality = make([]float64, n)
	id := make(index.IndexInternalID, 8)
	c.mu.Lock()
	defer c.mu.Unlock()
	for d := range n {
		col.starts = append(col.starts, uint32(len(col.codes)))
		binary.BigEndian.PutUint64(id, first+d)
		err := dv.VisitDocValues(id, func(field string, term []byte) {
			if field == fQuality {
				// A number's doc values are its prefix-coded terms at
				// every precision; shift 0 is the number itself.
				if ok, shift := numeric.ValidPrefixCodedTermBytes(term); ok && shift == 0 {
					i, _ := numeric.PrefixCoded(term).Int64()
					col.quality[d] = numeric.Int64ToFloat64(i)
				}
				return
			}
			code, ok := c.code[string(term)]
			if !ok {
				code = uint32(len(c.value))
				c.value = append(c.value, string(term))
				c.code[string(term)] = code
			}
			col.codes = append(col.codes, code)
		})
		if err != nil {
			return err
		}
	}
	col.starts = append(col.starts, uint32(len(col.codes)))
	return nil
}

type facetSearcher struct {
	bsearch.Searcher
	view *facetView
	q    *facetCounting
	seg  int // segment of the last match: matches come mostly in order
}

func (s *facetSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d != nil && err == nil {
		s.count(d.IndexInternalID)
	}
	return d, err
}

func (s *facetSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d != nil && err == nil {
		s.count(d.IndexInternalID)
	}
	return d, err
}

func (s *facetSearcher) count(id index.IndexInternalID) {
	var local uint64
	s.seg, local = s.view.starts.locate(binary.BigEndian.Uint64(id), s.seg)
	if s.q.counts == nil {
		s.q.counts = make([]int, s.view.codes)
	}
	col := s.view.cols[s.seg]
	for _, code := range col.codes[col.starts[local]:col.starts[local+1]] {
		s.q.counts[code]++
	}
}

// segmentStarts are the global numbers of the first documents of a
// snapshot's segments. Global numbers run through the segments in order,
// counting deleted documents too, as scorch numbers them.
type segmentStarts []uint64

func startsOf(segs []*scorch.SegmentSnapshot) segmentStarts {
	starts := make(segmentStarts, len(segs))
	var running uint64
	for i, s := range segs {
		starts[i] = running
		running += s.Segment().Count()
	}
	return starts
}

// locate finds the segment of global document number n, trying seg first
// (matches come mostly in order), and n's number within it.
func (starts segmentStarts) locate(n uint64, seg int) (int, uint64) {
	if seg < 0 || seg >= len(starts) || n < starts[seg] || (seg+1 < len(starts) && n >= starts[seg+1]) {
		seg = sort.Search(len(starts), func(i int) bool { return starts[i] > n }) - 1
	}
	return seg, n - starts[seg]
}

// facets turns the counts into each facet's values, most frequent first
// (ties by value), at most facetSize of each.
func (q *facetCounting) facets() map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for _, name := range facetFields {
		out[name] = []FacetCount{}
	}
	q.cols.mu.Lock()
	for code, n := range q.counts {
		if n > 0 {
			name, value, _ := strings.Cut(q.cols.value[code], ":")
			if _, ok := out[name]; ok {
				out[name] = append(out[name], FacetCount{Value: value, Count: n})
			}
		}
	}
	q.cols.mu.Unlock()
	for name, counts := range out {
		slices.SortFunc(counts, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		out[name] = counts[:min(len(counts), facetSize)]
	}
	slices.SortFunc(out["maturity"], func(a, b FacetCount) int { return strings.Compare(a.Value, b.Value) })
	return out
}
