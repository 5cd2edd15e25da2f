package app

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

// pngOf and jpegOf draw a w×h picture in a colour, as a phone would send.
func pngOf(w, h int, c color.Color) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func jpegOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	return b.Bytes()
}

// privateName is the name of the confidential report: a response that
// carries it to someone not entitled leaked the file.
const privateName = "检测报告-保密ZQX9931.pdf"

var reportPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\n% 导热系数检测报告 ZQX9931\n%%EOF\n")

func TestListingAttachmentRules(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := m.listingCast()
		draft := call[models.Achievement](m, c.sup, 201, "POST", "/api/v1/achievements", achievementBody("高导热石墨烯散热膜"))
		path := fmt.Sprintf("/api/v1/achievements/%d", draft.ID)
		files := path + "/attachments"
		up := func(as *account, name string, data []byte, fields map[string]string) response {
			t.Helper()
			tok := ""
			if as != nil {
				tok = as.Token
			}
			return m.uploadForm(files, tok, name, data, fields)
		}
		photo := decoded[models.ListingAttachment](t, m.must(201, up(c.sup, "样品照片.png", pngOf(800, 400, color.RGBA{10, 120, 200, 255}), nil)))
		if photo.Media != models.MediaImage || photo.Category != models.CategoryPhoto || photo.Visibility != models.VisibilityPublic ||
			!photo.HasThumb || photo.Width != 800 || photo.Height != 400 || photo.Name != "样品照片.png" || !strings.Contains(strings.Join(photo.Actions, ","), "remove") {
			t.Errorf("photo: %+v", photo)
		}
		cert := decoded[models.ListingAttachment](t, m.must(201, up(c.sup, "证书.jpg", jpegOf(300, 420), map[string]string{"category": "patent_certificate"})))
		// The content decides: a PDF named .png is a PDF.
		report := decoded[models.ListingAttachment](t, m.must(201, up(c.sup, privateName, reportPDF, map[string]string{"category": "test_report", "visibility": "confidential"})))
		named := decoded[models.ListingAttachment](t, m.must(201, up(c.sup, "估值.png", []byte("%PDF-1.7\n估值报告\n%%EOF"), map[string]string{"category": "valuation_report"})))
		if report.Media != models.MediaPDF || report.HasThumb || named.Media != models.MediaPDF || cert.Category != models.CategoryPatentCert {
			t.Errorf("report %+v, named %+v, cert %+v", report, named, cert)
		}
		video := call[models.ListingAttachment](m, c.sup, 201, "POST", path+"/videos", map[string]any{"url": "https://v.example.cn/watch/42?t=3", "title": "中试线演示"})
		if video.Media != models.MediaVideo || video.URL != "https://v.example.cn/watch/42?t=3" {
			t.Errorf("video: %+v", video)
		}

		// Refusals: each a 4xx in Chinese, none stores anything.
		rows, blobs := m.count(&models.ListingAttachment{}), m.count(&models.Blob{})
		refused := []struct {
			name   string
			as     *account
			file   string
			data   []byte
			fields map[string]string
			want   int
			field  string
			says   string
		}{
			{"text named .png", c.sup, "photo.png", []byte("just some text, not an image"), nil, 422, "file", "PNG"},
			{"HTML named .pdf", c.sup, "report.pdf", []byte("<html><script>alert(1)</script></html>"), nil, 422, "file", "PDF"},
			{"WebP", c.sup, "a.webp", append([]byte("RIFF\x10\x00\x00\x00WEBPVP8 "), make([]byte, 20)...), nil, 422, "file", "WebP"},
			{"a broken PNG", c.sup, "broken.png", append([]byte("\x89PNG\r\n\x1a\n"), []byte("garbage")...), nil, 422, "file", "损坏"},
			{"an empty file", c.sup, "empty.pdf", nil, nil, 422, "file", "空"},
			{"a name turned around", c.sup, "\u202egpj.exe", reportPDF, nil, 422, "file", "方向"},
			{"a name with a path", c.sup, `..\..\evil.pdf`, reportPDF, nil, 422, "file", "路径"},
			{"a dot-name", c.sup, ".htaccess", reportPDF, nil, 422, "file", "点"},
			{"a PDF as a photo", c.sup, "x.pdf", []byte("%PDF-1.4 other"), map[string]string{"category": "photo"}, 422, "category", "类别"},
			{"an unknown visibility", c.sup, "x.pdf", []byte("%PDF-1.4 other"), map[string]string{"visibility": "secret"}, 422, "visibility", "可见"},
			{"the same file again", c.sup, "copy.pdf", reportPDF, nil, 422, "file", "已上传"},
			{"the public", nil, "x.pdf", []byte("%PDF-1.4 other"), nil, 401, "", ""},
			{"another organisation", c.rival, "x.pdf", []byte("%PDF-1.4 other"), nil, 403, "", ""},
			{"a supplier of another organisation", m.signUpVerified(c.admin, "xmu", models.RoleSupplier, "厦门大学"), "x.pdf", []byte("%PDF-1.4 other"), nil, 404, "", ""},
		}
		for _, r := range refused {
			t.Run(r.name, func(t *testing.T) {
				res := up(r.as, r.file, r.data, r.fields)
				if res.Status != r.want {
					t.Fatalf("%d %s", res.Status, res.Body)
				}
				e := res.failure(t)
				if r.field != "" && !strings.Contains(e.Fields[r.field], r.says) {
					t.Errorf("field %s says %q, want %q", r.field, e.Fields[r.field], r.says)
				}
			})
		}
		for _, v := range []struct{ name, url string }{{"http", "http://v.example.cn/1"}, {"javascript", "javascript:alert(1)"},
			{"credentials", "https://u:p@v.example.cn/1"}, {"no host", "https:///watch"}, {"spaces", "https://v.example.cn/a b"}, {"empty", " "}} {
			m.check(step{name: "video " + v.name, as: c.sup, method: "POST", path: path + "/videos", body: map[string]any{"url": v.url}, want: 422, field: "url"})
		}
		// Size and count limits, as configured.
		m.market.Rules.AttachmentMaxBytes = 1000
		if res := up(c.sup, "big.pdf", append([]byte("%PDF-1.4 "), make([]byte, 1200)...), nil); res.Status != 422 || !strings.Contains(res.failure(t).Fields["file"], "不能超过") {
			t.Errorf("a file over the limit: %d %s", res.Status, res.Body)
		}
		m.market.Rules.AttachmentMaxBytes = models.DefaultAttachmentMaxBytes
		m.market.Rules.AttachmentsPerListing = 5
		if res := up(c.sup, "sixth.pdf", []byte("%PDF-1.4 sixth"), nil); res.Status != 422 || !strings.Contains(res.failure(t).Fields["file"], "最多 5 个") {
			t.Errorf("a sixth attachment: %d %s", res.Status, res.Body)
		}
		m.check(step{name: "a sixth video", as: c.sup, method: "POST", path: path + "/videos", body: map[string]any{"url": "https://v.example.cn/2"}, want: 422, field: "file"})
		m.market.Rules.AttachmentsPerListing = models.DefaultAttachmentsPerListing
		if r, b := m.count(&models.ListingAttachment{}), m.count(&models.Blob{}); r != rows || b != blobs {
			t.Fatalf("refused uploads stored something: %d→%d attachments, %d→%d blobs", rows, r, blobs, b)
		}

		// Changing and removing: the owner only, while editable.
		one := fmt.Sprintf("%s/%d", files, named.ID)
		other := call[models.Achievement](m, c.sup, 201, "POST", "/api/v1/achievements", achievementBody("石墨烯散热膜中试工艺"))
		otherFiles := fmt.Sprintf("/api/v1/achievements/%d/attachments", other.ID)
		m.play(t,
			step{name: "another organisation changes one", as: c.rival, method: "PATCH", path: one, body: map[string]any{"visibility": "public"}, want: 403},
			step{name: "a bad category", as: c.sup, method: "PATCH", path: one, body: map[string]any{"category": "video"}, want: 422, field: "category"},
			step{name: "another listing's attachment", as: c.sup, method: "DELETE", path: fmt.Sprintf("%s/%d", otherFiles, named.ID), want: 404, code: "file_not_found"},
		)
		if ch := call[models.ListingAttachment](m, c.sup, 200, "PATCH", one, map[string]any{"visibility": "confidential"}); ch.Visibility != models.VisibilityConfidential {
			t.Errorf("changed: %+v", ch)
		}
		call[models.ListingAttachment](m, c.sup, 200, "PATCH", one, map[string]any{"visibility": "public"})
		// The same content on two listings is stored once, and stays while one still has it.
		before := m.count(&models.Blob{})
		shared := decoded[models.ListingAttachment](t, m.must(201, m.uploadForm(otherFiles, c.sup.Token, "同一份估值.pdf", []byte("%PDF-1.7\n估值报告\n%%EOF"), nil)))
		if n := m.count(&models.Blob{}); n != before {
			t.Errorf("the same content stored again: %d blobs → %d", before, n)
		}
		m.must(204, m.do("DELETE", fmt.Sprintf("%s/%d", otherFiles, shared.ID), c.sup.Token, nil))
		if n := m.count(&models.Blob{}); n != before {
			t.Errorf("a blob another listing uses went: %d → %d", before, n)
		}
		m.must(204, m.do("DELETE", one, c.sup.Token, nil))
		if n := m.count(&models.Blob{}); n != before-1 {
			t.Errorf("the last use removed, the blob stays: %d → %d", before, n)
		}

		// Once submitted, attachments are under review with the rest.
		call[models.Achievement](m, c.sup, 200, "POST", path+"/submit", nil)
		rows = m.count(&models.ListingAttachment{})
		m.play(t,
			step{name: "adding while pending", as: c.sup, method: "POST", path: path + "/videos", body: map[string]any{"url": "https://v.example.cn/3"}, want: 409, code: "not_editable"},
			step{name: "removing while pending", as: c.sup, method: "DELETE", path: fmt.Sprintf("%s/%d", files, photo.ID), want: 409, code: "not_editable"},
		)
		if n := m.count(&models.ListingAttachment{}); n != rows {
			t.Errorf("refused changes while pending changed the attachments: %d → %d", rows, n)
		}
	})
}

func TestPrivateAttachmentNeverReachesAnotherOrganisation(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := m.listingCast()
		draft := call[models.Achievement](m, c.sup, 201, "POST", "/api/v1/achievements", achievementBody("高导热石墨烯散热膜"))
		path := fmt.Sprintf("/api/v1/achievements/%d", draft.ID)
		files := path + "/attachments"
		photoBytes := pngOf(640, 480, color.RGBA{200, 40, 40, 255})
		photo := decoded[models.ListingAttachment](t, m.must(201, m.uploadForm(files, c.sup.Token, "样品.png", photoBytes, nil)))
		report := decoded[models.ListingAttachment](t, m.must(201, m.uploadForm(files, c.sup.Token, privateName, reportPDF,
			map[string]string{"category": "test_report", "visibility": "confidential"})))
		call[models.ListingAttachment](m, c.sup, 201, "POST", path+"/videos", map[string]any{"url": "https://v.example.cn/secret-line", "title": "保密产线视频ZQX", "visibility": "confidential"})
		call[models.Achievement](m, c.sup, 200, "POST", path+"/submit", nil)
		call[models.Achievement](m, c.admin, 200, "POST", path+"/approve", nil)
		m.indexed()
		// Under the hammer, its announcement (拍卖公告) shows the public files only.
		start := time.Now().Add(time.Hour)
		auction := call[models.Auction](m, c.admin, 201, "POST", "/api/v1/auctions", map[string]any{"title": "石墨烯专场", "starts_at": start,
			"ends_at": start.Add(2 * time.Hour), "deposit_fen": 1_000_000, "lots": []map[string]any{{"achievement_id": draft.ID,
				"start_price_fen": 1_000_000, "increment_fen": 100_000, "reserve_fen": 1_500_000}}})
		auctionPath := fmt.Sprintf("/api/v1/auctions/%d", auction.ID)

		privateURL := fmt.Sprintf("%s/%d/content", files, report.ID)
		var sha string
		m.db.Table("listing_attachments").Where("id = ?", report.ID).Select("sha256").Scan(&sha)
		secrets := []string{"ZQX9931", "ZQX", "secret-line", sha, "检测报告-保密"}
		endpoints := []string{path, files, "/api/v1/achievements", "/api/v1/search?q=高导热石墨烯散热膜", "/api/v1/search?q=ZQX9931",
			"/api/v1/search?q=检测报告", path + "/confidential", privateURL, auctionPath, fmt.Sprintf("%s/%d/thumb", files, report.ID),
			fmt.Sprintf("%s/attachments/%d/content", c.path, report.ID)}
		leaks := func(who string, as *account) {
			t.Helper()
			tok := ""
			if as != nil {
				tok = as.Token
			}
			for _, p := range endpoints {
				r := m.do("GET", p, tok, nil)
				if r.Status >= 500 {
					t.Errorf("%s GET %s: %d", who, p, r.Status)
				}
				for _, s := range secrets {
					if bytes.Contains(r.Body, []byte(s)) {
						t.Errorf("%s GET %s shows %q: %.300s", who, p, s, r.Body)
					}
				}
			}
			if r := m.do("GET", privateURL, tok, nil); r.Status != 404 {
				t.Errorf("%s fetches the private file: %d", who, r.Status)
			}
		}
		// The walk only counts if the public part is there.
		pub := call[models.Achievement](m, nil, 200, "GET", path, nil)
		if len(pub.Attachments) != 1 || pub.Attachments[0].ID != photo.ID || !pub.HasConfidential {
			t.Fatalf("the public sees %+v (has_confidential %v)", pub.Attachments, pub.HasConfidential)
		}
		if len(pub.Attachments[0].Actions) != 0 {
			t.Errorf("the public may act on an attachment: %v", pub.Attachments[0].Actions)
		}
		if lots := call[auctionDetail](m, nil, 200, "GET", auctionPath, nil).Auction.Lots; len(lots) != 1 ||
			len(lots[0].Attachments) != 1 || lots[0].Attachments[0].ID != photo.ID {
			t.Errorf("the announcement's lots: %+v", lots)
		}
		got := m.do("GET", fmt.Sprintf("%s/%d/content", files, photo.ID), "", nil)
		if got.Status != 200 || !bytes.Equal(got.Body, photoBytes) || got.Header.Get("Content-Type") != "image/png" || got.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("public photo: %d %v", got.Status, got.Header)
		}
		thumb := m.do("GET", fmt.Sprintf("%s/%d/thumb", files, photo.ID), "", nil)
		if img, err := jpeg.Decode(bytes.NewReader(thumb.Body)); err != nil || img.Bounds().Dx() != 360 || img.Bounds().Dy() != 270 {
			t.Errorf("thumbnail: %d %v", thumb.Status, err)
		} else if r, _, _, _ := img.At(100, 100).RGBA(); r>>8 < 180 {
			t.Errorf("thumbnail colour lost: r=%d", r>>8)
		}
		leaks("the public", nil)
		leaks("another organisation", c.rival)
		leaks("a broker", c.broker)
		leaks("a buyer before the grant", c.dem)

		// The owner and the market admin see all three.
		for _, a := range []*account{c.sup, c.admin} {
			if l := call[models.Achievement](m, a, 200, "GET", path, nil); len(l.Attachments) != 3 {
				t.Errorf("%s sees %d attachments", a.Username, len(l.Attachments))
			}
			if r := m.do("GET", privateURL, a.Token, nil); r.Status != 200 || !bytes.Equal(r.Body, reportPDF) {
				t.Errorf("%s cannot open the private report: %d", a.Username, r.Status)
			}
		}

		// A private file is part of the confidential detail: asking for it
		// and being granted shows it to that user, and to nobody else.
		req := call[models.AccessRequest](m, c.dem, 201, "POST", path+"/access-requests", map[string]any{"message": "拟采购"})
		call[models.AccessRequest](m, c.sup, 200, "POST", fmt.Sprintf("/api/v1/access-requests/%d/grant", req.ID), nil)
		if l := call[models.Achievement](m, c.dem, 200, "GET", path, nil); len(l.Attachments) != 3 {
			t.Errorf("the granted buyer sees %d attachments", len(l.Attachments))
		}
		if r := m.do("GET", privateURL, c.dem.Token, nil); r.Status != 200 || !bytes.Equal(r.Body, reportPDF) ||
			!strings.Contains(r.Header.Get("Content-Disposition"), "filename*=UTF-8''") || r.Header.Get("Cache-Control") != "private, max-age=300" {
			t.Errorf("the granted buyer opens the report: %d %v", r.Status, r.Header)
		}
		leaks("another organisation after the grant", c.rival)
		leaks("the public after the grant", nil)
		// Lists and search stay without it, even for the granted user.
		for _, p := range []string{"/api/v1/achievements", "/api/v1/search?q=ZQX9931", "/api/v1/search?q=高导热石墨烯散热膜"} {
			if b := m.expect(c.dem, 200, "GET", p, nil).Body; bytes.Contains(b, []byte("ZQX")) {
				t.Errorf("granted user gets the private file through %s", p)
			}
		}
	})
}

// signUpVerified is a new user of a new, verified organisation.
func (m *market) signUpVerified(admin *account, username string, role models.Role, org string) *account {
	m.t.Helper()
	a := m.signUp(username, role, org)
	m.verify(admin, a)
	return a
}

// One listing lets go of a file while another takes the same content, at
// once: the blob must stay for the one that took it, and neither request
// fails (on PostgreSQL the two would otherwise cross: the drop sees no
// reference yet, the store sees the blob still there).
func TestSameFileStoredAndDroppedAtOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		c := m.listingCast()
		blobs := m.count(&models.Blob{}) // the organisations' licences
		draft := func(title string) string {
			id := call[models.Achievement](m, c.sup, 201, "POST", "/api/v1/achievements", achievementBody(title)).ID
			return fmt.Sprintf("/api/v1/achievements/%d/attachments", id)
		}
		a, b := draft("石墨烯导热膜连续化制备技术甲"), draft("石墨烯导热膜连续化制备技术乙")
		for i := range 8 {
			data := []byte(fmt.Sprintf("%%PDF-1.4\n第 %d 份报告\n%%%%EOF", i))
			held := decoded[models.ListingAttachment](t, m.must(201, m.uploadForm(a, c.sup.Token, "报告.pdf", data, nil)))
			statuses := make(chan int, 2)
			ct, body := multipartBody(nil, "报告.pdf", data)
			go func() { statuses <- m.send("POST", b, c.sup.Token, ct, body).Status }()
			go func() { statuses <- m.send("DELETE", fmt.Sprintf("%s/%d", a, held.ID), c.sup.Token, "", nil).Status }()
			got := []int{<-statuses, <-statuses}
			if !(got[0] == 201 && got[1] == 204 || got[0] == 204 && got[1] == 201) {
				t.Fatalf("round %d: %v", i, got)
			}
			var n int64
			m.db.Model(&models.Blob{}).Where("sha256 = ?", models.SHA256Hex(data)).Count(&n)
			if n != 1 {
				t.Fatalf("round %d: the file B holds has %d blobs", i, n)
			}
			var kept models.ListingAttachment
			m.db.Where("sha256 = ?", models.SHA256Hex(data)).First(&kept)
			if r := m.do("GET", fmt.Sprintf("%s/%d/content", b, kept.ID), c.sup.Token, nil); r.Status != 200 || !bytes.Equal(r.Body, data) {
				t.Fatalf("round %d: B's file: %d", i, r.Status)
			}
			m.must(204, m.do("DELETE", fmt.Sprintf("%s/%d", b, kept.ID), c.sup.Token, nil))
		}
		if n := m.count(&models.Blob{}); n != blobs {
			t.Errorf("%d blobs left with no attachment", n-blobs)
		}
	})
}
