package models

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The query parameters of a request are declared once, as a struct whose
// fields are tagged with the parameter's name and its rules:
//
//	type targetsQuery struct {
//		Year int    `query:"year" min:"2000" max:"2100" msg:"年份无效" doc:"年份，默认今年"`
//		Kind string `query:"kind" enum:"district,agency" doc:"类型"`
//	}
//
// ReadParams reads them (GET /api/v1/search and the saved searches too), and
// the OpenAPI document lists them from the same fields (Params), so a
// parameter cannot be read without being documented, nor documented with
// rules other than those checked.
//
// Tags: query (the name), doc (what it means), default (the value when it
// is left out), min and max (an integer's bounds; a string's most
// characters), enum (the values of an untyped string; a typed string takes
// its type's, from the caller), label (what the message calls it: 状态,
// 年份), msg (the whole message when the value is refused, instead of one
// built from the rules). Embedded structs lend their fields
// (Page). Kinds: strings, integers, booleans and times (RFC 3339).

// Param is one declared query parameter.
type Param struct {
	Name    string
	Doc     string
	Type    reflect.Type
	Default string
	Min     *int64
	Max     *int64
	Enum    []string // from the enum tag; typed strings take their type's values
	Label   string
	Msg     string
	index   []int
}

// ParamsChecker is a parameter struct with rules across its fields (or
// beyond what tags say); ReadParams adds what it finds to the fields refused.
type ParamsChecker interface {
	CheckParams(fields map[string]string)
}

// Params lists the parameters t declares, embedded structs' included.
func Params(t reflect.Type) []Param {
	var out []Param
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("query") == "" {
			for _, p := range Params(f.Type) {
				p.index = append([]int{i}, p.index...)
				out = append(out, p)
			}
			continue
		}
		name := f.Tag.Get("query")
		if name == "" {
			continue
		}
		p := Param{Name: name, Doc: f.Tag.Get("doc"), Type: f.Type, Default: f.Tag.Get("default"), Label: f.Tag.Get("label"), Msg: f.Tag.Get("msg"), index: []int{i}}
		p.Min, p.Max = bound(f, "min"), bound(f, "max")
		if e := f.Tag.Get("enum"); e != "" {
			p.Enum = strings.Split(e, ",")
		}
		out = append(out, p)
	}
	return out
}

func bound(f reflect.StructField, tag string) *int64 {
	v, ok := f.Tag.Lookup(tag)
	if !ok {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		panic(fmt.Sprintf("params: %s of %s is not an integer: %q", tag, f.Name, v))
	}
	return &n
}

var timeType = reflect.TypeFor[time.Time]()

// ReadParams reads the parameters dst (a pointer to a parameter struct)
// declares through get (a request's query, a saved search's parameters).
// A parameter left out keeps its default, or the value dst held. Values
// that break a rule are refused together, each under its name, with
// ErrInvalidInput. enumOf gives a typed string's values (nil: not checked).
func ReadParams(dst any, get func(key string) string, enumOf func(reflect.Type) []string) error {
	v := reflect.ValueOf(dst).Elem()
	fields := map[string]string{}
	for _, p := range Params(v.Type()) {
		raw := get(p.Name)
		if raw == "" {
			raw = p.Default
		}
		if raw == "" {
			continue
		}
		if msg := p.set(v.FieldByIndex(p.index), raw, enumOf); msg != "" {
			msg = p.Label + msg
			if p.Msg != "" {
				msg = p.Msg
			}
			fields[p.Name] = msg
		}
	}
	if c, ok := dst.(ParamsChecker); ok {
		c.CheckParams(fields)
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// set stores raw in f, or says why it cannot.
func (p Param) set(f reflect.Value, raw string, enumOf func(reflect.Type) []string) string {
	switch {
	case p.Type == timeType:
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			return "时间格式应为 RFC 3339，如 2026-12-01T00:00:00+08:00"
		}
		f.Set(reflect.ValueOf(t))
	case p.Type.Kind() == reflect.String:
		if p.Max != nil && int64(utf8.RuneCountInString(raw)) > *p.Max {
			return fmt.Sprintf("不能超过 %d 个字符", *p.Max)
		}
		if vals := p.Values(enumOf); vals != nil && !slices.Contains(vals, raw) {
			return "只能是 " + OneOf(vals)
		}
		f.SetString(raw)
	case p.Type.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return "只能是 true 或 false"
		}
		f.SetBool(b)
	case f.CanInt():
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || p.Min != nil && n < *p.Min || p.Max != nil && n > *p.Max || f.OverflowInt(n) {
			return p.intRule()
		}
		f.SetInt(n)
	default:
		panic(fmt.Sprintf("params: %s: no reader for %s", p.Name, p.Type))
	}
	return ""
}

// Values are the values a string parameter takes, or nil for any.
func (p Param) Values(enumOf func(reflect.Type) []string) []string {
	if p.Enum != nil {
		return p.Enum
	}
	if p.Type.Kind() == reflect.String && p.Type.PkgPath() != "" && enumOf != nil {
		return enumOf(p.Type)
	}
	return nil
}

func (p Param) intRule() string {
	switch {
	case p.Min != nil && p.Max != nil:
		return fmt.Sprintf("必须是 %d 到 %d 之间的整数", *p.Min, *p.Max)
	case p.Min != nil && *p.Min == 1:
		return "必须是正整数"
	case p.Min != nil:
		return fmt.Sprintf("必须是不小于 %d 的整数", *p.Min)
	}
	return "必须是整数"
}

// OneOf lists values as a sentence says them: "a、b 或 c".
func OneOf(vals []string) string {
	if len(vals) == 1 {
		return vals[0]
	}
	last := len(vals) - 1
	return strings.Join(vals[:last], "、") + " 或 " + vals[last]
}
