package models

import (
	"time"
)

// Achievement is a research achievement (科技成果) offered by a university or institute.
type Achievement struct {
	Listing       `gorm:"embedded"`
	Discipline    string     `gorm:"size:50;not null;default:''" json:"discipline"`
	IPType        string     `gorm:"size:20;not null;default:''" json:"ip_type"`
	PatentNumbers StringList `gorm:"type:text;not null" json:"patent_numbers"`
	Maturity      int        `gorm:"not null;default:0" json:"maturity"`
	PriceType     PriceType  `gorm:"size:20;not null" json:"price_type"`
	PriceFen      int64      `gorm:"not null;default:0" json:"price_fen"`
	ValidUntil    *time.Time `json:"valid_until"`
}

func (*Achievement) Kind() string            { return "achievement" }
func (a *Achievement) base() *Listing        { return &a.Listing }
func (a *Achievement) expiresAt() *time.Time { return a.ValidUntil }

// Achievements are offered by universities and institutes (and the operator's bulk import).
func (*Achievement) ownerRoles() []Role { return []Role{RoleSupplier, RoleAdmin} }

func (a *Achievement) check(f map[string]string) {
	checkListing(f, &a.Listing)
	a.PatentNumbers = cleanList(a.PatentNumbers)
	checkLen(f, "discipline", a.Discipline, 0, 50, "学科")
	if a.IPType != "" && !oneOf(a.IPType, IPTypes) {
		f["ip_type"] = "请选择有效的知识产权类型"
	}
	if len(a.PatentNumbers) > 50 {
		f["patent_numbers"] = "专利号最多 50 个"
	}
	if a.Maturity < 0 || a.Maturity > 9 {
		f["maturity"] = "技术成熟度为 1–9 级（0 表示未填写）"
	}
	if a.PriceType == "" {
		a.PriceType = PriceNegotiable
	}
	switch {
	case !oneOf(string(a.PriceType), labelValues(PriceTypeLabels)):
		f["price_type"] = "价格类型只能是面议、参考价、底价或一口价"
	case a.PriceType == PriceNegotiable && a.PriceFen != 0:
		f["price_fen"] = "面议时不填价格"
	default:
		checkFen(f, "price_fen", a.PriceFen, a.PriceType == PriceNegotiable, "价格")
	}
}

func labelValues(ls []Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Value
	}
	return out
}
