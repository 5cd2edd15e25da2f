package models

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// TargetMeasure is what a target counts: 成交额 (the contracts' whole
// amount) or 技术交易额 (the technology transaction amount within it).
// Fuzhou's plans set 成交额; the national statistics report both.
type TargetMeasure string

const (
	MeasureContract TargetMeasure = "contract"
	MeasureTech     TargetMeasure = "tech"
)

// MeasureNames names each measure as the plans print it.
var MeasureNames = map[TargetMeasure]string{MeasureContract: "成交额", MeasureTech: "技术交易额"}

func validMeasure(m TargetMeasure) bool { _, ok := MeasureNames[m]; return ok }

// TargetPlan is the document that sets targets: a 行动方案 or 工作要点 of
// a region's government or science bureau, for one year or several.
type TargetPlan struct {
	ID       int64  `gorm:"primaryKey" json:"id"`
	Name     string `gorm:"size:200;not null" json:"name"`
	FromYear int    `gorm:"not null" json:"from_year"`
	ToYear   int    `gorm:"not null" json:"to_year"`
	// Source is the document's 文号 or where it was published.
	Source string `gorm:"size:500;not null;default:''" json:"source"`
	// Region is the issuing region (350100 for 福州市); '' for the yearly
	// plans that migration 00029 made of the targets set before plans.
	Region     string        `gorm:"size:12;not null;default:''" json:"region"`
	RegionName string        `gorm:"-" json:"region_name"`
	Measure    TargetMeasure `gorm:"size:20;not null" json:"measure"`
	CreatedBy  int64         `gorm:"not null" json:"created_by"`
	UpdatedBy  int64         `gorm:"not null" json:"updated_by"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

func (p *TargetPlan) AfterFind(*gorm.DB) error {
	p.RegionName = RegionName(p.Region)
	return nil
}

// TargetPlanInput creates or changes a plan; Measure is the default of its targets.
type TargetPlanInput struct {
	Name     string        `json:"name"`
	FromYear int           `json:"from_year"`
	ToYear   int           `json:"to_year"`
	Source   string        `json:"source"`
	Region   string        `json:"region"`
	Measure  TargetMeasure `json:"measure"`
}

// ListTargetPlans is every plan, the latest years first.
func (m *Market) ListTargetPlans(ctx context.Context) ([]TargetPlan, error) {
	out := []TargetPlan{}
	return out, m.db.WithContext(ctx).Order("to_year DESC, from_year DESC, id").Find(&out).Error
}

// CreateTargetPlan records a plan (market admins); the audit log keeps who did.
func (m *Market) CreateTargetPlan(ctx context.Context, actor Actor, in TargetPlanInput) (*TargetPlan, error) {
	return createTargetPlan(m.db.WithContext(ctx), actor, in, m.now())
}

func createTargetPlan(db *gorm.DB, actor Actor, in TargetPlanInput, now time.Time) (*TargetPlan, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	var p TargetPlan
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := checkTargetPlan(tx, &in, 0); err != nil {
			return err
		}
		p = TargetPlan{Name: in.Name, FromYear: in.FromYear, ToYear: in.ToYear, Source: in.Source, Region: in.Region,
			Measure: in.Measure, CreatedBy: actor.UserID, UpdatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
		if err := unique(tx.Create(&p).Error, samePlanName); err != nil {
			return err
		}
		p.RegionName = RegionName(p.Region)
		return Audit(tx, actor, "target_plan.create", "target_plan", p.ID, nil, p)
	})
	return &p, err
}

var samePlanName = Invalid(map[string]string{"name": "已有同名的计划"})

// UpdateTargetPlan changes a plan. Its years must still hold every target
// it sets; a new default measure applies to targets set from now on, the
// ones set keep theirs.
func (m *Market) UpdateTargetPlan(ctx context.Context, actor Actor, id int64, in TargetPlanInput) (*TargetPlan, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	now := m.now()
	var p TargetPlan
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockByID[TargetPlan](tx, id, ErrTargetPlanNotFound)
		if err != nil {
			return err
		}
		p = *row
		if err := checkTargetPlan(tx, &in, id); err != nil {
			return err
		}
		before := p
		p.Name, p.FromYear, p.ToYear, p.Source, p.Region, p.Measure = in.Name, in.FromYear, in.ToYear, in.Source, in.Region, in.Measure
		p.UpdatedBy, p.UpdatedAt = actor.UserID, now
		if err := unique(tx.Save(&p).Error, samePlanName); err != nil {
			return err
		}
		p.RegionName = RegionName(p.Region)
		return Audit(tx, actor, "target_plan.update", "target_plan", p.ID, before, p)
	})
	return &p, err
}

// checkTargetPlan validates a plan (id 0: a new one) and trims its text.
func checkTargetPlan(tx *gorm.DB, in *TargetPlanInput, id int64) error {
	f := map[string]string{}
	in.Name, in.Source, in.Region = strings.TrimSpace(in.Name), strings.TrimSpace(in.Source), strings.TrimSpace(in.Region)
	checkName(f, "name", in.Name, 2, 200, "计划名称")
	checkLen(f, "source", in.Source, 0, 500, "文号或出处")
	if !validYear(in.FromYear) {
		f["from_year"] = "起始年份无效"
	}
	if !validYear(in.ToYear) {
		f["to_year"] = "截止年份无效"
	} else if f["from_year"] == "" && in.ToYear < in.FromYear {
		f["to_year"] = "截止年份不能早于起始年份"
	} else if f["from_year"] == "" && in.ToYear-in.FromYear > 10 {
		f["to_year"] = "一个计划最多跨 10 年"
	}
	if !targetRegion(tx, in.Region) {
		f["region"] = "发布地区须为六位行政区划代码，或已登记的园区代码"
	}
	if in.Measure == "" {
		in.Measure = MeasureContract
	}
	if !validMeasure(in.Measure) {
		f["measure"] = "口径只能是 contract（成交额）或 tech（技术交易额）"
	}
	if id != 0 && f["from_year"] == "" && f["to_year"] == "" {
		var outside int64
		err := tx.Model(&Target{}).Where("plan_id = ? AND (from_year < ? OR year > ?)", id, in.FromYear, in.ToYear).Count(&outside).Error
		if err != nil {
			return err
		}
		if outside > 0 {
			f["from_year"] = "计划中已有这些年份以外的目标，年份范围须包含它们"
		}
	}
	if len(f) > 0 {
		return Invalid(f)
	}
	return nil
}

func validYear(y int) bool { return y >= 2000 && y <= 2100 }

// targetRegion accepts a six-digit division code, or the code of a zone
// the market has added as a region unit.
func targetRegion(db *gorm.DB, code string) bool {
	if ValidRegion(code) {
		return true
	}
	_, err := findRegion(db, code)
	return err == nil
}

// planFor is the plan a target goes into: the one named, or, when none is
// named, the one plan covering the year. A year no plan covers gets a plan
// of its own, as migration 00029 made for the targets set before plans: no
// issuing region or document yet. msg says why there is none.
func planFor(tx *gorm.DB, actor Actor, id int64, year int, now time.Time) (p *TargetPlan, msg string, err error) {
	p = &TargetPlan{}
	if id != 0 {
		if err := tx.First(p, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil, "计划不存在", nil
			}
			return nil, "", err
		}
		return p, "", nil
	}
	var covering []TargetPlan
	if err := tx.Where("from_year <= ? AND to_year >= ?", year, year).Limit(2).Find(&covering).Error; err != nil {
		return nil, "", err
	}
	switch len(covering) {
	case 1:
		return &covering[0], "", nil
	case 2:
		return nil, "该年度有多个计划，请选择目标所属的计划", nil
	}
	*p = TargetPlan{Name: strconv.Itoa(year) + " 年度目标", FromYear: year, ToYear: year, Measure: MeasureContract,
		CreatedBy: actor.UserID, UpdatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	if err := tx.Create(p).Error; err != nil {
		return nil, "", err
	}
	return p, "", Audit(tx, actor, "target_plan.create", "target_plan", p.ID, nil, p)
}
