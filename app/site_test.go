package app

import (
	"testing"

	"techmarket/models"
)

// The market's name, 主办单位, filing numbers and hotline: everyone reads
// them, a market admin sets them, and a wrong number is refused by field
// with nothing changed.
func TestSiteSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		if got := call[models.Site](m, nil, 200, "GET", "/api/v1/site", nil); got.MarketName != "网上技术市场" || got.ICP != "" {
			t.Fatalf("a new market: %+v", got)
		}
		fuzhou := models.SiteInput{MarketName: " 福州网上技术市场 ", Host: "福州市科学技术局", ICP: "闽ICP备2023012345号-1",
			PoliceFiling: "闽公网安备 35010202001234号", Hotline: "0591-87654321"}
		set := call[models.Site](m, admin, 200, "PUT", "/api/v1/site", fuzhou)
		if set.MarketName != "福州网上技术市场" || set.PoliceFiling != fuzhou.PoliceFiling {
			t.Errorf("set: %+v", set)
		}
		if got := call[models.Site](m, nil, 200, "GET", "/api/v1/site", nil); got != set {
			t.Errorf("read back %+v, set %+v", got, set)
		}
		for _, tc := range []struct {
			field string
			in    func(*models.SiteInput)
		}{
			{"market_name", func(in *models.SiteInput) { in.MarketName = "" }},
			{"market_name", func(in *models.SiteInput) { in.MarketName = "福州\u202e场市" }},
			{"icp", func(in *models.SiteInput) { in.ICP = "ICP备2023012345号" }},
			{"icp", func(in *models.SiteInput) { in.ICP = "闽ICP证2023012345号" }},
			{"police_filing", func(in *models.SiteInput) { in.PoliceFiling = "闽公网安备 3501020200号" }},
			{"hotline", func(in *models.SiteInput) { in.Hotline = "请拨打 12345" }},
		} {
			in := fuzhou
			tc.in(&in)
			r := m.do("PUT", "/api/v1/site", admin.Token, in)
			if r.Status != 422 || r.errorFields(t)[tc.field] == nil {
				t.Errorf("%+v: %d %s, want 422 naming %s", in, r.Status, r.Body, tc.field)
			}
		}
		if got := call[models.Site](m, nil, 200, "GET", "/api/v1/site", nil); got != set {
			t.Errorf("a refused change changed the site: %+v", got)
		}
		var audits int64
		m.db.Model(&models.AuditLog{}).Where("action = ?", "site.set").Count(&audits)
		if audits != 1 {
			t.Errorf("%d audit entries, want 1", audits)
		}
	})
}
