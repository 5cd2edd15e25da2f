package models

import (
	"bytes"
	"image"
	"image/color"
	"image/png"

	"gorm.io/gorm"
)

// demoAttachmentEvery: one achievement in so many gets attachments in the
// demo, enough to find on the first pages without weighing on the load.
const demoAttachmentEvery = 25

// attachments gives some demo achievements what a buyer looks for beyond
// the summary: a photo (public), the patent certificate of a patent
// (public) and a test report kept for the confidential detail's readers.
func (d *demoLoad) attachments() error {
	return d.db.Transaction(func(tx *gorm.DB) error {
		n := 0
		for _, org := range demoOrgs {
			for _, a := range d.achievements[org.name] {
				if n++; n%demoAttachmentEvery != 1 {
					continue
				}
				if err := d.attachDemo(tx, a, n); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (d *demoLoad) attachDemo(tx *gorm.DB, a *Achievement, n int) error {
	add := func(data []byte, name string, cat AttachmentCategory, vis AttachmentVisibility) error {
		media, mime, err := SniffFile(data)
		if err != nil {
			return err
		}
		sha, err := putBlob(tx, data, mime)
		if err != nil {
			return err
		}
		row := &ListingAttachment{Kind: a.Kind(), ListingID: a.ID, OrgID: a.OrgID, Media: media, Category: cat, Visibility: vis,
			Name: name, SHA256: &sha, Size: int64(len(data)), CreatedBy: a.CreatedBy}
		if media == MediaImage {
			thumb, w, h, err := imageThumb(data)
			if err != nil {
				return err
			}
			t, err := putBlob(tx, thumb, "image/jpeg")
			if err != nil {
				return err
			}
			row.ThumbSHA256, row.Width, row.Height = &t, w, h
		}
		return tx.Create(row).Error
	}
	if err := add(demoPhoto(n), "样品照片.png", CategoryPhoto, VisibilityPublic); err != nil {
		return err
	}
	if len(a.PatentNumbers) > 0 {
		cert := demoPDF("发明专利证书", []string{"专利号：" + a.PatentNumbers[0], "发明名称：" + a.Title, "（演示数据）"})
		if err := add(cert, "专利证书.pdf", CategoryPatentCert, VisibilityPublic); err != nil {
			return err
		}
	}
	report := demoPDF("检测报告", []string{"样品名称：" + a.Title, "检测结论：各项指标符合委托方技术要求。", "（演示数据，保密附件）"})
	return add(report, "检测报告.pdf", CategoryTestReport, VisibilityConfidential)
}

// demoPhoto is a 480×300 picture, a gradient in a colour of its own.
func demoPhoto(n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 480, 300))
	base := color.RGBA{uint8(40 + n*37%160), uint8(90 + n*53%120), uint8(140 + n*29%100), 255}
	for y := range 300 {
		for x := range 480 {
			f := 0.6 + 0.4*float64(x+y)/780
			img.SetRGBA(x, y, color.RGBA{uint8(float64(base.R) * f), uint8(float64(base.G) * f), uint8(float64(base.B) * f), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
