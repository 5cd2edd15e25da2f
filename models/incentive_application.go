package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// IncentiveStatus is where an application for an award stands:
// submitted -> noticed (approved, on public notice) -> paid, or
// submitted -> rejected. A rejected organisation may apply again.
type IncentiveStatus string

const (
	IncentiveSubmitted IncentiveStatus = "submitted"
	IncentiveNoticed   IncentiveStatus = "noticed"
	IncentivePaid      IncentiveStatus = "paid"
	IncentiveRejected  IncentiveStatus = "rejected"
)

// IncentiveStatuses are every status, in the order of the workflow.
var IncentiveStatuses = []IncentiveStatus{IncentiveSubmitted, IncentiveNoticed, IncentivePaid, IncentiveRejected}

// IncentiveAction is a market admin's step on an application.
type IncentiveAction string

const (
	IActApprove IncentiveAction = "approve" // submitted -> noticed, with the approved amount
	IActReject  IncentiveAction = "reject"  // submitted -> rejected, with the reason
	IActPay     IncentiveAction = "pay"     // noticed -> paid, once the notice has ended
)

// IncentiveActions lists every action on an application, in the order pages show them.
var IncentiveActions = []IncentiveAction{IActApprove, IActReject, IActPay}

var incentiveMoves = map[IncentiveStatus]map[IncentiveAction]IncentiveStatus{
	IncentiveSubmitted: {IActApprove: IncentiveNoticed, IActReject: IncentiveRejected},
	IncentiveNoticed:   {IActPay: IncentivePaid},
}

// IncentiveStatusNames are the statuses as people read them.
var IncentiveStatusNames = map[IncentiveStatus]string{IncentiveSubmitted: "待审核", IncentiveNoticed: "公示中",
	IncentivePaid: "已拨付", IncentiveRejected: "未通过"}

var incentiveActionNames = map[IncentiveAction]string{IActApprove: "审核通过", IActReject: "不予通过", IActPay: "登记拨付"}

// NextIncentiveStatus is the application workflow.
func NextIncentiveStatus(from IncentiveStatus, act IncentiveAction) (IncentiveStatus, error) {
	if to, ok := incentiveMoves[from][act]; ok {
		return to, nil
	}
	return from, ErrBadTransition.Sayf("申请当前状态（%s）不能执行“%s”", IncentiveStatusNames[from], incentiveActionNames[act])
}

// checkIncentiveAct is the rule of who moves an application now: a market
// admin, by the workflow, and payment only once the public notice has ended
// without the award being withdrawn.
func checkIncentiveAct(actor Actor, a *IncentiveApplication, act IncentiveAction, now time.Time) error {
	if _, err := NextIncentiveStatus(a.Status, act); err != nil {
		return err
	}
	// The market operator decides, as it sets the rules (CreateIncentiveRule).
	if !actor.Acts(RoleAdmin) {
		return ErrForbidden
	}
	if act == IActPay && a.NoticeUntil != nil && now.Before(*a.NoticeUntil) {
		return ErrBadTransition.Sayf("公示期至 %s，期满后方可登记拨付", a.NoticeUntil.In(shanghai).Format("2006-01-02 15:04"))
	}
	return nil
}

// incentiveActions says what the actor may do with the application now, from checkIncentiveAct.
func incentiveActions(actor Actor, a *IncentiveApplication, now time.Time) []string {
	out := []string{}
	for _, act := range IncentiveActions {
		if checkIncentiveAct(actor, a, act, now) == nil {
			out = append(out, string(act))
		}
	}
	return out
}

// IncentiveApplication is an organisation's application for its award under
// a rule for a year. The amount applied for is what the server computed when
// it was filed; the admin approves that amount or less.
type IncentiveApplication struct {
	ID            int64           `gorm:"primaryKey" json:"id"`
	RuleID        int64           `gorm:"not null" json:"rule_id"`
	OrgID         int64           `gorm:"not null" json:"org_id"`
	Year          int             `gorm:"not null" json:"year"`
	AmountFen     int64           `gorm:"not null" json:"amount_fen"` // computed when filed
	Contracts     int             `gorm:"not null" json:"contracts"`
	Status        IncentiveStatus `gorm:"size:20;not null" json:"status"`
	ApprovedFen   int64           `gorm:"not null;default:0" json:"approved_fen"`
	ReviewComment string          `gorm:"type:text;not null;default:''" json:"review_comment"`
	ReviewedBy    *int64          `json:"-"`
	ReviewedAt    *time.Time      `json:"reviewed_at"`
	NoticeFrom    *time.Time      `json:"notice_from"`
	NoticeUntil   *time.Time      `json:"notice_until"`
	PaidFen       int64           `gorm:"not null;default:0" json:"paid_fen"`
	PaidOn        *time.Time      `json:"paid_on"`
	VoucherNo     string          `gorm:"size:50;not null;default:''" json:"voucher_no"`
	PaidBy        *int64          `json:"-"`
	PaidAt        *time.Time      `json:"paid_at"`
	CreatedBy     int64           `gorm:"not null" json:"-"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	// Names, for the queue and the notice.
	Rule    string `gorm:"-" json:"rule"`
	OrgName string `gorm:"-" json:"org"`
	// Actions is what the caller may do with the application now (IncentiveActions).
	Actions []string `gorm:"-" json:"actions"`
}

type IncentiveApplicationInput struct {
	RuleID int64 `json:"rule_id"`
	Year   int   `json:"year"`
}

// IncentiveReview is the admin's decision: approve with an amount (at most
// the amount applied for), or reject with a reason.
type IncentiveReview struct {
	Approve   bool   `json:"approve"`
	AmountFen int64  `json:"amount_fen"`
	Comment   string `json:"comment"`
}

// IncentivePayment records the award paid out.
type IncentivePayment struct {
	PaidOn    string `json:"paid_on"` // 2006-01-02
	AmountFen int64  `json:"amount_fen"`
	VoucherNo string `json:"voucher_no"`
}

func checkYear(f map[string]string, year int) {
	if year < 2000 || year > 2100 {
		f["year"] = "年份无效"
	}
}

// ApplyForIncentive: an organisation's 机构管理员 applies for the award the
// server computes for it under the rule and year.
func (m *Market) ApplyForIncentive(ctx context.Context, actor Actor, in IncentiveApplicationInput) (*IncentiveApplication, error) {
	db := m.db.WithContext(ctx)
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	if !actor.OrgAdmin {
		return nil, ErrNotOrgAdmin
	}
	f := map[string]string{}
	checkYear(f, in.Year)
	if f["year"] == "" && in.Year > m.now().In(shanghai).Year() {
		f["year"] = "只能申请已开始的年度"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var a IncentiveApplication
	err := db.Transaction(func(tx *gorm.DB) error {
		r, err := findIncentiveRule(tx, in.RuleID)
		if err != nil {
			return err
		}
		award, err := awardOf(tx, r.ID, actor.OrgID, in.Year)
		if err != nil {
			return err
		}
		if award.AmountFen == 0 {
			return Invalid(map[string]string{"rule_id": fmt.Sprintf("本机构 %d 年在该政策下没有可申请的奖补", in.Year)})
		}
		a = IncentiveApplication{RuleID: r.ID, OrgID: actor.OrgID, Year: in.Year, AmountFen: award.AmountFen, Contracts: award.Contracts,
			Status: IncentiveSubmitted, CreatedBy: actor.UserID}
		// One open or granted application per organisation, rule and year,
		// however many of its people press at once (a partial unique index).
		if err := unique(tx.Create(&a).Error, ErrIncentiveApplied); err != nil {
			return err
		}
		if err := Audit(tx, actor, "incentive.apply", "incentive_application", a.ID, nil, a); err != nil {
			return err
		}
		return nameIncentiveApplications(tx, []*IncentiveApplication{&a})
	})
	if err != nil {
		return nil, err
	}
	a.Actions = incentiveActions(actor, &a, m.now())
	return &a, nil
}

// awardOf is the organisation's award under the rule in the year.
func awardOf(db *gorm.DB, ruleID, orgID int64, year int) (Award, error) {
	awards, err := incentiveAwards(db, year)
	if err != nil {
		return Award{}, err
	}
	for _, a := range awards {
		if a.RuleID == ruleID && a.OrgID == orgID {
			return a, nil
		}
	}
	return Award{RuleID: ruleID, OrgID: orgID}, nil
}

// actOnIncentive is the story of every admin step: lock the application,
// check the step, decide, save it once (a conditional update on the status
// it was in), audit, and tell the applicant.
func (m *Market) actOnIncentive(ctx context.Context, actor Actor, id int64, act IncentiveAction, decide func(tx *gorm.DB, a *IncentiveApplication) (map[string]any, error)) (*IncentiveApplication, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	var a IncentiveApplication
	err := db.Transaction(func(tx *gorm.DB) error {
		row, err := lockByID[IncentiveApplication](tx, id, ErrIncentiveApplicationNotFound)
		if err != nil {
			return err
		}
		a = *row
		if err := checkIncentiveAct(actor, &a, act, now); err != nil {
			return err
		}
		from := a.Status
		a.Status, _ = NextIncentiveStatus(a.Status, act)
		updates, err := decide(tx, &a)
		if err != nil {
			return err
		}
		updates["status"], updates["updated_at"] = a.Status, now.UTC()
		if err := moveFrom[IncentiveApplication](tx, a.ID, from, updates, ErrBadTransition.Say("该申请已处理")); err != nil {
			return err
		}
		if err := Audit(tx, actor, "incentive."+string(act), "incentive_application", a.ID, nil, a); err != nil {
			return err
		}
		if err := nameIncentiveApplications(tx, []*IncentiveApplication{&a}); err != nil {
			return err
		}
		return notify(tx, Notification{UserID: a.CreatedBy, Kind: "incentive." + string(act),
			Title: fmt.Sprintf("奖补申请（%s，%d 年）%s", a.Rule, a.Year, incentiveNotes[act]), Link: "/workspace"})
	})
	if err != nil {
		return nil, err
	}
	a.Actions = incentiveActions(actor, &a, now)
	return &a, nil
}

var incentiveNotes = map[IncentiveAction]string{IActApprove: "已审核通过，进入公示", IActReject: "未通过审核", IActPay: "已拨付"}

// ReviewIncentive: a market admin approves an application with an amount (at
// most the amount applied for), which puts it on public notice for the
// market's IncentiveNoticeDays working days, or rejects it with a reason.
func (m *Market) ReviewIncentive(ctx context.Context, actor Actor, id int64, in IncentiveReview) (*IncentiveApplication, error) {
	in.Comment = strings.TrimSpace(in.Comment)
	f := map[string]string{}
	act := IActReject
	if in.Approve {
		act = IActApprove
		checkFen(f, "amount_fen", in.AmountFen, false, "核定金额")
		checkName(f, "comment", in.Comment, 0, 500, "审核意见")
	} else {
		checkName(f, "comment", in.Comment, 2, 500, "不予通过的理由")
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	cal, err := m.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return m.actOnIncentive(ctx, actor, id, act, func(tx *gorm.DB, a *IncentiveApplication) (map[string]any, error) {
		now := m.now().UTC()
		a.ReviewComment, a.ReviewedBy, a.ReviewedAt = in.Comment, &actor.UserID, &now
		u := map[string]any{"review_comment": in.Comment, "reviewed_by": actor.UserID, "reviewed_at": now}
		if act == IActApprove {
			if in.AmountFen > a.AmountFen {
				return nil, Invalid(map[string]string{"amount_fen": fmt.Sprintf("核定金额不能超过申请金额（%s）", yuan(a.AmountFen))})
			}
			// The award follows the contracts as they stand now: one
			// cancelled or changed since the application lowers it.
			current, err := awardOf(tx, a.RuleID, a.OrgID, a.Year)
			if err != nil {
				return nil, err
			}
			if in.AmountFen > current.AmountFen {
				return nil, Invalid(map[string]string{"amount_fen": fmt.Sprintf("申请后合同登记有变更或注销，按现状测算为 %s，核定金额不能超过它", yuan(current.AmountFen))})
			}
			until := cal.AddWorkingDays(now, m.Rules.IncentiveNoticeDays)
			a.ApprovedFen, a.NoticeFrom, a.NoticeUntil = in.AmountFen, &now, &until
			u["approved_fen"], u["notice_from"], u["notice_until"] = in.AmountFen, now, until
		}
		return u, nil
	})
}

// PayIncentive: a market admin records the payment of an award whose notice
// has ended: the day, the amount (at most the approved one) and the voucher.
func (m *Market) PayIncentive(ctx context.Context, actor Actor, id int64, in IncentivePayment) (*IncentiveApplication, error) {
	in.VoucherNo = strings.TrimSpace(in.VoucherNo)
	f := map[string]string{}
	paidOn := parseDay(f, "paid_on", in.PaidOn)
	if f["paid_on"] == "" && paidOn.After(m.now()) {
		f["paid_on"] = "拨付日期不能晚于今天"
	}
	checkFen(f, "amount_fen", in.AmountFen, false, "拨付金额")
	checkName(f, "voucher_no", in.VoucherNo, 2, 50, "凭证号")
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	return m.actOnIncentive(ctx, actor, id, IActPay, func(_ *gorm.DB, a *IncentiveApplication) (map[string]any, error) {
		if in.AmountFen > a.ApprovedFen {
			return nil, Invalid(map[string]string{"amount_fen": fmt.Sprintf("拨付金额不能超过核定金额（%s）", yuan(a.ApprovedFen))})
		}
		if a.NoticeFrom != nil && paidOn.Before(startOfDay(*a.NoticeFrom)) {
			return nil, Invalid(map[string]string{"paid_on": "拨付日期不能早于审核通过之日"})
		}
		now := m.now().UTC()
		a.PaidFen, a.PaidOn, a.VoucherNo, a.PaidBy, a.PaidAt = in.AmountFen, &paidOn, in.VoucherNo, &actor.UserID, &now
		return map[string]any{"paid_fen": in.AmountFen, "paid_on": paidOn, "voucher_no": in.VoucherNo, "paid_by": actor.UserID, "paid_at": now}, nil
	})
}

// startOfDay is the start of t's day in Asia/Shanghai.
func startOfDay(t time.Time) time.Time {
	l := t.In(shanghai)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, shanghai).UTC()
}

// nameIncentiveApplications fills in the rule's and the organisation's names.
func nameIncentiveApplications(db *gorm.DB, apps []*IncentiveApplication) error {
	if len(apps) == 0 {
		return nil
	}
	ids := make([]int64, len(apps))
	for i, a := range apps {
		ids[i] = a.ID
	}
	var rows []struct {
		ID      int64
		Rule    string
		OrgName string
	}
	if err := db.Table("incentive_applications a").Joins("JOIN incentive_rules r ON r.id = a.rule_id").
		Joins("JOIN organizations o ON o.id = a.org_id").Select("a.id, r.name AS rule, o.name AS org_name").
		Where("a.id IN ?", ids).Scan(&rows).Error; err != nil {
		return err
	}
	names := map[int64][2]string{}
	for _, r := range rows {
		names[r.ID] = [2]string{r.Rule, r.OrgName}
	}
	for _, a := range apps {
		a.Rule, a.OrgName = names[a.ID][0], names[a.ID][1]
	}
	return nil
}

// named fills in the names of the rules and organisations, and the actions
// the actor may take now.
func named(db *gorm.DB, actor Actor, now time.Time, apps []IncentiveApplication) error {
	ptrs := make([]*IncentiveApplication, len(apps))
	for i := range apps {
		ptrs[i] = &apps[i]
		apps[i].Actions = incentiveActions(actor, &apps[i], now)
	}
	return nameIncentiveApplications(db, ptrs)
}

// IncentiveApplicationFilter narrows the admin's queue.
type IncentiveApplicationFilter struct {
	Year   int             // 0: every year
	Status IncentiveStatus // "": every status
}

// IncentiveApplications is the admin's queue, oldest waiting first.
func (m *Market) IncentiveApplications(ctx context.Context, actor Actor, filter IncentiveApplicationFilter, p Page) ([]IncentiveApplication, int64, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, 0, err
	}
	f := map[string]string{}
	if filter.Year != 0 {
		checkYear(f, filter.Year)
	}
	if filter.Status != "" && !oneOf(string(filter.Status), statusStrings(IncentiveStatuses)) {
		f["status"] = "状态只能是 submitted、noticed、paid 或 rejected"
	}
	if len(f) > 0 {
		return nil, 0, Invalid(f)
	}
	q := db.Model(&IncentiveApplication{})
	if filter.Year != 0 {
		q = q.Where("year = ?", filter.Year)
	}
	if filter.Status != "" {
		q = q.Where("status = ?", filter.Status)
	}
	out, total, err := findPage[IncentiveApplication](q, "id", p)
	if err != nil {
		return nil, 0, err
	}
	return out, total, named(db, actor, m.now(), out)
}

func statusStrings[S ~string](l []S) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = string(s)
	}
	return out
}

// MyIncentives is an organisation's side: its awards for the year under every
// rule, and its applications.
type MyIncentives struct {
	Year         int                    `json:"year"`
	Awards       []Award                `json:"awards"`
	Applications []IncentiveApplication `json:"applications"`
	// CanApply: the caller is the organisation's 机构管理员, who applies.
	CanApply bool `json:"can_apply"`
}

func (m *Market) MyIncentives(ctx context.Context, actor Actor, year int) (*MyIncentives, error) {
	db := m.db.WithContext(ctx)
	if err := actor.RequireMember(); err != nil {
		return nil, err
	}
	f := map[string]string{}
	if checkYear(f, year); len(f) > 0 {
		return nil, Invalid(f)
	}
	awards, err := incentiveAwards(db, year)
	if err != nil {
		return nil, err
	}
	out := &MyIncentives{Year: year, Awards: []Award{}, Applications: []IncentiveApplication{}, CanApply: actor.OrgAdmin && actor.OrgVerified}
	for _, a := range awards {
		if a.OrgID == actor.OrgID {
			out.Awards = append(out.Awards, a)
		}
	}
	if err := db.Where("org_id = ? AND year = ?", actor.OrgID, year).Order("id").Find(&out.Applications).Error; err != nil {
		return nil, err
	}
	return out, named(db, actor, m.now(), out.Applications)
}

// IncentiveNotice is an approved award as the public notice shows it.
type IncentiveNotice struct {
	ID          int64     `json:"id"`
	Rule        string    `json:"rule"`
	OrgName     string    `json:"org"`
	Year        int       `json:"year"`
	ApprovedFen int64     `json:"approved_fen"`
	Contracts   int       `json:"contracts"`
	NoticeFrom  time.Time `json:"notice_from"`
	NoticeUntil time.Time `json:"notice_until"`
	// Open: the notice period has not ended (公示中; otherwise 公示期满).
	Open bool `json:"open"`
}

// IncentiveNotices is the public notice of approved awards, latest first.
func (m *Market) IncentiveNotices(ctx context.Context, p Page) ([]IncentiveNotice, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Table("incentive_applications a").Joins("JOIN incentive_rules r ON r.id = a.rule_id").
		Joins("JOIN organizations o ON o.id = a.org_id").
		Select("a.id, r.name AS rule, o.name AS org_name, a.year, a.approved_fen, a.contracts, a.notice_from, a.notice_until").
		Where("a.status IN ?", []IncentiveStatus{IncentiveNoticed, IncentivePaid})
	out, total, err := findPage[IncentiveNotice](q, "a.notice_from DESC, a.id DESC", p)
	now := m.now()
	for i := range out {
		out[i].Open = now.Before(out[i].NoticeUntil)
	}
	return out, total, err
}
