package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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

// storedIn lists the files kept under dir of the data directory.
func storedIn(t *testing.T, m *market, dir ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(append([]string{m.srv.cfg.DataDir}, dir...)...))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// storedName is the name an upload is kept under: its digest and extension.
func storedName(t *testing.T, sha, ext string) string {
	t.Helper()
	if sha == "" {
		t.Fatal("the upload has no digest")
	}
	return sha + ext
}

// contractFileName uploads a contract's text and returns the name it is kept under.
func contractFileName(m *market, path string, as *account, name string, data []byte) string {
	m.t.Helper()
	return storedName(m.t, decoded[contractView](m.t, m.must(200, m.upload(path+"/file", as.Token, name, data))).FileSHA256, ".pdf")
}

// licenceName requests verification with a licence and returns the name it is kept under.
func licenceName(m *market, path string, as *account, name string, data []byte, form map[string]string, ext string) string {
	m.t.Helper()
	return storedName(m.t, decoded[models.Organization](m.t, m.must(200, m.uploadForm(path, as.Token, name, data, form))).LicenceSHA256, ext)
}

// A replaced contract text and a replaced licence leave the disk, unless another record still points at the same file: every
// upload used to stay, so a seller could fill the disk.
func TestReplacedAndDeletedUploadsLeaveTheDisk(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		id := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.input(1_000_000)).ID
		path := fmt.Sprintf("/api/v1/contracts/%d", id)
		dir := []string{"contracts", fmt.Sprint(id)}

		first := contractFileName(m, path, p.seller, "合同.pdf", pdfOf(1000, 'a'))
		second := contractFileName(m, path, p.seller, "合同v2.pdf", pdfOf(1000, 'b'))
		if got := storedIn(t, m, dir...); len(got) != 1 || got[0] != second {
			t.Fatalf("after replacing %s with %s the contract's folder holds %v", first, second, got)
		}
		// The same text again is no replacement: it stays.
		m.must(200, m.upload(path+"/file", p.seller.Token, "合同v2.pdf", pdfOf(1000, 'b')))
		if got := storedIn(t, m, dir...); len(got) != 1 || got[0] != second {
			t.Fatalf("uploading the same text again left %v", got)
		}
		// A file another contract still refers to stays when this one lets go of it.
		other := call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.input(2_000_000))
		var kept string
		m.db.Model(&models.Contract{}).Where("id = ?", id).Pluck("file_path", &kept)
		if err := m.db.Model(&models.Contract{}).Where("id = ?", other.ID).Update("file_path", kept).Error; err != nil {
			t.Fatal(err)
		}
		third := contractFileName(m, path, p.seller, "合同v3.pdf", pdfOf(1000, 'c'))
		if got := storedIn(t, m, dir...); strings.Join(got, " ") != strings.Join(sorted(second, third), " ") {
			t.Fatalf("a file still referred to was removed, or the new one is missing: %v", got)
		}

		// A licence replaced while the organisation waits for verification.
		newco := m.signUp("newco", models.RoleDemander, "福州新创科技有限公司")
		verification := fmt.Sprintf("/api/v1/orgs/%d/verification", newco.OrgID)
		form := map[string]string{"credit_code": testCreditCode(newco.OrgID), "legal_rep": "王五"}
		oldLicence := licenceName(m, verification, newco, "执照.pdf", pdfOf(500, 'l'), form, ".pdf")
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{'p'}, 500)...)
		newLicence := licenceName(m, verification, newco, "执照.png", png, form, ".png")
		if got := storedIn(t, m, "licences", fmt.Sprint(newco.OrgID)); len(got) != 1 || got[0] != newLicence {
			t.Fatalf("after replacing licence %s with %s: %v", oldLicence, newLicence, got)
		}
		licence := m.expect(newco, 200, "GET", fmt.Sprintf("/api/v1/orgs/%d/licence", newco.OrgID), nil)
		if !bytes.Equal(licence.Body, png) {
			t.Fatal("the licence shown is not the new one")
		}
	})
}

// A deleted proposal file leaves the disk once no record refers to it.
func TestDeletedProposalFilesLeaveTheDisk(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := challengeSetup(t, m)
		path := m.publishChallenge(p.challenger, "钙钛矿组件湿热稳定封装技术揭榜", time.Now().Add(72*time.Hour))
		pid := call[models.Proposal](m, p.university, 201, "POST", path+"/proposals", proposalBody("复合封装方案")).ID
		ppath := fmt.Sprintf("/api/v1/proposals/%d", pid)
		dir := []string{"proposals", fmt.Sprint(pid)}
		fileIDs := func(r response) []int64 {
			var ids []int64
			for _, f := range decoded[models.Proposal](t, r).Files {
				ids = append(ids, f.ID)
			}
			return ids
		}
		// The same PDF twice: two records of one file, which stays until both are gone.
		m.must(201, m.upload(ppath+"/files", p.university.Token, "方案书.pdf", pdfOf(800, 'x')))
		ids := fileIDs(m.must(201, m.upload(ppath+"/files", p.university.Token, "方案书（副本）.pdf", pdfOf(800, 'x'))))
		if len(ids) != 2 || len(storedIn(t, m, dir...)) != 1 {
			t.Fatalf("files %v, stored %v", ids, storedIn(t, m, dir...))
		}
		call[models.Proposal](m, p.university, 200, "DELETE", fmt.Sprintf("%s/files/%d", ppath, ids[0]), nil)
		if got := storedIn(t, m, dir...); len(got) != 1 {
			t.Fatalf("a file another record refers to was removed: %v", got)
		}
		call[models.Proposal](m, p.university, 200, "DELETE", fmt.Sprintf("%s/files/%d", ppath, ids[1]), nil)
		if got := storedIn(t, m, dir...); len(got) != 0 {
			t.Fatalf("a deleted proposal file stayed on disk: %v", got)
		}
	})
}

func sorted(s ...string) []string {
	sort.Strings(s)
	return s
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
		before, files := storedIn(t, m, "proposals", fmt.Sprint(pid)), m.count(&models.ProposalFile{})
		r := m.upload(proposal+"/files", p.university.Token, "附件.pdf", pdfOf(300*kb, 'c'))
		refused("a proposal file", r)
		if msg := r.failure(t).Message; !strings.Contains(msg, "已占用 800 KB") || !strings.Contains(msg, "1.0 MB") {
			t.Errorf("the refusal does not say how much is used of how much: %s", msg)
		}
		if got := storedIn(t, m, "proposals", fmt.Sprint(pid)); strings.Join(got, " ") != strings.Join(before, " ") || m.count(&models.ProposalFile{}) != files {
			t.Fatalf("a refused upload left something behind: %v", got)
		}

		// Replacing the contract text with a larger one counts the old one as freed:
		// 800 − 400 + 600 KB fits, where 800 + 600 would not.
		m.must(200, m.upload(contract+"/file", p.university.Token, "合同v2.pdf", pdfOf(600*kb, 'd')))
		// A replacement past the cap is refused and the old text stays.
		var contractID int64
		fmt.Sscanf(contract, "/api/v1/contracts/%d", &contractID)
		textBefore := storedIn(t, m, "contracts", fmt.Sprint(contractID))
		refused("a contract text", m.upload(contract+"/file", p.university.Token, "合同v3.pdf", pdfOf(700*kb, 'e')))
		if got := storedIn(t, m, "contracts", fmt.Sprint(contractID)); len(got) != 1 || got[0] != textBefore[0] {
			t.Fatalf("a refused replacement changed the stored text: %v -> %v", textBefore, got)
		}
		if ct := call[contractView](m, p.university, 200, "GET", contract, nil); ct.FileSize < 600*kb {
			t.Fatalf("a refused replacement changed the contract: %v", ct.FileSize)
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
		licences := storedIn(t, m, "licences", fmt.Sprint(newco.OrgID))
		refused("a licence", m.uploadForm(verification, newco.Token, "执照v3.pdf", pdfOf(1100*kb, 'i'), form))
		if got := storedIn(t, m, "licences", fmt.Sprint(newco.OrgID)); len(licences) != 1 || strings.Join(got, " ") != licences[0] {
			t.Fatalf("licences %v, after a refused one %v", licences, got)
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
		if n := m.count(&models.ProposalFile{}); n != 3 || len(storedIn(t, m, "proposals", fmt.Sprint(pid))) != 3 {
			t.Fatalf("%d records, stored %v", n, storedIn(t, m, "proposals", fmt.Sprint(pid)))
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
