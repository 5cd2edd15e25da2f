package app

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// pdfText is what a PDF says in its objects and its inflated streams:
// enough to find text set in a core font, metadata and link annotations.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", b)
	}
	out := string(b)
	streams := regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	for _, m := range streams.FindAllSubmatch(b, -1) {
		if r, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			if inflated, err := io.ReadAll(r); err == nil {
				out += "\n" + string(inflated)
			}
		}
	}
	return out
}

// The certificate PDF carries the registered text's hash; its QR code's
// address (the link on the code) verifies on the public check, which then
// follows a change and a cancellation.
func TestCertificatePDFVerifiesPublicly(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		path := p.submitted(m, 4_000_000)
		reg := call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil)
		no := *reg.RegistrationNo
		sum := sha256.Sum256(pdf)
		hash := hex.EncodeToString(sum[:])

		r := m.expect(p.buyer, 200, "GET", path+"/certificate.pdf", nil)
		if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("content type %q", ct)
		}
		text := pdfText(t, r.Body)
		if !strings.Contains(text, "("+hash+")Tj") {
			t.Error("the certificate does not print the SHA-256 of the registered text")
		}
		// Digits are set in Helvetica: the CJK font has none and would print boxes.
		if !strings.Contains(text, "("+no+")Tj") {
			t.Error("the registration number is not set in a Latin font")
		}
		if !strings.Contains(text, "sha256:"+hash) {
			t.Error("the certificate's keywords do not carry the SHA-256")
		}
		link := regexp.MustCompile(`/URI \(([^)]*)\)`).FindStringSubmatch(text)
		if link == nil {
			t.Fatal("the QR code links nowhere")
		}
		if want := "http://example.com/verify/" + no; link[1] != want {
			t.Fatalf("QR payload %q, want %q", link[1], want)
		}
		if n := strings.Count(text, " re f"); n < 21*21/3 {
			t.Errorf("the QR code is %d modules: no code of that address", n)
		}
		check := "/api/v1" + strings.TrimPrefix(link[1], "http://example.com")
		v := call[models.Verification](m, nil, 200, "GET", check, nil)
		if v.State != models.StateRegistered || v.StateLabel != "已登记" || v.FileSHA256 != hash || v.RegistrationNo != no || v.StandingTechFen != 4_000_000 {
			t.Fatalf("verified: %+v", v)
		}
		// Only what the certificate says: no payment terms, subject, ids or actions.
		for _, private := range []string{"payment_terms", "subject", "seller_org_id", "actions", "review_comment", "reason"} {
			if bytes.Contains(m.expect(nil, 200, "GET", check, nil).Body, []byte(`"`+private+`"`)) {
				t.Errorf("the public check shows %s", private)
			}
		}
		cert := call[certifiedView](m, p.seller, 200, "GET", path+"/certificate", nil)
		if cert.VerifyURL != link[1] || cert.FileSHA256 != hash {
			t.Errorf("the certificate page says %q and %q", cert.VerifyURL, cert.FileSHA256)
		}

		ch := call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", map[string]any{"kind": "change", "reason": "增加技术服务内容",
			"contract_amount_fen": 6_000_000, "tech_amount_fen": 5_000_000})
		if v := call[models.Verification](m, nil, 200, "GET", check, nil); v.State != models.StateRegistered {
			t.Errorf("a change still under review shows: %s", v.State)
		}
		call[models.Amendment](m, p.reviewer, 200, "POST", fmt.Sprintf("/api/v1/amendments/%d/review", ch.ID), map[string]any{"register": true})
		v = call[models.Verification](m, nil, 200, "GET", check, nil)
		if v.State != models.StateChanged || v.StateLabel != "已变更" || v.StandingContractFen != 6_000_000 || v.StandingTechFen != 5_000_000 ||
			v.TechFen != 4_000_000 || v.StateSince == nil {
			t.Errorf("after the change: %+v", v)
		}
		cancel := call[models.Amendment](m, p.seller, 201, "POST", path+"/amendments", map[string]any{"kind": "cancel", "reason": "双方协商解除合同"})
		call[models.Amendment](m, p.reviewer, 200, "POST", fmt.Sprintf("/api/v1/amendments/%d/review", cancel.ID), map[string]any{"register": true})
		v = call[models.Verification](m, nil, 200, "GET", check, nil)
		if v.State != models.StateCancelled || v.StateLabel != "已注销" || v.StandingTechFen != 0 {
			t.Errorf("after the cancellation: %+v", v)
		}
		// The certificate of a cancelled contract is still the one issued.
		m.expect(p.seller, 200, "GET", path+"/certificate.pdf", nil)

		unknown := no[:10] + "999999"
		m.play(t,
			step{name: "an unknown number", method: "GET", path: "/api/v1/verify/" + unknown, want: 404, code: "registration_not_found"},
			step{name: "not a number", method: "GET", path: "/api/v1/verify/2026-35", want: 422, field: "no"},
			step{name: "the certificate of a contract not registered", as: p.seller, method: "GET", path: p.submitted(m, 1_000_000) + "/certificate.pdf", want: 409, code: "not_registered"},
			step{name: "another agency's certificate", as: p.otherReviewer, method: "GET", path: path + "/certificate.pdf", want: 404},
		)
		if r := m.do("GET", "/api/v1/verify/"+unknown, "", nil); !strings.Contains(string(r.Body), "未查到登记编号为 "+unknown) {
			t.Errorf("unknown number says %s", r.Body)
		}
		// Typed with spaces or full-width digits, the number still verifies.
		spaced := strings.ReplaceAll(no[:4]+" "+no[4:10]+" "+no[10:], "1", "１")
		if v := call[models.Verification](m, nil, 200, "GET", "/api/v1/verify/"+strings.ReplaceAll(spaced, " ", "%20"), nil); v.RegistrationNo != no {
			t.Errorf("typed %q: %+v", spaced, v)
		}
	})
}

func TestPublicVerificationIsRateLimited(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := marketWith(t, db, func(c *Config) { c.VerificationsPerMinute = 2; c.PublicURL = "https://market.example.cn/" })
		p := contractSetup(t, m)
		path := p.submitted(m, 2_000_000)
		no := *call[contractView](m, p.reviewer, 200, "POST", path+"/register", nil).RegistrationNo
		if u := call[certifiedView](m, p.seller, 200, "GET", path+"/certificate", nil).VerifyURL; u != "https://market.example.cn/verify/"+no {
			t.Errorf("with a public address configured the QR code points to %q", u)
		}
		m.must(200, m.do("GET", "/api/v1/verify/"+no, "", nil))
		m.must(404, m.do("GET", "/api/v1/verify/0000000000000000", "", nil))
		r := m.do("GET", "/api/v1/verify/"+no, "", nil)
		if r.Status != 429 || r.errorCode(t) != "too_many_requests" || r.Header.Get("Retry-After") == "" || !strings.Contains(string(r.Body), "请求过于频繁") && !strings.Contains(string(r.Body), "操作过于频繁") {
			t.Fatalf("3rd verification in a minute: %d %s", r.Status, r.Body)
		}
	})
}

// Each type's model text is a PDF of its own, from the form as it is
// filled in; a wrong field is a 422 and nothing is drafted.
func TestModelTextsOfEveryType(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		p := contractSetup(t, m)
		contracts := m.count(&models.Contract{})
		seen := map[string]bool{}
		for _, ty := range models.ContractTypes {
			for _, sub := range ty.Subtypes {
				in := p.input(1_000_000)
				in["type"], in["subtype"] = ty.Value, sub
				r := m.expect(p.seller, 200, "POST", "/api/v1/contracts/draft-text", in)
				if r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
					t.Fatalf("%s: not a PDF", sub)
				}
				key := fmt.Sprintf("%x", sha256.Sum256(r.Body))
				if seen[key] {
					t.Errorf("%s/%s: the same text as another type", ty.Value, sub)
				}
				seen[key] = true
			}
		}
		bad := p.input(1_000_000)
		bad["tech_amount_fen"] = 2_000_000
		m.play(t,
			step{name: "technology amount above the contract's", as: p.seller, method: "POST", path: "/api/v1/contracts/draft-text", body: bad, want: 422, field: "tech_amount_fen"},
			step{name: "a reviewer drafts", as: p.reviewer, method: "POST", path: "/api/v1/contracts/draft-text", body: p.input(1_000_000), want: 403},
		)
		if n := m.count(&models.Contract{}); n != contracts {
			t.Errorf("drafting texts saved %d contracts", n-contracts)
		}
		path := fmt.Sprintf("/api/v1/contracts/%d", call[models.Contract](m, p.seller, 201, "POST", "/api/v1/contracts", p.input(1_000_000)).ID)
		if r := m.expect(p.buyer, 200, "GET", path+"/model-text.pdf", nil); !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
			t.Error("the saved draft's model text is no PDF")
		}
		m.check(step{name: "another agency reads the model text", as: p.otherReviewer, method: "GET", path: path + "/model-text.pdf", want: 404})
	})
}

// Mixed text is cut into runs by font: Latin (with curly quotes) in
// Helvetica, the rest in the CJK font.
func TestTypesetRuns(t *testing.T) {
	got := fmt.Sprint(runsOf([]rune("“石墨烯”合同 No.12，3.5 万元")))
	if want := "[{true “} {false 石墨烯} {true ”} {false 合同} {true  No.12} {false ，} {true 3.5 } {false 万元}]"; got != want {
		t.Errorf("runs:\n got %s\nwant %s", got, want)
	}
}

func TestPublicURLMustBeAnAbsoluteAddress(t *testing.T) {
	for s, ok := range map[string]bool{"": true, "https://market.example.cn": true, "http://10.0.0.5:8080/tm/": true,
		"market.example.cn": false, "ftp://market.example.cn": false, "https://market.example.cn/?a=1": false, "https://": false} {
		if err := checkPublicURL(s); (err == nil) != ok {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// TestPDFsDrawnAtOnce: documents drawn side by side share no font state
// (fpdf writes into the font bytes it subsets; go test -race caught it).
func TestPDFsDrawnAtOnce(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := newPDF("测试", "测试", "", time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai))
			f.AddPage()
			f.SetFont(cjkFamily, "", 12)
			f.Cell(40, 10, fmt.Sprintf("技术合同登记证明 %d", i))
			_, err := pdfBytes(f)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
