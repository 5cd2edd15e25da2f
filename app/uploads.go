package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"techmarket/models"
)

// MaxPDFBytes bounds an uploaded PDF: a contract text or a proposal's attachment.
const MaxPDFBytes = 10 << 20

// MaxLicenceBytes bounds an organisation's licence document.
const MaxLicenceBytes = 5 << 20

// fileKind is a kind of document an upload may be, told by its first bytes
// rather than by the name or the type the browser claims.
type fileKind struct {
	ext, mime string
	magic     []byte
}

var (
	pdfFile  = fileKind{".pdf", "application/pdf", []byte("%PDF-")}
	pngFile  = fileKind{".png", "image/png", []byte("\x89PNG\r\n\x1a\n")}
	jpegFile = fileKind{".jpg", "image/jpeg", []byte("\xff\xd8\xff")}
)

// storedFile is an upload written into the data directory under its SHA-256.
type storedFile struct {
	Path, Name, SHA256, Mime string
	Size                     int64
	fresh                    bool // written by this upload, not already there from an earlier one
}

// readUpload takes the multipart field "file" and checks its size and, by
// content, its kind, before anything is written; what is wrong is said in Chinese.
func readUpload(c *fiber.Ctx, what string, max int64, kinds ...fileKind) ([]byte, string, fileKind, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", fileKind{}, models.Invalid(map[string]string{"file": "请选择" + what + "文件（表单字段 file）"})
	}
	tooBig := models.Invalid(map[string]string{"file": fmt.Sprintf("文件不能超过 %d MB", max>>20)})
	if fh.Size > max {
		return nil, "", fileKind{}, tooBig
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", fileKind{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, "", fileKind{}, err
	}
	if int64(len(data)) > max {
		return nil, "", fileKind{}, tooBig
	}
	var names []string
	for _, k := range kinds {
		if bytes.HasPrefix(data, k.magic) {
			return data, utils.CopyString(filepath.Base(fh.Filename)), k, nil
		}
		names = append(names, strings.ToUpper(strings.TrimPrefix(k.ext, ".")))
	}
	return nil, "", fileKind{}, models.Invalid(map[string]string{"file": "只接受 " + strings.Join(names, "、") + " 文件"})
}

// readPDF reads a PDF upload of at most MaxPDFBytes.
func readPDF(c *fiber.Ctx, what string) ([]byte, string, error) {
	data, name, _, err := readUpload(c, what, MaxPDFBytes, pdfFile)
	return data, name, err
}

// storeUpload writes data under dir (relative to the data directory).
func (s *Server) storeUpload(data []byte, name string, kind fileKind, dir ...string) (storedFile, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	d := filepath.Join(append([]string{s.cfg.DataDir}, dir...)...)
	if err := os.MkdirAll(d, 0o700); err != nil {
		return storedFile{}, err
	}
	path := filepath.Join(d, sha+kind.ext)
	_, statErr := os.Stat(path)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return storedFile{}, err
	}
	return storedFile{Path: path, Name: name, SHA256: sha, Mime: kind.mime, Size: int64(len(data)), fresh: errors.Is(statErr, fs.ErrNotExist)}, nil
}

func (s *Server) storePDF(data []byte, name string, dir ...string) (storedFile, error) {
	return s.storeUpload(data, name, pdfFile, dir...)
}

// discard removes a file this upload wrote when recording it failed, so a
// refused upload leaves nothing behind; an identical earlier file stays.
func (p storedFile) discard() {
	if p.fresh {
		os.Remove(p.Path)
	}
}

// orgStorageCap is how many bytes of uploads an organisation may keep; zero is no cap.
func (s *Server) orgStorageCap() int64 { return int64(s.cfg.OrgStorageMB) << 20 }

// removeStored deletes a stored upload that no record refers to any more,
// once the change that let go of it has committed; "" is nothing. A file
// that cannot be removed is logged and left: the change stands.
func (s *Server) removeStored(path string) {
	if path == "" {
		return
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("removing a replaced upload", "path", path, "err", err)
	}
}
