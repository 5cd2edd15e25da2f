package models

import (
	"fmt"
	"time"
)

// demoIncentiveRules are the seeds' policies: Fuzhou's reward to sellers (1 %,
// at most 10 万 a contract, 20 万 from 1 亿 on), a district's reward that the
// city's excludes (one group: a contract is paid under the larger), and the
// subsidy to enterprises that buy technology.
func demoIncentiveRules(year int) []IncentiveRule {
	return []IncentiveRule{
		{Name: "福州市技术合同奖补（技术输出）", RegionPrefix: "3501", Side: SideSeller, RateBP: 100, CapPerContract: 10 * 1_000_000,
			Tiers: IncentiveTiers{{MinFen: 10_000_000_000, RateBP: 100, CapFen: 20 * 1_000_000}}, FromYear: year - 1, ToYear: year + 1,
			Group: "市、区技术合同奖补不重复享受"},
		{Name: "闽侯县技术合同奖补（技术输出）", RegionPrefix: "350121", Side: SideSeller, RateBP: 150, CapPerContract: 8 * 1_000_000,
			CapPerYear: 50 * 1_000_000, FromYear: year, Group: "市、区技术合同奖补不重复享受"},
		{Name: "福州市企业技术交易补助（技术吸纳）", RegionPrefix: "3501", Side: SideBuyer, RateBP: 500, EnterprisesOnly: true,
			ContractTypes: StringList{"development", "transfer", "license"}, CapPerContract: 50 * 1_000_000, CapPerYear: 100 * 1_000_000,
			FromYear: year - 1, ToYear: year + 1},
	}
}

// incentives sets the seeds' rules and takes applications to each stage:
// one paid for last year, one on public notice, one waiting for review.
func (d *demoLoad) incentives() error {
	year := d.now.In(shanghai).Year()
	admin := d.as("admin")
	var rules []*IncentiveRule
	for _, r := range demoIncentiveRules(year) {
		d.at(time.Date(year-1, 1, 5, 9, 0, 0, 0, shanghai))
		created, err := d.m.CreateIncentiveRule(d.ctx, admin, r)
		if err != nil {
			return fmt.Errorf("rule %s: %w", r.Name, err)
		}
		rules = append(rules, created)
	}
	orgAdmin := func(username string) Actor {
		a := d.as(username)
		a.OrgAdmin = true
		return a
	}
	apply := func(username string, rule *IncentiveRule, year int, at time.Time) (*IncentiveApplication, error) {
		d.at(at)
		return d.m.ApplyForIncentive(d.ctx, orgAdmin(username), IncentiveApplicationInput{RuleID: rule.ID, Year: year})
	}
	approve := func(a *IncentiveApplication, at time.Time, comment string) error {
		d.at(at)
		_, err := d.m.ReviewIncentive(d.ctx, admin, a.ID, IncentiveReview{Approve: true, AmountFen: a.AmountFen, Comment: comment})
		return err
	}
	// 福州大学: last year's award, approved, noticed and paid.
	paid, err := apply("fzu", rules[0], year-1, d.now.AddDate(0, 0, -45))
	if err != nil {
		return fmt.Errorf("福州大学's application: %w", err)
	}
	if err := approve(paid, d.now.AddDate(0, 0, -38), "经核，登记合同真实，予以奖补。"); err != nil {
		return err
	}
	payDay := d.now.AddDate(0, 0, -20)
	d.at(payDay)
	if _, err := d.m.PayIncentive(d.ctx, admin, paid.ID, IncentivePayment{PaidOn: payDay.In(shanghai).Format("2006-01-02"), AmountFen: paid.AmountFen,
		VoucherNo: fmt.Sprintf("榕科拨〔%d〕17号", year)}); err != nil {
		return fmt.Errorf("福州大学's payment: %w", err)
	}
	// 福耀玻璃: last year's subsidy for buying technology, on public notice now.
	noticed, err := apply("fuyao", rules[2], year-1, d.now.AddDate(0, 0, -6))
	if err != nil {
		return fmt.Errorf("福耀玻璃's application: %w", err)
	}
	if err := approve(noticed, d.now.Add(-26*time.Hour), "符合企业技术交易补助条件。"); err != nil {
		return err
	}
	// 福建农林大学: this year's reward so far, waiting for review.
	if _, err := apply("fafu", rules[0], year, d.now.AddDate(0, 0, -2)); err != nil {
		return fmt.Errorf("福建农林大学's application: %w", err)
	}
	d.at(d.now)
	return nil
}
