package models

import (
	"context"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"gorm.io/gorm"
)

// ArticleCategory is the column of the home page an article appears in.
type ArticleCategory string

const (
	ArticleNotice ArticleCategory = "notice" // 通知公告
	ArticlePolicy ArticleCategory = "policy" // 政策法规
)

// ArticleCategoryLabels names the categories as the pages do.
var ArticleCategoryLabels = map[ArticleCategory]string{ArticleNotice: "通知公告", ArticlePolicy: "政策法规"}

// ArticleStatus is where an article stands:
//
//	draft -> published -> withdrawn -> published ...
type ArticleStatus string

const (
	ArticleDraft     ArticleStatus = "draft"
	ArticlePublished ArticleStatus = "published"
	ArticleWithdrawn ArticleStatus = "withdrawn"
)

// ArticleAction is a step of an article.
type ArticleAction string

const (
	ArticlePublish  ArticleAction = "publish"  // draft | withdrawn -> published
	ArticleWithdraw ArticleAction = "withdraw" // published -> withdrawn
	ArticleEdit     ArticleAction = "edit"     // any status; no move
)

var articleStatusNames = map[ArticleStatus]string{ArticleDraft: "草稿", ArticlePublished: "已发布", ArticleWithdrawn: "已撤回"}

var articleActionNames = map[ArticleAction]string{ArticlePublish: "发布", ArticleWithdraw: "撤回", ArticleEdit: "编辑"}

// NextArticleStatus is the article workflow in one place: where act takes an
// article in status from, or a 409 saying why it cannot. Only market admins
// act on articles; the caller checks that.
func NextArticleStatus(from ArticleStatus, act ArticleAction) (ArticleStatus, error) {
	switch {
	case act == ArticleEdit:
		return from, nil
	case act == ArticlePublish && (from == ArticleDraft || from == ArticleWithdrawn):
		return ArticlePublished, nil
	case act == ArticleWithdraw && from == ArticlePublished:
		return ArticleWithdrawn, nil
	}
	return from, ErrBadTransition.Sayf("文章当前状态（%s）不能%s", articleStatusNames[from], articleActionNames[act])
}

// Article is a 通知公告 or 政策法规 a market admin writes for the home page.
// Body is HTML, sanitised (SanitizeArticleHTML) before it is stored, so the
// pages may show it as it is.
type Article struct {
	ID          int64           `gorm:"primaryKey" json:"id"`
	Category    ArticleCategory `gorm:"size:20;not null" json:"category"`
	Title       string          `gorm:"size:200;not null" json:"title"`
	Body        string          `gorm:"type:text;not null" json:"body,omitempty"`
	Status      ArticleStatus   `gorm:"size:20;not null" json:"status"`
	PublishedAt *time.Time      `json:"published_at"`
	CreatedBy   int64           `gorm:"not null" json:"-"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	// Actions is what the caller may do with the article now (articleActions).
	Actions []string `gorm:"-" json:"actions"`
}

// ArticleInput is what an admin writes: the category, the title and the body
// as HTML (anything but the formatting SanitizeArticleHTML keeps is dropped).
type ArticleInput struct {
	Category ArticleCategory `json:"category"`
	Title    string          `json:"title"`
	Body     string          `json:"body"`
}

// MaxArticleBody bounds a body, in characters after sanitising.
const MaxArticleBody = 100000

// articlePolicy keeps the formatting an announcement or a policy text needs
// (paragraphs, headings, lists, emphasis, quotes, tables, links) and drops
// everything else: script and style with their content, event handler
// attributes, style attributes, and links whose scheme is not http(s) or
// mailto (javascript:, data:, vbscript:). Links leaving the site open in a
// new tab with rel="noopener".
func articlePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
		"strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AddTargetBlankToFullyQualifiedLinks(true) // and rel="noopener" with it
	return p
}

var (
	articleHTML = articlePolicy()
	plainText   = bluemonday.StrictPolicy()
)

// SanitizeArticleHTML is the body as it is stored and shown: only the
// formatting articlePolicy allows.
func SanitizeArticleHTML(html string) string {
	return strings.TrimSpace(articleHTML.Sanitize(html))
}

func (in *ArticleInput) check() map[string]string {
	in.Title = strings.TrimSpace(in.Title)
	in.Body = SanitizeArticleHTML(in.Body)
	f := map[string]string{}
	if _, ok := ArticleCategoryLabels[in.Category]; !ok {
		f["category"] = "栏目只能是通知公告（notice）或政策法规（policy）"
	}
	checkName(f, "title", in.Title, 2, 200, "标题")
	if strings.TrimSpace(plainText.Sanitize(in.Body)) == "" {
		f["body"] = "请填写正文"
	} else {
		checkLen(f, "body", in.Body, 1, MaxArticleBody, "正文")
	}
	return f
}

// articleActions: market admins edit every article and publish or withdraw it
// as its status allows; nobody else acts on articles.
func articleActions(a Actor, x *Article) []string {
	if !a.Acts(RoleAdmin) {
		return []string{}
	}
	return permitted([]ArticleAction{ArticleEdit, ArticlePublish, ArticleWithdraw}, func(act ArticleAction) error {
		_, err := NextArticleStatus(x.Status, act)
		return err
	})
}

// CreateArticle saves a draft (market admins); audited.
func (m *Market) CreateArticle(ctx context.Context, actor Actor, in ArticleInput) (*Article, error) {
	if err := actor.RequirePower(RoleAdmin); err != nil {
		return nil, err
	}
	if f := in.check(); len(f) > 0 {
		return nil, Invalid(f)
	}
	now := m.now().UTC()
	a := &Article{Category: in.Category, Title: in.Title, Body: in.Body, Status: ArticleDraft,
		CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "article.create", "article", a.ID, nil, a)
	})
	a.Actions = articleActions(actor, a)
	return a, err
}

// UpdateArticle rewrites an article in any status (market admins); a
// published article changes on the public pages at once. Audited.
func (m *Market) UpdateArticle(ctx context.Context, actor Actor, id int64, in ArticleInput) (*Article, error) {
	return m.actOnArticle(ctx, actor, id, ArticleEdit, &in)
}

// ActOnArticle publishes or withdraws an article (market admins); audited.
func (m *Market) ActOnArticle(ctx context.Context, actor Actor, id int64, act ArticleAction) (*Article, error) {
	if act != ArticlePublish && act != ArticleWithdraw {
		return nil, Invalid(map[string]string{"action": "操作只能是 publish 或 withdraw"})
	}
	return m.actOnArticle(ctx, actor, id, act, nil)
}

// actOnArticle: lock → check → decide → save → audit.
func (m *Market) actOnArticle(ctx context.Context, actor Actor, id int64, act ArticleAction, in *ArticleInput) (*Article, error) {
	if err := actor.RequirePower(RoleAdmin); err != nil {
		return nil, err
	}
	if in != nil {
		if f := in.check(); len(f) > 0 {
			return nil, Invalid(f)
		}
	}
	var out *Article
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		a, err := lockByID[Article](tx, id, ErrArticleNotFound)
		if err != nil {
			return err
		}
		before := *a
		next, err := NextArticleStatus(a.Status, act)
		if err != nil {
			return err
		}
		now := m.now().UTC()
		a.Status, a.UpdatedAt = next, now
		if in != nil {
			a.Category, a.Title, a.Body = in.Category, in.Title, in.Body
		}
		if act == ArticlePublish && a.PublishedAt == nil { // republishing keeps the first date
			a.PublishedAt = &now
		}
		res := tx.Model(&Article{}).Where("id = ? AND status = ?", a.ID, before.Status).Updates(map[string]any{
			"category": a.Category, "title": a.Title, "body": a.Body, "status": a.Status,
			"published_at": a.PublishedAt, "updated_at": a.UpdatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrBadTransition.Say("文章已被他人修改，请刷新后重试")
		}
		out = a
		return Audit(tx, actor, "article."+string(act), "article", a.ID, before, a)
	})
	if err != nil {
		return nil, err
	}
	out.Actions = articleActions(actor, out)
	return out, nil
}

// GetArticle shows a published article to anyone and any article to market
// admins; a draft or withdrawn one is not found for everyone else.
func (m *Market) GetArticle(ctx context.Context, actor Actor, id int64) (*Article, error) {
	a, err := findByID[Article](m.db.WithContext(ctx), id, ErrArticleNotFound)
	if err != nil {
		return nil, err
	}
	if a.Status != ArticlePublished && !actor.Acts(RoleAdmin) {
		return nil, ErrArticleNotFound
	}
	a.Actions = articleActions(actor, a)
	return a, nil
}

// ArticleFilter selects articles: the public lists (published only, newest
// first) or, with All, every article for the admins' desk.
type ArticleFilter struct {
	Category ArticleCategory
	Status   ArticleStatus // with All only
	All      bool
	Page
}

// ListArticles lists articles without their bodies.
func (m *Market) ListArticles(ctx context.Context, actor Actor, f ArticleFilter) ([]Article, int64, error) {
	if f.All {
		if err := actor.RequirePower(RoleAdmin); err != nil {
			return nil, 0, err
		}
	}
	bad := map[string]string{}
	if _, ok := ArticleCategoryLabels[f.Category]; f.Category != "" && !ok {
		bad["category"] = "栏目只能是 notice 或 policy"
	}
	if _, ok := articleStatusNames[f.Status]; f.Status != "" && !ok {
		bad["status"] = "状态只能是 draft、published 或 withdrawn"
	}
	if len(bad) > 0 {
		return nil, 0, Invalid(bad)
	}
	q := m.db.WithContext(ctx).Model(&Article{})
	switch {
	case !f.All:
		q = q.Where("status = ?", ArticlePublished)
	case f.Status != "":
		q = q.Where("status = ?", f.Status)
	}
	if f.Category != "" {
		q = q.Where("category = ?", f.Category)
	}
	order := "published_at DESC, id DESC"
	if f.All {
		order = "updated_at DESC, id DESC"
	}
	return findPageEach(q.Omit("body"), order, f.Page, func(x *Article) { x.Actions = articleActions(actor, x) })
}
