package models

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

const wan, yi = int64(1_000_000), int64(10_000_000_000) // 1 万元 and 1 亿元 in fen

// contract is a registered contract of 福州大学 (鼓楼区) sold to 福耀玻璃
// (福清市, an enterprise of the market), registered on the day of the month.
func contract(id int64, tech int64, day int, edit ...func(*StandingContract)) StandingContract {
	c := StandingContract{ID: id, RegistrationNo: fmt.Sprintf("35010026%06d", id), Type: "transfer",
		SellerOrgID: 1, SellerName: "福州大学", SellerDivision: "350102", SellerOrgType: OrgUniversity, SellerPartyType: "高等院校",
		BuyerOrgID: 2, BuyerName: "福耀玻璃", BuyerDivision: "350181", BuyerOrgType: OrgEnterprise, BuyerPartyType: "股份有限公司",
		TechFen: tech, RegisteredAt: time.Date(2026, 3, day, 10, 0, 0, 0, shanghai)}
	for _, e := range edit {
		e(&c)
	}
	return c
}

// 福州市技术合同奖补 as the seeds write it: sellers 1 %, at most 10 万 a
// contract, 20 万 for contracts of 1 亿 or more.
func fuzhouSeller() IncentiveRule {
	return IncentiveRule{ID: 1, Name: "福州卖方奖补", RegionPrefix: "3501", Side: SideSeller, RateBP: 100, CapPerContract: 10 * wan,
		Tiers: IncentiveTiers{{MinFen: yi, RateBP: 100, CapFen: 20 * wan}}}
}

func buyerEnterprises() IncentiveRule {
	return IncentiveRule{ID: 2, Name: "买方企业技术交易补助", RegionPrefix: "35", Side: SideBuyer, RateBP: 500, EnterprisesOnly: true}
}

func TestComputeAwardsFollowsEachRuleShape(t *testing.T) {
	offMarket := func(partyType string) func(*StandingContract) {
		return func(c *StandingContract) {
			c.BuyerOrgID, c.BuyerOrgType, c.BuyerName, c.BuyerPartyType = 0, "", "闽侯个体户", partyType
		}
	}
	withRule := func(r IncentiveRule, edit func(*IncentiveRule)) IncentiveRule { edit(&r); return r }
	cases := []struct {
		name      string
		rules     []IncentiveRule
		contracts []StandingContract
		excluded  map[ExclusionKey]bool
		want      []string // "rule/org: amount in 万元 (contracts)"
	}{
		{name: "seller 1 %, capped at 10 万 a contract",
			rules: []IncentiveRule{fuzhouSeller()}, contracts: []StandingContract{contract(1, 500*wan, 1), contract(2, 5000*wan, 2)},
			want: []string{"1/福州大学: 15 万 (2)"}}, // 5 万 + 10 万 (50 万 capped)
		{name: "a contract of 1 亿 or more takes the higher tier's cap",
			rules: []IncentiveRule{fuzhouSeller()}, contracts: []StandingContract{contract(1, yi-1, 1), contract(2, yi, 2), contract(3, 3*yi, 3)},
			want: []string{"1/福州大学: 50 万 (3)"}}, // 10 万 + 20 万 (100 万 capped) + 20 万
		{name: "a tier changes the rate too",
			rules: []IncentiveRule{withRule(fuzhouSeller(), func(r *IncentiveRule) {
				r.CapPerContract, r.Tiers = 0, IncentiveTiers{{MinFen: 1000 * wan, RateBP: 50, CapFen: 0}}
			})},
			contracts: []StandingContract{contract(1, 999*wan, 1), contract(2, 2000*wan, 2)},
			want:      []string{"1/福州大学: 19.99 万 (2)"}}, // 9.99 万 + 10 万
		{name: "buyer side, enterprises only: the market's enterprise and an off-market company earn, an off-market 个体经营 does not",
			rules: []IncentiveRule{buyerEnterprises()},
			contracts: []StandingContract{contract(1, 100*wan, 1), contract(2, 100*wan, 2, offMarket("个体经营")),
				contract(3, 100*wan, 3, offMarket("有限责任公司"))},
			want: []string{"2/福耀玻璃: 5 万 (1)", "2/闽侯个体户: 5 万 (1)"}},
		{name: "enterprises only: an organisation of the market is judged by its verified type, not the declared party type",
			rules: []IncentiveRule{buyerEnterprises()},
			contracts: []StandingContract{contract(1, 100*wan, 1, func(c *StandingContract) {
				c.BuyerOrgType, c.BuyerName, c.BuyerPartyType = OrgInstitute, "中科院福建物构所", "有限责任公司"
			})},
			want: []string{}},
		{name: "by contract type",
			rules: []IncentiveRule{withRule(buyerEnterprises(), func(r *IncentiveRule) { r.ContractTypes = StringList{"development", "license"} })},
			contracts: []StandingContract{contract(1, 100*wan, 1), contract(2, 200*wan, 2, func(c *StandingContract) { c.Type = "development" }),
				contract(3, 300*wan, 3, func(c *StandingContract) { c.Type = "service" })},
			want: []string{"2/福耀玻璃: 10 万 (1)"}},
		{name: "the region is the rewarded side's",
			rules:     []IncentiveRule{withRule(fuzhouSeller(), func(r *IncentiveRule) { r.RegionPrefix = "350181" })},
			contracts: []StandingContract{contract(1, 100*wan, 1)},
			want:      []string{}},
		{name: "a cap per organisation and year falls on the latest contracts",
			rules:     []IncentiveRule{withRule(buyerEnterprises(), func(r *IncentiveRule) { r.CapPerYear = 12 * wan })},
			contracts: []StandingContract{contract(1, 100*wan, 1), contract(2, 100*wan, 2), contract(3, 100*wan, 3)},
			want:      []string{"2/福耀玻璃: 12 万 (3)"}}, // 5 万 + 5 万 + 2 万
		{name: "the years a policy applies",
			rules: []IncentiveRule{withRule(fuzhouSeller(), func(r *IncentiveRule) { r.FromYear, r.ToYear = 2023, 2025 }),
				withRule(buyerEnterprises(), func(r *IncentiveRule) { r.FromYear = 2026 })},
			contracts: []StandingContract{contract(1, 100*wan, 1)},
			want:      []string{"2/福耀玻璃: 5 万 (1)"}},
		{name: "a contract already subsidised is excluded from one rule, not from the others",
			rules: []IncentiveRule{fuzhouSeller(), buyerEnterprises()}, contracts: []StandingContract{contract(1, 100*wan, 1), contract(2, 200*wan, 2)},
			excluded: map[ExclusionKey]bool{{1, 1}: true},
			want:     []string{"1/福州大学: 2 万 (1)", "2/福耀玻璃: 15 万 (2)"}},
		{name: "rules of one group pay a contract once, under the one that pays more",
			rules: []IncentiveRule{withRule(fuzhouSeller(), func(r *IncentiveRule) { r.Group = "市级" }),
				withRule(buyerEnterprises(), func(r *IncentiveRule) { r.Group = "市级"; r.CapPerContract = 3 * wan })},
			contracts: []StandingContract{contract(1, 100*wan, 1), contract(2, 600*wan, 2)},
			want:      []string{"1/福州大学: 6 万 (1)", "2/福耀玻璃: 3 万 (1)"}}, // 1 万 vs 3 万: buyer; 6 万 vs 3 万: seller
		{name: "a group choice looks at what is left of the yearly cap",
			rules: []IncentiveRule{withRule(fuzhouSeller(), func(r *IncentiveRule) { r.Group = "市级"; r.CapPerYear = 6 * wan }),
				withRule(buyerEnterprises(), func(r *IncentiveRule) { r.Group = "市级"; r.RateBP = 50 })},
			contracts: []StandingContract{contract(1, 600*wan, 1), contract(2, 600*wan, 2)},
			want:      []string{"1/福州大学: 6 万 (1)", "2/福耀玻璃: 3 万 (1)"}},
		{name: "rules outside any group both pay",
			rules: []IncentiveRule{fuzhouSeller(), buyerEnterprises()}, contracts: []StandingContract{contract(1, 100*wan, 1)},
			want: []string{"1/福州大学: 1 万 (1)", "2/福耀玻璃: 5 万 (1)"}},
		{name: "the largest amounts stay exact",
			rules:     []IncentiveRule{withRule(buyerEnterprises(), func(r *IncentiveRule) { r.RateBP = 10_000 })},
			contracts: []StandingContract{contract(1, MaxFen, 1), contract(2, MaxFen, 2)},
			want:      []string{"2/福耀玻璃: 200000000 万 (2)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			awards, err := ComputeAwards(2026, c.rules, c.contracts, c.excluded)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, a := range awards {
				got = append(got, fmt.Sprintf("%d/%s: %s 万 (%d)", a.RuleID, a.OrgName, strconv.FormatFloat(float64(a.AmountFen)/float64(wan), 'f', -1, 64), a.Contracts))
			}
			if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
				t.Errorf("awards\n got %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestComputeAwardsRefusesAnAmountBeyondTheBound(t *testing.T) {
	_, err := ComputeAwards(2026, []IncentiveRule{buyerEnterprises()}, []StandingContract{contract(1, MaxFen+1, 1)}, nil)
	if !errors.Is(err, ErrSumOutOfRange) {
		t.Errorf("err = %v, want ErrSumOutOfRange", err)
	}
}

func TestCheckIncentiveRuleNamesEachField(t *testing.T) {
	good := fuzhouSeller()
	cases := []struct {
		name  string
		edit  func(r *IncentiveRule)
		field string
	}{
		{"an unknown contract type", func(r *IncentiveRule) { r.ContractTypes = StringList{"transfer", "gift"} }, "contract_types"},
		{"a contract type twice", func(r *IncentiveRule) { r.ContractTypes = StringList{"transfer", "transfer"} }, "contract_types"},
		{"tiers not ascending", func(r *IncentiveRule) { r.Tiers = IncentiveTiers{{yi, 100, 0}, {yi, 200, 0}} }, "tiers"},
		{"a tier without a rate", func(r *IncentiveRule) { r.Tiers = IncentiveTiers{{yi, 0, 0}} }, "tiers"},
		{"a tier's cap beyond the bound", func(r *IncentiveRule) { r.Tiers = IncentiveTiers{{yi, 100, MaxFen + 1}} }, "tiers"},
		{"a tier from 0", func(r *IncentiveRule) { r.Tiers = IncentiveTiers{{0, 100, 0}} }, "tiers"},
		{"too many tiers", func(r *IncentiveRule) {
			for i := int64(1); i <= maxIncentiveTiers+1; i++ {
				r.Tiers = append(r.Tiers, IncentiveTier{i * yi, 100, 0})
			}
		}, "tiers"},
		{"years the wrong way round", func(r *IncentiveRule) { r.FromYear, r.ToYear = 2026, 2024 }, "to_year"},
		{"a year out of range", func(r *IncentiveRule) { r.FromYear = 1999 }, "from_year"},
		{"a long group", func(r *IncentiveRule) { r.Group = strings.Repeat("组", 51) }, "group"},
		{"a group with a bidi control", func(r *IncentiveRule) { r.Group = "市级\u202e" }, "group"},
		{"a cap per year below zero", func(r *IncentiveRule) { r.CapPerYear = -1 }, "cap_per_year_fen"},
	}
	if f := checkIncentiveRule(&good); len(f) != 0 {
		t.Fatalf("the seeds' rule refused: %v", f)
	}
	for _, c := range cases {
		r := fuzhouSeller()
		c.edit(&r)
		f := checkIncentiveRule(&r)
		if len(f) != 1 || !containsHan(f[c.field]) {
			t.Errorf("%s: %v, want one Chinese message for %s", c.name, f, c.field)
		}
	}
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestIncentiveWorkflow(t *testing.T) {
	admin := Actor{UserID: 1, Role: RoleAdmin, OrgID: 1, OrgVerified: true, Membership: MemberActive}
	orgAdmin := Actor{UserID: 2, Role: RoleDemander, OrgID: 2, OrgVerified: true, OrgAdmin: true, Membership: MemberActive}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, shanghai)
	ended, running := now.Add(-time.Minute), now.Add(time.Hour)
	cases := []struct {
		from    IncentiveStatus
		act     IncentiveAction
		as      Actor
		until   *time.Time
		want    IncentiveStatus
		refused error
	}{
		{IncentiveSubmitted, IActApprove, admin, nil, IncentiveNoticed, nil},
		{IncentiveSubmitted, IActReject, admin, nil, IncentiveRejected, nil},
		{IncentiveSubmitted, IActPay, admin, nil, "", ErrBadTransition},
		{IncentiveSubmitted, IActApprove, orgAdmin, nil, "", ErrForbidden},
		{IncentiveNoticed, IActPay, admin, &ended, IncentivePaid, nil},
		{IncentiveNoticed, IActPay, admin, &running, "", ErrBadTransition},
		{IncentiveNoticed, IActPay, orgAdmin, &ended, "", ErrForbidden},
		{IncentiveNoticed, IActApprove, admin, &ended, "", ErrBadTransition},
		{IncentiveNoticed, IActReject, admin, &ended, "", ErrBadTransition},
		{IncentivePaid, IActPay, admin, &ended, "", ErrBadTransition},
		{IncentiveRejected, IActApprove, admin, nil, "", ErrBadTransition},
	}
	for _, c := range cases {
		a := &IncentiveApplication{Status: c.from, NoticeUntil: c.until}
		err := checkIncentiveAct(c.as, a, c.act, now)
		if c.refused != nil {
			if !errors.Is(err, c.refused) {
				t.Errorf("%s %s: err %v, want %v", c.from, c.act, err, c.refused)
			}
			if oneOf(string(c.act), incentiveActions(c.as, a, now)) {
				t.Errorf("%s %s: offered in the actions though refused", c.from, c.act)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.from, c.act, err)
			continue
		}
		if to, _ := NextIncentiveStatus(c.from, c.act); to != c.want {
			t.Errorf("%s %s -> %s, want %s", c.from, c.act, to, c.want)
		}
		if !oneOf(string(c.act), incentiveActions(c.as, a, now)) {
			t.Errorf("%s %s: allowed but not among the actions", c.from, c.act)
		}
	}
}
