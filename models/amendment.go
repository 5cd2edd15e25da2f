package models

import (
	"context"
	"errors"

	"strings"
	"time"

	"gorm.io/gorm"
)

// AmendmentKind says what an amendment registers.
type AmendmentKind string

const (
	AmendmentChange AmendmentKind = "change" // 变更登记: new amounts
	AmendmentCancel AmendmentKind = "cancel" // 注销登记: the contract ends
)

// AmendmentStatus is where an application for a change or cancellation stands:
// submitted -> registered | rejected, decided by the contract's agency.
type AmendmentStatus string

const (
	AmendmentSubmitted  AmendmentStatus = "submitted"
	AmendmentRegistered AmendmentStatus = "registered"
	AmendmentRejected   AmendmentStatus = "rejected"
)

// AmendmentAction is the agency's decision on an amendment. Filing one is
// the contract's action (CActAmend).
type AmendmentAction string

const (
	AActRegister AmendmentAction = "register" // reviewer: submitted -> registered
	AActReject   AmendmentAction = "reject"   // reviewer: submitted -> rejected
)

// AmendmentActions lists every action on an amendment, in the order pages show them.
var AmendmentActions = []AmendmentAction{AActRegister, AActReject}

var amendmentMoves = map[AmendmentStatus]map[AmendmentAction]AmendmentStatus{
	AmendmentSubmitted: {AActRegister: AmendmentRegistered, AActReject: AmendmentRejected},
}

// NextAmendmentStatus is the amendment workflow: submitted -> registered | rejected.
func NextAmendmentStatus(from AmendmentStatus, act AmendmentAction) (AmendmentStatus, error) {
	if to, ok := amendmentMoves[from][act]; ok {
		return to, nil
	}
	if from != AmendmentSubmitted {
		return from, ErrBadTransition.Sayf("该申请已%s", amendmentStatusNames[from])
	}
	return from, ErrBadTransition.Sayf("申请当前状态（%s）不能执行“%s”", amendmentStatusNames[from], act)
}

var amendmentStatusNames = map[AmendmentStatus]string{AmendmentSubmitted: "待审查", AmendmentRegistered: "登记", AmendmentRejected: "驳回"}

// checkAmendmentAct is the rule of who decides an amendment now: a reviewer
// of the contract's agency, while it waits.
func checkAmendmentAct(actor Actor, c *Contract, a *Amendment, act AmendmentAction) error {
	if _, err := NextAmendmentStatus(a.Status, act); err != nil {
		return err
	}
	if !actor.reviewerOf(c) {
		return ErrNotYourAgency
	}
	return nil
}

// amendmentActions says what the actor may do with the amendment now, from checkAmendmentAct.
func amendmentActions(actor Actor, c *Contract, a *Amendment) []string {
	return permitted(AmendmentActions, func(act AmendmentAction) error { return checkAmendmentAct(actor, c, a, act) })
}

// Amendment is a change (变更) or cancellation (注销) registration of a
// registered contract. The contract itself never changes; statistics follow
// the registered amendments.
type Amendment struct {
	ID            int64           `gorm:"primaryKey" json:"id"`
	ContractID    int64           `gorm:"not null;index" json:"contract_id"`
	Kind          AmendmentKind   `gorm:"size:10;not null" json:"kind"`
	Reason        string          `gorm:"type:text;not null" json:"reason"`
	ContractFen   int64           `gorm:"column:contract_fen;not null;default:0" json:"contract_amount_fen"`
	TechFen       int64           `gorm:"column:tech_fen;not null;default:0" json:"tech_amount_fen"`
	Status        AmendmentStatus `gorm:"size:20;not null" json:"status"`
	ReviewComment string          `gorm:"type:text;not null;default:''" json:"review_comment"`
	ReviewedBy    *int64          `json:"reviewed_by"`
	ReviewedAt    *time.Time      `json:"reviewed_at"`
	CreatedBy     int64           `gorm:"not null" json:"-"`
	CreatedAt     time.Time       `json:"created_at"`
	// Who applied and who reviewed, by name, for the timeline and the queue.
	CreatedByName  string `gorm:"-" json:"created_by_name"`
	ReviewedByName string `gorm:"-" json:"reviewed_by_name"`
	// Actions is what the caller may do with the amendment now (AmendmentActions).
	Actions []string `gorm:"-" json:"actions"`
}

type AmendmentInput struct {
	Kind        AmendmentKind `json:"kind"`
	Reason      string        `json:"reason"`
	ContractFen int64         `json:"contract_amount_fen"`
	TechFen     int64         `json:"tech_amount_fen"`
}

// FileAmendment: the seller applies to change or cancel a registered contract.
func (m *Market) FileAmendment(ctx context.Context, actor Actor, contractID int64, in AmendmentInput) (*Amendment, error) {
	db := m.db.WithContext(ctx)
	in.Reason = strings.TrimSpace(in.Reason)
	f := map[string]string{}
	checkLen(f, "reason", in.Reason, 4, 2000, "变更或注销原因")
	switch in.Kind {
	case AmendmentCancel:
		in.ContractFen, in.TechFen = 0, 0
	case AmendmentChange:
		contractOK := checkFen(f, "contract_amount_fen", in.ContractFen, false, "变更后的合同金额")
		if checkFen(f, "tech_amount_fen", in.TechFen, false, "变更后的技术交易额") && contractOK && in.TechFen > in.ContractFen {
			f["tech_amount_fen"] = "技术交易额不能高于合同金额"
		}
	default:
		f["kind"] = "类型只能是 change（变更）或 cancel（注销）"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var a *Amendment
	err := db.Transaction(func(tx *gorm.DB) error {
		c, err := contractFor(tx, actor, contractID, actor.sellerOf, ErrNotSeller.Say("由卖方申请变更或注销登记"))
		if err != nil {
			return err
		}
		facts, err := amendmentFacts(tx, []*Contract{c})
		if err != nil {
			return err
		}
		if err := checkContractAct(actor.sideOf(c), c, CActAmend, facts[c.ID]); err != nil {
			return err
		}
		a = &Amendment{ContractID: c.ID, Kind: in.Kind, Reason: in.Reason, ContractFen: in.ContractFen, TechFen: in.TechFen, Status: AmendmentSubmitted, CreatedBy: actor.UserID}
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		if err := Audit(tx, actor, "contract.amendment."+string(in.Kind), "contract", c.ID, nil, a); err != nil {
			return err
		}
		a.Actions = amendmentActions(actor, c, a)
		return nil
	})
	return a, err
}

// ReviewAmendment: the contract's agency registers or rejects the amendment.
// A registered one moves the statistics: a cancellation takes the contract's
// effective amounts out, a change replaces them.
func (m *Market) ReviewAmendment(ctx context.Context, actor Actor, id int64, act AmendmentAction, comment string) (*Amendment, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	if err := actor.Require(RoleReviewer); err != nil {
		return nil, err
	}
	var a Amendment
	err := db.Transaction(func(tx *gorm.DB) error {
		row, err := lockByID[Amendment](tx, id, ErrAmendmentNotFound)
		if err != nil {
			return err
		}
		a = *row
		c, err := lockContract(tx, a.ContractID)
		if err != nil {
			return err
		}
		if !actor.reviewerOf(c) {
			return ErrAmendmentNotFound
		}
		if err := checkAmendmentAct(actor, c, &a, act); err != nil {
			return err
		}
		next, _ := NextAmendmentStatus(a.Status, act)
		a.Status, a.ReviewComment, a.ReviewedBy, a.ReviewedAt = next, strings.TrimSpace(comment), &actor.UserID, &now
		if next == AmendmentRegistered {
			contractFen, techFen, err := effectiveAmounts(tx, c)
			if err != nil {
				return err
			}
			if err := adjustRollup(tx, c, a.ContractFen-contractFen, a.TechFen-techFen, map[AmendmentKind]int64{AmendmentCancel: -1}[a.Kind]); err != nil {
				return err
			}
		}
		// Registered (and counted in the statistics) once, whoever else of the
		// agency reviews it at the same moment.
		if err := moveFrom[Amendment](tx, a.ID, AmendmentSubmitted, map[string]any{"status": a.Status, "review_comment": a.ReviewComment,
			"reviewed_by": actor.UserID, "reviewed_at": now}, ErrBadTransition.Say("该申请已处理")); err != nil {
			return err
		}
		if err := Audit(tx, actor, "contract.amendment."+string(a.Status), "contract", c.ID, nil, a); err != nil {
			return err
		}
		a.Actions = amendmentActions(actor, c, &a)
		return nil
	})
	return &a, err
}

// effectiveAmounts are the contract's amounts after its registered changes.
func effectiveAmounts(tx *gorm.DB, c *Contract) (int64, int64, error) {
	var last Amendment
	err := tx.Where("contract_id = ? AND kind = ? AND status = ?", c.ID, AmendmentChange, AmendmentRegistered).Order("id DESC").First(&last).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c.ContractFen, c.TechFen, nil
	}
	return last.ContractFen, last.TechFen, err
}

// adjustRollup moves the contract's rollup row by the deltas.
func adjustRollup(tx *gorm.DB, c *Contract, contractDelta, techDelta, countDelta int64) error {
	k := rollupKey(c)
	return tx.Model(&TurnoverRollup{}).
		Where("day = ? AND seller_division = ? AND agency_id = ? AND type = ? AND field = ?", k.Day, k.SellerDivision, k.AgencyID, k.Type, k.Field).
		Updates(map[string]any{
			"contracts":    gorm.Expr("contracts + ?", countDelta),
			"contract_fen": gorm.Expr("contract_fen + ?", contractDelta),
			"tech_fen":     gorm.Expr("tech_fen + ?", techDelta),
		}).Error
}

// ListAmendments shows a contract's amendments to whoever may see the contract.
func (m *Market) ListAmendments(ctx context.Context, actor Actor, contractID int64) ([]Amendment, error) {
	db := m.db.WithContext(ctx)
	c, err := m.GetContract(ctx, actor, contractID)
	if err != nil {
		return nil, err
	}
	out := []Amendment{}
	if err := db.Where("contract_id = ?", contractID).Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Actions = amendmentActions(actor, c, &out[i])
	}
	return out, nameAmendments(db, out)
}

func nameAmendments(db *gorm.DB, as []Amendment) error {
	var ids []int64
	for _, a := range as {
		ids = append(ids, a.CreatedBy)
		if a.ReviewedBy != nil {
			ids = append(ids, *a.ReviewedBy)
		}
	}
	people, err := people(db, ids)
	for i, a := range as {
		as[i].CreatedByName = people[a.CreatedBy].Name
		if a.ReviewedBy != nil {
			as[i].ReviewedByName = people[*a.ReviewedBy].Name
		}
	}
	return err
}

// QueuedAmendment is an amendment as the agency's desk lists it, with its contract.
type QueuedAmendment struct {
	Amendment
	ContractTitle  string  `json:"contract_title"`
	RegistrationNo *string `json:"registration_no"`
	SellerName     string  `json:"seller_name"`
	// The amounts registered before this amendment, to compare a change with.
	ContractFenBefore int64 `json:"contract_amount_fen_before"`
	TechFenBefore     int64 `json:"tech_amount_fen_before"`
}

// AmendmentQueue lists the change and cancellation applications of the
// reviewer's agency (admins: of every agency), oldest first, by status
// ("submitted" for the pending queue, "" for all).
func (m *Market) AmendmentQueue(ctx context.Context, actor Actor, status AmendmentStatus, p Page) ([]QueuedAmendment, int64, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleReviewer, RoleAdmin); err != nil {
		return nil, 0, err
	}
	switch status {
	case "", AmendmentSubmitted, AmendmentRegistered, AmendmentRejected:
	default:
		return nil, 0, Invalid(map[string]string{"status": "状态只能是 submitted、registered 或 rejected"})
	}
	q := db.Model(&Amendment{}).Joins("JOIN contracts ON contracts.id = amendments.contract_id")
	if actor.Acts(RoleReviewer) {
		q = q.Where("contracts.agency_id = ?", actor.OrgID)
	}
	if status != "" {
		q = q.Where("amendments.status = ?", status)
	}
	as, total, err := scanPage[Amendment](q, "amendments.*", "amendments.id", p)
	if err != nil {
		return nil, 0, err
	}
	if err := nameAmendments(db, as); err != nil {
		return nil, 0, err
	}
	out := make([]QueuedAmendment, len(as))
	for i, a := range as {
		var c Contract
		if err := db.First(&c, a.ContractID).Error; err != nil {
			return nil, 0, err
		}
		a.Actions = amendmentActions(actor, &c, &a)
		out[i] = QueuedAmendment{Amendment: a, ContractTitle: c.Title, RegistrationNo: c.RegistrationNo, SellerName: c.SellerName,
			ContractFenBefore: c.ContractFen, TechFenBefore: c.TechFen}
		var prior Amendment
		err := db.Where("contract_id = ? AND kind = ? AND status = ? AND id < ?", c.ID, AmendmentChange, AmendmentRegistered, a.ID).Order("id DESC").First(&prior).Error
		if err == nil {
			out[i].ContractFenBefore, out[i].TechFenBefore = prior.ContractFen, prior.TechFen
		}
	}
	return out, total, nil
}
