package app

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/yeqown/go-qrcode/v2"

	"techmarket/models"
)

// The PDFs the server writes (the registration certificate and the model
// texts) are laid out with fpdf (codeberg.org/go-pdf/fpdf, the maintained
// continuation of gofpdf: pure Go, no cgo, no external tools, and it embeds
// TrueType fonts as subsets, so a page carries only the glyphs it uses).
// Chinese text is set in Droid Sans Fallback (Apache-2.0, see fonts/NOTICE):
// a TrueType-outline font, which fpdf's UTF-8 support needs; the Noto CJK
// fonts are CFF-outline OTF/TTC and it cannot embed them.

//go:embed fonts/DroidSansFallbackFull.ttf
var cjkFont []byte

const (
	cjkFamily  = "cjk"
	pageWidth  = 210.0 // A4, mm
	pageHeight = 297.0
	margin     = 20.0
	textWidth  = pageWidth - 2*margin
)

// newPDF is an A4 document (its pages yet to be added) set up for Chinese text, with the document's
// metadata; the author is the market.
func newPDF(title, subject, keywords string, at time.Time) *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin)
	// fpdf writes into the font's bytes as it subsets them, so each document
	// gets its own copy: two certificates drawn at once must not share one.
	f.AddUTF8FontFromBytes(cjkFamily, "", bytes.Clone(cjkFont))
	f.SetTitle(title, true)
	f.SetSubject(subject, true)
	f.SetKeywords(keywords, false)
	f.SetCreator("techmarket", false)
	// The document's date is the registration's (or the draft's), not the
	// moment of the download: the same certificate is the same file.
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	f.SetCatalogSort(true)
	return f
}

// party is a party as the certificate prints it: the name, its 统一社会信用代码
// and, for a buyer outside the mainland, where it is.
func party(name, creditCode, place string) string {
	if creditCode != "" {
		name += "\n统一社会信用代码：" + creditCode
	}
	if place != "" {
		name += "\n" + place
	}
	return name
}

func pdfBytes(f *fpdf.Fpdf) ([]byte, error) {
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("生成 PDF：%w", err)
	}
	return b.Bytes(), nil
}

// tableRow writes one bordered row of a two-column table: the label on the
// left, the value wrapped to as many lines as it takes on the right.
func tableRow(f *fpdf.Fpdf, label, value string) {
	const labelW, lineH = 42.0, 7.0
	t := typeset{f, 11}
	valueW := textWidth - labelW
	labels, values := t.lines(label, labelW-4), t.lines(value, valueW-4)
	h := float64(max(len(labels), len(values)))*lineH + 2
	if f.GetY()+h > pageHeight-margin {
		f.AddPage()
	}
	x, y := f.GetX(), f.GetY()
	f.SetFillColor(245, 245, 245)
	f.Rect(x, y, labelW, h, "FD")
	f.Rect(x+labelW, y, valueW, h, "D")
	for i, l := range labels {
		t.line(x+2, y+1+float64(i)*lineH, lineH, l)
	}
	for i, l := range values {
		t.line(x+labelW+2, y+1+float64(i)*lineH, lineH, l)
	}
	f.SetXY(x, y+h)
}

// qrModules is the QR code of payload (error correction level M: a printed
// page survives a fold or a stain) as rows of dark modules.
func qrModules(payload string) ([][]bool, error) {
	q, err := qrcode.NewWith(payload, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, err
	}
	var m modules
	if err := q.Save(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// modules takes the matrix go-qrcode computed, for drawing it as vectors:
// crisp at any print resolution, and no image codec in the binary.
type modules [][]bool

func (m *modules) Write(mat qrcode.Matrix) error {
	*m = make([][]bool, mat.Height())
	for y := range *m {
		(*m)[y] = make([]bool, mat.Width())
	}
	mat.Iterate(qrcode.IterDirection_ROW, func(x, y int, v qrcode.QRValue) { (*m)[y][x] = v.IsSet() })
	return nil
}

func (m *modules) Close() error { return nil }

// drawQR draws the QR code of url at (x, y), side mm wide including the
// quiet zone of four modules, and makes the square a link to url for
// whoever reads the PDF on screen.
func drawQR(f *fpdf.Fpdf, url string, x, y, side float64) error {
	m, err := qrModules(url)
	if err != nil {
		return err
	}
	n := float64(len(m) + 8)
	cell := side / n
	f.SetFillColor(0, 0, 0)
	for row, cols := range m {
		for col, dark := range cols {
			if dark {
				f.Rect(x+(float64(col)+4)*cell, y+(float64(row)+4)*cell, cell, cell, "F")
			}
		}
	}
	f.LinkString(x, y, side, side, url)
	return nil
}

func day(t time.Time) string {
	return t.In(shanghai).Format("2006 年 01 月 02 日")
}

// certificatePDF writes the registration certificate: what the printable
// page shows, the SHA-256 of the registered text, and a QR code of the
// public verification page at verifyURL.
func certificatePDF(cert *models.Certificate, verifyURL string) ([]byte, error) {
	f := newPDF("技术合同登记证明 "+cert.RegistrationNo, cert.Title,
		"registration_no:"+cert.RegistrationNo+" sha256:"+cert.FileSHA256+" verify:"+verifyURL, cert.RegisteredAt)
	f.AddPage()
	typeset{f, 22}.para(textWidth, 14, "技术合同登记证明", "C")
	typeset{f, 12}.para(textWidth, 9, "登记编号："+cert.RegistrationNo, "C")
	f.Ln(4)
	rows := [][2]string{
		{"合同名称", cert.Title},
		{"合同类型", models.ContractTypeLabel(cert.Type, cert.Subtype)},
		{"技术领域", cert.Field},
		{"卖方（技术输出方）", party(cert.Seller, cert.SellerCreditCode, "")},
		{"买方（技术吸纳方）", party(cert.Buyer, cert.BuyerCreditCode, cert.BuyerPlace)},
	}
	if cert.Broker != "" {
		rows = append(rows, [2]string{"中介方", cert.Broker})
	}
	rows = append(rows,
		[2]string{"合同金额", models.YuanFigures(cert.ContractFen) + "\n人民币（大写）" + models.AmountInWords(cert.ContractFen)},
		[2]string{"技术交易额", models.YuanFigures(cert.TechFen) + "\n人民币（大写）" + models.AmountInWords(cert.TechFen)},
		[2]string{"签订日期", day(cert.SignedOn)},
		[2]string{"有效期", day(cert.ValidFrom) + " 至 " + day(cert.ValidTo)},
		[2]string{"登记机构", cert.Agency},
		[2]string{"登记日期", day(cert.RegisteredAt)},
	)
	for _, r := range rows {
		tableRow(f, r[0], r[1])
	}
	// The fingerprint in a fixed-width core font: 64 hex digits on one line,
	// easy to compare digit by digit with a hash computed from the text.
	x, y := f.GetX(), f.GetY()
	f.Rect(x, y, 42, 16, "FD")
	f.Rect(x+42, y, textWidth-42, 16, "D")
	typeset{f, 11}.line(x+2, y+1, 7, []run{{false, "合同文本指纹"}})
	typeset{f, 11}.line(x+2, y+8, 7, []run{{true, "SHA-256"}})
	f.SetXY(x+44, y+4.5)
	f.SetFont("Courier", "", 8.5)
	f.CellFormat(textWidth-46, 7, cert.FileSHA256, "", 0, "L", false, 0, "")
	f.SetXY(x, y+22)
	typeset{f, 11}.para(textWidth, 7, "　　经审查，上述合同属于技术合同，依照《技术合同认定登记管理办法》和《技术合同认定规则》，予以认定登记。", "L")
	f.Ln(4)
	if f.GetY()+52 > pageHeight-margin {
		f.AddPage()
	}
	top := f.GetY()
	if err := drawQR(f, verifyURL, margin, top, 38); err != nil {
		return nil, err
	}
	f.SetXY(margin+42, top+4)
	typeset{f, 10}.para(62, 5.5, "扫描二维码或访问下列地址，可查验本证明的真伪与登记现状（已登记、已变更、已注销）：", "L")
	f.SetX(margin + 42)
	f.SetFont("Courier", "", 7.5)
	f.MultiCell(62, 4, verifyURL, "", "L", false)
	sign := typeset{f, 12}
	for i, l := range []string{"登记机构（盖章）", cert.Agency, day(cert.RegisteredAt)} {
		runs := sign.lines(l, textWidth-108)[0]
		sign.line(pageWidth-margin-sign.width(runs), top+12+float64(i)*8, 8, runs)
	}
	return pdfBytes(f)
}

// articleNumber writes the number of an article (条) in Chinese: 一 … 九十九.
func articleNumber(n int) string {
	digits := []rune("零一二三四五六七八九")
	switch {
	case n < 10:
		return string(digits[n])
	case n < 20:
		return "十" + strings.TrimPrefix(string(digits[n%10]), "零")
	}
	return string(digits[n/10]) + "十" + strings.TrimPrefix(string(digits[n%10]), "零")
}

// modelTextPDF lays out a draft contract: the title, the parties, the
// articles, the signature block; every page is marked as a draft.
func modelTextPDF(t *models.ModelText, at time.Time) ([]byte, error) {
	f := newPDF(t.Title, "技术合同示范文本："+t.Kind, "model-text draft", at)
	f.SetHeaderFuncMode(func() {
		f.SetTextColor(120, 120, 120)
		typeset{f, 8}.centred(8, 5, "技术合同示范文本（草稿，以双方签署的文本为准）")
		f.SetTextColor(0, 0, 0)
		f.SetXY(margin, margin)
	}, true)
	f.SetFooterFunc(func() {
		typeset{f, 8}.centred(pageHeight-14, 5, fmt.Sprintf("第 %d 页", f.PageNo()))
	})
	f.AddPage()
	typeset{f, 20}.para(textWidth, 11, t.Title, "C")
	typeset{f, 12}.para(textWidth, 8, t.Kind, "C")
	f.Ln(4)
	body := typeset{f, 11}
	parties := fmt.Sprintf("甲方（%s）：%s\n乙方（%s）：%s", t.BuyerRole, t.Buyer, t.SellerRole, t.Seller)
	if t.Broker != "" {
		parties += "\n中介方：" + t.Broker
	}
	body.para(textWidth, 7, parties, "L")
	f.Ln(2)
	body.para(textWidth, 7, "　　依据《中华人民共和国民法典》及有关法律法规，甲乙双方本着平等自愿、诚实信用的原则，经协商一致，订立本合同，共同遵守。", "L")
	for i, a := range t.Articles {
		f.Ln(2)
		typeset{f, 12}.para(textWidth, 8, fmt.Sprintf("第%s条　%s", articleNumber(i+1), a.Heading), "L")
		for _, p := range a.Paragraphs {
			body.para(textWidth, 7, "　　"+p, "L")
		}
	}
	f.Ln(8)
	if f.GetY()+48 > pageHeight-margin {
		f.AddPage()
	}
	top := f.GetY()
	half := textWidth / 2
	for i, side := range [][2]string{{"甲方（" + t.BuyerRole + "）", t.Buyer}, {"乙方（" + t.SellerRole + "）", t.Seller}} {
		f.SetXY(margin+float64(i)*half, top)
		body.para(half-4, 7, fmt.Sprintf("%s（盖章）：\n%s\n法定代表人或授权代表（签字）：\n\n日期：", side[0], side[1]), "L")
	}
	f.SetXY(margin, f.GetY()+4)
	body.para(textWidth, 7, "签订日期："+t.SignedOn, "L")
	return pdfBytes(f)
}
