package search

import (
	"context"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// qualityParams weigh a listing's quality in relevance ranking. The boost is
// multiplicative and small — at most 1 + completeness + verified + fresh =
// 1.12 — so text relevance still ranks and quality reorders near ties: a
// listing must be within about a tenth of another's text score to pass it.
// A document without quality fields (as in the search quality tests) gets
// 1, so the text ranking is untouched when all are equal.
type qualityParams struct {
	completeness float64 // at completeness 100
	verified     float64 // organisation verified (实名认证)
	fresh        float64 // confirmed within freshDays
	freshDays    float64 // fully fresh for this long after confirmation
	staleDays    float64 // no freshness left after this long
}

var quality = qualityParams{completeness: 0.05, verified: 0.03, fresh: 0.04, freshDays: 30, staleDays: 180}

// staticQuality is the part of the boost that does not change with time.
func (d *Document) staticQuality() float64 {
	q := quality.completeness * float64(min(max(d.Completeness, 0), 100)) / 100
	if d.OrgVerified {
		q += quality.verified
	}
	return q
}

// dayNumber counts days since the Unix epoch: freshness needs no finer time.
func dayNumber(t time.Time) float64 { return float64(t.UTC().Unix() / 86400) }

// freshness is 1 for a listing confirmed within freshDays of today, falling
// linearly to 0 at staleDays; 0 when it was never confirmed.
func freshness(confirmedDay, today float64) float64 {
	if confirmedDay <= 0 {
		return 0
	}
	age := today - confirmedDay
	switch {
	case age <= quality.freshDays:
		return 1
	case age >= quality.staleDays:
		return 0
	}
	return (quality.staleDays - age) / (quality.staleDays - quality.freshDays)
}

// qualityValue packs what the boost reads into one number, so that a hit
// costs one doc-value visit: the day of the last confirmation times 1000
// plus the static quality in thousandths (at most 80).
func (d *Document) qualityValue() float64 {
	v := math.Round(d.staticQuality() * 1000)
	if !d.ConfirmedAt.IsZero() {
		v += dayNumber(d.ConfirmedAt) * 1000
	}
	return v
}

func unpackQuality(v float64) (static, confirmedDay float64) {
	n := int64(v)
	return float64(n%1000) / 1000, float64(n / 1000)
}

// qualityBoost multiplies a text score by 1 + the listing's static quality +
// its freshness as of now.
//
// It wraps the searcher itself rather than using Bleve's CustomScoreQuery,
// which looks up every hit's external id (a stored-field read) before
// scoring and made searches a third slower; this reads one doc value.
func qualityBoost(q query.Query, now time.Time) query.Query {
	return &qualityQuery{child: q, today: dayNumber(now)}
}

type qualityQuery struct {
	child query.Query
	today float64
}

func (q *qualityQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := q.child.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	dv, err := i.DocValueReader([]string{fQuality})
	if err != nil {
		s.Close()
		return nil, err
	}
	return &qualitySearcher{Searcher: s, dv: dv, today: q.today}, nil
}

type qualitySearcher struct {
	bsearch.Searcher
	dv    index.DocValueReader
	today float64
}

func (s *qualitySearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d == nil || err != nil {
		return d, err
	}
	return d, s.boost(d)
}

func (s *qualitySearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d == nil || err != nil {
		return d, err
	}
	return d, s.boost(d)
}

func (s *qualitySearcher) boost(d *bsearch.DocumentMatch) error {
	var v float64
	err := s.dv.VisitDocValues(d.IndexInternalID, func(_ string, term []byte) {
		// Numeric doc values hold the value at shift 0 and coarser prefixes.
		if ok, shift := numeric.ValidPrefixCodedTermBytes(term); ok && shift == 0 {
			if i, err := numeric.PrefixCoded(term).Int64(); err == nil {
				v = numeric.Int64ToFloat64(i)
			}
		}
	})
	static, confirmed := unpackQuality(v)
	d.Score *= 1 + static + quality.fresh*freshness(confirmed, s.today)
	return err
}
