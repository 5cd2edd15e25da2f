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
