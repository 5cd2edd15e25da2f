package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"techmarket/models"
)

// FieldSuggestion is the field of industry a listing's text points to.
type FieldSuggestion struct {
	Field      string  // "" when the index has too little to go on
	Confidence float64 // share of the neighbours' weight that voted for Field
	Reasons    []string
}

// suggestParams: a listing takes the field of its k nearest published
// listings that have one, each voting with its score, provided at least
// minVotes of them were found. Votes by score suggest better than votes
// by count or by rank. On the CSL needs with their own paper left
// out, k = 3, 10, 20, 30 suggest the paper's field for 51, 56, 57 and 58 %
// of them (其他, the largest field, holds a quarter of the papers).
var suggestParams = struct{ k, minVotes int }{k: 20, minVotes: 3}

// SuggestField guesses the field of industry of a listing from the published
// listings most like it, for a listing created without one.
func (ix *Index) SuggestField(title, summary string, keywords []string) (FieldSuggestion, error) {
	p, err := ix.textProfile(title, summary, keywords)
	if err != nil {
		return FieldSuggestion{}, err
	}
	return ix.suggestField(p, PredictCategory(title, summary, keywords), "")
}

// suggestField votes among the neighbours of p other than the listing of
// Bleve id exclude. A neighbour whose predicted 门类 differs from cat, the
// listing's, votes with its score times 1 − both confidences: a paper on
// the law of land contracts near a need about soil should not make it 其他.
func (ix *Index) suggestField(p profile, cat CategoryGuess, exclude string) (FieldSuggestion, error) {
	if p.empty() {
		return FieldSuggestion{}, nil
	}
	fields := make([]query.Query, len(models.Fields))
	for i, f := range models.Fields {
		fields[i] = termQuery(fField, f)
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(p.query(1))
	bq.AddFilter(bleve.NewDisjunctionQuery(fields...))
	if exclude != "" {
		bq.AddMustNot(bleve.NewDocIDQuery([]string{exclude}))
	}
	req := bleve.NewSearchRequestOptions(bq, suggestParams.k, 0, false)
	req.Fields = []string{fField, fCategory, fCategoryConfidence}
	res, err := ix.b.Search(req)
	if err != nil {
		return FieldSuggestion{}, err
	}
	if len(res.Hits) < suggestParams.minVotes {
		return FieldSuggestion{}, nil
	}

	type tally struct {
		field  string
		weight float64
		count  int
	}
	var votes []tally
	var total float64
	kinds := map[string]bool{}
	for _, dm := range res.Hits {
		f, _ := dm.Fields[fField].(string)
		kind, _, _ := strings.Cut(dm.ID, ":")
		kinds[kind] = true
		w := dm.Score
		if c, _ := dm.Fields[fCategory].(string); c != "" && cat.Category != "" && c != cat.Category {
			conf, _ := dm.Fields[fCategoryConfidence].(float64)
			w *= 1 - cat.Confidence*conf
		}
		total += w
		i := slices.IndexFunc(votes, func(t tally) bool { return t.field == f })
		if i < 0 {
			votes = append(votes, tally{field: f})
			i = len(votes) - 1
		}
		votes[i].weight += w
		votes[i].count++
	}
	// Stable: on a tie the field of the nearer listing wins.
	slices.SortStableFunc(votes, func(a, b tally) int { return cmpDesc(a.weight, b.weight) })
	win := votes[0]
	similar := "相似成果和需求"
	switch {
	case !kinds[KindNeed]:
		similar = "相似成果"
	case !kinds[KindAchievement]:
		similar = "相似需求"
	}
	s := FieldSuggestion{Field: win.field, Confidence: float64(win.count) / float64(len(res.Hits))}
	if total > 0 {
		s.Confidence = win.weight / total
	}
	s.Reasons = append(s.Reasons, fmt.Sprintf("%s中 %d/%d 属于%s（按相似度加权占 %.0f%%）",
		similar, win.count, len(res.Hits), win.field, 100*s.Confidence))
	var terms []string
	for _, t := range p.words[:min(maxSharedTerms, len(p.words))] {
		terms = append(terms, t.term)
	}
	if len(terms) > 0 {
		s.Reasons = append(s.Reasons, "依据关键词："+strings.Join(terms, "、"))
	}
	return s, nil
}
