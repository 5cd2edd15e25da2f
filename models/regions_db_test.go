package models_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// person creates a user through the operator's door (verified organisation)
// and loads the actor as a request would.
func person(t *testing.T, m *models.Market, username string, role models.Role, org string, region string) models.Actor {
	t.Helper()
	u, _, err := m.CreateUser(t.Context(), models.Registration{Username: username, Password: "Passw0rd-" + username, Name: "林" + username,
		Role: role, OrgName: org, OrgType: models.OrgBureau, Region: region})
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.ActorOf(t.Context(), u.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestBureauIsScopedToItsRegion(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		ctx := t.Context()
		admin := person(t, m, "admin", models.RoleAdmin, "福州市科学技术局", "350100")
		city := person(t, m, "fzkj", models.RoleBureau, "福州市科学技术局", "350100")
		gulou := person(t, m, "gulou", models.RoleBureau, "鼓楼区科学技术局", "350102")
		u, _, ms, err := m.Register(ctx, models.Registration{Username: "newcomer", Password: "Passw0rd-newcomer", Name: "陈新",
			Role: models.RoleBureau, OrgName: "鼓楼区科学技术局", OrgType: models.OrgBureau, Region: "350102"})
		if err != nil || ms.Status != models.MemberPending {
			t.Fatalf("register a bureau member: %v, %+v", err, ms)
		}
		pending, err := m.ActorOf(ctx, u.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if city.Region != "350100" || gulou.Region != "350102" || pending.Region != "" {
			t.Fatalf("regions: city %q, gulou %q, pending %q", city.Region, gulou.Region, pending.Region)
		}
		if _, err := m.CreateZone(ctx, admin, models.ZoneInput{Code: "FZGXQ", Name: "福州高新区", Parent: "350100", Covers: []string{"350121", "350104"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := m.CreateZone(ctx, city, models.ZoneInput{Code: "FZZMQ", Name: "福州自贸片区", Parent: "350100", Covers: []string{"350105"}}); !errors.Is(err, models.ErrForbidden) {
			t.Errorf("a bureau member adds a zone: %v, want forbidden (market admins only)", err)
		}
		// The answer of each actor for each region: "" may, else the error's code.
		regions := []string{"350102", "350103", "350100", "FZGXQ", "350000", "350502"}
		for _, tc := range []struct {
			who   string
			actor models.Actor
			want  []string
		}{
			{"the 鼓楼区 bureau", gulou, []string{"", "outside_region", "outside_region", "outside_region", "outside_region", "outside_region"}},
			{"the 福州市 bureau", city, []string{"", "", "", "", "outside_region", "outside_region"}},
			{"the market admin", admin, []string{"", "", "", "", "", ""}},
			{"a pending bureau member", pending, []string{"forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"}},
			{"the public", models.Actor{}, []string{"unauthenticated", "unauthenticated", "unauthenticated", "unauthenticated", "unauthenticated", "unauthenticated"}},
		} {
			for i, code := range regions {
				r, err := m.FindRegion(ctx, code)
				if err != nil {
					t.Fatal(code, err)
				}
				got := ""
				if err := tc.actor.RequireRegion(r); err != nil {
					e, _ := models.AsError(err)
					got = e.Code
				}
				if got != tc.want[i] {
					t.Errorf("%s on %s: %q, want %q", tc.who, code, got, tc.want[i])
				}
			}
		}
		// The same check through the bureau's own view of its region.
		mine, err := m.MyRegion(ctx, city, "")
		if err != nil || mine.Unit.Code != "350100" || mine.Any || len(mine.Sub) != 13 || mine.Sub[12].Code != "FZGXQ" {
			t.Errorf("the city bureau's region: %+v, %v (want 福州市, its 12 districts, then its zone)", mine, err)
		}
		if _, err := m.MyRegion(ctx, gulou, "350100"); !errors.Is(err, models.ErrOutsideRegion) {
			t.Errorf("the 鼓楼区 bureau opens 福州市: %v, want outside_region", err)
		}
		if _, err := m.MyRegion(ctx, pending, ""); err == nil {
			t.Error("a pending bureau member sees a region")
		}
	})
}

func TestRegionFiguresRollUp(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := modeltest.NewMarket(db)
		ctx := t.Context()
		now := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
		m.Clock = func() time.Time { return now }
		admin := person(t, m, "admin", models.RoleAdmin, "福州市科学技术局", "350100")
		// Registered turnover per seller division (tech_fen; contract_fen is twice that).
		turnover := map[string]int64{
			"350102": 100_00, "350103": 200_00, "350181": 300_00, "350104": 40_00, "350121": 60_00,
			"350100": 50_00, // registered at the city itself: 市本级
			"350502": 70_00, "350500": 7_00, "350000": 5_00, "330302": 11_00,
		}
		for code, fen := range turnover {
			for _, day := range []string{"2026-03-01", "2026-06-01"} {
				r := models.TurnoverRollup{Day: day, SellerDivision: code, AgencyID: 1, Type: "tech_development", Field: "电子信息",
					Contracts: 1, ContractFen: fen, TechFen: fen / 2}
				if err := db.Create(&r).Error; err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := m.CreateZone(ctx, admin, models.ZoneInput{Code: "FZGXQ", Name: "福州高新区", Parent: "350100", Covers: []string{"350121", "350104"}}); err != nil {
			t.Fatal(err)
		}
		total := func(region string) models.Turnover {
			s, err := m.TurnoverSummary(ctx, 0, region)
			if err != nil {
				t.Fatal(region, err)
			}
			return s.YearToDay
		}
		sum := func(rows []models.Turnover) models.Turnover {
			var s models.Turnover
			for _, r := range rows {
				s.Contracts, s.ContractFen, s.TechFen = s.Contracts+r.Contracts, s.ContractFen+r.ContractFen, s.TechFen+r.TechFen
			}
			return s
		}
		rows := func(region string) []models.Turnover {
			out, err := m.Breakdown(ctx, 2026, "district", region)
			if err != nil {
				t.Fatal(region, err)
			}
			return out
		}
		want := func(codes ...string) models.Turnover {
			var s models.Turnover
			for _, c := range codes {
				s.Contracts, s.ContractFen, s.TechFen = s.Contracts+2, s.ContractFen+2*turnover[c], s.TechFen+turnover[c]
			}
			return s
		}
		fuzhou := []string{"350102", "350103", "350181", "350104", "350121", "350100"}
		for _, tc := range []struct {
			region string
			want   models.Turnover
		}{
			{"350100", want(fuzhou...)},
			{"350102", want("350102")},
			{"FZGXQ", want("350104", "350121")},
			{"350000", want(append(fuzhou, "350502", "350500", "350000")...)},
			{"330000", want("330302")},
			{"", want(append(fuzhou, "350502", "350500", "350000", "330302")...)},
		} {
			if got := total(tc.region); got != tc.want {
				t.Errorf("total of %q: %+v, want %+v", tc.region, got, tc.want)
			}
		}
		// A city is the sum of its rows: its districts and 市本级.
		city := rows("350100")
		if got := sum(city); got != total("350100") {
			t.Errorf("福州市's rows add up to %+v, its total is %+v", got, total("350100"))
		}
		if len(city) != 13 || city[0].Key != "350181" || city[0].Name != "福清市" {
			t.Errorf("福州市 by district: %+v (want its 12 districts and 市本级, 福清市 first)", city)
		}
		var districts models.Turnover
		for _, r := range city {
			switch {
			case r.Key == "350100":
				if r.Name != "市本级" || r.TechFen != turnover["350100"] {
					t.Errorf("市本级: %+v", r)
				}
			case r.Key[:4] != "3501" || r.Key == "FZGXQ":
				t.Errorf("福州市 has a row %+v that is not one of its districts", r)
			default:
				if got := total(r.Key); got.TechFen != r.TechFen || got.Contracts != r.Contracts {
					t.Errorf("district %s: row %+v, total %+v", r.Key, r, got)
				}
				districts.TechFen += r.TechFen
			}
		}
		if districts.TechFen+turnover["350100"] != total("350100").TechFen {
			t.Errorf("福州市's districts and 市本级 do not add up to the city")
		}
		// A province is the sum of its cities (and 省本级).
		province := rows("350000")
		keys := []string{}
		for _, r := range province {
			keys = append(keys, r.Key)
			if r.Key != "350000" && r.TechFen != total(r.Key).TechFen {
				t.Errorf("city %s: row %+v, total %+v", r.Key, r, total(r.Key))
			}
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"350000", "350100", "350500"}) || sum(province) != total("350000") {
			t.Errorf("福建省 by city: %+v, total %+v", province, total("350000"))
		}
		// A zone is exactly its covered districts.
		zone := rows("FZGXQ")
		if len(zone) != 2 || sum(zone) != want("350104", "350121") {
			t.Errorf("福州高新区 by district: %+v", zone)
		}
		// Other groupings take the region as a filter.
		types, err := m.Breakdown(ctx, 2026, "type", "350102")
		if err != nil || len(types) != 1 || types[0].TechFen != turnover["350102"] {
			t.Errorf("鼓楼区 by type: %+v, %v", types, err)
		}
		for _, bad := range []string{"999999", "350199", "NOPE", "fzgxq", "35%"} {
			_, err := m.Breakdown(ctx, 2026, "district", bad)
			e, ok := models.AsError(err)
			if !ok || e.Status != 422 || e.Fields["region"] == "" {
				t.Errorf("region %q: %v, want 422 on region", bad, err)
			}
			if _, err := m.TurnoverSummary(ctx, 0, bad); !errors.Is(err, models.ErrInvalidInput) {
				t.Errorf("summary of region %q: %v", bad, err)
			}
		}
	})
}
