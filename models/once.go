package models

import "gorm.io/gorm"

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
