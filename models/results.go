package models

import (
	"context"
	"time"
)

// Results (成交公告) publish every concluded deal, whichever channel struck
// it: what was sold, by whom to whom, for how much and when. A deal is
// concluded when it is confirmed: a listing trade at once, an auction once
// its buyer signed, a negotiated deal (a challenge's award and a roadshow's
// match too) once its public notice ended without an upheld objection. The
// parties are named as the public notice of a negotiated deal names them.

// DealResult is one line of the results: a concluded deal.
type DealResult struct {
	ID            int64       `json:"id"` // the deal's
	Channel       DealChannel `json:"channel"`
	Title         string      `json:"title"`
	AchievementID *int64      `json:"achievement_id"`
	ChallengeID   *int64      `json:"challenge_id"`
	Seller        string      `json:"seller"`
	Buyer         string      `json:"buyer"`
	PriceFen      int64       `json:"price_fen"`
	ConcludedAt   time.Time   `json:"concluded_at"`
}

// ListResults is a page of the results, newest first, of one channel or all
// (""). Anyone may read them.
func (m *Market) ListResults(ctx context.Context, channel DealChannel, p Page) ([]DealResult, int64, error) {
	db := m.db.WithContext(ctx)
	if channel != "" && !oneOf(string(channel), channelNames()) {
		return nil, 0, Invalid(map[string]string{"channel": "渠道只能是 " + OneOf(channelNames())})
	}
	q := db.Table("deals").Where("deals.status = ?", DealConfirmed)
	if channel != "" {
		q = q.Where("("+channelOf+") = ?", string(channel))
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []DealResult{}
	err := q.Select(`deals.id AS id, (` + channelOf + `) AS channel,
			COALESCE(achievements.title, challenges.title, '') AS title, deals.achievement_id, deals.challenge_id,
			sellers.name AS seller, buyers.name AS buyer, deals.price_fen, deals.updated_at AS concluded_at`).
		Joins("JOIN organizations sellers ON sellers.id = deals.seller_org_id").
		Joins("JOIN organizations buyers ON buyers.id = deals.buyer_org_id").
		Joins("LEFT JOIN achievements ON achievements.id = deals.achievement_id").
		Joins("LEFT JOIN challenges ON challenges.id = deals.challenge_id").
		Order("deals.updated_at DESC, deals.id DESC").Offset(p.Offset()).Limit(p.Size).Scan(&out).Error
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].ConcludedAt = out[i].ConcludedAt.UTC()
	}
	return out, total, nil
}

func channelNames() []string {
	out := make([]string, len(DealChannels))
	for i, c := range DealChannels {
		out[i] = string(c)
	}
	return out
}
