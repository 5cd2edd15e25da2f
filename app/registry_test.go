package app

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"techmarket/models"
)

// firmOf finds a firm's row of the performance.
func firmOf(t *testing.T, p performance, orgID int64) models.FirmStats {
	t.Helper()
	for _, f := range p.Firms {
		if f.OrgID == orgID {
			return f
		}
	}
	t.Fatalf("firm %d is not in the performance: %+v", orgID, p.Firms)
	return models.FirmStats{}
}

func TestFacilitatedTurnoverComesFromRegisteredContractsAsTheyStand(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		strait := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		xiamen := m.signUp("rival", models.RoleBroker, "厦门技术转移中心")
		m.verify(p.admin, strait)
		m.verify(p.admin, xiamen)
		institution := func(org int64, kind string) {
			call[models.TransferInstitution](m, p.admin, 201, "POST", "/api/v1/registry/institutions",
				map[string]any{"org_id": org, "kind": kind, "demonstration": "provincial", "recognised_year": 2019})
		}
		institution(strait.OrgID, "transaction") // 3,000 万元 a year
		institution(xiamen.OrgID, "platform")    // 1,000 万元 a year

		// contract drafts one naming broker (0: none) for amount fen, of
		// which tech is the technology part, and submits it.
		contract := func(broker, amount, tech int64) string {
			in := p.input(tech)
			in["contract_amount_fen"] = amount
			if broker != 0 {
				in["broker_org_id"] = broker
			}
			return p.submittedAs(m, in)
		}
		register := func(path string) { call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil) }
		amend := func(path string, body map[string]any) {
			a := call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", body)
			call[models.Amendment](m, p.reviewer, 200, "POST", fmt.Sprintf("/api/v1/amendments/%d/review", a.ID), map[string]any{"register": true})
		}

		counted := contract(strait.OrgID, 4_100_000, 4_000_000)
		register(counted)
		cancelled := contract(strait.OrgID, 900_000_000, 8_000_000)
		register(cancelled)
		amend(cancelled, map[string]any{"kind": "cancel", "reason": "双方协商解除合同"})
		changed := contract(strait.OrgID, 300_000_000, 6_000_000)
		register(changed)
		amend(changed, map[string]any{"kind": "change", "reason": "增加技术服务内容", "contract_amount_fen": 2_000_000_000, "tech_amount_fen": 7_000_000})
		contract(strait.OrgID, 5_000_000_000, 9_000_000) // submitted, never registered
		register(contract(0, 7_000_000_000, 9_000_000))  // no intermediary
		register(contract(xiamen.OrgID, 1_000_000_000, 3_000_000))

		perf := call[performance](m, p.admin, 200, "GET", "/api/v1/brokers/performance", nil)
		s := firmOf(t, perf, strait.OrgID)
		if s.Contracts != 2 || s.FacilitatedFen != 4_100_000+2_000_000_000 || s.FacilitatedTechFen != 4_000_000+7_000_000 {
			t.Errorf("促成额 of 海峡: %d contracts, %d fen (tech %d fen)", s.Contracts, s.FacilitatedFen, s.FacilitatedTechFen)
		}
		if s.Kind == nil || *s.Kind != models.InstitutionTransaction || s.ThresholdFen != 3_000_000_000 || s.Met || s.GapFen != 3_000_000_000-2_004_100_000 {
			t.Errorf("a transaction institution short of 3,000 万: %+v", s)
		}
		x := firmOf(t, perf, xiamen.OrgID)
		if x.FacilitatedFen != 1_000_000_000 || x.ThresholdFen != 1_000_000_000 || !x.Met || x.GapFen != 0 {
			t.Errorf("a platform institution at 1,000 万: %+v", x)
		}
		if len(perf.Firms) != 2 {
			t.Errorf("firms beside the two brokers': %+v", perf.Firms)
		}

		// A change that lifts the 促成额 over the threshold meets it.
		amend(counted, map[string]any{"kind": "change", "reason": "追加二期开发", "contract_amount_fen": 1_000_000_000, "tech_amount_fen": 4_000_000})
		mine := call[performance](m, strait, 200, "GET", "/api/v1/brokers/performance", nil)
		if len(mine.Firms) != 1 || !mine.Firms[0].Met || mine.Firms[0].FacilitatedFen != 3_000_000_000 {
			t.Errorf("the broker's own firm after the change: %+v", mine.Firms)
		}
		if last := call[performance](m, p.admin, 200, "GET", fmt.Sprintf("/api/v1/brokers/performance?year=%d", time.Now().Year()-1), nil); firmOf(t, last, strait.OrgID).FacilitatedFen != 0 {
			t.Errorf("last year counts this year's contracts: %+v", last.Firms)
		}
	})
}

func TestBrokerRegistry(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		strait := m.signUp("broker", models.RoleBroker, "福建海峡技术转移中心")
		xiamen := m.signUp("rival", models.RoleBroker, "厦门技术转移中心")
		uni := m.signUp("prof", models.RoleSupplier, "福州大学")
		agency := m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
		for _, a := range []*account{strait, xiamen, uni, agency} {
			m.verify(admin, a)
		}
		future := time.Now().AddDate(2, 0, 0).Format("2006-01-02")
		broker := func(name, cert string, firm int64, until string) map[string]any {
			return map[string]any{"name": name, "certificate_no": cert, "level": "senior", "firm_id": firm, "phone": "0591-87654321", "valid_until": until}
		}
		lin := call[models.TechnologyBroker](m, admin, 201, "POST", "/api/v1/registry/brokers", broker("林海峰", " jsjjr-2023-350100-0012 ", strait.OrgID, future))
		if lin.CertificateNo != "JSJJR-2023-350100-0012" || lin.Status != models.BrokerActive || lin.FirmName != "福建海峡技术转移中心" || lin.Phone == "" {
			t.Errorf("registered: %+v", lin)
		}
		linkedUser := broker("林经纪", "JSJJR-2023-350100-0013", strait.OrgID, future)
		linkedUser["user_id"] = strait.UserID
		call[models.TechnologyBroker](m, admin, 201, "POST", "/api/v1/registry/brokers", linkedUser)
		before := tableCounts(t, m)
		m.play(t,
			step{name: "a certificate number too short", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: broker("陈立", "12", strait.OrgID, future), want: 422, field: "certificate_no"},
			step{name: "a certificate number without digits", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: broker("陈立", "ABC-DEF-GHIJ", strait.OrgID, future), want: 422, field: "certificate_no"},
			step{name: "a certificate number with spaces inside", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: broker("陈立", "JSJJR 2023 0001", strait.OrgID, future), want: 422, field: "certificate_no"},
			step{name: "the same certificate again, typed in lower case", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: broker("陈立", "jsjjr-2023-350100-0012", xiamen.OrgID, future), want: 409, code: "certificate_taken"},
			step{name: "a university as the firm", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: broker("陈立", "JSJJR-2023-350100-0020", uni.OrgID, future), want: 422, field: "firm_id"},
			step{name: "another firm's account", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: map[string]any{"name": "陈立", "certificate_no": "JSJJR-2023-350100-0021", "level": "junior", "firm_id": xiamen.OrgID, "user_id": strait.UserID, "valid_until": future}, want: 422, field: "user_id"},
			step{name: "no such level", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: map[string]any{"name": "陈立", "certificate_no": "JSJJR-2023-350100-0022", "level": "master", "firm_id": strait.OrgID, "valid_until": "2028-02-30"}, want: 422, field: "valid_until"},
			step{name: "a name that shows reversed", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: broker("\u202e立陈", "JSJJR-2023-350100-0023", strait.OrgID, future), want: 422, field: "name"},
			step{name: "a NUL in the name", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: broker("陈\x00立", "JSJJR-2023-350100-0024", strait.OrgID, future), want: 422, code: "invalid_text"},
			step{name: "a phone with script", as: admin, method: "POST", path: "/api/v1/registry/brokers", body: map[string]any{"name": "陈立", "certificate_no": "JSJJR-2023-350100-0025", "level": "junior", "firm_id": strait.OrgID, "phone": "<script>", "valid_until": future}, want: 422, field: "phone"},
			step{name: "the firm's own admin registers", as: strait, method: "POST", path: "/api/v1/registry/brokers", body: broker("陈立", "JSJJR-2023-350100-0026", strait.OrgID, future), want: 403},
			step{name: "the public registers", method: "POST", path: "/api/v1/registry/brokers", body: broker("陈立", "JSJJR-2023-350100-0027", strait.OrgID, future), want: 401},
		)
		sameCounts(t, before, tableCounts(t, m))

		// An expired registration leaves the public registry; the firm's
		// own 机构管理员 and the market admins still see it.
		old := call[models.TechnologyBroker](m, admin, 201, "POST", "/api/v1/registry/brokers", broker("王旧", "JSJJR-2019-350100-0003", strait.OrgID, "2021-12-31"))
		if old.Status != models.BrokerExpired {
			t.Errorf("expired: %+v", old)
		}
		public := call[page[models.TechnologyBroker]](m, nil, 200, "GET", "/api/v1/registry/brokers?q="+url.QueryEscape("海峡"), nil)
		if public.Total != 2 || public.Items[0].Phone != "" || public.Items[0].UserID != nil {
			t.Errorf("the public registry by firm: %+v", public)
		}
		if byCert := call[page[models.TechnologyBroker]](m, nil, 200, "GET", "/api/v1/registry/brokers?q=350100-0012", nil); byCert.Total != 1 || byCert.Items[0].Name != "林海峰" {
			t.Errorf("by certificate number: %+v", byCert)
		}
		own := fmt.Sprintf("/api/v1/registry/brokers?status=all&firm_id=%d", strait.OrgID)
		m.play(t,
			step{name: "the public reads an expired entry", method: "GET", path: fmt.Sprintf("/api/v1/registry/brokers/%d", old.ID), want: 404},
			step{name: "the public asks for expired entries", method: "GET", path: own, want: 401},
			step{name: "another firm asks for them", as: xiamen, method: "GET", path: own, want: 403},
			step{name: "a level of no kind", method: "GET", path: "/api/v1/registry/brokers?level=expert", want: 422, field: "level"},
		)
		if all := call[page[models.TechnologyBroker]](m, strait, 200, "GET", own, nil); all.Total != 3 || all.Items[0].Phone == "" {
			t.Errorf("the firm's own admin: %+v", all)
		}
		if got := call[models.TechnologyBroker](m, strait, 200, "GET", fmt.Sprintf("/api/v1/registry/brokers/%d", old.ID), nil); got.Name != "王旧" {
			t.Errorf("the firm's admin reads its expired entry: %+v", got)
		}

		// Renewing is an update, audited.
		renewed := broker("王旧", "JSJJR-2019-350100-0003", strait.OrgID, future)
		renewed["level"] = "intermediate"
		if got := call[models.TechnologyBroker](m, admin, 200, "PUT", fmt.Sprintf("/api/v1/registry/brokers/%d", old.ID), renewed); got.Status != models.BrokerActive || got.Level != models.BrokerIntermediate {
			t.Errorf("renewed: %+v", got)
		}
		m.check(step{name: "renamed onto a taken certificate", as: admin, method: "PUT", path: fmt.Sprintf("/api/v1/registry/brokers/%d", old.ID), body: broker("王旧", "JSJJR-2023-350100-0012", strait.OrgID, future), want: 409, code: "certificate_taken"})
		var audits int64
		m.db.Model(&models.AuditLog{}).Where("entity = ? AND entity_id = ? AND action = ?", "technology_broker", old.ID, "broker.update").Count(&audits)
		if audits != 1 {
			t.Errorf("audit entries of the renewal: %d", audits)
		}

		// Institutions.
		inst := map[string]any{"org_id": strait.OrgID, "kind": "transaction", "demonstration": "national", "recognised_year": 2018, "contact_phone": "0591-83331234"}
		created := call[models.TransferInstitution](m, admin, 201, "POST", "/api/v1/registry/institutions", inst)
		if created.ThresholdFen != 3_000_000_000 || created.OrgName != "福建海峡技术转移中心" {
			t.Errorf("institution: %+v", created)
		}
		m.play(t,
			step{name: "the same organisation twice", as: admin, method: "POST", path: "/api/v1/registry/institutions", body: inst, want: 409, code: "institution_exists"},
			step{name: "a registration agency", as: admin, method: "POST", path: "/api/v1/registry/institutions", body: map[string]any{"org_id": agency.OrgID, "kind": "platform", "demonstration": "none", "recognised_year": 2020}, want: 422, field: "org_id"},
			step{name: "no such kind or year", as: admin, method: "POST", path: "/api/v1/registry/institutions", body: map[string]any{"org_id": uni.OrgID, "kind": "service", "demonstration": "none", "recognised_year": 3000}, want: 422, field: "kind"},
			step{name: "a broker registers its firm", as: strait, method: "POST", path: "/api/v1/registry/institutions", body: map[string]any{"org_id": uni.OrgID, "kind": "platform", "demonstration": "none", "recognised_year": 2020}, want: 403},
		)
		call[models.TransferInstitution](m, admin, 201, "POST", "/api/v1/registry/institutions", map[string]any{"org_id": uni.OrgID, "kind": "platform", "demonstration": "provincial", "recognised_year": 2020})
		list := call[page[models.TransferInstitution]](m, nil, 200, "GET", "/api/v1/registry/institutions?kind=transaction", nil)
		if list.Total != 1 || list.Items[0].ContactPhone != "" || list.Items[0].Demonstration != models.DemonstrationNational {
			t.Errorf("the public list of transaction institutions: %+v", list)
		}
		if mine := call[models.TransferInstitution](m, strait, 200, "GET", fmt.Sprintf("/api/v1/registry/institutions/%d", created.ID), nil); mine.ContactPhone == "" {
			t.Errorf("the institution's own admin does not see its phone: %+v", mine)
		}
		inst["kind"] = "platform"
		if got := call[models.TransferInstitution](m, admin, 200, "PUT", fmt.Sprintf("/api/v1/registry/institutions/%d", created.ID), inst); got.ThresholdFen != 1_000_000_000 {
			t.Errorf("reclassed as a platform: %+v", got)
		}
	})
}
