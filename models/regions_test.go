package models

import "testing"

func TestValidRegion(t *testing.T) {
	cases := map[string]bool{"350102": true, "330302": true, "110000": true, "000000": false, "35010": false, "3501022": false, "35010a": false, "990000": false}
	for code, want := range cases {
		if ValidRegion(code) != want {
			t.Errorf("ValidRegion(%q) != %v", code, want)
		}
	}
}

func TestDivisionsFormATree(t *testing.T) {
	for code, want := range map[string][2]string{
		"350000": {"province", ""}, "350100": {"city", "350000"}, "350102": {"district", "350100"},
		"350181": {"district", "350100"}, "330382": {"district", "330300"},
	} {
		level, parent := divisionLevel(code)
		if string(level) != want[0] || parent != want[1] {
			t.Errorf("%s: %s under %q, want %s under %q", code, level, parent, want[0], want[1])
		}
	}
	for _, d := range divisions {
		if _, ok := division(d.Parent); d.Parent != "" && !ok {
			t.Errorf("%s %s: its parent %s is not in the tree", d.Code, d.Name, d.Parent)
		}
	}
}

func TestZoneInputIsCheckedFieldByField(t *testing.T) {
	good := func() ZoneInput {
		return ZoneInput{Code: "FZGXQ", Name: "福州高新区", Parent: "350100", Covers: StringList{"350121", "350104"}}
	}
	for _, tc := range []struct {
		name  string
		edit  func(*ZoneInput)
		field string // "" for accepted
	}{
		{"as given", func(*ZoneInput) {}, ""},
		{"a six-digit code", func(z *ZoneInput) { z.Code = "350199" }, "code"},
		{"lower case", func(z *ZoneInput) { z.Code = "fzgxq" }, "code"},
		{"too long", func(z *ZoneInput) { z.Code = "FZGXQFZGXQFZG" }, "code"},
		{"no name", func(z *ZoneInput) { z.Name = " " }, "name"},
		{"a bidi name", func(z *ZoneInput) { z.Name = "福州\u202e高新区" }, "name"},
		{"under a district", func(z *ZoneInput) { z.Parent = "350102" }, "parent"},
		{"under nothing known", func(z *ZoneInput) { z.Parent = "359900" }, "parent"},
		{"covering nothing", func(z *ZoneInput) { z.Covers = nil }, "covers"},
		{"covering another city's district", func(z *ZoneInput) { z.Covers = StringList{"350121", "350502"} }, "covers"},
		{"covering a city", func(z *ZoneInput) { z.Covers = StringList{"350100"} }, "covers"},
		{"covering a district twice", func(z *ZoneInput) { z.Covers = StringList{"350121", "350121"} }, "covers"},
		{"under the province, covering its districts", func(z *ZoneInput) { z.Parent, z.Covers = "350000", StringList{"350121", "350502"} }, ""},
	} {
		in := good()
		tc.edit(&in)
		f := in.check()
		if tc.field == "" && len(f) > 0 || tc.field != "" && (len(f) != 1 || f[tc.field] == "") {
			t.Errorf("%s: %v, want a message on %q only", tc.name, f, tc.field)
		}
	}
}
