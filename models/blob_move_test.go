package models_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// Files that versions before migration 00035 kept in the data directory
// move into the database when a process starts: a licence a record names
// is stored and leaves the disk; a file no record names, or whose content
// does not match its name, stays; a record whose file is nowhere is
// counted. Running it again changes nothing.
func TestFilesOnDiskMoveIntoTheStore(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		ctx := t.Context()
		m := modeltest.NewMarket(db)
		org := func(username, name string) int64 {
			u, _, err := m.CreateUser(ctx, models.Registration{Username: username, Password: "Pass-word-2026", Name: "张三",
				Role: models.RoleDemander, OrgName: name, OrgType: models.OrgEnterprise, Region: "350102"})
			if err != nil {
				t.Fatal(err)
			}
			return u.OrgID
		}
		kept, lost := org("kept", "福州甲科技有限公司"), org("lost", "福州乙科技有限公司")
		licence := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{'l'}, 300)...)
		sha := models.SHA256Hex(licence)
		gone := models.SHA256Hex([]byte("%PDF- nowhere"))
		for id, s := range map[int64]string{kept: sha, lost: gone} {
			if err := db.Model(&models.Organization{}).Where("id = ?", id).
				Updates(map[string]any{"licence_sha256": s, "licence_type": "application/pdf", "licence_size": 300}).Error; err != nil {
				t.Fatal(err)
			}
		}
		data := t.TempDir()
		write := func(rel string, content []byte) string {
			path := filepath.Join(data, rel)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}
		moved := write(filepath.Join("licences", strconv.FormatInt(kept, 10), sha+".pdf"), licence)
		orphan := write(filepath.Join("licences", "999999", sha+".pdf"), licence)
		forged := write(filepath.Join("contracts", "1", gone+".pdf"), []byte("%PDF- not what its name says"))

		got, err := m.MoveFilesIntoStore(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		if got != (models.FilesMoved{Moved: 1, Orphans: 2, Missing: 1}) {
			t.Fatalf("moved %+v", got)
		}
		var b models.Blob
		if err := db.Where("sha256 = ?", sha).First(&b).Error; err != nil || !bytes.Equal(b.Data, licence) || b.Mime != "application/pdf" {
			t.Fatalf("the licence is not in the store: %v", err)
		}
		if _, err := os.Stat(moved); !os.IsNotExist(err) {
			t.Errorf("the moved file stayed on disk: %v", err)
		}
		if _, err := os.Stat(filepath.Dir(moved)); !os.IsNotExist(err) {
			t.Errorf("its empty folder stayed: %v", err)
		}
		for _, path := range []string{orphan, forged} {
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s was removed: %v", path, err)
			}
		}
		var n int64
		db.Model(&models.Blob{}).Count(&n)
		if n != 1 {
			t.Fatalf("%d files stored, want the one licence", n)
		}

		again, err := m.MoveFilesIntoStore(ctx, data)
		if err != nil || again != (models.FilesMoved{Orphans: 2, Missing: 1}) {
			t.Fatalf("second run: %+v, %v", again, err)
		}
	})
}
