package models

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// diskFiles are the folders of the data directory where versions before
// migration 00035 kept uploads, as <folder>/<record id>/<sha256><ext>, and
// the column that names a file's record and hash.
var diskFiles = []struct {
	dir, table, idColumn, shaColumn, what string
}{
	{"contracts", "contracts", "id", "file_sha256", "合同文本"},
	{"proposals", "proposal_files", "proposal_id", "sha256", "方案附件"},
	{"licences", "organizations", "id", "licence_sha256", "营业执照"},
}

// diskMime is the type of a file kept on disk, by the extension it was
// written with (the upload's kind was told by content then).
var diskMime = map[string]string{".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}

// FilesMoved is what MoveFilesIntoStore did: files moved into the store,
// files already there (removed from disk), files on disk that no record
// names (left), and records whose file is in neither place.
type FilesMoved struct {
	Moved, AlreadyStored, Orphans, Missing int
}

// MoveFilesIntoStore moves the contract texts, proposal files and
// licences that versions before migration 00035 wrote into dataDir into the
// blob store, each in its own transaction, and removes each file once its
// content is committed. A file whose content does not match its name, or
// that no record names, is left where it is and logged. It then counts the
// records whose file is in the store nowhere: on PostgreSQL with several
// serve processes, each one moves the files of its own data directory
// when it starts. It is safe to run again and from several processes at
// once.
func (m *Market) MoveFilesIntoStore(ctx context.Context, dataDir string) (FilesMoved, error) {
	db := m.db.WithContext(ctx)
	var out FilesMoved
	for _, k := range diskFiles {
		root := filepath.Join(dataDir, k.dir)
		ids, err := os.ReadDir(root)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return out, err
		}
		for _, idDir := range ids {
			id, err := strconv.ParseInt(idDir.Name(), 10, 64)
			if err != nil || !idDir.IsDir() {
				continue
			}
			dir := filepath.Join(root, idDir.Name())
			files, err := os.ReadDir(dir)
			if err != nil {
				return out, err
			}
			for _, f := range files {
				path := filepath.Join(dir, f.Name())
				ext := filepath.Ext(f.Name())
				sha, mime := strings.TrimSuffix(f.Name(), ext), diskMime[ext]
				if mime == "" || len(sha) != 64 || !f.Type().IsRegular() {
					continue
				}
				stored, err := moveFile(db, k.table, k.idColumn, k.shaColumn, id, sha, mime, path)
				switch {
				case err != nil:
					return out, err
				case stored == fileOrphan:
					out.Orphans++
					slog.Warn("a file in the data directory that no record names, or whose content does not match its name, is left there", "path", path)
					continue
				case stored == fileMoved:
					out.Moved++
				default:
					out.AlreadyStored++
				}
				if err := os.Remove(path); err != nil {
					return out, err
				}
			}
			os.Remove(dir) // only if empty
		}
		os.Remove(root) // only if empty
	}
	for _, k := range diskFiles {
		var n int64
		err := db.Table(k.table).Where(k.shaColumn + " <> '' AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = " + k.table + "." + k.shaColumn + ")").
			Count(&n).Error
		if err != nil {
			return out, err
		}
		if n > 0 {
			slog.Warn("records name a file that is not in the database: start once the serve process whose data directory holds it", "what", k.what, "records", n)
		}
		out.Missing += int(n)
	}
	return out, nil
}

type fileMove int

const (
	fileMoved fileMove = iota
	fileAlreadyStored
	fileOrphan
)

// moveFile stores the file at path if the record id of table names it by
// sha and its content matches.
func moveFile(db *gorm.DB, table, idColumn, shaColumn string, id int64, sha, mime, path string) (fileMove, error) {
	var named int64
	if err := db.Table(table).Where(idColumn+" = ? AND "+shaColumn+" = ?", id, sha).Count(&named).Error; err != nil {
		return 0, err
	}
	if named == 0 {
		return fileOrphan, nil
	}
	var stored int64
	if err := db.Model(&Blob{}).Where("sha256 = ?", sha).Count(&stored).Error; err != nil {
		return 0, err
	}
	if stored > 0 {
		return fileAlreadyStored, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	if SHA256Hex(data) != sha || len(data) == 0 {
		return fileOrphan, nil
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		_, err := putBlob(tx, data, mime)
		return err
	})
	return fileMoved, err
}
