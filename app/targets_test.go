package app

import (
	"fmt"
	"testing"

	"techmarket/models"
)

// Plans through the API: an admin records one, sets targets into it with
// their measure and years, and the public reads them with the plan's name;
// bad input is a 422 in Chinese that changes nothing.
func TestTargetPlansThroughTheAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		plan := call[models.TargetPlan](m, admin, 201, "POST", "/api/v1/target-plans", map[string]any{
			"name": "偃师区技术合同登记三年行动方案", "from_year": 2023, "to_year": 2025, "source": "偃政办〔2023〕12号", "region": "410307"})
		if plan.Measure != models.MeasureContract || plan.Region != "410307" {
			t.Fatalf("plan %+v", plan)
		}
		target := func(body map[string]any) models.Target {
			body["plan_id"] = plan.ID
			return call[models.Target](m, admin, 200, "PUT", "/api/v1/targets", body)
		}
		cumulative := target(map[string]any{"from_year": 2023, "year": 2025, "kind": "district", "key": "410307", "name": "偃师区", "target_fen": 50_000_000_000, "measure": "tech"})
		annual := target(map[string]any{"year": 2024, "kind": "district", "key": "410307", "name": "偃师区", "last_year_fen": 100_000_000_000, "gdp_share_percent": 0.8})
		if cumulative.Measure != models.MeasureTech || annual.Measure != models.MeasureContract || models.Yi(annual.RuleFen) != "12.50" {
			t.Fatalf("cumulative %+v, annual %+v", cumulative, annual)
		}
		list := call[yearOf[models.Target]](m, nil, 200, "GET", fmt.Sprintf("/api/v1/targets?year=2024&plan=%d", plan.ID), nil)
		got := map[int]models.Target{}
		for _, tg := range list.Items {
			got[tg.FromYear] = tg
		}
		if len(list.Items) != 2 || got[2023].Measure != models.MeasureTech || got[2023].Year != 2025 || got[2024].Measure != models.MeasureContract ||
			got[2023].PlanName != plan.Name {
			t.Fatalf("targets of 2024 in the plan: %+v", list.Items)
		}
		if other := call[yearOf[models.Target]](m, nil, 200, "GET", "/api/v1/targets?year=2024&plan=999", nil); len(other.Items) != 0 {
			t.Fatalf("another plan's targets: %+v", other.Items)
		}

		plans, targets, audits := m.count(&models.TargetPlan{}), m.count(&models.Target{}), m.count(&models.AuditLog{})
		path := fmt.Sprintf("/api/v1/target-plans/%d", plan.ID)
		for _, s := range []step{
			{name: "a plan without a name", as: admin, method: "POST", path: "/api/v1/target-plans", body: map[string]any{"from_year": 2023, "to_year": 2023, "region": "350100"}, want: 422, field: "name"},
			{name: "years reversed", as: admin, method: "POST", path: "/api/v1/target-plans", body: map[string]any{"name": "计划", "from_year": 2024, "to_year": 2023, "region": "350100"}, want: 422, field: "to_year"},
			{name: "a region that is none", as: admin, method: "POST", path: "/api/v1/target-plans", body: map[string]any{"name": "计划", "from_year": 2023, "to_year": 2023, "region": "福州"}, want: 422, field: "region"},
			{name: "an unknown measure", as: admin, method: "POST", path: "/api/v1/target-plans", body: map[string]any{"name": "计划", "from_year": 2023, "to_year": 2023, "region": "350100", "measure": "amount"}, want: 422, field: "measure"},
			{name: "shrinking past its targets", as: admin, method: "PUT", path: path, body: map[string]any{"name": plan.Name, "from_year": 2024, "to_year": 2025, "region": "410307"}, want: 422, field: "from_year"},
			{name: "an unknown plan", as: admin, method: "PUT", path: "/api/v1/target-plans/999", body: map[string]any{"name": "计划", "from_year": 2023, "to_year": 2023, "region": "350100"}, want: 404, code: "target_plan_not_found"},
			{name: "a target after its plan", as: admin, method: "PUT", path: "/api/v1/targets", body: map[string]any{"plan_id": plan.ID, "year": 2026, "kind": "district", "key": "410307", "name": "偃师区", "target_fen": 1}, want: 422, field: "year"},
			{name: "a target in an unknown plan", as: admin, method: "PUT", path: "/api/v1/targets", body: map[string]any{"plan_id": 999, "year": 2024, "kind": "district", "key": "410307", "name": "偃师区", "target_fen": 1}, want: 422, field: "plan_id"},
			{name: "a cumulative target starting after it ends", as: admin, method: "PUT", path: "/api/v1/targets", body: map[string]any{"plan_id": plan.ID, "from_year": 2025, "year": 2024, "kind": "district", "key": "410307", "name": "偃师区", "target_fen": 1}, want: 422, field: "from_year"},
			{name: "a bad plan filter", method: "GET", path: "/api/v1/targets?plan=abc", want: 422, field: "plan"},
		} {
			r := m.check(s)
			if s.want == 422 {
				for k, v := range r.errorFields(t) {
					if msg, _ := v.(string); !hasChinese(msg) {
						t.Errorf("%s: %s says %q", s.name, k, msg)
					}
				}
			}
		}
		if m.count(&models.TargetPlan{}) != plans || m.count(&models.Target{}) != targets || m.count(&models.AuditLog{}) != audits {
			t.Fatal("a refused request changed plans, targets or the audit log")
		}

		// The plan's change is audited; the list names it.
		changed := call[models.TargetPlan](m, admin, 200, "PUT", path, map[string]any{"name": plan.Name, "from_year": 2023, "to_year": 2026, "source": plan.Source, "region": "410307", "measure": "tech"})
		if changed.ToYear != 2026 || changed.Measure != models.MeasureTech || m.count(&models.AuditLog{}) != audits+1 {
			t.Fatalf("changed plan %+v", changed)
		}
		if all := call[listOf[models.TargetPlan]](m, nil, 200, "GET", "/api/v1/target-plans", nil); len(all.Items) != 1 || all.Items[0].ToYear != 2026 {
			t.Fatalf("plans %+v", all)
		}
	})
}

func hasChinese(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
