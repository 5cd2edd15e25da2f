package models_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// The official tables of Fuzhou's 2023 plan, as shipped, import into the
// plan: names resolve to division codes and agencies, each district shows
// the rule's figure beside the official one (five adjusted above it), and
// the agencies their last year's target and no rule figure.
func TestFuzhou2023TablesImportWithRuleBesideOfficial(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		admin := importAdmin(t, m)
		// 福建海峡技术转移中心 registers under a longer name: the table's name is its beginning.
		for _, name := range []string{"福建海峡技术转移中心技术合同登记站", "福建省高新技术创业服务中心", "福建省科技咨询服务中心", "福州技术市场有限公司", "福州市科创服务中心"} {
			db.Create(&models.Organization{Name: name, Type: models.OrgAgency, Region: "350102", Status: models.OrgVerified})
		}
		plan, err := m.CreateTargetPlan(t.Context(), admin, models.Fuzhou2023Plan)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range []string{"districts.csv", "agencies.csv"} {
			data, err := os.ReadFile("demodata/fuzhou-2023/" + file)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := m.ImportTargets(t.Context(), admin, models.TargetImport{PlanID: plan.ID, Year: 2023}, table(t, file, string(data)))
			if err != nil {
				t.Fatalf("%s: %v %+v", file, err, rep)
			}
		}
		targets, err := m.ListTargets(t.Context(), models.TargetFilter{Year: 2023})
		if err != nil {
			t.Fatal(err)
		}
		checkFuzhouTargets(t, targets)
		for _, tg := range targets {
			if tg.Name == "福建海峡技术转移中心" && (models.Yi(tg.LastYearTargetFen) != "24.20" || models.Yi(tg.LastYearFen) != "17.93" || models.Yi(tg.TargetFen) != "25.62") {
				t.Errorf("福建海峡技术转移中心: %+v", tg)
			}
		}
	})
}

// A plan over several years holds a cumulative target (偃师's 5 亿 by 2025
// from 2023): it counts in every year it spans, has no rule figure, and
// stays within its plan's years. With GDP the share is computed.
func TestPlanTargetsSpanYearsAndComputeTheShare(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		ctx := t.Context()
		admin := importAdmin(t, m)
		plan, err := m.CreateTargetPlan(ctx, admin, models.TargetPlanInput{Name: "偃师区技术合同登记三年行动方案", FromYear: 2023, ToYear: 2025,
			Source: "偃政办〔2023〕12号", Region: "410307", Measure: models.MeasureTech})
		if err != nil {
			t.Fatal(err)
		}
		cumulative, err := m.SetTarget(ctx, admin, models.TargetInput{PlanID: plan.ID, FromYear: 2023, Year: 2025, Kind: "district", Key: "410307",
			Name: "偃师区", LastYearFen: 80_000_000_00, GDPShare: 0.2, TargetFen: 5_000_000_000_00})
		if err != nil {
			t.Fatal(err)
		}
		if cumulative.RuleFen != 0 || cumulative.Measure != models.MeasureTech || cumulative.FromYear != 2023 {
			t.Fatalf("cumulative target %+v", cumulative)
		}
		for year, want := range map[int]int{2022: 0, 2023: 1, 2024: 1, 2025: 1, 2026: 0} {
			got, err := m.TargetsFor(ctx, year)
			if err != nil || len(got) != want {
				t.Errorf("%d: %d targets (%v), want %d", year, len(got), err, want)
			}
			if len(got) == 1 && (got[0].PlanName != plan.Name || got[0].FromYear != 2023 || got[0].Year != 2025) {
				t.Errorf("%d: %+v", year, got[0])
			}
		}

		// An annual target of the same district beside it, its share from GDP:
		// 22.27 亿 of 2,369.1 亿 is 0.94 %, which grows 25 %, to 27.84 亿; in 成交额.
		annual, err := m.SetTarget(ctx, admin, models.TargetInput{PlanID: plan.ID, Year: 2024, Kind: "district", Key: "410307", Name: "偃师区",
			Measure: models.MeasureContract, LastYearFen: 222_700_000_000, GDPFen: 23_691_000_000_000})
		if err != nil {
			t.Fatal(err)
		}
		if models.Yi(annual.RuleFen) != "27.84" || annual.TargetFen != annual.RuleFen || annual.Measure != models.MeasureContract ||
			annual.GDPShare < 0.93 || annual.GDPShare > 0.95 {
			t.Fatalf("annual target from GDP: %+v", annual)
		}

		// Outside the plan's years, or starting after it ends: refused, nothing stored.
		before := countRows(t, db)
		for name, in := range map[string]models.TargetInput{
			"after the plan":       {PlanID: plan.ID, Year: 2026, Kind: "district", Key: "410307", Name: "偃师区", TargetFen: 1},
			"before the plan":      {PlanID: plan.ID, FromYear: 2022, Year: 2024, Kind: "district", Key: "410307", Name: "偃师区", TargetFen: 1},
			"starting after it":    {PlanID: plan.ID, FromYear: 2025, Year: 2024, Kind: "district", Key: "410307", Name: "偃师区", TargetFen: 1},
			"an unknown plan":      {PlanID: 999, Year: 2024, Kind: "district", Key: "410307", Name: "偃师区", TargetFen: 1},
			"an unknown measure":   {PlanID: plan.ID, Year: 2024, Kind: "district", Key: "410307", Name: "偃师区", Measure: "turnover", TargetFen: 1},
			"a GDP out of bounds":  {PlanID: plan.ID, Year: 2024, Kind: "district", Key: "410307", Name: "偃师区", GDPFen: -1, TargetFen: 1},
			"a zone never added":   {PlanID: plan.ID, Year: 2024, Kind: "district", Key: "YSGXQ", Name: "偃师高新区", TargetFen: 1},
			"no figure, no rule":   {PlanID: plan.ID, FromYear: 2023, Year: 2024, Kind: "district", Key: "410307", Name: "偃师区", LastYearFen: 1_000_000_00},
			"an agency by the GDP": {PlanID: plan.ID, Year: 2024, Kind: "agency", Key: "1", GDPShare: 0.5, TargetFen: 1},
		} {
			_, err := m.SetTarget(ctx, admin, in)
			me, ok := models.AsError(err)
			if !ok || me.Status != 422 || len(me.Fields) == 0 {
				t.Errorf("%s: %v", name, err)
				continue
			}
			for _, msg := range me.Fields {
				if !hasHan(msg) {
					t.Errorf("%s: message %q is not in Chinese", name, msg)
				}
			}
		}
		// The plan cannot shrink past its targets, nor take another's name.
		for name, in := range map[string]models.TargetPlanInput{
			"shrunk":         {Name: plan.Name, FromYear: 2024, ToYear: 2025, Region: "410307"},
			"reversed":       {Name: plan.Name, FromYear: 2025, ToYear: 2023, Region: "410307"},
			"no region":      {Name: plan.Name, FromYear: 2023, ToYear: 2025, Region: "偃师"},
			"bad measure":    {Name: plan.Name, FromYear: 2023, ToYear: 2025, Region: "410307", Measure: "amount"},
			"too many years": {Name: plan.Name, FromYear: 2000, ToYear: 2030, Region: "410307"},
		} {
			if _, err := m.UpdateTargetPlan(ctx, admin, plan.ID, in); !isInvalid(err) {
				t.Errorf("plan %s: %v", name, err)
			}
		}
		if _, err := m.CreateTargetPlan(ctx, admin, models.TargetPlanInput{Name: plan.Name, FromYear: 2023, ToYear: 2023, Region: "410307"}); !isInvalid(err) {
			t.Errorf("a second plan of the same name: %v", err)
		}
		if after := countRows(t, db); after != before {
			t.Errorf("refused changes stored rows: %v, then %v", before, after)
		}

		// Only market admins set plans.
		reviewer := models.Actor{UserID: admin.UserID, Role: models.RoleReviewer, OrgID: admin.OrgID, OrgVerified: true}
		if _, err := m.CreateTargetPlan(ctx, reviewer, models.TargetPlanInput{Name: "另一计划", FromYear: 2023, ToYear: 2023, Region: "410307"}); err == nil {
			t.Error("a reviewer created a plan")
		}
	})
}

func isInvalid(err error) bool {
	me, ok := models.AsError(err)
	return ok && me.Status == 422
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// countRows counts what a change of plans or targets could write.
func countRows(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var out []string
	for _, table := range []string{"target_plans", "targets", "audit_logs"} {
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(table, "=", n))
	}
	return strings.Join(out, " ")
}
