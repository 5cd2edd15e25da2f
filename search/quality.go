package search

import (
	"context"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
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

// qualityBoost multiplies a text score by 1 + the listing's static quality +
// its freshness as of now.
func qualityBoost(q query.Query, now time.Time) query.Query {
	today := dayNumber(now)
	score := func(_ context.Context, d *bsearch.DocumentMatch) (float64, error) {
		static, _ := d.Fields[fQuality].(float64)
		confirmed, _ := d.Fields[fConfirmed].(float64)
		return d.Score * (1 + static + quality.fresh*freshness(confirmed, today)), nil
	}
	return query.NewCustomScoreQueryWithScorer(q, score, []string{fQuality, fConfirmed}, nil)
}
