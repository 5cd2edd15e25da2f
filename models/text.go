package models

import "strings"

// HasBidiControl reports whether s holds a Unicode bidirectional formatting
// character: embeddings and overrides (U+202A–U+202E), isolates
// (U+2066–U+2069) or direction marks (U+200E, U+200F, U+061C). In a name
// they make the text show as something it is not: "\u202e学大门厦" shows as
// 厦门大学, and "\u202egpj.exe" as "exe.jpg".
func HasBidiControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
			return true
		}
		return false
	})
}

// checkName is checkLen for names and titles, which people read to tell
// who and what is meant, and which therefore refuse bidi controls.
func checkName(f map[string]string, key, v string, min, max int, what string) {
	checkLen(f, key, v, min, max, what)
	if f[key] == "" && HasBidiControl(v) {
		f[key] = what + "不能包含改变文字方向的控制字符（如 U+202E）"
	}
}

// invalidIf answers, for a request of one text field, the 422 that check
// (checkLen or checkName) finds, or nil.
func invalidIf(check func(f map[string]string, key, v string, min, max int, what string), key, v string, min, max int, what string) error {
	f := map[string]string{}
	check(f, key, v, min, max, what)
	if len(f) > 0 {
		return Invalid(f)
	}
	return nil
}
