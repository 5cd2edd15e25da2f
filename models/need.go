package models

import "time"

// Need is an enterprise's technical need (技术需求).
type Need struct {
	Listing          `gorm:"embedded"`
	BudgetMinFen     int64      `gorm:"not null;default:0" json:"budget_min_fen"`
	BudgetMaxFen     int64      `gorm:"not null;default:0" json:"budget_max_fen"`
	BudgetNegotiable bool       `gorm:"not null" json:"budget_negotiable"`
	Deadline         *time.Time `json:"deadline"`
}

func (*Need) Kind() string            { return "need" }
func (n *Need) base() *Listing        { return &n.Listing }
func (n *Need) expiresAt() *time.Time { return n.Deadline }
func (*Need) ownerRoles() []Role      { return []Role{RoleDemander, RoleAdmin} }

func (n *Need) check(f map[string]string) {
	checkListing(f, &n.Listing)
	if n.BudgetNegotiable {
		if n.BudgetMinFen != 0 || n.BudgetMaxFen != 0 {
			f["budget_max_fen"] = "预算面议时不填金额"
		}
		return
	}
	if n.BudgetMaxFen == 0 {
		f["budget_max_fen"] = "请填写预算上限（单位：分）或选择面议"
	}
	minOK := checkFen(f, "budget_min_fen", n.BudgetMinFen, true, "预算下限")
	if checkFen(f, "budget_max_fen", n.BudgetMaxFen, false, "预算上限") && minOK && n.BudgetMinFen > n.BudgetMaxFen {
		f["budget_min_fen"] = "预算下限不能高于上限"
	}
}
