package models

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Hint is one concrete way to make a listing more complete, with the points
// it would add to the completeness score.
type Hint struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Points  int    `json:"points"`
}

// patentTypes are the IP types that have numbers a buyer can look up.
var patentTypes = []string{"发明专利", "实用新型", "外观设计"}

// Completeness scores how much of what buyers ask about a listing answers
// (0–100), and lists what is missing, most valuable first. What a buyer
// cannot judge without — maturity, patent numbers to look up, figures rather
// than adjectives, a price — weighs most; the scores of the two kinds each
// add up to 100.
func Completeness(item listing) (int, []Hint) {
	l := item.base()
	var hints []Hint
	score := 0
	check := func(ok bool, points int, field, msg string) {
		if ok {
			score += points
		} else {
			hints = append(hints, Hint{field, msg, points})
		}
	}
	summaryLen := utf8.RuneCountInString(strings.TrimSpace(l.Summary))
	check(utf8.RuneCountInString(strings.TrimSpace(l.Title)) >= 8, 5, "title", "标题过短：写明技术名称和用途（至少 8 个字）")
	check(summaryLen >= 200, 15, "summary", "简介不足 200 字：说明技术原理、关键指标和应用场景")
	check(quantified(l.Summary), 15, "summary", "简介中没有量化指标：补充具体数据，如“效率提升 30%”“寿命 5000 小时”")
	check(len(l.Keywords) >= 3, 10, "keywords", "关键词少于 3 个：补充便于检索的技术词")
	check(l.Field != "", 10, "field", "未选择行业领域")
	check(l.ContactName != "" && (l.ContactPhone != "" || l.ContactEmail != ""), 10, "contact_name", "未填写联系人及电话或邮箱")
	check(len(l.CoopModes) > 0, 5, "coop_modes", "未选择合作方式")
	switch x := item.(type) {
	case *Achievement:
		check(x.Maturity > 0, 10, "maturity", "未填写技术成熟度（1–9 级）")
		check(x.IPType != "", 5, "ip_type", "未填写知识产权类型")
		check(!oneOf(x.IPType, patentTypes) || len(x.PatentNumbers) > 0, 5, "patent_numbers", "知识产权为专利，但未填写专利号")
		check(x.PriceType != "" && x.PriceType != PriceNegotiable, 10, "price_type", "价格为面议：给出参考价、底价或一口价更容易获得关注")
	case *Need:
		check(!x.BudgetNegotiable && x.BudgetMaxFen > 0, 20, "budget_max_fen", "预算为面议：给出预算范围更容易获得响应")
		check(x.Deadline != nil, 10, "deadline", "未设置截止日期")
	}
	// Most valuable first: a page shows the top few.
	for i := 1; i < len(hints); i++ {
		for j := i; j > 0 && hints[j].Points > hints[j-1].Points; j-- {
			hints[j], hints[j-1] = hints[j-1], hints[j]
		}
	}
	return score, hints
}

// quantified says whether text states a figure: a digit next to a unit,
// a percentage, or a Chinese numeral with a measure (三倍, 两年).
func quantified(text string) bool {
	for _, r := range text {
		if unicode.IsDigit(r) || r == '%' || r == '％' {
			return true
		}
	}
	for _, w := range []string{"倍", "百分之", "万元", "亿元"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// StaleAfter is how long a listing counts as fresh after its owner last
// confirmed it; after that the owner is reminded, once per StaleAfter.
const StaleAfter = 30 * 24 * time.Hour

// Badge is what a search result card shows of a listing's organisation.
type Badge struct {
	OrgName     string
	OrgVerified bool
}

// ListingBadges reads the organisation name and verification of listings of
// one kind, for search results (the index does not follow verification).
func (m *Market) ListingBadges(ctx context.Context, kind string, ids []int64) (map[int64]Badge, error) {
	db := m.db.WithContext(ctx)
	out := map[int64]Badge{}
	if len(ids) == 0 {
		return out, nil
	}
	table := "achievements"
	switch kind {
	case "need":
		table = "needs"
	case "challenge":
		table = "challenges"
	}
	// One query a page: a search answer is otherwise all in memory.
	var rows []struct {
		ID     int64
		Name   string
		Status OrgStatus
	}
	err := db.Table(table+" AS l").Select("l.id, o.name, o.status").
		Joins("JOIN organizations o ON o.id = l.org_id").Where("l.id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = Badge{r.Name, r.Status == OrgVerified}
	}
	return out, nil
}
