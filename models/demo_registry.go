package models

import "fmt"

// demoBrokers are the certified brokers of the demo's broker firm: 林经纪
// (the demo account "broker") and colleagues, one of whose certificate ran
// out, so that the registry shows who is current.
var demoBrokers = []struct {
	name, cert string
	level      BrokerLevel
	user       string // the linked demo account, if any
	years      int    // validity from now, in years; negative: expired
}{
	{"林经纪", "JSJJR-2022-350100-0007", BrokerIntermediate, "broker", 2},
	{"郑海明", "JSJJR-2019-350100-0002", BrokerSenior, "", 1},
	{"黄晓雯", "JSJJR-2023-350100-0015", BrokerJunior, "", 3},
	{"陈振宇", "JSJJR-2021-350100-0011", BrokerIntermediate, "", 2},
	{"吴志坚", "JSJJR-2018-350100-0001", BrokerJunior, "", -1},
}

// registry registers the demo's broker firm as a technology transfer
// institution and its brokers, as the market admin does. 福建海峡技术转移中心
// brokers transfers and licences between the universities and enterprises
// of the market (the demo contracts of those types name it as
// intermediary), so it is a transaction institution (交易类), held to
// 3,000 万元 a year; a provincial demonstration institution since 2016.
func (d *demoLoad) registry() error {
	admin := d.as("admin")
	firm := d.orgIDs["福建海峡技术转移中心"]
	if _, err := d.m.CreateInstitution(d.ctx, admin, InstitutionInput{OrgID: firm, Kind: InstitutionTransaction,
		Demonstration: DemonstrationProvincial, RecognisedYear: 2016, ContactPhone: "0591-87600000"}); err != nil {
		return err
	}
	for i, b := range demoBrokers {
		in := BrokerInput{Name: b.name, CertificateNo: b.cert, Level: b.level, FirmID: firm,
			Phone: fmt.Sprintf("138%08d", 50060000+i*137), ValidUntil: d.now.In(shanghai).AddDate(b.years, 0, 0).Format("2006-01-02")}
		if b.user != "" {
			in.UserID = ptr(d.users[b.user])
		}
		if _, err := d.m.CreateBroker(d.ctx, admin, in); err != nil {
			return fmt.Errorf("broker %s: %w", b.name, err)
		}
	}
	return nil
}
