package models

import "fmt"

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
