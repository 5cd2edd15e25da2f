package models

import (
	"context"
	"time"
)

// BrokerStats is one broker's (or one firm's) year: matches opened in the
// year by status, and the amount of the deals those matches brought.
type BrokerStats struct {
	BrokerID  int64                 `json:"broker_id,omitempty"`
	Name      string                `json:"name"`
	OrgID     int64                 `json:"org_id"`
	Matches   map[MatchStatus]int64 `json:"matches"`
	Total     int64                 `json:"total"`
	Deals     int64                 `json:"deals"`
	AmountFen int64                 `json:"amount_fen"`
}

// BrokerPerformance reports per broker and per firm for a calendar year
// (Asia/Shanghai). Brokers see their own firm; admins every firm.
func (m *Market) BrokerPerformance(ctx context.Context, actor Actor, year int) (brokers, firms []BrokerStats, err error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleBroker, RoleAdmin); err != nil {
		return nil, nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, nil, Invalid(map[string]string{"year": "年份无效"})
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, shanghai).UTC()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, shanghai).UTC()
	q := db.Table("matches").Where("matches.created_at >= ? AND matches.created_at < ?", from, to)
	if actor.Acts(RoleBroker) {
		q = q.Where("matches.broker_org_id = ?", actor.OrgID)
	}
	type row struct {
		BrokerID    int64
		BrokerOrgID int64
		Status      MatchStatus
		N           int64
		Deals       int64
		Amount      int64
	}
	var rows []row
	err = q.Select("matches.broker_id, matches.broker_org_id, matches.status, COUNT(*) AS n, COUNT(deals.id) AS deals, COALESCE(SUM(deals.price_fen), 0) AS amount").
		Joins("LEFT JOIN deals ON deals.id = matches.deal_id").
		Group("matches.broker_id, matches.broker_org_id, matches.status").Scan(&rows).Error
	if err != nil {
		return nil, nil, err
	}
	byBroker, byFirm := map[int64]*BrokerStats{}, map[int64]*BrokerStats{}
	var brokerOrder, firmOrder []int64
	inRange := true // deal prices are each within MaxFen; see sums for the SQL side
	add := func(m map[int64]*BrokerStats, order *[]int64, key int64, init BrokerStats, r row) {
		s, ok := m[key]
		if !ok {
			init.Matches = map[MatchStatus]int64{}
			s = &init
			m[key] = s
			*order = append(*order, key)
		}
		s.Matches[r.Status] += r.N
		s.Total += r.N
		s.Deals += r.Deals
		var fits bool
		if s.AmountFen, fits = addFen(s.AmountFen, r.Amount); !fits {
			inRange = false
		}
	}
	for _, r := range rows {
		add(byBroker, &brokerOrder, r.BrokerID, BrokerStats{BrokerID: r.BrokerID, OrgID: r.BrokerOrgID}, r)
		add(byFirm, &firmOrder, r.BrokerOrgID, BrokerStats{OrgID: r.BrokerOrgID}, r)
	}
	if !inRange {
		return nil, nil, ErrSumOutOfRange
	}
	for _, id := range brokerOrder {
		if u, err := m.FindUser(ctx, id); err == nil {
			byBroker[id].Name = u.Name
		}
		brokers = append(brokers, *byBroker[id])
	}
	for _, id := range firmOrder {
		if o, err := m.FindOrg(ctx, id); err == nil {
			byFirm[id].Name = o.Name
		}
		firms = append(firms, *byFirm[id])
	}
	if brokers == nil {
		brokers, firms = []BrokerStats{}, []BrokerStats{}
	}
	return brokers, firms, nil
}
