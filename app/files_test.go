package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/models/modeltest"
)

// Every stored file is in the database: a contract text, a proposal file
// and a licence uploaded through one server are served by a second one
// that shares the database but has a data directory of its own, as two
// serve processes on one PostgreSQL do; neither writes a file to its data
// directory. The same content uploaded twice is stored once.
func TestFilesUploadedToOneServerAreServedByAnother(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		other := newMarket(t, m.db) // its own data directory
		if other.srv.cfg.DataDir == m.srv.cfg.DataDir {
			t.Fatal("the second server shares the data directory")
		}
		p := contractSetup(t, m)
		blobs := m.count(&models.Blob{})

		// A contract text through the first, read through the second by
		// both parties; the other agency's reviewer does not see it.
		text := pdfOf(2000, 't')
		id := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.input(1_000_000)).ID
		path := fmt.Sprintf("/api/v1/contracts/%d", id)
		m.must(200, m.upload(path+"/file", p.seller.Token, "合同.pdf", text))
		for _, who := range []*account{p.seller, p.buyer} {
			r := other.expect(who, 200, "GET", path+"/file", nil)
			if !bytes.Equal(r.Body, text) || r.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("the second server served %d bytes of %s", len(r.Body), r.Header.Get("Content-Type"))
			}
		}
		if r := other.do("GET", path+"/file", p.otherReviewer.Token, nil); r.Status != 404 {
			t.Fatalf("another agency read the contract text: %d", r.Status)
		}

		// The same text for a second contract, through the second server: stored once.
		id2 := call[models.Contract](other, p.seller, 201, "POST", "/api/v1/contracts", p.input(2_000_000)).ID
		other.must(200, other.upload(fmt.Sprintf("/api/v1/contracts/%d/file", id2), p.seller.Token, "合同副本.pdf", text))
		if n := m.count(&models.Blob{}); n != blobs+1 {
			t.Fatalf("the same text twice: %d files stored, want %d", n, blobs+1)
		}

		// A licence through the first, read through the second.
		newco := m.signUp("newco", models.RoleDemander, "福州新创科技有限公司")
		form := map[string]string{"credit_code": testCreditCode(newco.OrgID), "legal_rep": "王五"}
		licence := append([]byte("\xff\xd8\xff"), bytes.Repeat([]byte{'j'}, 700)...)
		m.must(200, m.uploadForm(fmt.Sprintf("/api/v1/orgs/%d/verification", newco.OrgID), newco.Token, "执照.jpg", licence, form))
		r := other.expect(p.admin, 200, "GET", fmt.Sprintf("/api/v1/orgs/%d/licence", newco.OrgID), nil)
		if !bytes.Equal(r.Body, licence) || r.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("the second server served the licence as %s", r.Header.Get("Content-Type"))
		}

		// A proposal file through the second, read through the first.
		challenge := other.publishChallenge(p.buyer, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		pid := other.propose(p.seller, challenge, "复合封装方案").ID
		plan := pdfOf(3000, 'p')
		files := decoded[models.Proposal](t, other.must(201, other.upload(proposalPath(pid)+"/files", p.seller.Token, "方案书.pdf", plan))).Files
		if len(files) != 1 {
			t.Fatalf("files %+v", files)
		}
		r = m.expect(p.seller, 200, "GET", fmt.Sprintf("%s/files/%d", proposalPath(pid), files[0].ID), nil)
		if !bytes.Equal(r.Body, plan) {
			t.Fatal("the first server does not serve the proposal file the second stored")
		}
		// Another organisation finds it nowhere.
		if r := m.do("GET", fmt.Sprintf("%s/files/%d", proposalPath(pid), files[0].ID), p.otherReviewer.Token, nil); r.Status != 404 {
			t.Fatalf("another organisation read the proposal file: %d", r.Status)
		}

		noFilesIn(t, m, other)
	})
}

// noFilesIn fails if a server wrote an upload to its data directory.
func noFilesIn(t *testing.T, servers ...*market) {
	t.Helper()
	for _, s := range servers {
		for _, dir := range []string{"contracts", "proposals", "licences"} {
			if _, err := os.Stat(filepath.Join(s.srv.cfg.DataDir, dir)); !os.IsNotExist(err) {
				t.Errorf("%s/%s exists: %v", s.srv.cfg.DataDir, dir, err)
			}
		}
	}
}

// A process started on a data directory where an older version kept a
// licence moves it into the database and off the disk.
func TestStartingMovesOldUploadsIntoTheDatabase(t *testing.T) {
	data := t.TempDir()
	db, err := models.Open("", data)
	if err != nil {
		t.Fatal(err)
	}
	if err := models.Migrate(db, migrations.FS, "up"); err != nil {
		t.Fatal(err)
	}
	first := modeltest.NewMarket(db)
	defer first.Close()
	u, _, err := first.CreateUser(t.Context(), models.Registration{Username: "old", Password: "Old-Pass-2026", Name: "张三",
		Role: models.RoleDemander, OrgName: "福州老版本科技有限公司", OrgType: models.OrgEnterprise, Region: "350102"})
	if err != nil {
		t.Fatal(err)
	}
	licence := pdfOf(400, 'o')
	sha := models.SHA256Hex(licence)
	if err := db.Model(&models.Organization{}).Where("id = ?", u.OrgID).
		Updates(map[string]any{"licence_sha256": sha, "licence_type": "application/pdf", "licence_size": len(licence)}).Error; err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(data, "licences", fmt.Sprint(u.OrgID), sha+".pdf")
	if err := os.MkdirAll(filepath.Dir(old), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, licence, 0o600); err != nil {
		t.Fatal(err)
	}

	again, err := OpenMarket(&Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	var b models.Blob
	if err := db.Where("sha256 = ?", sha).First(&b).Error; err != nil || !bytes.Equal(b.Data, licence) {
		t.Fatalf("the old licence is not in the database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "licences")); !os.IsNotExist(err) {
		t.Fatalf("the old licence folder stayed: %v", err)
	}
}
