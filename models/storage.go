package models

import (
	"fmt"

	"gorm.io/gorm"
)

// orgStorageUsed is how many bytes of files an organisation keeps in the
// database: the texts of the contracts it sells, its
// proposals' files, its listings' attachments and its licence, as their rows
// record them.
func orgStorageUsed(db *gorm.DB, orgID int64) (int64, error) {
	var used int64
	err := db.Raw(`SELECT CAST(
		COALESCE((SELECT SUM(file_size) FROM contracts WHERE seller_org_id = ?), 0) +
		COALESCE((SELECT SUM(f.size) FROM proposal_files f JOIN proposals p ON p.id = f.proposal_id WHERE p.org_id = ?), 0) +
		COALESCE((SELECT SUM(size) FROM listing_attachments WHERE org_id = ?), 0) +
		COALESCE((SELECT licence_size FROM organizations WHERE id = ?), 0) AS BIGINT)`, orgID, orgID, orgID, orgID).Scan(&used).Error
	return used, err
}

// checkOrgStorage tells whether the organisation may store adding bytes in
// place of freeing bytes (the file the upload replaces) without passing
// maxBytes; zero maxBytes is no cap. The refusal says how much is used.
func checkOrgStorage(db *gorm.DB, orgID, adding, freeing, maxBytes int64) error {
	if maxBytes <= 0 {
		return nil
	}
	used, err := orgStorageUsed(db, orgID)
	if err != nil {
		return err
	}
	if used-freeing+adding <= maxBytes {
		return nil
	}
	return ErrOrgStorageFull.WithFields(map[string]string{"file": "超出本机构的存储上限"}).
		Sayf("本机构上传文件已占用 %s（上限 %s），再存入这份 %s 的文件将超出上限；请先删除或替换不再需要的文件",
			megabytes(used), megabytes(maxBytes), megabytes(adding))
}

// lockOrgStorage serialises the uploads of one organisation until the
// transaction ends, so that two at once cannot both pass the cap. It is an
// advisory lock on PostgreSQL rather than a lock of the organisation's row,
// which would also hold every insert that references the organisation; on
// SQLite the immediate transaction already holds the write lock. Take it
// before any row lock of the organisation.
func lockOrgStorage(tx *gorm.DB, orgID int64) error {
	if Dialect(tx) != "postgres" {
		return nil
	}
	// Two keys: the first names the lock's purpose; ids past 2³¹ share keys,
	// which only serialises more.
	return tx.Exec("SELECT pg_advisory_xact_lock(7426015, ?)", int32(orgID&0x7fffffff)).Error
}

// reserveOrgStorage checks the cap again inside the transaction that records
// an upload, under the organisation's storage lock.
func reserveOrgStorage(tx *gorm.DB, orgID, adding, freeing, maxBytes int64) error {
	if maxBytes <= 0 {
		return nil
	}
	if err := lockOrgStorage(tx, orgID); err != nil {
		return err
	}
	return checkOrgStorage(tx, orgID, adding, freeing, maxBytes)
}

func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
