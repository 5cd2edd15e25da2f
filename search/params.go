package search

import (
	"techmarket/models"
)

// ParseQuery reads and checks the parameters of GET /api/v1/search, which
// Query declares; get returns one parameter (the query string's, or a saved
// search's).
func ParseQuery(get func(key string) string) (Query, error) {
	var q Query
	err := models.ReadParams(&q, get, nil)
	return q, err
}

// CheckParams holds the rules of a search that its tags cannot say.
func (q *Query) CheckParams(fields map[string]string) {
	if q.RegionPrefix != "" && !models.ValidRegionPrefix(q.RegionPrefix) {
		fields["region"] = "地区为行政区划代码或其前缀（如 35、3501、350102）"
	}
	if q.MaturityMin > 0 && q.MaturityMax > 0 && q.MaturityMin > q.MaturityMax {
		fields["maturity_min"] = "最低成熟度不能高于最高成熟度"
	}
	if q.PriceMaxFen > 0 && q.PriceMinFen > q.PriceMaxFen {
		fields["price_min_fen"] = "最低价格不能高于最高价格"
	}
}

// SavedQuery turns a saved search's parameters into a query through the same
// checks as GET /api/v1/search.
func SavedQuery(p models.SearchParams) (Query, error) {
	return ParseQuery(func(k string) string { return p[k] })
}
