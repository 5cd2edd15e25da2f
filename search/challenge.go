package search

import (
	"context"

	"techmarket/models"
)

// KindChallenge is a challenge (揭榜挂帅) open for proposals. It is
// searched beside listings and matched to achievements like a need; its
// proposals are never indexed.
const KindChallenge = "challenge"

// ChallengeDocument indexes what the public sees of a challenge: the
// problem, its goals and the award as the budget.
func ChallengeDocument(c *models.Challenge, org string) Document {
	summary := c.Problem
	for _, g := range c.Goals {
		summary += "\n" + g.Indicator + "：" + g.Target
	}
	d := Document{
		Kind: KindChallenge, ID: c.ID, Title: c.Title, Summary: summary, Keywords: c.Keywords,
		Field: c.Field, Region: c.Region, PriceFen: c.AwardFen, Org: org, PublishedAt: c.CreatedAt,
	}
	if c.PublishedAt != nil {
		d.PublishedAt = *c.PublishedAt
	}
	return d
}

// currentChallenges reads the challenges as they are now: those taking
// proposals are (re)indexed, every other one removed.
func (x *Indexer) currentChallenges(ctx context.Context, ids []int64) (put []Document, del []string, err error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	cs, err := x.market.ChallengesByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var orgIDs []int64
	for _, c := range cs {
		orgIDs = append(orgIDs, c.OrgID)
	}
	orgs, err := x.market.OrgsByID(ctx, orgIDs)
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	published := map[int64]bool{}
	for i := range cs {
		if cs[i].Status == models.ChallengePublished {
			put = append(put, ChallengeDocument(&cs[i], names[cs[i].OrgID]))
			published[cs[i].ID] = true
		}
	}
	for _, id := range ids {
		if !published[id] {
			del = append(del, DocID(KindChallenge, id))
		}
	}
	return put, del, nil
}
