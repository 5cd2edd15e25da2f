package app

import (
	"bytes"
	"fmt"
	"io"
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

// orgStorageCap is how many bytes of uploads an organisation may keep; zero is no cap.
func (s *Server) orgStorageCap() int64 { return int64(s.cfg.OrgStorageMB) << 20 }

// sendFile answers a stored file as a download named filename.
func sendFile(c *fiber.Ctx, b *models.Blob, filename string) error {
	c.Set(fiber.HeaderContentType, b.Mime)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", filename))
	// A contract, a proposal or a licence is private: kept by the
	// viewer's browser only, never by a shared cache.
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(b.Data)
}
