package app

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/frontend"
	"techmarket/models"
	"techmarket/models/modeltest"
)

// TestMain runs the suite, then fails it when a route answered in a way the
// OpenAPI document does not describe: an error code the route does not
// declare, a success status it does not declare, or a JSON body its schema
// does not fit. Every test's server reports its answers to answers (see
// newMarket), so the route table's declarations cannot drift from what the
// handlers do.
func TestMain(m *testing.M) {
	code := m.Run()
	modeltest.DropTemplates()
	if msgs := answers.report(); len(msgs) > 0 {
		fmt.Fprintf(os.Stderr, "\nFAIL: %d answers the OpenAPI document does not describe:\n  %s\n", len(msgs), strings.Join(msgs, "\n  "))
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// answers collects what the routes answered that their declarations miss.
var answers = &answerLog{misses: map[string]bool{}}

type answerLog struct {
	once   sync.Once
	doc    map[string]any
	routes map[string]route // by method and Fiber path
	mu     sync.Mutex
	misses map[string]bool
	seen   int
}

func (l *answerLog) observer(s *Server) func(c *fiber.Ctx) {
	l.once.Do(func() {
		if err := json.Unmarshal(s.OpenAPI(), &l.doc); err != nil {
			panic(err)
		}
		l.routes = map[string]route{}
		for _, r := range s.routes() {
			l.routes[r.method+" "+r.path] = r
		}
	})
	return func(c *fiber.Ctx) {
		r, ok := l.routes[c.Method()+" "+c.Route().Path]
		if !ok {
			return // the pages, the catch-all for unknown API paths, Fiber's HEADs
		}
		for _, miss := range l.check(r, c) {
			l.mu.Lock()
			l.misses[r.method+" "+r.path+": "+miss] = true
			l.mu.Unlock()
		}
		l.mu.Lock()
		l.seen++
		l.mu.Unlock()
	}
}

func (l *answerLog) check(r route, c *fiber.Ctx) []string {
	res := c.Response()
	status := res.StatusCode()
	if res.IsBodyStream() {
		// A live event stream, still being written: only its status is checked.
		if _, ok := l.doc["paths"].(map[string]any)[openapiPath(r.path)].(map[string]any)[strings.ToLower(r.method)].(map[string]any)["responses"].(map[string]any)[strconv.Itoa(status)]; !ok {
			return []string{fmt.Sprintf("answered %d, not declared", status)}
		}
		return nil
	}
	op := l.doc["paths"].(map[string]any)[openapiPath(r.path)].(map[string]any)[strings.ToLower(r.method)].(map[string]any)
	spec, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	body, err := res.BodyUncompressed() // API answers are compressed when the client takes it
	if err != nil {
		return []string{"answered a body that does not decompress: " + err.Error()}
	}
	if _, declared := spec["x-error-codes"]; status >= 400 && (!ok || declared) {
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		if json.Unmarshal(body, &e) != nil || e.Error.Code == "" {
			return []string{fmt.Sprintf("answered %d without an error code", status)}
		}
		if !ok || !contains(spec["x-error-codes"], e.Error.Code) {
			return []string{fmt.Sprintf("answered %d %s, not declared", status, e.Error.Code)}
		}
		return nil
	}
	if !ok {
		return []string{fmt.Sprintf("answered %d, not declared", status)}
	}
	ct := string(res.Header.ContentType())
	if !strings.HasPrefix(ct, "application/json") || len(body) == 0 {
		return nil // files, CSV, streams and 204s: their content types are checked by the document test
	}
	content, _ := spec["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	if media == nil {
		return []string{fmt.Sprintf("answered %d with JSON, not declared", status)}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"answered invalid JSON"}
	}
	return validate(l.doc, media["schema"].(map[string]any), v, "$")
}

func contains(list any, s string) bool {
	items, _ := list.([]any)
	for _, x := range items {
		if x == s {
			return true
		}
	}
	return false
}

func (l *answerLog) report() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.misses))
	for m := range l.misses {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// validate says where v does not fit schema; objects are closed (a
// property the schema does not name is a miss), as the schemas come from
// Go structs.
func validate(doc map[string]any, schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		return validate(doc, resolve(doc, ref), v, at)
	}
	if all, ok := schema["allOf"].([]any); ok {
		var out []string
		for _, s := range all {
			out = append(out, validate(doc, s.(map[string]any), v, at)...)
		}
		return out
	}
	if any_, ok := schema["anyOf"].([]any); ok {
		var first []string
		for i, s := range any_ {
			miss := validate(doc, s.(map[string]any), v, at)
			if len(miss) == 0 {
				return nil
			}
			if i == 0 {
				first = miss
			}
		}
		return first
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || e == v
		}
		if !found {
			return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
		}
	}
	types := map[string]bool{}
	switch t := schema["type"].(type) {
	case string:
		types[t] = true
	case []any:
		for _, x := range t {
			types[x.(string)] = true
		}
	default:
		return nil // any value
	}
	switch x := v.(type) {
	case nil:
		if !types["null"] {
			return []string{at + ": null, not " + fmt.Sprint(schema["type"])}
		}
	case bool:
		if !types["boolean"] {
			return []string{at + ": a boolean, not " + fmt.Sprint(schema["type"])}
		}
	case float64:
		if !types["number"] && !(types["integer"] && x == float64(int64(x))) {
			return []string{at + ": a number, not " + fmt.Sprint(schema["type"])}
		}
	case string:
		if !types["string"] {
			return []string{at + ": a string, not " + fmt.Sprint(schema["type"])}
		}
	case []any:
		if !types["array"] {
			return []string{at + ": an array, not " + fmt.Sprint(schema["type"])}
		}
		items, _ := schema["items"].(map[string]any)
		for i, e := range x {
			if miss := validate(doc, items, e, fmt.Sprintf("%s[%d]", at, i)); miss != nil {
				return miss // the first item that misses says enough
			}
		}
	case map[string]any:
		if !types["object"] {
			return []string{at + ": an object, not " + fmt.Sprint(schema["type"])}
		}
		var out []string
		props, _ := schema["properties"].(map[string]any)
		extra, _ := schema["additionalProperties"].(map[string]any)
		for k, e := range x {
			p, ok := props[k].(map[string]any)
			switch {
			case ok:
				out = append(out, validate(doc, p, e, at+"."+k)...)
			case extra != nil:
				out = append(out, validate(doc, extra, e, at+"."+k)...)
			default:
				out = append(out, at+"."+k+": not in the schema")
			}
		}
		req, _ := schema["required"].([]any)
		for _, k := range req {
			if _, ok := x[k.(string)]; !ok {
				out = append(out, at+"."+k.(string)+": required, missing")
			}
		}
		return out
	}
	return nil
}

func resolve(doc map[string]any, ref string) map[string]any {
	name := strings.TrimPrefix(ref, "#/components/schemas/")
	s, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
	return s
}

func openapiDoc(t *testing.T) map[string]any {
	t.Helper()
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	r := m.must(200, m.do("GET", "/api/openapi.json", "", nil))
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("content type %s", r.Header.Get("Content-Type"))
	}
	return r.JSON(t)
}

// TestOpenAPIDescribesEveryResponse: every route has a success response, and
// each says its content with a schema or is a 204 without one; every error
// response lists its codes; every $ref resolves.
func TestOpenAPIDescribesEveryResponse(t *testing.T) {
	doc := openapiDoc(t)
	ops := 0
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			ops++
			where := strings.ToUpper(method) + " " + path
			success := 0
			for code, resp := range op.(map[string]any)["responses"].(map[string]any) {
				content, hasContent := resp.(map[string]any)["content"].(map[string]any)
				switch {
				case code == "204":
					success++
					if hasContent {
						t.Errorf("%s: 204 with content", where)
					}
				case code[0] == '2':
					success++
					if len(content) == 0 {
						t.Errorf("%s: %s without content", where, code)
					}
					for mt, media := range content {
						if s, _ := media.(map[string]any)["schema"].(map[string]any); s == nil {
							t.Errorf("%s: %s %s without a schema", where, code, mt)
						}
					}
				default:
					codes, _ := resp.(map[string]any)["x-error-codes"].([]any)
					if len(codes) == 0 && len(content) == 0 {
						t.Errorf("%s: %s lists no error codes and no content", where, code)
					}
				}
			}
			if success != 1 {
				t.Errorf("%s: %d success responses", where, success)
			}
		}
	}
	if ops < 150 {
		t.Errorf("only %d operations", ops)
	}
	refs := 0
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				refs++
				if resolve(doc, ref) == nil {
					t.Errorf("$ref %s does not resolve", ref)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	if refs < 100 {
		t.Errorf("only %d $refs", refs)
	}
}

// TestOpenAPIListsTheCatalogue: every error code, with its status and message.
func TestOpenAPIListsTheCatalogue(t *testing.T) {
	doc := openapiDoc(t)
	listed := doc["x-error-catalogue"].([]any)
	if len(listed) != len(models.Catalogue()) {
		t.Fatalf("%d codes listed, %d declared", len(listed), len(models.Catalogue()))
	}
	desc := doc["info"].(map[string]any)["description"].(string)
	for _, e := range models.Catalogue() {
		if !strings.Contains(desc, fmt.Sprintf("| `%s` | %d | %s |", e.Code, e.Status, e.Message)) {
			t.Errorf("%s is not in the description's table", e.Code)
		}
	}
	codes := doc["components"].(map[string]any)["schemas"].(map[string]any)["ErrorCode"].(map[string]any)["enum"].([]any)
	if !contains(codes, "offer_closed") || !contains(codes, "invalid_input") {
		t.Errorf("ErrorCode: %v", codes)
	}
}

// TestSchemasFollowEncodingJSON: the reflector says what encoding/json writes.
func TestSchemasFollowEncodingJSON(t *testing.T) {
	type inner struct {
		A string `json:"a"`
	}
	type sample struct {
		inner
		ID       int64             `json:"id"`
		Name     string            `json:"name,omitempty"`
		At       time.Time         `json:"at"`
		Maybe    *time.Time        `json:"maybe"`
		Skipped  *inner            `json:"skipped,omitempty"`
		Tags     []string          `json:"tags"`
		Counts   map[string]int    `json:"counts"`
		Status   models.DealStatus `json:"status"`
		PriceFen int64             `json:"price_fen"`
		Hidden   string            `json:"-"`
		hidden   string
	}
	_ = sample{}.hidden
	g := newSchemaGen()
	g.schema(reflect.TypeFor[sample](), false)
	got, _ := json.Marshal(g.defs)
	for _, want := range []string{
		`"a":{"type":"string"}`,
		`"at":{"format":"date-time","type":"string"}`,
		`"maybe":{"format":"date-time","type":["string","null"]}`,
		`"skipped":{"$ref":"#/components/schemas/Inner"}`,
		`"tags":{"items":{"type":"string"},"type":"array"}`,
		`"counts":{"additionalProperties":{"type":"integer"},"type":"object"}`,
		`"status":{"$ref":"#/components/schemas/DealStatus"}`,
		fmt.Sprintf(`"price_fen":{"maximum":%d,"type":"integer"}`, models.MaxFen),
		`"required":["a","at","counts","id","maybe","price_fen","status","tags"]`,
		`"DealStatus":{"enum":["open",`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("want %s in %s", want, got)
		}
	}
	if strings.Contains(string(got), "Hidden") || strings.Contains(string(got), "hidden") {
		t.Errorf("hidden fields: %s", got)
	}
	if n := schemaName(reflect.TypeFor[page[models.Offer]]()); n != "OfferPage" {
		t.Errorf("page[models.Offer] is named %s", n)
	}
}

// TestEnumsListEveryConstant: the table of enums has every constant of each
// typed string in models, so a new status cannot be left out of the document.
func TestEnumsListEveryConstant(t *testing.T) {
	byName := map[string][]string{}
	for typ, vals := range enums {
		byName[typ.Name()] = vals
	}
	fset := token.NewFileSet()
	consts := 0
	for _, pkg := range []string{"models", "search"} {
		pkgs, err := parser.ParseDir(fset, "../"+pkg, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range pkgs[pkg].Files {
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, sp := range gd.Specs {
					vs := sp.(*ast.ValueSpec)
					id, ok := vs.Type.(*ast.Ident)
					if !ok || id.Name == "int64" || len(vs.Values) != len(vs.Names) {
						continue
					}
					for i, v := range vs.Values {
						lit, ok := v.(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							continue
						}
						val, _ := strconv.Unquote(lit.Value)
						consts++
						vals, known := byName[id.Name]
						if !known {
							t.Errorf("%s.%s (%s) has no entry in enums", pkg, id.Name, vs.Names[i].Name)
							continue
						}
						found := false
						for _, x := range vals {
							found = found || x == val
						}
						if !found {
							t.Errorf("enums: %s.%s lacks %s (%q)", pkg, id.Name, vs.Names[i].Name, val)
						}
					}
				}
			}
		}
	}
	if consts < 50 {
		t.Errorf("only %d constants read", consts)
	}
}

// TestFieldDocsNameRealProperties: a description whose property is gone fails.
func TestFieldDocsNameRealProperties(t *testing.T) {
	g := newSchemaGen()
	for _, r := range (&Server{cfg: DefaultConfig()}).routes() {
		g.responses(r)
		if r.in != nil {
			g.requestBody(r.in)
		}
	}
	for key := range fieldDocs {
		if !g.props[key] {
			t.Errorf("fieldDocs: %s is no property of a schema", key)
		}
	}
	for key := range mayBeNull {
		if !g.props[key] {
			t.Errorf("mayBeNull: %s is no property of a schema", key)
		}
	}
}

// TestAPIDocsPage: /api/docs is Swagger UI on the document, from the binary,
// under the server's Content-Security-Policy (no inline script, no eval).
func TestAPIDocsPage(t *testing.T) {
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	page := m.must(200, m.do("GET", "/api/docs", "", nil))
	if ct := page.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("page: %s", ct)
	}
	csp := page.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP: %s", csp)
	}
	body := string(page.Body)
	if strings.Contains(strings.ReplaceAll(body, `<script src=`, ""), "<script") {
		t.Errorf("inline script in the page: %s", body)
	}
	init := m.must(200, m.do("GET", "/api/docs/init.js", "", nil))
	if !strings.Contains(init.Header.Get("Content-Type"), "javascript") || !strings.Contains(string(init.Body), "/api/openapi.json") {
		t.Errorf("init.js: %s %s", init.Header.Get("Content-Type"), init.Body)
	}
	if r := m.do("GET", "/api/docs/no-such.js", "", nil); r.Status != 404 {
		t.Errorf("missing asset: %d", r.Status)
	}
	if _, built := frontend.Dist(); !built {
		if os.Getenv("CI") != "" {
			t.Fatal("the frontend is not built: make test builds it before the Go tests")
		}
		t.Skip("the frontend is not built (make build): Swagger UI's files are not in this binary")
	}
	for asset, ct := range map[string]string{"swagger-ui-bundle.js": "javascript", "swagger-ui.css": "text/css"} {
		if !strings.Contains(body, "/api/docs/"+asset) {
			t.Errorf("the page does not load %s", asset)
		}
		r := m.must(200, m.do("GET", "/api/docs/"+asset, "", nil))
		if !strings.Contains(r.Header.Get("Content-Type"), ct) || len(r.Body) < 10_000 {
			t.Errorf("%s: %s, %d bytes", asset, r.Header.Get("Content-Type"), len(r.Body))
		}
	}
}
