package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// The OpenAPI 3.1 document is generated from the route table: each route
// names the Go types of its request body (in) and response (out) and the
// errors it answers with (errs); the schemas are those types, read by
// reflection the way encoding/json writes them. The frontend's TypeScript
// types are generated from this document (frontend/src/api/schema.ts, make
// api-types), so a Go type is the one source of each shape.
//
// The reflector is written here rather than taken from a library: it is
// short, and it says exactly what encoding/json does with our types (a
// pointer without omitempty is null or the value, omitempty is optional,
// embedded structs are flattened, typed strings are enums from one table),
// in OpenAPI 3.1 schema form.

type obj = map[string]any

// reply is a response other than one JSON value with status 200.
type reply struct {
	status int      // 200 when zero
	body   any      // a value of the JSON body's type, or nil
	types  []string // content types of a body that is not JSON: files, CSV, XLSX, event streams
	events obj      // an event stream's events: name → a value of its data's type (listed as x-events)
	desc   string
	also   int // another status answered with the same body (/readyz's 503)
}

// created is a 201 answering with v.
func created(v any) reply { return reply{status: http.StatusCreated, body: v} }

// noContent is a 204: no body.
var noContent = reply{status: http.StatusNoContent}

// file is a 200 whose body is a file of one of the types.
func file(desc string, types ...string) reply { return reply{types: types, desc: desc} }

// upload is a file sent in a multipart form.
type upload struct{}

// form marks a request type read from a multipart form (fields tagged form:"name").
type multipartForm interface{ multipart() }

// uploadForm is a form with one file.
type uploadForm struct {
	File upload `form:"file"`
}

func (uploadForm) multipart() {}

// optionalBody is a request body that may be left out.
type optionalBody struct{ v any }

func optional(v any) optionalBody { return optionalBody{v} }

func (s *Server) openapiDocument() obj {
	g := newSchemaGen()
	routes := s.routes()
	// Responses first: a type that is also sent keeps its required fields.
	outs := make([]obj, len(routes))
	for i, r := range routes {
		outs[i] = g.responses(r)
	}
	paths := obj{}
	for i, r := range routes {
		p := openapiPath(r.path)
		op := obj{
			"tags":        []string{r.tag},
			"summary":     r.summary,
			"operationId": r.method + " " + p,
			"responses":   outs[i],
		}
		if r.access != public {
			op["security"] = []obj{{"bearer": []string{}}}
		}
		var params []obj
		for _, m := range pathParam.FindAllStringSubmatch(p, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 1}})
		}
		params = append(params, g.queryParams(r.query)...)
		if params != nil {
			op["parameters"] = params
		}
		if r.in != nil {
			op["requestBody"] = g.requestBody(r.in)
		}
		for status, errs := range groupByStatus(routeErrors(r)) {
			spec := errorResponseSpec(errs)
			if status == http.StatusTooManyRequests && r.limit != nil {
				spec["description"] = r.limit.describe(r.access != public) + "。" + spec["description"].(string)
			}
			op["responses"].(obj)[strconv.Itoa(status)] = spec
		}
		item, _ := paths[p].(obj)
		if item == nil {
			item = obj{}
			paths[p] = item
		}
		item[strings.ToLower(r.method)] = op
	}
	g.errorSchemas()
	// Every typed string of models, whether a route names it yet or not
	// (actions, for one), so that the pages can name its values.
	for t := range enums {
		g.schema(t, false)
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":       "techmarket 网上技术市场 API",
			"version":     "1",
			"description": apiDescription(),
		},
		"paths": paths,
		"components": obj{
			"schemas":         g.defs,
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
		"x-error-catalogue": catalogueEntries(),
	}
}

// responses describes a route's answer when it succeeds.
func (g *schemaGen) responses(r route) obj {
	rp, ok := r.out.(reply)
	if !ok {
		rp = reply{body: r.out}
	}
	if rp.status == 0 {
		rp.status = http.StatusOK
	}
	desc := rp.desc
	if desc == "" {
		desc = map[int]string{200: "成功", 201: "已创建", 204: "成功，无内容"}[rp.status]
	}
	res := obj{"description": desc}
	content := obj{}
	if rp.body != nil {
		content["application/json"] = obj{"schema": g.schema(reflect.TypeOf(rp.body), false)}
	}
	for _, t := range rp.types {
		if t == "text/event-stream" {
			events := obj{}
			for name, v := range rp.events {
				events[name] = g.schema(reflect.TypeOf(v), false)
			}
			content[t] = obj{"schema": obj{"type": "string"}, "x-events": events}
			continue
		}
		content[t] = obj{"schema": obj{"type": "string", "format": "binary"}}
	}
	if len(content) > 0 {
		res["content"] = content
	}
	out := obj{strconv.Itoa(rp.status): res}
	if rp.also != 0 {
		out[strconv.Itoa(rp.also)] = obj{"description": http.StatusText(rp.also), "content": content}
	}
	return out
}

// queryParams lists the query parameters a route declares, with the rules
// models.ReadParams checks.
func (g *schemaGen) queryParams(decl any) []obj {
	if decl == nil {
		return nil
	}
	var out []obj
	for _, p := range models.Params(reflect.TypeOf(decl)) {
		s := obj{}
		switch {
		case p.Type == timeType:
			s = obj{"type": "string", "format": "date-time"}
		case p.Type.Kind() == reflect.String:
			s["type"] = "string"
			if vals := p.Values(enumValues); vals != nil {
				s["enum"] = vals
			}
			if p.Max != nil {
				s["maxLength"] = *p.Max
			}
		case p.Type.Kind() == reflect.Bool:
			s["type"] = "boolean"
		default:
			s["type"] = "integer"
			if p.Min != nil {
				s["minimum"] = *p.Min
			}
			if p.Max != nil {
				s["maximum"] = *p.Max
			}
		}
		if p.Default != "" {
			s["default"] = queryDefault(s["type"], p.Default)
		}
		param := obj{"name": p.Name, "in": "query", "required": false, "schema": s}
		if p.Doc != "" {
			param["description"] = p.Doc
		}
		out = append(out, param)
	}
	return out
}

// queryDefault is a default as the document writes it: a number for an
// integer, true or false for a boolean.
func queryDefault(typ any, v string) any {
	switch typ {
	case "integer":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case "boolean":
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}

func (g *schemaGen) requestBody(in any) obj {
	required := true
	if o, ok := in.(optionalBody); ok {
		in, required = o.v, false
	}
	t := reflect.TypeOf(in)
	if _, ok := in.(multipartForm); ok {
		props, files := obj{}, []string{}
		for i := range t.NumField() {
			f := t.Field(i)
			name := f.Tag.Get("form")
			if name == "" {
				continue
			}
			if f.Type == reflect.TypeFor[upload]() {
				props[name] = obj{"type": "string", "format": "binary"}
				files = append(files, name)
			} else {
				props[name] = g.schema(f.Type, true)
			}
		}
		return obj{"required": true, "content": obj{"multipart/form-data": obj{"schema": obj{"type": "object", "properties": props, "required": files}}}}
	}
	return obj{"required": required, "content": obj{"application/json": obj{"schema": g.schema(t, true)}}}
}

// schemaGen turns Go types into schemas, each named type once under
// components.schemas.
type schemaGen struct {
	defs   obj
	names  map[reflect.Type]string
	owners map[string]reflect.Type
	props  map[string]bool // "Declarer.property", for fieldDocs
}

func newSchemaGen() *schemaGen {
	return &schemaGen{defs: obj{}, names: map[reflect.Type]string{}, owners: map[string]reflect.Type{}, props: map[string]bool{}}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// schema is t's schema. Named structs and enums become components and are
// referred to; request says t is read from a request (its fields are all
// optional: the server checks them and answers 422 with the fields).
func (g *schemaGen) schema(t reflect.Type, request bool) obj {
	switch t {
	case timeType:
		return obj{"type": "string", "format": "date-time"}
	case rawType:
		return obj{}
	}
	if vals, ok := enums[t]; ok {
		return g.named(t, func() obj { return obj{"type": "string", "enum": vals} })
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.schema(t.Elem(), request))
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t, request)
		}
		return g.named(t, func() obj { return g.object(t, request) })
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return obj{"type": "string", "contentEncoding": "base64"}
		}
		return obj{"type": "array", "items": g.schema(t.Elem(), request)}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": g.schema(t.Elem(), request)}
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return obj{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return obj{"type": "number"}
	case reflect.Interface:
		return obj{}
	}
	panic(fmt.Sprintf("openapi: no schema for %s", t))
}

// named defines t under its schema name once and refers to it.
func (g *schemaGen) named(t reflect.Type, build func() obj) obj {
	name, ok := g.names[t]
	if !ok {
		name = schemaName(t)
		if other, taken := g.owners[name]; taken {
			panic(fmt.Sprintf("openapi: %s and %s are both named %s", other, t, name))
		}
		g.names[t], g.owners[name] = name, t
		g.defs[name] = obj{} // taken before building, for recursive types
		g.defs[name] = build()
	}
	return obj{"$ref": "#/components/schemas/" + name}
}

// object is a struct's schema, its fields as encoding/json writes them.
func (g *schemaGen) object(t reflect.Type, request bool) obj {
	props, required := obj{}, []string{}
	g.fields(t, request, props, &required, map[string]bool{})
	s := obj{"type": "object", "properties": props}
	if len(required) > 0 && !request {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}

// fields adds t's fields; the fields of embedded structs are promoted
// unless t has its own of that name (outer names were taken first).
func (g *schemaGen) fields(t reflect.Type, request bool, props obj, required *[]string, outer map[string]bool) {
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				embedded = append(embedded, ft)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if outer[name] {
			continue
		}
		outer[name] = true
		omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		ft := f.Type
		var s obj
		switch {
		case strings.Contains(","+opts+",", ",string,"):
			s = obj{"type": "string"}
		case omit && ft.Kind() == reflect.Pointer:
			s = g.schema(ft.Elem(), request) // omitted when nil, never null
		default:
			s = g.schema(ft, request)
		}
		g.props[schemaName(t)+"."+name] = true
		if mayBeNull[schemaName(t)+"."+name] {
			s = nullable(s)
		}
		if strings.HasSuffix(name, "_fen") && s["type"] == "integer" {
			s["maximum"] = models.MaxFen
		}
		if d := fieldDocs[schemaName(t)+"."+name]; d != "" {
			s = describe(s, d)
		}
		props[name] = s
		if !omit {
			*required = append(*required, name)
		}
	}
	for _, e := range embedded {
		g.fields(e, request, props, required, outer)
	}
}

// nullable is s or null: in OpenAPI 3.1 a list of types, or anyOf for a $ref.
func nullable(s obj) obj {
	if ref, ok := s["$ref"]; ok {
		return obj{"anyOf": []obj{{"$ref": ref}, {"type": "null"}}}
	}
	if t, ok := s["type"].(string); ok {
		c := obj{}
		for k, v := range s {
			c[k] = v
		}
		c["type"] = []string{t, "null"}
		return c
	}
	return s
}

func describe(s obj, d string) obj {
	if _, ok := s["$ref"]; ok {
		return obj{"allOf": []obj{s}, "description": d}
	}
	s["description"] = d
	return s
}

// schemaName is a Go type's name in the document: page[models.Offer] is
// OfferPage, contractView is ContractView.
func schemaName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		var args string
		for _, a := range strings.Split(name[i+1:len(name)-1], ",") {
			a = strings.TrimLeft(a, "*[]")
			args += upperFirst(a[strings.LastIndexAny(a, "./")+1:])
		}
		name = args + genericSuffix[name[:i]]
	}
	return upperFirst(name)
}

// genericSuffix names the instances of the generic response types.
var genericSuffix = map[string]string{"page": "Page", "listOf": "List", "itemsOf": "Items", "yearOf": "Year"}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// errorSchemas adds the error answer and the catalogue's codes.
func (g *schemaGen) errorSchemas() {
	var codes []string
	seen := map[string]bool{}
	for _, e := range models.Catalogue() {
		if !seen[e.Code] {
			seen[e.Code] = true
			codes = append(codes, e.Code)
		}
	}
	g.defs["ErrorCode"] = obj{"type": "string", "enum": codes, "description": "稳定的错误码（见文档说明中的错误码表）"}
	g.defs["ErrorBody"] = obj{"type": "object", "required": []string{"code", "message"}, "properties": obj{
		"code":    obj{"$ref": "#/components/schemas/ErrorCode"},
		"message": obj{"type": "string", "description": "中文错误信息"},
		"fields":  obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "出错的字段及原因"},
	}}
	g.defs["ErrorResponse"] = obj{"type": "object", "required": []string{"error"}, "properties": obj{
		"error": obj{"$ref": "#/components/schemas/ErrorBody"},
	}}
}

// errorResponseSpec lists a status's codes; their messages are in the
// catalogue's table (info.description).
func errorResponseSpec(errs []*models.Error) obj {
	var codes []string
	for _, e := range errs {
		codes = append(codes, e.Code)
	}
	return obj{
		"description":   "`" + strings.Join(codes, "`、`") + "`",
		"x-error-codes": codes,
		"content":       obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/ErrorResponse"}}},
	}
}

func groupByStatus(errs []*models.Error) map[int][]*models.Error {
	out := map[int][]*models.Error{}
	for _, e := range errs {
		out[e.Status] = append(out[e.Status], e)
	}
	return out
}

// routeErrors is every error a route may answer with: its own (errs) and
// those of its access level, rate limit, parameters and body.
func routeErrors(r route) []*models.Error {
	errs := []*models.Error{models.ErrInvalidText, models.ErrInternal}
	// A token, sent to any route, may be refused.
	errs = append(errs, models.ErrInvalidToken, models.ErrTokenExpired, models.ErrTokenRevoked, models.ErrUserDisabled)
	if r.access != public {
		errs = append(errs, models.ErrUnauthenticated)
	}
	if r.access >= member {
		errs = append(errs, models.ErrMembershipPending, models.ErrMembershipSuspended, models.ErrMembershipRefused)
		if len(r.roles) > 0 {
			errs = append(errs, models.ErrForbidden)
		}
	}
	if r.access == verified {
		errs = append(errs, models.ErrOrgNotVerified)
	}
	if r.limit != nil {
		errs = append(errs, models.ErrTooManyRequests)
	}
	if strings.Contains(r.path, "/:") {
		errs = append(errs, models.ErrBadID)
	}
	if r.query != nil {
		errs = append(errs, models.ErrInvalidInput)
	}
	if r.in != nil {
		errs = append(errs, models.ErrHTTP413, models.ErrInvalidInput)
		if _, ok := r.in.(multipartForm); !ok {
			errs = append(errs, models.ErrEmptyBody, models.ErrBadJSON)
		}
	}
	errs = append(errs, r.errs...)
	seen := map[*models.Error]bool{}
	out := errs[:0]
	for _, e := range errs {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

type catalogueEntry struct {
	Code    string `json:"code"`
	Status  int    `json:"status"`
	Message string `json:"message"`
}

func catalogueEntries() []catalogueEntry {
	var out []catalogueEntry
	for _, e := range models.Catalogue() {
		out = append(out, catalogueEntry{e.Code, e.Status, e.Message})
	}
	return out
}

func apiDescription() string {
	var b strings.Builder
	b.WriteString("错误统一为 `{\"error\":{\"code\",\"message\",\"fields\"}}`：`code` 稳定，供程序判断；`message` 为中文，供人阅读，可能比下表说得更具体（状态、金额、条目类型）。")
	b.WriteString("列表为 `{\"items\",\"total\",\"page\",\"size\"}`，`?page=1&size=20`，size ≤ 100；金额单位为分（`*_fen`），不超过 1 万亿元；时间为 RFC 3339（UTC）。")
	b.WriteString("含空字符（NUL）或无效 UTF-8 的请求得 422 `invalid_text`。\n\n")
	b.WriteString("## 错误码\n\n| 错误码 | HTTP 状态 | 说明 |\n|---|---|---|\n")
	for _, e := range models.Catalogue() {
		fmt.Fprintf(&b, "| `%s` | %d | %s |\n", e.Code, e.Status, e.Message)
	}
	return b.String()
}

// OpenAPIDocument is the document a server with cfg serves; techmarket
// openapi prints it with DefaultConfig, and the frontend's types are
// generated from that.
func OpenAPIDocument(cfg *Config) []byte { return (&Server{cfg: cfg}).OpenAPI() }

// OpenAPI is the API's OpenAPI document, as /api/openapi.json serves it.
func (s *Server) OpenAPI() []byte {
	s.openapiOnce.Do(func() {
		b, err := json.Marshal(s.openapiDocument())
		if err != nil {
			panic(err)
		}
		s.openapiJSON = append(b, '\n')
	})
	return s.openapiJSON
}

func (s *Server) openapi(c *fiber.Ctx) error {
	c.Type("json", "utf-8")
	return c.Send(s.OpenAPI())
}
