package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Reasons a buyer (or broker) gives when passing on a listing or a match.
var FeedbackReasons = []Label{
	{"early_stage", "技术成熟度不够"},
	{"advantage_unclear", "相对现有方案优势不明"},
	{"route_unclear", "商业化路径不清"},
	{"vague", "描述含糊"},
	{"price", "价格"},
	{"other", "其他"},
}

// Feedback is one pass on a listing, from a listing page or a declined match.
type Feedback struct {
	ID         int64     `gorm:"primaryKey" json:"id"`
	Kind       string    `gorm:"size:20;not null" json:"kind"`
	ListingID  int64     `gorm:"not null" json:"listing_id"`
	OwnerOrgID int64     `gorm:"not null" json:"-"`
	Field      string    `gorm:"size:20;not null;default:''" json:"field"`
	UserID     int64     `gorm:"not null" json:"-"`
	OrgID      int64     `gorm:"not null" json:"-"`
	MatchID    *int64    `json:"match_id"`
	OtherText  string    `gorm:"type:text;not null;default:''" json:"other_text"`
	CreatedAt  time.Time `json:"created_at"`
	Reasons    []string  `gorm:"-" json:"reasons"`
}

// FeedbackReason is one reason of a Feedback; aggregates group by it.
type FeedbackReason struct {
	FeedbackID int64  `gorm:"primaryKey"`
	Reason     string `gorm:"primaryKey;size:30"`
}

// PassInput is what the person passing sends.
type PassInput struct {
	Reasons   []string `json:"reasons"`
	OtherText string   `json:"other_text"`
}

// Empty says nothing was given, which a match decline allows.
func (in PassInput) Empty() bool {
	return len(in.Reasons) == 0 && strings.TrimSpace(in.OtherText) == ""
}

// check validates the reasons against the fixed set; "other" needs its text.
func (in *PassInput) check() error {
	f := map[string]string{}
	in.OtherText = strings.TrimSpace(in.OtherText)
	seen := map[string]bool{}
	var reasons []string
	for _, r := range in.Reasons {
		if !oneOf(r, labelValues(FeedbackReasons)) {
			f["reasons"] = fmt.Sprintf("未知的原因“%s”，只能从给定的原因中选择", r)
			break
		}
		if !seen[r] {
			seen[r] = true
			reasons = append(reasons, r)
		}
	}
	in.Reasons = reasons
	switch {
	case len(in.Reasons) == 0 && f["reasons"] == "":
		f["reasons"] = "请至少选择一个原因"
	case seen["other"] && in.OtherText == "":
		f["other_text"] = "选择“其他”时请填写具体原因"
	case !seen["other"] && in.OtherText != "":
		f["other_text"] = "填写具体原因时请勾选“其他”"
	}
	checkLen(f, "other_text", in.OtherText, 0, 500, "具体原因")
	if len(f) > 0 {
		return Invalid(f)
	}
	return nil
}

// PassOnListing records why the actor is not interested in a published
// listing of another organisation. Passing again replaces the earlier reasons.
func (ls Listings[T, P]) PassOn(ctx context.Context, actor Actor, id int64, in PassInput) (*Feedback, error) {
	db := ls.m.db.WithContext(ctx)
	item, err := ls.fromOutside(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	l := item.base()
	if err := checkListingAct(actor, item, ActFeedback, listingFacts{now: ls.m.now()}); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var out *Feedback
	err = db.Transaction(func(tx *gorm.DB) error {
		var old []int64
		if err := tx.Model(&Feedback{}).Where("kind = ? AND listing_id = ? AND user_id = ? AND match_id IS NULL", item.Kind(), id, actor.UserID).Pluck("id", &old).Error; err != nil {
			return err
		}
		if len(old) > 0 {
			if err := tx.Where("feedback_id IN ?", old).Delete(&FeedbackReason{}).Error; err != nil {
				return err
			}
			if err := tx.Where("id IN ?", old).Delete(&Feedback{}).Error; err != nil {
				return err
			}
		}
		out, err = recordFeedback(tx, actor, item.Kind(), l, nil, in)
		return err
	})
	return out, err
}

func recordFeedback(tx *gorm.DB, actor Actor, kind string, l *Listing, matchID *int64, in PassInput) (*Feedback, error) {
	fb := &Feedback{Kind: kind, ListingID: l.ID, OwnerOrgID: l.OrgID, Field: l.Field, UserID: actor.UserID, OrgID: actor.OrgID,
		MatchID: matchID, OtherText: in.OtherText, Reasons: in.Reasons}
	if err := tx.Create(fb).Error; err != nil {
		return nil, err
	}
	for _, r := range in.Reasons {
		if err := tx.Create(&FeedbackReason{FeedbackID: fb.ID, Reason: r}).Error; err != nil {
			return nil, err
		}
	}
	return fb, nil
}

// DeclineMatch declines a match for the actor's side and, when reasons are
// given, records them as feedback on the other side's listing (a demander
// passing on the achievement, a supplier on the need).
func (m *Market) DeclineMatch(ctx context.Context, actor Actor, id int64, in PassInput) (*Match, error) {
	db := m.db.WithContext(ctx)
	withFeedback := !in.Empty()
	if withFeedback {
		if err := in.check(); err != nil {
			return nil, err
		}
	}
	var out *Match
	err := db.Transaction(func(tx *gorm.DB) error {
		match, err := respondToMatch(tx, actor, id, false, m.now())
		if err != nil || !withFeedback {
			out = match
			return err
		}
		kind, listingID := "achievement", match.AchievementID
		var l *Listing
		if actor.OrgID == match.DemanderOrgID {
			var a Achievement
			err = tx.First(&a, listingID).Error
			l = &a.Listing
		} else {
			if match.NeedID == nil { // a roadshow match without a need: nothing to give feedback on
				out = match
				return nil
			}
			kind, listingID = "need", *match.NeedID
			var n Need
			err = tx.First(&n, listingID).Error
			l = &n.Listing
		}
		if err != nil {
			return err
		}
		out = match
		_, err = recordFeedback(tx, actor, kind, l, &match.ID, in)
		return err
	})
	return out, err
}

// ReasonCount is how many passes gave one reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Label  string `json:"label"`
	Count  int64  `json:"count"`
}

// FeedbackSummary is what an owner sees of the passes on one listing:
// counts per reason and the free texts, never who passed.
type FeedbackSummary struct {
	Total   int64         `json:"total"`
	Reasons []ReasonCount `json:"reasons"`
	Others  []string      `json:"others"`
}

// ListingFeedback aggregates the feedback on a listing for its owner
// organisation and admins; anyone else gets "not found".
func (ls Listings[T, P]) Feedback(ctx context.Context, actor Actor, id int64) (*FeedbackSummary, error) {
	db := ls.m.db.WithContext(ctx)
	item := P(new(T))
	if err := db.Select("id", "org_id").First(item, id).Error; err != nil {
		return nil, listingNotFound(item.Kind())
	}
	if !actor.CanSeeOrgPrivate(item.base().OrgID) {
		return nil, listingNotFound(item.Kind())
	}
	out := &FeedbackSummary{Reasons: []ReasonCount{}, Others: []string{}}
	q := db.Model(&Feedback{}).Where("kind = ? AND listing_id = ?", item.Kind(), id)
	if err := q.Count(&out.Total).Error; err != nil {
		return nil, err
	}
	var rows []struct {
		Reason string
		N      int64
	}
	if err := db.Table("feedback_reasons").Select("feedback_reasons.reason AS reason, COUNT(*) AS n").
		Joins("JOIN feedbacks ON feedbacks.id = feedback_reasons.feedback_id").
		Where("feedbacks.kind = ? AND feedbacks.listing_id = ?", item.Kind(), id).
		Group("feedback_reasons.reason").Scan(&rows).Error; err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	for _, r := range rows {
		counts[r.Reason] = r.N
	}
	for _, l := range FeedbackReasons {
		out.Reasons = append(out.Reasons, ReasonCount{l.Value, l.Label, counts[l.Value]})
	}
	if err := db.Model(&Feedback{}).Where("kind = ? AND listing_id = ? AND other_text <> ''", item.Kind(), id).
		Order("id DESC").Limit(20).Pluck("other_text", &out.Others).Error; err != nil {
		return nil, err
	}
	return out, nil
}

// FieldFeedback is the reasons given on the listings of one field of industry.
type FieldFeedback struct {
	Field   string        `json:"field"`
	Total   int64         `json:"total"`
	Reasons []ReasonCount `json:"reasons"`
}

// FeedbackByField aggregates all feedback per field of industry, for admins;
// kind limits it to achievements or needs when set.
func (m *Market) FeedbackByField(ctx context.Context, kind string) ([]FieldFeedback, error) {
	db := m.db.WithContext(ctx)
	var rows []struct {
		Field  string
		Reason string
		N      int64
	}
	q := db.Table("feedback_reasons").Select("feedbacks.field AS field, feedback_reasons.reason AS reason, COUNT(*) AS n").
		Joins("JOIN feedbacks ON feedbacks.id = feedback_reasons.feedback_id")
	tq := db.Model(&Feedback{}).Select("field, COUNT(*) AS n")
	if kind != "" {
		q, tq = q.Where("feedbacks.kind = ?", kind), tq.Where("kind = ?", kind)
	}
	if err := q.Group("feedbacks.field, feedback_reasons.reason").Scan(&rows).Error; err != nil {
		return nil, err
	}
	var totals []struct {
		Field string
		N     int64
	}
	if err := tq.Group("field").Scan(&totals).Error; err != nil {
		return nil, err
	}
	byField := map[string]map[string]int64{}
	for _, r := range rows {
		if byField[r.Field] == nil {
			byField[r.Field] = map[string]int64{}
		}
		byField[r.Field][r.Reason] = r.N
	}
	total := map[string]int64{}
	for _, t := range totals {
		total[t.Field] = t.N
	}
	out := []FieldFeedback{}
	// Fields in the statistics' order, unfilled fields last as 未填写.
	for _, f := range append(append([]string{}, Fields...), "") {
		if total[f] == 0 {
			continue
		}
		ff := FieldFeedback{Field: f, Total: total[f], Reasons: []ReasonCount{}}
		if f == "" {
			ff.Field = "未填写"
		}
		for _, l := range FeedbackReasons {
			ff.Reasons = append(ff.Reasons, ReasonCount{l.Value, l.Label, byField[f][l.Value]})
		}
		out = append(out, ff)
	}
	return out, nil
}
