package models

import (
	"strings"
	"testing"
	"time"
)

func TestCheckPatentNumber(t *testing.T) {
	for _, c := range []struct {
		in, want string // want: a fragment of the message, "" for a valid number
	}{
		{"ZL200510030457.8", ""},
		{"ZL201220572874.0", ""},
		{"ZL201921234567.X", ""},
		{"zl 2005 1003 0457.8", ""}, // normalised first
		{"ZL200510030457.7", "校验位错误，应为 8"},
		{"ZL201921234567.0", "校验位错误，应为 X"},
		{"ZL20051003045.78", "格式"},
		{"CN200510030457.8", "格式"},
		{"ZL2005100304578", "格式"},
		{"ZL2005A0030457.8", "12 位数字"},
		{"ZL200540030457.8", "专利类型"},
		{"软著登字第1234567号", "格式"},
	} {
		got := CheckPatentNumber(NormalPatentNumber(c.in))
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("CheckPatentNumber(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAnnouncementRule(t *testing.T) {
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	at := func(days float64) *time.Time { t := now.Add(time.Duration(days * 24 * float64(time.Hour))); return &t }
	for _, c := range []struct {
		name    string
		minDays int
		in      NewAuction
		field   string // the field refused, "" when accepted
	}{
		{"seven days after the announcement", 7, NewAuction{StartsAt: *at(7)}, ""},
		{"six days and 23 hours after", 7, NewAuction{StartsAt: *at(7 - 1.0/24)}, "starts_at"},
		{"tomorrow", 7, NewAuction{StartsAt: *at(1)}, "starts_at"},
		{"tomorrow, under a minimum of one day", 1, NewAuction{StartsAt: *at(1)}, ""},
		{"now, with no minimum", 0, NewAuction{StartsAt: now}, ""},
		{"windows inside", 7, NewAuction{StartsAt: *at(10), ViewingStartsAt: at(1), ViewingEndsAt: at(9),
			RegistrationStartsAt: at(2), RegistrationEndsAt: at(9.5)}, ""},
		{"viewing before the announcement", 7, NewAuction{StartsAt: *at(10), ViewingStartsAt: at(-1), ViewingEndsAt: at(9)}, "viewing_starts_at"},
		{"registration after the start", 7, NewAuction{StartsAt: *at(10), RegistrationStartsAt: at(1), RegistrationEndsAt: at(11)}, "registration_ends_at"},
		{"registration ends before it starts", 7, NewAuction{StartsAt: *at(10), RegistrationStartsAt: at(5), RegistrationEndsAt: at(4)}, "registration_ends_at"},
		{"registration without its end", 7, NewAuction{StartsAt: *at(10), RegistrationStartsAt: at(5)}, "registration_starts_at"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			f := AnnouncementRule(&in, now, c.minDays)
			if c.field == "" {
				if len(f) > 0 {
					t.Fatalf("refused: %v", f)
				}
				if in.StartsAt.After(now) && (in.RegistrationStartsAt == nil || in.ViewingEndsAt == nil) {
					t.Fatalf("windows not filled: %+v", in)
				}
				return
			}
			if f[c.field] == "" {
				t.Fatalf("want %s refused, got %v", c.field, f)
			}
		})
	}
}

func TestRegistrationWindow(t *testing.T) {
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	from, to := now.AddDate(0, 0, 1), now.AddDate(0, 0, 6)
	au := &Auction{StartsAt: now.AddDate(0, 0, 8), RegistrationStartsAt: &from, RegistrationEndsAt: &to}
	e := Actor{UserID: 1, Role: RoleDemander, OrgID: 2, OrgVerified: true, Membership: MemberActive}
	for _, c := range []struct {
		at time.Time
		ok bool
	}{{now, false}, {from, true}, {to.Add(-time.Second), true}, {to, false}} {
		err := checkAuctionAct(e, au, AuctionUpcoming, false, AuctionApply, c.at)
		if (err == nil) != c.ok {
			t.Errorf("apply at %s: %v, want ok=%v", c.at, err, c.ok)
		}
	}
}
