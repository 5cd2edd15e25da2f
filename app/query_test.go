package app

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"techmarket/models"
)

// TestQueryParametersAreInTheDocument: every parameter a route declares is
// listed under its operation as an in: query parameter, with the type,
// bounds and values that are checked; and a route lists no other.
func TestQueryParametersAreInTheDocument(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string         `json:"name"`
				In     string         `json:"in"`
				Schema map[string]any `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPIDocument(DefaultConfig()), &doc); err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, r := range (&Server{cfg: DefaultConfig()}).routes() {
		op := doc.Paths[openapiPath(r.path)][strings.ToLower(r.method)]
		listed := map[string]map[string]any{}
		for _, p := range op.Parameters {
			if p.In == "query" {
				listed[p.Name] = p.Schema
			}
		}
		var want []models.Param
		if r.query != nil {
			want = models.Params(reflect.TypeOf(r.query))
		}
		if len(listed) != len(want) {
			t.Errorf("%s %s: the document lists %d query parameters, the route declares %d", r.method, r.path, len(listed), len(want))
		}
		for _, p := range want {
			declared++
			s, ok := listed[p.Name]
			if !ok {
				t.Errorf("%s %s: ?%s is declared but not in the document", r.method, r.path, p.Name)
				continue
			}
			if vals := p.Values(enumValues); vals != nil && !sameStrings(s["enum"], vals) {
				t.Errorf("%s %s: ?%s lists %v, want the values %v", r.method, r.path, p.Name, s["enum"], vals)
			}
			if p.Max != nil && s["maximum"] != float64(*p.Max) && s["maxLength"] != float64(*p.Max) {
				t.Errorf("%s %s: ?%s has no bound %d: %v", r.method, r.path, p.Name, *p.Max, s)
			}
		}
	}
	if declared < 100 {
		t.Errorf("only %d query parameters declared", declared)
	}
}

func sameStrings(listed any, want []string) bool {
	l, _ := listed.([]any)
	got := make([]string, len(l))
	for i, v := range l {
		got[i], _ = v.(string)
	}
	return slices.Equal(got, want)
}

// TestOnlyTheRouteTableReadsTheQuery: no handler reads the query string
// itself; it takes what its route declares (queryOf). readQuery is the one
// reader, and refuseBadText scans every parameter's text without reading one.
func TestOnlyTheRouteTableReadsTheQuery(t *testing.T) {
	readers := map[string]bool{"Query": true, "QueryBool": true, "QueryInt": true, "QueryFloat": true, "Queries": true, "QueryParser": true, "QueryArgs": true}
	allowed := map[string]bool{"query.go readQuery Query": true, "input.go badTextField QueryArgs": true}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for name, f := range pkgs["app"].Files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || !readers[sel.Sel.Name] {
					return true
				}
				if key := name + " " + fn.Name.Name + " " + sel.Sel.Name; allowed[key] {
					found++
					return true
				}
				t.Errorf("%s: %s reads the query itself (%s); declare the parameter in its route's query type and take it with queryOf", fset.Position(call.Pos()), fn.Name.Name, sel.Sel.Name)
				return true
			})
		}
	}
	if found != len(allowed) {
		t.Errorf("found %d of the %d allowed readers: the scan no longer sees them", found, len(allowed))
	}
}

// TestBadQueryValuesAreRefusedByName: a value a route's declaration refuses
// is a 422 naming the parameter, and changes nothing; a good one is read.
func TestBadQueryValuesAreRefusedByName(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		admin := m.admin()
		before := tableCounts(t, m)
		m.play(t,
			step{name: "summary year abc", method: "GET", path: "/api/v1/stats/summary?year=abc", want: 422, code: "invalid_input", field: "year"},
			step{name: "breakdown year abc", method: "GET", path: "/api/v1/stats/breakdown?by=month&year=abc", want: 422, code: "invalid_input", field: "year"},
			step{name: "calendar year abc", method: "GET", path: "/api/v1/calendar?year=abc", want: 422, code: "invalid_input", field: "year"},
			step{name: "targets year abc", method: "GET", path: "/api/v1/targets?year=abc", want: 422, code: "invalid_input", field: "year"},
			step{name: "bulletins year 1999", method: "GET", path: "/api/v1/bulletins?year=1999", want: 422, code: "invalid_input", field: "year"},
			step{name: "performance year abc", as: admin, method: "GET", path: "/api/v1/brokers/performance?year=abc", want: 422, code: "invalid_input", field: "year"},
			step{name: "my incentives year abc", as: admin, method: "GET", path: "/api/v1/my/incentives?year=abc", want: 422, code: "invalid_input", field: "year"},
			step{name: "page 0", method: "GET", path: "/api/v1/offers?page=0", want: 422, code: "invalid_input", field: "page"},
			step{name: "size 101", method: "GET", path: "/api/v1/notices?size=101", want: 422, code: "invalid_input", field: "size"},
			step{name: "a yes for a boolean", as: admin, method: "GET", path: "/api/v1/notifications?unread=yes", want: 422, code: "invalid_input", field: "unread"},
			step{name: "a phase that is none", method: "GET", path: "/api/v1/auctions?phase=soon", want: 422, code: "invalid_input", field: "phase"},
			step{name: "a time that is none", method: "GET", path: "/api/v1/roadshows?from=tomorrow", want: 422, code: "invalid_input", field: "from"},
			step{name: "a good year", method: "GET", path: "/api/v1/calendar?year=2026", want: 200},
		)
		r := m.check(step{method: "GET", path: "/api/v1/stats/summary?year=abc", want: 422})
		if got := r.errorFields(t)["year"]; got != "年份无效" {
			t.Errorf("year abc: %q, want 年份无效", got)
		}
		if got := decoded[calendarYear](t, m.check(step{method: "GET", path: "/api/v1/calendar?year=2027", want: 200})); got.Year != 2027 {
			t.Errorf("calendar: year %d, want 2027", got.Year)
		}
		sameCounts(t, before, tableCounts(t, m))
	})
}
