package app

import (
	"strings"
	"testing"

	"techmarket/models"
)

// 通知公告 and 政策法规: only a market admin writes them, their bodies keep
// formatting and lose anything that could run, and the public sees only
// what is published.
func TestArticles(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		supplier := m.signUp("articles_u", models.RoleSupplier, "福州大学")
		m.verify(admin, supplier)
		hostile := `<h2>申报条件</h2><p onclick="steal()">请各单位<strong>按时</strong>申报。<script>alert(1)</script></p>` +
			`<style>body{display:none}</style><img src="x" onerror="alert(2)">` +
			`<ul><li><a href="javascript:alert(3)">申报表</a></li><li><a href="https://kjj.fuzhou.gov.cn/zwgk/">原文</a></li></ul>` +
			`<table><tr><th>批次</th><td colspan="2">第一批</td></tr></table><iframe src="https://evil.example"></iframe>`
		in := models.ArticleInput{Category: models.ArticleNotice, Title: "关于组织申报 2026 年度技术转移奖励的通知", Body: hostile}

		m.play(t,
			step{name: "the public may not write", as: nil, method: "POST", path: "/api/v1/articles", body: in, want: 401},
			step{name: "a supplier may not write", as: supplier, method: "POST", path: "/api/v1/articles", body: in, want: 403, code: "forbidden"},
		)
		if n := m.count(&models.Article{}); n != 0 {
			t.Fatalf("refused writes left %d articles", n)
		}
		a := call[models.Article](m, admin, 201, "POST", "/api/v1/articles", in)
		for _, gone := range []string{"<script", "alert(", "onclick", "onerror", "<style", "display:none", "javascript:", "<iframe", "<img"} {
			if strings.Contains(a.Body, gone) {
				t.Errorf("sanitised body keeps %q: %s", gone, a.Body)
			}
		}
		for _, kept := range []string{"<h2>申报条件</h2>", "<strong>按时</strong>", "<li>", `<td colspan="2">第一批</td>`,
			`<a href="https://kjj.fuzhou.gov.cn/zwgk/" target="_blank" rel="noopener">原文</a>`} {
			if !strings.Contains(a.Body, kept) {
				t.Errorf("sanitised body lost %q: %s", kept, a.Body)
			}
		}
		if a.Status != models.ArticleDraft || a.PublishedAt != nil || strings.Join(a.Actions, ",") != "edit,publish" {
			t.Errorf("a new article: %+v", a)
		}
		path := "/api/v1/articles/" + itoa(a.ID)

		// A draft is the admins' alone.
		m.expect(nil, 404, "GET", path, nil)
		m.expect(supplier, 404, "GET", path, nil)
		if l := call[page[models.Article]](m, nil, 200, "GET", "/api/v1/articles?category=notice", nil); l.Total != 0 {
			t.Errorf("the public list shows a draft: %+v", l)
		}
		m.play(t,
			step{name: "nothing to write", as: admin, method: "POST", path: "/api/v1/articles", want: 422, code: "invalid_input",
				body: models.ArticleInput{Category: "news", Title: "通", Body: "<script>alert(1)</script>"}, field: "category"},
			step{name: "a title too short", as: admin, method: "POST", path: "/api/v1/articles", want: 422, field: "title",
				body: models.ArticleInput{Category: "notice", Title: "通", Body: "<p>正文</p>"}},
			step{name: "a body that is only a script", as: admin, method: "POST", path: "/api/v1/articles", want: 422, field: "body",
				body: models.ArticleInput{Category: "notice", Title: "通知", Body: "<script>alert(1)</script>"}},
			step{name: "a draft is not withdrawn", as: admin, method: "POST", path: path + "/withdraw", want: 409, code: "bad_transition"},
			step{name: "a supplier may not publish", as: supplier, method: "POST", path: path + "/publish", want: 403, code: "forbidden"},
			step{name: "the admin publishes", as: admin, method: "POST", path: path + "/publish", want: 200},
			step{name: "published once", as: admin, method: "POST", path: path + "/publish", want: 409, code: "bad_transition"},
		)
		got := call[models.Article](m, nil, 200, "GET", path, nil)
		if got.Body != a.Body || got.PublishedAt == nil || len(got.Actions) != 0 {
			t.Errorf("the public reads %+v", got)
		}
		l := call[page[models.Article]](m, nil, 200, "GET", "/api/v1/articles?category=notice", nil)
		if l.Total != 1 || l.Items[0].ID != a.ID || l.Items[0].Body != "" {
			t.Errorf("the public list: %+v", l)
		}
		if l := call[page[models.Article]](m, nil, 200, "GET", "/api/v1/articles?category=policy", nil); l.Total != 0 {
			t.Errorf("policies: %+v", l)
		}
		m.expect(nil, 422, "GET", "/api/v1/articles?category=news", nil)

		// Edited while published, the page changes at once; withdrawn, it is gone.
		in.Body = `<p>截止日期延至 12 月 31 日。<a href="https://kjj.fuzhou.gov.cn" onmouseover="x()">详见</a></p>`
		edited := call[models.Article](m, admin, 200, "PUT", path, in)
		if edited.Status != models.ArticlePublished || strings.Contains(edited.Body, "onmouseover") || !strings.Contains(edited.Body, "12 月 31 日") {
			t.Errorf("edited: %+v", edited)
		}
		m.expect(supplier, 403, "PUT", path, in)
		call[models.Article](m, admin, 200, "POST", path+"/withdraw", nil)
		m.expect(nil, 404, "GET", path, nil)
		if l := call[page[models.Article]](m, admin, 200, "GET", "/api/v1/admin/articles?status=withdrawn", nil); l.Total != 1 ||
			strings.Join(l.Items[0].Actions, ",") != "edit,publish" {
			t.Errorf("the admins' list: %+v", l)
		}
		again := call[models.Article](m, admin, 200, "POST", path+"/publish", nil)
		if !again.PublishedAt.Equal(*got.PublishedAt) {
			t.Errorf("republished on %v, first published %v", again.PublishedAt, got.PublishedAt)
		}
		var audits int64
		m.db.Model(&models.AuditLog{}).Where("entity = ? AND entity_id = ?", "article", a.ID).Count(&audits)
		if audits != 5 { // create, publish, edit, withdraw, publish
			t.Errorf("%d audit entries, want 5", audits)
		}
	})
}
