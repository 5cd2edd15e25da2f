package models

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// TargetGrowthPercent is the Fuzhou 2023 rule: a district whose last-year
// turnover was more than 1 % of its GDP grows 18 %, from 0.5 % to 1 % grows
// 25 %, under 0.5 % grows 300 %. share is turnover / GDP in percent.
func TargetGrowthPercent(share float64) int64 {
	switch {
	case share > 1:
		return 18
	case share >= 0.5:
		return 25
	}
	return 300
}

// TargetByRule applies the growth to last year's turnover, rounded to the
// 0.01 亿元 (1,000,000 元) the plans are written in.
func TargetByRule(lastYearFen int64, share float64) int64 {
	const step = 100_000_000 // fen in 0.01 亿元
	raw := lastYearFen * (100 + TargetGrowthPercent(share))
	return (raw/100 + step/2) / step * step
}

// Target is an annual target of a district (Key = division code) or an
// agency (Key = its organisation id): the rule's figure from last year's
// turnover and GDP share, and the official figure, which may be adjusted by
// hand to reach a city total.
type Target struct {
	ID          int64     `gorm:"primaryKey" json:"id"`
	Year        int       `gorm:"not null;uniqueIndex:idx_target" json:"year"`
	Kind        string    `gorm:"size:20;not null;uniqueIndex:idx_target" json:"kind"` // district | agency
	Key         string    `gorm:"column:target_key;size:20;not null;uniqueIndex:idx_target" json:"key"`
	Name        string    `gorm:"size:100;not null" json:"name"`
	LastYearFen int64     `gorm:"not null;default:0" json:"last_year_fen"`
	GDPShare    float64   `gorm:"column:gdp_share;not null;default:0" json:"gdp_share_percent"`
	RuleFen     int64     `gorm:"not null;default:0" json:"rule_fen"`
	TargetFen   int64     `gorm:"not null" json:"target_fen"`
	Note        string    `gorm:"size:500;not null;default:''" json:"note"`
	UpdatedBy   int64     `gorm:"not null" json:"updated_by"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// TargetInput sets one target; with LastYearFen and GDPShare the rule's
// figure is computed, and TargetFen 0 means "take the rule's figure".
type TargetInput struct {
	Year        int     `json:"year"`
	Kind        string  `json:"kind"`
	Key         string  `json:"key"`
	Name        string  `json:"name"`
	LastYearFen int64   `json:"last_year_fen"`
	GDPShare    float64 `json:"gdp_share_percent"`
	TargetFen   int64   `json:"target_fen"`
	Note        string  `json:"note"`
}

// SetTarget creates or adjusts a target; the audit log keeps who changed what.
func SetTarget(db *gorm.DB, actor Actor, in TargetInput) (*Target, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	f := map[string]string{}
	if in.Year < 2000 || in.Year > 2100 {
		f["year"] = "年份无效"
	}
	switch in.Kind {
	case "district":
		if !ValidRegion(in.Key) {
			f["key"] = "地区须为六位行政区划代码"
		}
	case "agency":
		var o Organization
		if err := db.First(&o, in.Key).Error; err != nil || o.Type != OrgAgency {
			f["key"] = "登记机构不存在"
		} else if in.Name == "" {
			in.Name = o.Name
		}
	default:
		f["kind"] = "类型只能是 district 或 agency"
	}
	if in.Name == "" {
		in.Name = RegionName(in.Key)
	}
	checkLen(f, "name", in.Name, 1, 100, "名称")
	checkLen(f, "note", in.Note, 0, 500, "说明")
	if in.LastYearFen < 0 || in.LastYearFen > maxFen {
		f["last_year_fen"] = "上年成交额无效"
	}
	if in.GDPShare < 0 || in.GDPShare > 100 {
		f["gdp_share_percent"] = "占 GDP 比重为 0–100（%）"
	}
	if in.TargetFen < 0 || in.TargetFen > maxFen {
		f["target_fen"] = "目标无效"
	}
	rule := int64(0)
	if in.LastYearFen > 0 {
		rule = TargetByRule(in.LastYearFen, in.GDPShare)
	}
	if in.TargetFen == 0 {
		in.TargetFen = rule
	}
	if in.TargetFen == 0 {
		f["target_fen"] = "请填写目标，或填写上年成交额与占 GDP 比重以按规则计算"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var t Target
	err := db.Transaction(func(tx *gorm.DB) error {
		err := tx.Where("year = ? AND kind = ? AND target_key = ?", in.Year, in.Kind, in.Key).First(&t).Error
		before := t
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		t.Year, t.Kind, t.Key, t.Name = in.Year, in.Kind, in.Key, in.Name
		t.LastYearFen, t.GDPShare, t.RuleFen, t.TargetFen, t.Note, t.UpdatedBy = in.LastYearFen, in.GDPShare, rule, in.TargetFen, in.Note, actor.UserID
		if err := tx.Save(&t).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "target.set", "target", t.ID, before, t)
	})
	return &t, err
}

func ListTargets(db *gorm.DB, year int, kind string) ([]Target, error) {
	q := db.Where("year = ?", year)
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	out := []Target{}
	return out, q.Order("kind, target_fen DESC").Find(&out).Error
}
