package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

type Role string

const (
	RoleSupplier Role = "supplier"
	RoleDemander Role = "demander"
	RoleBroker   Role = "broker"
	RoleReviewer Role = "reviewer"
	RoleAdmin    Role = "admin"
	// RoleBureau is a science bureau's staff: the figures and documents of
	// the bureau's own region (see Actor.RequireRegion).
	RoleBureau Role = "bureau"
)

// RoleInfo says who may take a role and from which kinds of organisation.
type RoleInfo struct {
	Value    Role      `json:"value"`
	Label    string    `json:"label"`
	OrgTypes []OrgType `json:"org_types"`
}

// SelfServiceRoles are the roles anyone may register for; admins are created
// by the operator with `techmarket user create`.
var SelfServiceRoles = []RoleInfo{
	{RoleSupplier, "高校/科研院所人员", []OrgType{OrgUniversity, OrgInstitute}},
	{RoleDemander, "企业人员", []OrgType{OrgEnterprise}},
	{RoleBroker, "技术经纪人", []OrgType{OrgBrokerFirm}},
	{RoleReviewer, "登记机构人员", []OrgType{OrgAgency}},
	{RoleBureau, "科技管理部门人员", []OrgType{OrgBureau}},
}

var adminRole = RoleInfo{RoleAdmin, "管理员", []OrgType{OrgBureau}}

func roleInfo(r Role) (RoleInfo, bool) {
	for _, ri := range append(SelfServiceRoles, adminRole) {
		if ri.Value == r {
			return ri, true
		}
	}
	return RoleInfo{}, false
}

// RoleFitsOrg is the rule that a role belongs to a kind of organisation: a
// supplier works for a university or institute, a demander for an enterprise...
func RoleFitsOrg(r Role, t OrgType) bool {
	ri, ok := roleInfo(r)
	if !ok {
		return false
	}
	for _, ot := range ri.OrgTypes {
		if ot == t {
			return true
		}
	}
	return false
}

type User struct {
	ID           int64     `gorm:"primaryKey" json:"id"`
	Username     string    `gorm:"size:32;not null;uniqueIndex" json:"username"`
	PasswordHash string    `gorm:"size:255;not null" json:"-"`
	Name         string    `gorm:"size:50;not null" json:"name"`
	Phone        string    `gorm:"size:20;not null;default:''" json:"phone"`
	Email        string    `gorm:"size:100;not null;default:''" json:"email"`
	Role         Role      `gorm:"size:20;not null" json:"role"`
	OrgID        int64     `gorm:"not null;index" json:"org_id"`
	Disabled     bool      `gorm:"not null;default:false" json:"disabled"`
	TokenVersion int       `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"-"`
}

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_.\-]{3,32}$`)

// Registration is what a person fills in to join the market.
type Registration struct {
	Username string  `json:"username"`
	Password string  `json:"password"`
	Name     string  `json:"name"`
	Role     Role    `json:"role"`
	OrgName  string  `json:"org_name"`
	OrgType  OrgType `json:"org_type"`
	Region   string  `json:"region"`
	Phone    string  `json:"phone"`
	Email    string  `json:"email"`
}

func checkLen(fields map[string]string, key, v string, min, max int, what string) {
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0 && min > 0:
		fields[key] = "请填写" + what
	case n < min:
		fields[key] = fmt.Sprintf("%s至少 %d 个字符", what, min)
	case n > max:
		fields[key] = fmt.Sprintf("%s不能超过 %d 个字符", what, max)
	}
}

func checkContact(fields map[string]string, phone, email string) {
	checkLen(fields, "phone", phone, 0, 20, "电话")
	checkLen(fields, "email", email, 0, 100, "邮箱")
	if email != "" && !strings.Contains(email, "@") {
		fields["email"] = "邮箱格式不正确"
	}
}

func (r *Registration) normalise() {
	r.Username = strings.TrimSpace(r.Username)
	r.Name = strings.TrimSpace(r.Name)
	r.OrgName = strings.TrimSpace(r.OrgName)
	r.Region = strings.TrimSpace(r.Region)
	r.Phone = strings.TrimSpace(r.Phone)
	r.Email = strings.TrimSpace(r.Email)
}

// Validate checks a registration field by field (no database needed).
func (r *Registration) Validate() map[string]string {
	f := map[string]string{}
	if !usernamePattern.MatchString(r.Username) {
		f["username"] = "用户名为 3–32 位字母、数字、下划线、点或连字符"
	}
	checkPassword(f, "password", r.Password)
	checkName(f, "name", r.Name, 1, 50, "姓名")
	checkName(f, "org_name", r.OrgName, 2, 100, "机构名称")
	ri, selfService := roleInfo(r.Role)
	switch {
	case r.Role == "":
		f["role"] = "请选择角色"
	case !selfService || r.Role == RoleAdmin:
		f["role"] = "不支持的角色"
	}
	switch {
	case !ValidOrgType(r.OrgType):
		f["org_type"] = "请选择机构类型"
	case selfService && r.Role != RoleAdmin && !RoleFitsOrg(r.Role, r.OrgType):
		f["org_type"] = fmt.Sprintf("%s只能属于%s", ri.Label, orgTypeNames(ri.OrgTypes))
	}
	if !ValidRegion(r.Region) {
		f["region"] = "请选择有效的六位行政区划代码"
	}
	checkContact(f, r.Phone, r.Email)
	return f
}

func orgTypeNames(ts []OrgType) string {
	var names []string
	for _, t := range ts {
		for _, l := range OrgTypeLabels {
			if l.Value == string(t) {
				names = append(names, l.Label)
			}
		}
	}
	return strings.Join(names, "或")
}

// Register creates the user. Naming an organisation the market does not
// know yet creates it, pending verification, with the registrant as its
// 机构管理员. Naming a known one only asks to join: the membership is pending
// until the organisation's admin (for agencies and bureaus, a market admin)
// approves, and nothing of the organisation is inherited before that.
func (m *Market) Register(ctx context.Context, r Registration) (*User, *Organization, *Membership, error) {
	db := m.db.WithContext(ctx)
	r.normalise()
	if f := r.Validate(); len(f) > 0 {
		return nil, nil, nil, Invalid(f)
	}
	hash, err := m.Rules.Password.hash(r.Password)
	if err != nil {
		return nil, nil, nil, err
	}
	u := &User{Username: r.Username, PasswordHash: hash, Name: r.Name, Phone: r.Phone, Email: r.Email, Role: r.Role}
	var org Organization
	var ms *Membership
	err = db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("username = ?", r.Username).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrUsernameTaken
		}
		status, orgRole := MemberPending, OrgRoleMember
		err := tx.Where("name = ?", r.OrgName).First(&org).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			org = Organization{Name: r.OrgName, Type: r.OrgType, Region: r.Region, Status: OrgPending}
			if err := tx.Create(&org).Error; err != nil {
				return err
			}
			status, orgRole = MemberActive, OrgRoleAdmin
		case err != nil:
			return err
		case !RoleFitsOrg(r.Role, org.Type):
			return Invalid(map[string]string{"org_name": "该机构已登记为其他类型，与所选角色不符"})
		}
		u.OrgID = org.ID
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		ms = &Membership{UserID: u.ID, OrgID: org.ID, OrgRole: orgRole, Status: status}
		if err := tx.Create(ms).Error; err != nil {
			return err
		}
		if status == MemberPending {
			return notifyJoinRequest(tx, &org, u)
		}
		return nil
	})
	if err != nil {
		if isUniqueViolation(err) {
			return nil, nil, nil, ErrUsernameTaken
		}
		return nil, nil, nil, err
	}
	org.RegionName = RegionName(org.Region)
	return u, &org, ms, nil
}

// notifyJoinRequest tells whoever decides a join request that one waits:
// the organisation's admins, or for agencies and bureaus the market admins.
func notifyJoinRequest(tx *gorm.DB, org *Organization, u *User) error {
	q := tx.Table("memberships").Joins("JOIN users ON users.id = memberships.user_id").Where("memberships.status = ?", MemberActive)
	if MarketApprovesMembers(org.Type) {
		q = q.Joins("JOIN organizations ON organizations.id = memberships.org_id").
			Where("users.role = ? AND organizations.status = ?", RoleAdmin, OrgVerified)
	} else {
		q = q.Where("memberships.org_id = ? AND memberships.org_role = ?", org.ID, OrgRoleAdmin)
	}
	var ids []int64
	if err := q.Pluck("users.id", &ids).Error; err != nil {
		return err
	}
	for _, id := range ids {
		n := Notification{UserID: id, Kind: "membership.requested", Title: fmt.Sprintf("%s（%s）申请加入「%s」", u.Name, u.Username, org.Name),
			Link: "/org/members"}
		if MarketApprovesMembers(org.Type) {
			n.Link = "/admin/members"
		}
		if err := notify(tx, n); err != nil {
			return err
		}
	}
	return nil
}

// CreateUser is the operator's way in (`techmarket user create`): any role,
// including admin, in an organisation that is created verified if missing.
func (m *Market) CreateUser(ctx context.Context, r Registration) (*User, *Organization, error) {
	db := m.db.WithContext(ctx)
	r.normalise()
	f := r.Validate()
	if r.Role == RoleAdmin && f["role"] == "不支持的角色" {
		delete(f, "role")
		if !RoleFitsOrg(RoleAdmin, r.OrgType) {
			f["org_type"] = "管理员只能属于科技管理部门（bureau）"
		} else {
			delete(f, "org_type")
		}
	}
	if len(f) > 0 {
		return nil, nil, Invalid(f)
	}
	hash, err := m.Rules.Password.hash(r.Password)
	if err != nil {
		return nil, nil, err
	}
	u := &User{Username: r.Username, PasswordHash: hash, Name: r.Name, Phone: r.Phone, Email: r.Email, Role: r.Role}
	var org Organization
	err = db.Transaction(func(tx *gorm.DB) error {
		now := m.now().UTC()
		err := tx.Where("name = ?", r.OrgName).First(&org).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			org = Organization{Name: r.OrgName, Type: r.OrgType, Region: r.Region, Status: OrgVerified, VerifiedAt: &now}
			err = tx.Create(&org).Error
		}
		if err != nil {
			return err
		}
		if !RoleFitsOrg(r.Role, org.Type) {
			return Invalid(map[string]string{"org_name": "该机构类型与角色不符"})
		}
		u.OrgID = org.ID
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		// The operator vouches for whom they create: an active membership, the
		// organisation's admin when it has none yet.
		role := OrgRoleMember
		var admins int64
		if err := tx.Model(&Membership{}).Where("org_id = ? AND org_role = ? AND status = ?", org.ID, OrgRoleAdmin, MemberActive).Count(&admins).Error; err != nil {
			return err
		}
		if admins == 0 {
			role = OrgRoleAdmin
		}
		return tx.Create(&Membership{UserID: u.ID, OrgID: org.ID, OrgRole: role, Status: MemberActive}).Error
	})
	if isUniqueViolation(err) {
		return nil, nil, ErrUsernameTaken
	}
	return u, &org, err
}

// unique is err, or taken when err is a unique violation: what a write
// that lost to an equal row (a username, one contract per deal) means.
func unique(err, taken error) error {
	if isUniqueViolation(err) {
		return taken
	}
	return err
}

func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return errors.Is(err, gorm.ErrDuplicatedKey) || strings.Contains(s, "UNIQUE constraint") || strings.Contains(s, "SQLSTATE 23505")
}

// Authenticate checks a username and password. An unknown username costs
// the same password check as a known one and gets the same answer, so
// neither the status nor the time tells whether an account exists. Failed
// attempts are throttled by the caller (app's login throttle), never by a
// lock on the account that anyone could set off. A bcrypt hash, or an
// argon2id one of older parameters, is replaced at a successful login.
func (m *Market) Authenticate(ctx context.Context, username, password string) (*User, error) {
	db := m.db.WithContext(ctx)
	var u User
	if err := db.Where("username = ?", strings.TrimSpace(username)).Take(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			m.Rules.Password.spend(password)
			return nil, ErrBadCredentials
		}
		return nil, err
	}
	ok, stale := m.Rules.Password.check(u.PasswordHash, password)
	if !ok {
		return nil, ErrBadCredentials
	}
	if u.Disabled {
		return nil, ErrUserDisabled
	}
	if stale {
		hash, err := m.Rules.Password.hash(password)
		if err != nil {
			return nil, err
		}
		// Only if the hash is still the one checked: a password changed
		// meanwhile is not overwritten with the old one.
		if err := db.Model(&User{}).Where("id = ? AND password_hash = ?", u.ID, u.PasswordHash).
			UpdateColumn("password_hash", hash).Error; err != nil {
			return nil, err
		}
	}
	return &u, nil
}

func (m *Market) FindUser(ctx context.Context, id int64) (*User, error) {
	return findUser(m.db.WithContext(ctx), id)
}

func findUser(db *gorm.DB, id int64) (*User, error) {
	return findByID[User](db, id, ErrUserNotFound)
}

// Profile is the part of a user that the user may change.
type Profile struct {
	Name  *string `json:"name"`
	Phone *string `json:"phone"`
	Email *string `json:"email"`
}

func (m *Market) UpdateProfile(ctx context.Context, actor Actor, p Profile) (*User, error) {
	db := m.db.WithContext(ctx)
	u, err := m.FindUser(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	if p.Name != nil {
		u.Name = strings.TrimSpace(*p.Name)
	}
	if p.Phone != nil {
		u.Phone = strings.TrimSpace(*p.Phone)
	}
	if p.Email != nil {
		u.Email = strings.TrimSpace(*p.Email)
	}
	f := map[string]string{}
	checkName(f, "name", u.Name, 1, 50, "姓名")
	checkContact(f, u.Phone, u.Email)
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	return u, db.Model(u).Select("name", "phone", "email", "updated_at").Updates(u).Error
}

// ChangePassword sets a new password and ends every session of the user:
// refresh tokens are revoked and the token version bumped, so access tokens
// issued before stop at once. It returns the user under the new version,
// for the caller's fresh session.
func (m *Market) ChangePassword(ctx context.Context, actor Actor, oldPw, newPw string) (*User, error) {
	db := m.db.WithContext(ctx)
	u, err := m.FindUser(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	f := map[string]string{}
	checkPassword(f, "new_password", newPw)
	if ok, _ := m.Rules.Password.check(u.PasswordHash, oldPw); !ok {
		f["old_password"] = "原密码不正确"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	hash, err := m.Rules.Password.hash(newPw)
	if err != nil {
		return nil, err
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(u).UpdateColumn("password_hash", hash).Error; err != nil {
			return err
		}
		if err := endSessions(tx, u.ID); err != nil {
			return err
		}
		if err := tx.Take(u, u.ID).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "user.password", "user", u.ID, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// EndAllSessions is 退出所有设备: every refresh token of the user is revoked
// and every access token stops at once.
func (m *Market) EndAllSessions(ctx context.Context, actor Actor) error {
	db := m.db.WithContext(ctx)
	return db.Transaction(func(tx *gorm.DB) error {
		if err := endSessions(tx, actor.UserID); err != nil {
			return err
		}
		return Audit(tx, actor, "user.logout_all", "user", actor.UserID, nil, nil)
	})
}

func endSessions(tx *gorm.DB, userID int64) error {
	if err := revokeUserTokens(tx, userID); err != nil {
		return err
	}
	return bumpTokenVersions(tx, "id = ?", userID)
}

type UserFilter struct {
	OrgID int64
	Q     string
	Page
}

func (m *Market) ListUsers(ctx context.Context, f UserFilter) ([]User, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&User{})
	if f.OrgID > 0 {
		q = q.Where("org_id = ?", f.OrgID)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		like := "%" + escapeLike(s) + "%"
		q = q.Where("(username LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')", like, like)
	}
	return findPage[User](q, "id DESC", f.Page)
}

// SetUserDisabled lets an admin stop (or restore) an account; a disabled
// user's sessions end at once.
func (m *Market) SetUserDisabled(ctx context.Context, admin Actor, id int64, disabled bool) (*User, error) {
	db := m.db.WithContext(ctx)
	if err := admin.Require(RoleAdmin); err != nil {
		return nil, err
	}
	if disabled && id == admin.UserID {
		return nil, ErrCannotDisableSelf
	}
	var out *User
	err := db.Transaction(func(tx *gorm.DB) error {
		u, err := findUser(tx, id)
		if err != nil {
			return err
		}
		before := *u
		u.Disabled = disabled
		if err := tx.Model(u).UpdateColumn("disabled", disabled).Error; err != nil {
			return err
		}
		if disabled {
			if err := revokeUserTokens(tx, u.ID); err != nil {
				return err
			}
		}
		if err := bumpTokenVersions(tx, "id = ?", u.ID); err != nil {
			return err
		}
		out = u
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		return Audit(tx, admin, action, "user", u.ID, before, u)
	})
	return out, err
}
