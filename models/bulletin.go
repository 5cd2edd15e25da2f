package models

import (
	"context"
	"sort"
	"time"
)

// BulletinRow is one district's or agency's line of a monthly bulletin (月度通报).
type BulletinRow struct {
	Kind         string   `json:"kind"`
	Key          string   `json:"key"`
	Name         string   `json:"name"`
	YTDFen       int64    `json:"ytd_tech_amount_fen"`
	TargetFen    int64    `json:"target_fen"`
	Completion   float64  `json:"completion_percent"`
	Rank         int      `json:"rank"`
	MonthFen     int64    `json:"month_tech_amount_fen"`
	PrevMonthFen int64    `json:"previous_month_tech_amount_fen"`
	MoMPercent   *float64 `json:"month_on_month_percent"` // nil when last month was zero
}

type Bulletin struct {
	Year      int           `json:"year"`
	Month     int           `json:"month"`
	Districts []BulletinRow `json:"districts"`
	Agencies  []BulletinRow `json:"agencies"`
}

// LatestBulletin is the bulletin of the latest month in which a contract
// was registered, so that the page opens on figures rather than on a month
// that has only begun; a market with no registration yet gets this month's.
func (m *Market) LatestBulletin(ctx context.Context) (*Bulletin, error) {
	now := m.now()
	var last struct{ RegisteredAt *time.Time }
	err := m.db.WithContext(ctx).Model(&Contract{}).Select("registered_at").
		Where("registered_at IS NOT NULL AND registered_at <= ?", now.UTC()).Order("registered_at DESC").Limit(1).Scan(&last).Error
	if err != nil {
		return nil, err
	}
	month := now.In(shanghai)
	if last.RegisteredAt != nil {
		month = last.RegisteredAt.In(shanghai)
	}
	return m.MonthlyBulletin(ctx, month.Year(), int(month.Month()))
}

// MonthlyBulletin ranks districts and agencies by completion of their annual
// target with the registered technology transaction amount to the end of the month.
func (m *Market) MonthlyBulletin(ctx context.Context, year, month int) (*Bulletin, error) {
	db := m.db.WithContext(ctx)
	if year < 2000 || year > 2100 || month < 1 || month > 12 {
		return nil, Invalid(map[string]string{"month": "请选择有效的年月"})
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, shanghai).UTC()
	monthStart := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, shanghai).UTC()
	monthEnd := time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, shanghai).UTC()
	prevStart := time.Date(year, time.Month(month)-1, 1, 0, 0, 0, 0, shanghai).UTC()
	targets, err := m.TargetsFor(ctx, year)
	if err != nil {
		return nil, err
	}
	b := &Bulletin{Year: year, Month: month, Districts: []BulletinRow{}, Agencies: []BulletinRow{}}
	for _, kind := range []string{"district", "agency"} {
		col := "seller_division"
		if kind == "agency" {
			col = "agency_id"
		}
		sum := func(from, to time.Time) (map[string]int64, error) {
			var rows []Turnover
			err := rolled(db, from, to).Select(col + " AS grp, " + sums).Group(col).Scan(&rows).Error
			byKey := map[string]int64{}
			for _, r := range rows {
				byKey[r.Key] = r.TechFen
			}
			return byKey, err
		}
		ytd, err := sum(start, monthEnd)
		if err != nil {
			return nil, err
		}
		this, err := sum(monthStart, monthEnd)
		if err != nil {
			return nil, err
		}
		prev, err := sum(prevStart, monthStart)
		if err != nil {
			return nil, err
		}
		var rows []BulletinRow
		for _, t := range targets {
			if t.Kind != kind {
				continue
			}
			r := BulletinRow{Kind: kind, Key: t.Key, Name: t.Name, YTDFen: ytd[t.Key], TargetFen: t.TargetFen, MonthFen: this[t.Key], PrevMonthFen: prev[t.Key]}
			if t.TargetFen > 0 {
				r.Completion = float64(r.YTDFen) * 100 / float64(t.TargetFen)
			}
			if r.PrevMonthFen > 0 {
				mom := float64(r.MonthFen-r.PrevMonthFen) * 100 / float64(r.PrevMonthFen)
				r.MoMPercent = &mom
			}
			rows = append(rows, r)
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Completion > rows[j].Completion })
		for i := range rows {
			rows[i].Rank = i + 1
		}
		if kind == "district" {
			b.Districts = append(b.Districts, rows...)
		} else {
			b.Agencies = append(b.Agencies, rows...)
		}
	}
	return b, nil
}
