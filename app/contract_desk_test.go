package app

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

func TestTimelinesNameWhoActed(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 1_000_000)
		m.must(200, m.do("POST", path+"/register", p.reviewer.Token, map[string]any{"comment": "材料齐全"}))
		m.must(201, m.do("POST", path+"/amendments", p.seller.Token, map[string]any{"kind": "change", "reason": "双方协商降低价款", "contract_amount_fen": 900_000, "tech_amount_fen": 800_000}))

		tl := m.must(200, m.do("GET", path+"/timeline", p.buyer.Token, nil)).JSON(t)
		who := map[string]string{}
		for _, it := range tl["items"].([]any) {
			e := it.(map[string]any)
			who[e["action"].(string)] = e["actor_name"].(string) + "/" + e["actor_org"].(string)
		}
		for action, want := range map[string]string{
			"contract.create": "测试seller/福州大学", "contract.register": "测试reviewer/福州市技术合同登记站",
			"contract.amendment.change": "测试seller/福州大学",
		} {
			if who[action] != want {
				t.Errorf("%s by %q, want %q (%v)", action, who[action], want, who)
			}
		}
		// The buyer's own confirmation is named too.
		if !strings.Contains(fmt.Sprint(who), "测试buyer/福耀玻璃") {
			t.Errorf("buyer's confirmation not named: %v", who)
		}

		// The agency's pending queue: theirs only, with the contract it belongs to.
		q := m.must(200, m.do("GET", "/api/v1/amendments", p.reviewer.Token, nil)).JSON(t)
		items := q["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("queue %v", q)
		}
		a := items[0].(map[string]any)
		if a["contract_title"] != "石墨烯导热膜制备技术转让合同" || a["created_by_name"] != "测试seller" || a["tech_amount_fen_before"].(float64) != 1_000_000 ||
			a["registration_no"] == nil || a["kind"] != "change" {
			t.Fatalf("queued amendment %v", a)
		}
		if other := m.must(200, m.do("GET", "/api/v1/amendments?status=all", p.otherReviewer.Token, nil)).JSON(t); other["total"].(float64) != 0 {
			t.Fatalf("another agency sees %v", other)
		}
		for _, acc := range []*account{p.seller, p.buyer} {
			if r := m.do("GET", "/api/v1/amendments", acc.Token, nil); r.Status != 403 {
				t.Fatalf("%s reads the queue: %d", acc.Username, r.Status)
			}
		}
		if r := m.do("GET", "/api/v1/amendments?status=pending", p.reviewer.Token, nil); r.Status != 422 {
			t.Fatalf("bad status: %d %s", r.Status, r.Body)
		}
		if r := m.do("GET", "/api/v1/amendments", "", nil); r.Status != 401 {
			t.Fatalf("public: %d", r.Status)
		}

		// Reviewed, it leaves the pending queue and carries the reviewer's name.
		id := int64(a["id"].(float64))
		m.must(200, m.do("POST", fmt.Sprintf("/api/v1/amendments/%d/review", id), p.reviewer.Token, map[string]any{"register": true, "comment": "同意变更"}))
		if q := m.must(200, m.do("GET", "/api/v1/amendments", p.reviewer.Token, nil)).JSON(t); q["total"].(float64) != 0 {
			t.Fatalf("still pending: %v", q)
		}
		list := m.must(200, m.do("GET", path+"/amendments", p.seller.Token, nil)).JSON(t)
		got := list["items"].([]any)[0].(map[string]any)
		if got["created_by_name"] != "测试seller" || got["reviewed_by_name"] != "测试reviewer" {
			t.Fatalf("amendment names %v", got)
		}
		all := m.must(200, m.do("GET", "/api/v1/amendments?status=registered", p.admin.Token, nil)).JSON(t)
		if all["total"].(float64) != 1 {
			t.Fatalf("admin's view %v", all)
		}
	})
}

func TestOrgSearchForContractParties(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		m.signUp("pending", models.RoleDemander, "福耀汽车配件（未认证）")
		r := m.must(200, m.do("GET", "/api/v1/orgs?q="+url.QueryEscape("福耀"), p.seller.Token, nil)).JSON(t)
		items := r["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("want only the verified 福耀玻璃: %v", r)
		}
		o := items[0].(map[string]any)
		if o["id"].(float64) != float64(p.buyer.OrgID) || o["name"] != "福耀玻璃" || o["region"] != "350102" {
			t.Fatalf("org %v", o)
		}
		for _, private := range []string{"reject_reason", "verified_at", "created_at"} {
			if _, ok := o[private]; ok {
				t.Errorf("search leaks %s: %v", private, o)
			}
		}
		// By type: the agency, not the university with a similar word.
		r = m.must(200, m.do("GET", "/api/v1/orgs?type=agency&q="+url.QueryEscape("登记站"), p.seller.Token, nil)).JSON(t)
		if r["total"].(float64) != 2 {
			t.Fatalf("agencies %v", r)
		}
		// A LIKE wildcard is a plain character.
		if r := m.must(200, m.do("GET", "/api/v1/orgs?q=%25", p.seller.Token, nil)).JSON(t); r["total"].(float64) != 0 {
			t.Fatalf("%% matched everything: %v", r)
		}
		for _, bad := range []string{"/api/v1/orgs", "/api/v1/orgs?q=+", "/api/v1/orgs?q=a&type=planet", "/api/v1/orgs?q=a&size=50", "/api/v1/orgs?q=a&page=0"} {
			if r := m.do("GET", bad, p.seller.Token, nil); r.Status != 422 {
				t.Errorf("%s: %d %s", bad, r.Status, r.Body)
			} else {
				r.errorCode(t)
			}
		}
		if r := m.do("GET", "/api/v1/orgs?q="+url.QueryEscape("福耀"), "", nil); r.Status != 401 {
			t.Fatalf("public search: %d", r.Status)
		}
	})
}

func TestStatsSummaryOfAYear(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 1_000_000)
		m.must(200, m.do("POST", path+"/register", p.reviewer.Token, nil))
		year := time.Now().In(shanghai).Year()

		cur := m.must(200, m.do("GET", "/api/v1/stats/summary", "", nil)).JSON(t)
		same := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/stats/summary?year=%d", year), "", nil)).JSON(t)
		if fmt.Sprint(cur) != fmt.Sprint(same) || cur["year_to_date"].(map[string]any)["contracts"].(float64) != 1 {
			t.Fatalf("this year: %v vs %v", cur, same)
		}
		last := m.must(200, m.do("GET", fmt.Sprintf("/api/v1/stats/summary?year=%d", year-1), "", nil)).JSON(t)
		if last["year"].(float64) != float64(year-1) || last["through"] != fmt.Sprintf("%d-12-31", year-1) ||
			last["year_to_date"].(map[string]any)["contracts"].(float64) != 0 {
			t.Fatalf("last year: %v", last)
		}
		for _, bad := range []string{"abc", "1999", fmt.Sprint(year + 1), "2024.5"} {
			r := m.do("GET", "/api/v1/stats/summary?year="+bad, "", nil)
			if r.Status != 422 || r.errorFields(t)["year"] == nil {
				t.Errorf("year=%s: %d %s", bad, r.Status, r.Body)
			}
		}
	})
}
