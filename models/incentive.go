package models

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The sides of a contract an incentive rule rewards.
const (
	SideBuyer  = "buyer"  // 技术吸纳
	SideSeller = "seller" // 技术输出
)

// IncentiveRule is a regional policy reward on registered contracts, as the
// seeds' policies write them: e.g. 福州 sellers earn 1 % of the technology
// transaction amount, at most 10 万 per contract but 20 万 for contracts of
// 1 亿 or more, or buyers that are enterprises earn 5 % of technology
// development and transfer contracts, at most 200 万 a year.
//
// RateBP and CapPerContract are the first tier (from 0); Tiers add higher
// ones. A contract is paid under the tier its technology amount as it stands
// reaches.
type IncentiveRule struct {
	ID             int64  `gorm:"primaryKey" json:"id"`
	Name           string `gorm:"size:100;not null" json:"name"`
	RegionPrefix   string `gorm:"size:6;not null" json:"region_prefix"`
	Side           string `gorm:"size:10;not null" json:"side"`           // buyer | seller
	RateBP         int64  `gorm:"column:rate_bp;not null" json:"rate_bp"` // basis points of the technology amount
	CapPerContract int64  `gorm:"not null" json:"cap_per_contract_fen"`
	CapPerYear     int64  `gorm:"not null" json:"cap_per_year_fen"`
	// EnterprisesOnly: the rewarded party must be an enterprise (see isEnterprise).
	EnterprisesOnly bool `gorm:"not null" json:"enterprises_only"`
	// ContractTypes are the contract types paid (ContractTypes values); empty: all.
	ContractTypes StringList     `gorm:"type:text;not null" json:"contract_types"`
	Tiers         IncentiveTiers `gorm:"type:text;not null" json:"tiers"`
	// FromYear and ToYear are the years the policy applies (0: open-ended).
	FromYear int `gorm:"not null" json:"from_year"`
	ToYear   int `gorm:"not null" json:"to_year"`
	// Group: rules of one group pay a contract under at most one of them, the
	// one that pays more (a city's and a district's reward for the same
	// contract, say, where the policies forbid paying twice).
	Group     string    `gorm:"column:group_name;size:50;not null" json:"group"`
	CreatedBy int64     `gorm:"not null" json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// IncentiveTier is a rate and a cap per contract from a technology amount on
// (the amount included: 1 亿以上 includes 1 亿, as Chinese legal texts count).
type IncentiveTier struct {
	MinFen int64 `json:"min_fen"`
	RateBP int64 `json:"rate_bp"`
	CapFen int64 `json:"cap_fen"` // 0: no cap
}

// IncentiveTiers are stored as JSON text, in ascending MinFen.
type IncentiveTiers []IncentiveTier

func (t IncentiveTiers) Value() (driver.Value, error) {
	return jsonValue(append(IncentiveTiers{}, t...))
}
func (t *IncentiveTiers) Scan(v any) error { return jsonScan(v, t) }

const maxIncentiveTiers = 10

// enterpriseParties are the party types (PartyTypes) that are enterprises.
// 个体经营 is not: a 个体工商户 is no enterprise in law.
var enterpriseParties = []string{"国有企业", "有限责任公司", "股份有限公司", "私营企业", "外资企业"}

func checkRate(f map[string]string, key string, bp int64) {
	if bp <= 0 || bp > 10_000 {
		f[key] = "比例为 1–10000 个基点（1% = 100）"
	}
}

func checkIncentiveRule(r *IncentiveRule) map[string]string {
	f := map[string]string{}
	checkName(f, "name", r.Name, 2, 100, "名称")
	if len(r.RegionPrefix) < 2 || len(r.RegionPrefix) > 6 || !allDigits(r.RegionPrefix) {
		f["region_prefix"] = "地区为行政区划代码或其前缀（如 35、3501）"
	}
	if r.Side != SideBuyer && r.Side != SideSeller {
		f["side"] = "奖励对象只能是 buyer（买方）或 seller（卖方）"
	}
	checkRate(f, "rate_bp", r.RateBP)
	checkFen(f, "cap_per_contract_fen", r.CapPerContract, true, "每份合同的上限")
	checkFen(f, "cap_per_year_fen", r.CapPerYear, true, "每年的上限")
	types := map[string]bool{}
	for _, t := range ContractTypes {
		types[t.Value] = true
	}
	seen := map[string]bool{}
	for _, t := range r.ContractTypes {
		if !types[t] || seen[t] {
			f["contract_types"] = "合同类型只能是 development、transfer、license、consulting、service，且不重复"
		}
		seen[t] = true
	}
	if len(r.Tiers) > maxIncentiveTiers {
		f["tiers"] = fmt.Sprintf("最多 %d 档", maxIncentiveTiers)
	}
	prev := int64(0)
	for i, t := range r.Tiers {
		if f["tiers"] != "" {
			break
		}
		g := map[string]string{}
		if checkFen(g, "min", t.MinFen, false, "起点金额") && t.MinFen <= prev {
			g["min"] = "各档起点金额须逐档升高，且高于 0"
		}
		checkRate(g, "rate", t.RateBP)
		checkFen(g, "cap", t.CapFen, true, "每份合同的上限")
		for _, k := range []string{"min", "rate", "cap"} {
			if g[k] != "" {
				f["tiers"] = fmt.Sprintf("第 %d 档：%s", i+2, g[k])
				break
			}
		}
		prev = t.MinFen
	}
	for key, y := range map[string]int{"from_year": r.FromYear, "to_year": r.ToYear} {
		if y != 0 && (y < 2000 || y > 2100) {
			f[key] = "年份为 2000–2100，不限则留空"
		}
	}
	if f["to_year"] == "" && r.FromYear != 0 && r.ToYear != 0 && r.ToYear < r.FromYear {
		f["to_year"] = "截止年份不能早于起始年份"
	}
	checkName(f, "group", r.Group, 0, 50, "不重复享受的分组")
	return f
}

func (m *Market) CreateIncentiveRule(ctx context.Context, actor Actor, r IncentiveRule) (*IncentiveRule, error) {
	db := m.db.WithContext(ctx)
	// Incentives are the market operator's (the city bureau's office that
	// runs the market and pays them), not a district bureau's.
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	r.Name, r.RegionPrefix, r.Group = strings.TrimSpace(r.Name), strings.TrimSpace(r.RegionPrefix), strings.TrimSpace(r.Group)
	r.ContractTypes = cleanList(r.ContractTypes)
	if r.Tiers == nil {
		r.Tiers = IncentiveTiers{}
	}
	if f := checkIncentiveRule(&r); len(f) > 0 {
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

// inForce: the rule applies to contracts registered in the year.
func (r *IncentiveRule) inForce(year int) bool {
	return (r.FromYear == 0 || year >= r.FromYear) && (r.ToYear == 0 || year <= r.ToYear)
}

// tierFor is the rate and cap per contract for a technology amount: the
// highest tier the amount reaches.
func (r *IncentiveRule) tierFor(techFen int64) IncentiveTier {
	t := IncentiveTier{RateBP: r.RateBP, CapFen: r.CapPerContract}
	for _, x := range r.Tiers {
		if techFen >= x.MinFen {
			t = x
		}
	}
	return t
}

// party is the side of the contract the rule rewards.
func (r *IncentiveRule) party(c *StandingContract) awardParty {
	if r.Side == SideSeller {
		return awardParty{c.SellerOrgID, c.SellerName, c.SellerDivision, c.SellerOrgType, c.SellerPartyType}
	}
	return awardParty{c.BuyerOrgID, c.BuyerName, c.BuyerDivision, c.BuyerOrgType, c.BuyerPartyType}
}

type awardParty struct {
	orgID     int64 // 0: not an organisation of the market
	name      string
	division  string
	orgType   OrgType
	partyType string
}

// isEnterprise: an organisation of the market is judged by its type, which
// a market admin verified from its 统一社会信用代码; a party outside the
// market (a buyer named on the contract only) by the party type the
// registration agency checked when it registered the contract.
func (p awardParty) isEnterprise() bool {
	if p.orgID != 0 {
		return p.orgType == OrgEnterprise
	}
	return oneOf(p.partyType, enterpriseParties)
}

// pays reports whether the rule pays the contract at all, before caps.
func (r *IncentiveRule) pays(c *StandingContract) bool {
	p := r.party(c)
	if !strings.HasPrefix(p.division, r.RegionPrefix) || r.EnterprisesOnly && !p.isEnterprise() {
		return false
	}
	return len(r.ContractTypes) == 0 || oneOf(c.Type, r.ContractTypes)
}

// StandingContract is a registered contract as it stands (its latest
// registered change, never a cancelled one): what awards are computed from.
type StandingContract struct {
	ID              int64
	RegistrationNo  string
	Type            string
	SellerOrgID     int64
	SellerName      string
	SellerDivision  string
	SellerOrgType   OrgType
	SellerPartyType string
	BuyerOrgID      int64
	BuyerName       string
	BuyerDivision   string
	BuyerOrgType    OrgType
	BuyerPartyType  string
	TechFen         int64
	RegisteredAt    time.Time
}

// Award is what one organisation earns under one rule in a year.
type Award struct {
	RuleID    int64       `json:"rule_id"`
	Rule      string      `json:"rule"`
	OrgID     int64       `json:"org_id"` // 0: a party that is no organisation of the market
	OrgName   string      `json:"org"`
	Contracts int         `json:"contracts"`
	AmountFen int64       `json:"amount_fen"`
	Lines     []AwardLine `json:"lines"`
	key       awardKeyType
}

// AwardLine is one contract's part of an award.
type AwardLine struct {
	ContractID     int64  `json:"contract_id"`
	RegistrationNo string `json:"registration_no"`
	TechFen        int64  `json:"tech_amount_fen"`
	AmountFen      int64  `json:"amount_fen"`
}

type awardKeyType struct {
	rule  int64
	org   int64
	named string // the name, for parties that are no organisation of the market
}

// ExclusionKey names a contract excluded from a rule.
type ExclusionKey struct{ RuleID, ContractID int64 }

// ComputeAwards is the incentive rule: for each contract registered in the
// year (in registration order, so a yearly cap falls on the latest), each
// rule in force that pays it and does not exclude it earns rate × technology
// amount of the contract's tier, capped per contract, then capped by what is
// left of the party's yearly cap under the rule. Of the rules of one group
// only the one earning most pays the contract (the lower id on a tie).
// Parties are organisations of the market, or names for buyers outside it.
func ComputeAwards(year int, rules []IncentiveRule, contracts []StandingContract, excluded map[ExclusionKey]bool) ([]Award, error) {
	byKey := map[awardKeyType]*Award{}
	var order []*Award
	for i := range contracts {
		c := &contracts[i]
		if c.TechFen < 0 || c.TechFen > MaxFen {
			return nil, ErrSumOutOfRange
		}
		type earning struct {
			award *Award
			fen   int64
		}
		var paid []earning
		bestOfGroup := map[string]int{} // group -> index in paid
		for j := range rules {
			r := &rules[j]
			if !r.inForce(year) || excluded[ExclusionKey{r.ID, c.ID}] || !r.pays(c) {
				continue
			}
			p := r.party(c)
			k := awardKeyType{rule: r.ID, org: p.orgID}
			if p.orgID == 0 {
				k.named = p.name
			}
			a := byKey[k]
			if a == nil {
				a = &Award{RuleID: r.ID, Rule: r.Name, OrgID: p.orgID, OrgName: p.name, Lines: []AwardLine{}, key: k}
			}
			t := r.tierFor(c.TechFen)
			// TechFen ≤ MaxFen and RateBP ≤ 10,000 keep the product within 10^18.
			earn := c.TechFen * t.RateBP / 10_000
			if t.CapFen > 0 {
				earn = min(earn, t.CapFen)
			}
			if r.CapPerYear > 0 {
				earn = max(0, min(earn, r.CapPerYear-a.AmountFen))
			}
			e := earning{a, earn}
			if r.Group == "" {
				paid = append(paid, e)
				continue
			}
			if at, ok := bestOfGroup[r.Group]; ok {
				if earn > paid[at].fen {
					paid[at] = e
				}
				continue
			}
			bestOfGroup[r.Group] = len(paid)
			paid = append(paid, e)
		}
		for _, e := range paid {
			a := e.award
			if byKey[a.key] == nil {
				byKey[a.key] = a
				order = append(order, a)
			}
			var ok bool
			if a.AmountFen, ok = addFen(a.AmountFen, e.fen); !ok {
				return nil, ErrSumOutOfRange
			}
			a.Contracts++
			a.Lines = append(a.Lines, AwardLine{c.ID, c.RegistrationNo, c.TechFen, e.fen})
		}
	}
	out := make([]Award, 0, len(order))
	for _, a := range order {
		out = append(out, *a)
	}
	rank := map[int64]int{}
	for i, r := range rules {
		rank[r.ID] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].RuleID != out[j].RuleID {
			return rank[out[i].RuleID] < rank[out[j].RuleID]
		}
		return out[i].AmountFen > out[j].AmountFen || out[i].AmountFen == out[j].AmountFen && out[i].OrgName < out[j].OrgName
	})
	return out, nil
}

// standingContracts are the contracts registered in [from, to) as they stand.
func standingContracts(db *gorm.DB, from, to time.Time) ([]StandingContract, error) {
	out := []StandingContract{}
	err := standing(db).
		Joins("JOIN organizations so ON so.id = contracts.seller_org_id").
		Joins("LEFT JOIN organizations bo ON bo.id = contracts.buyer_org_id").
		Where("contracts.registered_at >= ? AND contracts.registered_at < ?", from, to).
		Select(`contracts.id, COALESCE(contracts.registration_no, '') AS registration_no, contracts.type,
			contracts.seller_org_id, contracts.seller_name, contracts.seller_division, so.type AS seller_org_type, contracts.seller_party_type,
			COALESCE(contracts.buyer_org_id, 0) AS buyer_org_id, contracts.buyer_name, contracts.buyer_division,
			COALESCE(bo.type, '') AS buyer_org_type, contracts.buyer_party_type,
			` + StandingTechFen + ` AS tech_fen, contracts.registered_at`).
		Order("contracts.registered_at, contracts.id").Scan(&out).Error
	return out, err
}

// yearSpan is [1 January, next 1 January) of the year in Asia/Shanghai.
func yearSpan(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, shanghai).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, shanghai).UTC()
}

// IncentiveAwards computes, for a year, every party's award under every
// rule (ComputeAwards) from the contracts registered in it as they stand.
func (m *Market) IncentiveAwards(ctx context.Context, year int) ([]Award, error) {
	return incentiveAwards(m.db.WithContext(ctx), year)
}

func incentiveAwards(db *gorm.DB, year int) ([]Award, error) {
	rules := []IncentiveRule{}
	if err := db.Order("id").Find(&rules).Error; err != nil {
		return nil, err
	}
	from, to := yearSpan(year)
	contracts, err := standingContracts(db, from, to)
	if err != nil {
		return nil, err
	}
	var exclusions []IncentiveExclusion
	if err := db.Select("rule_id, contract_id").Find(&exclusions).Error; err != nil {
		return nil, err
	}
	excluded := map[ExclusionKey]bool{}
	for _, x := range exclusions {
		excluded[ExclusionKey{x.RuleID, x.ContractID}] = true
	}
	return ComputeAwards(year, rules, contracts, excluded)
}

// IncentiveExclusion takes a contract out of a rule: it was subsidised
// already (under another programme, say), with the reason on record.
type IncentiveExclusion struct {
	ID             int64     `gorm:"primaryKey" json:"id"`
	RuleID         int64     `gorm:"not null" json:"rule_id"`
	ContractID     int64     `gorm:"not null" json:"contract_id"`
	Reason         string    `gorm:"type:text;not null" json:"reason"`
	CreatedBy      int64     `gorm:"not null" json:"-"`
	CreatedAt      time.Time `json:"created_at"`
	RegistrationNo string    `gorm:"-" json:"registration_no"`
	ContractTitle  string    `gorm:"-" json:"contract_title"`
}

type IncentiveExclusionInput struct {
	RegistrationNo string `json:"registration_no"`
	Reason         string `json:"reason"`
}

func findIncentiveRule(tx *gorm.DB, id int64) (*IncentiveRule, error) {
	return findByID[IncentiveRule](tx, id, ErrIncentiveRuleNotFound)
}

// ExcludeFromIncentive: a market admin takes a registered contract, named by
// its registration number, out of a rule.
func (m *Market) ExcludeFromIncentive(ctx context.Context, actor Actor, ruleID int64, in IncentiveExclusionInput) (*IncentiveExclusion, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	in.RegistrationNo, in.Reason = strings.TrimSpace(in.RegistrationNo), strings.TrimSpace(in.Reason)
	f := map[string]string{}
	checkName(f, "registration_no", in.RegistrationNo, 1, 16, "登记编号")
	checkName(f, "reason", in.Reason, 2, 500, "排除原因")
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var x IncentiveExclusion
	err := db.Transaction(func(tx *gorm.DB) error {
		if _, err := findIncentiveRule(tx, ruleID); err != nil {
			return err
		}
		var c Contract
		err := tx.Where("registration_no = ? AND status = ?", in.RegistrationNo, ContractRegistered).Take(&c).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Invalid(map[string]string{"registration_no": "没有该登记编号的已登记合同"})
		}
		if err != nil {
			return err
		}
		x = IncentiveExclusion{RuleID: ruleID, ContractID: c.ID, Reason: in.Reason, CreatedBy: actor.UserID}
		if err := unique(tx.Create(&x).Error, ErrAlreadyExcluded); err != nil {
			return err
		}
		x.RegistrationNo, x.ContractTitle = in.RegistrationNo, c.Title
		return Audit(tx, actor, "incentive.exclude", "incentive_rule", ruleID, nil, x)
	})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// IncentiveExclusions lists a rule's excluded contracts.
func (m *Market) IncentiveExclusions(ctx context.Context, actor Actor, ruleID int64) ([]IncentiveExclusion, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := findIncentiveRule(db, ruleID); err != nil {
		return nil, err
	}
	out := []IncentiveExclusion{}
	if err := db.Where("rule_id = ?", ruleID).Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	var contracts []Contract
	ids := make([]int64, len(out))
	for i, x := range out {
		ids[i] = x.ContractID
	}
	if err := db.Select("id, registration_no, title").Where("id IN ?", ids).Find(&contracts).Error; err != nil {
		return nil, err
	}
	byID := map[int64]Contract{}
	for _, c := range contracts {
		byID[c.ID] = c
	}
	for i := range out {
		c := byID[out[i].ContractID]
		out[i].ContractTitle = c.Title
		if c.RegistrationNo != nil {
			out[i].RegistrationNo = *c.RegistrationNo
		}
	}
	return out, nil
}

// IncludeInIncentive lifts an exclusion: the contract earns under the rule again.
func (m *Market) IncludeInIncentive(ctx context.Context, actor Actor, id int64) error {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		x, err := findByID[IncentiveExclusion](tx, id, ErrExclusionNotFound)
		if err != nil {
			return err
		}
		// Lifted once, whoever else lifts it at the same moment.
		if err := moved(tx.Delete(&IncentiveExclusion{}, id), ErrExclusionNotFound); err != nil {
			return err
		}
		return Audit(tx, actor, "incentive.include", "incentive_rule", x.RuleID, x, nil)
	})
}
