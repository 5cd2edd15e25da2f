package app

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
	"techmarket/search"
)

type searchHit struct {
	Kind        string              `json:"kind"`
	ID          int64               `json:"id"`
	ExternalID  string              `json:"external_id"`
	Title       string              `json:"title"`
	Score       float64             `json:"score"`
	Highlights  map[string][]string `json:"highlights"`
	OrgName     string              `json:"org_name"`
	OrgVerified bool                `json:"org_verified"`
}

type facetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// searchQuery reads and checks the parameters of GET /api/v1/search; get
// returns one parameter (the query string's, or a saved search's).
func searchQuery(get func(key string) string) (search.Query, error) {
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
	q := search.Query{
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
	case "", search.KindAchievement, search.KindNeed, search.KindChallenge:
	default:
		fields["kind"] = "类型只能是 achievement、need 或 challenge"
	}
	switch q.Sort {
	case "", search.SortRelevance, search.SortNewest, search.SortPriceAsc, search.SortPriceDesc:
	default:
		fields["sort"] = "排序只能是 relevance、newest、price_asc 或 price_desc"
	}
	if q.RegionPrefix != "" && (len(q.RegionPrefix) > 6 || !digits(q.RegionPrefix)) {
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

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (s *Server) search(c *fiber.Ctx) error {
	q, err := searchQuery(func(k string) string { return c.Query(k) })
	if err != nil {
		return err
	}
	res, err := s.indexer.Index().Search(q)
	if err != nil {
		return err
	}
	ids := map[string][]int64{}
	for _, h := range res.Items {
		ids[h.Kind] = append(ids[h.Kind], h.ID)
	}
	badges := map[string]map[int64]models.Badge{}
	for kind, list := range ids {
		if badges[kind], err = models.ListingBadges(s.db, kind, list); err != nil {
			return err
		}
	}
	items := make([]searchHit, len(res.Items))
	for i, h := range res.Items {
		b := badges[h.Kind][h.ID]
		items[i] = searchHit{h.Kind, h.ID, h.ExternalID, h.Title, h.Score, h.Highlights, b.OrgName, b.OrgVerified}
	}
	facets := map[string][]facetCount{}
	for name, fcs := range res.Facets {
		out := make([]facetCount, len(fcs))
		for i, f := range fcs {
			out[i] = facetCount{f.Value, f.Count}
		}
		facets[name] = out
	}
	return c.JSON(fiber.Map{"items": items, "total": res.Total, "facets": facets, "page": q.Page, "size": q.Size})
}

type matchHit struct {
	Kind       string   `json:"kind"`
	ID         int64    `json:"id"`
	ExternalID string   `json:"external_id"`
	Title      string   `json:"title"`
	Score      float64  `json:"score"`
	Reasons    []string `json:"reasons"`
}

// matches answers GET /{kind}/{id}/matches: the published listings of the
// other kind that fit a listing the caller may see, without the caller's own
// organisation's (an enterprise is not introduced to itself).
func (h listings[T, P]) matches(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	size := 10
	if v := c.Query("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > models.MaxPageSize {
			return models.Invalid(map[string]string{"size": "数量必须是 1 到 100 之间的整数"})
		}
		size = n
	}
	item, err := models.GetListing[T, P](h.s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	var src search.Document
	switch l := any(item).(type) {
	case *models.Achievement:
		src = search.AchievementDocument(l, l.OrgName)
	case *models.Need:
		src = search.NeedDocument(l, l.OrgName)
	}
	mq := search.MatchQuery{Size: size}
	if a := actorOf(c); a.Active() {
		org, err := models.FindOrg(h.s.db, a.OrgID)
		if err != nil {
			return err
		}
		mq.ExcludeOrg = org.Name
	}
	res, err := h.s.indexer.Index().Matches(src, mq)
	if err != nil {
		return err
	}
	items := make([]matchHit, len(res.Items))
	for i, m := range res.Items {
		items[i] = matchHit{m.Kind, m.ID, m.ExternalID, m.Title, m.Score, m.Reasons}
	}
	return c.JSON(fiber.Map{"items": items})
}

// FieldSuggestionRequest is the text of a listing being written.
type FieldSuggestionRequest struct {
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Keywords []string `json:"keywords"`
}

func (s *Server) suggestField(c *fiber.Ctx) error {
	var in FieldSuggestionRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	fields := map[string]string{}
	if strings.TrimSpace(in.Title) == "" && strings.TrimSpace(in.Summary) == "" && len(in.Keywords) == 0 {
		fields["title"] = "请先填写标题、简介或关键词"
	}
	if len([]rune(in.Title)) > 200 {
		fields["title"] = "标题不能超过 200 个字符"
	}
	if len([]rune(in.Summary)) > 20000 {
		fields["summary"] = "简介不能超过 20000 个字符"
	}
	if len(in.Keywords) > 50 {
		fields["keywords"] = "关键词不能超过 50 个"
	}
	if len(fields) > 0 {
		return models.Invalid(fields)
	}
	sg, err := s.indexer.Index().SuggestField(in.Title, in.Summary, in.Keywords)
	if err != nil {
		return err
	}
	if sg.Reasons == nil {
		sg.Reasons = []string{}
	}
	return c.JSON(fiber.Map{"field": sg.Field, "confidence": sg.Confidence, "reasons": sg.Reasons})
}
