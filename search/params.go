package search

import (
	"strconv"

	"techmarket/models"
)

// ParseQuery reads and checks the parameters of GET /api/v1/search; get
// returns one parameter (the query string's, or a saved search's).
func ParseQuery(get func(key string) string) (Query, error) {
	fields := map[string]string{}
	num := func(key string, min, max int64) int64 {
		v := get(key)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < min || n > max {
			fields[key] = "必须是 " + strconv.FormatInt(min, 10) + " 到 " + strconv.FormatInt(max, 10) + " 之间的整数"
		}
		return n
	}
	q := Query{
		Q: get("q"), Kind: get("kind"), Field: get("field"), RegionPrefix: get("region"),
		IPType: get("ip_type"), CoopMode: get("coop_mode"), Sort: get("sort"),
		MaturityMin: int(num("maturity_min", 1, 9)), MaturityMax: int(num("maturity_max", 1, 9)),
		PriceMinFen: num("price_min_fen", 0, models.MaxFen), PriceMaxFen: num("price_max_fen", 0, models.MaxFen),
		Page: int(num("page", 1, 1<<31)), Size: int(num("size", 1, models.MaxPageSize)),
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Size == 0 {
		q.Size = 20
	}
	if len([]rune(q.Q)) > 200 {
		fields["q"] = "搜索词不能超过 200 个字符"
	}
	switch q.Kind {
	case "", KindAchievement, KindNeed, KindChallenge:
	default:
		fields["kind"] = "类型只能是 achievement、need 或 challenge"
	}
	switch q.Sort {
	case "", SortRelevance, SortNewest, SortPriceAsc, SortPriceDesc:
	default:
		fields["sort"] = "排序只能是 relevance、newest、price_asc 或 price_desc"
	}
	if q.RegionPrefix != "" && !models.ValidRegionPrefix(q.RegionPrefix) {
		fields["region"] = "地区为行政区划代码或其前缀（如 35、3501、350102）"
	}
	if q.MaturityMin > 0 && q.MaturityMax > 0 && q.MaturityMin > q.MaturityMax {
		fields["maturity_min"] = "最低成熟度不能高于最高成熟度"
	}
	if q.PriceMaxFen > 0 && q.PriceMinFen > q.PriceMaxFen {
		fields["price_min_fen"] = "最低价格不能高于最高价格"
	}
	if len(fields) > 0 {
		return q, models.Invalid(fields)
	}
	return q, nil
}

// SavedQuery turns a saved search's parameters into a query through the same
// checks as GET /api/v1/search.
func SavedQuery(p models.SearchParams) (Query, error) {
	return ParseQuery(func(k string) string { return p[k] })
}
