package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ConfirmListing records that the owner says a published listing still
// stands (确认仍有效), which keeps it fresh in search.
func (ls Listings[T, P]) Confirm(ctx context.Context, actor Actor, id int64) (P, error) {
	db := ls.m.db.WithContext(ctx)
	var out P
	err := db.Transaction(func(tx *gorm.DB) error {
		item, err := ls.lockFor(tx, actor, id, ActConfirm)
		if err != nil {
			return err
		}
		l := item.base()
		now := ls.m.now().UTC()
		l.LastConfirmedAt = &now
		if err := tx.Model(item).Select("last_confirmed_at", "updated_at").Updates(item).Error; err != nil {
			return err
		}
		out = item
		return listingChanged(tx, actor, item, "confirm", nil, map[string]any{"last_confirmed_at": now})
	})
	return out, err
}

// RelistListing puts an expired listing back up with a new validity or
// deadline. Publishing always passes moderation in this market, so it goes
// to the queue (pending), as a first submission would.
func (ls Listings[T, P]) Relist(ctx context.Context, actor Actor, id int64, until time.Time) (P, error) {
	db := ls.m.db.WithContext(ctx)
	var out P
	err := db.Transaction(func(tx *gorm.DB) error {
		item, err := ls.lockFor(tx, actor, id, ActRelist)
		if err != nil {
			return err
		}
		l := item.base()
		field := expiryField(item)
		if until.IsZero() || !until.After(ls.m.now()) {
			return Invalid(map[string]string{field: "请填写今天以后的新日期"})
		}
		before := *l
		u := until.UTC()
		switch x := any(item).(type) {
		case *Achievement:
			x.ValidUntil = &u
		case *Need:
			x.Deadline = &u
		}
		if f := validate(item, ls.m.now()); len(f) > 0 {
			return Invalid(f)
		}
		next, reason, _ := NextStatus(l.Status, l.CloseReason, ActRelist)
		l.Status, l.CloseReason = next, reason
		if err := moved(tx.Model(item).Where("status = ? AND close_reason = ?", before.Status, before.CloseReason).
			Select("status", "close_reason", field, "updated_at").Updates(item),
			ErrBadTransition.Say("该"+kindName(item.Kind())+"已续期重新发布")); err != nil {
			return err
		}
		out = item
		return listingChanged(tx, actor, item, "relist", before, l)
	})
	return out, err
}

// RemindUnconfirmed tells the owners of published listings not confirmed for
// StaleAfter to confirm or withdraw them, at most once per StaleAfter per
// listing. Each reminder is claimed by a conditional update, so when several
// processes run the job each listing is reminded once.
func (ls Listings[T, P]) RemindUnconfirmed(ctx context.Context, now time.Time) (int, error) {
	db := ls.m.db.WithContext(ctx)
	item := P(new(T))
	cutoff := now.UTC().Add(-StaleAfter)
	due := "status = ? AND COALESCE(last_confirmed_at, published_at) < ? AND (confirm_reminded_at IS NULL OR confirm_reminded_at < ?)"
	pending := db.Model(item).Where(due, StatusPublished, cutoff, cutoff).Order("id").Limit(500)
	return sweep(db, pending, "reminding the owner of listing", func(tx *gorm.DB, id int64) error {
		res := tx.Model(P(new(T))).Where("id = ? AND "+due, id, StatusPublished, cutoff, cutoff).Update("confirm_reminded_at", now.UTC())
		if err := moved(res, ErrGone); err != nil {
			return err
		}
		it := P(new(T))
		if err := tx.First(it, id).Error; err != nil {
			return err
		}
		l := it.base()
		return notify(tx, Notification{UserID: l.CreatedBy, Kind: it.Kind() + ".confirm_reminder",
			Title: fmt.Sprintf("您的%s《%s》已超过 30 天未确认", kindName(it.Kind()), l.Title),
			Body:  "请确认仍有效，或撤回已不再提供的内容；长期未确认的条目在搜索中排名靠后。",
			Link:  fmt.Sprintf("/%ss/%d", it.Kind(), l.ID)})
	})
}
