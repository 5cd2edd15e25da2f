package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// A monthly bulletin (月度通报) is what a science bureau sends its districts
// and registration agencies: for one region, each sub-region's and each
// agency's registered turnover this month and in the year so far, against the
// same period of last year (同比), and the completion of its target beside the
// share of the year that has gone (进度 vs 时间进度), ranked by completion.
//
// Its figures are measured as its targets are: a plan writes targets in
// 成交额 (contract amount) or 技术交易额 (technology transaction amount), and
// a row is measured the way its own target is. Rows without a target are
// measured as the bulletin is: as most of its targets are, else 成交额.
//
// A bureau works on the live figures (the draft) and then issues the
// bulletin: the month's figures are frozen as a numbered, dated document,
// public from then on; later registrations change the draft, never an issued
// bulletin.

// MeasureName is how bulletins and pages name a measure.
func MeasureName(m TargetMeasure) string {
	if n, ok := MeasureNames[m]; ok {
		return n
	}
	return MeasureNames[MeasureContract]
}

// BulletinRow is one sub-region's or agency's line of a bulletin; amounts are
// in the row's measure.
type BulletinRow struct {
	Kind    string        `json:"kind"` // district | agency | total
	Key     string        `json:"key"`
	Name    string        `json:"name"`
	Measure TargetMeasure `json:"measure"`
	// The month and the year to its end: contracts registered and their amount.
	MonthContracts int64 `json:"month_contracts"`
	MonthFen       int64 `json:"month_fen"`
	YTDContracts   int64 `json:"ytd_contracts"`
	YTDFen         int64 `json:"ytd_fen"`
	// Last month, and the same months of last year.
	PrevMonthFen   int64    `json:"previous_month_fen"`
	MoMPercent     *float64 `json:"month_on_month_percent"` // nil when last month was zero
	LastYearYTDFen int64    `json:"last_year_ytd_fen"`
	YoYPercent     *float64 `json:"year_on_year_percent"` // 同比; nil when last year was zero
	// The target: its amount and, for a target over several years, the year
	// its count starts (the completion is then cumulative from it).
	TargetFen     int64   `json:"target_fen"`
	TargetFrom    int     `json:"target_from_year"`
	CumulativeFen int64   `json:"cumulative_fen"` // the amount the completion counts: YTDFen, or more for a multi-year target
	Completion    float64 `json:"completion_percent"`
	Rank          int     `json:"rank"` // 0 for the total row and rows without a target
}

// Bulletin is one month's bulletin of a region ("" = the whole market: every
// region with a target, and every agency).
type Bulletin struct {
	Year       int           `json:"year"`
	Month      int           `json:"month"`
	Region     string        `json:"region"`
	RegionName string        `json:"region_name"`
	Measure    TargetMeasure `json:"measure"`
	// TimeProgress is the share of the year gone at the end of the month (时间进度), in percent.
	TimeProgress float64     `json:"time_progress_percent"`
	Total        BulletinRow `json:"total"`
	// Districts are the region's sub-regions (a city's districts, a
	// province's cities); Zones its 高新区 and 自贸片区, which overlap them.
	Districts []BulletinRow `json:"districts"`
	Zones     []BulletinRow `json:"zones"`
	Agencies  []BulletinRow `json:"agencies"`
	// Issue is set when the bulletin is an issued document.
	Issue *BulletinIssue `json:"issue"`
	// Actions, on a draft, is what the caller may do with it now: "issue".
	Actions []string `json:"actions"`
}

// BulletinIssue is the document a bulletin became when it was issued.
type BulletinIssue struct {
	ID         int64     `json:"id"`
	No         string    `json:"no"` // 文号, e.g. 技合通〔2023〕5号
	Seq        int       `json:"seq"`
	IssuedAt   time.Time `json:"issued_at"`
	IssuedBy   string    `json:"issued_by"`
	IssuerName string    `json:"issuer"` // the issuing organisation
}

// IssuedBulletin is a frozen bulletin: its figures as they were when issued.
type IssuedBulletin struct {
	ID         int64     `gorm:"primaryKey"`
	Region     string    `gorm:"size:12;not null"`
	Year       int       `gorm:"not null"`
	Month      int       `gorm:"not null"`
	Seq        int       `gorm:"not null"`
	No         string    `gorm:"size:60;not null"`
	Body       string    `gorm:"type:text;not null"` // the Bulletin as JSON
	IssuedBy   int64     `gorm:"not null"`
	IssuerOrg  int64     `gorm:"not null"`
	IssuedAt   time.Time `gorm:"not null"`
	RegionName string    `gorm:"size:100;not null"`
}

// IssuedBulletinEntry is a line of the public list of issued bulletins.
type IssuedBulletinEntry struct {
	ID         int64     `json:"id"`
	Region     string    `json:"region"`
	RegionName string    `json:"region_name"`
	Year       int       `json:"year"`
	Month      int       `json:"month"`
	No         string    `json:"no"`
	IssuedAt   time.Time `json:"issued_at"`
}

// bulletinUnit is what a row counts: a region holds the contracts whose
// seller is located in one of its divisions.
type bulletinUnit struct {
	key, name string
	zone      bool
	holds     func(division string) bool
	within    func(col string) func(*gorm.DB) *gorm.DB // the same, as a scope on a division column
}

// unitOf is a region of the tree as a bulletin's unit.
func unitOf(r RegionUnit) bulletinUnit {
	return bulletinUnit{key: r.Code, name: r.Name, zone: r.Level == RegionZone,
		holds: func(d string) bool {
			if r.Level == RegionZone {
				return slices.Contains(r.Covers, d)
			}
			return divisionWithin(d, r.Code)
		},
		within: func(col string) func(*gorm.DB) *gorm.DB { return inRegion(r, col) }}
}

// wholeMarket is the unit of the market's own bulletin (region "").
var wholeMarket = bulletinUnit{name: "全市场", holds: func(string) bool { return true },
	within: func(string) func(*gorm.DB) *gorm.DB { return func(db *gorm.DB) *gorm.DB { return db } }}

// BulletinMonth checks a year and month a bulletin may be asked for.
func BulletinMonth(year, month int) error {
	if year < 2000 || year > 2100 || month < 1 || month > 12 {
		return Invalid(map[string]string{"month": "请选择有效的年月"})
	}
	return nil
}

// BulletinDraft is the live bulletin of a region and month, for the bureaus
// that issue it: a market admin for any region, a bureau for its own.
func (m *Market) BulletinDraft(ctx context.Context, actor Actor, region string, year, month int) (*Bulletin, error) {
	db := m.db.WithContext(ctx)
	if err := requireBulletinRegion(db, actor, region); err != nil {
		return nil, err
	}
	b, err := m.bulletin(db, region, year, month)
	if err != nil {
		return nil, err
	}
	var issued int64
	if err := db.Model(&IssuedBulletin{}).Where("region = ? AND year = ? AND month = ?", region, year, month).Count(&issued).Error; err != nil {
		return nil, err
	}
	if issued == 0 && monthOver(year, month, m.now()) {
		b.Actions = append(b.Actions, "issue")
	}
	return b, nil
}

// monthOver: a month's bulletin may be issued once the month has ended.
func monthOver(year, month int, now time.Time) bool {
	return !time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, shanghai).After(now)
}

func (m *Market) bulletin(db *gorm.DB, region string, year, month int) (*Bulletin, error) {
	if err := BulletinMonth(year, month); err != nil {
		return nil, err
	}
	self, subs, err := bulletinUnits(db, region)
	if err != nil {
		return nil, err
	}
	targets, err := targetsCovering(db, year)
	if err != nil {
		return nil, err
	}
	b := &Bulletin{Year: year, Month: month, Region: region, RegionName: self.name, TimeProgress: float64(month) * 100 / 12,
		Districts: []BulletinRow{}, Zones: []BulletinRow{}, Agencies: []BulletinRow{}, Actions: []string{}}
	byKey := map[string]Target{}
	counts := map[TargetMeasure]int{}
	for _, t := range targets {
		byKey[t.Kind+"/"+t.Key] = t
		counts[t.Measure]++
	}
	b.Measure = MeasureContract
	if counts[MeasureTech] > counts[MeasureContract] {
		b.Measure = MeasureTech
	}
	if region == "" {
		// The whole market: every region that has a target.
		seen := map[string]bool{}
		for _, t := range targets {
			if t.Kind != "district" || seen[t.Key] {
				continue
			}
			seen[t.Key] = true
			r, err := findRegion(db, t.Key)
			if err != nil {
				continue // a target of a zone removed since
			}
			u := unitOf(r)
			u.name = t.Name // as the plan names it
			subs = append(subs, u)
		}
	}
	f := newBulletinFigures(db, year, month, m.now())
	b.TimeProgress = timeProgress(year, f.monthEnd)
	row := func(kind string, u bulletinUnit, col string, keys func(string) bool) (BulletinRow, error) {
		r := BulletinRow{Kind: kind, Key: u.key, Name: u.name, Measure: b.Measure}
		t, ok := byKey[kind+"/"+u.key]
		if kind == "total" {
			t, ok = byKey["district/"+u.key]
		}
		if ok {
			r.Measure, r.TargetFen, r.TargetFrom = t.Measure, t.TargetFen, t.FromYear
		}
		return r, f.fill(&r, col, keys)
	}
	for _, u := range subs {
		r, err := row("district", u, "seller_division", u.holds)
		if err != nil {
			return nil, err
		}
		if u.zone {
			b.Zones = append(b.Zones, r)
		} else {
			b.Districts = append(b.Districts, r)
		}
	}
	agencies, err := agenciesIn(db, self)
	if err != nil {
		return nil, err
	}
	for _, a := range agencies {
		id := fmt.Sprint(a.ID)
		r, err := row("agency", bulletinUnit{key: id, name: a.Name}, "agency_id", func(k string) bool { return k == id })
		if err != nil {
			return nil, err
		}
		if r.TargetFen > 0 || r.YTDFen > 0 || r.LastYearYTDFen > 0 {
			b.Agencies = append(b.Agencies, r)
		}
	}
	if b.Total, err = row("total", self, "seller_division", self.holds); err != nil {
		return nil, err
	}
	rank(b.Districts)
	rank(b.Zones)
	rank(b.Agencies)
	return b, nil
}

// rank orders rows by completion of their targets; rows without a target
// follow, by amount, unranked.
func rank(rows []BulletinRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if (a.TargetFen > 0) != (b.TargetFen > 0) {
			return a.TargetFen > 0
		}
		if a.TargetFen > 0 && a.Completion != b.Completion {
			return a.Completion > b.Completion
		}
		return a.YTDFen > b.YTDFen
	})
	for i := range rows {
		if rows[i].TargetFen > 0 {
			rows[i].Rank = i + 1
		}
	}
}

// bulletinFigures reads the rollup once per period and column, grouped by
// division or agency, and sums the groups each row holds.
type bulletinFigures struct {
	db                   *gorm.DB
	year, month          int
	monthStart, monthEnd time.Time
	cache                map[string][]Turnover
}

// newBulletinFigures reads the month's figures; a month not over yet runs
// to the end of today, and last year's figures to the same day.
func newBulletinFigures(db *gorm.DB, year, month int, now time.Time) *bulletinFigures {
	end := time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, shanghai)
	local := now.In(shanghai)
	if tomorrow := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, shanghai); tomorrow.Before(end) {
		end = tomorrow
	}
	return &bulletinFigures{db: db, year: year, month: month,
		monthStart: time.Date(year, time.Month(month), 1, 0, 0, 0, 0, shanghai).UTC(),
		monthEnd:   end.UTC(),
		cache:      map[string][]Turnover{}}
}

func yearStart(year int) time.Time { return time.Date(year, 1, 1, 0, 0, 0, 0, shanghai).UTC() }

// sum is the turnover of the groups of col that keep holds, registered in [from, to).
func (f *bulletinFigures) sum(col string, from, to time.Time, holds func(string) bool) (Turnover, error) {
	key := col + from.String() + to.String()
	groups, ok := f.cache[key]
	if !ok {
		if err := rolled(f.db, from, to).Select(col + " AS grp, " + sums).Group(col).Scan(&groups).Error; err != nil {
			return Turnover{}, err
		}
		f.cache[key] = groups
	}
	var t Turnover
	for _, g := range groups {
		if holds(g.Key) {
			// Each group was summed in SQL within int64; their sum is checked.
			var ok bool
			if t, ok = t.plus(g); !ok {
				return t, ErrSumOutOfRange
			}
		}
	}
	return t, nil
}

func (t Turnover) in(measure TargetMeasure) int64 {
	if measure == MeasureTech {
		return t.TechFen
	}
	return t.ContractFen
}

// fill computes a row's figures for the units of col that keys holds.
func (f *bulletinFigures) fill(r *BulletinRow, col string, keys func(string) bool) error {
	lastYearEnd := f.monthEnd.In(shanghai).AddDate(-1, 0, 0).UTC()
	prevStart := time.Date(f.year, time.Month(f.month)-1, 1, 0, 0, 0, 0, shanghai).UTC()
	month, err := f.sum(col, f.monthStart, f.monthEnd, keys)
	if err != nil {
		return err
	}
	ytd, err := f.sum(col, yearStart(f.year), f.monthEnd, keys)
	if err != nil {
		return err
	}
	prev, err := f.sum(col, prevStart, f.monthStart, keys)
	if err != nil {
		return err
	}
	last, err := f.sum(col, yearStart(f.year-1), lastYearEnd, keys)
	if err != nil {
		return err
	}
	r.MonthContracts, r.MonthFen = month.Contracts, month.in(r.Measure)
	r.YTDContracts, r.YTDFen = ytd.Contracts, ytd.in(r.Measure)
	r.PrevMonthFen, r.LastYearYTDFen = prev.in(r.Measure), last.in(r.Measure)
	r.MoMPercent, r.YoYPercent = change(r.MonthFen, r.PrevMonthFen), change(r.YTDFen, r.LastYearYTDFen)
	r.CumulativeFen = r.YTDFen
	if r.TargetFrom > 0 && r.TargetFrom < f.year {
		all, err := f.sum(col, yearStart(r.TargetFrom), f.monthEnd, keys)
		if err != nil {
			return err
		}
		r.CumulativeFen = all.in(r.Measure)
	}
	if r.TargetFen > 0 {
		r.Completion = float64(r.CumulativeFen) * 100 / float64(r.TargetFen)
	}
	return nil
}

// timeProgress is the share of the year gone by end (时间进度), in percent:
// month ÷ 12 at a month's end, as bureaus count it; by the day within a
// month not over yet.
func timeProgress(year int, end time.Time) float64 {
	local := end.In(shanghai)
	if local.Day() == 1 && local.Hour() == 0 {
		months := int(local.Month()) - 1 + 12*(local.Year()-year)
		return float64(months) * 100 / 12
	}
	start, next := time.Date(year, 1, 1, 0, 0, 0, 0, shanghai), time.Date(year+1, 1, 1, 0, 0, 0, 0, shanghai)
	return local.Sub(start).Hours() * 100 / next.Sub(start).Hours()
}

// change is the growth of now over before in percent, or nil when there was nothing before.
func change(now, before int64) *float64 {
	if before <= 0 {
		return nil
	}
	p := float64(now-before) * 100 / float64(before)
	return &p
}

// bulletinUnits is the region a bulletin is about and the sub-regions its
// rows are (a city's districts, then its zones); for the whole market ("")
// the rows come from the targets.
func bulletinUnits(db *gorm.DB, region string) (bulletinUnit, []bulletinUnit, error) {
	if region == "" {
		return wholeMarket, nil, nil
	}
	r, err := findRegion(db, region)
	if err != nil {
		return bulletinUnit{}, nil, err
	}
	tree, err := regionTree(db)
	if err != nil {
		return bulletinUnit{}, nil, err
	}
	var subs []bulletinUnit
	for _, c := range childrenOf(tree, r.Code) {
		subs = append(subs, unitOf(c))
	}
	return unitOf(r), subs, nil
}

// requireBulletinRegion is the one check of who works on a region's
// bulletin and 看板: its bureau (Actor.RequireRegion); the whole market's
// ("") is a market admin's.
func requireBulletinRegion(db *gorm.DB, actor Actor, region string) error {
	r := RegionUnit{}
	if region != "" {
		var err error
		if r, err = findRegion(db, region); err != nil {
			return err
		}
	}
	return actor.RequireRegion(r)
}

// targetsCovering is every target whose years cover year, as TargetsFor,
// read in db (the transaction a bulletin is issued in); a later plan's
// target comes after an earlier one's.
func targetsCovering(db *gorm.DB, year int) ([]Target, error) {
	var out []Target
	err := db.Where("from_year <= ? AND year >= ?", year, year).Order("plan_id, id").Find(&out).Error
	return out, err
}

// agenciesIn lists the registration agencies located in a region.
func agenciesIn(db *gorm.DB, u bulletinUnit) ([]Organization, error) {
	var all []Organization
	if err := db.Where("type = ?", OrgAgency).Order("id").Find(&all).Error; err != nil {
		return nil, err
	}
	var out []Organization
	for _, o := range all {
		if u.holds(o.Region) {
			out = append(out, o)
		}
	}
	return out, nil
}

// IssueBulletin freezes a region's bulletin of a month that has ended as a
// numbered, dated document, public from then on, and tells the bureaus of
// the region and its sub-regions. A month is issued once per region.
func (m *Market) IssueBulletin(ctx context.Context, actor Actor, region string, year, month int) (*Bulletin, error) {
	if err := requireBulletinRegion(m.db.WithContext(ctx), actor, region); err != nil {
		return nil, err
	}
	if err := BulletinMonth(year, month); err != nil {
		return nil, err
	}
	now := m.now()
	if !monthOver(year, month, now) {
		return nil, ErrMonthNotOver.Sayf("%d 年 %d 月尚未结束，月末之后才能发布该月通报", year, month)
	}
	var out *Bulletin
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		b, err := m.bulletin(tx, region, year, month)
		if err != nil {
			return err
		}
		var seq int
		if err := tx.Model(&IssuedBulletin{}).Where("region = ? AND year = ?", region, year).
			Select("COALESCE(MAX(seq), 0)").Scan(&seq).Error; err != nil {
			return err
		}
		var issuer Organization
		if err := tx.First(&issuer, actor.OrgID).Error; err != nil {
			return err
		}
		var who User
		if err := tx.First(&who, actor.UserID).Error; err != nil {
			return err
		}
		doc := IssuedBulletin{Region: region, Year: year, Month: month, Seq: seq + 1, IssuedBy: actor.UserID, IssuerOrg: issuer.ID,
			IssuedAt: now.UTC(), RegionName: b.RegionName}
		doc.No = fmt.Sprintf("技合通〔%d〕%d号", year, doc.Seq)
		b.Issue = &BulletinIssue{No: doc.No, Seq: doc.Seq, IssuedAt: doc.IssuedAt, IssuedBy: who.Name, IssuerName: issuer.Name}
		body, err := json.Marshal(b)
		if err != nil {
			return err
		}
		doc.Body = string(body)
		// The unique (region, year, month) index makes a second issue of the
		// month fail, and the unique (region, year, seq) one a race for a number.
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&doc)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			var n int64
			if err := tx.Model(&IssuedBulletin{}).Where("region = ? AND year = ? AND month = ?", region, year, month).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 { // another month of the region took the number at the same moment
				return ErrBulletinIssued.Say("另一期通报正在同时发布，请稍后重试")
			}
			return ErrBulletinIssued.Sayf("%s %d 年 %d 月的通报已发布", b.RegionName, year, month)
		}
		b.Issue.ID = doc.ID
		if err := notifyBureaus(tx, b); err != nil {
			return err
		}
		out = b
		return Audit(tx, actor, "bulletin.issue", "bulletin", doc.ID, nil, IssuedBulletinEntry{doc.ID, region, b.RegionName, year, month, doc.No, doc.IssuedAt})
	})
	return out, err
}

// notifyBureaus tells the active members of the bureaus in the bulletin's
// region (its own and its sub-regions') that the bulletin is out.
func notifyBureaus(tx *gorm.DB, b *Bulletin) error {
	var people []struct {
		UserID int64
		Region string
	}
	err := tx.Table("memberships").Select("memberships.user_id, organizations.region").
		Joins("JOIN organizations ON organizations.id = memberships.org_id").
		Joins("JOIN users ON users.id = memberships.user_id").
		Where("organizations.type = ? AND memberships.status = ? AND users.disabled = ?", OrgBureau, MemberActive, false).
		Scan(&people).Error
	if err != nil {
		return err
	}
	self, _, err := bulletinUnits(tx, b.Region)
	if err != nil {
		return err
	}
	for _, p := range people {
		if !self.holds(p.Region) {
			continue
		}
		n := Notification{UserID: p.UserID, Kind: "bulletin.issued",
			Title: fmt.Sprintf("%s %d 年 %d 月技术合同登记情况通报已发布（%s）", b.RegionName, b.Year, b.Month, b.Issue.No),
			Link:  fmt.Sprintf("/bulletin?month=%d-%02d&region=%s", b.Year, b.Month, b.Region)}
		if err := notify(tx, n); err != nil {
			return err
		}
	}
	return nil
}

// IssuedBulletins lists the issued bulletins, newest first; region "" lists every region's.
func (m *Market) IssuedBulletins(ctx context.Context, region string, year int) ([]IssuedBulletinEntry, error) {
	q := m.db.WithContext(ctx).Model(&IssuedBulletin{})
	if region != "" {
		q = q.Where("region = ?", region)
	}
	if year != 0 {
		q = q.Where("year = ?", year)
	}
	out := []IssuedBulletinEntry{}
	err := q.Select("id, region, region_name, year, month, no, issued_at").Order("year DESC, month DESC, id DESC").Scan(&out).Error
	return out, err
}

// IssuedBulletinOf is a region's issued bulletin of a month.
func (m *Market) IssuedBulletinOf(ctx context.Context, region string, year, month int) (*Bulletin, error) {
	if err := BulletinMonth(year, month); err != nil {
		return nil, err
	}
	return m.issued(m.db.WithContext(ctx).Where("region = ? AND year = ? AND month = ?", region, year, month))
}

// LatestIssuedBulletin is a region's latest issued bulletin, of a year when year is not 0.
func (m *Market) LatestIssuedBulletin(ctx context.Context, region string, year int) (*Bulletin, error) {
	q := m.db.WithContext(ctx).Where("region = ?", region)
	if year != 0 {
		q = q.Where("year = ?", year)
	}
	return m.issued(q.Order("year DESC, month DESC"))
}

func (m *Market) issued(q *gorm.DB) (*Bulletin, error) {
	var doc IssuedBulletin
	if err := q.First(&doc).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrBulletinNotFound
		}
		return nil, err
	}
	var b Bulletin
	if err := json.Unmarshal([]byte(doc.Body), &b); err != nil {
		return nil, err
	}
	b.Issue.ID = doc.ID
	return &b, nil
}
