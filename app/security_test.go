package app

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

// A try is one route (or one state of its resource) tried by every kind of
// actor. want lists the expected status per actor, in the order of
// actorNames: public, owner (active 机构管理员 of the resource's
// organisation), pending (its member whose request to join waits), other (a
// member of another organisation of the same kind), unverified broker,
// verified broker, another agency's reviewer, market admin.
type try struct {
	route string // "METHOD /path" as the route table has it, plus " (state)" for a variant
	side  side
	setup func(w *world) (path string, body any) // a new resource for each success
	want  string
	after func(w *world, a *account) // put the world back after a success that changes who is who
}

// form is a multipart body.
type form struct {
	fields   map[string]string
	file     string
	contents []byte
}

func at(path string) func(*world) (string, any) {
	return func(*world) (string, any) { return path, nil }
}

func with(path string, body any) func(*world) (string, any) {
	return func(*world) (string, any) { return path, body }
}

const (
	everyone   = "200 200 200 200 200 200 200 200"
	anyLogin   = "401 200 200 200 200 200 200 200"
	anyMember  = "401 200 403 200 200 200 200 200"
	adminOnly  = "401 403 403 403 403 403 403 200"
	adminWrite = "401 403 403 403 403 403 403 201"
)

// issuedBulletin issues the whole market's bulletin of January 2025 (once)
// and reads path.
func issuedBulletin(path string) func(*world) (string, any) {
	return func(w *world) (string, any) {
		if r := w.m.do("POST", "/api/v1/bulletins/2025/1/issue", w.admin.Token, nil); r.Status != 201 && r.Status != 409 {
			w.t.Fatalf("issue: %d %s", r.Status, r.Body)
		}
		return path, nil
	}
}

func securityTries() []try {
	issues := 0
	ach := func(f func(w *world) int64, suffix string) func(*world) (string, any) {
		return func(w *world) (string, any) { return "/api/v1/achievements/" + itoa(f(w)) + suffix, nil }
	}
	need := func(f func(w *world) int64, suffix string) func(*world) (string, any) {
		return func(w *world) (string, any) { return "/api/v1/needs/" + itoa(f(w)) + suffix, nil }
	}
	achDraft := func(w *world) int64 { return w.achDraft() }
	achPending := func(w *world) int64 { return w.achPending() }
	achPublished := func(w *world) int64 { return w.achPublished() }
	needDraft := func(w *world) int64 { return w.needDraft() }
	needPending := func(w *world) int64 {
		id := w.needDraft()
		w.m.must(200, w.m.do("POST", "/api/v1/needs/"+itoa(id)+"/submit", w.eOwner.Token, nil))
		return id
	}
	needPublished := func(w *world) int64 { return w.needPublished() }
	achRejected := func(w *world) int64 {
		id := w.achPending()
		w.m.must(200, w.m.do("POST", "/api/v1/achievements/"+itoa(id)+"/reject", w.admin.Token, map[string]string{"reason": "缺少技术指标"}))
		return id
	}
	needRejected := func(w *world) int64 {
		id := needPending(w)
		w.m.must(200, w.m.do("POST", "/api/v1/needs/"+itoa(id)+"/reject", w.admin.Token, map[string]string{"reason": "预算不明确"}))
		return id
	}
	expired := func(table string, f func(w *world) int64, col string) func(w *world) int64 {
		return func(w *world) int64 {
			id := f(w)
			w.setStatus(table, id, map[string]any{"status": "closed", "close_reason": "expired", col: time.Now().Add(-time.Hour)})
			return id
		}
	}
	withdrawn := func(table string, f func(w *world) int64) func(w *world) int64 {
		return func(w *world) int64 {
			id := f(w)
			w.setStatus(table, id, map[string]any{"status": "closed", "close_reason": "withdrawn"})
			return id
		}
	}
	contract := func(f func(w *world) int64, suffix string, body any) func(*world) (string, any) {
		return func(w *world) (string, any) { return "/api/v1/contracts/" + itoa(f(w)) + suffix, body }
	}
	challenge := func(f func(w *world) int64, suffix string, body any) func(*world) (string, any) {
		return func(w *world) (string, any) { return "/api/v1/challenges/" + itoa(f(w)) + suffix, body }
	}
	membership := func(path string, acts ...string) func(*world) (string, any) {
		return func(w *world) (string, any) { return "/api/v1/memberships/" + itoa(w.member(acts...)) + path, nil }
	}
	closed := func(w *world) (int64, int64) {
		c, p := w.proposal()
		w.closeChallenge(c)
		return c, p
	}
	zones := 0
	zone := func(*world) map[string]any {
		zones++
		return map[string]any{"code": fmt.Sprintf("FZGXQ%d", zones), "name": "福州高新区", "parent": "350100", "covers": []string{"350121", "350104"}}
	}
	review := map[string]any{"grounds": []string{"unclear_terms"}, "comment": "标的描述不清，请补正"}
	pass := map[string]any{"reasons": []string{"price"}}

	tries := []try{
		// The system and the public catalogue.
		{route: "GET /healthz", setup: at("/healthz"), want: everyone},
		{route: "GET /readyz", setup: func(w *world) (string, any) { w.m.indexed(); return "/readyz", nil }, want: everyone},
		{route: "GET /api/openapi.json", setup: at("/api/openapi.json"), want: everyone},
		{route: "GET /api/docs", setup: at("/api/docs"), want: everyone},
		{route: "GET /api/v1/site", setup: at("/api/v1/site"), want: everyone},
		{route: "PUT /api/v1/site", setup: with("/api/v1/site", map[string]any{"market_name": "福州网上技术市场", "host": "福州市科学技术局"}), want: adminOnly},
		{route: "GET /api/v1/home", setup: at("/api/v1/home"), want: everyone},
		{route: "GET /api/v1/articles", setup: at("/api/v1/articles?category=notice"), want: everyone},
		{route: "GET /api/v1/articles/:id", setup: func(w *world) (string, any) { return "/api/v1/articles/" + itoa(w.articlePublished()), nil }, want: everyone},
		{route: "GET /api/v1/articles/:id (draft)", setup: func(w *world) (string, any) { return "/api/v1/articles/" + itoa(w.articleDraft()), nil }, want: "404 404 404 404 404 404 404 200"},
		{route: "GET /api/v1/admin/articles", setup: at("/api/v1/admin/articles"), want: adminOnly},
		{route: "POST /api/v1/articles", setup: with("/api/v1/articles", map[string]any{"category": "policy", "title": "福州市促进科技成果转化若干措施", "body": "<p>第一条</p>"}), want: adminWrite},
		{route: "PUT /api/v1/articles/:id", setup: func(w *world) (string, any) {
			return "/api/v1/articles/" + itoa(w.articleDraft()), map[string]any{"category": "notice", "title": "关于开展技术合同登记培训的通知（更正）", "body": "<p>更正</p>"}
		}, want: adminOnly},
		{route: "POST /api/v1/articles/:id/publish", setup: func(w *world) (string, any) { return "/api/v1/articles/" + itoa(w.articleDraft()) + "/publish", nil }, want: adminOnly},
		{route: "POST /api/v1/articles/:id/withdraw", setup: func(w *world) (string, any) {
			return "/api/v1/articles/" + itoa(w.articlePublished()) + "/withdraw", nil
		}, want: adminOnly},
		{route: "GET /api/v1/meta/enums", setup: at("/api/v1/meta/enums"), want: everyone},
		{route: "GET /api/v1/search", setup: at("/api/v1/search?q=石墨烯"), want: everyone},
		{route: "POST /api/v1/field-suggestion", setup: with("/api/v1/field-suggestion", map[string]any{"title": "石墨烯导热膜"}), want: anyLogin},
		{route: "GET /api/v1/time", setup: at("/api/v1/time"), want: everyone},

		// Accounts.
		{route: "POST /api/v1/auth/register", setup: func(w *world) (string, any) {
			return "/api/v1/auth/register", registration(fmt.Sprintf("newcomer%d", w.next()), models.RoleDemander, fmt.Sprintf("新企业%d", w.seq))
		}, want: "201 201 201 201 201 201 201 201"},
		{route: "POST /api/v1/auth/login", setup: func(w *world) (string, any) {
			return "/api/v1/auth/login", map[string]string{"username": w.eOther.Username, "password": w.eOther.Password}
		}, want: everyone},
		{route: "POST /api/v1/auth/refresh", setup: func(w *world) (string, any) {
			a := *w.eOther
			w.m.login(&a)
			return "/api/v1/auth/refresh", map[string]string{"refresh_token": a.Refresh}
		}, want: everyone},
		{route: "POST /api/v1/auth/logout", setup: func(w *world) (string, any) {
			a := *w.eOther
			w.m.login(&a)
			return "/api/v1/auth/logout", map[string]string{"refresh_token": a.Refresh}
		}, want: "204 204 204 204 204 204 204 204"},
		{route: "POST /api/v1/auth/logout-all", setup: at("/api/v1/auth/logout-all"), want: "401 204 204 204 204 204 204 204",
			after: func(w *world, a *account) { w.m.login(a) }},
		{route: "GET /api/v1/me", setup: at("/api/v1/me"), want: anyLogin},
		{route: "PATCH /api/v1/me", setup: with("/api/v1/me", map[string]any{"phone": "0591-87654321"}), want: anyLogin},
		{route: "POST /api/v1/me/password", setup: with("/api/v1/me/password", map[string]string{"old_password": "not-the-password", "new_password": "Another-Passw0rd"}),
			want: "401 422 422 422 422 422 422 422"},
		{route: "GET /api/v1/notifications", setup: at("/api/v1/notifications"), want: anyLogin},
		{route: "GET /api/v1/my/workspace", setup: at("/api/v1/my/workspace"), want: anyMember},
		{route: "POST /api/v1/notifications/read", setup: with("/api/v1/notifications/read", map[string]any{}), want: "401 204 204 204 204 204 204 204"},
		{route: "GET /api/v1/saved-searches", setup: at("/api/v1/saved-searches"), want: anyLogin},
		{route: "POST /api/v1/saved-searches", setup: with("/api/v1/saved-searches", map[string]any{"name": "石墨烯", "params": map[string]string{"q": "石墨烯"}}),
			want: "401 201 201 201 201 201 201 201"},
		{route: "DELETE /api/v1/saved-searches/:id", side: sideU, setup: func(w *world) (string, any) {
			r := w.m.must(201, w.m.do("POST", "/api/v1/saved-searches", w.uOwner.Token, map[string]any{"name": "石墨烯", "params": map[string]string{"q": "石墨烯"}}))
			return "/api/v1/saved-searches/" + itoa(w.id(r)), nil
		}, want: "401 204 404 404 404 404 404 404"},

		// Organisations, memberships, verification.
		{route: "GET /api/v1/orgs", setup: at("/api/v1/orgs?q=大学"), want: anyLogin},
		{route: "GET /api/v1/orgs/:id", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/orgs/" + itoa(w.uOwner.OrgID), nil }, want: everyone},
		{route: "GET /api/v1/orgs/:id/members", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/orgs/" + itoa(w.uOwner.OrgID) + "/members", nil },
			want: "401 200 403 403 403 403 403 200"},
		{route: "POST /api/v1/orgs/:id/verification", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/orgs/" + itoa(w.uOwner.OrgID) + "/verification", form{map[string]string{"credit_code": testCreditCode(w.uOwner.OrgID), "legal_rep": "张三"}, "l.pdf", pdf}
		}, want: "401 409 403 403 403 403 403 403"},
		{route: "POST /api/v1/orgs/:id/verification (not yet verified)", side: sideU, setup: func(w *world) (string, any) {
			id, _ := w.freshOrg(false)
			return "/api/v1/orgs/" + itoa(id) + "/verification", form{map[string]string{"credit_code": testCreditCode(id), "legal_rep": "张三"}, "l.pdf", pdf}
		}, want: "401 403 403 403 403 403 403 403"},
		{route: "GET /api/v1/orgs/:id/licence", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/orgs/" + itoa(w.uOwner.OrgID) + "/licence", nil },
			want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/memberships/:id/approve", side: sideU, setup: membership("/approve"), want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/memberships/:id/refuse", side: sideU, setup: membership("/refuse"), want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/memberships/:id/suspend", side: sideU, setup: membership("/suspend", "approve"), want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/memberships/:id/reinstate", side: sideU, setup: membership("/reinstate", "approve", "suspend"), want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/memberships/:id/make-admin", side: sideU, setup: membership("/make-admin", "approve"), want: "401 200 403 404 404 404 404 200",
			after: func(w *world, _ *account) {
				// Hand the role back, so that u_owner stays the organisation's admin.
				mine, _ := w.m.market.MembershipOf(w.m.ctx, w.uOwner.UserID)
				w.m.db.Model(&models.Membership{}).Where("org_id = ? AND org_role = ?", w.uOwner.OrgID, models.OrgRoleAdmin).Update("org_role", models.OrgRoleMember)
				w.m.db.Model(&models.Membership{}).Where("id = ?", mine.ID).Update("org_role", models.OrgRoleAdmin)
				w.m.login(w.uOwner)
			}},
		{route: "GET /api/v1/admin/orgs", setup: at("/api/v1/admin/orgs?status=pending"), want: adminOnly},
		{route: "POST /api/v1/admin/orgs/:id/verify", setup: func(w *world) (string, any) {
			id, _ := w.freshOrg(true)
			return "/api/v1/admin/orgs/" + itoa(id) + "/verify", nil
		}, want: adminOnly},
		{route: "POST /api/v1/admin/orgs/:id/reject", setup: func(w *world) (string, any) {
			id, _ := w.freshOrg(true)
			return "/api/v1/admin/orgs/" + itoa(id) + "/reject", map[string]string{"reason": "营业执照与机构名称不符"}
		}, want: adminOnly},
		{route: "GET /api/v1/admin/memberships", setup: at("/api/v1/admin/memberships"), want: adminOnly},
		{route: "GET /api/v1/admin/users", setup: at("/api/v1/admin/users"), want: adminOnly},
		{route: "POST /api/v1/admin/users/:id/disable", setup: func(w *world) (string, any) {
			_, a := w.freshOrg(false)
			return "/api/v1/admin/users/" + itoa(a.UserID) + "/disable", nil
		}, want: adminOnly},
		{route: "POST /api/v1/admin/users/:id/enable", setup: func(w *world) (string, any) {
			_, a := w.freshOrg(false)
			w.m.must(200, w.m.do("POST", "/api/v1/admin/users/"+itoa(a.UserID)+"/disable", w.admin.Token, nil))
			return "/api/v1/admin/users/" + itoa(a.UserID) + "/enable", nil
		}, want: adminOnly},

		// Listings. A draft is 404 to everyone outside its organisation;
		// moderators see pending ones.
		{route: "GET /api/v1/achievements", setup: at("/api/v1/achievements"), want: everyone},
		{route: "GET /api/v1/achievements/:id", side: sideU, setup: ach(achPublished, ""), want: everyone},
		{route: "GET /api/v1/achievements/:id (draft)", side: sideU, setup: ach(achDraft, ""), want: "404 200 404 404 404 404 404 404"},
		{route: "GET /api/v1/achievements/:id (pending)", side: sideU, setup: ach(achPending, ""), want: "404 200 404 404 404 200 404 200"},
		{route: "GET /api/v1/achievements/:id/matches", side: sideU, setup: ach(achPublished, "/matches"), want: everyone},
		{route: "GET /api/v1/achievements/:id/matches (draft)", side: sideU, setup: ach(achDraft, "/matches"), want: "404 200 404 404 404 404 404 404"},
		{route: "POST /api/v1/achievements", side: sideU, setup: with("/api/v1/achievements", achievementBody("一种新型钠离子电池负极材料")),
			want: "401 201 403 201 403 403 403 201"},
		{route: "PUT /api/v1/achievements/:id", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/achievements/" + itoa(w.achDraft()), achievementBody("修改后的石墨烯导热膜技术")
		}, want: "401 200 403 404 403 403 403 404"},
		{route: "POST /api/v1/achievements/:id/submit", side: sideU, setup: ach(achDraft, "/submit"), want: "401 200 403 404 403 404 404 404"},
		{route: "POST /api/v1/achievements/:id/revise", side: sideU, setup: ach(achRejected, "/revise"), want: "401 200 403 404 404 404 404 404"},
		{route: "POST /api/v1/achievements/:id/withdraw", side: sideU, setup: ach(achPublished, "/withdraw"), want: "401 200 403 403 403 403 403 403"},
		{route: "POST /api/v1/achievements/:id/renew", side: sideU, setup: ach(withdrawn("achievements", achPublished), "/renew"),
			want: "401 200 403 404 404 404 404 404"},
		{route: "POST /api/v1/achievements/:id/approve", side: sideU, setup: ach(achPending, "/approve"), want: "401 403 403 403 403 200 403 200"},
		{route: "POST /api/v1/achievements/:id/approve (draft)", side: sideU, setup: ach(achDraft, "/approve"), want: "401 403 403 403 403 404 403 404"},
		{route: "POST /api/v1/achievements/:id/reject", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/achievements/" + itoa(w.achPending()) + "/reject", map[string]string{"reason": "缺少技术指标"}
		}, want: "401 403 403 403 403 200 403 200"},
		{route: "GET /api/v1/my/achievements", side: sideU, setup: at("/api/v1/my/achievements"), want: anyMember},
		{route: "GET /api/v1/moderation/achievements", setup: at("/api/v1/moderation/achievements"), want: "401 403 403 403 403 200 403 200"},
		{route: "POST /api/v1/achievements/completeness", setup: with("/api/v1/achievements/completeness", achievementBody("石墨烯导热膜")), want: everyone},
		{route: "GET /api/v1/achievements/:id/confidential", side: sideU, setup: ach(achPublished, "/confidential"), want: everyone},
		{route: "GET /api/v1/achievements/:id/confidential (draft)", side: sideU, setup: ach(achDraft, "/confidential"), want: "404 200 404 404 404 404 404 404"},
		{route: "POST /api/v1/achievements/:id/access-requests", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/achievements/" + itoa(w.achPublished()) + "/access-requests", map[string]any{"message": "拟用于产线改造"}
		}, want: "401 409 403 201 403 201 201 409"},
		{route: "POST /api/v1/achievements/:id/feedback", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/achievements/" + itoa(w.achPublished()) + "/feedback", pass
		}, want: "401 409 403 201 403 201 201 201"},
		{route: "GET /api/v1/achievements/:id/feedback", side: sideU, setup: ach(achPublished, "/feedback"), want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/achievements/:id/confirm", side: sideU, setup: ach(achPublished, "/confirm"), want: "401 200 403 403 403 403 403 403"},
		{route: "POST /api/v1/achievements/:id/relist", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/achievements/" + itoa(expired("achievements", achPublished, "valid_until")(w)) + "/relist", map[string]string{"until": "2099-01-01"}
		}, want: "401 200 403 404 403 404 404 404"},
		{route: "POST /api/v1/achievements/:id/reports", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/achievements/" + itoa(w.achPublished()) + "/reports", map[string]any{"reason": "专利已失效仍在出售"}
		}, want: "401 409 403 201 403 201 201 201"},

		{route: "GET /api/v1/needs", setup: at("/api/v1/needs"), want: everyone},
		{route: "GET /api/v1/needs/:id", side: sideE, setup: need(needPublished, ""), want: everyone},
		{route: "GET /api/v1/needs/:id (draft)", side: sideE, setup: need(needDraft, ""), want: "404 200 404 404 404 404 404 404"},
		{route: "GET /api/v1/needs/:id (pending)", side: sideE, setup: need(needPending, ""), want: "404 200 404 404 404 200 404 200"},
		{route: "GET /api/v1/needs/:id/matches", side: sideE, setup: need(needPublished, "/matches"), want: everyone},
		{route: "POST /api/v1/needs", side: sideE, setup: with("/api/v1/needs", needBody("寻求低辐射镀膜玻璃技术")), want: "401 201 403 201 403 403 403 201"},
		{route: "PUT /api/v1/needs/:id", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/needs/" + itoa(w.needDraft()), needBody("修改后的镀膜技术需求")
		}, want: "401 200 403 404 403 403 403 404"},
		{route: "POST /api/v1/needs/:id/submit", side: sideE, setup: need(needDraft, "/submit"), want: "401 200 403 404 403 404 404 404"},
		{route: "POST /api/v1/needs/:id/revise", side: sideE, setup: need(needRejected, "/revise"), want: "401 200 403 404 404 404 404 404"},
		{route: "POST /api/v1/needs/:id/withdraw", side: sideE, setup: need(needPublished, "/withdraw"), want: "401 200 403 403 403 403 403 403"},
		{route: "POST /api/v1/needs/:id/renew", side: sideE, setup: need(withdrawn("needs", needPublished), "/renew"), want: "401 200 403 404 404 404 404 404"},
		{route: "POST /api/v1/needs/:id/approve", side: sideE, setup: need(needPending, "/approve"), want: "401 403 403 403 403 200 403 200"},
		{route: "POST /api/v1/needs/:id/reject", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/needs/" + itoa(needPending(w)) + "/reject", map[string]string{"reason": "预算不明确"}
		}, want: "401 403 403 403 403 200 403 200"},
		{route: "GET /api/v1/my/needs", side: sideE, setup: at("/api/v1/my/needs"), want: anyMember},
		{route: "GET /api/v1/moderation/needs", setup: at("/api/v1/moderation/needs"), want: "401 403 403 403 403 200 403 200"},
		{route: "POST /api/v1/needs/completeness", setup: with("/api/v1/needs/completeness", needBody("寻求镀膜技术")), want: everyone},
		{route: "GET /api/v1/needs/:id/confidential", side: sideE, setup: need(needPublished, "/confidential"), want: everyone},
		{route: "POST /api/v1/needs/:id/access-requests", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/needs/" + itoa(w.needPublished()) + "/access-requests", map[string]any{"message": "我校有相关成果"}
		}, want: "401 409 403 201 403 201 201 409"},
		{route: "POST /api/v1/needs/:id/feedback", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/needs/" + itoa(w.needPublished()) + "/feedback", pass
		}, want: "401 409 403 201 403 201 201 201"},
		{route: "GET /api/v1/needs/:id/feedback", side: sideE, setup: need(needPublished, "/feedback"), want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/needs/:id/confirm", side: sideE, setup: need(needPublished, "/confirm"), want: "401 200 403 403 403 403 403 403"},
		{route: "POST /api/v1/needs/:id/relist", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/needs/" + itoa(expired("needs", needPublished, "deadline")(w)) + "/relist", map[string]string{"until": "2099-01-01"}
		}, want: "401 200 403 404 403 404 404 404"},
		{route: "POST /api/v1/needs/:id/reports", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/needs/" + itoa(w.needPublished()) + "/reports", map[string]any{"reason": "需求已过时仍在发布"}
		}, want: "401 409 403 201 403 201 201 201"},

		// 收藏 and 我有意向; leads for the brokers.
		{route: "POST /api/v1/achievements/:id/favourite", side: sideU, setup: ach(achPublished, "/favourite"), want: "401 409 200 200 200 200 200 200"},
		{route: "POST /api/v1/achievements/:id/favourite (draft)", side: sideU, setup: ach(achDraft, "/favourite"), want: "401 404 404 404 404 404 404 404"},
		{route: "DELETE /api/v1/achievements/:id/favourite", side: sideU, setup: ach(achPublished, "/favourite"), want: anyLogin},
		{route: "POST /api/v1/achievements/:id/interests", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/achievements/" + itoa(w.achPublished()) + "/interests", map[string]any{"message": "希望洽谈技术许可"}
		}, want: "401 409 403 201 403 403 403 403"},
		{route: "GET /api/v1/achievements/:id/interests", side: sideU, setup: ach(achPublished, "/interests"), want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/needs/:id/favourite", side: sideE, setup: need(needPublished, "/favourite"), want: "401 409 200 200 200 200 200 200"},
		{route: "DELETE /api/v1/needs/:id/favourite", side: sideE, setup: need(needPublished, "/favourite"), want: anyLogin},
		{route: "POST /api/v1/needs/:id/interests", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/needs/" + itoa(w.needPublished()) + "/interests", map[string]any{"message": "我院有相关成果，希望合作"}
		}, want: "401 409 403 201 403 403 403 403"},
		{route: "GET /api/v1/needs/:id/interests", side: sideE, setup: need(needPublished, "/interests"), want: "401 200 403 404 404 404 404 200"},
		{route: "GET /api/v1/my/favourites", setup: at("/api/v1/my/favourites"), want: anyLogin},
		{route: "GET /api/v1/leads", setup: at("/api/v1/leads"), want: "401 403 403 403 403 200 403 403"},
		{route: "POST /api/v1/leads/:id/follow-up", setup: func(w *world) (string, any) {
			id, _ := w.lead()
			return "/api/v1/leads/" + itoa(id) + "/follow-up", map[string]any{"note": "已电话联系福耀玻璃技术部"}
		}, want: "401 403 403 403 403 200 403 403"},
		{route: "POST /api/v1/leads/:id/match", setup: func(w *world) (string, any) {
			id, needID := w.lead()
			return "/api/v1/leads/" + itoa(id) + "/match", map[string]any{"listing_id": needID}
		}, want: "401 403 403 403 403 200 403 403"},

		// Access requests, reports, feedback.
		{route: "GET /api/v1/access-requests", setup: at("/api/v1/access-requests?side=owner"), want: anyMember},
		{route: "POST /api/v1/access-requests/:id/grant", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/access-requests/" + itoa(w.accessRequest()) + "/grant", nil
		}, want: "401 200 403 404 403 404 404 404"},
		{route: "POST /api/v1/access-requests/:id/refuse", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/access-requests/" + itoa(w.accessRequest()) + "/refuse", map[string]string{"reason": "暂不对外提供"}
		}, want: "401 200 403 404 403 404 404 404"},
		{route: "GET /api/v1/admin/feedback", setup: at("/api/v1/admin/feedback"), want: adminOnly},
		{route: "GET /api/v1/admin/reports", setup: at("/api/v1/admin/reports"), want: adminOnly},
		{route: "POST /api/v1/admin/reports/:id/resolve", setup: func(w *world) (string, any) {
			return "/api/v1/admin/reports/" + itoa(w.report()) + "/resolve", map[string]any{"take_down": false, "resolution": "经核实专利有效"}
		}, want: adminOnly},

		// Matches: the broker firm runs them; the parties answer.
		{route: "POST /api/v1/matches", side: sideB, setup: func(w *world) (string, any) {
			return "/api/v1/matches", map[string]any{"need_id": w.needPublished(), "achievement_id": w.achPublished()}
		}, want: "401 201 403 201 403 201 403 403"},
		{route: "GET /api/v1/matches", setup: at("/api/v1/matches"), want: anyMember},
		{route: "GET /api/v1/matches/:id", side: sideB, setup: func(w *world) (string, any) { return "/api/v1/matches/" + itoa(w.match()), nil },
			want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/matches/:id/accept", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/matches/" + itoa(w.match()) + "/accept", nil },
			want: "401 200 403 404 403 404 404 403"},
		{route: "POST /api/v1/matches/:id/decline", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/matches/" + itoa(w.match()) + "/decline", pass },
			want: "401 200 403 404 403 404 404 403"},
		{route: "POST /api/v1/matches/:id/move", side: sideB, setup: func(w *world) (string, any) {
			id := w.match()
			w.m.must(200, w.m.do("POST", "/api/v1/matches/"+itoa(id)+"/accept", w.uOwner.Token, nil))
			w.m.must(200, w.m.do("POST", "/api/v1/matches/"+itoa(id)+"/accept", w.eOwner.Token, nil))
			return "/api/v1/matches/" + itoa(id) + "/move", map[string]any{"status": "contacted", "note": "已电话联系双方"}
		}, want: "401 200 403 404 403 404 403 403"},
		{route: "POST /api/v1/matches/:id/notes", side: sideB, setup: func(w *world) (string, any) {
			return "/api/v1/matches/" + itoa(w.match()) + "/notes", map[string]any{"note": "约定下周实地考察"}
		}, want: "401 201 403 404 403 404 403 403"},
		{route: "GET /api/v1/brokers/performance", side: sideB, setup: at("/api/v1/brokers/performance"), want: "401 200 403 200 403 200 403 200"},

		// The registry of brokers and institutions: public to read, the
		// market admin keeps it, a firm's own admin sees its expired entries.
		{route: "GET /api/v1/registry/brokers", setup: at("/api/v1/registry/brokers?q=" + url.QueryEscape("海峡")), want: everyone},
		{route: "GET /api/v1/registry/brokers (expired too)", side: sideB, setup: func(w *world) (string, any) {
			return "/api/v1/registry/brokers?status=all&firm_id=" + itoa(w.bOwner.OrgID), nil
		}, want: "401 200 403 403 403 403 403 200"},
		{route: "GET /api/v1/registry/brokers/:id", setup: func(w *world) (string, any) {
			return "/api/v1/registry/brokers/" + itoa(w.registeredBroker(time.Now().AddDate(1, 0, 0).Format("2006-01-02"))), nil
		}, want: everyone},
		{route: "GET /api/v1/registry/brokers/:id (expired)", side: sideB, setup: func(w *world) (string, any) {
			return "/api/v1/registry/brokers/" + itoa(w.registeredBroker("2020-12-31")), nil
		}, want: "404 200 404 404 404 404 404 200"},
		{route: "POST /api/v1/registry/brokers", setup: func(w *world) (string, any) {
			return "/api/v1/registry/brokers", w.brokerBody(time.Now().AddDate(1, 0, 0).Format("2006-01-02"))
		}, want: adminWrite},
		{route: "PUT /api/v1/registry/brokers/:id", setup: func(w *world) (string, any) {
			return "/api/v1/registry/brokers/" + itoa(w.registeredBroker("2020-12-31")), w.brokerBody(time.Now().AddDate(3, 0, 0).Format("2006-01-02"))
		}, want: adminOnly},
		{route: "GET /api/v1/registry/institutions", setup: at("/api/v1/registry/institutions?kind=platform"), want: everyone},
		{route: "GET /api/v1/registry/institutions/:id", setup: func(w *world) (string, any) { return "/api/v1/registry/institutions/" + itoa(w.institution()), nil }, want: everyone},
		{route: "POST /api/v1/registry/institutions", setup: func(w *world) (string, any) { return "/api/v1/registry/institutions", w.institutionBody() }, want: adminWrite},
		{route: "PUT /api/v1/registry/institutions/:id", setup: func(w *world) (string, any) {
			return "/api/v1/registry/institutions/" + itoa(w.institution()), map[string]any{"org_id": w.bOwner.OrgID, "kind": "transaction", "demonstration": "provincial", "recognised_year": 2016}
		}, want: adminOnly},

		// Auctions.
		{route: "GET /api/v1/auctions", setup: at("/api/v1/auctions"), want: everyone},
		{route: "POST /api/v1/auctions", setup: func(w *world) (string, any) { return "/api/v1/auctions", w.auctionBody(time.Hour) }, want: adminWrite},
		{route: "GET /api/v1/auctions/:id", setup: func(w *world) (string, any) { a, _ := w.auction(time.Hour); return "/api/v1/auctions/" + itoa(a), nil }, want: everyone},
		{route: "GET /api/v1/auctions/:id/events", setup: func(w *world) (string, any) {
			a, _ := w.auction(time.Hour)
			return "/api/v1/auctions/" + itoa(a) + "/events", nil
		}, want: everyone},
		{route: "POST /api/v1/auctions/:id/apply", side: sideE, setup: func(w *world) (string, any) {
			a, _ := w.auction(time.Hour)
			return "/api/v1/auctions/" + itoa(a) + "/apply", nil
		}, want: "401 201 403 201 403 403 403 403"},
		{route: "GET /api/v1/auctions/:id/admissions", side: sideE, setup: func(w *world) (string, any) {
			a, _ := w.auction(time.Hour)
			w.admission(a)
			return "/api/v1/auctions/" + itoa(a) + "/admissions", nil
		}, want: anyMember},
		{route: "POST /api/v1/admissions/:id/admit", side: sideE, setup: func(w *world) (string, any) {
			a, _ := w.auction(time.Hour)
			return "/api/v1/admissions/" + itoa(w.admission(a)) + "/admit", nil
		}, want: adminOnly},
		{route: "POST /api/v1/lots/:id/bids", side: sideE, setup: func(w *world) (string, any) {
			a, lot := w.auction(-time.Minute)
			w.m.must(200, w.m.do("POST", "/api/v1/admissions/"+itoa(w.admission(a))+"/admit", w.admin.Token, nil))
			return "/api/v1/lots/" + itoa(lot) + "/bids", map[string]any{"amount_fen": 1_000_000, "client_key": fmt.Sprintf("k%d", w.next())}
		}, want: "401 201 403 403 403 403 403 403"},
		{route: "GET /api/v1/lots/:id/bids", setup: func(w *world) (string, any) {
			_, lot := w.auction(time.Hour)
			return "/api/v1/lots/" + itoa(lot) + "/bids", nil
		},
			want: everyone},
		{route: "POST /api/v1/lots/:id/runner-up", setup: func(w *world) (string, any) {
			_, lot := w.auction(time.Hour)
			return "/api/v1/lots/" + itoa(lot) + "/runner-up", nil
		}, want: "401 403 403 403 403 403 403 409"},
		{route: "POST /api/v1/deals/:id/confirm", side: sideE, setup: func(w *world) (string, any) {
			a := w.achPublished()
			d := models.Deal{AchievementID: &a, SellerOrgID: w.uOwner.OrgID, BuyerOrgID: w.eOwner.OrgID, Mode: models.DealAuction, PriceFen: 2_000_000, Status: "awaiting_signature"}
			if err := w.m.db.Create(&d).Error; err != nil {
				w.t.Fatal(err)
			}
			return "/api/v1/deals/" + itoa(d.ID) + "/confirm", nil
		}, want: "401 200 403 404 403 403 403 403"},

		// Listing trades and negotiated deals.
		{route: "GET /api/v1/offers", setup: at("/api/v1/offers"), want: everyone},
		{route: "GET /api/v1/results", setup: at("/api/v1/results"), want: everyone},
		{route: "POST /api/v1/offers", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/offers", map[string]any{"achievement_id": w.achPublished(), "price_fen": 20_000_000, "ends_at": time.Now().AddDate(0, 1, 0)}
		}, want: "401 201 403 403 403 403 403 201"},
		{route: "POST /api/v1/offers/:id/withdraw", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/offers/" + itoa(w.offer()) + "/withdraw", nil },
			want: "401 200 403 403 403 403 403 200"},
		{route: "POST /api/v1/offers/:id/accept", side: sideE, setup: func(w *world) (string, any) { return "/api/v1/offers/" + itoa(w.offer()) + "/accept", nil },
			want: "401 200 403 200 403 403 403 403"},
		{route: "GET /api/v1/offers/:id", setup: func(w *world) (string, any) { return "/api/v1/offers/" + itoa(w.periodOffer()), nil }, want: everyone},
		{route: "POST /api/v1/offers/:id/register", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/offers/" + itoa(w.periodOffer()) + "/register", nil
		}, want: "401 201 403 201 403 403 403 403"},
		{route: "POST /api/v1/offers/:id/unregister", side: sideE, setup: func(w *world) (string, any) {
			o, _ := w.registered()
			return "/api/v1/offers/" + itoa(o) + "/unregister", nil
		}, want: "401 200 403 404 403 403 403 403"},
		{route: "GET /api/v1/offers/:id/registrations", side: sideE, setup: func(w *world) (string, any) {
			o, _ := w.registered()
			return "/api/v1/offers/" + itoa(o) + "/registrations", nil
		}, want: anyMember},
		{route: "POST /api/v1/offer-registrations/:id/confirm", side: sideE, setup: func(w *world) (string, any) {
			_, r := w.registered()
			return "/api/v1/offer-registrations/" + itoa(r) + "/confirm", nil
		}, want: adminOnly},
		{route: "GET /api/v1/notices", setup: at("/api/v1/notices"), want: everyone},
		{route: "POST /api/v1/notices", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/notices", map[string]any{"achievement_id": w.achPublished(), "buyer_org_id": w.eOwner.OrgID, "price_fen": 8_000_000}
		}, want: "401 201 403 403 403 403 403 201"},
		{route: "POST /api/v1/deals/:id/approve-notice", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/deals/" + itoa(w.brokerNotice()) + "/approve-notice", nil
		}, want: "401 200 403 404 403 403 403 403"},
		{route: "POST /api/v1/deals/:id/decline-notice", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/deals/" + itoa(w.brokerNotice()) + "/decline-notice", nil
		}, want: "401 200 403 404 403 403 403 403"},
		{route: "GET /api/v1/notices/:id", setup: func(w *world) (string, any) { return "/api/v1/notices/" + itoa(w.notice()), nil }, want: everyone},
		{route: "POST /api/v1/notices/:id/objections", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/notices/" + itoa(w.notice()) + "/objections", map[string]any{"reason": "价格明显偏低，涉嫌利益输送"}
		}, want: "401 201 403 201 403 201 201 201"},
		{route: "POST /api/v1/objections/:id/resolve", setup: func(w *world) (string, any) {
			return "/api/v1/objections/" + itoa(w.objection()) + "/resolve", map[string]any{"uphold": false, "resolution": "价格经评估合理"}
		}, want: adminOnly},
		{route: "GET /api/v1/my/deals", setup: at("/api/v1/my/deals"), want: anyMember},

		// Roadshows.
		{route: "GET /api/v1/roadshows", setup: at("/api/v1/roadshows"), want: everyone},
		{route: "POST /api/v1/roadshows", side: sideB, setup: func(w *world) (string, any) {
			start := time.Now().Add(24 * time.Hour)
			return "/api/v1/roadshows", map[string]any{"title": "新能源专场路演", "starts_at": start, "ends_at": start.Add(2 * time.Hour), "online": true,
				"link": "https://meeting.example.cn/1", "capacity": 30, "achievement_ids": []int64{w.achPublished()}}
		}, want: "401 201 403 201 403 201 403 201"},
		{route: "GET /api/v1/roadshows/:id", setup: func(w *world) (string, any) { return "/api/v1/roadshows/" + itoa(w.roadshow(time.Hour)), nil }, want: everyone},
		{route: "POST /api/v1/roadshows/:id/register", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/roadshows/" + itoa(w.roadshow(time.Hour)) + "/register", nil
		}, want: "401 201 403 201 403 403 403 403"},
		{route: "POST /api/v1/roadshows/:id/intents", side: sideE, setup: func(w *world) (string, any) {
			id := w.roadshow(time.Hour)
			w.m.must(201, w.m.do("POST", "/api/v1/roadshows/"+itoa(id)+"/register", w.eOwner.Token, nil))
			w.setStatus("roadshows", id, map[string]any{"starts_at": time.Now().Add(-time.Minute)})
			r := w.m.must(200, w.m.do("GET", "/api/v1/roadshows/"+itoa(id), "", nil)).JSON(w.t)
			achID := int64(r["slots"].([]any)[0].(map[string]any)["achievement_id"].(float64))
			return "/api/v1/roadshows/" + itoa(id) + "/intents", map[string]any{"achievement_id": achID, "note": "希望进一步洽谈"}
		}, want: "401 201 403 403 403 403 403 403"},
		{route: "GET /api/v1/roadshows/:id/seats", side: sideB, setup: func(w *world) (string, any) {
			return "/api/v1/roadshows/" + itoa(w.roadshow(time.Hour)) + "/seats", nil
		}, want: "401 200 403 403 403 403 403 200"},
		{route: "POST /api/v1/roadshows/:id/seats/:seat/check-in", side: sideB, setup: func(w *world) (string, any) {
			id := w.roadshow(time.Hour)
			seat := call[models.RoadshowSeat](w.m, w.eOwner, 201, "POST", "/api/v1/roadshows/"+itoa(id)+"/register", nil)
			return "/api/v1/roadshows/" + itoa(id) + "/seats/" + itoa(seat.ID) + "/check-in", nil
		}, want: "401 200 403 403 403 403 403 200"},
		{route: "GET /api/v1/intents", side: sideB, setup: at("/api/v1/intents"), want: "401 200 403 200 403 200 403 200"},

		// The working-day calendar.
		{route: "GET /api/v1/calendar", setup: at("/api/v1/calendar?year=2026"), want: everyone},
		{route: "PUT /api/v1/calendar/days", setup: with("/api/v1/calendar/days", map[string]any{"day": "2026-12-24", "kind": "holiday", "name": "测试放假"}), want: adminOnly},
		{route: "POST /api/v1/calendar/:year/official", setup: at("/api/v1/calendar/2025/official"), want: adminOnly},
		// Statistics, targets, bulletins, incentives.
		{route: "GET /api/v1/regions", setup: at("/api/v1/regions"), want: everyone},
		{route: "POST /api/v1/regions", setup: func(w *world) (string, any) { return "/api/v1/regions", zone(w) }, want: adminWrite},
		{route: "PUT /api/v1/regions/:code", setup: func(w *world) (string, any) {
			z := zone(w)
			w.m.must(201, w.m.do("POST", "/api/v1/regions", w.admin.Token, z))
			z["name"] = "福州高新区（扩区）"
			return "/api/v1/regions/" + z["code"].(string), z
		}, want: adminOnly},
		{route: "GET /api/v1/my/region", setup: at("/api/v1/my/region?region=350102"), want: adminOnly},
		{route: "GET /api/v1/stats/summary", setup: at("/api/v1/stats/summary"), want: everyone},
		{route: "GET /api/v1/stats/breakdown", setup: at("/api/v1/stats/breakdown?by=district"), want: everyone},
		{route: "GET /api/v1/target-plans", setup: at("/api/v1/target-plans"), want: everyone},
		{route: "POST /api/v1/target-plans", setup: with("/api/v1/target-plans", map[string]any{"name": "推进福州市2026年度技术合同认定登记工作行动方案",
			"from_year": 2026, "to_year": 2026, "source": "榕科〔2026〕1号", "region": "350100", "measure": "contract"}), want: adminWrite},
		{route: "PUT /api/v1/target-plans/:id", setup: func(w *world) (string, any) {
			// The setup runs once for each caller: each gets a plan of its own.
			body := map[string]any{"name": "福州市“十四五”技术合同登记目标 " + itoa(time.Now().UnixNano()), "from_year": 2021, "to_year": 2025, "region": "350100"}
			r := w.m.must(201, w.m.do("POST", "/api/v1/target-plans", w.admin.Token, body))
			body["source"] = "福州市科技创新“十四五”规划"
			return "/api/v1/target-plans/" + itoa(w.id(r)), body
		}, want: adminOnly},
		{route: "GET /api/v1/targets", setup: at("/api/v1/targets"), want: everyone},
		{route: "PUT /api/v1/targets", setup: with("/api/v1/targets", map[string]any{"year": 2026, "kind": "district", "key": "350104", "target_fen": 10_000_000}),
			want: adminOnly},
		{route: "POST /api/v1/targets/import", setup: with("/api/v1/targets/import", form{map[string]string{"year": "2026"}, "targets.csv",
			[]byte("类型,名称,年度目标\n地区,鼓楼区,27.84\n")}), want: adminOnly},
		{route: "GET /api/v1/targets/:id/history", setup: func(w *world) (string, any) {
			r := w.m.must(200, w.m.do("PUT", "/api/v1/targets", w.admin.Token, map[string]any{"year": 2026, "kind": "district", "key": "350105", "target_fen": 10_000_000}))
			return "/api/v1/targets/" + itoa(w.id(r)) + "/history", nil
		}, want: adminOnly},
		{route: "GET /api/v1/stats/deals", setup: at("/api/v1/stats/deals?by=channel&region=350100"), want: adminOnly},
		{route: "GET /api/v1/stats/dashboard", setup: at("/api/v1/stats/dashboard?region=350100"), want: adminOnly},
		{route: "GET /api/v1/bulletins", setup: at("/api/v1/bulletins?region=350100"), want: everyone},
		{route: "GET /api/v1/bulletins/latest", setup: issuedBulletin("/api/v1/bulletins/latest?region="), want: everyone},
		{route: "GET /api/v1/bulletins/:year/:month", setup: issuedBulletin("/api/v1/bulletins/2025/1"), want: everyone},
		{route: "GET /api/v1/bulletins/:year/:month/csv", setup: issuedBulletin("/api/v1/bulletins/2025/1/csv"), want: everyone},
		{route: "GET /api/v1/bulletins/:year/:month/xlsx", setup: issuedBulletin("/api/v1/bulletins/2025/1/xlsx"), want: everyone},
		{route: "GET /api/v1/bulletins/:year/:month/draft", setup: at("/api/v1/bulletins/2026/11/draft?region=350100"), want: adminOnly},
		{route: "GET /api/v1/bulletins/:year/:month/draft/xlsx", setup: at("/api/v1/bulletins/2026/11/draft/xlsx?region=350100"), want: adminOnly},
		{route: "POST /api/v1/bulletins/:year/:month/issue", setup: func(w *world) (string, any) {
			issues++ // each success issues a month of its own
			return fmt.Sprintf("/api/v1/bulletins/%d/%d/issue?region=350100", 2020+issues/12, 1+issues%12), nil
		}, want: adminWrite},
		{route: "GET /api/v1/incentives/rules", setup: at("/api/v1/incentives/rules"), want: adminOnly},
		{route: "POST /api/v1/incentives/rules", setup: with("/api/v1/incentives/rules", map[string]any{"name": "福州买方奖励", "region_prefix": "3501",
			"side": "buyer", "rate_bp": 500, "cap_per_contract_fen": 5_000_000, "cap_per_year_fen": 20_000_000}), want: adminWrite},
		{route: "GET /api/v1/incentives/:year", setup: at("/api/v1/incentives/2026"), want: adminOnly},
		{route: "GET /api/v1/incentives/rules/:id/exclusions", setup: func(w *world) (string, any) {
			return "/api/v1/incentives/rules/" + itoa(w.incentiveRule()) + "/exclusions", nil
		}, want: adminOnly},
		{route: "POST /api/v1/incentives/rules/:id/exclusions", setup: func(w *world) (string, any) {
			return "/api/v1/incentives/rules/" + itoa(w.incentiveRule()) + "/exclusions",
				map[string]any{"registration_no": w.registrationNo(w.contractRegistered()), "reason": "已享受省级技术交易补助"}
		}, want: adminWrite},
		{route: "DELETE /api/v1/incentives/exclusions/:id", setup: func(w *world) (string, any) {
			r := w.m.must(201, w.m.do("POST", "/api/v1/incentives/rules/"+itoa(w.incentiveRule())+"/exclusions", w.admin.Token,
				map[string]any{"registration_no": w.registrationNo(w.contractRegistered()), "reason": "已享受省级技术交易补助"}))
			return "/api/v1/incentives/exclusions/" + itoa(w.id(r)), nil
		}, want: "401 403 403 403 403 403 403 204"},
		{route: "GET /api/v1/incentives/notices", setup: at("/api/v1/incentives/notices"), want: everyone},
		{route: "GET /api/v1/my/incentives", setup: at("/api/v1/my/incentives"), want: anyMember},
		{route: "POST /api/v1/incentives/applications", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/incentives/applications", map[string]any{"rule_id": w.earningRule(), "year": time.Now().In(shanghai).Year()}
		}, want: "401 201 403 422 403 422 422 422"},
		{route: "GET /api/v1/incentives/applications", setup: at("/api/v1/incentives/applications?status=submitted"), want: adminOnly},
		{route: "GET /api/v1/incentives/applications/csv", setup: at("/api/v1/incentives/applications/csv?year=2026"), want: adminOnly},
		{route: "GET /api/v1/incentives/applications/xlsx", setup: at("/api/v1/incentives/applications/xlsx"), want: adminOnly},
		{route: "POST /api/v1/incentives/applications/:id/review", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/incentives/applications/" + itoa(w.incentiveApplication()) + "/review", map[string]any{"approve": false, "comment": "合同已享受其他补助"}
		}, want: adminOnly},
		{route: "POST /api/v1/incentives/applications/:id/payment", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/incentives/applications/" + itoa(w.noticedIncentive()) + "/payment",
				map[string]any{"paid_on": time.Now().In(shanghai).Format("2006-01-02"), "amount_fen": 40_000, "voucher_no": "闽财拨〔2026〕12号"}
		}, want: adminOnly},
		{route: "GET /api/v1/agencies", setup: at("/api/v1/agencies"), want: everyone},

		// Contracts and registration: U sells to E at agency A.
		{route: "GET /api/v1/contracts", setup: at("/api/v1/contracts"), want: anyMember},
		{route: "POST /api/v1/contracts", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/contracts", w.contractInput() },
			want: "401 201 403 201 403 201 403 403"},
		{route: "GET /api/v1/contracts/:id", side: sideU, setup: contract(func(w *world) int64 { return w.contractDraft() }, "", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "GET /api/v1/contracts/:id (submitted)", side: sideA, setup: contract(func(w *world) int64 { return w.contractSubmitted() }, "", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "PUT /api/v1/contracts/:id", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/contracts/" + itoa(w.contractDraft()), w.contractInput()
		}, want: "401 200 403 404 403 404 404 403"},
		{route: "POST /api/v1/contracts/:id/file", side: sideU, setup: func(w *world) (string, any) {
			return "/api/v1/contracts/" + itoa(w.contractDraft()) + "/file", form{nil, "合同.pdf", pdf}
		}, want: "401 200 403 404 403 404 404 403"},
		{route: "GET /api/v1/contracts/:id/file", side: sideU, setup: contract(func(w *world) int64 { return w.contractWithFile() }, "/file", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/contracts/:id/confirm", side: sideU, setup: contract(func(w *world) int64 { return w.contractWithFile() }, "/confirm", nil),
			want: "401 200 403 404 403 404 404 403"},
		{route: "POST /api/v1/contracts/:id/submit", side: sideU, setup: contract(func(w *world) int64 { return w.contractConfirmed() }, "/submit", nil),
			want: "401 200 403 404 403 404 404 403"},
		{route: "POST /api/v1/contracts/:id/resubmit", side: sideU, setup: contract(func(w *world) int64 { return w.contractReturned() }, "/resubmit", nil),
			want: "401 200 403 404 403 404 404 403"},
		{route: "POST /api/v1/contracts/:id/return", side: sideA, setup: contract(func(w *world) int64 { return w.contractSubmitted() }, "/return", review),
			want: "401 200 403 404 403 403 404 403"},
		{route: "POST /api/v1/contracts/:id/approve", side: sideA, setup: contract(func(w *world) int64 { return w.contractSubmitted() }, "/approve", nil),
			want: "401 409 403 404 403 403 404 403"},
		{route: "POST /api/v1/contracts/:id/register", side: sideA, setup: contract(func(w *world) int64 { return w.contractSubmitted() }, "/register", nil),
			want: "401 200 403 404 403 403 404 403"},
		{route: "POST /api/v1/contracts/:id/reject", side: sideA, setup: contract(func(w *world) int64 { return w.contractSubmitted() }, "/reject", review),
			want: "401 200 403 404 403 403 404 403"},
		{route: "GET /api/v1/contracts/:id/amendments", side: sideU, setup: contract(func(w *world) int64 { return w.contractRegistered() }, "/amendments", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/contracts/:id/amendments", side: sideU, setup: contract(func(w *world) int64 { return w.contractRegistered() }, "/amendments",
			map[string]any{"kind": "cancel", "reason": "双方协商解除合同"}), want: "401 201 403 404 403 404 404 403"},
		{route: "GET /api/v1/amendments", side: sideA, setup: at("/api/v1/amendments"), want: "401 200 403 200 403 403 200 200"},
		// The agency's reports: its own (the default), or any for an admin.
		{route: "GET /api/v1/reports/contracts", side: sideA, setup: at("/api/v1/reports/contracts?from=2026-01-01&to=2026-12-31"), want: "401 200 403 200 403 403 200 200"},
		{route: "GET /api/v1/reports/contracts (agency A's)", side: sideA, setup: func(w *world) (string, any) {
			return "/api/v1/reports/contracts?from=2026-01-01&to=2026-12-31&agency=" + itoa(w.aOwner.OrgID), nil
		}, want: "401 200 403 403 403 403 403 200"},
		{route: "GET /api/v1/reports/monthly/:year/:month", side: sideA, setup: at("/api/v1/reports/monthly/2026/11"), want: "401 200 403 200 403 403 200 200"},
		{route: "GET /api/v1/reports/monthly/:year/:month/xlsx", side: sideA, setup: func(w *world) (string, any) {
			return "/api/v1/reports/monthly/2026/11/xlsx?agency=" + itoa(w.aOwner.OrgID), nil
		}, want: "401 200 403 403 403 403 403 200"},
		{route: "POST /api/v1/amendments/:id/review", side: sideA, setup: func(w *world) (string, any) {
			return "/api/v1/amendments/" + itoa(w.amendment()) + "/review", map[string]any{"register": true, "comment": "同意注销"}
		}, want: "401 200 403 404 403 403 404 403"},
		{route: "GET /api/v1/contracts/:id/timeline", side: sideU, setup: contract(func(w *world) int64 { return w.contractDraft() }, "/timeline", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "GET /api/v1/contracts/:id/certificate", side: sideU, setup: contract(func(w *world) int64 { return w.contractRegistered() }, "/certificate", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "GET /api/v1/contracts/:id/certificate.pdf", side: sideU, setup: contract(func(w *world) int64 { return w.contractRegistered() }, "/certificate.pdf", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "GET /api/v1/contracts/:id/model-text.pdf", side: sideU, setup: contract(func(w *world) int64 { return w.contractDraft() }, "/model-text.pdf", nil),
			want: "401 200 403 404 404 404 404 200"},
		{route: "POST /api/v1/contracts/draft-text", side: sideU, setup: func(w *world) (string, any) { return "/api/v1/contracts/draft-text", w.contractInput() },
			want: "401 200 403 200 403 200 403 403"},
		{route: "GET /api/v1/verify/:no", side: sideU, setup: func(w *world) (string, any) {
			id := w.contractRegistered()
			no := call[contractView](w.m, w.uOwner, 200, "GET", fmt.Sprintf("/api/v1/contracts/%d", id), nil).RegistrationNo
			return "/api/v1/verify/" + *no, nil
		}, want: everyone},

		// Challenges: E challenges; U proposes; the verified broker reviews.
		{route: "GET /api/v1/challenges", setup: at("/api/v1/challenges"), want: everyone},
		{route: "POST /api/v1/challenges", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/challenges", challengeBody("钙钛矿组件湿热封装工艺", time.Now().AddDate(0, 1, 0))
		}, want: "401 201 403 201 403 403 403 201"},
		{route: "GET /api/v1/challenges/:id", side: sideE, setup: challenge(func(w *world) int64 { return w.challengePublished() }, "", nil), want: everyone},
		{route: "GET /api/v1/challenges/:id (draft)", side: sideE, setup: challenge(func(w *world) int64 { return w.challengeDraft() }, "", nil),
			want: "404 200 404 404 404 404 404 404"},
		{route: "PUT /api/v1/challenges/:id", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/challenges/" + itoa(w.challengeDraft()), challengeBody("钙钛矿组件湿热封装工艺（修订）", time.Now().AddDate(0, 1, 0))
		}, want: "401 200 403 404 403 403 403 404"},
		{route: "POST /api/v1/challenges/:id/publish", side: sideE, setup: challenge(func(w *world) int64 { return w.challengeDraft() }, "/publish", nil),
			want: "401 200 403 404 403 403 403 404"},
		{route: "POST /api/v1/challenges/:id/takedown", side: sideE, setup: challenge(func(w *world) int64 { return w.challengePublished() }, "/takedown",
			map[string]string{"reason": "涉嫌虚假发榜"}), want: adminOnly},
		{route: "POST /api/v1/challenges/:id/no-award", side: sideE, setup: challenge(func(w *world) int64 {
			id := w.challengePublished()
			w.closeChallenge(id)
			return id
		}, "/no-award", nil), want: "401 200 403 403 403 403 403 403"},
		{route: "GET /api/v1/challenges/:id/matches", side: sideE, setup: challenge(func(w *world) int64 { return w.challengePublished() }, "/matches", nil), want: everyone},
		{route: "GET /api/v1/challenges/:id/reviewers", side: sideE, setup: challenge(func(w *world) int64 { c, _ := w.proposal(); return c }, "/reviewers", nil),
			want: "401 200 403 403 403 200 403 403"},
		{route: "POST /api/v1/challenges/:id/reviewers", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/challenges/" + itoa(w.challengePublished()) + "/reviewers", map[string]any{"user_id": w.vbroker.UserID}
		}, want: "401 201 403 403 403 403 403 403"},
		{route: "DELETE /api/v1/challenges/:id/reviewers/:user", side: sideE, setup: func(w *world) (string, any) {
			c, _ := w.proposal()
			return "/api/v1/challenges/" + itoa(c) + "/reviewers/" + itoa(w.vbroker.UserID), nil
		}, want: "401 200 403 403 403 403 403 403"},
		{route: "GET /api/v1/challenges/:id/proposals", side: sideE, setup: challenge(func(w *world) int64 { c, _ := w.proposal(); return c }, "/proposals", nil),
			want: anyMember},
		{route: "POST /api/v1/challenges/:id/proposals", side: sideE, setup: func(w *world) (string, any) {
			return "/api/v1/challenges/" + itoa(w.challengePublished()) + "/proposals", map[string]any{"title": "钙钛矿组件边缘封装方案",
				"summary": "采用丁基胶边封与玻璃盖板，双85 1000 小时效率保持率 95%。"}
		}, want: "401 403 403 201 403 403 403 403"},
		{route: "GET /api/v1/proposals/:id", side: sideU, setup: func(w *world) (string, any) { _, p := w.proposal(); return "/api/v1/proposals/" + itoa(p), nil },
			want: "401 200 403 404 404 200 404 404"},
		{route: "PUT /api/v1/proposals/:id", side: sideU, setup: func(w *world) (string, any) {
			_, p := w.proposal()
			return "/api/v1/proposals/" + itoa(p), map[string]any{"title": "钙钛矿组件原子层沉积封装方案（修订）", "summary": "修订后的技术路线与进度安排，指标承诺不变。"}
		}, want: "401 200 403 404 403 403 403 403"},
		{route: "POST /api/v1/proposals/:id/files", side: sideU, setup: func(w *world) (string, any) {
			_, p := w.proposal()
			return "/api/v1/proposals/" + itoa(p) + "/files", form{nil, "方案.pdf", pdf}
		}, want: "401 201 403 404 403 403 403 403"},
		{route: "GET /api/v1/proposals/:id/files/:file", side: sideU, setup: func(w *world) (string, any) {
			_, p := w.proposal()
			return "/api/v1/proposals/" + itoa(p) + "/files/" + itoa(w.proposalFile(p)), nil
		}, want: "401 200 403 404 404 200 404 404"},
		{route: "DELETE /api/v1/proposals/:id/files/:file", side: sideU, setup: func(w *world) (string, any) {
			_, p := w.proposal()
			return "/api/v1/proposals/" + itoa(p) + "/files/" + itoa(w.proposalFile(p)), nil
		}, want: "401 200 403 404 403 403 403 403"},
		{route: "PUT /api/v1/proposals/:id/score", side: sideU, setup: func(w *world) (string, any) {
			_, p := closed(w)
			return "/api/v1/proposals/" + itoa(p) + "/score", map[string]any{"scores": []int{90, 80, 70}, "comment": "路线可行"}
		}, want: "401 403 403 404 403 200 404 404"},
		{route: "POST /api/v1/proposals/:id/award", side: sideE, setup: func(w *world) (string, any) {
			_, p := closed(w)
			return "/api/v1/proposals/" + itoa(p) + "/award", map[string]any{"award_fen": 100_000_000}
		}, want: "401 200 403 404 403 403 403 404"},
		{route: "GET /api/v1/my/proposals", setup: at("/api/v1/my/proposals"), want: anyMember},
		{route: "GET /api/v1/my/reviews", setup: at("/api/v1/my/reviews"), want: anyMember},
	}
	return append(tries, attachmentTries()...)
}

// TestEveryRouteRefusesWhoMayNot tries every route of the route table with
// every kind of actor and expects each one's status; a refused write must
// leave every table as it was. A route without a try fails the test, so a
// new route cannot skip it.
func TestEveryRouteRefusesWhoMayNot(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		start := time.Now()
		w := newWorld(t, m)
		t.Logf("world built in %v", time.Since(start))
		tries := securityTries()
		covered := map[string]bool{}
		for _, tr := range tries {
			covered[strings.SplitN(tr.route, " (", 2)[0]] = true
		}
		for _, r := range m.srv.routes() {
			if !covered[r.method+" "+r.path] {
				t.Errorf("no security try for %s %s", r.method, r.path)
			}
		}
		for _, tr := range tries {
			start := time.Now()
			w.run(tr)
			if d := time.Since(start); d > time.Second {
				t.Logf("slow: %s %v", tr.route, d)
			}
		}
	})
}

// run makes the try's refusals first, all on one resource, and checks that
// together they left the database as it was; then each success on a
// resource of its own.
func (w *world) run(tr try) {
	t := w.t
	method := strings.SplitN(tr.route, " ", 2)[0]
	fields := strings.Fields(tr.want)
	if len(fields) != len(actorNames) {
		t.Fatalf("%s: %d expectations", tr.route, len(fields))
	}
	wants := make([]int, len(fields))
	for i, f := range fields {
		wants[i], _ = strconv.Atoi(f)
	}
	actors := w.actors(tr.side)
	write := method != "GET"
	var path string
	var body any
	var before [32]byte
	ready := false
	for i, a := range actors {
		if wants[i] < 300 {
			continue
		}
		if !ready {
			path, body = tr.setup(w)
			ready = true
			if write {
				before = w.fingerprint()
			}
		}
		w.check(tr.route, i, a, method, path, body, wants[i])
	}
	if ready && write && w.fingerprint() != before {
		t.Errorf("%s: a refused try changed the database", tr.route)
	}
	for i, a := range actors {
		if wants[i] >= 300 {
			continue
		}
		path, body := tr.setup(w)
		if w.check(tr.route, i, a, method, path, body, wants[i]) && tr.after != nil {
			tr.after(w, a)
		}
	}
}

func (w *world) check(route string, i int, a *account, method, path string, body any, want int) bool {
	t := w.t
	token := ""
	if a != nil {
		token = a.Token
	}
	var r response
	if strings.HasSuffix(path, "/events") {
		r = w.streamStatus(path, token)
	} else {
		r = w.send(method, path, token, body)
	}
	if r.Status != want {
		t.Errorf("%s as %s: %d, want %d: %.300s", route, actorNames[i], r.Status, want, r.Body)
		return false
	}
	if i == 2 && r.Status == 403 {
		if code := r.errorCode(t); code != "membership_pending" {
			t.Errorf("%s as a pending member: code %s, want membership_pending", route, code)
		}
	}
	return true
}

func (w *world) send(method, path, token string, body any) response {
	f, ok := body.(form)
	if !ok {
		return w.m.do(method, path, token, body)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range f.fields {
		mw.WriteField(k, v)
	}
	if f.file != "" {
		fw, _ := mw.CreateFormFile("file", f.file)
		fw.Write(f.contents)
	}
	mw.Close()
	return w.m.do(method, path, token, buf.Bytes(), "Content-Type", mw.FormDataContentType())
}

// streamStatus opens a live event stream on a real listener and reads its
// status, since the stream itself never ends.
func (w *world) streamStatus(path, token string) response {
	if w.m.base == "" {
		w.m.base = w.m.listen()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req := httptest.NewRequest("GET", w.m.base+path, nil).WithContext(ctx)
	req.RequestURI = ""
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	line, _ := bufio.NewReader(res.Body).ReadString('\n')
	return response{Status: res.StatusCode, Body: []byte(line), Header: res.Header}
}
