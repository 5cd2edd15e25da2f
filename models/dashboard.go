package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Dashboard is a bureau's 看板 of its region for a year: how each
// sub-region stands against its target, the months of this year beside last
// year's, who sells and who buys the most, and where the region's technology
// goes (输出) and where what it takes in comes from (吸纳).
type Dashboard struct {
	Year  int `json:"year"`
	Month int `json:"month"` // the figures run to the end of this month, or to today in this one
	// Through is the last day the figures count (2006-01-02).
	Through    string        `json:"through"`
	Region     string        `json:"region"`
	RegionName string        `json:"region_name"`
	Measure    TargetMeasure `json:"measure"`
	// TimeProgress is the share of the year gone by Through, in percent.
	TimeProgress float64       `json:"time_progress_percent"`
	Total        BulletinRow   `json:"total"`
	Districts    []BulletinRow `json:"districts"`
	Months       []MonthPair   `json:"months"`
	TopSellers   []Party       `json:"top_sellers"`
	TopBuyers    []Party       `json:"top_buyers"`
	Outflow      []Flow        `json:"outflow"` // the region's sellers, by where their buyers are
	Inflow       []Flow        `json:"inflow"`  // the region's buyers, by where their sellers are
}

// MonthPair is one month's registered amount (in the dashboard's measure) this year and last.
type MonthPair struct {
	Month        int   `json:"month"`
	Fen          int64 `json:"fen"`
	LastYearFen  int64 `json:"last_year_fen"`
	Contracts    int64 `json:"contracts"`
	LastYearDeal int64 `json:"last_year_contracts"`
}

// Party is a seller or buyer with its registered contracts of the year.
type Party struct {
	Name      string `json:"name"`
	Contracts int64  `json:"contracts"`
	Fen       int64  `json:"fen"`
}

// Flow is technology crossing from or to a region: where, how many contracts, how much.
type Flow struct {
	Region    string `json:"region"`
	Name      string `json:"name"`
	Contracts int64  `json:"contracts"`
	Fen       int64  `json:"fen"`
}

const dashboardTop = 10

// RegionDashboard is the 看板 of a region for a year, for its bureau (a
// market admin for any region). The current year runs to this month, an
// earlier one to December.
func (m *Market) RegionDashboard(ctx context.Context, actor Actor, region string, year int) (*Dashboard, error) {
	if err := requireBulletinRegion(m.db.WithContext(ctx), actor, region); err != nil {
		return nil, err
	}
	now := m.now().In(shanghai)
	switch {
	case year == 0:
		year = now.Year()
	case year < 2000 || year > now.Year():
		return nil, Invalid(map[string]string{"year": fmt.Sprintf("年份应在 2000–%d 之间", now.Year())})
	}
	month := 12
	if year == now.Year() {
		month = int(now.Month())
	}
	db := m.db.WithContext(ctx)
	b, err := m.bulletin(db, region, year, month)
	if err != nil {
		return nil, err
	}
	through := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, shanghai) // the month's last day
	if today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, shanghai); today.Before(through) {
		through = today
	}
	d := &Dashboard{Year: year, Month: month, Through: through.Format(time.DateOnly), Region: region, RegionName: b.RegionName,
		Measure: b.Measure, TimeProgress: b.TimeProgress, Total: b.Total, Districts: b.Districts}
	self, _, err := bulletinUnits(db, region)
	if err != nil {
		return nil, err
	}
	if d.Months, err = dashboardMonths(db, self, year, b.Measure); err != nil {
		return nil, err
	}
	amount := StandingContractFen
	if b.Measure == MeasureTech {
		amount = StandingTechFen
	}
	from, to := yearStart(year), yearStart(year+1)
	contracts := func() *gorm.DB {
		return standing(db).Where("contracts.registered_at >= ? AND contracts.registered_at < ?", from, to)
	}
	top := func(nameCol, divisionCol string) ([]Party, error) {
		out := []Party{}
		err := contracts().Scopes(self.within(divisionCol)).
			Select(nameCol + " AS name, COUNT(*) AS contracts, SUM(" + amount + ") AS fen").
			Group(nameCol).Order("fen DESC, name").Limit(dashboardTop).Scan(&out).Error
		return out, err
	}
	if d.TopSellers, err = top("contracts.seller_name", "contracts.seller_division"); err != nil {
		return nil, err
	}
	if d.TopBuyers, err = top("contracts.buyer_name", "contracts.buyer_division"); err != nil {
		return nil, err
	}
	flows := func(inside, other string) ([]Flow, error) {
		var rows []Flow
		err := contracts().Scopes(self.within(inside)).
			Select(other + " AS region, COUNT(*) AS contracts, SUM(" + amount + ") AS fen").
			Group(other).Scan(&rows).Error
		return flowsByPlace(rows, self), err
	}
	if d.Outflow, err = flows("contracts.seller_division", "contracts.buyer_division"); err != nil {
		return nil, err
	}
	if d.Inflow, err = flows("contracts.buyer_division", "contracts.seller_division"); err != nil {
		return nil, err
	}
	return d, nil
}

// dashboardMonths is the year's months beside last year's, from the rollup.
func dashboardMonths(db *gorm.DB, self bulletinUnit, year int, measure TargetMeasure) ([]MonthPair, error) {
	out := make([]MonthPair, 12)
	for i := range out {
		out[i].Month = i + 1
	}
	for _, y := range []int{year, year - 1} {
		var rows []struct {
			Grp            string
			SellerDivision string
			Turnover
		}
		err := rolled(db, yearStart(y), yearStart(y+1)).
			Select("substr(day, 6, 2) AS grp, seller_division, " + sums).Group("substr(day, 6, 2), seller_division").Scan(&rows).Error
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			var mo int
			if _, err := fmt.Sscanf(r.Grp, "%d", &mo); err != nil || mo < 1 || mo > 12 || !self.holds(r.SellerDivision) {
				continue
			}
			p := &out[mo-1]
			t := Turnover{ContractFen: r.ContractFen, TechFen: r.TechFen}
			if y == year {
				p.Fen, p.Contracts = p.Fen+t.in(measure), p.Contracts+r.Contracts
			} else {
				p.LastYearFen, p.LastYearDeal = p.LastYearFen+t.in(measure), p.LastYearDeal+r.Contracts
			}
		}
	}
	return out, nil
}

// flowsByPlace sums flows by where the other party is: inside the region
// (本地区), elsewhere in the province by city, or by province beyond it.
func flowsByPlace(rows []Flow, self bulletinUnit) []Flow {
	byPlace := map[string]*Flow{}
	var order []string
	for _, r := range rows {
		place := placeOf(r.Region, self)
		f := byPlace[place]
		if f == nil {
			f = &Flow{Region: place, Name: placeName(place, self)}
			byPlace[place] = f
			order = append(order, place)
		}
		f.Contracts += r.Contracts
		f.Fen += r.Fen // each a SQL sum within MaxFen × rows; a handful of places cannot overflow int64
	}
	out := make([]Flow, 0, len(order))
	for _, p := range order {
		out = append(out, *byPlace[p])
	}
	sortFlows(out)
	return out
}

// placeOf is where a division lies as the flows count it: "" for inside the
// region, its city inside the same province, else its province.
func placeOf(division string, self bulletinUnit) string {
	switch {
	case self.key != "" && self.holds(division):
		return ""
	case len(division) == 6 && self.key != "" && len(self.key) == 6 && division[:2] == self.key[:2]:
		return division[:4] + "00"
	case len(division) == 6:
		return division[:2] + "0000"
	}
	return "?"
}

func placeName(place string, self bulletinUnit) string {
	switch place {
	case "":
		return "本地区"
	case "?":
		return "未注明"
	}
	if n := RegionName(place); n != "" {
		return n
	}
	return place
}

func sortFlows(fs []Flow) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Fen > fs[j-1].Fen; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}
