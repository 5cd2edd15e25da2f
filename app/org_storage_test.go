package app

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

// pdfOf is a PDF of about n bytes; seed makes its content (and digest) its own.
func pdfOf(n int, seed byte) []byte {
	return append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{seed}, n)...)
}

// stored tells whether the database's file store holds content of that digest.
func stored(t *testing.T, m *market, sha string) bool {
	t.Helper()
	if sha == "" {
		t.Fatal("the upload has no digest")
	}
	var n int64
	if err := m.db.Model(&models.Blob{}).Where("sha256 = ?", sha).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// contractFileSHA uploads a contract's text and returns its digest.
func contractFileSHA(m *market, path string, as *account, name string, data []byte) string {
	m.t.Helper()
	return decoded[contractView](m.t, m.must(200, m.upload(path+"/file", as.Token, name, data))).FileSHA256
}

// licenceSHA requests verification with a licence and returns its digest.
func licenceSHA(m *market, path string, as *account, name string, data []byte, form map[string]string) string {
	m.t.Helper()
	return decoded[models.Organization](m.t, m.must(200, m.uploadForm(path, as.Token, name, data, form))).LicenceSHA256
}

// A replaced contract text and a replaced licence leave the store, unless
// another record still refers to the same content: every upload used to
// stay, so a seller could fill the disk.
func TestReplacedAndDeletedUploadsLeaveTheStore(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		id := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.input(1_000_000)).ID
		path := fmt.Sprintf("/api/v1/contracts/%d", id)

		first := contractFileSHA(m, path, p.seller, "合同.pdf", pdfOf(1000, 'a'))
		second := contractFileSHA(m, path, p.seller, "合同v2.pdf", pdfOf(1000, 'b'))
		if stored(t, m, first) || !stored(t, m, second) {
			t.Fatalf("after replacing %s with %s: first stored %v, second %v", first, second, stored(t, m, first), stored(t, m, second))
		}
		// The same text again is no replacement: it stays, once.
		blobs := m.count(&models.Blob{})
		m.must(200, m.upload(path+"/file", p.seller.Token, "合同v2.pdf", pdfOf(1000, 'b')))
		if !stored(t, m, second) || m.count(&models.Blob{}) != blobs {
			t.Fatalf("uploading the same text again: stored %v, %d files (was %d)", stored(t, m, second), m.count(&models.Blob{}), blobs)
		}
		// Content another contract still refers to stays when this one lets go of it.
		other := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.input(2_000_000))
		if got := contractFileSHA(m, fmt.Sprintf("/api/v1/contracts/%d", other.ID), p.seller, "同一份.pdf", pdfOf(1000, 'b')); got != second {
			t.Fatalf("the same content has another digest: %s", got)
		}
		third := contractFileSHA(m, path, p.seller, "合同v3.pdf", pdfOf(1000, 'c'))
		if !stored(t, m, second) || !stored(t, m, third) {
			t.Fatal("content still referred to was removed, or the new one is missing")
		}
		// Its last user lets go: it goes.
		contractFileSHA(m, fmt.Sprintf("/api/v1/contracts/%d", other.ID), p.seller, "另一份.pdf", pdfOf(1000, 'd'))
		if stored(t, m, second) {
			t.Fatal("content no record refers to stayed")
		}

		// A licence replaced while the organisation waits for verification.
		newco := m.signUp("newco", models.RoleDemander, "福州新创科技有限公司")
		verification := fmt.Sprintf("/api/v1/orgs/%d/verification", newco.OrgID)
		form := map[string]string{"credit_code": testCreditCode(newco.OrgID), "legal_rep": "王五"}
		oldLicence := licenceSHA(m, verification, newco, "执照.pdf", pdfOf(500, 'l'), form)
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{'p'}, 500)...)
		newLicence := licenceSHA(m, verification, newco, "执照.png", png, form)
		if stored(t, m, oldLicence) || !stored(t, m, newLicence) {
			t.Fatalf("after replacing licence %s with %s", oldLicence, newLicence)
		}
		licence := m.expect(newco, 200, "GET", fmt.Sprintf("/api/v1/orgs/%d/licence", newco.OrgID), nil)
		if !bytes.Equal(licence.Body, png) || licence.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("the licence shown is not the new one (%s)", licence.Header.Get("Content-Type"))
		}
		// Another organisation does not see it.
		m.expect(p.buyer, 404, "GET", fmt.Sprintf("/api/v1/orgs/%d/licence", newco.OrgID), nil)
	})
}

// A deleted proposal file leaves the store once no record refers to it.
func TestDeletedProposalFilesLeaveTheStore(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		pid := call[models.Proposal](m, p.university, 201, "POST", path+"/proposals", proposalBody("复合封装方案")).ID
		ppath := fmt.Sprintf("/api/v1/proposals/%d", pid)
		files := func(r response) []models.ProposalFile { return decoded[models.Proposal](t, r).Files }
		// The same PDF twice: two records of one stored file, which stays until both are gone.
		blobs := m.count(&models.Blob{})
		m.must(201, m.upload(ppath+"/files", p.university.Token, "方案书.pdf", pdfOf(800, 'x')))
		fs := files(m.must(201, m.upload(ppath+"/files", p.university.Token, "方案书（副本）.pdf", pdfOf(800, 'x'))))
		if len(fs) != 2 || fs[0].SHA256 != fs[1].SHA256 || m.count(&models.Blob{}) != blobs+1 {
			t.Fatalf("files %+v, %d stored (was %d)", fs, m.count(&models.Blob{}), blobs)
		}
		// Another organisation cannot delete it.
		m.expect(p.institute, 404, "DELETE", fmt.Sprintf("%s/files/%d", ppath, fs[0].ID), nil)
		call[models.Proposal](m, p.university, 200, "DELETE", fmt.Sprintf("%s/files/%d", ppath, fs[0].ID), nil)
		if !stored(t, m, fs[1].SHA256) {
			t.Fatal("content another record refers to was removed")
		}
		call[models.Proposal](m, p.university, 200, "DELETE", fmt.Sprintf("%s/files/%d", ppath, fs[1].ID), nil)
		if stored(t, m, fs[1].SHA256) {
			t.Fatal("a deleted proposal file stayed in the store")
		}
	})
}

// An organisation keeps at most --org-storage-mb of uploads: its contract
// texts, proposal files and licence together. An upload past the cap is
// refused before anything is written, saying how much is used; a
// replacement counts the file it replaces as freed, and deleting frees.
func TestOrgStorageIsCapped(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		const kb = 1 << 10
		m.srv.cfg.OrgStorageMB = 1 // as --org-storage-mb 1 sets it
		p := challengeSetup(t, m)
		reviewer := m.signUp("reviewer", models.RoleReviewer, "福州市技术合同登记站")
		m.verify(p.admin, reviewer)
		// 福州大学 sells a contract (to 宁德新能源科技) and answers a challenge.
		cp := &contractParties{buyer: p.challenger, agency: reviewer.OrgID}
		contract := fmt.Sprintf("/api/v1/contracts/%d", call[models.Contract](m, p.university, 201, "POST", "/api/v1/contracts", cp.input(1_000_000)).ID)
		challenge := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		pid := call[models.Proposal](m, p.university, 201, "POST", challenge+"/proposals", proposalBody("复合封装方案")).ID
		proposal := fmt.Sprintf("/api/v1/proposals/%d", pid)

		m.must(200, m.upload(contract+"/file", p.university.Token, "合同.pdf", pdfOf(400*kb, 'a')))
		up := decoded[models.Proposal](t, m.must(201, m.upload(proposal+"/files", p.university.Token, "方案书.pdf", pdfOf(400*kb, 'b'))))
		if len(up.Files) == 0 {
			t.Fatalf("no files: %+v", up)
		}
		firstFile := up.Files[0].ID

		// 800 KB used (and the licence's few bytes): 300 KB more is past 1 MB.
		refused := func(what string, r response) {
			t.Helper()
			if r.Status != 413 || r.errorCode(t) != "org_storage_full" {
				t.Fatalf("%s past the cap: %d %s", what, r.Status, r.Body)
			}
		}
		blobs, files := m.count(&models.Blob{}), m.count(&models.ProposalFile{})
		r := m.upload(proposal+"/files", p.university.Token, "附件.pdf", pdfOf(300*kb, 'c'))
		refused("a proposal file", r)
		if msg := r.failure(t).Message; !strings.Contains(msg, "已占用 800 KB") || !strings.Contains(msg, "1.0 MB") {
			t.Errorf("the refusal does not say how much is used of how much: %s", msg)
		}
		if m.count(&models.Blob{}) != blobs || m.count(&models.ProposalFile{}) != files {
			t.Fatal("a refused upload left something behind")
		}

		// Replacing the contract text with a larger one counts the old one as freed:
		// 800 − 400 + 600 KB fits, where 800 + 600 would not.
		m.must(200, m.upload(contract+"/file", p.university.Token, "合同v2.pdf", pdfOf(600*kb, 'd')))
		// A replacement past the cap is refused and the old text stays.
		textBefore := call[contractView](m, p.university, 200, "GET", contract, nil).FileSHA256
		blobs = m.count(&models.Blob{})
		refused("a contract text", m.upload(contract+"/file", p.university.Token, "合同v3.pdf", pdfOf(700*kb, 'e')))
		if ct := call[contractView](m, p.university, 200, "GET", contract, nil); ct.FileSize < 600*kb || ct.FileSHA256 != textBefore ||
			!stored(t, m, textBefore) || m.count(&models.Blob{}) != blobs {
			t.Fatalf("a refused replacement changed the contract or the store: %v", ct.FileSize)
		}

		// Deleting the proposal file frees its 400 KB.
		refused("a proposal file", m.upload(proposal+"/files", p.university.Token, "附件.pdf", pdfOf(300*kb, 'c')))
		call[models.Proposal](m, p.university, 200, "DELETE", fmt.Sprintf("%s/files/%d", proposal, firstFile), nil)
		m.must(201, m.upload(proposal+"/files", p.university.Token, "附件.pdf", pdfOf(300*kb, 'c')))

		// Another organisation's uploads count for it alone.
		ip := call[models.Proposal](m, p.institute, 201, "POST", challenge+"/proposals", proposalBody("柔性封装路线")).ID
		m.must(201, m.upload(fmt.Sprintf("/api/v1/proposals/%d/files", ip), p.institute.Token, "方案.pdf", pdfOf(900*kb, 'f')))

		// A licence: its replacement frees the old one; past the cap, nothing is stored.
		newco := m.signUp("newco", models.RoleDemander, "福州新创科技有限公司")
		verification := fmt.Sprintf("/api/v1/orgs/%d/verification", newco.OrgID)
		form := map[string]string{"credit_code": testCreditCode(newco.OrgID), "legal_rep": "王五"}
		m.must(200, m.uploadForm(verification, newco.Token, "执照.pdf", pdfOf(700*kb, 'g'), form))
		m.must(200, m.uploadForm(verification, newco.Token, "执照v2.pdf", pdfOf(800*kb, 'h'), form))
		blobs = m.count(&models.Blob{})
		refused("a licence", m.uploadForm(verification, newco.Token, "执照v3.pdf", pdfOf(1100*kb, 'i'), form))
		if m.count(&models.Blob{}) != blobs {
			t.Fatal("a refused licence was stored")
		}
		if o, _ := m.market.FindOrg(m.ctx, newco.OrgID); o.LicenceSize != 800*kb+9 {
			t.Fatalf("a refused licence changed the organisation: %d bytes", o.LicenceSize)
		}
	})
}

// Uploads arriving together are counted one after another: each may pass
// the check made before writing, but only those that fit are recorded, and
// the others leave nothing behind.
func TestSimultaneousUploadsStayWithinTheCap(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		const kb = 1 << 10
		m.srv.cfg.OrgStorageMB = 1
		p := challengeSetup(t, m)
		challenge := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		pid := call[models.Proposal](m, p.university, 201, "POST", challenge+"/proposals", proposalBody("复合封装方案")).ID
		blobs := m.count(&models.Blob{})
		// Three of these fit in 1 MB beside the licence, four do not.
		statuses := make(chan int, 4)
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses <- m.upload(fmt.Sprintf("/api/v1/proposals/%d/files", pid), p.university.Token, "方案.pdf", pdfOf(300*kb, byte('a'+i))).Status
			}()
		}
		wg.Wait()
		close(statuses)
		got := map[int]int{}
		for s := range statuses {
			got[s]++
		}
		if got[201] != 3 || got[413] != 1 {
			t.Fatalf("statuses %v, want three 201 and one 413", got)
		}
		var kept int64
		m.db.Model(&models.Blob{}).Where("sha256 IN (SELECT sha256 FROM proposal_files WHERE proposal_id = ?)", pid).Count(&kept)
		if n := m.count(&models.ProposalFile{}); n != 3 || kept != 3 || m.count(&models.Blob{}) != blobs+3 {
			t.Fatalf("%d records, %d of their files stored, %d in all (was %d)", n, kept, m.count(&models.Blob{}), blobs)
		}
		var files, licence int64
		m.db.Model(&models.ProposalFile{}).Joins("JOIN proposals ON proposals.id = proposal_files.proposal_id").
			Where("proposals.org_id = ?", p.university.OrgID).Select("COALESCE(SUM(proposal_files.size), 0)").Scan(&files)
		m.db.Model(&models.Organization{}).Where("id = ?", p.university.OrgID).Select("licence_size").Scan(&licence)
		if used := files + licence; used > 1<<20 {
			t.Fatalf("%d bytes used, past the cap", used)
		}
	})
}
