package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// TurnoverRollup is registered turnover summed per day (Asia/Shanghai),
// district, agency, contract type and field. Registration adds to it in the
// same transaction, so statistics and bulletins read a few thousand rows a
// year instead of every contract.
type TurnoverRollup struct {
	Day            string `gorm:"primaryKey;size:10"` // 2006-01-02
	SellerDivision string `gorm:"primaryKey;size:6"`
	AgencyID       int64  `gorm:"primaryKey;autoIncrement:false"`
	Type           string `gorm:"primaryKey;size:20"`
	Field          string `gorm:"primaryKey;size:20"`
	Contracts      int64  `gorm:"not null"`
	ContractFen    int64  `gorm:"column:contract_fen;not null"`
	TechFen        int64  `gorm:"column:tech_fen;not null"`
}

func rollupKey(c *Contract) TurnoverRollup {
	return TurnoverRollup{Day: c.RegisteredAt.In(shanghai).Format("2006-01-02"), SellerDivision: c.SellerDivision,
		AgencyID: c.AgencyID, Type: c.Type, Field: c.Field}
}

// addToRollup counts a newly registered contract.
func addToRollup(tx *gorm.DB, c *Contract) error {
	r := rollupKey(c)
	r.Contracts, r.ContractFen, r.TechFen = 1, c.ContractFen, c.TechFen
	return tx.Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "day"}, {Name: "seller_division"}, {Name: "agency_id"}, {Name: "type"}, {Name: "field"}},
		DoUpdates: clause.Assignments(map[string]any{
			"contracts":    gorm.Expr("turnover_rollups.contracts + 1"),
			"contract_fen": gorm.Expr("turnover_rollups.contract_fen + ?", c.ContractFen),
			"tech_fen":     gorm.Expr("turnover_rollups.tech_fen + ?", c.TechFen),
		}),
	}).Create(&r).Error
}

// RollupTotals is what RebuildRollups wrote: the registered contracts it
// summed and the rollup rows they made.
type RollupTotals struct {
	Contracts int64
	Rows      int64
}

// RebuildRollups recomputes the rollup from the registered contracts; for
// data loaded outside the workflow (bulk loads, corrections by hand).
// `techmarket rollups rebuild` runs it.
func (m *Market) RebuildRollups(ctx context.Context) (RollupTotals, error) {
	db := m.db.WithContext(ctx)
	day := "strftime('%Y-%m-%d', registered_at, '+8 hours')"
	if Dialect(db) == "postgres" {
		day = "to_char(registered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
	}
	var totals RollupTotals
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM turnover_rollups").Error; err != nil {
			return err
		}
		err := tx.Exec(`INSERT INTO turnover_rollups (day, seller_division, agency_id, type, field, contracts, contract_fen, tech_fen)
			SELECT `+day+`, seller_division, agency_id, type, field, COUNT(*), SUM(`+StandingContractFen+`), SUM(`+StandingTechFen+`)
			FROM contracts `+standingJoin+` WHERE `+standingWhere+` GROUP BY 1, 2, 3, 4, 5`, standingArgs...).Error
		if err != nil {
			return err
		}
		return tx.Model(&TurnoverRollup{}).Select("COALESCE(SUM(contracts), 0) AS contracts, COUNT(*) AS rows").Scan(&totals).Error
	})
	return totals, err
}

// standing is every registered contract as it stands now: a registered
// cancellation (注销) ends it, and its amounts are those of its latest
// registered change (变更), or its own when there is none (ch.* is NULL).
// Statistics rebuilt from scratch, incentives and broker performance all
// read contracts through it, so a change or a cancellation counts the same
// everywhere. Select the amounts as StandingContractFen and StandingTechFen.
func standing(db *gorm.DB) *gorm.DB {
	return db.Model(&Contract{}).Joins(standingJoin, standingArgs[:2]...).Where(standingWhere, standingArgs[2:]...)
}

const (
	standingJoin = `LEFT JOIN amendments ch ON ch.id = (SELECT MAX(id) FROM amendments m
		WHERE m.contract_id = contracts.id AND m.kind = ? AND m.status = ?)`
	standingWhere = `contracts.status = ? AND NOT EXISTS (SELECT 1 FROM amendments x
		WHERE x.contract_id = contracts.id AND x.kind = ? AND x.status = ?)`
)

var standingArgs = []any{AmendmentChange, AmendmentRegistered, ContractRegistered, AmendmentCancel, AmendmentRegistered}

// The amounts of a contract as it stands, in a query built on standing.
const (
	StandingContractFen = "COALESCE(ch.contract_fen, contracts.contract_fen)"
	StandingTechFen     = "COALESCE(ch.tech_fen, contracts.tech_fen)"
)

// dayRange turns a time range into the rollup's day keys [from, to).
func dayRange(from, to time.Time) (string, string) {
	return from.In(shanghai).Format("2006-01-02"), to.In(shanghai).Format("2006-01-02")
}

func rolled(db *gorm.DB, from, to time.Time) *gorm.DB {
	f, t := dayRange(from, to)
	return db.Model(&TurnoverRollup{}).Where("day >= ? AND day < ?", f, t)
}
