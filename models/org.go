package models

import (
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
	RejectReason string     `gorm:"size:500;not null;default:''" json:"reject_reason"`
	VerifiedAt   *time.Time `json:"verified_at"`
	VerifiedBy   *int64     `json:"-"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"-"`
	RegionName   string     `gorm:"-" json:"region_name"`
}

func (o *Organization) AfterFind(*gorm.DB) error {
	o.RegionName = RegionName(o.Region)
	return nil
}

func (o *Organization) Verified() bool { return o.Status == OrgVerified }

func validOrgType(t OrgType) bool {
	for _, l := range OrgTypeLabels {
		if l.Value == string(t) {
			return true
		}
	}
	return false
}

// FindOrg loads an organisation by id.
func FindOrg(db *gorm.DB, id int64) (*Organization, error) {
	var o Organization
	if err := db.First(&o, id).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return nil, NotFound("org_not_found", "机构不存在")
		}
		return nil, err
	}
	return &o, nil
}

type OrgFilter struct {
	Status string
	Type   string
	Q      string
	Page
}

func ListOrgs(db *gorm.DB, f OrgFilter) ([]Organization, int64, error) {
	q := db.Model(&Organization{})
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Type != "" {
		q = q.Where("type = ?", f.Type)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		q = q.Where("name LIKE ? ESCAPE '\\'", "%"+escapeLike(s)+"%")
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	orgs := []Organization{}
	err := q.Order("id DESC").Offset(f.Offset()).Limit(f.Size).Find(&orgs).Error
	return orgs, total, err
}

// VerifyOrg records an admin's real-name verification (实名认证) of an organisation.
func VerifyOrg(db *gorm.DB, admin Actor, id int64) (*Organization, error) {
	return decideOrg(db, admin, id, OrgVerified, "")
}

// RejectOrg turns an organisation's verification down with a reason its users see.
func RejectOrg(db *gorm.DB, admin Actor, id int64, reason string) (*Organization, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, Invalid(map[string]string{"reason": "请填写驳回理由"})
	}
	if len([]rune(reason)) > 500 {
		return nil, Invalid(map[string]string{"reason": "驳回理由不能超过 500 字"})
	}
	return decideOrg(db, admin, id, OrgRejected, reason)
}

func decideOrg(db *gorm.DB, admin Actor, id int64, status OrgStatus, reason string) (*Organization, error) {
	if err := admin.Require(RoleAdmin); err != nil {
		return nil, err
	}
	var out *Organization
	err := db.Transaction(func(tx *gorm.DB) error {
		o, err := FindOrg(tx, id)
		if err != nil {
			return err
		}
		before := *o
		o.Status, o.RejectReason = status, reason
		if status == OrgVerified {
			now := time.Now().UTC()
			o.VerifiedAt, o.VerifiedBy = &now, &admin.UserID
		} else {
			o.VerifiedAt, o.VerifiedBy = nil, nil
		}
		if err := tx.Save(o).Error; err != nil {
			return err
		}
		out = o
		return Audit(tx, admin, "org."+string(status), "organization", o.ID, before, o)
	})
	return out, err
}
