package models_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
)

// fuzhouTable reads one of the plan's tables as shipped: the rows after the
// header, split into cells.
func fuzhouTable(t *testing.T, file string) [][]string {
	t.Helper()
	data, err := os.ReadFile("demodata/fuzhou-2023/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		rows = append(rows, strings.Split(line, ","))
	}
	return rows
}

// yiFen reads an amount of the tables (亿元, two decimals at most) in fen.
func yiFen(t *testing.T, s string) int64 {
	t.Helper()
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return int64(v*100+0.5) * 100_000_000
}

// checkFuzhou2023 checks the demo's Fuzhou 2023 plan against the tables it
// was transcribed from: the 2022 registrations add up to the tables per
// district and per agency, 2023 grows month by month towards 110 亿, and
// the plan shows the rule's figures beside the official ones.
func checkFuzhou2023(t *testing.T, m *models.Market, db *gorm.DB) {
	t.Helper()
	ctx := context.Background()
	districts, agencies := fuzhouTable(t, "districts.csv"), fuzhouTable(t, "agencies.csv")

	byDistrict, err := m.Breakdown(ctx, 2022, "district", "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, b := range byDistrict {
		got[models.RegionName(b.Key)] = b.ContractFen
	}
	for _, r := range districts {
		name := r[1]
		if name != "福清市" {
			name = "福州市" + name
		}
		if want := yiFen(t, r[2]); got[name] != want {
			t.Errorf("2022 成交额 of %s: %s 亿, the table says %s", name, models.Yi(got[name]), r[2])
		}
	}
	byAgency, err := m.Breakdown(ctx, 2022, "agency", "")
	if err != nil {
		t.Fatal(err)
	}
	gotAgency := map[string]int64{}
	for _, b := range byAgency {
		gotAgency[strings.TrimSuffix(b.Name, "技术合同登记站")] = b.ContractFen
	}
	for _, r := range agencies {
		if want := yiFen(t, r[3]); gotAgency[r[1]] != want {
			t.Errorf("2022 registered at %s: %s 亿, the table says %s", r[1], models.Yi(gotAgency[r[1]]), r[3])
		}
	}

	// 2023: every month adds, December most, and the year reaches about 110 亿.
	months, err := m.Breakdown(ctx, 2023, "month", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(months) != 12 {
		t.Fatalf("2023 has %d months of registrations", len(months))
	}
	var year, december, largestOther int64
	for _, mo := range months {
		year += mo.ContractFen
		if strings.HasSuffix(mo.Key, "-12") {
			december = mo.ContractFen
		} else {
			largestOther = max(largestOther, mo.ContractFen)
		}
	}
	if year < 10_500_000_000_00 || year > 11_500_000_000_00 || december <= largestOther {
		t.Errorf("2023: %s 亿 in the year, December %s 亿, the largest other month %s 亿", models.Yi(year), models.Yi(december), models.Yi(largestOther))
	}

	// The plan as issued, with the rule's figure beside the official one.
	plans, err := m.ListTargetPlans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var plan *models.TargetPlan
	for i := range plans {
		if plans[i].Name == "推进福州市2023年度技术合同认定登记工作行动方案" {
			plan = &plans[i]
		}
	}
	if plan == nil || plan.Region != "350100" || plan.Measure != models.MeasureContract || plan.FromYear != 2023 || plan.ToYear != 2023 {
		t.Fatalf("the Fuzhou 2023 plan: %+v in %+v", plan, plans)
	}
	targets, err := m.ListTargets(ctx, models.TargetFilter{Year: 2023, PlanID: plan.ID})
	if err != nil {
		t.Fatal(err)
	}
	checkFuzhouTargets(t, targets)

	// This year's targets, a plan of the demo's own from last year's turnover.
	now := m.Now()
	current, err := m.TargetsFor(ctx, now.Year())
	if err != nil || len(current) < 3 {
		t.Fatalf("this year's targets: %d, %v", len(current), err)
	}
	for _, tg := range current {
		if tg.Kind == "district" && (tg.RuleFen == 0 || tg.Measure != models.MeasureContract) {
			t.Errorf("this year's target of %s: rule %s, measure %s", tg.Name, models.Yi(tg.RuleFen), tg.Measure)
		}
	}
}

// fuzhouAdjusted are the five official figures of 2023 the plan set above
// the rule's (README of the tables): 亿元, official and rule.
var fuzhouAdjusted = map[string][2]string{"福州市马尾区": {"21.23", "21.13"}, "福州市长乐区": {"10.39", "10.29"},
	"福清市": {"4.62", "4.52"}, "福州市闽侯县": {"10.97", "10.94"}, "福州市连江县": {"0.59", "0.56"}}

// checkFuzhouTargets checks the Fuzhou 2023 plan's targets as imported:
// the rule reproduces every district's official figure but the five
// adjusted ones; the agencies have last year's target and no rule figure.
func checkFuzhouTargets(t *testing.T, targets []models.Target) {
	t.Helper()
	var districts, agencies, districtSum, agencySum int64
	for _, tg := range targets {
		if tg.Measure != models.MeasureContract || tg.FromYear != 2023 || tg.Year != 2023 || tg.PlanName != "推进福州市2023年度技术合同认定登记工作行动方案" {
			t.Errorf("%s: measure %s, %d–%d, plan %q", tg.Name, tg.Measure, tg.FromYear, tg.Year, tg.PlanName)
		}
		switch {
		case tg.Key == "350100": // the city-wide figure of the plan's text, when it is set
			if models.Yi(tg.TargetFen) != "110.00" || tg.RuleFen != 0 {
				t.Errorf("福州市: %s, rule %s", models.Yi(tg.TargetFen), models.Yi(tg.RuleFen))
			}
		case tg.Kind == "district":
			districts++
			districtSum += tg.TargetFen
			if adj, ok := fuzhouAdjusted[tg.Name]; ok {
				if models.Yi(tg.TargetFen) != adj[0] || models.Yi(tg.RuleFen) != adj[1] {
					t.Errorf("%s: official %s rule %s, want %s beside %s", tg.Name, models.Yi(tg.TargetFen), models.Yi(tg.RuleFen), adj[0], adj[1])
				}
			} else if tg.RuleFen != tg.TargetFen {
				t.Errorf("%s: official %s, rule %s: the rule should reproduce it", tg.Name, models.Yi(tg.TargetFen), models.Yi(tg.RuleFen))
			}
		case tg.Kind == "agency":
			agencies++
			agencySum += tg.TargetFen
			if tg.RuleFen != 0 || tg.GDPShare != 0 || tg.LastYearFen == 0 {
				t.Errorf("agency %s: rule %s, share %v, last year %s", tg.Name, models.Yi(tg.RuleFen), tg.GDPShare, models.Yi(tg.LastYearFen))
			}
			if (tg.Name == "福州市科创服务中心") != (tg.LastYearTargetFen == 0) {
				t.Errorf("agency %s: last year's target %s", tg.Name, models.Yi(tg.LastYearTargetFen))
			}
		}
	}
	if districts != 12 || agencies != 5 || models.Yi(districtSum) != "110.01" || models.Yi(agencySum) != "110.00" {
		t.Errorf("%d districts (%s 亿), %d agencies (%s 亿)", districts, models.Yi(districtSum), agencies, models.Yi(agencySum))
	}
}

// checkFuzhouYears checks that the years after the plan follow on: every
// district of the city registers every year from 2022 to this year (this
// year once a month is over), 2024 comes to about 125 亿 and 2025 to about
// 140 亿, this year so far stays below last year's total and near the
// targets the rule set from it, and 泉州市 has registrations of its own.
func checkFuzhouYears(t *testing.T, m *models.Market) {
	t.Helper()
	ctx := context.Background()
	now := m.Now().In(time.FixedZone("CST", 8*3600))
	districts := fuzhouTable(t, "districts.csv")
	totals := map[int]int64{}
	for year := 2022; year <= now.Year(); year++ {
		rows, err := m.Breakdown(ctx, year, "district", "350100")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, b := range rows {
			got[models.RegionName(b.Key)] = b.ContractFen
			totals[year] += b.ContractFen
		}
		if year == now.Year() && now.Month() == time.January {
			continue
		}
		for _, r := range districts {
			name := r[1]
			if name != "福清市" {
				name = "福州市" + name
			}
			if got[name] <= 0 {
				t.Errorf("%d: %s registered nothing", year, name)
			}
		}
	}
	t.Logf("福州市 registered 2022–%d: %v (fen)", now.Year(), totals)
	for _, y := range []struct {
		year     int
		from, to int64 // 亿元
	}{{2024, 120, 130}, {2025, 135, 145}} {
		if totals[y.year] < y.from*10_000_000_000 || totals[y.year] > y.to*10_000_000_000 {
			t.Errorf("%d: 福州市 registered %s 亿, want %d–%d", y.year, models.Yi(totals[y.year]), y.from, y.to)
		}
	}
	if this, last := totals[now.Year()], totals[now.Year()-1]; this >= last {
		t.Errorf("this year so far %s 亿, last year %s 亿", models.Yi(this), models.Yi(last))
	}
	// This year's latest bulletin: most districts within 15 points of the
	// 时间进度 (the months so far are lighter than the year's average), a
	// few under half of it (the rule asks them 300 %), none without a target.
	if now.Month() > time.January {
		b, err := m.IssuedBulletinOf(ctx, "350100", now.Year(), int(now.Month())-1)
		if err != nil {
			t.Fatal(err)
		}
		near, behind := 0, 0
		for _, r := range b.Districts {
			if r.TargetFen == 0 {
				t.Errorf("%s has no target this year", r.Name)
			}
			if r.Completion-b.TimeProgress >= -15 {
				near++
			}
			if r.Completion < b.TimeProgress/2 {
				behind++
			}
		}
		if near < 7 || behind == 0 {
			t.Errorf("bulletin %d-%d: %d districts near the 时间进度 %.1f %%, %d behind", now.Year(), now.Month()-1, near, b.TimeProgress, behind)
		}
	}
	quanzhou, err := m.Breakdown(ctx, now.Year()-1, "district", "350500")
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, b := range quanzhou {
		sum += b.ContractFen
	}
	if sum == 0 {
		t.Errorf("泉州市 registered nothing in %d", now.Year()-1)
	}
}
