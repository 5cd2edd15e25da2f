package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Notification is an in-app message to one user.
type Notification struct {
	ID        int64      `gorm:"primaryKey" json:"id"`
	UserID    int64      `gorm:"not null;index" json:"-"`
	Kind      string     `gorm:"size:40;not null" json:"kind"`
	Title     string     `gorm:"size:200;not null" json:"title"`
	Body      string     `gorm:"type:text;not null;default:''" json:"body"`
	Link      string     `gorm:"size:200;not null;default:''" json:"link"`
	ReadAt    *time.Time `json:"read_at"`
	CreatedAt time.Time  `json:"created_at"`
}

func notify(tx *gorm.DB, n Notification) error { return tx.Create(&n).Error }

// tell sends n to each of users and to the active 机构管理员 of each
// organisation, once to each person.
func tell(tx *gorm.DB, n Notification, users []int64, orgIDs ...int64) error {
	var admins []int64
	if len(orgIDs) > 0 {
		if err := tx.Model(&Membership{}).Where("org_id IN ? AND org_role = ? AND status = ?", orgIDs, OrgRoleAdmin, MemberActive).
			Order("user_id").Pluck("user_id", &admins).Error; err != nil {
			return err
		}
	}
	seen := map[int64]bool{}
	for _, u := range append(users, admins...) {
		if u == 0 || seen[u] {
			continue
		}
		seen[u] = true
		n.UserID = u
		if err := notify(tx, n); err != nil {
			return err
		}
	}
	return nil
}

func notifyListingOwner(tx *gorm.DB, item listing, act ListingAction, reason string) error {
	l := item.base()
	what := kindName(item.Kind())
	n := Notification{UserID: l.CreatedBy, Kind: item.Kind() + "." + string(act), Link: fmt.Sprintf("/%ss/%d", item.Kind(), l.ID)}
	switch act {
	case ActApprove:
		n.Title = fmt.Sprintf("您的%s《%s》已审核通过并发布", what, l.Title)
	case ActReject:
		n.Title = fmt.Sprintf("您的%s《%s》未通过审核", what, l.Title)
		n.Body = "驳回理由：" + reason + "。修改后可重新提交。"
	case ActExpire:
		n.Title = fmt.Sprintf("您的%s《%s》已过期下架", what, l.Title)
		n.Body = "如仍有效，请修改有效期后重新发布。"
	}
	return notify(tx, n)
}

// ListNotifications returns the user's notifications, newest first, and the unread count.
func (m *Market) ListNotifications(ctx context.Context, actor Actor, unreadOnly bool, p Page) ([]Notification, int64, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Notification{}).Where("user_id = ?", actor.UserID)
	var unread int64
	if err := db.Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", actor.UserID).Count(&unread).Error; err != nil {
		return nil, 0, 0, err
	}
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	out, total, err := findPage[Notification](q, "id DESC", p)
	return out, total, unread, err
}

// MarkNotificationsRead marks the given notifications (all when ids is empty) of the user as read.
func (m *Market) MarkNotificationsRead(ctx context.Context, actor Actor, ids []int64) error {
	db := m.db.WithContext(ctx)
	q := db.Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", actor.UserID)
	if len(ids) > 0 {
		q = q.Where("id IN ?", ids)
	}
	return q.Update("read_at", m.now().UTC()).Error
}
