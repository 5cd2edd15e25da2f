package app

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/search"
)

// A backup is one tar.gz archive: manifest.json first, then the database
// snapshot (techmarket.db), then every other file of the data directory
// under its path there. The search index is left out: it is derived from the
// database and rebuilt on the next start.
const (
	backupFormat   = "techmarket-backup"
	backupVersion  = 1
	backupManifest = "manifest.json"
	databaseFile   = "techmarket.db"
)

// manifest describes a backup; restore checks every file against it.
type manifest struct {
	Format        string       `json:"format"`
	Version       int          `json:"version"`
	CreatedAt     time.Time    `json:"created_at"`
	SchemaVersion int64        `json:"schema_version"`
	Files         []backupFile `json:"files"`
}

type backupFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// BackupReport is what a backup or a restore did.
type BackupReport struct {
	Files         int
	Bytes         int64
	SchemaVersion int64
	// SetAside is where restore --force moved what the data directory held.
	SetAside string
}

// leftOut says whether a top-level entry of the data directory stays out of
// a backup: the live database files (the snapshot stands for them), the
// search index (derived) and hidden entries (temporary files, what an
// earlier restore set aside).
func leftOut(name string) bool {
	switch name {
	case databaseFile, databaseFile + "-wal", databaseFile + "-shm", databaseFile + "-journal",
		"index", "index.old", "index.creating":
		return true
	}
	return strings.HasPrefix(name, ".")
}

func refuseOnPostgres(cfg *Config, what string) error {
	if models.IsPostgresURL(cfg.DatabaseURL) {
		return fmt.Errorf("%s只用于内置 SQLite；PostgreSQL 请用 pg_dump / pg_restore 备份恢复数据库（见 README 的“备份与恢复”）", what)
	}
	return nil
}

// Backup writes a consistent backup of the SQLite market in cfg.DataDir to
// the archive file out, which must not exist, while serve may be running.
// An archive is written aside and renamed into place only when complete.
func Backup(ctx context.Context, cfg *Config, out string, progress func(done, total int)) (*BackupReport, error) {
	if err := refuseOnPostgres(cfg, "备份命令"); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, databaseFile)); err != nil {
		return nil, fmt.Errorf("数据目录 %s 中没有数据库（%s），没有可备份的数据", cfg.DataDir, databaseFile)
	}
	if _, err := os.Stat(out); err == nil {
		return nil, fmt.Errorf("备份文件 %s 已存在，不会覆盖：请换一个文件名", out)
	}
	staging, err := os.MkdirTemp(filepath.Dir(out), ".techmarket-backup-*")
	if err != nil {
		return nil, fmt.Errorf("无法在 %s 创建临时目录: %w", filepath.Dir(out), err)
	}
	defer os.RemoveAll(staging)

	// The database first: the files it refers to are stored before their
	// rows commit and removed after, so files copied later are a superset.
	db, err := models.Open("", cfg.DataDir)
	if err != nil {
		return nil, err
	}
	snapshot := filepath.Join(staging, databaseFile)
	err = models.SnapshotSQLite(ctx, db, snapshot)
	if sqlDB, e := db.DB(); e == nil {
		sqlDB.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("数据库快照失败: %w", err)
	}
	schema, err := models.CheckSQLiteFile(ctx, snapshot)
	if err != nil {
		return nil, fmt.Errorf("数据库快照有误: %w", err)
	}
	m := manifest{Format: backupFormat, Version: backupVersion, CreatedAt: time.Now().UTC(), SchemaVersion: schema}
	f, err := hashFile(snapshot, databaseFile)
	if err != nil {
		return nil, err
	}
	m.Files = append(m.Files, f)

	// Then the stored files, copied into the staging directory as they are
	// hashed, so that the archive holds what the manifest says.
	err = filepath.WalkDir(cfg.DataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(cfg.DataDir, p)
		if rel == "." {
			return nil
		}
		if !strings.Contains(rel, string(filepath.Separator)) && leftOut(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // directories are walked; links and devices are not data
		}
		f, err := copyHashed(p, filepath.Join(staging, "files", rel), filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		m.Files = append(m.Files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("读取数据目录失败: %w", err)
	}
	sort.Slice(m.Files[1:], func(i, j int) bool { return m.Files[1+i].Path < m.Files[1+j].Path })

	tmp := filepath.Join(staging, "archive.tar.gz")
	if err := writeArchive(tmp, staging, &m, progress); err != nil {
		return nil, fmt.Errorf("写入备份文件失败: %w", err)
	}
	if err := os.Link(tmp, out); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("备份文件 %s 已存在，不会覆盖：请换一个文件名", out)
		}
		return nil, fmt.Errorf("写入备份文件失败: %w", err)
	}
	rep := &BackupReport{Files: len(m.Files), SchemaVersion: schema}
	for _, f := range m.Files {
		rep.Bytes += f.Size
	}
	return rep, nil
}

// stagedPath is where a file of the manifest lies in the staging directory.
func stagedPath(staging, name string) string {
	if name == databaseFile {
		return filepath.Join(staging, databaseFile)
	}
	return filepath.Join(staging, "files", filepath.FromSlash(name))
}

func writeArchive(file, staging string, m *manifest, progress func(done, total int)) error {
	out, err := os.OpenFile(file, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	head, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	now := time.Now()
	if err := tw.WriteHeader(&tar.Header{Name: backupManifest, Mode: 0o600, Size: int64(len(head)), ModTime: now}); err != nil {
		return err
	}
	if _, err := tw.Write(head); err != nil {
		return err
	}
	for i, f := range m.Files {
		if err := tw.WriteHeader(&tar.Header{Name: f.Path, Mode: 0o600, Size: f.Size, ModTime: now}); err != nil {
			return err
		}
		src, err := os.Open(stagedPath(staging, f.Path))
		if err != nil {
			return err
		}
		_, err = io.Copy(tw, src)
		src.Close()
		if err != nil {
			return err
		}
		if progress != nil {
			progress(i+1, len(m.Files))
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}

func hashFile(p, name string) (backupFile, error) {
	in, err := os.Open(p)
	if err != nil {
		return backupFile{}, err
	}
	defer in.Close()
	h := sha256.New()
	n, err := io.Copy(h, in)
	return backupFile{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

func copyHashed(from, to, name string) (backupFile, error) {
	in, err := os.Open(from)
	if err != nil {
		return backupFile{}, err
	}
	defer in.Close()
	n, sum, err := writeHashed(in, to)
	return backupFile{Path: name, Size: n, SHA256: sum}, err
}

// writeHashed writes in to the new file to and returns its size and SHA-256.
func writeHashed(in io.Reader, to string) (int64, string, error) {
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return 0, "", err
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, "", err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// Restore replaces the market in cfg.DataDir with the backup in archive.
// The archive is read and checked in full (manifest, every file's size and
// SHA-256, the database's structure and schema version) into a staging
// directory before anything else is touched; a data directory that holds
// anything is replaced only with force, never while a server runs, and what
// it held is moved aside into a hidden directory (reported), not deleted.
// The search index is not restored: serve rebuilds it on its next start.
func Restore(ctx context.Context, cfg *Config, archive string, force bool, progress func(done, total int)) (rep *BackupReport, err error) {
	if err := refuseOnPostgres(cfg, "恢复命令"); err != nil {
		return nil, err
	}
	in, err := os.Open(archive)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("备份文件 %s 不存在", archive)
	}
	if err != nil {
		return nil, fmt.Errorf("无法读取备份文件 %s: %w", archive, err)
	}
	defer in.Close()

	dir := cfg.DataDir
	if held, err := heldEntries(dir, ""); err == nil && len(held) > 0 && !force {
		return nil, fmt.Errorf("数据目录 %s 已有数据（%s 等），未做任何改动；确认要用备份替换时加 --force（原有内容会移到数据目录下的隐藏目录 .replaced-*，不会删除）", dir, held[0])
	}
	createdDir := false
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		createdDir = true
	}
	staging, err := os.MkdirTemp(dir, ".restoring-*")
	if err != nil {
		return nil, err
	}
	defer func() {
		os.RemoveAll(staging)
		if err != nil && createdDir {
			os.Remove(dir) // empty again: as it was, absent
		}
	}()

	m, err := extract(in, staging, progress)
	if err != nil {
		return nil, err
	}
	schema, err := models.CheckSQLiteFile(ctx, filepath.Join(staging, databaseFile))
	if err != nil {
		return nil, fmt.Errorf("备份中的数据库无效: %w", err)
	}
	if schema != m.SchemaVersion {
		return nil, fmt.Errorf("备份文件已损坏：数据库结构版本 %d 与清单记载的 %d 不符", schema, m.SchemaVersion)
	}
	if newest := newestMigration(); schema > newest {
		return nil, fmt.Errorf("备份来自较新的 techmarket（数据库结构版本 %d，本程序最高 %d），请用相同或更新的版本恢复", schema, newest)
	}

	held, err := heldEntries(dir, filepath.Base(staging))
	if err != nil {
		return nil, err
	}
	if len(held) > 0 && !force {
		return nil, fmt.Errorf("数据目录 %s 在恢复过程中有了数据（%s 等），未做任何改动", dir, held[0])
	}
	if err := refuseIfServing(dir); err != nil {
		return nil, err
	}
	rep = &BackupReport{Files: len(m.Files), SchemaVersion: schema}
	for _, f := range m.Files {
		rep.Bytes += f.Size
	}
	if len(held) > 0 {
		rep.SetAside = filepath.Join(dir, ".replaced-"+time.Now().UTC().Format("20060102-150405"))
		if err := os.Mkdir(rep.SetAside, 0o700); err != nil {
			return nil, err
		}
		for _, name := range held {
			if err := os.Rename(filepath.Join(dir, name), filepath.Join(rep.SetAside, name)); err != nil {
				return nil, fmt.Errorf("移开原有的 %s 失败（已移开的在 %s）: %w", name, rep.SetAside, err)
			}
		}
	}
	moves := []string{databaseFile}
	if entries, err := os.ReadDir(filepath.Join(staging, "files")); err == nil {
		for _, e := range entries {
			moves = append(moves, filepath.Join("files", e.Name()))
		}
	}
	for _, name := range moves {
		if err := os.Rename(filepath.Join(staging, name), filepath.Join(dir, filepath.Base(name))); err != nil {
			return nil, fmt.Errorf("放入恢复的 %s 失败: %w", filepath.Base(name), err)
		}
	}
	return rep, nil
}

// extract reads the archive into staging, checking it against its manifest.
func extract(in io.Reader, staging string, progress func(done, total int)) (*manifest, error) {
	corrupt := func(why string, args ...any) error {
		return fmt.Errorf("备份文件已损坏或不是 techmarket 备份：%s", fmt.Sprintf(why, args...))
	}
	gz, err := gzip.NewReader(in)
	if err != nil {
		return nil, corrupt("不是 gzip 压缩的文件")
	}
	tr := tar.NewReader(gz)
	h, err := tr.Next()
	if err != nil || h.Name != backupManifest || h.Size > 64<<20 {
		return nil, corrupt("开头没有清单 %s", backupManifest)
	}
	var m manifest
	dec := json.NewDecoder(tr)
	if err := dec.Decode(&m); err != nil {
		return nil, corrupt("清单无法读取")
	}
	if m.Format != backupFormat {
		return nil, corrupt("清单的格式为 %q", m.Format)
	}
	if m.Version != backupVersion {
		return nil, fmt.Errorf("备份格式版本 %d 不受支持：本程序只能恢复版本 %d 的备份", m.Version, backupVersion)
	}
	want := map[string]backupFile{}
	for _, f := range m.Files {
		if f.Path != databaseFile && (!filepath.IsLocal(filepath.FromSlash(f.Path)) || path.Clean(f.Path) != f.Path || leftOut(strings.SplitN(f.Path, "/", 2)[0])) {
			return nil, corrupt("清单中的路径 %q 无效", f.Path)
		}
		want[f.Path] = f
	}
	if _, ok := want[databaseFile]; !ok {
		return nil, corrupt("清单中没有数据库 %s", databaseFile)
	}
	for done := 0; ; done++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, corrupt("读取第 %d 个文件时出错（%v）", done+1, err)
		}
		f, ok := want[h.Name]
		if !ok || h.Typeflag != tar.TypeReg || h.Size != f.Size {
			return nil, corrupt("文件 %q 不在清单中或大小不符", h.Name)
		}
		delete(want, h.Name)
		_, got, err := writeHashed(tr, stagedPath(staging, f.Path))
		if err != nil {
			return nil, corrupt("读取 %s 时出错（%v）", f.Path, err)
		}
		if got != f.SHA256 {
			return nil, corrupt("%s 的 SHA-256 与清单不符", f.Path)
		}
		if progress != nil {
			progress(done+1, len(m.Files))
		}
	}
	if len(want) > 0 {
		for name := range want {
			return nil, corrupt("缺少清单中的 %s", name)
		}
	}
	return &m, nil
}

// heldEntries are the data directory's entries a restore would replace:
// everything but hidden ones (the staging directory among them).
func heldEntries(dir, staging string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var held []string
	for _, e := range entries {
		if e.Name() != staging && !strings.HasPrefix(e.Name(), ".") {
			held = append(held, e.Name())
		}
	}
	return held, nil
}

// refuseIfServing fails when a serve process has the data directory open:
// serve holds its search index locked for its whole life, so taking the
// lock proves no server runs (as reindex does).
func refuseIfServing(dir string) error {
	idx := filepath.Join(dir, "index")
	if _, err := os.Stat(filepath.Join(idx, "index_meta.json")); err != nil {
		return nil
	}
	ix, err := search.Open(idx)
	if err != nil {
		return fmt.Errorf("数据目录 %s 正被运行中的 serve 使用（搜索索引已被锁定），未做任何改动：请先停止 serve 再恢复", dir)
	}
	return ix.Close()
}

// newestMigration is the highest schema version this binary knows.
func newestMigration() int64 {
	entries, _ := fs.ReadDir(migrations.FS, "sqlite")
	var newest int64
	for _, e := range entries {
		digits, _, _ := strings.Cut(e.Name(), "_")
		if n, err := strconv.ParseInt(digits, 10, 64); err == nil && n > newest {
			newest = n
		}
	}
	return newest
}
