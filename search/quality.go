package search

import (
	"math"
	"slices"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"
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

// qualityWindow is how many hits below a page are re-ranked with it: the
// most a listing can gain, 12 %, rarely lifts one further than that.
const qualityWindow = 40

// rankByQuality multiplies each hit's text score by 1 + the listing's static
// quality + its freshness as of now, re-sorts, and returns hits[from:from+size].
//
// It re-ranks the hits of the page and a window below it, whose quality
// valueOf reads from a column, rather than boosting every match inside the
// search: a doc-value read per match cost a sixth of a search's time.
func rankByQuality(hits bsearch.DocumentMatchCollection, valueOf func(*bsearch.DocumentMatch) float64, now time.Time, from, size int) bsearch.DocumentMatchCollection {
	today := dayNumber(now)
	for _, dm := range hits {
		static, confirmed := unpackQuality(valueOf(dm))
		// Quality reorders within a tier, never across (see tiers.go).
		tier, text := tierOf(dm.Score)
		dm.Score = float64(tier)*tierGap + text*(1+static+quality.fresh*freshness(confirmed, today))
	}
	slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int { return cmpDesc(a.Score, b.Score) })
	if from >= len(hits) {
		return nil
	}
	return hits[from:min(from+size, len(hits))]
}
