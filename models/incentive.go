package models

import (
	"context"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// IncentiveRule is a regional policy reward on registered contracts, e.g.
// buyers in 3501 earn 5 % of the technology transaction amount, at most 50 万
// per contract and 200 万 per organisation and year.
type IncentiveRule struct {
	ID             int64     `gorm:"primaryKey" json:"id"`
	Name           string    `gorm:"size:100;not null" json:"name"`
	RegionPrefix   string    `gorm:"size:6;not null" json:"region_prefix"`
	Side           string    `gorm:"size:10;not null" json:"side"`           // buyer | seller
	RateBP         int64     `gorm:"column:rate_bp;not null" json:"rate_bp"` // basis points of the technology amount
	CapPerContract int64     `gorm:"not null" json:"cap_per_contract_fen"`
	CapPerYear     int64     `gorm:"not null" json:"cap_per_year_fen"`
	CreatedBy      int64     `gorm:"not null" json:"-"`
	CreatedAt      time.Time `json:"created_at"`
}

func (m *Market) CreateIncentiveRule(ctx context.Context, actor Actor, r IncentiveRule) (*IncentiveRule, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	r.Name, r.RegionPrefix = strings.TrimSpace(r.Name), strings.TrimSpace(r.RegionPrefix)
	f := map[string]string{}
	checkName(f, "name", r.Name, 2, 100, "名称")
	if len(r.RegionPrefix) < 2 || len(r.RegionPrefix) > 6 || !allDigits(r.RegionPrefix) {
		f["region_prefix"] = "地区为行政区划代码或其前缀（如 35、3501）"
	}
	if r.Side != "buyer" && r.Side != "seller" {
		f["side"] = "奖励对象只能是 buyer（买方）或 seller（卖方）"
	}
	if r.RateBP <= 0 || r.RateBP > 10_000 {
		f["rate_bp"] = "比例为 1–10000 个基点（1% = 100）"
	}
	checkFen(f, "cap_per_contract_fen", r.CapPerContract, true, "每份合同的上限")
	checkFen(f, "cap_per_year_fen", r.CapPerYear, true, "每年的上限")
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	r.ID, r.CreatedBy = 0, actor.UserID
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "incentive.create", "incentive_rule", r.ID, nil, r)
	})
	return &r, err
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func (m *Market) ListIncentiveRules(ctx context.Context) ([]IncentiveRule, error) {
	db := m.db.WithContext(ctx)
	out := []IncentiveRule{}
	return out, db.Order("id").Find(&out).Error
}

// Award is what one organisation earns under one rule in a year.
type Award struct {
	RuleID    int64  `json:"rule_id"`
	Rule      string `json:"rule"`
	OrgName   string `json:"org"`
	Contracts int    `json:"contracts"`
	AmountFen int64  `json:"amount_fen"`
}

// IncentiveAwards computes, for a year, every organisation's reward under
// every rule: rate × technology amount per registered contract, capped per
// contract, then capped per organisation and year. Contracts are taken in
// registration order, so the yearly cap falls on the latest ones.
func (m *Market) IncentiveAwards(ctx context.Context, year int) ([]Award, error) {
	db := m.db.WithContext(ctx)
	rules, err := m.ListIncentiveRules(ctx)
	if err != nil {
		return nil, err
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, shanghai).UTC()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, shanghai).UTC()
	var contracts []Contract
	if err := registered(db, from, to).Order("registered_at, id").Find(&contracts).Error; err != nil {
		return nil, err
	}
	var out []Award
	for _, r := range rules {
		byOrg := map[string]*Award{}
		for _, c := range contracts {
			name, division := c.BuyerName, c.BuyerDivision
			if r.Side == "seller" {
				name, division = c.SellerName, c.SellerDivision
			}
			if !strings.HasPrefix(division, r.RegionPrefix) {
				continue
			}
			a := byOrg[name]
			if a == nil {
				a = &Award{RuleID: r.ID, Rule: r.Name, OrgName: name}
				byOrg[name] = a
			}
			// TechFen ≤ MaxFen and RateBP ≤ 10,000 keep the product within 10^18.
			earn := c.TechFen * r.RateBP / 10_000
			if r.CapPerContract > 0 {
				earn = min(earn, r.CapPerContract)
			}
			if r.CapPerYear > 0 {
				earn = min(earn, r.CapPerYear-a.AmountFen)
			}
			var ok bool
			if a.AmountFen, ok = addFen(a.AmountFen, earn); !ok {
				return nil, ErrSumOutOfRange
			}
			a.Contracts++
		}
		var rows []Award
		for _, a := range byOrg {
			rows = append(rows, *a)
		}
		sort.Slice(rows, func(i, j int) bool {
			return rows[i].AmountFen > rows[j].AmountFen || rows[i].AmountFen == rows[j].AmountFen && rows[i].OrgName < rows[j].OrgName
		})
		out = append(out, rows...)
	}
	if out == nil {
		out = []Award{}
	}
	return out, nil
}
