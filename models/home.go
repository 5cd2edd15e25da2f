package models

import (
	"context"
	"sort"
	"time"

	"gorm.io/gorm"
)

// Home is everything the home page shows, gathered in one call: the market's
// live figures, its latest listings, what is on in its halls, its latest
// public notices and open challenges, listings by field of industry, and the
// admins' 通知公告 and 政策法规. It is the same for every visitor (only
// published things are in it), so it may be cached briefly.
type Home struct {
	Counters     HomeCounters    `json:"counters"`
	Achievements []HomeListing   `json:"achievements"`
	Needs        []HomeListing   `json:"needs"`
	Events       []HomeEvent     `json:"events"`
	Notices      []Notice        `json:"notices"`
	Challenges   []HomeChallenge `json:"challenges"`
	Fields       []FieldCount    `json:"fields"`
	News         []Article       `json:"news"`     // 通知公告, newest first, without bodies
	Policies     []Article       `json:"policies"` // 政策法规, newest first, without bodies
}

// HomeCounters are the live figures at the top of the home page.
type HomeCounters struct {
	Achievements   int64 `json:"achievements"`    // published achievements
	Needs          int64 `json:"needs"`           // published needs
	Year           int   `json:"year"`            // the year of the turnover below (Asia/Shanghai)
	TurnoverFen    int64 `json:"turnover_fen"`    // 成交额 of contracts registered this year
	Contracts      int64 `json:"contracts"`       // contracts registered this year
	Deals          int64 `json:"deals"`           // deals struck in the market (confirmed)
	OpenChallenges int64 `json:"open_challenges"` // challenges taking proposals
}

// HomeListing is a published listing as a line of the home page.
type HomeListing struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	Field       string     `json:"field"`
	Region      string     `json:"region"`
	RegionName  string     `json:"region_name"`
	OrgID       int64      `json:"-"`
	OrgName     string     `json:"org_name"`
	PublishedAt *time.Time `json:"published_at"`
	// An achievement's price, a need's budget (0 and 0: 面议).
	PriceType        PriceType `json:"price_type,omitempty"`
	PriceFen         int64     `json:"price_fen,omitempty"`
	BudgetMinFen     int64     `json:"budget_min_fen,omitempty"`
	BudgetMaxFen     int64     `json:"budget_max_fen,omitempty"`
	BudgetNegotiable bool      `json:"budget_negotiable,omitempty"`
}

// HomeEvent is an auction or a roadshow that is on now or coming.
type HomeEvent struct {
	Kind     string    `json:"kind"` // auction | roadshow
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Live     bool      `json:"live"`
	Online   bool      `json:"online,omitempty"` // roadshows
	Venue    string    `json:"venue,omitempty"`  // roadshows on site
}

// HomeChallenge is an open challenge (揭榜挂帅) as a line of the home page.
type HomeChallenge struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	OrgName  string    `json:"org_name"`
	Field    string    `json:"field"`
	AwardFen int64     `json:"award_fen"`
	Deadline time.Time `json:"deadline"`
}

// FieldCount is how many published listings a field of industry has.
type FieldCount struct {
	Field        string `json:"field"`
	Achievements int64  `json:"achievements"`
	Needs        int64  `json:"needs"`
}

// How many of each the home page lists.
const (
	homeListings = 6
	homeEvents   = 6
	homeNotices  = 6
	homeArticles = 6
)

// Home gathers the home page. Each block is one query (the turnover two,
// reusing TurnoverSummary, and the challenges the hall's own list).
func (m *Market) Home(ctx context.Context) (*Home, error) {
	db := m.db.WithContext(ctx)
	now := m.now().UTC()
	h := &Home{}
	steps := []func() error{
		func() error { return homeCounters(db, &h.Counters) },
		func() error {
			s, err := m.TurnoverSummary(ctx, 0, "")
			if err == nil {
				h.Counters.Year, h.Counters.TurnoverFen, h.Counters.Contracts = s.Year, s.YearToDay.ContractFen, s.YearToDay.Contracts
			}
			return err
		},
		func() (err error) { h.Achievements, h.Needs, err = homeListingsOf(db); return },
		func() (err error) { h.Events, err = homeEventsAt(db, now); return },
		func() (err error) {
			h.Notices, _, err = m.ListNotices(ctx, Actor{}, "", Page{Page: 1, Size: homeNotices}) // as the public sees them
			return
		},
		func() error {
			cs, _, err := m.ListChallenges(ctx, Actor{}, ChallengeFilter{Status: string(ChallengePublished), Page: Page{Page: 1, Size: homeListings}})
			h.Challenges = make([]HomeChallenge, len(cs))
			for i, c := range cs {
				h.Challenges[i] = HomeChallenge{ID: c.ID, Title: c.Title, OrgName: c.OrgName, Field: c.Field, AwardFen: c.AwardFen, Deadline: c.Deadline}
			}
			return err
		},
		func() (err error) { h.Fields, err = fieldCounts(db); return },
		func() (err error) { h.News, err = latestArticles(db, ArticleNotice); return },
		func() (err error) { h.Policies, err = latestArticles(db, ArticlePolicy); return },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func homeCounters(db *gorm.DB, c *HomeCounters) error {
	return db.Raw(`SELECT
		(SELECT COUNT(*) FROM achievements WHERE status = ?) AS achievements,
		(SELECT COUNT(*) FROM needs WHERE status = ?) AS needs,
		(SELECT COUNT(*) FROM deals WHERE status = ?) AS deals,
		(SELECT COUNT(*) FROM challenges WHERE status = ?) AS open_challenges`,
		StatusPublished, StatusPublished, DealConfirmed, ChallengePublished).Scan(c).Error
}

// homeListingsOf reads the newest published achievements and needs, and the
// names of their organisations.
func homeListingsOf(db *gorm.DB) ([]HomeListing, []HomeListing, error) {
	cols := "id, title, field, region, org_id, published_at"
	achievements, needs := []HomeListing{}, []HomeListing{}
	if err := db.Table("achievements").Select(cols+", price_type, price_fen").Where("status = ?", StatusPublished).
		Order("published_at DESC, id DESC").Limit(homeListings).Scan(&achievements).Error; err != nil {
		return nil, nil, err
	}
	if err := db.Table("needs").Select(cols+", budget_min_fen, budget_max_fen, budget_negotiable").Where("status = ?", StatusPublished).
		Order("published_at DESC, id DESC").Limit(homeListings).Scan(&needs).Error; err != nil {
		return nil, nil, err
	}
	var ids []int64
	for _, l := range append(append([]HomeListing{}, achievements...), needs...) {
		ids = append(ids, l.OrgID)
	}
	names, err := orgNameMap(db, ids)
	if err != nil {
		return nil, nil, err
	}
	for _, ls := range [][]HomeListing{achievements, needs} {
		for i := range ls {
			ls[i].OrgName, ls[i].RegionName = names[ls[i].OrgID], RegionName(ls[i].Region)
		}
	}
	return achievements, needs, nil
}

// homeEventsAt lists auctions with a lot still open and roadshows not yet
// over: those on now first, then the next to start.
func homeEventsAt(db *gorm.DB, now time.Time) ([]HomeEvent, error) {
	var auctions []Auction
	if err := db.Select("id, title, starts_at, ends_at").
		Where("EXISTS (SELECT 1 FROM lots WHERE lots.auction_id = auctions.id AND lots.status = ?)", LotOpen).
		Order("starts_at").Limit(homeEvents).Find(&auctions).Error; err != nil {
		return nil, err
	}
	var roadshows []Roadshow
	if err := db.Select("id, title, starts_at, ends_at, online, venue").Where("ends_at > ?", now).
		Order("starts_at").Limit(homeEvents).Find(&roadshows).Error; err != nil {
		return nil, err
	}
	out := []HomeEvent{}
	for _, a := range auctions {
		out = append(out, HomeEvent{Kind: "auction", ID: a.ID, Title: a.Title, StartsAt: a.StartsAt, EndsAt: a.EndsAt, Live: !now.Before(a.StartsAt)})
	}
	for _, r := range roadshows {
		e := HomeEvent{Kind: "roadshow", ID: r.ID, Title: r.Title, StartsAt: r.StartsAt, EndsAt: r.EndsAt, Live: !now.Before(r.StartsAt), Online: r.Online}
		if !r.Online {
			e.Venue = r.Venue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Live != out[j].Live {
			return out[i].Live
		}
		return out[i].StartsAt.Before(out[j].StartsAt)
	})
	if len(out) > homeEvents {
		out = out[:homeEvents]
	}
	return out, nil
}

// fieldCounts counts published listings per field of industry, in the order
// of the national statistics, every field present (a field without listings
// counts 0).
func fieldCounts(db *gorm.DB) ([]FieldCount, error) {
	var rows []FieldCount
	err := db.Raw(`SELECT field, SUM(a) AS achievements, SUM(n) AS needs FROM (
		SELECT field, 1 AS a, 0 AS n FROM achievements WHERE status = ?
		UNION ALL
		SELECT field, 0 AS a, 1 AS n FROM needs WHERE status = ?) listed GROUP BY field`,
		StatusPublished, StatusPublished).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	by := map[string]FieldCount{}
	for _, r := range rows {
		by[r.Field] = r
	}
	out := make([]FieldCount, len(Fields))
	for i, f := range Fields {
		out[i] = by[f]
		out[i].Field = f
	}
	return out, nil
}

// latestArticles are a category's newest published articles, without bodies.
func latestArticles(db *gorm.DB, c ArticleCategory) ([]Article, error) {
	out := []Article{}
	err := db.Omit("body").Where("category = ? AND status = ?", c, ArticlePublished).
		Order("published_at DESC, id DESC").Limit(homeArticles).Find(&out).Error
	for i := range out {
		out[i].Actions = []string{}
	}
	return out, err
}
