package models

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// Actor is who is calling: the one value every permission check looks at.
// The zero Actor is the public (not logged in).
//
// ActorOf builds it from the user's membership, and that is the one place
// where powers are granted: OrgID and Role are set only while the membership
// is active, and OrgVerified only while the organisation is verified too. A
// pending or suspended member is, to every check, a logged-in person of no
// organisation.
type Actor struct {
	UserID      int64
	Role        Role
	OrgID       int64
	OrgVerified bool
	OrgAdmin    bool // 机构管理员 of OrgID
	Membership  MembershipStatus
	Region      string // the organisation's division code, while the membership is active
}

func (a Actor) LoggedIn() bool { return a.UserID != 0 }

// Active: the actor acts for an organisation (verified or not yet).
func (a Actor) Active() bool { return a.LoggedIn() && a.Membership == MemberActive && a.OrgID != 0 }

// Acts reports whether the actor holds one of the roles with full powers:
// an active membership in a verified organisation. Every check of a power
// over others (moderating, reviewing, administering, seeing contacts) asks this.
func (a Actor) Acts(roles ...Role) bool {
	if !a.Active() || !a.OrgVerified {
		return false
	}
	for _, r := range roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// Require fails unless the actor is an active member with one of the roles
// (the organisation may still wait for verification: enough for drafting).
func (a Actor) Require(roles ...Role) error {
	if err := a.RequireMember(); err != nil {
		return err
	}
	for _, r := range roles {
		if a.Role == r {
			return nil
		}
	}
	return ErrForbidden
}

// RequireMember fails unless the actor is an active member of an organisation.
func (a Actor) RequireMember() error {
	if !a.LoggedIn() {
		return ErrUnauthenticated
	}
	if !a.Active() {
		return errMembershipInactive(a.Membership)
	}
	return nil
}

// RequireVerified fails unless the actor is an active member of a verified organisation.
func (a Actor) RequireVerified() error {
	if err := a.RequireMember(); err != nil {
		return err
	}
	if !a.OrgVerified {
		return ErrOrgNotVerified
	}
	return nil
}

// RequirePower is Require and RequireVerified together: one of the roles,
// with every power of it.
func (a Actor) RequirePower(roles ...Role) error {
	if err := a.Require(roles...); err != nil {
		return err
	}
	return a.RequireVerified()
}

// OwnOrg: the actor is an active member of the organisation.
func (a Actor) OwnOrg(orgID int64) bool { return a.Active() && orgID != 0 && a.OrgID == orgID }

// CanSeeOrgPrivate is the ownership rule for an organisation's private data:
// its own active members and market admins only.
func (a Actor) CanSeeOrgPrivate(orgID int64) bool {
	return a.OwnOrg(orgID) || a.Acts(RoleAdmin)
}

// RequireRegion is the one check of who may see and act on a region's
// figures and documents: a market admin on any region; a bureau member on
// its organisation's region and the units inside it (a zone is inside when
// its parent is), so a district bureau reaches its district only; everyone
// else on none.
func (a Actor) RequireRegion(r RegionUnit) error {
	switch {
	case !a.LoggedIn():
		return ErrUnauthenticated
	case a.Acts(RoleAdmin):
		return nil
	case !a.Acts(RoleBureau):
		return ErrForbidden
	case !r.within(a.Region):
		return ErrOutsideRegion
	}
	return nil
}

// RequireOrg fails unless the actor may act for the organisation.
func (a Actor) RequireOrg(orgID int64) error {
	if !a.LoggedIn() {
		return ErrUnauthenticated
	}
	if !a.CanSeeOrgPrivate(orgID) {
		return ErrNotYourOrg
	}
	return nil
}

// ActorOf loads the actor behind an access token in one query, since every
// authenticated request asks. A token issued under an older token version
// (before a password change, suspension or membership change) is refused,
// and so is a disabled user.
func (m *Market) ActorOf(ctx context.Context, userID int64, tokenVersion int) (Actor, error) {
	db := m.db.WithContext(ctx)
	a, acc, err := loadActor(db, userID)
	if err != nil {
		return Actor{}, err
	}
	if acc.Disabled {
		return Actor{}, ErrUserDisabled
	}
	if acc.TokenVersion != tokenVersion {
		return Actor{}, ErrTokenRevoked
	}
	return a, nil
}

// account is what the actor's query reads beside the powers.
type account struct {
	Disabled     bool
	TokenVersion int
}

// loadActor grants the powers: the organisation and role only while the
// membership is active, verification only while the organisation is verified.
func loadActor(db *gorm.DB, userID int64) (Actor, account, error) {
	var row struct {
		ID           int64
		Role         Role
		OrgID        int64
		OrgRegion    string
		OrgStatus    OrgStatus
		Status       MembershipStatus
		OrgRole      OrgRole
		Disabled     bool
		TokenVersion int
	}
	err := db.Table("users").
		Select("users.id, users.role, memberships.org_id, users.disabled, users.token_version, organizations.status AS org_status, organizations.region AS org_region, memberships.status, memberships.org_role").
		Joins("JOIN memberships ON memberships.user_id = users.id").
		Joins("JOIN organizations ON organizations.id = memberships.org_id").
		Where("users.id = ?", userID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Actor{}, account{}, ErrUserNotFound
	}
	if err != nil {
		return Actor{}, account{}, err
	}
	a := Actor{UserID: row.ID, Membership: row.Status}
	if row.Status == MemberActive {
		a.Role, a.OrgID, a.OrgAdmin = row.Role, row.OrgID, row.OrgRole == OrgRoleAdmin
		a.OrgVerified = row.OrgStatus == OrgVerified
		a.Region = row.OrgRegion
	}
	return a, account{row.Disabled, row.TokenVersion}, nil
}
