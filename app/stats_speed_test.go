package app

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// TestStatsSpeedReport times the dashboard and bulletin endpoints over HTTP
// with 1,000,000 registered contracts over two years, on SQLite and (when
// configured) PostgreSQL. It only reports; `make bench` runs it.
func TestStatsSpeedReport(t *testing.T) {
	if os.Getenv("TM_BENCH") == "" {
		t.Skip("set TM_BENCH=1 (make bench) to run the statistics speed report")
	}
	const n = 1_000_000
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := newMarket(t, db)
		p := contractSetup(t, m)
		start := time.Now()
		fill := `INSERT INTO contracts (title, type, subtype, subject, field, seller_org_id, seller_name, seller_party_type, seller_division,
			buyer_name, buyer_party_type, buyer_division, contract_fen, tech_fen, payment_terms, signed_on, valid_from, valid_to, agency_id,
			status, registered_at, reject_grounds, created_by, created_at, updated_at) `
		divisions := "'350102','350103','350104','350105','350111','350112','350121','350122','350123','350124','350125','350181'"
		if models.Dialect(db) == "postgres" {
			fill += `SELECT '合同 ' || i, (ARRAY['development','transfer','license','consulting','service'])[1 + i % 5], '技术服务', '标的', 
				(ARRAY['电子信息','先进制造','新材料及其应用','农业'])[1 + i % 4], ?, '福州大学', '高等院校', (ARRAY[` + divisions + `])[1 + i % 12],
				'买方', '私营企业', '350181', 100000 + i % 1000 * 1000, 100000 + i % 1000 * 900, '一次性', now(), now(), now(), ?,
				'registered', now() - (i % 730) * interval '1 day', '', ?, now(), now() FROM generate_series(1, ?) AS i`
		} else {
			fill += `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
				SELECT '合同 ' || i, CASE i % 5 WHEN 0 THEN 'development' WHEN 1 THEN 'transfer' WHEN 2 THEN 'license' WHEN 3 THEN 'consulting' ELSE 'service' END,
				'技术服务', '标的', CASE i % 4 WHEN 0 THEN '电子信息' WHEN 1 THEN '先进制造' WHEN 2 THEN '新材料及其应用' ELSE '农业' END, ?, '福州大学', '高等院校',
				'3501' || substr('02030405111221222324251', 1 + (i % 11) * 2, 2), '买方', '私营企业', '350181', 100000 + i % 1000 * 1000, 100000 + i % 1000 * 900,
				'一次性', datetime('now'), datetime('now'), datetime('now'), ?, 'registered', datetime('now', '-' || (i % 730) || ' days'), '', ?,
				datetime('now'), datetime('now') FROM s`
		}
		var err error
		if models.Dialect(db) == "postgres" {
			err = db.Exec(fill, p.seller.OrgID, p.agency, p.seller.UserID, n).Error
		} else {
			err = db.Exec(fill, n, p.seller.OrgID, p.agency, p.seller.UserID).Error
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.market.RebuildRollups(m.ctx); err != nil {
			t.Fatal(err)
		}
		loaded := time.Since(start)
		year, month := time.Now().In(shanghai).Year(), int(time.Now().In(shanghai).Month())
		for _, key := range []string{"350102", "350104", "350111"} {
			m.market.SetTarget(m.ctx, models.Actor{UserID: p.admin.UserID, Role: models.RoleAdmin}, models.TargetInput{Year: year, Kind: "district", Key: key, TargetFen: 1e12})
		}
		base := m.listen()
		paths := []string{"/api/v1/stats/summary", fmt.Sprintf("/api/v1/bulletins/%d/%d", year, month)}
		for _, by := range []string{"district", "agency", "month", "type", "field"} {
			paths = append(paths, "/api/v1/stats/breakdown?by="+by)
		}
		fmt.Printf("\n%s: %d registered contracts loaded and rolled up in %s\n", models.Dialect(db), n, loaded.Round(time.Second))
		for _, path := range paths {
			var lat []time.Duration
			for i := 0; i < 20; i++ {
				s := time.Now()
				res, err := http.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat = append(lat, time.Since(s))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			fmt.Printf("  %-45s median %7s  max %7s\n", path, lat[len(lat)/2].Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond))
		}
	})
}
