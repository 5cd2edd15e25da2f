package app

import (
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

// searchResult is a page of hits with the facets of all of them.
type searchResult struct {
	page[searchHit]
	Facets map[string][]facetCount `json:"facets"`
	// Related: no hit contains the query's words (or their synonyms) as
	// written, only parts of them; the page says it shows 相关结果.
	Related bool `json:"related"`
}

func (s *Server) search(c *fiber.Ctx) error {
	q := queryOf[search.Query](c)
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
		if badges[kind], err = s.market.ListingBadges(c.UserContext(), kind, list); err != nil {
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
	return c.JSON(searchResult{pageFor(items, int64(res.Total), models.Page{Page: q.Page, Size: q.Size}), facets, res.Related})
}

// matchHit is one match as people read it: how well it fits and why,
// best first, never a raw score (which says nothing to a person and
// invites comparing numbers across lists).
type matchHit struct {
	Kind       string     `json:"kind"`
	ID         int64      `json:"id"`
	ExternalID string     `json:"external_id"`
	Title      string     `json:"title"`
	Fit        search.Fit `json:"fit"`
	Reasons    []string   `json:"reasons"`
}

// matchCount is how many matches the caller asks for.
type matchCount struct {
	Size int `query:"size" min:"1" max:"100" default:"10" label:"数量" doc:"数量，1–100"`
}

// matches answers GET /{kind}/{id}/matches: the published listings of the
// other kind that fit a listing the caller may see, without the caller's own
// organisation's (an enterprise is not introduced to itself).
func (h listings[T, P]) matches(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	size := queryOf[matchCount](c).Size
	item, err := h.store.Get(c.UserContext(), actorOf(c), id)
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
	return h.s.answerMatches(c, src, size)
}

// answerMatches answers with the size published listings that fit src best,
// without the caller's own organisation's (an enterprise is not introduced
// to itself).
func (s *Server) answerMatches(c *fiber.Ctx, src search.Document, size int) error {
	mq := search.MatchQuery{Size: size}
	if a := actorOf(c); a.Active() {
		org, err := s.market.FindOrg(c.UserContext(), a.OrgID)
		if err != nil {
			return err
		}
		mq.ExcludeOrg = org.Name
	}
	res, err := s.indexer.Index().Matches(src, mq)
	if err != nil {
		return err
	}
	items := make([]matchHit, len(res.Items))
	for i, m := range res.Items {
		items[i] = matchHit{m.Kind, m.ID, m.ExternalID, m.Title, m.Fit, m.Reasons}
	}
	return c.JSON(onlyItems(items))
}

// FieldSuggestionRequest is the text of a listing being written.
type FieldSuggestionRequest struct {
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Keywords []string `json:"keywords"`
}

// fieldSuggestion is the field of industry suggested, "" when the index has too little to go on.
type fieldSuggestion struct {
	Field      string   `json:"field"`
	Confidence float64  `json:"confidence"`
	Reasons    []string `json:"reasons"`
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
	return c.JSON(fieldSuggestion{sg.Field, sg.Confidence, sg.Reasons})
}
