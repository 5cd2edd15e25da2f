package models

import (
	"strings"
	"testing"
	"time"
)

func completeAchievement() *Achievement {
	return &Achievement{
		Listing: Listing{Title: "石墨烯导热膜连续化制备技术", Summary: strings.Repeat("导热系数达到 1500 W/mK，", 20),
			Keywords: StringList{"石墨烯", "导热膜", "连续化"}, Field: "新材料及其应用", Region: "350102",
			CoopModes: StringList{"转让"}, ContactName: "王老师", ContactPhone: "13800000000"},
		IPType: "发明专利", PatentNumbers: StringList{"ZL202010000000.1"}, Maturity: 6, PriceType: PriceIndicative, PriceFen: 100,
	}
}

func completeNeed() *Need {
	d := time.Now().Add(30 * 24 * time.Hour)
	return &Need{
		Listing: Listing{Title: "寻求汽车玻璃镀膜节能技术", Summary: strings.Repeat("隔热率提升 30%，", 30),
			Keywords: StringList{"镀膜", "隔热", "汽车玻璃"}, Field: "先进制造", Region: "350102",
			CoopModes: StringList{"合作开发"}, ContactName: "李工", ContactEmail: "li@fuyao.com"},
		BudgetMinFen: 1, BudgetMaxFen: 100, Deadline: &d,
	}
}

func TestCompleteness(t *testing.T) {
	cases := []struct {
		name      string
		item      listing
		score     int
		hintField string // the first (most valuable) hint, "" for none
	}{
		{"complete achievement", completeAchievement(), 100, ""},
		{"complete need", completeNeed(), 100, ""},
		{"no maturity", func() listing { a := completeAchievement(); a.Maturity = 0; return a }(), 90, "maturity"},
		{"patent without numbers", func() listing { a := completeAchievement(); a.PatentNumbers = nil; return a }(), 95, "patent_numbers"},
		{"software copyright needs no patent number", func() listing {
			a := completeAchievement()
			a.IPType, a.PatentNumbers = "软件著作权", nil
			return a
		}(), 100, ""},
		{"claims without figures", func() listing {
			a := completeAchievement()
			a.Summary = strings.Repeat("本技术性能优异，效果显著，应用前景广阔。", 15)
			return a
		}(), 85, "summary"},
		{"percentage counts as a figure", func() listing {
			a := completeAchievement()
			a.Summary = strings.Repeat("能耗降低百分之二十，成本更低。", 20)
			return a
		}(), 100, ""},
		{"negotiable price", func() listing {
			a := completeAchievement()
			a.PriceType, a.PriceFen = PriceNegotiable, 0
			return a
		}(), 90, "price_type"},
		{"no keywords, field or contact", func() listing {
			a := completeAchievement()
			a.Keywords, a.Field, a.ContactName = nil, "", ""
			return a
		}(), 70, "keywords"},
		{"need with negotiable budget and no deadline", func() listing {
			n := completeNeed()
			n.BudgetNegotiable, n.BudgetMinFen, n.BudgetMaxFen, n.Deadline = true, 0, 0, nil
			return n
		}(), 70, "budget_max_fen"},
		{"bare draft", &Achievement{Listing: Listing{Title: "短标题", Summary: "很短的简介内容"}}, 5, "summary"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			score, hints := Completeness(c.item)
			if score != c.score {
				t.Errorf("score %d, want %d (hints %v)", score, c.score, hints)
			}
			missing := 0
			for _, h := range hints {
				missing += h.Points
				if !strings.ContainsFunc(h.Message, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
					t.Errorf("hint %q is not Chinese", h.Message)
				}
			}
			if score+missing != 100 {
				t.Errorf("score %d + missing %d != 100", score, missing)
			}
			first := ""
			if len(hints) > 0 {
				first = hints[0].Field
			}
			if first != c.hintField {
				t.Errorf("first hint %q, want %q (%v)", first, c.hintField, hints)
			}
		})
	}
}
