package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// loadDemoContracts registers contracts over the last two years between
// the demo universities and enterprises at the demo agency, numbered as the
// workflow numbers them, and sets this year's district targets by the rule
// from last year's demo turnover (the GDP shares are demo values too).
func loadDemoContracts(db *gorm.DB, orgIDs map[string]int64, userIDs map[string]int64, now time.Time) error {
	sellers := []string{"福州大学", "福建农林大学", "福建师范大学", "中国科学院福建物质结构研究所", "福建省农业科学院"}
	buyers := []string{"福耀玻璃工业集团股份有限公司", "福建新大陆科技集团有限公司", "九牧厨卫股份有限公司", "正泰电器股份有限公司"}
	divisions := []string{"350102", "350103", "350104", "350111", "350105", "350112", "350181", "350121", "350122", "350124", "350123", "350125"}
	agency := orgIDs["福州市技术合同登记站"]
	reviewer := userIDs["福州市技术合同登记站"]
	var agencyOrg Organization
	if err := db.First(&agencyOrg, agency).Error; err != nil {
		return err
	}
	const n = 240
	return db.Transaction(func(tx *gorm.DB) error {
		for i := 0; i < n; i++ {
			registered := now.AddDate(0, 0, -(n-i)*700/n).UTC()
			t := ContractTypes[i%len(ContractTypes)]
			seller, buyer := sellers[i%len(sellers)], buyers[i%len(buyers)]
			buyerID := orgIDs[buyer]
			tech := int64(20+(i*37)%400) * 1_000_000 // 2 万 – 42 万元
			c := Contract{Title: fmt.Sprintf("%s合同（演示 %03d）", t.Label, i+1), Type: t.Value, Subtype: t.Subtypes[i%len(t.Subtypes)],
				Subject: "演示用技术合同标的", Field: Fields[i%len(Fields)], SellerOrgID: orgIDs[seller], SellerName: seller, SellerPartyType: "高等院校",
				SellerDivision: divisions[(i*7)%len(divisions)], BuyerOrgID: &buyerID, BuyerName: buyer, BuyerPartyType: "股份有限公司", BuyerDivision: "350181",
				ContractFen: tech * 5 / 4, TechFen: tech, PaymentTerms: "分期支付", SignedOn: registered.AddDate(0, 0, -10), ValidFrom: registered.AddDate(0, 0, -10),
				ValidTo: registered.AddDate(2, 0, 0), AgencyID: agency, Status: ContractRegistered, SubmittedAt: &registered,
				RegisteredAt: &registered, RegisteredBy: &reviewer, RejectGrounds: StringList{}, CreatedBy: demoCreator(userIDs, seller)}
			no, err := nextRegistrationNo(tx, agency, registered)
			if err != nil {
				return err
			}
			c.RegistrationNo = &no
			if err := tx.Create(&c).Error; err != nil {
				return err
			}
			if err := addToRollup(tx, &c); err != nil {
				return err
			}
		}
		year := now.In(shanghai).Year()
		lastYear, err := breakdown(tx, year-1, "district", now)
		if err != nil {
			return err
		}
		admin := demoActor(userIDs["福州市科学技术局"], RoleAdmin, orgIDs["福州市科学技术局"])
		for i, d := range lastYear {
			share := []float64{1.2, 0.8, 0.3}[i%3]
			if _, err := setTarget(tx, admin, TargetInput{Year: year, Kind: "district", Key: d.Key, LastYearFen: d.TechFen, GDPShare: share, Note: "演示数据"}); err != nil {
				return err
			}
		}
		_, err = setTarget(tx, admin, TargetInput{Year: year, Kind: "agency", Key: fmt.Sprint(agency), TargetFen: 30_000_000_000, Note: "演示数据"})
		return err
	})
}

// demoCreator is the demo user of an organisation, or the admin for those without one.
// demoActor is a demo account acting as the API would see it: an active
// member of its verified organisation.
func demoActor(userID int64, role Role, orgID int64) Actor {
	return Actor{UserID: userID, Role: role, OrgID: orgID, OrgVerified: true, Membership: MemberActive}
}

func demoCreator(userIDs map[string]int64, org string) int64 {
	if id, ok := userIDs[org]; ok {
		return id
	}
	return userIDs["福州市科学技术局"]
}
