package models

import (
	"fmt"
	"strings"
)

// Chinese patent numbers (专利号) are ZL and the application number: since
// 2003 twelve digits (the year of filing, the kind — 1 invention, 2 utility
// model, 3 design, 8 and 9 for PCT entries — and a seven-digit serial), a
// dot and a check character.

// PatentKindInvention and PatentKindUtility are the kind digits of invention
// and utility-model applications.
const (
	PatentKindInvention = 1
	PatentKindUtility   = 2
)

// PatentCheckChar is the check character of a twelve-digit application
// number: the digits weighted 2–9, 2–5 from the left, summed modulo 11,
// with 10 written X.
func PatentCheckChar(digits string) (byte, bool) {
	if len(digits) != 12 {
		return 0, false
	}
	weights := [12]int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5}
	sum := 0
	for i := 0; i < 12; i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * weights[i]
	}
	if r := sum % 11; r < 10 {
		return byte('0' + r), true
	}
	return 'X', true
}

// PatentNumber is the ZL number of an application filed in year, of kind, with serial.
func PatentNumber(year, kind, serial int) string {
	digits := fmt.Sprintf("%04d%d%07d", year, kind, serial%10_000_000)
	c, _ := PatentCheckChar(digits)
	return "ZL" + digits + "." + string(c)
}

// CheckPatentNumber says what is wrong with a patent number (专利号), or ""
// when it is a ZL number in the national format: ZL, twelve digits whose
// fifth is a kind (1, 2, 3, 8 or 9), a dot and the check character
// PatentCheckChar computes. Spaces and a lower-case zl or x are forgiven by
// NormalPatentNumber before this check.
func CheckPatentNumber(s string) string {
	if len(s) != 16 || s[:2] != "ZL" || s[14] != '.' {
		return fmt.Sprintf("专利号 %q 格式应为 ZL + 12 位数字 + “.” + 校验位，如 ZL202110123456.7", s)
	}
	want, ok := PatentCheckChar(s[2:14])
	if !ok {
		return fmt.Sprintf("专利号 %s 的申请号应为 12 位数字", s)
	}
	switch s[6] {
	case '1', '2', '3', '8', '9':
	default:
		return fmt.Sprintf("专利号 %s 的第 5 位（专利类型）应为 1、2、3、8 或 9", s)
	}
	if s[15] != want {
		return fmt.Sprintf("专利号 %s 的校验位错误，应为 %c", s, want)
	}
	return ""
}

// NormalPatentNumber is s as CheckPatentNumber reads it: without spaces,
// ZL and X in upper case, the full-width dot as a dot.
func NormalPatentNumber(s string) string {
	s = strings.NewReplacer(" ", "", "\u3000", "", "．", ".", "。", ".").Replace(strings.TrimSpace(s))
	return strings.ToUpper(s)
}
