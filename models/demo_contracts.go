package models

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
)

// demoParty is a party to the demo's contracts: an organisation with a demo
// user, and its party type for the statistics.
type demoParty struct{ user, org, partyType string }

var (
	demoSellers = []demoParty{{"fzu", "福州大学", "高等院校"}, {"fafu", "福建农林大学", "高等院校"}, {"fjirsm", "中国科学院福建物质结构研究所", "科研机构"},
		{"fjnu", "福建师范大学", "高等院校"}, {"faas", "福建省农业科学院", "科研机构"}}
	demoBuyers = []demoParty{{"fuyao", "福耀玻璃工业集团股份有限公司", "股份有限公司"}, {"chint", "正泰电器股份有限公司", "股份有限公司"},
		{"jomoo", "九牧厨卫股份有限公司", "股份有限公司"}, {"newland", "福建新大陆科技集团有限公司", "有限责任公司"},
		{"anta", "安踏体育用品集团有限公司", "有限责任公司"}, {"ruiming", "温州瑞明工业股份有限公司", "股份有限公司"},
		{"minrui", "福州闽锐新材料科技有限公司", "有限责任公司"}, {"rongxing", "福州榕兴生物医药有限公司", "有限责任公司"},
		{"minfeng", "福建闽丰现代农业发展有限公司", "有限责任公司"}}
	// demoBuyerFields are the fields each buyer takes technology in.
	demoBuyerFields = map[string][]string{
		"福耀玻璃工业集团股份有限公司": {"新材料及其应用", "先进制造", "电子信息"},
		"正泰电器股份有限公司":     {"新能源与高效节能", "电子信息"},
		"九牧厨卫股份有限公司":     {"新材料及其应用", "先进制造", "环境保护与资源综合利用"},
		"福建新大陆科技集团有限公司":  {"电子信息"},
		"安踏体育用品集团有限公司":   {"新材料及其应用", "先进制造"},
		"温州瑞明工业股份有限公司":   {"先进制造", "新材料及其应用"},
		"福州闽锐新材料科技有限公司":  {"新材料及其应用", "新能源与高效节能", "环境保护与资源综合利用"},
		"福州榕兴生物医药有限公司":   {"生物医药和医疗器械"},
		"福建闽丰现代农业发展有限公司": {"农业", "环境保护与资源综合利用"},
	}
	demoPayments = []string{"合同签订后 15 日内支付 30%，验收合格后 30 日内支付余款。", "合同签订后 30 日内一次性支付。",
		"分三期支付：签约后支付 40%，中期检查后支付 30%，验收合格后支付 30%。", "按季度结算，每季度末支付当期服务费。"}
)

// demoContract is one contract of the demo, drafted at drafted and taken
// through the workflow as far as its status.
type demoContract struct {
	i              int
	seller         demoParty
	buyer          demoParty
	techFen        int64
	drafted        time.Time
	status         ContractStatus
	submitWorkDays int // for the queue: working days since submission
}

// contracts registers two years of contracts through the registration
// workflow (drafted, text uploaded, confirmed by both parties, submitted,
// second review for the large ones, registered) and puts a queue before the
// agency.
func (d *demoLoad) contracts() error {
	const n = 240
	for i := 0; i < n; i++ {
		registered := demoDay(d.now.AddDate(0, 0, -(n-i)*700/n-1), 10+i%6)
		tech := int64(20+(i*37)%400) * 1_000_000 // 2 万 – 42 万元
		if i%37 == 11 {
			tech = int64(520+(i*53)%380) * 1_000_000 // now and then one of 500 万 or more
		}
		c := demoContract{i: i, seller: demoSellers[i%len(demoSellers)], techFen: tech,
			drafted: registered.AddDate(0, 0, -9), status: ContractRegistered}
		if err := d.contract(c, registered); err != nil {
			return fmt.Errorf("contract %d: %w", i, err)
		}
		d.step(1)
	}
	queue := []demoContract{
		{seller: demoSellers[0], buyer: demoBuyers[0], techFen: 86 * 1_000_000, status: ContractSubmitted, submitWorkDays: 1},
		{seller: demoSellers[1], buyer: demoBuyers[8], techFen: 35 * 1_000_000, status: ContractSubmitted, submitWorkDays: 4},
		{seller: demoSellers[2], buyer: demoBuyers[1], techFen: 128 * 1_000_000, status: ContractSubmitted, submitWorkDays: 7},
		{seller: demoSellers[0], buyer: demoBuyers[2], techFen: 46 * 1_000_000, status: ContractSubmitted, submitWorkDays: 13},
		{seller: demoSellers[2], buyer: demoBuyers[0], techFen: 680 * 1_000_000, status: ContractSubmitted, submitWorkDays: 9},
		{seller: demoSellers[3], buyer: demoBuyers[6], techFen: 24 * 1_000_000, status: ContractNeedsCorrection, submitWorkDays: 8},
		{seller: demoSellers[0], buyer: demoBuyers[4], techFen: 58 * 1_000_000, status: ContractDraft},
		{seller: demoSellers[0], buyer: demoBuyers[1], techFen: 72 * 1_000_000, status: ContractConfirmed},
	}
	for k, c := range queue {
		c.i = n + k
		submitted := d.now
		for d.cal.WorkingDaysBetween(submitted, d.now) < c.submitWorkDays {
			submitted = submitted.AddDate(0, 0, -1)
		}
		submitted = demoDay(submitted, 9+k%7)
		if submitted.After(d.now) {
			submitted = d.now.Add(-time.Hour)
		}
		c.drafted = submitted.AddDate(0, 0, -4)
		if c.status == ContractDraft || c.status == ContractConfirmed {
			c.drafted = d.now.AddDate(0, 0, -3-k%3)
		}
		if err := d.contract(c, submitted); err != nil {
			return fmt.Errorf("queued contract %d: %w", k, err)
		}
	}
	d.at(d.now)
	return nil
}

// demoSubject is what a contract transfers: the seller's next achievement
// that reads as a technology, of the right kind for the subtype (patents
// for a patent transfer or licence, know-how for know-how) and in a field
// the buyer works in (any buyer's when the buyer is not chosen yet).
func (d *demoLoad) demoSubject(org, subtype, buyer string) *Achievement {
	as := d.achievements[org]
	fits := func(a *Achievement) bool {
		if !transferable(a.Title) {
			return false
		}
		inField := false
		for b, fs := range demoBuyerFields {
			if buyer == "" || b == buyer {
				inField = inField || oneOf(a.Field, fs)
			}
		}
		if !inField {
			return false
		}
		switch subtype {
		case "专利权转让", "专利申请权转让", "专利实施许可":
			return a.IPType == "发明专利" || a.IPType == "实用新型"
		case "技术秘密转让", "技术秘密使用许可":
			return a.IPType == "技术秘密"
		}
		return true
	}
	if d.cursor == nil {
		d.cursor = map[string]int{}
	}
	for k := 0; k < len(as); k++ {
		i := (d.cursor[org] + k) % len(as)
		if fits(as[i]) {
			d.cursor[org] = i + 1
			return as[i]
		}
	}
	for k := 0; k < len(as); k++ {
		if a := as[(d.cursor[org]+k)%len(as)]; transferable(a.Title) {
			d.cursor[org] += k + 1
			return a
		}
	}
	return as[0]
}

// demoBuyerFor is a buyer that works in field, in turn.
func demoBuyerFor(field string, i int) demoParty {
	var fit []demoParty
	for _, b := range demoBuyers {
		if oneOf(field, demoBuyerFields[b.org]) {
			fit = append(fit, b)
		}
	}
	if len(fit) == 0 {
		return demoBuyers[i%len(demoBuyers)]
	}
	return fit[(i/len(demoSellers))%len(fit)]
}

// shortTitle trims a paper's title to what a contract names.
func shortTitle(t string) string {
	t = strings.TrimSpace(t)
	for _, suffix := range []string{"的研究", "研究", "初探", "探讨", "的探索", "分析"} {
		if s := strings.TrimSuffix(t, suffix); s != t && len([]rune(s)) >= 6 {
			t = s
			break
		}
	}
	if r := []rune(t); len(r) > 60 {
		t = string(r[:60])
	}
	return t
}

// contractName names a contract after what it transfers, as parties do.
func contractName(subject, subtype string) string {
	kind := map[string]string{"委托开发": "技术开发（委托）", "合作开发": "技术开发（合作）"}[subtype]
	if kind == "" {
		kind = subtype
	}
	return "“" + subject + "”" + kind + "合同"
}

// contract takes one demo contract through the workflow, as its parties and
// the agency would: it ends registered at until, or submitted (or returned)
// at until, or as a draft.
func (d *demoLoad) contract(dc demoContract, until time.Time) error {
	t := ContractTypes[dc.i%len(ContractTypes)]
	sub := t.Subtypes[(dc.i/len(ContractTypes))%len(t.Subtypes)]
	a := d.demoSubject(dc.seller.org, sub, dc.buyer.org)
	if dc.buyer.org == "" {
		dc.buyer = demoBuyerFor(a.Field, dc.i)
	}
	short := shortTitle(a.Title)
	summary := []rune(strings.TrimSpace(a.Summary))
	if len(summary) > 160 {
		summary = append(summary[:160], '…')
	}
	subject := short + "。" + string(summary)
	if len(a.PatentNumbers) > 0 && strings.HasPrefix(sub, "专利") {
		subject += "（专利号：" + strings.Join(a.PatentNumbers, "、") + "）"
	}
	signed := demoDay(dc.drafted.AddDate(0, 0, -1), 9)
	in := ContractInput{Title: contractName(short, sub), Type: t.Value, Subtype: sub, Subject: subject, Field: a.Field,
		SellerPartyType: dc.seller.partyType, SellerDivision: d.regionOf(dc.seller.org),
		BuyerOrgID: ptr(d.orgIDs[dc.buyer.org]), BuyerPartyType: dc.buyer.partyType, BuyerDivision: d.regionOf(dc.buyer.org),
		ContractFen: dc.techFen * 5 / 4, TechFen: dc.techFen, PaymentTerms: demoPayments[dc.i%len(demoPayments)],
		SignedOn: signed.In(shanghai).Format("2006-01-02"), ValidFrom: signed.In(shanghai).Format("2006-01-02"),
		ValidTo: signed.In(shanghai).AddDate(1+dc.i%3, 0, 0).Format("2006-01-02"), AgencyID: d.orgIDs["福州市技术合同登记站"]}
	demoRegisterForm(&in, dc.i)
	if sub == "技术中介" {
		in.BrokerOrgID = ptr(d.orgIDs["福建海峡技术转移中心"])
	}
	seller, buyer := d.as(dc.seller.user), d.as(dc.buyer.user)
	d.at(dc.drafted)
	c, err := d.m.CreateContract(d.ctx, seller, in)
	if err != nil {
		return err
	}
	d.at(dc.drafted.Add(40 * time.Minute))
	if err := d.attachText(seller, c); err != nil {
		return err
	}
	act := func(who Actor, at time.Time, a ContractAction, review ReviewInput) error {
		d.at(at)
		_, err := d.m.ActOnContract(d.ctx, who, c.ID, a, review)
		return err
	}
	if err := act(seller, dc.drafted.Add(2*time.Hour), CActConfirm, ReviewInput{}); err != nil {
		return err
	}
	if dc.status == ContractDraft {
		return nil // waiting for the buyer
	}
	if err := act(buyer, dc.drafted.Add(26*time.Hour), CActConfirm, ReviewInput{}); err != nil {
		return err
	}
	if dc.status == ContractConfirmed {
		return nil
	}
	submitted := dc.drafted.AddDate(0, 0, 3)
	if dc.status != ContractRegistered {
		submitted = until
	}
	if err := act(seller, submitted, CActSubmit, ReviewInput{}); err != nil {
		return err
	}
	reviewer, second := d.as("reviewer"), d.as("reviewer2")
	switch {
	case dc.status == ContractNeedsCorrection:
		return act(reviewer, until.AddDate(0, 0, 3), CActReturn, ReviewInput{Comment: "请补充专利权属证明，并说明技术交易额的计算依据。"})
	case dc.techFen >= LargeContractFen:
		// 500 万元 or more: 王复核 approves first, 陈审核 registers.
		approved := until.AddDate(0, 0, -2)
		if dc.status != ContractRegistered {
			approved = d.now.AddDate(0, 0, -3)
		}
		if err := act(second, approved, CActApprove, ReviewInput{Comment: "技术交易额核定无误，同意登记。"}); err != nil {
			return err
		}
	}
	if dc.status != ContractRegistered {
		return nil
	}
	return act(reviewer, until, CActRegister, ReviewInput{Comment: "符合技术合同认定规则，予以登记。"})
}

func (d *demoLoad) regionOf(org string) string {
	for _, o := range demoOrgs {
		if o.name == org {
			return o.region
		}
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

// attachText makes the contract's text as a PDF and attaches it as the
// seller's upload does: stored in the database under its SHA-256.
func (d *demoLoad) attachText(seller Actor, c *Contract) error {
	day := func(t time.Time) string { return t.In(shanghai).Format("2006 年 1 月 2 日") }
	pdf := demoPDF(c.Title, []string{
		"合同登记类型：" + c.Subtype,
		"委托方（甲方）：" + c.BuyerName,
		"受托方（乙方）：" + c.SellerName,
		"技术领域：" + c.Field,
		fmt.Sprintf("合同金额：%s，其中技术交易额 %s", yuan(c.ContractFen), yuan(c.TechFen)),
		"支付方式：" + c.PaymentTerms,
		"签订日期：" + day(c.SignedOn),
		"有效期：" + day(c.ValidFrom) + " 至 " + day(c.ValidTo),
		"",
		"第一条 项目名称与内容",
		"  " + c.Title + "。",
		"第二条 技术内容、形式和要求：按附件技术方案执行。",
		"第三条 履行期限、地点和方式：在有效期内于双方所在地履行。",
		"第四条 技术成果的归属与分享：按双方约定。",
		"第五条 验收标准和方法：按附件约定的技术指标验收。",
		"第六条 违约责任：按《中华人民共和国民法典》合同编承担。",
		"",
		"甲方（盖章）：" + c.BuyerName,
		"乙方（盖章）：" + c.SellerName,
		"（演示数据）",
	})
	_, err := d.m.AttachContractFile(d.ctx, seller, c.ID, "合同文本.pdf", pdf, 0)
	return err
}

// demoPDF is a one-page A4 PDF of a title and lines of Chinese text, set in
// the standard CJK font STSong-Light that PDF readers provide.
func demoPDF(title string, lines []string) []byte {
	hexText := func(s string) string {
		var b strings.Builder
		for _, u := range utf16.Encode([]rune(s)) {
			fmt.Fprintf(&b, "%04X", u)
		}
		return "<" + b.String() + ">"
	}
	var content strings.Builder
	content.WriteString("BT /F1 16 Tf 72 780 Td " + hexText(wrap(title, 30)[0]) + " Tj ET\n")
	y := 750
	for _, l := range wrap(title, 30)[1:] {
		fmt.Fprintf(&content, "BT /F1 16 Tf 72 %d Td %s Tj ET\n", y, hexText(l))
		y -= 22
	}
	y -= 10
	for _, line := range lines {
		for _, l := range wrap(line, 38) {
			fmt.Fprintf(&content, "BT /F1 11 Tf 72 %d Td %s Tj ET\n", y, hexText(l))
			y -= 18
		}
		if line == "" {
			y -= 4
		}
	}
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [6 0 R] >>",
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return []byte(b.String())
}

// wrap breaks s into lines of at most n runes (at least one line).
func wrap(s string, n int) []string {
	r := []rune(s)
	out := []string{}
	for len(r) > n {
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	return append(out, string(r))
}

// demoActor is a demo account acting as the API would see it: an active
// member of its verified organisation.
func demoActor(userID int64, role Role, orgID int64) Actor {
	return Actor{UserID: userID, Role: role, OrgID: orgID, OrgVerified: true, Membership: MemberActive}
}

// demoCreator is the demo user of an organisation, or the admin for those without one.
func demoCreator(userIDs map[string]int64, org string) int64 {
	if id, ok := userIDs[org]; ok {
		return id
	}
	return userIDs["福州市科学技术局"]
}
