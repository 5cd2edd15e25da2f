package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// contractCertificate answers the registration certificate of a registered
// contract, for the printable page.
func (s *Server) contractCertificate(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cert, err := s.market.ContractCertificate(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(certifiedView{Certificate: cert, VerifyURL: s.verifyURL(c, cert.RegistrationNo)})
}

// certifiedView is the certificate with the address its QR code points to.
type certifiedView struct {
	*models.Certificate
	// VerifyURL is the public verification page of the registration.
	VerifyURL string `json:"verify_url"`
}

// contractCertificatePDF answers the certificate as a PDF with the QR code
// of its public verification.
func (s *Server) contractCertificatePDF(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cert, err := s.market.ContractCertificate(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	pdf, err := certificatePDF(cert, s.verifyURL(c, cert.RegistrationNo))
	if err != nil {
		return err
	}
	return sendPDF(c, pdf, "certificate-"+cert.RegistrationNo+".pdf")
}

// verifyURL is the public verification page of a registration number: under
// the configured public address, or else the address this request came to.
func (s *Server) verifyURL(c *fiber.Ctx, no string) string {
	base := strings.TrimRight(s.cfg.PublicURL, "/")
	if base == "" {
		base = c.BaseURL()
	}
	return base + "/verify/" + url.PathEscape(no)
}

// checkPublicURL refuses a --public-url that would print QR codes leading
// nowhere: it must be an absolute http(s) address with no query.
func checkPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("TM_PUBLIC_URL=%q 应为 http(s):// 开头的完整地址，例如 https://market.example.cn", s)
	}
	return nil
}

// verifyRegistration is the public check of a registration number.
func (s *Server) verifyRegistration(c *fiber.Ctx) error {
	// Fiber leaves the path escaped: a number typed with spaces or
	// full-width digits arrives as %20 and UTF-8 escapes.
	no, err := url.PathUnescape(c.Params("no"))
	if err != nil {
		return models.Invalid(map[string]string{"no": "登记编号为 16 位数字"})
	}
	out, err := s.market.VerifyRegistration(c.UserContext(), no)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// draftModelText answers the model text (示范文本) of a contract being
// drafted, from the form's fields; nothing is saved.
func (s *Server) draftModelText(c *fiber.Ctx) error {
	var in models.ContractInput
	if err := decode(c, &in); err != nil {
		return err
	}
	t, err := s.market.DraftModelText(c.UserContext(), actorOf(c), in)
	return s.sendModelText(c, t, err, "model-text.pdf")
}

// contractModelText answers the model text of a saved contract.
func (s *Server) contractModelText(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := s.market.ContractModelText(c.UserContext(), actorOf(c), id)
	return s.sendModelText(c, t, err, fmt.Sprintf("model-text-%d.pdf", id))
}

// sendModelText answers a model text as the PDF file name, or the error
// of drawing it up (err).
func (s *Server) sendModelText(c *fiber.Ctx, t *models.ModelText, err error, name string) error {
	if err != nil {
		return err
	}
	pdf, err := modelTextPDF(t, s.market.Now())
	if err != nil {
		return err
	}
	return sendPDF(c, pdf, name)
}

// sendPDF answers a generated PDF, to open in the browser's viewer; it
// differs per caller, so no cache keeps it.
func sendPDF(c *fiber.Ctx, pdf []byte, name string) error {
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("inline; filename=%q", name))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(pdf)
}
