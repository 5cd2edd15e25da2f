package models

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	_ "image/png" // image.Decode reads PNG
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// AttachmentMedia is what an attachment is, told by its content (or, for a
// video, by being a link).
type AttachmentMedia string

const (
	MediaImage AttachmentMedia = "image" // PNG or JPEG, with a thumbnail
	MediaPDF   AttachmentMedia = "pdf"   // certificates and reports
	MediaVideo AttachmentMedia = "video" // an https link to a video elsewhere
)

// AttachmentCategory is what the owner says an attachment shows.
type AttachmentCategory string

const (
	CategoryPhoto           AttachmentCategory = "photo"              // 图片
	CategoryPatentCert      AttachmentCategory = "patent_certificate" // 专利证书
	CategoryTestReport      AttachmentCategory = "test_report"        // 检测报告
	CategoryValuationReport AttachmentCategory = "valuation_report"   // 评估报告
	CategoryVideo           AttachmentCategory = "video"              // 视频
	CategoryOther           AttachmentCategory = "other"              // 其他
)

// AttachmentCategoryLabels names the categories, in the order pages offer them.
var AttachmentCategoryLabels = []Label{{string(CategoryPhoto), "图片"}, {string(CategoryPatentCert), "专利证书"},
	{string(CategoryTestReport), "检测报告"}, {string(CategoryValuationReport), "评估报告"}, {string(CategoryVideo), "视频"}, {string(CategoryOther), "其他"}}

// AttachmentVisibility is who sees an attachment: everyone who sees the
// listing, or only those who may read its confidential detail.
type AttachmentVisibility string

const (
	VisibilityPublic       AttachmentVisibility = "public"       // 公开
	VisibilityConfidential AttachmentVisibility = "confidential" // 属于保密详情
)

// AttachmentAction is what the owner does with an attachment.
type AttachmentAction string

const (
	AttUpdate AttachmentAction = "update" // changes its category or visibility
	AttRemove AttachmentAction = "remove" // removes it
)

// AttachmentActions lists every action, in the order pages show them.
var AttachmentActions = []AttachmentAction{AttUpdate, AttRemove}

// ListingAttachment is a file or video link attached to a listing. The
// file itself is a Blob; its hash is never sent, so that a file is only
// reached through its listing, by someone who may see it.
type ListingAttachment struct {
	ID          int64                `gorm:"primaryKey" json:"id"`
	Kind        string               `gorm:"not null" json:"kind"`
	ListingID   int64                `gorm:"not null" json:"listing_id"`
	OrgID       int64                `gorm:"not null" json:"-"`
	Media       AttachmentMedia      `gorm:"not null" json:"media"`
	Category    AttachmentCategory   `gorm:"not null" json:"category"`
	Visibility  AttachmentVisibility `gorm:"not null" json:"visibility"`
	Name        string               `gorm:"not null" json:"name"`
	SHA256      *string              `gorm:"column:sha256" json:"-"`
	ThumbSHA256 *string              `gorm:"column:thumb_sha256" json:"-"`
	// URL is a video's link (https only); files have none.
	URL       string    `gorm:"not null;default:''" json:"url,omitempty"`
	Size      int64     `gorm:"not null;default:0" json:"size"`
	Width     int       `gorm:"not null;default:0" json:"width,omitempty"`
	Height    int       `gorm:"not null;default:0" json:"height,omitempty"`
	CreatedBy int64     `gorm:"not null" json:"-"`
	CreatedAt time.Time `json:"created_at"`
	// HasThumb says the image has a thumbnail to show in lists.
	HasThumb bool `gorm:"-" json:"has_thumb"`
	// Actions is what the caller may do with the attachment now.
	Actions []string `gorm:"-" json:"actions"`
}

// The limits of attachments when the rules leave them at zero.
const (
	DefaultAttachmentMaxBytes    = 10 << 20
	DefaultAttachmentsPerListing = 20
	// maxImagePixels bounds the pixels of an image decoded for a
	// thumbnail: a small PNG can claim to be a huge one.
	maxImagePixels = 40_000_000
	thumbSide      = 360
	maxVideoURL    = 500
	maxFileName    = 200
)

// FileInput is a file the owner attaches: its name as sent, its content
// and what the owner says of it. MaxOrgBytes is the organisation's storage
// cap (zero: none).
type FileInput struct {
	Name string
	Data []byte
	// Size is the size the upload declared, when its content was not read
	// for being too large; zero: len(Data).
	Size        int64
	Category    AttachmentCategory
	Visibility  AttachmentVisibility
	MaxOrgBytes int64
}

// VideoInput is a video link the owner attaches.
type VideoInput struct {
	URL        string               `json:"url"`
	Title      string               `json:"title"`
	Visibility AttachmentVisibility `json:"visibility"`
}

// AttachmentPatch changes an attachment's category or visibility; empty
// fields stay.
type AttachmentPatch struct {
	Category   AttachmentCategory   `json:"category"`
	Visibility AttachmentVisibility `json:"visibility"`
}

// SniffFile tells, from its first bytes and never from its name or the
// type a browser claims, whether data is a file an attachment may be: a
// PNG or JPEG image or a PDF. It answers the media and MIME type, or why not.
func SniffFile(data []byte) (AttachmentMedia, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return MediaImage, "image/png", nil
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return MediaImage, "image/jpeg", nil
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return MediaPDF, "application/pdf", nil
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return "", "", Invalid(map[string]string{"file": "暂不支持 WebP 图片，请转换为 PNG 或 JPEG 后上传"})
	}
	return "", "", Invalid(map[string]string{"file": "只接受 PNG、JPEG 图片或 PDF 文件（按文件内容判断，与扩展名无关）"})
}

// CheckFileName refuses a file name that could pass for something else or
// reach outside where it is shown: empty, too long, not UTF-8, with control
// characters, bidi controls or path separators, or a dot-name.
func CheckFileName(name string) error {
	bad := func(msg string) error { return Invalid(map[string]string{"file": msg}) }
	switch {
	case !utf8.ValidString(name):
		return bad("文件名不是有效的 UTF-8 文本")
	case strings.TrimSpace(name) == "":
		return bad("文件名不能为空")
	case utf8.RuneCountInString(name) > maxFileName:
		return bad(fmt.Sprintf("文件名不能超过 %d 个字符", maxFileName))
	case HasBidiControl(name):
		return bad("文件名不能包含改变文字方向的控制字符（如 U+202E）")
	case strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, "."):
		return bad("文件名不能包含路径（/ 或 \\），也不能以点开头")
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }):
		return bad("文件名不能包含控制字符")
	}
	return nil
}

// CheckVideoURL accepts an https link to a video and returns it cleaned.
func CheckVideoURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	bad := func(msg string) (string, error) { return "", Invalid(map[string]string{"url": msg}) }
	if raw == "" {
		return bad("请填写视频链接")
	}
	if len(raw) > maxVideoURL {
		return bad(fmt.Sprintf("视频链接不能超过 %d 个字符", maxVideoURL))
	}
	if !utf8.ValidString(raw) || HasBidiControl(raw) || strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) {
		return bad("视频链接不能包含空白或控制字符")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.Opaque != "" {
		return bad("视频链接须以 https:// 开头，如 https://v.example.cn/watch/123")
	}
	if u.User != nil {
		return bad("视频链接不能包含用户名或密码")
	}
	if u.Hostname() == "" || strings.HasPrefix(u.Hostname(), ".") {
		return bad("视频链接的主机名无效")
	}
	return u.String(), nil
}

// checkCategory fills in and checks the category of a file of media.
func checkCategory(f map[string]string, media AttachmentMedia, c *AttachmentCategory) {
	if *c == "" {
		*c = map[AttachmentMedia]AttachmentCategory{MediaImage: CategoryPhoto, MediaPDF: CategoryOther, MediaVideo: CategoryVideo}[media]
	}
	ok := map[AttachmentMedia][]AttachmentCategory{
		MediaImage: {CategoryPhoto, CategoryPatentCert, CategoryTestReport, CategoryValuationReport, CategoryOther},
		MediaPDF:   {CategoryPatentCert, CategoryTestReport, CategoryValuationReport, CategoryOther},
		MediaVideo: {CategoryVideo},
	}[media]
	for _, k := range ok {
		if k == *c {
			return
		}
	}
	f["category"] = map[AttachmentMedia]string{MediaImage: "图片的类别只能是：图片、专利证书、检测报告、评估报告、其他",
		MediaPDF: "PDF 的类别只能是：专利证书、检测报告、评估报告、其他", MediaVideo: "视频链接的类别只能是视频"}[media]
}

func checkVisibility(f map[string]string, v *AttachmentVisibility) {
	if *v == "" {
		*v = VisibilityPublic
	}
	if *v != VisibilityPublic && *v != VisibilityConfidential {
		f["visibility"] = "可见范围只能是 public（公开）或 confidential（属于保密详情）"
	}
}

// imageThumb decodes an image, within maxImagePixels, and draws its
// thumbnail (at most thumbSide on its longer side, on white) as a JPEG.
func imageThumb(data []byte) (thumb []byte, w, h int, err error) {
	corrupt := Invalid(map[string]string{"file": "图片文件已损坏或无法识别"})
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, corrupt
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return nil, 0, 0, Invalid(map[string]string{"file": fmt.Sprintf("图片尺寸过大（%d×%d），不能超过 %d 万像素", cfg.Width, cfg.Height, maxImagePixels/10000)})
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, corrupt
	}
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	tw, th := w, h
	if w > thumbSide || h > thumbSide {
		if w >= h {
			tw, th = thumbSide, max(1, h*thumbSide/w)
		} else {
			tw, th = max(1, w*thumbSide/h), thumbSide
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, tw, th))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	// Each thumbnail pixel is the mean of the source pixels it covers
	// (the image packages of the standard library have no scaler).
	for y := range th {
		y0, y1 := b.Min.Y+y*h/th, b.Min.Y+max((y+1)*h/th, y*h/th+1)
		for x := range tw {
			x0, x1 := b.Min.X+x*w/tw, b.Min.X+max((x+1)*w/tw, x*w/tw+1)
			var r, g, bl, a, n uint64
			// Sample at most 4×4 points of a large cell: enough for a thumbnail.
			sy, sx := max(1, (y1-y0)/4), max(1, (x1-x0)/4)
			for yy := y0; yy < y1; yy += sy {
				for xx := x0; xx < x1; xx += sx {
					cr, cg, cb, ca := img.At(xx, yy).RGBA()
					r, g, bl, a, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), n+1
				}
			}
			// Over white: premultiplied colour plus white where transparent.
			white := (0xffff*n - a)
			out.SetRGBA(x, y, color.RGBA{uint8((r + white) / n >> 8), uint8((g + white) / n >> 8), uint8((bl + white) / n >> 8), 0xff})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: 82}); err != nil {
		return nil, 0, 0, err
	}
	return buf.Bytes(), w, h, nil
}

// attachmentLimits are the rules' limits, or the defaults where unset.
func (m *Market) attachmentLimits() (maxBytes int64, perListing int) {
	maxBytes, perListing = m.Rules.AttachmentMaxBytes, m.Rules.AttachmentsPerListing
	if maxBytes <= 0 {
		maxBytes = DefaultAttachmentMaxBytes
	}
	if perListing <= 0 {
		perListing = DefaultAttachmentsPerListing
	}
	return maxBytes, perListing
}

// AttachmentMaxBytes is the largest file an attachment may be.
func (m *Market) AttachmentMaxBytes() int64 {
	n, _ := m.attachmentLimits()
	return n
}

// checkAttachmentAct is the one decision of whether actor may add to,
// change or remove the attachments of a listing: whoever may edit it (its
// organisation's members of the owning roles, while it is a draft or
// rejected). Attachments are content and go through review with the rest.
func checkAttachmentAct(actor Actor, item listing, now time.Time) error {
	return checkListingAct(actor, item, ActEdit, listingFacts{now: now})
}

// attachmentActions says what actor may do with an attachment of item.
func attachmentActions(actor Actor, item listing, now time.Time) []string {
	return permitted(AttachmentActions, func(AttachmentAction) error { return checkAttachmentAct(actor, item, now) })
}

// visibleAttachments lists the attachments of a listing that actor may
// see: the public ones, and the confidential ones only for those who may
// read the listing's confidential detail.
func visibleAttachments(db *gorm.DB, actor Actor, item listing, now time.Time) ([]ListingAttachment, error) {
	l, kind := item.base(), item.Kind()
	secret, err := mayReadConfidential(db, actor, kind, l)
	if err != nil {
		return nil, err
	}
	q := db.Where("kind = ? AND listing_id = ?", kind, l.ID)
	if !secret {
		q = q.Where("visibility = ?", VisibilityPublic)
	}
	out := []ListingAttachment{}
	if err := q.Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	acts := attachmentActions(actor, item, now)
	for i := range out {
		out[i].HasThumb, out[i].Actions = out[i].ThumbSHA256 != nil, acts
	}
	return out, nil
}

// confidentialFiles are the listings, of those with ids, that hold
// attachments only for the confidential detail's readers.
func confidentialFiles(db *gorm.DB, kind string, ids []int64) (map[int64]bool, error) {
	var with []int64
	if err := db.Model(&ListingAttachment{}).Distinct("listing_id").
		Where("kind = ? AND listing_id IN ? AND visibility = ?", kind, ids, VisibilityConfidential).Pluck("listing_id", &with).Error; err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, id := range with {
		out[id] = true
	}
	return out, nil
}

// Attachments lists what actor may see of a listing's attachments.
func (ls Listings[T, P]) Attachments(ctx context.Context, actor Actor, id int64) ([]ListingAttachment, error) {
	item, err := ls.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return item.base().Attachments, nil
}

// lockForAttachments opens a write to a listing's attachments: lock it,
// may the actor change them.
func (ls Listings[T, P]) lockForAttachments(tx *gorm.DB, actor Actor, id int64) (P, error) {
	return ls.lockFor(tx, actor, id, ActEdit)
}

// mayChangeAttachments is lockForAttachments's check without the lock, for
// refusing early, before a file is looked at.
func (ls Listings[T, P]) mayChangeAttachments(db *gorm.DB, actor Actor, id int64) error {
	row, err := findByID[T](db, id, listingNotFound(P(new(T)).Kind()))
	if err != nil {
		return err
	}
	return checkAttachmentAct(actor, P(row), ls.m.now())
}

// AddFile attaches an image or a PDF to a listing the actor may edit. The
// content decides what it is; images get a thumbnail. Bad input changes
// nothing.
func (ls Listings[T, P]) AddFile(ctx context.Context, actor Actor, id int64, in FileInput) (*ListingAttachment, error) {
	db := ls.m.db.WithContext(ctx)
	maxBytes, perListing := ls.m.attachmentLimits()
	// Who may and whether the listing is editable first, so that others
	// learn nothing about the file rules of a listing they cannot touch.
	if err := ls.mayChangeAttachments(db, actor, id); err != nil {
		return nil, err
	}
	if err := CheckFileName(in.Name); err != nil {
		return nil, err
	}
	if int64(len(in.Data)) > maxBytes || in.Size > maxBytes {
		return nil, Invalid(map[string]string{"file": fmt.Sprintf("文件不能超过 %s", megabytes(maxBytes))})
	}
	if len(in.Data) == 0 {
		return nil, Invalid(map[string]string{"file": "文件是空的"})
	}
	media, mime, err := SniffFile(in.Data)
	if err != nil {
		return nil, err
	}
	f := map[string]string{}
	checkCategory(f, media, &in.Category)
	checkVisibility(f, &in.Visibility)
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var thumb []byte
	var w, h int
	if media == MediaImage {
		if thumb, w, h, err = imageThumb(in.Data); err != nil {
			return nil, err
		}
	}
	sha := SHA256Hex(in.Data)
	return ls.attach(db, actor, id, perListing, &sha, func(tx *gorm.DB, l *Listing) (*ListingAttachment, error) {
		if err := reserveOrgStorage(tx, l.OrgID, int64(len(in.Data)), 0, in.MaxOrgBytes); err != nil {
			return nil, err
		}
		if _, err := putBlob(tx, in.Data, mime); err != nil {
			return nil, err
		}
		a := &ListingAttachment{Media: media, Category: in.Category, Visibility: in.Visibility,
			Name: strings.TrimSpace(in.Name), SHA256: &sha, Size: int64(len(in.Data)), Width: w, Height: h}
		if thumb != nil {
			t, err := putBlob(tx, thumb, "image/jpeg")
			if err != nil {
				return nil, err
			}
			a.ThumbSHA256 = &t
		}
		return a, nil
	})
}

// AddVideo attaches an https link to a video.
func (ls Listings[T, P]) AddVideo(ctx context.Context, actor Actor, id int64, in VideoInput) (*ListingAttachment, error) {
	db := ls.m.db.WithContext(ctx)
	_, perListing := ls.m.attachmentLimits()
	if err := ls.mayChangeAttachments(db, actor, id); err != nil {
		return nil, err
	}
	f := map[string]string{}
	u, err := CheckVideoURL(in.URL)
	if me, ok := AsError(err); ok {
		for k, v := range me.Fields {
			f[k] = v
		}
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = "视频"
	}
	checkName(f, "title", title, 1, 100, "视频标题")
	checkVisibility(f, &in.Visibility)
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	return ls.attach(db, actor, id, perListing, nil, func(*gorm.DB, *Listing) (*ListingAttachment, error) {
		return &ListingAttachment{Media: MediaVideo, Category: CategoryVideo, Visibility: in.Visibility, Name: title, URL: u}, nil
	})
}

// attach adds an attachment to listing id in one transaction: it locks the
// listing for the actor, checks the listing has room for it (and not the file
// already: sha, nil for a link), lets build store what the attachment needs
// and describe it, and saves it as the listing's, by the actor.
func (ls Listings[T, P]) attach(db *gorm.DB, actor Actor, id int64, perListing int, sha *string,
	build func(tx *gorm.DB, l *Listing) (*ListingAttachment, error)) (*ListingAttachment, error) {
	var out *ListingAttachment
	err := db.Transaction(func(tx *gorm.DB) error {
		item, err := ls.lockForAttachments(tx, actor, id)
		if err != nil {
			return err
		}
		l := item.base()
		if err := checkAttachmentRoom(tx, item.Kind(), l.ID, perListing, sha); err != nil {
			return err
		}
		a, err := build(tx, l)
		if err != nil {
			return err
		}
		a.Kind, a.ListingID, a.OrgID, a.CreatedBy = item.Kind(), l.ID, l.OrgID, actor.UserID
		out = a
		return ls.saveAttachment(tx, actor, item, a)
	})
	return out, err
}

// checkAttachmentRoom refuses an attachment past the listing's count, or a
// file the listing already has (sha: its hash; nil for a link).
func checkAttachmentRoom(tx *gorm.DB, kind string, listingID int64, perListing int, sha *string) error {
	var n int64
	if err := tx.Model(&ListingAttachment{}).Where("kind = ? AND listing_id = ?", kind, listingID).Count(&n).Error; err != nil {
		return err
	}
	if n >= int64(perListing) {
		return Invalid(map[string]string{"file": fmt.Sprintf("每条最多 %d 个附件，请先删除不需要的", perListing)})
	}
	if sha == nil {
		return nil
	}
	if err := tx.Model(&ListingAttachment{}).Where("kind = ? AND listing_id = ? AND sha256 = ?", kind, listingID, *sha).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return Invalid(map[string]string{"file": "该文件已上传过"})
	}
	return nil
}

// saveAttachment inserts a and tells the listing's pages and the audit log.
func (ls Listings[T, P]) saveAttachment(tx *gorm.DB, actor Actor, item P, a *ListingAttachment) error {
	if err := tx.Create(a).Error; err != nil {
		return err
	}
	a.HasThumb, a.Actions = a.ThumbSHA256 != nil, attachmentActions(actor, item, ls.m.now())
	return listingChanged(tx, actor, item, "attachment_added", nil, a)
}

// lockAttachment locks listing id for the actor's change of its
// attachments (lockForAttachments) and reads its attachment aid.
func (ls Listings[T, P]) lockAttachment(tx *gorm.DB, actor Actor, id, aid int64) (P, *ListingAttachment, error) {
	item, err := ls.lockForAttachments(tx, actor, id)
	if err != nil {
		return item, nil, err
	}
	var a ListingAttachment
	err = tx.Where("id = ? AND kind = ? AND listing_id = ?", aid, item.Kind(), item.base().ID).First(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return item, nil, ErrFileNotFound
	}
	return item, &a, err
}

// UpdateAttachment changes an attachment's category or visibility.
func (ls Listings[T, P]) UpdateAttachment(ctx context.Context, actor Actor, id, aid int64, in AttachmentPatch) (*ListingAttachment, error) {
	db := ls.m.db.WithContext(ctx)
	var out *ListingAttachment
	err := db.Transaction(func(tx *gorm.DB) error {
		item, a, err := ls.lockAttachment(tx, actor, id, aid)
		if err != nil {
			return err
		}
		before := *a
		f := map[string]string{}
		if in.Category != "" {
			a.Category = in.Category
			checkCategory(f, a.Media, &a.Category)
		}
		if in.Visibility != "" {
			a.Visibility = in.Visibility
			checkVisibility(f, &a.Visibility)
		}
		if len(f) > 0 {
			return Invalid(f)
		}
		if err := tx.Model(a).Select("category", "visibility").Updates(a).Error; err != nil {
			return err
		}
		a.HasThumb, a.Actions = a.ThumbSHA256 != nil, attachmentActions(actor, item, ls.m.now())
		out = a
		return listingChanged(tx, actor, item, "attachment_changed", before, a)
	})
	return out, err
}

// RemoveAttachment removes an attachment; its file goes with it unless
// another record still refers to the same content.
func (ls Listings[T, P]) RemoveAttachment(ctx context.Context, actor Actor, id, aid int64) error {
	db := ls.m.db.WithContext(ctx)
	return db.Transaction(func(tx *gorm.DB) error {
		item, a, err := ls.lockAttachment(tx, actor, id, aid)
		if err != nil {
			return err
		}
		if err := tx.Delete(a).Error; err != nil {
			return err
		}
		if err := releaseBlobs(tx, deref(a.SHA256), deref(a.ThumbSHA256)); err != nil {
			return err
		}
		return listingChanged(tx, actor, item, "attachment_removed", a, nil)
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// AttachmentFile is an attachment's content (or its thumbnail) for a
// viewer who may see it. Anyone else, whatever id they guess, hears that
// there is no such file.
func (ls Listings[T, P]) AttachmentFile(ctx context.Context, actor Actor, id, aid int64, thumb bool) (*ListingAttachment, *Blob, error) {
	db := ls.m.db.WithContext(ctx)
	item, err := ls.Get(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range item.base().Attachments {
		if a.ID != aid {
			continue
		}
		sha := a.SHA256
		if thumb {
			sha = a.ThumbSHA256
		}
		if sha == nil {
			return nil, nil, ErrFileNotFound.Say("该附件没有可下载的文件")
		}
		b, err := blobData(db, *sha)
		return &a, b, err
	}
	return nil, nil, ErrFileNotFound
}
