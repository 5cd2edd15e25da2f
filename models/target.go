package models

import (
	"context"
	"errors"
	"fmt"
	"math"
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

// Target is a target of a district (Key = division code, or a zone's code)
// or an agency (Key = its organisation id), set by a plan: for the year, or
// cumulative from FromYear to Year (偃师's 5 亿 by 2025 from 2023). A
// district's annual target carries the rule's figure from last year's
// turnover and GDP share beside the official figure, which may be adjusted
// by hand to reach a city total; an agency's has no rule figure, only last
// year's target and turnover beside this year's.
type Target struct {
	ID                int64         `gorm:"primaryKey" json:"id"`
	PlanID            int64         `gorm:"not null" json:"plan_id"`
	FromYear          int           `gorm:"not null" json:"from_year"`
	Year              int           `gorm:"not null" json:"year"`
	Kind              string        `gorm:"size:20;not null" json:"kind"` // district | agency
	Key               string        `gorm:"column:target_key;size:20;not null" json:"key"`
	Name              string        `gorm:"size:100;not null" json:"name"`
	Measure           TargetMeasure `gorm:"size:20;not null" json:"measure"`
	LastYearFen       int64         `gorm:"not null;default:0" json:"last_year_fen"`
	LastYearTargetFen int64         `gorm:"not null;default:0" json:"last_year_target_fen"`
	GDPFen            int64         `gorm:"column:gdp_fen;not null;default:0" json:"gdp_fen"`
	GDPShare          float64       `gorm:"column:gdp_share;not null;default:0" json:"gdp_share_percent"`
	RuleFen           int64         `gorm:"not null;default:0" json:"rule_fen"`
	TargetFen         int64         `gorm:"not null" json:"target_fen"`
	Note              string        `gorm:"size:500;not null;default:''" json:"note"`
	UpdatedBy         int64         `gorm:"not null" json:"updated_by"`
	UpdatedAt         time.Time     `json:"updated_at"`
	// PlanName and UpdatedByName are for the targets page: the plan that
	// sets it, and who last set or adjusted it.
	PlanName      string `gorm:"-" json:"plan_name"`
	UpdatedByName string `gorm:"-" json:"updated_by_name"`
}

// MaxGDPFen bounds a region's GDP: 1,000 万亿元, some eight times China's.
// A city's GDP in fen passes MaxFen, the bound of a market's amounts.
const MaxGDPFen = 100_000_000_000_000_000

// TargetInput sets one target. PlanID 0 is the one plan covering the year
// (a year no plan covers gets one), Measure "" the plan's, FromYear 0 the
// year. With GDPFen the share of GDP is computed from LastYearFen, else
// GDPShare is taken as given; with both a district's annual target gets
// the rule's figure, and TargetFen 0 means "take the rule's figure".
type TargetInput struct {
	PlanID            int64         `json:"plan_id"`
	FromYear          int           `json:"from_year"`
	Year              int           `json:"year"`
	Kind              string        `json:"kind"`
	Key               string        `json:"key"`
	Name              string        `json:"name"`
	Measure           TargetMeasure `json:"measure"`
	LastYearFen       int64         `json:"last_year_fen"`
	LastYearTargetFen int64         `json:"last_year_target_fen"`
	GDPFen            int64         `json:"gdp_fen"`
	GDPShare          float64       `json:"gdp_share_percent"`
	TargetFen         int64         `json:"target_fen"`
	Note              string        `json:"note"`
}

// SetTarget creates or adjusts a target; the audit log keeps who changed what.
func (m *Market) SetTarget(ctx context.Context, actor Actor, in TargetInput) (*Target, error) {
	return setTarget(m.db.WithContext(ctx), actor, in, m.now())
}

func setTarget(db *gorm.DB, actor Actor, in TargetInput, now time.Time) (*Target, error) {
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	var t *Target
	err := db.Transaction(func(tx *gorm.DB) error {
		f := map[string]string{}
		plan, msg, err := planFor(tx, actor, in.PlanID, in.Year, now)
		if err != nil {
			return err
		}
		if msg != "" {
			f["plan_id"] = msg
		}
		rule := checkTarget(tx, plan, &in, f)
		if len(f) > 0 {
			return Invalid(f)
		}
		t, _, err = saveTarget(tx, actor, in, rule, "target.set")
		return err
	})
	return t, err
}

// checkTarget validates one target of plan (nil when none could be found:
// the plan's own checks are left out), records what is wrong in f, fills
// the defaults (name, measure, from_year, the share from GDP) and returns
// the rule's figure; TargetFen 0 becomes the rule's figure.
func checkTarget(db *gorm.DB, plan *TargetPlan, in *TargetInput, f map[string]string) int64 {
	in.Key, in.Name, in.Note = strings.TrimSpace(in.Key), strings.TrimSpace(in.Name), strings.TrimSpace(in.Note)
	if in.FromYear == 0 {
		in.FromYear = in.Year
	}
	switch {
	case !validYear(in.Year):
		f["year"] = "年份无效"
	case plan != nil && (in.Year < plan.FromYear || in.Year > plan.ToYear):
		f["year"] = fmt.Sprintf("年份须在计划的 %d–%d 年之内", plan.FromYear, plan.ToYear)
	case in.FromYear > in.Year:
		f["from_year"] = "累计起始年份不能晚于目标年份"
	case plan != nil && in.FromYear < plan.FromYear:
		f["from_year"] = fmt.Sprintf("累计起始年份不能早于计划起始的 %d 年", plan.FromYear)
	}
	if plan != nil {
		in.PlanID = plan.ID
		if in.Measure == "" {
			in.Measure = plan.Measure
		}
	}
	if !validMeasure(in.Measure) {
		f["measure"] = "口径只能是 contract（成交额）或 tech（技术交易额）"
	}
	switch in.Kind {
	case "district":
		if !targetRegion(db, in.Key) {
			f["key"] = "地区须为六位行政区划代码，或已登记的园区代码"
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
		if in.GDPFen != 0 || in.GDPShare != 0 {
			f["gdp_share_percent"] = "登记机构的目标不按 GDP 比重测算"
		}
	default:
		f["kind"] = "类型只能是 district（地区）或 agency（登记机构）"
	}
	if f["key"] == "" && f["kind"] == "" {
		checkName(f, "name", in.Name, 1, 100, "名称")
	}
	checkLen(f, "note", in.Note, 0, 500, "说明")
	checkFen(f, "last_year_fen", in.LastYearFen, true, "上年成交额")
	checkFen(f, "last_year_target_fen", in.LastYearTargetFen, true, "上年目标")
	switch {
	case in.GDPFen < 0 || in.GDPFen > MaxGDPFen:
		f["gdp_fen"] = "GDP 须为 0 至 1000 万亿元（单位：分）"
	case in.GDPFen > 0:
		in.GDPShare = float64(in.LastYearFen) * 100 / float64(in.GDPFen)
	}
	if in.GDPShare < 0 || in.GDPShare > 100 || math.IsNaN(in.GDPShare) {
		f["gdp_share_percent"] = "占 GDP 比重为 0–100（%）"
	}
	checkFen(f, "target_fen", in.TargetFen, true, "目标")
	rule := int64(0)
	// The rule grows one district's year on its last: an agency's target and
	// a target over several years have no rule figure.
	if in.Kind == "district" && in.FromYear == in.Year && in.LastYearFen > 0 && f["last_year_fen"] == "" && f["gdp_share_percent"] == "" && f["gdp_fen"] == "" {
		rule = TargetByRule(in.LastYearFen, in.GDPShare)
	}
	if in.TargetFen == 0 {
		in.TargetFen = rule
	}
	if in.TargetFen == 0 && f["target_fen"] == "" {
		if in.Kind == "district" && in.FromYear == in.Year {
			f["target_fen"] = "请填写目标，或填写上年成交额与占 GDP 比重以按规则计算"
		} else {
			f["target_fen"] = "请填写目标"
		}
	}
	return rule
}

// sameTarget finds a target by what identifies it within its plan.
func sameTarget(tx *gorm.DB, in TargetInput) *gorm.DB {
	return tx.Where("plan_id = ? AND from_year = ? AND year = ? AND kind = ? AND target_key = ?", in.PlanID, in.FromYear, in.Year, in.Kind, in.Key)
}

// saveTarget upserts a checked target by plan, years, kind and key and
// audits the change under action; an identical target is left alone and
// not audited.
func saveTarget(tx *gorm.DB, actor Actor, in TargetInput, rule int64, action string) (*Target, bool, error) {
	var t Target
	err := sameTarget(tx, in).First(&t).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, false, err
	}
	before := t
	next := Target{ID: t.ID, PlanID: in.PlanID, FromYear: in.FromYear, Year: in.Year, Kind: in.Kind, Key: in.Key, Name: in.Name,
		Measure: in.Measure, LastYearFen: in.LastYearFen, LastYearTargetFen: in.LastYearTargetFen, GDPFen: in.GDPFen,
		GDPShare: in.GDPShare, RuleFen: rule, TargetFen: in.TargetFen, Note: in.Note, UpdatedBy: t.UpdatedBy, UpdatedAt: t.UpdatedAt}
	if t.ID != 0 && next == t {
		return &t, false, nil
	}
	next.UpdatedBy = actor.UserID
	if err := tx.Save(&next).Error; err != nil {
		return nil, false, err
	}
	var prior any
	if before.ID != 0 {
		prior = before
	}
	return &next, true, Audit(tx, actor, action, "target", next.ID, prior, next)
}

// TargetFilter picks targets: those whose years cover Year, of a kind and
// a plan when given, and of a region: the region itself and what lies in it
// (its districts and zones, the agencies located there).
type TargetFilter struct {
	Year   int
	Kind   string
	PlanID int64
	Region string
}

// TargetsFor is every target whose years cover year (from_year ≤ year ≤
// year: an annual target of the year, or a cumulative one running through
// it), with its measure, span and plan: what the bulletins compare with.
func (m *Market) TargetsFor(ctx context.Context, year int) ([]Target, error) {
	return m.ListTargets(ctx, TargetFilter{Year: year})
}

func (m *Market) ListTargets(ctx context.Context, tf TargetFilter) ([]Target, error) {
	db := m.db.WithContext(ctx)
	q := db.Where("from_year <= ? AND year >= ?", tf.Year, tf.Year)
	if tf.Kind != "" {
		q = q.Where("kind = ?", tf.Kind)
	}
	if tf.PlanID != 0 {
		q = q.Where("plan_id = ?", tf.PlanID)
	}
	out := []Target{}
	if err := q.Order("plan_id, kind, target_fen DESC, id").Find(&out).Error; err != nil {
		return nil, err
	}
	if tf.Region != "" {
		var err error
		if out, err = targetsIn(db, out, tf.Region); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, len(out))
	var planIDs []int64
	for i, t := range out {
		ids[i] = t.UpdatedBy
		if i == 0 || t.PlanID != out[i-1].PlanID { // ordered by plan
			planIDs = append(planIDs, t.PlanID)
		}
	}
	var plans []TargetPlan
	if len(planIDs) > 0 {
		if err := db.Where("id IN ?", planIDs).Find(&plans).Error; err != nil {
			return nil, err
		}
	}
	planName := map[int64]string{}
	for _, p := range plans {
		planName[p.ID] = p.Name
	}
	people, err := m.People(ctx, ids)
	for i := range out {
		out[i].UpdatedByName = people[out[i].UpdatedBy].Name
		out[i].PlanName = planName[out[i].PlanID]
	}
	return out, err
}

// TargetHistory is every setting, adjustment and import of one target, newest first, with who did it.
func (m *Market) TargetHistory(ctx context.Context, id int64) ([]AuditLog, error) {
	db := m.db.WithContext(ctx)
	if _, err := findByID[Target](db, id, ErrTargetNotFound); err != nil {
		return nil, err
	}
	out := []AuditLog{}
	if err := db.Where("entity = ? AND entity_id = ?", "target", id).Order("id DESC").Find(&out).Error; err != nil {
		return nil, err
	}
	return out, namedAudit(db, out)
}

// targetsIn keeps the targets of a region: those of the region itself and
// of the regions that lie in it, and those of the agencies located in it.
func targetsIn(db *gorm.DB, ts []Target, region string) ([]Target, error) {
	outer, err := findRegion(db, region)
	if err != nil {
		return nil, err
	}
	in := unitOf(outer).holds // a division of the region
	var agencies []Organization
	if err := db.Select("id, region").Where("type = ?", OrgAgency).Find(&agencies).Error; err != nil {
		return nil, err
	}
	agencyIn := map[string]bool{}
	for _, a := range agencies {
		agencyIn[strconv.FormatInt(a.ID, 10)] = in(a.Region)
	}
	out := []Target{}
	for _, t := range ts {
		keep := agencyIn[t.Key]
		if t.Kind != "agency" {
			r, err := findRegion(db, t.Key)
			keep = err == nil && (r.Code == outer.Code || r.within(outer.Code) || outer.Level == RegionZone && in(r.Code))
		}
		if keep {
			out = append(out, t)
		}
	}
	return out, nil
}
