package models

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Blob is a stored file, kept in the database under the SHA-256 of its
// content: the same file uploaded twice is stored once, every serve process
// can answer it, and a backup of the database carries it. Records refer to
// a blob by its hash; blobRefs lists every column that does, so that a blob
// goes once the last of them lets go of it.
type Blob struct {
	SHA256    string    `gorm:"column:sha256;primaryKey"`
	Mime      string    `gorm:"not null"`
	Size      int64     `gorm:"not null"`
	Data      []byte    `gorm:"not null"`
	CreatedAt time.Time `gorm:"not null"`
}

// blobRefs are the columns that refer to blobs, as table and column. A
// record type that stores its files as blobs adds its columns here.
var blobRefs = [][2]string{
	{"listing_attachments", "sha256"},
	{"listing_attachments", "thumb_sha256"},
	{"contracts", "file_sha256"},
	{"proposal_files", "sha256"},
	{"organizations", "licence_sha256"},
}

// SHA256Hex is the hex SHA-256 of data: a blob's key.
func SHA256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// lockBlob serialises, until the transaction ends, the writers of one hash:
// one that stores it and one that drops it as unused cannot cross (on
// PostgreSQL an advisory lock; SQLite's immediate transaction already holds
// the write lock).
func lockBlob(tx *gorm.DB, sha string) error {
	if Dialect(tx) != "postgres" {
		return nil
	}
	b, err := hex.DecodeString(sha)
	if err != nil || len(b) < 4 {
		return errors.New("blob: bad hash " + sha)
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(7426016, ?)", int32(binary.BigEndian.Uint32(b))).Error
}

// putBlob stores data under its hash inside tx, once: an identical earlier
// file is kept and shared. It returns the hash.
func putBlob(tx *gorm.DB, data []byte, mime string) (string, error) {
	sha := SHA256Hex(data)
	if err := lockBlob(tx, sha); err != nil {
		return "", err
	}
	b := Blob{SHA256: sha, Mime: mime, Size: int64(len(data)), Data: data}
	err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "sha256"}}, DoNothing: true}).Create(&b).Error
	return sha, err
}

// releaseBlobs drops the blobs among shas that no record refers to any
// more, inside the transaction that let go of them; "" is nothing.
func releaseBlobs(tx *gorm.DB, shas ...string) error {
	for _, sha := range shas {
		if sha == "" {
			continue
		}
		if err := lockBlob(tx, sha); err != nil {
			return err
		}
		used := false
		for _, r := range blobRefs {
			var n int64
			if err := tx.Table(r[0]).Where(r[1]+" = ?", sha).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				used = true
				break
			}
		}
		if !used {
			if err := tx.Where("sha256 = ?", sha).Delete(&Blob{}).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// blobData reads a stored file's content and type.
func blobData(db *gorm.DB, sha string) (*Blob, error) {
	var b Blob
	if err := db.Where("sha256 = ?", sha).First(&b).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrFileNotFound
		}
		return nil, err
	}
	return &b, nil
}
