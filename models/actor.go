package models

import (
	"errors"

	"gorm.io/gorm"
)

// Actor is who is calling: the one value every permission check looks at.
// The zero Actor is the public (not logged in).
type Actor struct {
	UserID      int64
	Role        Role
	OrgID       int64
	OrgVerified bool
}

func (a Actor) LoggedIn() bool { return a.UserID != 0 }

// Require fails unless the actor is logged in with one of the roles.
func (a Actor) Require(roles ...Role) error {
	if !a.LoggedIn() {
		return newError(401, "unauthenticated", "请先登录")
	}
	for _, r := range roles {
		if a.Role == r {
			return nil
		}
	}
	return Forbidden("forbidden", "当前角色无权执行此操作")
}

// RequireVerified fails unless the actor's organisation has passed verification.
func (a Actor) RequireVerified() error {
	if !a.LoggedIn() {
		return newError(401, "unauthenticated", "请先登录")
	}
	if !a.OrgVerified {
		return Forbidden("org_not_verified", "所在机构尚未通过实名认证")
	}
	return nil
}

// CanSeeOrgPrivate is the ownership rule for an organisation's private data:
// its own members and admins only.
func (a Actor) CanSeeOrgPrivate(orgID int64) bool {
	return a.LoggedIn() && (a.OrgID == orgID || a.Role == RoleAdmin)
}

// RequireOrg fails unless the actor may act for the organisation.
func (a Actor) RequireOrg(orgID int64) error {
	if !a.LoggedIn() {
		return newError(401, "unauthenticated", "请先登录")
	}
	if !a.CanSeeOrgPrivate(orgID) {
		return Forbidden("not_your_org", "无权访问其他机构的数据")
	}
	return nil
}

// ActorOf loads the actor behind an access token's user id in one query,
// since every authenticated request asks. A disabled user is refused.
func ActorOf(db *gorm.DB, userID int64) (Actor, error) {
	var row struct {
		ID        int64
		Role      Role
		OrgID     int64
		Disabled  bool
		OrgStatus OrgStatus
	}
	err := db.Table("users").Select("users.id, users.role, users.org_id, users.disabled, organizations.status AS org_status").
		Joins("JOIN organizations ON organizations.id = users.org_id").Where("users.id = ?", userID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Actor{}, NotFound("user_not_found", "用户不存在")
	}
	if err != nil {
		return Actor{}, err
	}
	if row.Disabled {
		return Actor{}, Forbidden("user_disabled", "账号已被停用，请联系管理员")
	}
	return Actor{UserID: row.ID, Role: row.Role, OrgID: row.OrgID, OrgVerified: row.OrgStatus == OrgVerified}, nil
}
