package models

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"gorm.io/gorm"
)

// Turnover is an amount of registered technology contracts.
type Turnover struct {
	Key         string `gorm:"column:grp" json:"key"`
	Name        string `json:"name,omitempty"`
	Contracts   int64  `json:"contracts"`
	ContractFen int64  `json:"contract_amount_fen"`
	TechFen     int64  `json:"tech_amount_fen"`
}

// plus is t with x's contracts and amounts added, keeping t's key and name;
// ok is false when an amount no longer fits int64 (it saturates, see addFen).
func (t Turnover) plus(x Turnover) (sum Turnover, ok bool) {
	var okC, okT bool
	t.Contracts += x.Contracts
	t.ContractFen, okC = addFen(t.ContractFen, x.ContractFen)
	t.TechFen, okT = addFen(t.TechFen, x.TechFen)
	return t, okC && okT
}

// Summary is the public headline: year to date against the same period of the year before.
type Summary struct {
	Year      int      `json:"year"`
	Through   string   `json:"through"`
	YearToDay Turnover `json:"year_to_date"`
	LastYear  Turnover `json:"same_period_last_year"`
}

func yearRange(year int, through time.Time) (time.Time, time.Time) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, shanghai)
	local := through.In(shanghai)
	to := time.Date(year, local.Month(), local.Day(), 0, 0, 0, 0, shanghai).AddDate(0, 0, 1)
	return from.UTC(), to.UTC()
}

func registered(db *gorm.DB, from, to time.Time) *gorm.DB {
	return db.Model(&Contract{}).Where("status = ? AND registered_at >= ? AND registered_at < ?", ContractRegistered, from, to)
}

// sums adds up rollup rows in SQL. Every amount came in within MaxFen, so
// a sum overflows int64 (an error from either database) only past 92,233
// contracts at 1 万亿元 each, some 700 times China's yearly GDP.
const sums = "COALESCE(SUM(contracts), 0) AS contracts, COALESCE(SUM(contract_fen), 0) AS contract_fen, COALESCE(SUM(tech_fen), 0) AS tech_fen"

// TurnoverSummary is the year to date at now and the same days of last year;
// for an earlier year (year != 0) it is that whole year against the one before.
// A region (a division or zone code) counts the contracts of sellers in it
// only; "" is the whole market.
func (m *Market) TurnoverSummary(ctx context.Context, year int, region string) (*Summary, error) {
	db := m.db.WithContext(ctx)
	scope, err := regionScope(db, region)
	if err != nil {
		return nil, err
	}
	now := m.now()
	through := now
	current := now.In(shanghai).Year()
	switch {
	case year == 0 || year == current:
		year = current
	case year < 2000 || year > current:
		return nil, Invalid(map[string]string{"year": fmt.Sprintf("年份应在 2000–%d 之间", current)})
	default:
		through = time.Date(year, 12, 31, 12, 0, 0, 0, shanghai)
	}
	s := &Summary{Year: year, Through: through.In(shanghai).Format("2006-01-02")}
	from, to := yearRange(year, through)
	if err := rolled(db, from, to).Scopes(scope).Select(sums).Scan(&s.YearToDay).Error; err != nil {
		return nil, err
	}
	lastFrom, lastTo := yearRange(year-1, through.AddDate(-1, 0, 0))
	if err := rolled(db, lastFrom, lastTo).Scopes(scope).Select(sums).Scan(&s.LastYear).Error; err != nil {
		return nil, err
	}
	return s, nil
}

// Breakdown groups a year's registered turnover (to now) by district, agency,
// month, contract type or field, of the sellers in a region ("" for the
// whole market). By district, a region's rows are its children, each the
// sum of its own divisions (see regionRows).
func (m *Market) Breakdown(ctx context.Context, year int, by, region string) ([]Turnover, error) {
	return breakdown(m.db.WithContext(ctx), year, by, region, m.now())
}

func breakdown(db *gorm.DB, year int, by, region string, now time.Time) ([]Turnover, error) {
	through := now
	if year < now.In(shanghai).Year() {
		through = time.Date(year, 12, 31, 12, 0, 0, 0, shanghai)
	}
	from, to := yearRange(year, through)
	var col string
	switch by {
	case "district":
		col = "seller_division"
	case "agency":
		col = "agency_id"
	case "type":
		col = "type"
	case "field":
		col = "field"
	case "month":
		col = "substr(day, 1, 7)" // days are Asia/Shanghai's
	default:
		return nil, Invalid(map[string]string{"by": "分组只能是 district、agency、month、type 或 field"})
	}
	var unit RegionUnit
	if region != "" {
		r, err := findRegion(db, region)
		if err != nil {
			return nil, err
		}
		unit = r
	}
	q := rolled(db, from, to)
	if region != "" {
		q = q.Scopes(inRegion(unit, "seller_division"))
	}
	out := []Turnover{}
	err := q.Select(col + " AS grp, " + sums).Group(col).Order("tech_fen DESC").Scan(&out).Error
	if err != nil {
		return nil, err
	}
	if by == "district" && region != "" {
		return regionRows(unit, out)
	}
	for i := range out {
		switch by {
		case "district":
			out[i].Name = RegionName(out[i].Key)
		case "agency":
			var o Organization
			if db.Select("name").First(&o, out[i].Key).Error == nil {
				out[i].Name = o.Name
			}
		case "type":
			for _, t := range ContractTypes {
				if t.Value == out[i].Key {
					out[i].Name = t.Label
				}
			}
		}
	}
	if by == "month" {
		sortByKey(out)
	}
	return out, nil
}

func sortByKey(ts []Turnover) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Key < ts[j-1].Key; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// Yi formats fen as 亿元 with two decimals, the unit of the bulletins.
func Yi(fen int64) string { return fmt.Sprintf("%.2f", float64(fen)/1e10) }

// regionRows folds a region's turnover by division into one row per child
// of the region: a province's cities, a city's districts, each summing the
// divisions below it; a zone's covered districts. The region's own code
// (contracts registered at the city itself) is a row of its own, 市本级,
// when it has any, so the rows add up to the region's total. Zones overlap
// the districts and are left out. Every listed child is a row, with or
// without turnover, most first.
func regionRows(r RegionUnit, byDivision []Turnover) ([]Turnover, error) {
	rows := map[string]Turnover{}
	var keys []string
	add := func(key string) {
		if _, ok := rows[key]; !ok {
			name := RegionName(key)
			if key == r.Code && r.Level != RegionDistrict {
				name = map[RegionLevel]string{RegionProvince: "省本级", RegionCity: "市本级"}[r.Level]
			}
			rows[key] = Turnover{Key: key, Name: name}
			keys = append(keys, key)
		}
	}
	for _, d := range divisions {
		if d.Parent == r.Code || r.Level == RegionZone && slices.Contains(r.Covers, d.Code) {
			add(d.Code)
		}
	}
	for _, t := range byDivision {
		key := t.Key
		if r.Level == RegionProvince && key != r.Code {
			key = key[:4] + "00" // the city of a district, or the city itself
		}
		add(key)
		row, ok := rows[key].plus(t)
		if !ok {
			return nil, ErrSumOutOfRange
		}
		rows[key] = row
	}
	out := make([]Turnover, len(keys))
	for i, k := range keys {
		out[i] = rows[k]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].TechFen > out[j].TechFen })
	return out, nil
}
