package models

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// SnapshotSQLite writes a consistent copy of the SQLite database db to path,
// which must not exist, while other connections go on writing: VACUUM INTO
// reads inside one read transaction, so the copy holds exactly the
// transactions committed before it began.
func SnapshotSQLite(ctx context.Context, db *gorm.DB, path string) error {
	if Dialect(db) != "sqlite" {
		return errors.New("只有内置 SQLite 数据库可以这样备份")
	}
	return db.WithContext(ctx).Exec("VACUUM INTO ?", path).Error
}

// sqliteHeader opens every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// CheckSQLiteFile opens the SQLite database file at path read-only, checks
// its structure (PRAGMA quick_check) and returns its schema version (the
// last migration goose applied, 0 for none).
func CheckSQLiteFile(ctx context.Context, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return 0, errors.New("不是 SQLite 数据库文件")
	}
	db, err := gorm.Open(sqlite.Open("file:"+path+"?mode=ro"), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return 0, err
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	var check string
	if err := db.WithContext(ctx).Raw("PRAGMA quick_check").Scan(&check).Error; err != nil {
		return 0, fmt.Errorf("数据库检查失败: %w", err)
	}
	if check != "ok" {
		return 0, fmt.Errorf("数据库检查失败: %s", check)
	}
	var version *int64
	err = db.WithContext(ctx).Raw("SELECT MAX(version_id) FROM goose_db_version WHERE is_applied").Scan(&version).Error
	if err != nil {
		return 0, fmt.Errorf("读取数据库结构版本失败: %w", err)
	}
	if version == nil {
		return 0, nil
	}
	return *version, nil
}
