package models

import (
	"strings"
	"testing"
)

func TestNextArticleStatus(t *testing.T) {
	checkMoves(t, NextArticleStatus, articleStatusNames, []move[ArticleStatus, ArticleAction]{
		{ArticleDraft, ArticlePublish, ArticlePublished, ""},
		{ArticleWithdrawn, ArticlePublish, ArticlePublished, ""},
		{ArticlePublished, ArticleWithdraw, ArticleWithdrawn, ""},
		{ArticlePublished, ArticleEdit, ArticlePublished, ""},
		{ArticlePublished, ArticlePublish, ArticlePublished, refused},
		{ArticleDraft, ArticleWithdraw, ArticleDraft, refused},
		{ArticleWithdrawn, ArticleWithdraw, ArticleWithdrawn, refused},
	})
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
