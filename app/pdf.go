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

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// MaxPDFBytes bounds an uploaded PDF: a contract text or a proposal's attachment.
const MaxPDFBytes = 10 << 20

// storedPDF is an uploaded PDF written into the data directory under its SHA-256.
type storedPDF struct {
	Path, Name, SHA256 string
	Size               int64
	fresh              bool // written by this upload, not already there from an earlier one
}

// readPDF takes the multipart field "file" and checks it is a PDF within
// the size limit, before anything is written; what is wrong is said in Chinese.
func readPDF(c *fiber.Ctx, what string) ([]byte, string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", models.Invalid(map[string]string{"file": "请选择" + what + "文件（表单字段 file）"})
	}
	tooBig := models.Invalid(map[string]string{"file": fmt.Sprintf("文件不能超过 %d MB", MaxPDFBytes>>20)})
	if fh.Size > MaxPDFBytes {
		return nil, "", tooBig
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxPDFBytes+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > MaxPDFBytes {
		return nil, "", tooBig
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, "", models.Invalid(map[string]string{"file": "只接受 PDF 文件"})
	}
	return data, filepath.Base(fh.Filename), nil
}

// storePDF writes data under dir (relative to the data directory).
func (s *Server) storePDF(data []byte, name string, dir ...string) (storedPDF, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	d := filepath.Join(append([]string{s.cfg.DataDir}, dir...)...)
	if err := os.MkdirAll(d, 0o700); err != nil {
		return storedPDF{}, err
	}
	path := filepath.Join(d, sha+".pdf")
	_, statErr := os.Stat(path)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return storedPDF{}, err
	}
	return storedPDF{Path: path, Name: name, SHA256: sha, Size: int64(len(data)), fresh: errors.Is(statErr, fs.ErrNotExist)}, nil
}

// discard removes a file this upload wrote when recording it failed, so a
// refused upload leaves nothing behind; an identical earlier file stays.
func (p storedPDF) discard() {
	if p.fresh {
		os.Remove(p.Path)
	}
}
