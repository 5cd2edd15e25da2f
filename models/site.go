package models

import (
	"context"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Site is what every page of the market says about who runs it: the name in
// the header and the title, and in the footer the 主办单位, the ICP and 公安
// 备案 numbers every Chinese website must show, and the service hotline. One
// row; a market admin sets it.
type Site struct {
	ID           int64     `gorm:"primaryKey" json:"-"`
	MarketName   string    `gorm:"size:40;not null" json:"market_name"`
	Host         string    `gorm:"size:60;not null;default:''" json:"host"`           // 主办单位
	ICP          string    `gorm:"column:icp;size:40;not null;default:''" json:"icp"` // ICP 备案号
	PoliceFiling string    `gorm:"size:40;not null;default:''" json:"police_filing"`  // 公安机关备案号
	Hotline      string    `gorm:"size:20;not null;default:''" json:"hotline"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// TableName: one row, id 1, put there by the migration.
func (Site) TableName() string { return "site_settings" }

// SiteInput sets every field of the site at once.
type SiteInput struct {
	MarketName   string `json:"market_name"`
	Host         string `json:"host"`
	ICP          string `json:"icp"`
	PoliceFiling string `json:"police_filing"`
	Hotline      string `json:"hotline"`
}

var (
	// 闽ICP备2023012345号 or 闽ICP备2023012345号-1: the province's one-character
	// name, then the number the MIIT gave.
	icpPattern = regexp.MustCompile(`^\p{Han}ICP备\d{6,12}号(-\d{1,3})?$`)
	// 闽公网安备 35010202001234号: the province, then the 14 digits the public
	// security bureau gave.
	policeFilingPattern = regexp.MustCompile(`^\p{Han}公网安备\s?\d{14}号$`)
	hotlinePattern      = regexp.MustCompile(`^[0-9][0-9-]{4,19}$`)
)

func (in *SiteInput) check() map[string]string {
	in.MarketName, in.Host = strings.TrimSpace(in.MarketName), strings.TrimSpace(in.Host)
	in.ICP, in.PoliceFiling, in.Hotline = strings.TrimSpace(in.ICP), strings.TrimSpace(in.PoliceFiling), strings.TrimSpace(in.Hotline)
	f := map[string]string{}
	checkName(f, "market_name", in.MarketName, 2, 40, "市场名称")
	checkName(f, "host", in.Host, 0, 60, "主办单位")
	if in.ICP != "" && !icpPattern.MatchString(in.ICP) {
		f["icp"] = "ICP 备案号格式应如：闽ICP备2023012345号-1"
	}
	if in.PoliceFiling != "" && !policeFilingPattern.MatchString(in.PoliceFiling) {
		f["police_filing"] = "公安备案号格式应如：闽公网安备 35010202001234号"
	}
	if in.Hotline != "" && !hotlinePattern.MatchString(in.Hotline) {
		f["hotline"] = "服务热线只能包含数字和连字符，如：0591-87654321"
	}
	return f
}

// Site is the market's own description.
func (m *Market) Site(ctx context.Context) (*Site, error) {
	var s Site
	return &s, m.db.WithContext(ctx).First(&s, 1).Error
}

// SetSite replaces the site's description (market admins); audited.
func (m *Market) SetSite(ctx context.Context, actor Actor, in SiteInput) (*Site, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	if f := in.check(); len(f) > 0 {
		return nil, Invalid(f)
	}
	var out Site
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var before Site
		if err := tx.First(&before, 1).Error; err != nil {
			return err
		}
		next := Site{ID: 1, MarketName: in.MarketName, Host: in.Host, ICP: in.ICP, PoliceFiling: in.PoliceFiling,
			Hotline: in.Hotline, UpdatedAt: m.now().UTC()}
		if err := tx.Select("*").Updates(&next).Error; err != nil {
			return err
		}
		if err := tx.First(&out, 1).Error; err != nil { // as the database keeps it
			return err
		}
		return Audit(tx, actor, "site.set", "site", 1, before, out)
	})
	return &out, err
}
