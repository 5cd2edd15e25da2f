package search

import (
	"reflect"
	"slices"
	"testing"

	"techmarket/models"
)

// TestQueryDeclaresWhatSearchDoes: the values and bounds Query's tags
// declare are the ones the search knows, so the document and the checks
// cannot drift from them.
func TestQueryDeclaresWhatSearchDoes(t *testing.T) {
	ps := map[string]models.Param{}
	for _, p := range models.Params(reflect.TypeFor[Query]()) {
		ps[p.Name] = p
	}
	if got := ps["kind"].Enum; !slices.Equal(got, []string{KindAchievement, KindNeed, KindChallenge}) {
		t.Errorf("kind takes %v", got)
	}
	if got := ps["sort"].Enum; !slices.Equal(got, []string{SortRelevance, SortNewest, SortPriceAsc, SortPriceDesc}) {
		t.Errorf("sort takes %v", got)
	}
	for _, name := range []string{"price_min_fen", "price_max_fen"} {
		if *ps[name].Max != models.MaxFen {
			t.Errorf("%s ≤ %d, money stops at %d", name, *ps[name].Max, models.MaxFen)
		}
	}
	if *ps["size"].Max != models.MaxPageSize {
		t.Errorf("size ≤ %d, pages stop at %d", *ps["size"].Max, models.MaxPageSize)
	}
}

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		name   string
		params models.SearchParams
		want   Query
		refuse map[string]string
	}{
		{name: "nothing", want: Query{Page: 1, Size: 20}},
		{name: "filters", params: models.SearchParams{"q": "电池", "kind": "need", "region": "3501", "maturity_min": "3", "maturity_max": "7", "price_max_fen": "100", "sort": "newest", "page": "2", "size": "5"},
			want: Query{Q: "电池", Kind: "need", RegionPrefix: "3501", MaturityMin: 3, MaturityMax: 7, PriceMaxFen: 100, Sort: "newest", Page: 2, Size: 5}},
		{name: "bad values", params: models.SearchParams{"kind": "offer", "sort": "cheapest", "maturity_min": "10", "region": "x"}, refuse: map[string]string{
			"kind": "类型只能是 achievement、need 或 challenge", "sort": "排序只能是 relevance、newest、price_asc 或 price_desc",
			"maturity_min": "必须是 1 到 9 之间的整数", "region": "地区为行政区划代码或其前缀（如 35、3501、350102）"}},
		{name: "ranges upside down", params: models.SearchParams{"maturity_min": "7", "maturity_max": "3", "price_min_fen": "200", "price_max_fen": "100"}, refuse: map[string]string{
			"maturity_min": "最低成熟度不能高于最高成熟度", "price_min_fen": "最低价格不能高于最高价格"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, err := SavedQuery(c.params)
			if c.refuse == nil {
				if err != nil || q != c.want {
					t.Errorf("got %+v, %v; want %+v", q, err, c.want)
				}
				return
			}
			e, ok := models.AsError(err)
			if !ok || !reflect.DeepEqual(e.Fields, c.refuse) {
				t.Errorf("got %v, want the fields %v", err, c.refuse)
			}
		})
	}
}
