package models

import (
	"errors"
	"regexp"
	"testing"
)

// The catalogue is what the API documents: every entry has a stable
// snake_case code, an error status and a Chinese message.
func TestCatalogue(t *testing.T) {
	code := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	han := regexp.MustCompile(`\p{Han}`)
	seen := map[string]int{}
	for _, e := range Catalogue() {
		if !code.MatchString(e.Code) {
			t.Errorf("code %q is not snake_case", e.Code)
		}
		if e.Status < 400 || e.Status > 599 {
			t.Errorf("%s: status %d is not an error", e.Code, e.Status)
		}
		if !han.MatchString(e.Message) {
			t.Errorf("%s: message %q is not Chinese", e.Code, e.Message)
		}
		seen[e.Code]++
	}
	// One code was answered with two statuses before the catalogue; the API
	// keeps it. No other may join it.
	for c, n := range seen {
		if n > 1 && c != "not_registered" {
			t.Errorf("code %s is declared with %d statuses", c, n)
		}
	}
}

func TestSayKeepsCodeAndStatus(t *testing.T) {
	e := ErrOfferClosed.Say("挂牌已截止")
	if e.Code != "offer_closed" || e.Status != 409 || e.Message != "挂牌已截止" || !errors.Is(e, ErrOfferClosed) {
		t.Fatalf("Say: %+v", e)
	}
	if ErrOfferClosed.Message != "该挂牌项目已被摘牌或已结束" {
		t.Fatal("Say changed the catalogue")
	}
	f := Invalid(map[string]string{"title": "必填"})
	if f.Code != "invalid_input" || f.Status != 422 || f.Fields["title"] != "必填" || ErrInvalidInput.Fields != nil {
		t.Fatalf("Invalid: %+v", f)
	}
	if errors.Is(ErrNotRegistered, ErrNotRoadshowRegistrant) {
		t.Fatal("one code at two statuses are two errors")
	}
}
