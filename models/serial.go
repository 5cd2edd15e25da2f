package models

import (
	"context"
	"database/sql"
	"sync"

	"gorm.io/gorm"
)

// serialPool hands out SQLite write transactions one at a time inside the
// process. SQLite admits one writer anyway; queueing writers here, instead
// of in SQLite's busy handler (which sleeps up to 100 ms between retries),
// keeps the wait to the length of the transactions ahead. Other processes on
// the same file (import, a second serve) still meet busy_timeout.
type serialPool struct {
	*sql.DB
	turn chan struct{}
}

func serialise(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	p := &serialPool{DB: sqlDB, turn: make(chan struct{}, 1)}
	db.ConnPool, db.Statement.ConnPool = p, p
	return nil
}

func (p *serialPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		<-p.turn
		return nil, err
	}
	return &serialTx{Tx: tx, db: p.DB, release: func() { <-p.turn }}, nil
}

func (p *serialPool) GetDBConn() (*sql.DB, error) { return p.DB, nil }

type serialTx struct {
	*sql.Tx
	db      *sql.DB
	once    sync.Once
	release func()
}

func (t *serialTx) Commit() error {
	defer t.once.Do(t.release)
	return t.Tx.Commit()
}

func (t *serialTx) Rollback() error {
	defer t.once.Do(t.release)
	return t.Tx.Rollback()
}

func (t *serialTx) GetDBConn() (*sql.DB, error) { return t.db, nil }
