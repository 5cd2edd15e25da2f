package models

import (
	"context"
	"errors"
	"strconv"
	"strings"
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
	// lastYearFen ≤ MaxFen times at most 400 stays far below int64.
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
	Measure     string    `gorm:"-" json:"measure"`   // PENDING(plans): a column
	FromYear    int       `gorm:"-" json:"from_year"` // PENDING(plans): a column
	// UpdatedByName is who last set or adjusted it, for the targets page.
	UpdatedByName string `gorm:"-" json:"updated_by_name"`
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
func (m *Market) SetTarget(ctx context.Context, actor Actor, in TargetInput) (*Target, error) {
	return setTarget(m.db.WithContext(ctx), actor, in)
}

func setTarget(db *gorm.DB, actor Actor, in TargetInput) (*Target, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	rule, f := checkTarget(db, &in)
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var t *Target
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		t, _, err = saveTarget(tx, actor, in, rule, "target.set")
		return err
	})
	return t, err
}

// checkTarget validates one target, fills the default name, and returns the
// rule's figure; TargetFen 0 becomes the rule's figure.
func checkTarget(db *gorm.DB, in *TargetInput) (int64, map[string]string) {
	f := map[string]string{}
	in.Key, in.Name, in.Note = strings.TrimSpace(in.Key), strings.TrimSpace(in.Name), strings.TrimSpace(in.Note)
	if in.Year < 2000 || in.Year > 2100 {
		f["year"] = "年份无效"
	}
	switch in.Kind {
	case "district":
		if !ValidRegion(in.Key) {
			f["key"] = "地区须为六位行政区划代码"
		} else if in.Name == "" {
			in.Name = RegionName(in.Key)
		}
	case "agency":
		var o Organization
		id, err := strconv.ParseInt(in.Key, 10, 64)
		if err != nil || id < 1 || db.First(&o, id).Error != nil || o.Type != OrgAgency {
			f["key"] = "登记机构不存在"
		} else if in.Name == "" {
			in.Name = o.Name
		}
	default:
		f["kind"] = "类型只能是 district（地区）或 agency（登记机构）"
	}
	if f["key"] == "" && f["kind"] == "" {
		checkName(f, "name", in.Name, 1, 100, "名称")
	}
	checkLen(f, "note", in.Note, 0, 500, "说明")
	checkFen(f, "last_year_fen", in.LastYearFen, true, "上年成交额")
	if in.GDPShare < 0 || in.GDPShare > 100 {
		f["gdp_share_percent"] = "占 GDP 比重为 0–100（%）"
	}
	checkFen(f, "target_fen", in.TargetFen, true, "目标")
	rule := int64(0)
	if in.LastYearFen > 0 && f["last_year_fen"] == "" && f["gdp_share_percent"] == "" {
		rule = TargetByRule(in.LastYearFen, in.GDPShare)
	}
	if in.TargetFen == 0 {
		in.TargetFen = rule
	}
	if in.TargetFen == 0 && f["target_fen"] == "" {
		f["target_fen"] = "请填写目标，或填写上年成交额与占 GDP 比重以按规则计算"
	}
	return rule, f
}

// saveTarget upserts a checked target by (year, kind, key) and audits the
// change under action; an identical target is left alone and not audited.
func saveTarget(tx *gorm.DB, actor Actor, in TargetInput, rule int64, action string) (*Target, bool, error) {
	var t Target
	err := tx.Where("year = ? AND kind = ? AND target_key = ?", in.Year, in.Kind, in.Key).First(&t).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, false, err
	}
	before := t
	if t.ID != 0 && t.Name == in.Name && t.LastYearFen == in.LastYearFen && t.GDPShare == in.GDPShare &&
		t.RuleFen == rule && t.TargetFen == in.TargetFen && t.Note == in.Note {
		return &t, false, nil
	}
	t.Year, t.Kind, t.Key, t.Name = in.Year, in.Kind, in.Key, in.Name
	t.LastYearFen, t.GDPShare, t.RuleFen, t.TargetFen, t.Note, t.UpdatedBy = in.LastYearFen, in.GDPShare, rule, in.TargetFen, in.Note, actor.UserID
	if err := tx.Save(&t).Error; err != nil {
		return nil, false, err
	}
	var prior any
	if before.ID != 0 {
		prior = before
	}
	return &t, true, Audit(tx, actor, action, "target", t.ID, prior, t)
}

func (m *Market) ListTargets(ctx context.Context, year int, kind string) ([]Target, error) {
	db := m.db.WithContext(ctx)
	q := db.Where("year = ?", year)
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	out := []Target{}
	if err := q.Order("kind, target_fen DESC").Find(&out).Error; err != nil {
		return nil, err
	}
	ids := make([]int64, len(out))
	for i, t := range out {
		ids[i] = t.UpdatedBy
	}
	people, err := m.People(ctx, ids)
	for i := range out {
		out[i].UpdatedByName = people[out[i].UpdatedBy].Name
	}
	return out, err
}

// TargetHistory is every setting, adjustment and import of one target, newest first, with who did it.
func (m *Market) TargetHistory(ctx context.Context, id int64) ([]AuditLog, error) {
	db := m.db.WithContext(ctx)
	var t Target
	if err := db.First(&t, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrTargetNotFound
		}
		return nil, err
	}
	out := []AuditLog{}
	if err := db.Where("entity = ? AND entity_id = ?", "target", id).Order("id DESC").Find(&out).Error; err != nil {
		return nil, err
	}
	return out, namedAudit(db, out)
}
