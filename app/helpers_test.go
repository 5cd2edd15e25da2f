package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// testSecret signs the tests' tokens: long enough and no placeholder, as Config.Secret demands.
const testSecret = "test-signing-key-7f3a9c1e5b2d8f4a6c0e9b7d"

// market is one server over one fresh database, driven through its HTTP API.
type market struct {
	t      *testing.T
	ctx    context.Context // the test's, for calls of the market's methods
	db     *gorm.DB        // for what a test reads or sets up directly
	market *models.Market  // the server's
	srv    *Server
	app    *fiber.App
	base   string // the address of a real listener, once a test needed one
}

func newMarket(t *testing.T, db *gorm.DB) *market {
	t.Helper()
	cfg := &Config{DataDir: t.TempDir(), AccessTTL: 15 * 60 * 1e9, BodyLimitMB: 12, LoginsPerMinute: 1000, JWTSecret: testSecret}
	mk := modeltest.NewMarket(db)
	srv, f, err := New(cfg, mk, slog.New(slog.NewTextHandler(testLogOutput(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	srv.observe = answers.observer(srv)
	return &market{t: t, ctx: t.Context(), db: db, market: mk, srv: srv, app: f}
}

// eachDB runs fn against a market on SQLite and, when configured, PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, m *market)) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) { fn(t, newMarket(t, db)) })
}

type response struct {
	Status int
	Body   []byte
	Header http.Header
}

func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response is not JSON (%d): %s", r.Status, r.Body)
	}
	return m
}

// errorCode returns error.code of an error response.
func (r response) errorCode(t *testing.T) string {
	t.Helper()
	e := r.failure(t)
	if !containsHan(e.Message) {
		t.Errorf("error message %q is not Chinese", e.Message)
	}
	return e.Code
}

// errorFields returns error.fields of an error response (nil if it has none).
func (r response) errorFields(t *testing.T) map[string]any {
	e := r.errorOf()
	if e == nil || e.Fields == nil {
		return nil
	}
	fields := make(map[string]any, len(e.Fields))
	for k, v := range e.Fields {
		fields[k] = v
	}
	return fields
}

// failure decodes an error response's error, failing the test if it has none.
func (r response) failure(t *testing.T) errorBody {
	t.Helper()
	e := r.errorOf()
	if e == nil {
		t.Fatalf("no error object in %d %s", r.Status, r.Body)
	}
	return *e
}

func (r response) errorOf() *errorBody {
	var e struct{ Error *errorBody }
	if json.Unmarshal(r.Body, &e) != nil {
		return nil
	}
	return e.Error
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// do sends a request; body may be nil, a string (sent raw) or a value (sent as JSON).
func (m *market) do(method, path, token string, body any, headers ...string) response {
	m.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		raw, _ = json.Marshal(b)
	}
	return m.send(method, path, token, "application/json", raw, headers...)
}

// send is m.do with a raw body of any content type ("": none said).
func (m *market) send(method, path, token, contentType string, body []byte, headers ...string) response {
	m.t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := m.app.Test(req, -1)
	if err != nil {
		m.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, b, res.Header}
}

// multipartBody is a form with the fields and, when fileName is set, a file
// holding data; and its content type.
func multipartBody(fields map[string]string, fileName string, data []byte) (string, []byte) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := w.CreateFormFile("file", fileName)
		fw.Write(data)
	}
	w.Close()
	return w.FormDataContentType(), body.Bytes()
}

// uploadForm posts a multipart form: the fields and, when name is set, the
// file (field file).
func (m *market) uploadForm(path, token, name string, data []byte, fields map[string]string) response {
	m.t.Helper()
	ct, body := multipartBody(fields, name, data)
	return m.send("POST", path, token, ct, body)
}

// upload posts a file alone.
func (m *market) upload(path, token, name string, data []byte) response {
	m.t.Helper()
	return m.uploadForm(path, token, name, data, nil)
}

// The typed client: a test says who asks what, and what the answer must be.
//
//	deal := call[models.Deal](m, buyer, 200, "POST", path+"/confirm", nil)
//	m.play(t,
//		step{name: "the public may not confirm", method: "POST", path: path + "/confirm", want: 401},
//		step{name: "nor the seller", as: seller, method: "POST", path: path + "/confirm", want: 403, code: "forbidden"},
//	)
//
// m.do stays for what the client does not send: other headers, other content types.

// call sends a request as `as` (nil: the public), fails the test unless it is
// answered with status want, and decodes the answer into Out: the type the
// route table names as the route's out.
func call[Out any](m *market, as *account, want int, method, path string, body any) Out {
	m.t.Helper()
	return decoded[Out](m.t, m.expect(as, want, method, path, body))
}

// decoded decodes an answer into Out.
func decoded[Out any](t *testing.T, r response) Out {
	t.Helper()
	var out Out
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatalf("answer is not a %T: %v: %s", out, err, r.Body)
	}
	return out
}

// expect sends a request as `as` (nil: the public) and fails the test unless
// it is answered with status want; for an answer with no JSON (204, files).
func (m *market) expect(as *account, want int, method, path string, body any) response {
	m.t.Helper()
	r := m.do(method, path, tokenOf(as), body)
	if r.Status != want {
		m.t.Fatalf("%s %s: want %d, got %d: %s", method, path, want, r.Status, r.Body)
	}
	return r
}

// step is one request of a scenario and what it must be answered with: the
// status and, for an error (which must carry a code and a Chinese message),
// its code and a field it names, when given.
type step struct {
	name         string
	as           *account // nil: the public
	method, path string
	body         any
	want         int
	code         string // the error's code, when given
	field        string // a field the error must name, when given
}

// play runs each step as a subtest, in order.
func (m *market) play(t *testing.T, steps ...step) {
	t.Helper()
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			sub := *m
			sub.t = t
			sub.check(s)
		})
	}
}

// check sends one step and checks its answer.
func (m *market) check(s step) response {
	m.t.Helper()
	r := m.do(s.method, s.path, tokenOf(s.as), s.body)
	what := s.method + " " + s.path
	if s.name != "" {
		what = s.name + " (" + what + ")"
	}
	if r.Status != s.want {
		m.t.Fatalf("%s: want %d, got %d: %s", what, s.want, r.Status, r.Body)
	}
	if s.want >= 400 {
		if got := r.errorCode(m.t); s.code != "" && got != s.code {
			m.t.Errorf("%s: want error %s, got %s", what, s.code, got)
		}
	}
	if s.field != "" {
		if _, ok := r.failure(m.t).Fields[s.field]; !ok {
			m.t.Errorf("%s: the error does not name %s: %s", what, s.field, r.Body)
		}
	}
	return r
}

func (m *market) must(status int, r response) response {
	m.t.Helper()
	if r.Status != status {
		m.t.Fatalf("want %d, got %d: %s", status, r.Status, r.Body)
	}
	return r
}

type account struct {
	Username, Password string
	UserID, OrgID      int64
	Token, Refresh     string
}

// registration fills a valid self-service registration for role in org.
func registration(username string, role models.Role, orgName string) map[string]any {
	orgType := map[models.Role]string{models.RoleSupplier: "university", models.RoleDemander: "enterprise",
		models.RoleBroker: "broker_firm", models.RoleReviewer: "agency"}[role]
	return map[string]any{"username": username, "password": "Passw0rd-" + username, "name": "测试" + username,
		"role": string(role), "org_name": orgName, "org_type": orgType, "region": "350102", "phone": "0591-88888888", "email": username + "@example.cn"}
}

// signUp registers and logs in.
func (m *market) signUp(username string, role models.Role, orgName string) *account {
	m.t.Helper()
	reg := registration(username, role, orgName)
	me := call[models.Me](m, nil, 201, "POST", "/api/v1/auth/register", reg)
	a := &account{Username: username, Password: reg["password"].(string), UserID: me.User.ID, OrgID: me.Org.ID}
	m.login(a)
	return a
}

// approve has approver (the organisation's admin, or a market admin)
// approve the account's pending membership.
func (m *market) approve(approver, a *account) {
	m.t.Helper()
	ms, err := m.market.MembershipOf(m.ctx, a.UserID)
	if err != nil {
		m.t.Fatal(err)
	}
	call[models.Membership](m, approver, 200, "POST", fmt.Sprintf("/api/v1/memberships/%d/approve", ms.ID), nil)
}

func (m *market) login(a *account) {
	m.t.Helper()
	s := call[session](m, nil, 200, "POST", "/api/v1/auth/login", credentials{a.Username, a.Password})
	a.Token, a.Refresh = s.AccessToken, s.RefreshToken
}

func (m *market) admin() *account {
	m.t.Helper()
	pw := "Admin-Pass-2026"
	u, _, err := m.market.CreateUser(m.ctx, models.Registration{Username: "admin", Password: pw, Name: "管理员", Role: models.RoleAdmin,
		OrgName: "市场运营管理办公室", OrgType: models.OrgBureau, Region: "350100"})
	if err != nil {
		m.t.Fatal(err)
	}
	a := &account{Username: "admin", Password: pw, UserID: u.ID, OrgID: u.OrgID}
	m.login(a)
	return a
}

func (m *market) count(model any) int64 {
	m.t.Helper()
	var n int64
	if err := m.db.Model(model).Count(&n).Error; err != nil {
		m.t.Fatal(err)
	}
	return n
}

// listen serves the market on a loopback port, for what app.Test cannot show.
func (m *market) listen() string {
	m.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		m.t.Fatal(err)
	}
	go m.app.Listener(ln)
	m.t.Cleanup(func() { m.app.ShutdownWithTimeout(time.Second) })
	return "http://" + ln.Addr().String()
}

// testLogOutput shows the server's logs only when TM_TEST_LOG is set.
func testLogOutput() io.Writer {
	if os.Getenv("TM_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

// indexed brings the search index up to date, as the serve loop would.
func (m *market) indexed() {
	m.t.Helper()
	if _, err := m.srv.indexer.CatchUp(context.Background()); err != nil {
		m.t.Fatal(err)
	}
}

// tableCounts counts the rows of every table, to show that a request stored nothing.
func tableCounts(t *testing.T, m *market) map[string]int64 {
	t.Helper()
	var tables []string
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if models.Dialect(m.db) == "postgres" {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
	}
	if err := m.db.Raw(q).Scan(&tables).Error; err != nil || len(tables) < 20 {
		t.Fatalf("tables: %v %v", tables, err)
	}
	out := map[string]int64{}
	for _, name := range tables {
		if name == "rate_limits" || name == "goose_db_version" {
			continue // the limiter's own bookkeeping counts every request, refused or not
		}
		var n int64
		if err := m.db.Table(name).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

func sameCounts(t *testing.T, before, after map[string]int64) {
	t.Helper()
	for name, n := range after {
		if before[name] != n {
			t.Errorf("table %s: %d rows before, %d after", name, before[name], n)
		}
	}
}

// notifiedOf says whether a page of notifications holds one of the kind.
func notifiedOf(p notificationPage, kind string) bool {
	for _, n := range p.Items {
		if n.Kind == kind {
			return true
		}
	}
	return false
}
