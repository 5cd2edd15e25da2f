package models

import (
	"reflect"
	"strconv"
	"testing"
	"time"
)

type testStatus string

// paramsProbe declares one parameter of each kind ReadParams reads.
type paramsProbe struct {
	Page
	Year   int        `query:"year" min:"2000" max:"2100" msg:"年份无效"`
	Count  int        `query:"count" min:"1" max:"9" label:"数量"`
	Any    int64      `query:"any"`
	Status testStatus `query:"status" label:"状态"`
	Side   string     `query:"side" enum:"owner,mine" default:"owner"`
	Q      string     `query:"q" max:"3"`
	Mine   bool       `query:"mine"`
	From   time.Time  `query:"from"`
	Odd    bool       // no tag: not a parameter
}

func (p *paramsProbe) CheckParams(fields map[string]string) {
	if p.Mine && p.Side == "owner" {
		fields["mine"] = "mine 与 side=owner 不能同时使用"
	}
}

func TestReadParams(t *testing.T) {
	statuses := func(t reflect.Type) []string {
		if t == reflect.TypeFor[testStatus]() {
			return []string{"open", "closed"}
		}
		return nil
	}
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	for _, c := range []struct {
		name   string
		query  map[string]string
		want   paramsProbe
		refuse map[string]string
	}{
		{name: "nothing: the defaults", want: paramsProbe{Page: Page{1, 20}, Side: "owner"}},
		{name: "everything", query: map[string]string{"page": "3", "size": "100", "year": "2026", "count": "9", "any": "-7", "status": "closed", "side": "mine", "q": "电池片", "mine": "true", "from": from.Format(time.RFC3339)},
			want: paramsProbe{Page: Page{3, 100}, Year: 2026, Count: 9, Any: -7, Status: "closed", Side: "mine", Q: "电池片", Mine: true, From: from}},
		{name: "out of bounds", query: map[string]string{"page": "0", "size": "101", "year": "abc", "count": "10"}, refuse: map[string]string{
			"page": "必须是正整数", "size": "必须是 1 到 100 之间的整数", "year": "年份无效", "count": "数量必须是 1 到 9 之间的整数"}},
		{name: "not numbers", query: map[string]string{"any": "1.5", "count": "x"}, refuse: map[string]string{"any": "必须是整数", "count": "数量必须是 1 到 9 之间的整数"}},
		{name: "values outside the lists", query: map[string]string{"status": "sold", "side": "all"}, refuse: map[string]string{"status": "状态只能是 open 或 closed", "side": "只能是 owner 或 mine"}},
		{name: "too long, not a boolean, not a time", query: map[string]string{"q": "四个字符", "mine": "yes", "from": "2026-12-01"}, refuse: map[string]string{
			"q": "不能超过 3 个字符", "mine": "只能是 true 或 false", "from": "时间格式应为 RFC 3339，如 2026-12-01T00:00:00+08:00"}},
		{name: "a rule across fields", query: map[string]string{"mine": "1"}, refuse: map[string]string{"mine": "mine 与 side=owner 不能同时使用"}},
		{name: "a number too big for its field", query: map[string]string{"any": strconv.Itoa(1) + "0000000000000000000"}, refuse: map[string]string{"any": "必须是整数"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got paramsProbe
			err := ReadParams(&got, func(k string) string { return c.query[k] }, statuses)
			if c.refuse == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, c.want) {
					t.Errorf("read %+v, want %+v", got, c.want)
				}
				return
			}
			e, ok := AsError(err)
			if !ok || e != nil && e.Code != ErrInvalidInput.Code {
				t.Fatalf("want invalid_input, got %v", err)
			}
			if !reflect.DeepEqual(e.Fields, c.refuse) {
				t.Errorf("refused %v, want %v", e.Fields, c.refuse)
			}
		})
	}
}

func TestParamsListTheDeclaredFields(t *testing.T) {
	var names []string
	for _, p := range Params(reflect.TypeFor[paramsProbe]()) {
		names = append(names, p.Name)
	}
	want := []string{"page", "size", "year", "count", "any", "status", "side", "q", "mine", "from"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("params %v, want %v", names, want)
	}
	// The page's size bound is the API's limit.
	if p := Params(reflect.TypeFor[Page]())[1]; p.Name != "size" || *p.Max != MaxPageSize {
		t.Errorf("Page declares size ≤ %d, the limit is %d", *p.Max, MaxPageSize)
	}
}
