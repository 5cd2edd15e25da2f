package app

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"techmarket/models"
)

// attachmentForm is an attachment's upload: the file, what it shows and
// who sees it.
type attachmentForm struct {
	File       upload                      `form:"file"`
	Category   models.AttachmentCategory   `form:"category"`
	Visibility models.AttachmentVisibility `form:"visibility"`
}

func (attachmentForm) multipart() {}

// attachmentRoutes are this kind's endpoints for attachments: images, PDFs
// and video links, public or kept for the confidential detail's readers.
func (h listings[T, P]) attachmentRoutes(tag, what string, owners []models.Role) []route {
	base := "/api/v1/" + h.kind + "/:id/attachments"
	notFound := h.notFound()
	write := []*models.Error{notFound, models.ErrNotEditable, models.ErrInvalidInput}
	missing := []*models.Error{notFound, models.ErrFileNotFound}
	return []route{
		{method: "GET", path: base, tag: tag, summary: what + "的附件：公开的；能看保密详情的人（发布方、管理员、获准者）另见保密附件", handler: itemsByID(h.store.Attachments), out: itemsOf[models.ListingAttachment]{}, errs: []*models.Error{notFound}},
		{method: "POST", path: base, tag: tag, summary: "上传附件（草稿或被驳回时；multipart：file 为 PNG/JPEG 图片或 PDF，按内容判断，单个不超过上限；category、visibility 可选）", access: member, roles: owners, handler: h.uploadAttachment, in: attachmentForm{}, out: created(models.ListingAttachment{}), errs: append(write, models.ErrOrgStorageFull)},
		{method: "POST", path: "/api/v1/" + h.kind + "/:id/videos", tag: tag, summary: "添加视频链接（仅 https）", access: member, roles: owners, handler: byIDWith(fiber.StatusCreated, h.store.AddVideo), in: models.VideoInput{}, out: created(models.ListingAttachment{}), errs: write},
		{method: "PATCH", path: base + "/:file", tag: tag, summary: "修改附件的类别或可见范围（公开 / 属于保密详情）", access: member, roles: owners, handler: h.updateAttachment, in: models.AttachmentPatch{}, out: models.ListingAttachment{}, errs: append(write, models.ErrFileNotFound)},
		{method: "DELETE", path: base + "/:file", tag: tag, summary: "删除附件", access: member, roles: owners, handler: h.removeAttachment, out: noContent, errs: append(write, models.ErrFileNotFound)},
		{method: "GET", path: base + "/:file/content", tag: tag, summary: "附件文件（保密附件仅对能看保密详情的人）", handler: h.attachmentContent(false), out: file("附件", "image/png", "image/jpeg", "application/pdf"), errs: missing},
		{method: "GET", path: base + "/:file/thumb", tag: tag, summary: "图片附件的缩略图（JPEG）", handler: h.attachmentContent(true), out: file("缩略图", "image/jpeg"), errs: missing},
	}
}

// uploadAttachment reads the file, at most one byte past the limit (the
// model refuses what is too big, after deciding whether the caller may
// attach anything at all), and attaches it.
func (h listings[T, P]) uploadAttachment(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return models.Invalid(map[string]string{"file": "请选择要上传的文件（表单字段 file）"})
	}
	limit := h.s.market.AttachmentMaxBytes()
	var data []byte
	if fh.Size <= limit { // a larger one the model refuses by its size
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		if data, err = io.ReadAll(io.LimitReader(f, limit+1)); err != nil {
			return err
		}
	}
	out, err := h.store.AddFile(c.UserContext(), actorOf(c), id, models.FileInput{
		Name:        utils.CopyString(fh.Filename),
		Data:        data,
		Size:        fh.Size,
		Category:    models.AttachmentCategory(utils.CopyString(c.FormValue("category"))),
		Visibility:  models.AttachmentVisibility(utils.CopyString(c.FormValue("visibility"))),
		MaxOrgBytes: h.s.orgStorageCap(),
	})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (h listings[T, P]) updateAttachment(c *fiber.Ctx) error {
	id, aid, err := idAnd(c, "file")
	if err != nil {
		return err
	}
	var in models.AttachmentPatch
	if err := decode(c, &in); err != nil {
		return err
	}
	out, err := h.store.UpdateAttachment(c.UserContext(), actorOf(c), id, aid, in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (h listings[T, P]) removeAttachment(c *fiber.Ctx) error {
	id, aid, err := idAnd(c, "file")
	if err != nil {
		return err
	}
	if err := h.store.RemoveAttachment(c.UserContext(), actorOf(c), id, aid); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// attachmentContent sends an attachment's file or thumbnail to a viewer who
// may see it, shown in the browser rather than saved, under its own name.
func (h listings[T, P]) attachmentContent(thumb bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, aid, err := idAnd(c, "file")
		if err != nil {
			return err
		}
		a, b, err := h.store.AttachmentFile(c.UserContext(), actorOf(c), id, aid, thumb)
		if err != nil {
			return err
		}
		ext := map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "application/pdf": ".pdf"}[b.Mime]
		c.Set(fiber.HeaderContentType, b.Mime)
		c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="attachment-%d%s"; filename*=UTF-8''%s`,
			a.ID, ext, strings.ReplaceAll(url.PathEscape(a.Name), "'", "%27")))
		// Kept by the viewer's browser only: a confidential file must not
		// sit in a shared cache.
		c.Set(fiber.HeaderCacheControl, "private, max-age=300")
		return c.Send(b.Data)
	}
}
