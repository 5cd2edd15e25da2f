package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

type OrgType string

const (
	OrgUniversity OrgType = "university"
	OrgInstitute  OrgType = "institute"
	OrgEnterprise OrgType = "enterprise"
	OrgAgency     OrgType = "agency"
	OrgBrokerFirm OrgType = "broker_firm"
	OrgBureau     OrgType = "bureau"
)

var OrgTypeLabels = []Label{
	{string(OrgUniversity), "高等院校"},
	{string(OrgInstitute), "科研院所"},
	{string(OrgEnterprise), "企业"},
	{string(OrgAgency), "技术合同登记机构"},
	{string(OrgBrokerFirm), "技术转移机构"},
	{string(OrgBureau), "科技管理部门"},
}

type Label struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

type OrgStatus string

const (
	OrgPending  OrgStatus = "pending"
	OrgVerified OrgStatus = "verified"
	OrgRejected OrgStatus = "rejected"
)

// Organization is the university, institute, enterprise, agency, broker firm
// or bureau a user acts for. Only verified organisations may publish or sign.
type Organization struct {
	ID           int64      `gorm:"primaryKey" json:"id"`
	Name         string     `gorm:"size:100;not null;uniqueIndex" json:"name"`
	Type         OrgType    `gorm:"size:20;not null" json:"type"`
	Region       string     `gorm:"size:6;not null" json:"region"`
	Status       OrgStatus  `gorm:"size:20;not null;index" json:"status"`
	RejectReason string     `gorm:"size:500;not null;default:''" json:"reject_reason,omitempty"`
	VerifiedAt   *time.Time `json:"verified_at"`
	VerifiedBy   *int64     `json:"-"`
	// Verification evidence: 统一社会信用代码, legal representative and the
	// licence document (stored under its SHA-256 like contract texts).
	CreditCode              *string    `json:"credit_code,omitempty"`
	LegalRep                string     `json:"legal_rep,omitempty"`
	LicenceName             string     `json:"licence_name,omitempty"`
	LicenceType             string     `json:"licence_type,omitempty"`
	LicenceSHA256           string     `gorm:"column:licence_sha256" json:"licence_sha256,omitempty"`
	LicenceSize             int64      `json:"licence_size,omitempty"`
	VerificationRequestedAt *time.Time `json:"verification_requested_at,omitempty"`
	CreatedAt               time.Time  `json:"created_at"`
	UpdatedAt               time.Time  `json:"-"`
	RegionName              string     `gorm:"-" json:"region_name"`
	// Actions: what the caller may do with the organisation now.
	Actions []string `gorm:"-" json:"actions"`
}

func (o *Organization) AfterFind(*gorm.DB) error {
	o.RegionName = RegionName(o.Region)
	return nil
}

func (o *Organization) Verified() bool { return o.Status == OrgVerified }

// ValidOrgType: one of the kinds of organisation.
func ValidOrgType(t OrgType) bool {
	for _, l := range OrgTypeLabels {
		if l.Value == string(t) {
			return true
		}
	}
	return false
}

// FindOrg loads an organisation by id.
func (m *Market) FindOrg(ctx context.Context, id int64) (*Organization, error) {
	return findOrg(m.db.WithContext(ctx), id)
}

func findOrg(db *gorm.DB, id int64) (*Organization, error) {
	return findByID[Organization](db, id, ErrOrgNotFound)
}

type OrgFilter struct {
	Status string
	Type   string
	Q      string
	// Requested: only organisations that asked to be verified (a licence and
	// credit code sent), the market admins' queue.
	Requested bool
	Page
}

func (m *Market) ListOrgs(ctx context.Context, f OrgFilter) ([]Organization, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Organization{})
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Type != "" {
		q = q.Where("type = ?", f.Type)
	}
	if f.Requested {
		q = q.Where("verification_requested_at IS NOT NULL")
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		q = q.Where("name LIKE ? ESCAPE '\\'", "%"+escapeLike(s)+"%")
	}
	return findPage[Organization](q, "id DESC", f.Page)
}

// VerificationRequest is what an organisation's admin sends to be verified
// (实名认证); the licence document comes beside it as a stored file.
type VerificationRequest struct {
	CreditCode string `json:"credit_code,omitempty"`
	LegalRep   string `json:"legal_rep,omitempty"`
}

// Licence is an uploaded licence or registration document: its name, its
// type (told by its content) and its content.
type Licence struct {
	Name, Type string
	Data       []byte
}

// RequestVerification records the evidence and puts the organisation in the
// market admins' verification queue. Only its 机构管理员 asks, and only
// while it is not verified; a wrong credit code is a 422 naming the field,
// and no two organisations share one. The licence is stored in the database
// under its SHA-256 and counts against the organisation's storage cap
// (maxOrgBytes, zero for none) in place of the one it replaces, which goes
// from the store once nothing refers to it.
func (m *Market) RequestVerification(ctx context.Context, actor Actor, orgID int64, in VerificationRequest, licence *Licence, maxOrgBytes int64) (*Organization, error) {
	db := m.db.WithContext(ctx)
	in.CreditCode, in.LegalRep = NormaliseCreditCode(in.CreditCode), strings.TrimSpace(in.LegalRep)
	f := map[string]string{}
	if msg := CheckCreditCode(in.CreditCode); msg != "" {
		f["credit_code"] = msg
	}
	checkName(f, "legal_rep", in.LegalRep, 2, 50, "法定代表人")
	if licence == nil {
		f["file"] = "请上传营业执照或登记证书（PDF 或图片）"
	}
	var out *Organization
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := lockOrgStorage(tx, orgID); err != nil {
			return err
		}
		o, err := lockByID[Organization](tx, orgID, ErrOrgNotFound)
		if err != nil {
			return err
		}
		if !(actor.OwnOrg(o.ID) && actor.OrgAdmin) {
			if actor.OwnOrg(o.ID) {
				return ErrNotOrgAdmin.Say("只有机构管理员可以申请实名认证")
			}
			return ErrNotYourOrg
		}
		if o.Status == OrgVerified {
			return ErrAlreadyVerified
		}
		if len(f) > 0 {
			return Invalid(f)
		}
		var taken int64
		if err := tx.Model(&Organization{}).Where("credit_code = ? AND id <> ?", in.CreditCode, o.ID).Count(&taken).Error; err != nil {
			return err
		}
		if taken > 0 {
			return Invalid(map[string]string{"credit_code": "该统一社会信用代码已被其他机构使用"})
		}
		size := int64(len(licence.Data))
		if err := checkOrgStorage(tx, o.ID, size, o.LicenceSize, maxOrgBytes); err != nil {
			return err
		}
		sha, err := putBlob(tx, licence.Data, licence.Type)
		if err != nil {
			return err
		}
		before := *o
		now := m.now().UTC()
		o.CreditCode, o.LegalRep, o.Status, o.RejectReason, o.VerificationRequestedAt = &in.CreditCode, in.LegalRep, OrgPending, "", &now
		o.LicenceName, o.LicenceType, o.LicenceSHA256, o.LicenceSize = licence.Name, licence.Type, sha, size
		if err := tx.Select("credit_code", "legal_rep", "status", "reject_reason", "verification_requested_at",
			"licence_name", "licence_type", "licence_sha256", "licence_size", "updated_at").Updates(o).Error; err != nil {
			if isUniqueViolation(err) {
				return Invalid(map[string]string{"credit_code": "该统一社会信用代码已被其他机构使用"})
			}
			return err
		}
		if before.LicenceSHA256 != sha {
			if err := releaseBlobs(tx, before.LicenceSHA256); err != nil {
				return err
			}
		}
		out = o
		return Audit(tx, actor, "org.request_verification", "organization", o.ID, before, o)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OrgLicence is an organisation's licence document and its content, for
// its own members and market admins.
func (m *Market) OrgLicence(ctx context.Context, actor Actor, id int64) (*Organization, *Blob, error) {
	o, err := m.OrgFor(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if !actor.CanSeeOrgPrivate(o.ID) || o.LicenceSHA256 == "" {
		return nil, nil, ErrFileNotFound.Say("尚未上传营业执照")
	}
	b, err := blobData(m.db.WithContext(ctx), o.LicenceSHA256)
	if err != nil {
		return nil, nil, err
	}
	return o, b, nil
}

// VerifyOrg records an admin's real-name verification (实名认证) of an
// organisation, which needs its evidence first.
func (m *Market) VerifyOrg(ctx context.Context, admin Actor, id int64) (*Organization, error) {
	db := m.db.WithContext(ctx)
	return decideOrg(db, admin, id, OrgVerified, "", m.now())
}

// RejectOrg turns an organisation's verification down with a reason its users see.
func (m *Market) RejectOrg(ctx context.Context, admin Actor, id int64, reason string) (*Organization, error) {
	db := m.db.WithContext(ctx)
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, Invalid(map[string]string{"reason": "请填写驳回理由"})
	}
	if len([]rune(reason)) > 500 {
		return nil, Invalid(map[string]string{"reason": "驳回理由不能超过 500 字"})
	}
	return decideOrg(db, admin, id, OrgRejected, reason, m.now())
}

// HasEvidence: the organisation has sent what verification needs.
func (o *Organization) HasEvidence() bool {
	return o.CreditCode != nil && *o.CreditCode != "" && o.LegalRep != "" && o.LicenceSHA256 != ""
}

func decideOrg(db *gorm.DB, admin Actor, id int64, status OrgStatus, reason string, now time.Time) (*Organization, error) {
	if err := admin.RequirePower(RoleAdmin); err != nil {
		return nil, err
	}
	var out *Organization
	err := db.Transaction(func(tx *gorm.DB) error {
		o, err := lockByID[Organization](tx, id, ErrOrgNotFound)
		if err != nil {
			return err
		}
		if status == OrgVerified && !o.HasEvidence() {
			return ErrVerificationIncomplete
		}
		if o.Status == status {
			// Deciding twice (a double click, two admins) decides once:
			// one notification, one audit entry.
			return ErrAlreadyDecided.Say("该机构已是此认证状态")
		}
		before := *o
		o.Status, o.RejectReason = status, reason
		if status == OrgVerified {
			verified := now.UTC()
			o.VerifiedAt, o.VerifiedBy = &verified, &admin.UserID
		} else {
			o.VerifiedAt, o.VerifiedBy = nil, nil
		}
		if err := moved(tx.Model(o).Where("status = ?", before.Status).Select("status", "reject_reason", "verified_at", "verified_by", "updated_at").Updates(o),
			ErrAlreadyDecided.Say("该机构刚被他人审核，请刷新")); err != nil {
			return err
		}
		if err := notifyOrgAdmins(tx, o, status, reason); err != nil {
			return err
		}
		out = o
		return Audit(tx, admin, "org."+string(status), "organization", o.ID, before, o)
	})
	return out, err
}

func notifyOrgAdmins(tx *gorm.DB, o *Organization, status OrgStatus, reason string) error {
	var ids []int64
	if err := tx.Model(&Membership{}).Where("org_id = ? AND org_role = ? AND status = ?", o.ID, OrgRoleAdmin, MemberActive).Pluck("user_id", &ids).Error; err != nil {
		return err
	}
	for _, id := range ids {
		n := Notification{UserID: id, Kind: "org." + string(status), Link: "/org/members"}
		if status == OrgVerified {
			n.Title = fmt.Sprintf("「%s」已通过实名认证", o.Name)
		} else {
			n.Title = fmt.Sprintf("「%s」的实名认证未通过", o.Name)
			n.Body = "驳回理由：" + reason + "。请补充材料后重新申请。"
		}
		if err := notify(tx, n); err != nil {
			return err
		}
	}
	return nil
}

// orgActions says what the caller may do with the organisation now.
func orgActions(a Actor, o *Organization) []string {
	out := []string{}
	if a.OwnOrg(o.ID) && a.OrgAdmin && o.Status != OrgVerified {
		out = append(out, "request_verification")
	}
	if a.MayManageMembers(o) {
		out = append(out, "manage_members")
	}
	if a.Acts(RoleAdmin) {
		if o.Status != OrgVerified && o.HasEvidence() {
			out = append(out, "verify")
		}
		if o.Status != OrgRejected {
			out = append(out, "reject")
		}
	}
	return out
}

// WithActions fills in what the caller may do with each organisation of a list.
func WithActions(a Actor, orgs []Organization) {
	for i := range orgs {
		orgs[i].Actions = orgActions(a, &orgs[i])
	}
}

// Public blanks what only the organisation's members and market admins see.
func (o *Organization) Public() *Organization {
	p := &Organization{ID: o.ID, Name: o.Name, Type: o.Type, Region: o.Region, Status: o.Status, VerifiedAt: o.VerifiedAt,
		CreatedAt: o.CreatedAt, RegionName: o.RegionName, Actions: []string{}}
	return p
}

// OrgFor is an organisation as the actor may see it, with the actor's actions.
func (m *Market) OrgFor(ctx context.Context, actor Actor, id int64) (*Organization, error) {
	o, err := m.FindOrg(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.CanSeeOrgPrivate(o.ID) {
		return o.Public(), nil
	}
	o.Actions = orgActions(actor, o)
	return o, nil
}

// Me is who a logged-in user is: the account, the organisation as the user
// may see it, and the membership (a pending member sees only public facts).
type Me struct {
	User       *User         `json:"user"`
	Org        *Organization `json:"org"`
	Membership *Membership   `json:"membership"`
}

// WhoAmI reads the account, membership and organisation of a user.
func (m *Market) WhoAmI(ctx context.Context, userID int64) (*Me, error) {
	db := m.db.WithContext(ctx)
	u, err := m.FindUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	ms, err := m.MembershipOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	actor, _, err := loadActor(db, userID)
	if err != nil {
		return nil, err
	}
	o, err := m.FindOrg(ctx, ms.OrgID)
	if err != nil {
		return nil, err
	}
	if actor.Active() {
		o.Actions = orgActions(actor, o)
	} else {
		o = o.Public()
	}
	return &Me{User: u, Org: o, Membership: ms}, nil
}
