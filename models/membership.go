package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// MembershipStatus is where a user stands in their organisation. Only an
// active membership carries any of the organisation's powers.
type MembershipStatus string

const (
	MemberPending   MembershipStatus = "pending"   // asked to join; waits for the organisation's admin
	MemberActive    MembershipStatus = "active"    // acts for the organisation
	MemberSuspended MembershipStatus = "suspended" // stopped by the organisation's admin; may be reinstated
	MemberRefused   MembershipStatus = "refused"   // the request to join was turned down
)

// OrgRole is a member's role inside the organisation.
type OrgRole string

const (
	OrgRoleAdmin  OrgRole = "admin"  // 机构管理员: approves members, asks for verification
	OrgRoleMember OrgRole = "member" // 成员
)

// MembershipAction is what an organisation's admin (or a market admin) does to a membership.
type MembershipAction string

const (
	MemberApprove   MembershipAction = "approve"    // 批准加入
	MemberRefuse    MembershipAction = "refuse"     // 拒绝加入
	MemberSuspend   MembershipAction = "suspend"    // 暂停
	MemberReinstate MembershipAction = "reinstate"  // 恢复
	MemberMakeAdmin MembershipAction = "make_admin" // 移交机构管理员
)

// MembershipActions lists every action, in the order pages show them.
var MembershipActions = []MembershipAction{MemberApprove, MemberRefuse, MemberSuspend, MemberReinstate, MemberMakeAdmin}

var membershipMoves = map[MembershipStatus]map[MembershipAction]MembershipStatus{
	MemberPending:   {MemberApprove: MemberActive, MemberRefuse: MemberRefused},
	MemberActive:    {MemberSuspend: MemberSuspended, MemberMakeAdmin: MemberActive},
	MemberSuspended: {MemberReinstate: MemberActive},
	MemberRefused:   {},
}

// NextMembershipStatus is the membership workflow: pending → active | refused,
// active ⇄ suspended; handing over the admin role keeps a member active.
func NextMembershipStatus(from MembershipStatus, act MembershipAction) (MembershipStatus, error) {
	if to, ok := membershipMoves[from][act]; ok {
		return to, nil
	}
	return "", ErrBadTransition.Sayf("成员状态为「%s」，不能%s", MembershipStatusLabel(from), membershipActionLabel(act))
}

// MembershipStatusLabel is the Chinese word pages and messages use.
func MembershipStatusLabel(s MembershipStatus) string {
	return map[MembershipStatus]string{MemberPending: "待审核", MemberActive: "正常", MemberSuspended: "已暂停", MemberRefused: "已拒绝"}[s]
}

func membershipActionLabel(a MembershipAction) string {
	return map[MembershipAction]string{MemberApprove: "批准加入", MemberRefuse: "拒绝加入", MemberSuspend: "暂停", MemberReinstate: "恢复",
		MemberMakeAdmin: "移交机构管理员"}[a]
}

// Membership ties one user to the organisation they act for.
type Membership struct {
	ID        int64            `gorm:"primaryKey" json:"id"`
	UserID    int64            `json:"user_id"`
	OrgID     int64            `json:"org_id"`
	OrgRole   OrgRole          `json:"org_role"`
	Status    MembershipStatus `json:"status"`
	DecidedBy *int64           `json:"-"`
	DecidedAt *time.Time       `json:"decided_at"`
	Note      string           `json:"note"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// MarketApprovesMembers: who joins a registration agency or a bureau gains
// official powers (issuing registration numbers, running the market), so
// only a market admin approves those memberships.
func MarketApprovesMembers(t OrgType) bool { return t == OrgAgency || t == OrgBureau }

// MayManageMembers is the rule for who decides an organisation's memberships:
// a market admin for any organisation; the organisation's own active admin,
// except for agencies and bureaus.
func (a Actor) MayManageMembers(org *Organization) bool {
	if a.Acts(RoleAdmin) {
		return true
	}
	return a.Active() && a.OrgAdmin && a.OrgID == org.ID && !MarketApprovesMembers(org.Type)
}

// Member is a membership as the member list shows it.
type Member struct {
	Membership
	Username string   `json:"username"`
	Name     string   `json:"name"`
	Role     Role     `json:"role"`
	Phone    string   `json:"phone"`
	Email    string   `json:"email"`
	OrgName  string   `json:"org_name"`
	OrgType  OrgType  `json:"org_type"`
	Actions  []string `gorm:"-" json:"actions"`
}

// memberActions says what the caller may do with a membership now, from the
// same rules MembershipAct applies.
func memberActions(actor Actor, org *Organization, m *Membership) []string {
	if !actor.MayManageMembers(org) {
		return []string{}
	}
	return permitted(MembershipActions, func(act MembershipAction) error { return checkMembershipAct(actor, m, act) })
}

// checkMembershipAct is the pure decision of one act on a membership.
func checkMembershipAct(actor Actor, m *Membership, act MembershipAction) error {
	if _, err := NextMembershipStatus(m.Status, act); err != nil {
		return err
	}
	self := m.UserID == actor.UserID
	switch {
	case self && act != MemberMakeAdmin:
		return ErrOwnMembership
	case act == MemberMakeAdmin && m.OrgRole == OrgRoleAdmin:
		return ErrAlreadyAdmin
	case act == MemberSuspend && m.OrgRole == OrgRoleAdmin:
		return ErrSuspendAdmin
	}
	return nil
}

type MemberFilter struct {
	OrgID   int64
	Status  MembershipStatus
	OrgType []OrgType // market admins' queue: memberships of these kinds of organisation
	Page
}

// ListMembers lists an organisation's members for its members (active ones
// only) and for those who manage its memberships (every status). A market
// admin may list across organisations (OrgID 0), for the agency and bureau
// requests only they approve.
func (m *Market) ListMembers(ctx context.Context, actor Actor, f MemberFilter) ([]Member, int64, error) {
	db := m.db.WithContext(ctx)
	var org *Organization
	if f.OrgID != 0 {
		o, err := m.FindOrg(ctx, f.OrgID)
		if err != nil {
			return nil, 0, err
		}
		if !(actor.Active() && actor.OrgID == o.ID) && !actor.Acts(RoleAdmin) {
			return nil, 0, ErrNotYourOrg.Say("无权查看其他机构的成员")
		}
		org = o
	} else if !actor.Acts(RoleAdmin) {
		return nil, 0, ErrForbidden
	}
	q := db.Table("memberships").Joins("JOIN users ON users.id = memberships.user_id").
		Joins("JOIN organizations ON organizations.id = memberships.org_id")
	if org != nil {
		q = q.Where("memberships.org_id = ?", org.ID)
		if !actor.MayManageMembers(org) {
			f.Status = MemberActive
		}
	}
	if f.Status != "" {
		q = q.Where("memberships.status = ?", f.Status)
	}
	if len(f.OrgType) > 0 {
		q = q.Where("organizations.type IN ?", f.OrgType)
	}
	out, total, err := scanPage[Member](q, "memberships.*, users.username, users.name, users.role, users.phone, users.email, organizations.name AS org_name, organizations.type AS org_type",
		"CASE memberships.status WHEN 'pending' THEN 0 ELSE 1 END, memberships.id", f.Page)
	if err != nil {
		return nil, 0, err
	}
	orgs := map[int64]*Organization{}
	for i := range out {
		mem := &out[i]
		o := org
		if o == nil {
			if orgs[mem.OrgID] == nil {
				if orgs[mem.OrgID], err = m.FindOrg(ctx, mem.OrgID); err != nil {
					return nil, 0, err
				}
			}
			o = orgs[mem.OrgID]
		}
		mem.Actions = memberActions(actor, o, &mem.Membership)
	}
	return out, total, nil
}

// MembershipAct approves, refuses, suspends or reinstates a membership, or
// hands the organisation's admin role to it. The membership row moves by a
// conditional update, so two admins deciding at once decide once; the member
// is notified, the act audited, and the member's access tokens stop at once.
func (m *Market) MembershipAct(ctx context.Context, actor Actor, id int64, act MembershipAction, note string) (*Membership, error) {
	db := m.db.WithContext(ctx)
	note = strings.TrimSpace(note)
	f := map[string]string{}
	if checkLen(f, "note", note, 0, 500, "说明"); len(f) > 0 {
		return nil, Invalid(f)
	}
	var out Membership
	err := db.Transaction(func(tx *gorm.DB) error {
		ms, err := lockByID[Membership](tx, id, ErrMembershipNotFound)
		if err != nil {
			return err
		}
		org, err := findOrg(tx, ms.OrgID)
		if err != nil {
			return err
		}
		if !actor.MayManageMembers(org) {
			if actor.Active() && actor.OrgID == org.ID {
				if MarketApprovesMembers(org.Type) {
					return ErrMarketAdminOnly
				}
				return ErrNotOrgAdmin.Say("只有机构管理员可以管理成员")
			}
			return ErrMembershipNotFound
		}
		if err := checkMembershipAct(actor, ms, act); err != nil {
			return err
		}
		next, _ := NextMembershipStatus(ms.Status, act)
		before := *ms
		now := m.now().UTC()
		res := tx.Model(&Membership{}).Where("id = ? AND status = ? AND org_role = ?", ms.ID, ms.Status, ms.OrgRole).
			Updates(map[string]any{"status": next, "org_role": nextOrgRole(ms, act), "decided_by": actor.UserID, "decided_at": now, "note": note, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrBadTransition.Say("该成员资格刚被他人处理，请刷新")
		}
		ms.Status, ms.OrgRole, ms.DecidedBy, ms.DecidedAt, ms.Note = next, nextOrgRole(ms, act), &actor.UserID, &now, note
		switch act {
		case MemberMakeAdmin:
			// One 机构管理员 at a time: the one handing over becomes a member
			// and their tokens, issued as admin, stop.
			if err := bumpTokenVersions(tx, "id IN (SELECT user_id FROM memberships WHERE org_id = ? AND org_role = ?)", org.ID, OrgRoleAdmin); err != nil {
				return err
			}
			if err := tx.Model(&Membership{}).Where("org_id = ? AND org_role = ? AND id <> ?", org.ID, OrgRoleAdmin, ms.ID).
				Updates(map[string]any{"org_role": OrgRoleMember, "updated_at": now}).Error; err != nil {
				return err
			}
		case MemberSuspend, MemberRefuse:
			// Powers are read afresh on every request; a suspended member's
			// tokens stop as well, so the session ends at once.
			if err := bumpTokenVersions(tx, "id = ?", ms.UserID); err != nil {
				return err
			}
		}
		if err := notify(tx, membershipNotice(org, ms, act, note)); err != nil {
			return err
		}
		out = *ms
		return Audit(tx, actor, "membership."+string(act), "membership", ms.ID, before, ms)
	})
	return &out, err
}

func nextOrgRole(m *Membership, act MembershipAction) OrgRole {
	if act == MemberMakeAdmin {
		return OrgRoleAdmin
	}
	return m.OrgRole
}

func membershipNotice(org *Organization, m *Membership, act MembershipAction, note string) Notification {
	n := Notification{UserID: m.UserID, Kind: "membership." + string(act), Link: "/account"}
	switch act {
	case MemberApprove:
		n.Title = fmt.Sprintf("您加入「%s」的申请已获批准", org.Name)
	case MemberRefuse:
		n.Title = fmt.Sprintf("您加入「%s」的申请未获批准", org.Name)
	case MemberSuspend:
		n.Title = fmt.Sprintf("您在「%s」的成员资格已被暂停", org.Name)
	case MemberReinstate:
		n.Title = fmt.Sprintf("您在「%s」的成员资格已恢复", org.Name)
	case MemberMakeAdmin:
		n.Title = fmt.Sprintf("您已成为「%s」的机构管理员", org.Name)
	}
	if note != "" {
		n.Body = "说明：" + note
	}
	return n
}

// bumpTokenVersions ends the access tokens of the users the condition picks:
// each token carries the version it was issued under.
func bumpTokenVersions(tx *gorm.DB, cond string, args ...any) error {
	return tx.Model(&User{}).Where(cond, args...).UpdateColumn("token_version", gorm.Expr("token_version + 1")).Error
}

// MembershipOf reads a user's membership.
func (m *Market) MembershipOf(ctx context.Context, userID int64) (*Membership, error) {
	db := m.db.WithContext(ctx)
	var ms Membership
	if err := db.Where("user_id = ?", userID).Take(&ms).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrMembershipNotFound
		}
		return nil, err
	}
	return &ms, nil
}

// errMembershipInactive is what a user without an active membership hears
// when trying to act for the organisation.
func errMembershipInactive(s MembershipStatus) *Error {
	switch s {
	case MemberPending:
		return ErrMembershipPending
	case MemberSuspended:
		return ErrMembershipSuspended
	}
	return ErrMembershipRefused
}
