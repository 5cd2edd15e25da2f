package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The reports an agency sends the province and the ministry: its registered
// contracts line by line in the 登记表's layout, and the monthly statistics
// (技术合同登记统计月报). A reviewer reports on their own agency, a market
// admin on any or all.

// reportAgency decides whose contracts the actor may report on: a market
// admin any agency (0: all of them), a reviewer their own (0: theirs).
// It answers the agency's id and name ("" for all).
func reportAgency(db *gorm.DB, actor Actor, agencyID int64) (int64, string, error) {
	switch {
	case actor.Acts(RoleAdmin):
	case actor.Acts(RoleReviewer):
		if agencyID == 0 {
			agencyID = actor.OrgID
		}
		if agencyID != actor.OrgID {
			return 0, "", ErrForbidden.Say("登记机构只能导出本机构登记的合同")
		}
	case !actor.LoggedIn():
		return 0, "", ErrUnauthenticated
	default:
		return 0, "", ErrForbidden.Say("只有登记机构和市场管理员可以导出登记报表")
	}
	if agencyID == 0 {
		return 0, "", nil
	}
	var agency Organization
	if err := db.First(&agency, agencyID).Error; err != nil || agency.Type != OrgAgency {
		return 0, "", Invalid(map[string]string{"agency": "登记机构不存在"})
	}
	return agency.ID, agency.Name, nil
}

// ContractStanding is what became of a registered contract since.
type ContractStanding string

const (
	StandingRegistered ContractStanding = "registered" // 已登记
	StandingChanged    ContractStanding = "changed"    // 已变更登记
	StandingCancelled  ContractStanding = "cancelled"  // 已注销登记
)

// StandingNames are the Chinese names of the standings.
var StandingNames = map[ContractStanding]string{StandingRegistered: "已登记", StandingChanged: "已变更", StandingCancelled: "已注销"}

// RegisterLine is one registered contract of a report, as registered, with
// its agency and what became of it (a change's amounts are the contract's
// standing amounts; the line keeps the registered ones, as the 登记表 did).
type RegisterLine struct {
	Contract Contract         `json:"contract"`
	Agency   string           `json:"agency"`
	Standing ContractStanding `json:"standing"`
}

// ContractRegister is an agency's (or every agency's) registered contracts
// of a period: registered on From through To, Asia/Shanghai days.
type ContractRegister struct {
	AgencyID int64          `json:"agency_id"`
	Agency   string         `json:"agency"`
	From     string         `json:"from"`
	To       string         `json:"to"`
	Lines    []RegisterLine `json:"lines"`
}

// reportPeriod reads a period of whole days, from and to included, of at
// most three years.
func reportPeriod(from, to string) (time.Time, time.Time, error) {
	f := map[string]string{}
	start := parseDay(f, "from", from)
	end := parseDay(f, "to", to)
	switch {
	case len(f) > 0:
	case end.Before(start):
		f["to"] = "结束日期不能早于开始日期"
	case end.After(start.AddDate(3, 0, 0)):
		f["to"] = "一次最多导出三年"
	}
	if len(f) > 0 {
		return time.Time{}, time.Time{}, Invalid(f)
	}
	return start, end.AddDate(0, 0, 1), nil
}

// RegisteredContracts lists the contracts registered in a period, oldest
// registration first, for the 登记表 export.
func (m *Market) RegisteredContracts(ctx context.Context, actor Actor, agencyID int64, from, to string) (*ContractRegister, error) {
	db := m.db.WithContext(ctx)
	agencyID, name, err := reportAgency(db, actor, agencyID)
	if err != nil {
		return nil, err
	}
	start, end, err := reportPeriod(from, to)
	if err != nil {
		return nil, err
	}
	q := registered(db, start, end)
	if agencyID != 0 {
		q = q.Where("agency_id = ?", agencyID)
	}
	var cs []Contract
	if err := q.Order("registered_at, id").Find(&cs).Error; err != nil {
		return nil, err
	}
	ptrs := make([]*Contract, len(cs))
	for i := range cs {
		ptrs[i] = &cs[i]
	}
	amended, err := amendedContracts(db, ptrs)
	if err != nil {
		return nil, err
	}
	agencies, err := namesOfOrgs(db, cs)
	if err != nil {
		return nil, err
	}
	out := &ContractRegister{AgencyID: agencyID, Agency: name, From: start.In(shanghai).Format("2006-01-02"),
		To: end.AddDate(0, 0, -1).In(shanghai).Format("2006-01-02"), Lines: make([]RegisterLine, len(cs))}
	for i, c := range cs {
		c.Actions = []string{}
		out.Lines[i] = RegisterLine{Contract: c, Agency: agencies[c.AgencyID], Standing: amended[c.ID]}
	}
	return out, nil
}

// amendedContracts says what became of each contract: cancelled when a
// cancellation was registered, changed when a change was, else registered.
func amendedContracts(db *gorm.DB, cs []*Contract) (map[int64]ContractStanding, error) {
	out := map[int64]ContractStanding{}
	var ids []int64
	for _, c := range cs {
		out[c.ID] = StandingRegistered
		ids = append(ids, c.ID)
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		var rows []struct {
			ContractID int64
			Kind       AmendmentKind
		}
		if err := db.Model(&Amendment{}).Select("contract_id, kind").Where("contract_id IN ? AND status = ?", batch, AmendmentRegistered).
			Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			switch {
			case r.Kind == AmendmentCancel:
				out[r.ContractID] = StandingCancelled
			case out[r.ContractID] != StandingCancelled:
				out[r.ContractID] = StandingChanged
			}
		}
	}
	return out, nil
}

// namesOfOrgs names the agencies of the contracts.
func namesOfOrgs(db *gorm.DB, cs []Contract) (map[int64]string, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, c := range cs {
		if !seen[c.AgencyID] {
			seen[c.AgencyID] = true
			ids = append(ids, c.AgencyID)
		}
	}
	return orgNameMap(db, ids)
}

// MonthlyReport is the 技术合同登记统计月报 of a month: the contracts
// registered in it as they stand (a registered cancellation takes one out,
// a change counts with its amounts), in total and grouped each way; each
// grouping adds up to the total.
type MonthlyReport struct {
	Year     int      `json:"year"`
	Month    int      `json:"month"`
	AgencyID int64    `json:"agency_id"`
	Agency   string   `json:"agency"`
	Total    Turnover `json:"total"`
	// By contract type, technical field, the seller's and the buyer's region
	// (港澳台 and 境外 among the buyers' regions), and the parties' types.
	ByType            []Turnover `json:"by_type"`
	ByField           []Turnover `json:"by_field"`
	BySellerRegion    []Turnover `json:"by_seller_region"`
	ByBuyerRegion     []Turnover `json:"by_buyer_region"`
	BySellerPartyType []Turnover `json:"by_seller_party_type"`
	ByBuyerPartyType  []Turnover `json:"by_buyer_party_type"`
}

// MonthlyReportGroups names the groupings of a MonthlyReport, in its order.
var MonthlyReportGroups = []Label{{"type", "合同类型"}, {"field", "技术领域"}, {"seller_region", "卖方地区"},
	{"buyer_region", "买方地区"}, {"seller_party_type", "卖方主体类型"}, {"buyer_party_type", "买方主体类型"}}

// Groups are the report's groupings in the order of MonthlyReportGroups.
func (r *MonthlyReport) Groups() [][]Turnover {
	return [][]Turnover{r.ByType, r.ByField, r.BySellerRegion, r.ByBuyerRegion, r.BySellerPartyType, r.ByBuyerPartyType}
}

// MonthlyContractReport builds the monthly statistical report of an agency
// (0: every agency, for admins) for a month.
func (m *Market) MonthlyContractReport(ctx context.Context, actor Actor, agencyID int64, year, month int) (*MonthlyReport, error) {
	db := m.db.WithContext(ctx)
	agencyID, name, err := reportAgency(db, actor, agencyID)
	if err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 || month < 1 || month > 12 {
		return nil, Invalid(map[string]string{"month": "请选择有效的年月"})
	}
	start := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, shanghai)
	q := standing(db).Where("contracts.registered_at >= ? AND contracts.registered_at < ?", start.UTC(), start.AddDate(0, 1, 0).UTC())
	if agencyID != 0 {
		q = q.Where("contracts.agency_id = ?", agencyID)
	}
	var rows []reportRow
	if err := q.Select("contracts.type, contracts.field, contracts.seller_division, contracts.buyer_division, contracts.seller_party_type, " +
		"contracts.buyer_party_type, " + StandingContractFen + " AS contract_fen, " + StandingTechFen + " AS tech_fen").Scan(&rows).Error; err != nil {
		return nil, err
	}
	return monthlyReport(year, month, agencyID, name, rows), nil
}

// reportRow is what the monthly report reads of one standing contract.
type reportRow struct {
	Type, Field, SellerDivision, BuyerDivision, SellerPartyType, BuyerPartyType string
	ContractFen                                                                 int64 `gorm:"column:contract_fen"`
	TechFen                                                                     int64 `gorm:"column:tech_fen"`
}

// monthlyReport adds the rows up, each way; it reads nothing else.
func monthlyReport(year, month int, agencyID int64, agency string, rows []reportRow) *MonthlyReport {
	r := &MonthlyReport{Year: year, Month: month, AgencyID: agencyID, Agency: agency}
	keys := []func(reportRow) (string, string){
		func(x reportRow) (string, string) { return x.Type, ContractTypeLabel(x.Type, "") },
		func(x reportRow) (string, string) { return x.Field, x.Field },
		func(x reportRow) (string, string) { return x.SellerDivision, DivisionName(x.SellerDivision) },
		func(x reportRow) (string, string) { return x.BuyerDivision, DivisionName(x.BuyerDivision) },
		func(x reportRow) (string, string) { return x.SellerPartyType, x.SellerPartyType },
		func(x reportRow) (string, string) { return x.BuyerPartyType, x.BuyerPartyType },
	}
	groups := make([][]Turnover, len(keys))
	for _, x := range rows {
		addTurnover(&r.Total, x)
		for g, key := range keys {
			k, name := key(x)
			i := 0
			for i < len(groups[g]) && groups[g][i].Key != k {
				i++
			}
			if i == len(groups[g]) {
				groups[g] = append(groups[g], Turnover{Key: k, Name: name})
			}
			addTurnover(&groups[g][i], x)
		}
	}
	for g := range groups {
		sortByKey(groups[g])
		if groups[g] == nil {
			groups[g] = []Turnover{}
		}
	}
	r.ByType, r.ByField, r.BySellerRegion, r.ByBuyerRegion, r.BySellerPartyType, r.ByBuyerPartyType =
		groups[0], groups[1], groups[2], groups[3], groups[4], groups[5]
	return r
}

// addTurnover counts a contract in a turnover. Amounts come in within MaxFen, so
// sums overflow only past 92,233 contracts of 1 万亿元 (see sums).
func addTurnover(t *Turnover, x reportRow) {
	t.Contracts++
	t.ContractFen, _ = addFen(t.ContractFen, x.ContractFen)
	t.TechFen, _ = addFen(t.TechFen, x.TechFen)
}

// DivisionFormCode is a division as the 登记表 codes it: six digits, or
// 7100 for 港澳台 and 8000 for 境外.
func DivisionFormCode(code string) string {
	if offMainland(code) {
		return strings.TrimSuffix(code, "00")
	}
	return code
}
