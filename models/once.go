package models

import (
	"fmt"

	"gorm.io/gorm"
)

// Acts that may happen once only (accept, admit, award, confirm, register,
// publish, relist, resolve …) change their row by a conditional update from
// the status they were judged on: UPDATE … WHERE id = ? AND status = ?. Of
// any number of the same act at once, on one process or many, on SQLite or
// PostgreSQL, exactly one changes the row; only that one goes on to its side
// effects (notification, outbox event, audit), and the others answer lost.
// A row lock taken for the reading serialises the acts on PostgreSQL as
// well, but the conditional update is what decides, so an act that reads
// without a lock (or a future one) cannot move the row twice.

// moveFrom moves the row of T with the id from status from, applying updates.
func moveFrom[T any](tx *gorm.DB, id int64, from any, updates map[string]any, lost *Error) error {
	return moved(tx.Model(new(T)).Where("id = ? AND status = ?", id, from).Updates(updates), lost)
}

// moved turns the result of a conditional update into lost unless it
// changed exactly one row.
func moved(res *gorm.DB, lost *Error) error {
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return lost
	}
	return nil
}

// ErrGone is what a scheduled move gets when another process (or a user)
// moved the row first: nothing to do.

// sweep is a scheduled run: it moves each row whose id due plucks, each in a
// transaction of its own, and counts the rows it moved. A row another
// process moved first (move answers ErrGone) is passed over; any other
// error ends the run, saying what it was doing to which row.
func sweep(db, due *gorm.DB, what string, move func(tx *gorm.DB, id int64) error) (int, error) {
	var ids []int64
	if err := due.Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := db.Transaction(func(tx *gorm.DB) error { return move(tx, id) })
		switch {
		case err == ErrGone:
		case err != nil:
			return n, fmt.Errorf("%s %d: %w", what, id, err)
		default:
			n++
		}
	}
	return n, nil
}
