package app

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"techmarket/models"
)

// uploadForm posts a file with form fields as multipart.

const targetCSV = "类型,名称,上年成交额（亿元）,占GDP比重（%）,年度目标（亿元）,说明\n" +
	"地区,鼓楼区,22.27,0.8,,\n" +
	"地区,晋安区,11.94,1.2,,\n" +
	"地区,闽清县,0.45,0.3,2.1,为完成全市总目标上调\n"

func TestTargetImportThroughTheAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		supplier := m.signUp("supplier", models.RoleSupplier, "福州大学")
		reviewer := m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
		const path = "/api/v1/targets/import"
		year := map[string]string{"year": "2023"}

		// Only admins import; the public and other roles change nothing.
		if r := m.uploadForm(path, "", "t.csv", []byte(targetCSV), year); r.Status != 401 {
			t.Fatalf("public: %d %s", r.Status, r.Body)
		}
		for _, a := range []*account{supplier, reviewer} {
			if r := m.uploadForm(path, a.Token, "t.csv", []byte(targetCSV), year); r.Status != 403 {
				t.Fatalf("%s: %d %s", a.Username, r.Status, r.Body)
			}
		}

		// Bad input: no file, a PDF, a bad year, a table with one bad row.
		for _, c := range []struct {
			name, file string
			data       string
			fields     map[string]string
			field      string
		}{
			{"no file", "", "", year, "file"},
			{"pdf", "t.pdf", "%PDF-1.4", year, "file"},
			{"bad year", "t.csv", targetCSV, map[string]string{"year": "二〇二三"}, "year"},
			{"bad kind", "t.csv", targetCSV, map[string]string{"year": "2023", "kind": "city"}, "kind"},
			{"bad row", "t.csv", targetCSV + "地区,350103,不是数字,1,,\n", year, "row_5"},
		} {
			r := m.uploadForm(path, admin.Token, c.file, []byte(c.data), c.fields)
			if r.Status != 422 || r.errorFields(t)[c.field] == nil {
				t.Fatalf("%s: %d %s", c.name, r.Status, r.Body)
			}
			if c.name == "bad row" {
				if rep := decoded[importRejected](t, r).Report; rep == nil || len(rep.Problems) != 1 || rep.Problems[0].Row != 5 {
					t.Fatalf("report: %s", r.Body)
				}
			}
		}
		if n := m.count(&models.Target{}); n != 0 {
			t.Fatalf("%d targets stored from refused uploads", n)
		}

		// A GBK CSV from Excel: the rule's figures, and the hand-adjusted one.
		gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(targetCSV))
		if r := decoded[models.TargetImportReport](t, m.must(200, m.uploadForm(path, admin.Token, "福州2023.csv", gbk, year))); r.Created != 3 {
			t.Fatalf("report %+v", r)
		}
		list := call[yearOf[models.Target]](m, nil, 200, "GET", "/api/v1/targets?year=2023&kind=district", nil)
		byName := map[string]models.Target{}
		for _, row := range list.Items {
			byName[row.Name] = row
		}
		for name, want := range map[string][2]string{"福州市鼓楼区": {"27.84", "27.84"}, "福州市晋安区": {"14.09", "14.09"}, "福州市闽清县": {"1.80", "2.10"}} {
			row, ok := byName[name]
			if !ok || models.Yi(row.RuleFen) != want[0] || models.Yi(row.TargetFen) != want[1] {
				t.Errorf("%s: %+v", name, row)
			}
			if ok && row.UpdatedByName != "管理员" {
				t.Errorf("%s updated by %v", name, row.UpdatedByName)
			}
		}

		// An XLSX with the agency tab's kind: upsert by agency, and the history names who imported it.
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"名称", "年度目标（万元）"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"福州市技术合同登记站", 35000})
		var buf bytes.Buffer
		f.Write(&buf)
		r := decoded[models.TargetImportReport](t, m.must(200, m.uploadForm(path, admin.Token, "agencies.xlsx", buf.Bytes(), map[string]string{"year": "2023", "kind": "agency"})))
		if len(r.Items) == 0 {
			t.Fatalf("agency import: %+v", r)
		}
		item := r.Items[0]
		if item.Key != fmt.Sprint(reviewer.OrgID) || item.TargetFen != 35_000_000_000 {
			t.Fatalf("agency target %+v", item)
		}
		history := fmt.Sprintf("/api/v1/targets/%d/history", item.ID)
		hist := call[listOf[models.AuditLog]](m, admin, 200, "GET", history, nil)
		if len(hist.Items) != 1 || hist.Items[0].Action != "target.import" || hist.Items[0].ActorName != "管理员" {
			t.Fatalf("history %+v", hist)
		}
		m.play(t,
			step{name: "a reviewer reads the history", as: reviewer, method: "GET", path: history, want: 403},
			step{name: "an unknown target", as: admin, method: "GET", path: "/api/v1/targets/999999/history", want: 404, code: "target_not_found"},
		)
	})
}
