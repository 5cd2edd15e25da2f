package models

import (
	"context"
	"sort"
	"time"

	"gorm.io/gorm"
)

// FacilitationThreshold is the 促成额 (contract amount of the registered
// technology contracts an institution facilitated as intermediary) that the
// city's plan expects of a transfer institution of kind in a year:
// 《推进福州市2023年度技术合同认定登记工作行动方案》 expects platform
// institutions (平台类) to facilitate at least 1,000 万元 and transaction
// institutions (交易类) at least 3,000 万元 a year. 0 for any other kind.
func FacilitationThreshold(kind InstitutionKind) int64 {
	switch kind {
	case InstitutionPlatform:
		return 1_000_000_000 // 1,000 万元 in fen
	case InstitutionTransaction:
		return 3_000_000_000 // 3,000 万元 in fen
	}
	return 0
}

// Assessment is a year's 促成额 measured against the plan's threshold.
type Assessment struct {
	ThresholdFen int64 `json:"threshold_fen"` // 0: not a registered institution, nothing expected
	Met          bool  `json:"met"`           // 达标
	GapFen       int64 `json:"gap_fen"`       // what is missing to the threshold; 0 when met
}

// Assess measures facilitated against what the plan expects of kind.
func Assess(kind InstitutionKind, facilitated int64) Assessment {
	t := FacilitationThreshold(kind)
	if t == 0 {
		return Assessment{}
	}
	if facilitated >= t {
		return Assessment{ThresholdFen: t, Met: true}
	}
	return Assessment{ThresholdFen: t, GapFen: t - facilitated}
}

// MatchActivity is a year of the match pipeline (对接活动): matches opened in
// the year by status, and how many of them became deals. It measures a
// broker's work, not turnover: 促成额 comes from registered contracts.
type MatchActivity struct {
	Matches map[MatchStatus]int64 `json:"matches"`
	Total   int64                 `json:"total"`
	Deals   int64                 `json:"deals"`
}

// BrokerStats is one broker's match activity in a year, with the broker's
// registry entry when the account is linked to one.
type BrokerStats struct {
	BrokerID      int64        `json:"broker_id"`
	Name          string       `json:"name"`
	OrgID         int64        `json:"org_id"`
	CertificateNo string       `json:"certificate_no,omitempty"`
	Level         *BrokerLevel `json:"level"` // null when the account is linked to no registry entry
	MatchActivity
}

// FirmStats is one broker firm's or transfer institution's year: its match
// activity, its 促成额 (the registered contracts naming it as intermediary,
// as they stand, registered in the year) and, for a registered institution,
// the plan's threshold for its kind and whether it is met.
type FirmStats struct {
	OrgID int64  `json:"org_id"`
	Name  string `json:"name"`
	MatchActivity
	// Contracts counts the registered contracts naming the firm as intermediary.
	Contracts int64 `json:"contracts"`
	// FacilitatedFen is the 促成额: their contract amount (成交额, the
	// plan's measure), FacilitatedTechFen their technology transaction amount.
	FacilitatedFen     int64            `json:"facilitated_fen"`
	FacilitatedTechFen int64            `json:"facilitated_tech_fen"`
	Kind               *InstitutionKind `json:"kind"` // null when not a registered institution
	Assessment
}

// BrokerPerformance reports per broker and per firm for a calendar year
// (Asia/Shanghai). Brokers see their own firm; admins every firm with
// matches or facilitated contracts in the year, and every registered
// institution.
func (m *Market) BrokerPerformance(ctx context.Context, actor Actor, year int) (brokers []BrokerStats, firms []FirmStats, err error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleBroker, RoleAdmin); err != nil {
		return nil, nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, nil, Invalid(map[string]string{"year": "年份无效"})
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, shanghai).UTC()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, shanghai).UTC()
	own := actor.OrgID // a broker sees its own firm, verified or not yet
	if actor.Acts(RoleAdmin) {
		own = 0 // every firm
	}
	byFirm := map[int64]*FirmStats{}
	firm := func(id int64) *FirmStats {
		f, ok := byFirm[id]
		if !ok {
			f = &FirmStats{OrgID: id, MatchActivity: MatchActivity{Matches: map[MatchStatus]int64{}}}
			byFirm[id] = f
		}
		return f
	}
	if own != 0 {
		firm(own) // a broker always sees where its firm stands
	}
	if brokers, err = matchActivity(db, from, to, own, firm); err != nil {
		return nil, nil, err
	}
	if err := facilitated(db, from, to, own, firm); err != nil {
		return nil, nil, err
	}
	var insts []TransferInstitution
	q := db.Model(&TransferInstitution{})
	if own != 0 {
		q = q.Where("org_id = ?", own)
	}
	if err := q.Find(&insts).Error; err != nil {
		return nil, nil, err
	}
	for _, x := range insts {
		firm(x.OrgID).Kind = &x.Kind
	}
	if err := nameStats(db, brokers, byFirm); err != nil {
		return nil, nil, err
	}
	firms = make([]FirmStats, 0, len(byFirm))
	for _, f := range byFirm {
		if f.Kind != nil {
			f.Assessment = Assess(*f.Kind, f.FacilitatedFen)
		}
		firms = append(firms, *f)
	}
	// The largest 促成额 first, as a bulletin ranks.
	sort.Slice(firms, func(i, j int) bool {
		if firms[i].FacilitatedFen != firms[j].FacilitatedFen {
			return firms[i].FacilitatedFen > firms[j].FacilitatedFen
		}
		return firms[i].OrgID < firms[j].OrgID
	})
	return brokers, firms, nil
}

// matchActivity counts the matches opened in [from, to) per broker (of the
// firm own, or every firm when 0) and adds them to their firm's figures.
func matchActivity(db *gorm.DB, from, to time.Time, own int64, firm func(int64) *FirmStats) ([]BrokerStats, error) {
	q := db.Table("matches").Where("matches.created_at >= ? AND matches.created_at < ?", from, to)
	if own != 0 {
		q = q.Where("matches.broker_org_id = ?", own)
	}
	var rows []struct {
		BrokerID    int64
		BrokerOrgID int64
		Status      MatchStatus
		N           int64
		Deals       int64
	}
	err := q.Select("matches.broker_id, matches.broker_org_id, matches.status, COUNT(*) AS n, COUNT(matches.deal_id) AS deals").
		Group("matches.broker_id, matches.broker_org_id, matches.status").Order("matches.broker_id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	brokers := []BrokerStats{}
	at := map[int64]int{}
	for _, r := range rows {
		i, ok := at[r.BrokerID]
		if !ok {
			i = len(brokers)
			at[r.BrokerID] = i
			brokers = append(brokers, BrokerStats{BrokerID: r.BrokerID, OrgID: r.BrokerOrgID, MatchActivity: MatchActivity{Matches: map[MatchStatus]int64{}}})
		}
		for _, a := range []*MatchActivity{&brokers[i].MatchActivity, &firm(r.BrokerOrgID).MatchActivity} {
			a.Matches[r.Status] += r.N
			a.Total += r.N
			a.Deals += r.Deals
		}
	}
	return brokers, nil
}

// facilitated adds to each firm (own, or every firm when 0) the registered
// contracts naming it as intermediary, registered in [from, to), as they
// stand: a cancelled one is gone, a changed one counts its latest amounts.
func facilitated(db *gorm.DB, from, to time.Time, own int64, firm func(int64) *FirmStats) error {
	q := standing(db).Where("contracts.broker_org_id IS NOT NULL AND contracts.registered_at >= ? AND contracts.registered_at < ?", from, to)
	if own != 0 {
		q = q.Where("contracts.broker_org_id = ?", own)
	}
	var rows []struct {
		BrokerOrgID int64
		ContractFen int64
		TechFen     int64
	}
	// Amounts are summed here rather than in SQL so that a sum past int64
	// is an error (addFen), not a wrapped or refused number.
	err := q.Select("contracts.broker_org_id, " + StandingContractFen + " AS contract_fen, " + StandingTechFen + " AS tech_fen").Scan(&rows).Error
	if err != nil {
		return err
	}
	for _, r := range rows {
		f := firm(r.BrokerOrgID)
		var ok1, ok2 bool
		f.Contracts++
		f.FacilitatedFen, ok1 = addFen(f.FacilitatedFen, r.ContractFen)
		f.FacilitatedTechFen, ok2 = addFen(f.FacilitatedTechFen, r.TechFen)
		if !ok1 || !ok2 {
			return ErrSumOutOfRange
		}
	}
	return nil
}

// nameStats names brokers and firms, and gives each broker its registry
// entry (certificate and level) when its account is linked to one.
func nameStats(db *gorm.DB, brokers []BrokerStats, firms map[int64]*FirmStats) error {
	ids := make([]int64, 0, len(brokers))
	for _, b := range brokers {
		ids = append(ids, b.BrokerID)
	}
	if len(ids) > 0 {
		var users []User
		if err := db.Select("id, name").Where("id IN ?", ids).Find(&users).Error; err != nil {
			return err
		}
		var entries []TechnologyBroker
		if err := db.Where("user_id IN ?", ids).Find(&entries).Error; err != nil {
			return err
		}
		names, entry := map[int64]string{}, map[int64]TechnologyBroker{}
		for _, u := range users {
			names[u.ID] = u.Name
		}
		for _, e := range entries {
			entry[*e.UserID] = e
		}
		for i := range brokers {
			b := &brokers[i]
			b.Name = names[b.BrokerID]
			if e, ok := entry[b.BrokerID]; ok {
				b.CertificateNo, b.Level = e.CertificateNo, &e.Level
			}
		}
	}
	list := make([]*FirmStats, 0, len(firms))
	for _, f := range firms {
		list = append(list, f)
	}
	orgs, err := orgNames(db, list, func(f *FirmStats) int64 { return f.OrgID })
	if err != nil {
		return err
	}
	for _, f := range list {
		f.Name = orgs[f.OrgID].Name
	}
	return nil
}
