package models_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// A fresh demo has every hall in use, achievements only from science,
// engineering, agriculture and medicine with coherent IP records, and no
// listing overdue for confirmation; loading it again does nothing.
func TestDemoEveryHallAlive(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		m := modeltest.NewMarket(db)
		start := time.Now()
		accounts, loaded, err := m.LoadDemo(ctx, nil)
		if err != nil || !loaded || len(accounts) == 0 {
			t.Fatalf("LoadDemo: loaded %v, %d accounts, %v", loaded, len(accounts), err)
		}
		t.Logf("demo loaded in %s", time.Since(start).Round(time.Millisecond))
		now := m.Now()
		count := func(model any, where string, args ...any) int64 {
			t.Helper()
			var n int64
			if err := db.Model(model).Where(where, args...).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		halls := []struct {
			name  string
			model any
			where string
			args  []any
		}{
			{"live auction with bids", &models.Lot{}, "status = ? AND bid_count > 0 AND ends_at > ? AND auction_id IN (SELECT id FROM auctions WHERE starts_at <= ?)", []any{models.LotOpen, now, now}},
			{"announced auction", &models.Auction{}, "starts_at > ?", []any{now}},
			{"ended auction sold", &models.Lot{}, "status = ? AND deal_id IS NOT NULL", []any{models.LotSold}},
			{"open offers", &models.Offer{}, "status = ? AND ends_at > ?", []any{models.OfferOpen, now}},
			{"achievement photo with thumbnail", &models.ListingAttachment{}, "media = ? AND thumb_sha256 IS NOT NULL", []any{models.MediaImage}},
			{"confidential test report", &models.ListingAttachment{}, "category = ? AND visibility = ?", []any{models.CategoryTestReport, models.VisibilityConfidential}},
			{"roadshow seats checked in", &models.RoadshowSeat{}, "checked_in_at IS NOT NULL", nil},
			{"match from a roadshow intent, without a need", &models.Match{}, "roadshow_id IS NOT NULL AND need_id IS NULL AND status = ?", []any{models.MatchContacted}},
			{"listing period with registrations", &models.Offer{}, "status = ? AND mode = ? AND id IN (SELECT offer_id FROM offer_registrations)", []any{models.OfferOpen, models.OfferPeriod}},
			{"upcoming roadshow with programme", &models.Roadshow{}, "starts_at > ? AND id IN (SELECT roadshow_id FROM roadshow_slots)", []any{now}},
			{"past roadshow with intents", &models.Roadshow{}, "ends_at < ? AND id IN (SELECT roadshow_id FROM intents)", []any{now}},
			{"notice under public notice", &models.Notice{}, "status = ? AND ends_at > ?", []any{models.NoticeOpen, now}},
			{"notice objected to", &models.Notice{}, "status = ? AND id IN (SELECT notice_id FROM objections WHERE status = ?)", []any{models.NoticeOpen, models.ObjectionPending}},
			{"confirmed notice", &models.Notice{}, "status = ?", []any{models.NoticeConfirmed}},
			{"large contract awaiting second review", &models.Contract{}, "status = ? AND tech_fen >= ? AND first_approval_by IS NOT NULL", []any{models.ContractSubmitted, models.LargeContractFen}},
			{"contract returned for correction", &models.Contract{}, "status = ?", []any{models.ContractNeedsCorrection}},
			{"registered broker", &models.TechnologyBroker{}, "valid_until >= ? AND user_id IS NOT NULL", []any{now.Format("2006-01-02")}},
			{"transfer institution", &models.TransferInstitution{}, "kind = ?", []any{models.InstitutionTransaction}},
			{"registered contract naming the broker firm", &models.Contract{}, "status = ? AND broker_org_id IS NOT NULL", []any{models.ContractRegistered}},
			{"incentive application waiting for review", &models.IncentiveApplication{}, "status = ?", []any{models.IncentiveSubmitted}},
			{"incentive award on public notice", &models.IncentiveApplication{}, "status = ? AND notice_until > ?", []any{models.IncentiveNoticed, now}},
			{"incentive award paid", &models.IncentiveApplication{}, "status = ? AND paid_fen > 0", []any{models.IncentivePaid}},
		}
		for _, h := range halls {
			if count(h.model, h.where, h.args...) == 0 {
				t.Errorf("no %s", h.name)
			}
		}
		for _, s := range []models.MatchStatus{models.MatchProposed, models.MatchContacted, models.MatchNegotiating, models.MatchAgreed, models.MatchFailed} {
			if count(&models.Match{}, "status = ?", s) == 0 {
				t.Errorf("no match %s", s)
			}
		}

		// The agency's queue: one close to its deadline.
		var queue []models.Contract
		db.Where("status = ?", models.ContractSubmitted).Find(&queue)
		near := false
		cal, err := m.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if days, _ := m.CalendarDays(ctx, 2026); len(days) == 0 {
			t.Error("the demo has no holiday calendar")
		}
		for _, c := range queue {
			left := models.ReviewDeadline(&c) - cal.WorkingDaysBetween(*c.SubmittedAt, now)
			near = near || left >= 0 && left <= 3
		}
		if len(queue) < 3 || !near {
			t.Errorf("review queue: %d waiting, one near its deadline %v", len(queue), near)
		}

		// Registered contracts: named after what they transfer, confirmed by
		// both parties; those the city's own station registered in the last
		// two years went through the workflow, with their text on disk and
		// their whole timeline (the plan's agencies' are records, see
		// checkFuzhou2023 and checkFuzhouYears).
		var station models.Organization
		if err := db.Where("name = ?", "福州市技术合同登记站").First(&station).Error; err != nil {
			t.Fatal(err)
		}
		var registered []models.Contract
		db.Where("status = ?", models.ContractRegistered).Order("id").Find(&registered)
		if len(registered) < 100 {
			t.Fatalf("%d registered contracts", len(registered))
		}
		workflow := 0
		for _, c := range registered {
			if strings.Contains(c.Title, "演示") || !strings.HasSuffix(c.Title, "合同") || c.SellerConfirmedAt == nil || c.BuyerConfirmedAt == nil ||
				c.RegistrationNo == nil || c.SellerDivision == "" || c.BuyerOrgID == nil {
				t.Fatalf("registered contract %d: %+v", c.ID, c)
			}
			if c.RegisteredAt.Before(now.AddDate(-2, 0, 0)) || c.AgencyID != station.ID {
				continue
			}
			if workflow++; workflow%40 != 1 {
				continue
			}
			// The text is in the database, where every process finds it.
			var text models.Blob
			if err := db.Where("sha256 = ?", c.FileSHA256).First(&text).Error; err != nil || !strings.HasPrefix(string(text.Data), "%PDF-") || text.Size != c.FileSize {
				t.Errorf("contract %d text %q: %v", c.ID, c.FileSHA256, err)
			}
			var acts []string
			db.Model(&models.AuditLog{}).Where("entity = ? AND entity_id = ?", "contract", c.ID).Order("id").Pluck("action", &acts)
			if got := strings.Join(acts, " "); !strings.HasPrefix(got, "contract.create contract.file contract.confirm contract.confirm contract.submit") ||
				!strings.HasSuffix(got, "contract.register") {
				t.Errorf("contract %d timeline: %s", c.ID, got)
			}
		}

		// Achievements: no humanities or social sciences; coherent IP.
		var as []models.Achievement
		db.Find(&as)
		softwareNo := regexp.MustCompile(`^软著登字第\d{7}号$`)
		for _, a := range as {
			if models.FieldOfDiscipline(a.Discipline) == "其他" || strings.Contains(a.Title, "恩格斯") || strings.Contains(a.Title, "史学月刊") {
				t.Fatalf("achievement %d from %s: %s", a.ID, a.Discipline, a.Title)
			}
			ok := true
			switch a.IPType {
			case "发明专利", "实用新型":
				kind := map[string]int{"发明专利": models.PatentKindInvention, "实用新型": models.PatentKindUtility}[a.IPType]
				ok = len(a.PatentNumbers) > 0
				for _, n := range a.PatentNumbers {
					ok = ok && models.PatentKind(n) == kind
				}
			case "软件著作权":
				ok = len(a.PatentNumbers) == 1 && softwareNo.MatchString(a.PatentNumbers[0])
			default:
				ok = len(a.PatentNumbers) == 0
			}
			if !ok || a.Maturity < 1 || a.Maturity > 9 {
				t.Fatalf("achievement %d: %s %v maturity %d", a.ID, a.IPType, a.PatentNumbers, a.Maturity)
			}
		}

		// Each enterprise with a demo account has at least five needs of its
		// own, with budgets (the sellers of the historic contracts have none).
		var enterprises []models.Organization
		db.Where("type = ? AND id IN (SELECT org_id FROM users)", models.OrgEnterprise).Find(&enterprises)
		if len(enterprises) < 9 {
			t.Fatalf("%d enterprises with demo accounts", len(enterprises))
		}
		for _, o := range enterprises {
			if n := count(&models.Need{}, "org_id = ? AND status = ?", o.ID, models.StatusPublished); n < 5 {
				t.Errorf("%s has %d needs", o.Name, n)
			}
		}
		if count(&models.Need{}, "budget_negotiable = ? AND budget_max_fen = 0", false) > 0 {
			t.Error("a need without a budget")
		}

		// Nothing happened in the future.
		for _, table := range []string{"audit_logs", "notifications", "match_notes", "bids", "auctions", "offers", "contracts"} {
			var n int64
			if err := db.Table(table).Where("created_at > ?", now).Count(&n).Error; err != nil || n > 0 {
				t.Errorf("%d rows of %s made after now (%v)", n, table, err)
			}
		}
		if count(&models.Match{}, "updated_at > ?", now) > 0 {
			t.Error("a match moved after now")
		}

		// Nothing is overdue for confirmation right after loading.
		if n, err := m.Achievements().RemindUnconfirmed(ctx, now); n != 0 || err != nil {
			t.Errorf("%d achievements to confirm (%v)", n, err)
		}
		if n, err := m.Needs().RemindUnconfirmed(ctx, now); n != 0 || err != nil {
			t.Errorf("%d needs to confirm (%v)", n, err)
		}

		if workflow < 100 {
			t.Errorf("%d contracts went through the workflow", workflow)
		}
		checkFuzhou2023(t, m, db)
		checkFuzhouYears(t, m)

		if _, loaded, err := m.LoadDemo(ctx, nil); loaded || err != nil {
			t.Errorf("second load: loaded %v, %v", loaded, err)
		}
	})
}
