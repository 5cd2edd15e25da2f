package models

import "strings"

// creditCodeChars is the alphabet of the 统一社会信用代码 (GB 32100-2015):
// digits and the capital letters without I, O, Z, S and V.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCodeCheckChar computes the 18th character of a unified social credit
// code from its first 17: 31 minus the weighted sum modulo 31 (31 becomes 0).
func CreditCodeCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditCodeWeights[i]
	}
	return creditCodeChars[(31-sum%31)%31], true
}

// CheckCreditCode says in Chinese what is wrong with a unified social credit
// code, or "" when it is well formed: 18 characters of the code's alphabet,
// a six-digit division code in places 3–8, and the right check character.
func CheckCreditCode(code string) string {
	if len(code) != 18 {
		return "统一社会信用代码应为 18 位"
	}
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(creditCodeChars, code[i]) < 0 {
			return "统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）"
		}
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return "统一社会信用代码第 3–8 位应为行政区划代码"
		}
	}
	if c, _ := CreditCodeCheckChar(code[:17]); c != code[17] {
		return "统一社会信用代码校验位不正确，请核对"
	}
	return ""
}

// NormaliseCreditCode trims and upper-cases what people type.
func NormaliseCreditCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
