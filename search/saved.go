package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"techmarket/models"
)

// contains reports whether the listing kind:id is among the matches of q,
// which is how a saved search is checked against a newly published listing
// without running the whole search.
func (ix *Index) contains(q Query, kind string, id int64) (bool, error) {
	parts := []query.Query{bleve.NewDocIDQuery([]string{DocID(kind, id)})}
	if text := ix.textQuery(q.Q); text.q != nil {
		parts = append(parts, text.q)
	}
	parts = append(parts, q.filters()...)
	res, err := ix.b.Search(bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(parts...), 1, 0, false))
	if err != nil {
		return false, err
	}
	return res.Total > 0, nil
}

// MatchesSaved says whether the listing kind:id matches a saved search's
// parameters: the models.SavedSearchMatcher the announcer asks. Parameters
// that no longer pass the search's checks (saved before a rule tightened)
// simply match nothing.
func (ix *Index) MatchesSaved(p models.SearchParams, kind string, id int64) (bool, error) {
	q, err := SavedQuery(p)
	if err != nil {
		return false, nil
	}
	return ix.contains(q, kind, id)
}
