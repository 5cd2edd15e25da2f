package models

import (
	"strings"
	"testing"
)

func TestNextArticleStatus(t *testing.T) {
	for _, tc := range []struct {
		from ArticleStatus
		act  ArticleAction
		want ArticleStatus
		ok   bool
	}{
		{ArticleDraft, ArticlePublish, ArticlePublished, true},
		{ArticleWithdrawn, ArticlePublish, ArticlePublished, true},
		{ArticlePublished, ArticleWithdraw, ArticleWithdrawn, true},
		{ArticlePublished, ArticleEdit, ArticlePublished, true},
		{ArticlePublished, ArticlePublish, ArticlePublished, false},
		{ArticleDraft, ArticleWithdraw, ArticleDraft, false},
		{ArticleWithdrawn, ArticleWithdraw, ArticleWithdrawn, false},
	} {
		got, err := NextArticleStatus(tc.from, tc.act)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("%s %s: %s %v, want %s (ok %v)", tc.from, tc.act, got, err, tc.want, tc.ok)
		}
	}
}

func TestSanitizeArticleHTML(t *testing.T) {
	for in, want := range map[string]string{
		`<p>正文<script>alert(1)</script></p>`:                       `<p>正文</p>`,
		`<img src=x onerror=alert(1)>`:                             ``,
		`<a href="javascript:alert(1)">点此</a>`:                     `点此`,
		`<a href="JaVaScRiPt:alert(1)">点此</a>`:                     `点此`,
		`<a href="data:text/html,<script>alert(1)</script>">x</a>`: `x`,
		`<p style="color:red" class="x">红</p>`:                     `<p>红</p>`,
		`<svg onload=alert(1)><p>文</p></svg>`:                      `<p>文</p>`,
		`<h3>一、总则</h3><ol><li><em>第一条</em></li></ol>`:              `<h3>一、总则</h3><ol><li><em>第一条</em></li></ol>`,
		`<a href="/articles/3">相关通知</a>`:                           `<a href="/articles/3">相关通知</a>`,
		`<a href="mailto:kjj@fuzhou.gov.cn">来信</a>`:                `<a href="mailto:kjj@fuzhou.gov.cn">来信</a>`,
	} {
		if got := SanitizeArticleHTML(in); got != want {
			t.Errorf("%s:\n got %s\nwant %s", in, got, want)
		}
	}
	if got := SanitizeArticleHTML(`<a href="https://www.most.gov.cn/">科技部</a>`); !strings.Contains(got, `rel="noopener"`) {
		t.Errorf("an outside link without noopener: %s", got)
	}
}
