package models

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"gorm.io/gorm"
)

// DealChannel is how a deal was struck, as the statistics count it: the
// deal's mode, except that an awarded challenge (揭榜挂帅) is a channel of
// its own although its deal is negotiated and noticed like one.
type DealChannel string

const (
	ChannelListing    DealChannel = "listing"    // 挂牌交易
	ChannelAuction    DealChannel = "auction"    // 竞价拍卖
	ChannelRoadshow   DealChannel = "roadshow"   // 路演
	ChannelNegotiated DealChannel = "negotiated" // 协议成交
	ChannelChallenge  DealChannel = "challenge"  // 揭榜挂帅
)

// DealChannels lists every channel, in the order statistics show them.
var DealChannels = []DealChannel{ChannelListing, ChannelAuction, ChannelRoadshow, ChannelNegotiated, ChannelChallenge}

var dealChannelNames = map[DealChannel]string{ChannelListing: "挂牌交易", ChannelAuction: "竞价拍卖", ChannelRoadshow: "路演",
	ChannelNegotiated: "协议成交", ChannelChallenge: "揭榜挂帅"}

// channelOf is a deal's channel in SQL over deals, for the statistics and
// the results (成交公告) alike: a challenge's award is a negotiated deal of
// a challenge; a roadshow's, a deal of the roadshow mode or of a match
// proposed from a roadshow.
const channelOf = `CASE
	WHEN deals.challenge_id IS NOT NULL THEN 'challenge'
	WHEN deals.mode = 'roadshow' OR EXISTS (SELECT 1 FROM matches WHERE matches.id = deals.match_id AND matches.source = 'roadshow') THEN 'roadshow'
	ELSE deals.mode END`

// DealFigure is a number of confirmed deals and their amount.
type DealFigure struct {
	Key       string `json:"key"`
	Name      string `json:"name"`
	Deals     int64  `json:"deals"`
	AmountFen int64  `json:"amount_fen"`
}

// DealBreakdown is a year's confirmed deals of the sellers in a region,
// grouped by channel, event or broker firm. Each grouping parts the same
// deals, so its items always add up to Total: by event, the deals struck
// at no event (listing trades, negotiated deals, challenges) are one row
// (key ""), and by broker those with no broker firm are (key "").
type DealBreakdown struct {
	Year   int          `json:"year"`
	By     string       `json:"by"`
	Region string       `json:"region"`
	Total  DealFigure   `json:"total"`
	Items  []DealFigure `json:"items"`
}

// DealStats counts a year's confirmed deals (by the day they were made,
// Asia/Shanghai) of the sellers in region ("" for the whole market), by
// channel, event (a roadshow or an auction) or broker firm. Like the
// dashboard it is for a market admin, or a bureau on its own region.
func (m *Market) DealStats(ctx context.Context, actor Actor, year int, by, region string) (*DealBreakdown, error) {
	db := m.db.WithContext(ctx)
	if err := requireBulletinRegion(db, actor, region); err != nil {
		return nil, err
	}
	current := m.now().In(shanghai).Year()
	switch {
	case year == 0:
		year = current
	case year < 2000 || year > current:
		return nil, Invalid(map[string]string{"year": fmt.Sprintf("年份应在 2000–%d 之间", current)})
	}
	var groups, groupBy string
	switch by {
	case "channel":
		groups, groupBy = channelOf+" AS channel", channelOf
	case "event":
		groups, groupBy = "deals.roadshow_id AS roadshow_id, lots.auction_id AS auction_id", "deals.roadshow_id, lots.auction_id"
	case "broker":
		groups, groupBy = "deals.broker_org_id AS broker_org_id", "deals.broker_org_id"
	default:
		return nil, Invalid(map[string]string{"by": "分组只能是 channel、event 或 broker"})
	}
	q := db.Table("deals").Joins("JOIN organizations sellers ON sellers.id = deals.seller_org_id").
		Where("deals.status = ? AND deals.created_at >= ? AND deals.created_at < ?", DealConfirmed, yearStart(year), yearStart(year+1))
	if by == "event" {
		q = q.Joins("LEFT JOIN lots ON lots.deal_id = deals.id")
	}
	if region != "" {
		r, err := findRegion(db, region)
		if err != nil {
			return nil, err
		}
		q = q.Scopes(inRegion(r, "sellers.region"))
	}
	var rows []struct {
		Channel     string
		RoadshowID  *int64
		AuctionID   *int64
		BrokerOrgID *int64
		Deals       int64
		Fen         int64
	}
	// Every price is within MaxFen, so a group's SUM overflows only past
	// 92,233 deals of 1 万亿元 each; the rows are added up with addFen.
	if err := q.Select(groups + ", COUNT(*) AS deals, COALESCE(SUM(deals.price_fen), 0) AS fen").Group(groupBy).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := &DealBreakdown{Year: year, By: by, Region: region, Total: DealFigure{Name: "合计"}, Items: []DealFigure{}}
	items := map[string]*DealFigure{}
	var keys []string
	row := func(key, name string) *DealFigure {
		if items[key] == nil {
			items[key] = &DealFigure{Key: key, Name: name}
			keys = append(keys, key)
		}
		return items[key]
	}
	if by == "channel" {
		for _, c := range DealChannels {
			row(string(c), dealChannelNames[c])
		}
	}
	var roadshows, auctions, brokers []int64
	for _, r := range rows {
		var it *DealFigure
		switch {
		case by == "channel":
			it = row(r.Channel, dealChannelNames[DealChannel(r.Channel)])
		case by == "event" && r.RoadshowID != nil:
			it, roadshows = row("roadshow:"+strconv.FormatInt(*r.RoadshowID, 10), ""), append(roadshows, *r.RoadshowID)
		case by == "event" && r.AuctionID != nil:
			it, auctions = row("auction:"+strconv.FormatInt(*r.AuctionID, 10), ""), append(auctions, *r.AuctionID)
		case by == "event":
			it = row("", "非场次成交（挂牌、协议、揭榜等）")
		case r.BrokerOrgID != nil:
			it, brokers = row(strconv.FormatInt(*r.BrokerOrgID, 10), ""), append(brokers, *r.BrokerOrgID)
		default:
			it = row("", "无经纪机构")
		}
		var okRow, okTotal bool
		it.Deals += r.Deals
		it.AmountFen, okRow = addFen(it.AmountFen, r.Fen)
		out.Total.Deals += r.Deals
		out.Total.AmountFen, okTotal = addFen(out.Total.AmountFen, r.Fen)
		if !okRow || !okTotal {
			return nil, ErrSumOutOfRange
		}
	}
	if err := nameEvents(db, items, roadshows, auctions, brokers); err != nil {
		return nil, err
	}
	for _, k := range keys {
		out.Items = append(out.Items, *items[k])
	}
	if by != "channel" {
		sort.SliceStable(out.Items, func(i, j int) bool { return out.Items[i].AmountFen > out.Items[j].AmountFen })
	}
	return out, nil
}

// nameEvents names the rows of roadshows, auctions and broker firms.
func nameEvents(db *gorm.DB, items map[string]*DealFigure, roadshows, auctions, brokers []int64) error {
	rs, err := namesOf(db, &Roadshow{}, "title", roadshows)
	if err != nil {
		return err
	}
	as, err := namesOf(db, &Auction{}, "title", auctions)
	if err != nil {
		return err
	}
	bs, err := orgNameMap(db, brokers)
	if err != nil {
		return err
	}
	for id, t := range rs {
		items["roadshow:"+strconv.FormatInt(id, 10)].Name = "路演：" + t
	}
	for id, t := range as {
		items["auction:"+strconv.FormatInt(id, 10)].Name = "拍卖会：" + t
	}
	for id, n := range bs {
		if it := items[strconv.FormatInt(id, 10)]; it != nil {
			it.Name = n
		}
	}
	return nil
}
