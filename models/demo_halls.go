package models

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// demoHallSteps and demoContractSteps are the progress the halls and the
// contract registry count for.
const (
	demoHallSteps     = 60
	demoContractSteps = 250
)

// halls fills the deal halls through the market's workflows: auctions
// (ended with results, live with bids, announced), open offers, roadshows
// (past with intents, upcoming with a programme), deals under public notice
// (one objected to) and the broker's matches at every stage.
func (d *demoLoad) halls() error {
	d.used = map[int64]bool{}
	steps := []func() error{d.auctions, d.offers, d.roadshows, d.notices, d.matches}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
		d.step(demoHallSteps / len(steps))
	}
	d.at(d.now)
	return nil
}

// pick takes the next achievements of an organisation not yet in a hall,
// patented ones first, for a lot, an offer or a notice.
func (d *demoLoad) pick(org string, n int) []*Achievement {
	var out []*Achievement
	for pass := 0; pass < 2 && len(out) < n; pass++ {
		for _, a := range d.achievements[org] {
			if len(out) == n {
				break
			}
			if d.used[a.ID] || !transferable(a.Title) || (pass == 0 && (a.IPType != "发明专利" || a.Maturity < 6)) {
				continue
			}
			d.used[a.ID] = true
			out = append(out, a)
		}
	}
	return out
}

// pickIn takes the next achievement not yet in a hall that reads as a
// technology and lies in one of fields, of org (or of anyone when org is
// ""); failing that, pick's.
func (d *demoLoad) pickIn(org string, fields ...string) *Achievement {
	for _, o := range demoOrgs {
		if org != "" && o.name != org {
			continue
		}
		for _, a := range d.achievements[o.name] {
			if !d.used[a.ID] && transferable(a.Title) && oneOf(a.Field, fields) {
				d.used[a.ID] = true
				return a
			}
		}
	}
	if org == "" {
		return nil
	}
	if as := d.pick(org, 1); len(as) > 0 {
		return as[0]
	}
	return nil
}

// relevant is the unused achievement that best fits a need: in the need's
// field (or another its enterprise works in), with the most of its keywords
// found in the achievement's title and keywords.
func (d *demoLoad) relevant(n *Need) *Achievement {
	var org string
	for name, id := range d.orgIDs {
		if id == n.OrgID {
			org = name
		}
	}
	var best *Achievement
	bestScore := -1
	for _, o := range demoOrgs {
		for _, a := range d.achievements[o.name] {
			if d.used[a.ID] || !transferable(a.Title) || a.Field != n.Field && !oneOf(a.Field, demoBuyerFields[org]) {
				continue
			}
			text := a.Title + " " + strings.Join(a.Keywords, " ")
			score := 0
			if a.Field == n.Field {
				score += 2
			}
			for _, k := range n.Keywords {
				if strings.Contains(text, k) {
					score += 10
				}
				for r, i := []rune(k), 0; i+1 < len(r); i++ {
					if strings.Contains(a.Title, string(r[i:i+2])) {
						score += 2 // a shared word, as near as two characters tell
					}
				}
			}
			if score > bestScore {
				best, bestScore = a, score
			}
		}
	}
	if best != nil {
		d.used[best.ID] = true
	}
	return best
}

func demoDay(t time.Time, hour int) time.Time {
	l := t.In(shanghai)
	return time.Date(l.Year(), l.Month(), l.Day(), hour, 0, 0, 0, shanghai).UTC()
}

func (d *demoLoad) auctions() error {
	admin := d.as("admin")
	bidders := []string{"fuyao", "chint", "jomoo", "newland", "anta"}
	type demoAuction struct {
		title, desc string
		starts      time.Time
		hours       int
		sellers     []string
		bids        [][]int // per lot: raises (in increments) of successive bids
		reserve     []int   // per lot: reserve in increments above the start
	}
	ended1 := demoDay(d.now.AddDate(0, 0, -45), 9)
	ended2 := demoDay(d.now.AddDate(0, 0, -16), 14)
	live := demoDay(d.now.AddDate(0, 0, -1), 9)
	upcoming := demoDay(d.now.AddDate(0, 0, 9), 9)
	as := []demoAuction{
		{"福州高校发明专利专场拍卖会（第一期）", "福州地区高校、科研院所发明专利集中竞价转让。竞买人须为通过认证的企业，并缴纳保证金后参加竞价。成交后 10 个工作日内签订技术转让合同。",
			ended1, 6, []string{"福州大学", "中国科学院福建物质结构研究所", "福建农林大学"}, [][]int{{0, 1, 1, 2, 1}, {0, 1}, {0, 2, 1}}, []int{2, 5, 1}},
		{"新材料与先进制造专利拍卖会", "聚焦新材料、先进制造领域的发明专利，服务福州及周边制造业企业技术升级。",
			ended2, 4, []string{"华侨大学", "福州大学"}, [][]int{{0, 1, 1}, {}}, []int{1, 0}},
		{"海峡两岸科技成果竞价交易会", "正在竞价：高校、科研院所发明专利同场竞价。结束前 5 分钟内有出价的，结束时间自动顺延。",
			live, 24 * 4, []string{"福州大学", "福建农林大学", "温州医科大学"}, [][]int{{0, 1, 2}, {0, 1}, {}}, []int{3, 2, 2}},
		{"绿色低碳技术成果拍卖会（预告）", "即将开拍：节能环保、新能源领域发明专利。请有意竞买的企业提前报名并缴纳保证金。",
			upcoming, 6, []string{"中国科学院福建物质结构研究所", "福建省农业科学院", "泉州市工业技术研究院"}, nil, []int{1, 1, 1}},
	}
	for _, x := range as {
		var lots []NewLot
		for i, org := range x.sellers {
			for _, a := range d.pick(org, 1) {
				start := int64(20+10*(len(a.Title)%8)) * 1_000_000 // 20万–90万元
				inc := int64(2) * 1_000_000
				appraised := start * 5 / 4
				lots = append(lots, NewLot{AchievementID: a.ID, StartPriceFen: start, IncrementFen: inc, ReserveFen: start + int64(x.reserve[i])*inc,
					Inventors: demoInventors(int(a.ID)), TransferMode: TransferModes[int(a.ID)%2],
					PricingBasis: fmt.Sprintf("以资产评估报告的评估值 %s 为参考，起拍价为评估值的 80%%", Yuan(appraised)),
					ValuationRef: fmt.Sprintf("闽联合评报字〔%d〕第 %04d 号", x.starts.AddDate(0, 0, -20).In(shanghai).Year(), 100+int(a.ID))})
			}
		}
		created := x.starts.AddDate(0, 0, -7)
		if created.After(d.now) {
			created = d.now.AddDate(0, 0, -2) // announced two days ago
		}
		d.at(created)
		a, err := d.m.CreateAuction(d.ctx, admin, NewAuction{Title: x.title, Description: x.desc, StartsAt: x.starts,
			EndsAt: x.starts.Add(time.Duration(x.hours) * time.Hour), DepositFen: 5_000_000, Lots: lots})
		if err != nil {
			return fmt.Errorf("auction %s: %w", x.title, err)
		}
		// Enterprises apply in the week before; the admin admits them once their deposit is in.
		for k, b := range bidders {
			if x.bids == nil && k > 2 {
				break
			}
			d.at(x.starts.AddDate(0, 0, -6+k).Add(time.Duration(k) * time.Hour))
			if x.starts.After(d.now) && d.m.now().After(d.now) {
				d.at(d.now.Add(-time.Duration(k+1) * 6 * time.Hour))
			}
			ad, err := d.m.ApplyToBid(d.ctx, d.as(b), a.ID)
			if err != nil {
				return err
			}
			if x.bids == nil && k == 2 {
				continue // still waiting for the deposit
			}
			d.at(d.m.now().Add(3 * time.Hour))
			if _, err := d.m.AdmitBidder(d.ctx, admin, ad.ID); err != nil {
				return err
			}
		}
		for li, raises := range x.bids {
			lot := a.Lots[li]
			price := lot.StartPriceFen
			t := x.starts.Add(time.Duration(10+li*7) * time.Minute)
			for bi, r := range raises {
				if bi > 0 {
					price += int64(r) * lot.IncrementFen
				}
				bidder := bidders[(bi+li)%len(bidders)]
				d.at(t)
				if _, _, err := d.m.PlaceBid(d.ctx, d.as(bidder), lot.ID, price, fmt.Sprintf("demo-%d-%d", lot.ID, bi)); err != nil {
					return fmt.Errorf("bid on %s: %w", lot.Title, err)
				}
				t = t.Add(time.Duration(17+bi*11) * time.Minute)
			}
		}
		end := x.starts.Add(time.Duration(x.hours) * time.Hour)
		if end.After(d.now) {
			continue
		}
		closed := end.Add(time.Minute)
		d.at(closed)
		if _, err := d.m.CloseDueLots(d.ctx, closed); err != nil {
			return err
		}
		// The winners sign within the signing period.
		var sold []Lot
		if err := d.db.Where("auction_id = ? AND status = ?", a.ID, LotSold).Find(&sold).Error; err != nil {
			return err
		}
		for _, l := range sold {
			d.at(closed.AddDate(0, 0, 2))
			if _, err := d.m.ConfirmDeal(d.ctx, demoActor(d.userOfOrgID(*l.LeaderOrgID), RoleDemander, *l.LeaderOrgID), *l.DealID); err != nil {
				return fmt.Errorf("signing %s: %w", l.Title, err)
			}
		}
	}
	return nil
}

// demoInventors are two or three inventors (完成人) of the i-th demo lot.
func demoInventors(i int) StringList {
	surnames := []string{"林", "陈", "黄", "郑", "王", "吴", "张", "刘", "许", "杨"}
	given := []string{"志强", "晓梅", "建华", "海燕", "立新", "文斌", "丽娟", "国平", "晨", "思远", "明辉", "雅琴"}
	out := StringList{}
	for k := 0; k < 2+i%2; k++ {
		out = append(out, surnames[(i*3+k*7)%len(surnames)]+given[(i*5+k*11)%len(given)])
	}
	return out
}

// userOfOrgID is the demo user of an organisation given by its id.
func (d *demoLoad) userOfOrgID(id int64) int64 {
	for org, oid := range d.orgIDs {
		if oid == id {
			return d.userOf(org)
		}
	}
	return d.users["admin"]
}

func (d *demoLoad) offers() error {
	type demoOffer struct {
		user, org string
		price     int64 // 万元
		daysAgo   int
		daysLeft  int
	}
	os := []demoOffer{
		{"fzu", "福州大学", 38, 12, 48}, {"fafu", "福建农林大学", 25, 9, 51}, {"fjirsm", "中国科学院福建物质结构研究所", 120, 7, 53},
		{"hqu", "华侨大学", 45, 5, 25}, {"wzu", "温州大学", 30, 3, 57}, {"fjnu", "福建师范大学", 18, 2, 28},
		{"faas", "福建省农业科学院", 22, 1, 59}, {"fzu", "福州大学", 66, 20, 10},
	}
	for _, o := range os {
		for _, a := range d.pick(o.org, 1) {
			d.at(d.now.AddDate(0, 0, -o.daysAgo))
			if _, err := d.m.CreateOffer(d.ctx, d.as(o.user), NewOffer{AchievementID: a.ID, PriceFen: o.price * 1_000_000,
				EndsAt: d.now.AddDate(0, 0, o.daysLeft)}); err != nil {
				return fmt.Errorf("offer %s: %w", a.Title, err)
			}
		}
	}
	// A listing period (挂牌期) under way: 20 working days at 48 万元 with a
	// deposit of 2 万元, relisted at 40 万元 if nobody registers; two
	// enterprises have registered, one deposit confirmed.
	for _, a := range d.pick("福州大学", 1) {
		d.at(d.now.AddDate(0, 0, -8))
		relist := int64(40 * 1_000_000)
		o, err := d.m.CreateOffer(d.ctx, d.as("fzu"), NewOffer{AchievementID: a.ID, PriceFen: 48 * 1_000_000, Mode: OfferPeriod,
			PeriodDays: 20, DepositFen: 2 * 1_000_000, RelistPriceFen: &relist})
		if err != nil {
			return fmt.Errorf("period offer %s: %w", a.Title, err)
		}
		for i, buyer := range []string{"fuyao", "newland"} {
			d.at(d.now.AddDate(0, 0, -6+2*i))
			r, err := d.m.RegisterInterest(d.ctx, d.as(buyer), o.ID)
			if err != nil {
				return fmt.Errorf("registration by %s: %w", buyer, err)
			}
			if i == 0 {
				if _, err := d.m.ConfirmRegistrationDeposit(d.ctx, d.as("admin"), r.ID); err != nil {
					return err
				}
			}
		}
	}
	// One was taken (摘牌) last week.
	for _, a := range d.pick("华侨大学", 1) {
		d.at(d.now.AddDate(0, 0, -25))
		o, err := d.m.CreateOffer(d.ctx, d.as("hqu"), NewOffer{AchievementID: a.ID, PriceFen: 52 * 1_000_000, EndsAt: d.now.AddDate(0, 0, 35)})
		if err != nil {
			return err
		}
		d.at(d.now.AddDate(0, 0, -6))
		if _, _, err := d.m.AcceptOffer(d.ctx, d.as("jomoo"), o.ID); err != nil {
			return err
		}
	}
	return nil
}

func (d *demoLoad) roadshows() error {
	broker := d.as("broker")
	// A programme: one achievement of each organisation, in the roadshow's fields.
	var fields []string
	programme := func(orgs ...string) []int64 {
		var ids []int64
		for _, org := range orgs {
			if a := d.pickIn(org, fields...); a != nil {
				ids = append(ids, a.ID)
			}
		}
		return ids
	}
	fields = []string{"电子信息", "先进制造", "新材料及其应用", "新能源与高效节能"}
	// Past: a roadshow two weeks ago, where enterprises noted intents.
	past := demoDay(d.now.AddDate(0, 0, -14), 14)
	d.at(past.AddDate(0, 0, -10))
	ids := programme("福州大学", "福建农林大学", "中国科学院福建物质结构研究所", "福建师范大学", "华侨大学")
	r, err := d.m.CreateRoadshow(d.ctx, broker, NewRoadshow{Title: "福州大学城科技成果路演专场", Description: "五项高校成果现场路演，每项 15 分钟陈述、10 分钟问答，会后一对一洽谈。",
		StartsAt: past, EndsAt: past.Add(3 * time.Hour), Venue: "福州市鼓楼区软件大道 89 号 海峡技术转移中心路演厅", Capacity: 80, AchievementIDs: ids})
	if err != nil {
		return fmt.Errorf("roadshow: %w", err)
	}
	var seats []int64
	for k, u := range []string{"fuyao", "chint", "jomoo", "newland", "anta"} {
		d.at(past.AddDate(0, 0, -8+k))
		seat, err := d.m.RegisterForRoadshow(d.ctx, d.as(u), r.ID)
		if err != nil {
			return err
		}
		seats = append(seats, seat.ID)
	}
	// Four of the five came: the organiser checked them in at the door.
	for k, seat := range seats[:4] {
		d.at(past.Add(time.Duration(-20+3*k) * time.Minute))
		if _, err := d.m.CheckIn(d.ctx, broker, r.ID, seat); err != nil {
			return fmt.Errorf("roadshow check-in: %w", err)
		}
	}
	intents := []struct {
		user string
		slot int
		note string
	}{
		{"fuyao", 2, "对该成果在汽车玻璃镀膜中的应用有兴趣，希望安排实验室考察。"},
		{"chint", 0, "拟就许可方式进一步洽谈，请提供技术参数与专利法律状态。"},
		{"newland", 0, "希望了解算法在嵌入式平台上的运行效率，可联合开发。"},
		{"jomoo", 1, "关注产业化成本，希望与团队面谈中试方案。"},
	}
	for k, in := range intents {
		d.at(past.Add(time.Duration(3*60+10*k) * time.Minute))
		if _, err := d.m.RecordIntent(d.ctx, d.as(in.user), r.ID, ids[in.slot%len(ids)], in.note); err != nil {
			return err
		}
	}
	// The organiser turned 福耀's intent into a match the next day, before
	// 福耀 had published a need for it; both sides agreed to talk.
	d.at(past.AddDate(0, 0, 1))
	leads, _, err := d.m.Leads(d.ctx, broker, LeadFilter{Status: "open", Page: Page{Page: 1, Size: 50}})
	if err != nil {
		return err
	}
	for _, l := range leads {
		if l.RoadshowID == nil || *l.RoadshowID != r.ID || l.OrgID != d.as("fuyao").OrgID {
			continue
		}
		it, err := d.m.ProposeMatchFromLead(d.ctx, broker, l.ID, LeadMatchInput{Note: "路演后意向强烈，建议先安排实验室考察。"})
		if err != nil {
			return fmt.Errorf("roadshow match: %w", err)
		}
		d.at(past.AddDate(0, 0, 2))
		// The achievement's owner (one of the programme's universities) and
		// 福耀 accept; the others are no party to it.
		for _, u := range []string{"fzu", "fafu", "fjirsm", "fjnu", "hqu", "fuyao"} {
			if _, err := d.m.RespondToMatch(d.ctx, d.as(u), *it.MatchID, true); err != nil {
				if errors.Is(err, ErrNotAParty) || errors.Is(err, ErrMatchNotFound) {
					continue
				}
				return fmt.Errorf("roadshow match: %w", err)
			}
		}
		d.at(past.AddDate(0, 0, 3))
		if _, err := d.m.MoveMatch(d.ctx, broker, *it.MatchID, MatchMove{Status: MatchContacted, Note: "已约定下周赴研究所实验室考察镀膜中试线。"}); err != nil {
			return fmt.Errorf("roadshow match: %w", err)
		}
		break
	}
	// Upcoming: one on site with its programme, one online.
	next := demoDay(d.now.AddDate(0, 0, 6), 14)
	d.at(d.now.AddDate(0, 0, -4))
	fields = []string{"新材料及其应用", "环境保护与资源综合利用", "新能源与高效节能"}
	if r, err = d.m.CreateRoadshow(d.ctx, broker, NewRoadshow{Title: "新材料与绿色制造成果路演会", Description: "面向福州、泉州制造业企业，推介新材料、节能环保领域成果六项。会前可报名预约一对一对接。",
		StartsAt: next, EndsAt: next.Add(3 * time.Hour), Venue: "福州市仓山区 福州高新区海西科技园 1 号楼 3 层报告厅", Capacity: 120,
		AchievementIDs: programme("福州大学", "中国科学院福建物质结构研究所", "华侨大学", "泉州市工业技术研究院", "福建农林大学", "温州大学")}); err != nil {
		return err
	}
	for k, u := range []string{"fuyao", "jomoo", "ruiming", "minrui"} {
		d.at(d.now.AddDate(0, 0, -3+k/2).Add(time.Duration(k) * time.Hour))
		if _, err := d.m.RegisterForRoadshow(d.ctx, d.as(u), r.ID); err != nil {
			return err
		}
	}
	online := demoDay(d.now.AddDate(0, 0, 13), 10)
	d.at(d.now.AddDate(0, 0, -1))
	fields = []string{"生物医药和医疗器械", "农业"}
	_, err = d.m.CreateRoadshow(d.ctx, d.as("admin"), NewRoadshow{Title: "生物医药与现代农业成果线上路演", Description: "线上直播路演，医药、农业领域成果四项，观众可在线提问。",
		StartsAt: online, EndsAt: online.Add(2 * time.Hour), Online: true, Link: "https://meeting.example.cn/roadshow/2026-bio", Capacity: 300,
		AchievementIDs: programme("温州医科大学", "福建省农业科学院", "福建农林大学", "福州大学")})
	return err
}

func (d *demoLoad) notices() error {
	type demoNotice struct {
		user, org, buyer string
		price            int64 // 万元
		daysAgo          int
		objection        string
	}
	ns := []demoNotice{
		{"fzu", "福州大学", "福耀玻璃工业集团股份有限公司", 86, 40, ""},
		{"fjirsm", "中国科学院福建物质结构研究所", "正泰电器股份有限公司", 150, 33, ""},
		{"fafu", "福建农林大学", "福建新大陆科技集团有限公司", 28, 26, ""},
		{"fzu", "福州大学", "九牧厨卫股份有限公司", 45, 8, ""},
		{"hqu", "华侨大学", "温州瑞明工业股份有限公司", 60, 5, "该成果核心技术与我单位 2021 年合作研发项目成果存在重叠，权属可能存在争议，请核实。"},
		{"fjnu", "福建师范大学", "福州闽锐新材料科技有限公司", 32, 3, ""},
		{"faas", "福建省农业科学院", "福建闽丰现代农业发展有限公司", 20, 1, ""},
	}
	for _, n := range ns {
		// What the seller sold is in the buyer's line of business.
		if a := d.pickIn(n.org, demoBuyerFields[n.buyer]...); a != nil {
			at := d.now.AddDate(0, 0, -n.daysAgo).Add(-2 * time.Hour)
			d.at(at)
			p, err := d.m.PublishNegotiatedDeal(d.ctx, d.as(n.user), NegotiatedDeal{AchievementID: a.ID, BuyerOrgID: d.orgIDs[n.buyer], PriceFen: n.price * 1_000_000})
			if err != nil {
				return fmt.Errorf("notice %s: %w", a.Title, err)
			}
			if n.objection != "" {
				d.at(at.AddDate(0, 0, 2))
				if _, err := d.m.FileObjection(d.ctx, d.as("wzu"), p.Notice.ID, n.objection); err != nil {
					return err
				}
			}
		}
	}
	// The notices whose days are over are confirmed, as the scheduler does.
	_, err := d.m.ConfirmDueNotices(d.ctx, d.now.Add(-time.Minute))
	return err
}

func (d *demoLoad) matches() error {
	broker := d.as("broker")
	// Each enterprise's needs, in order, go through the pipeline to a stage:
	// the first to agreed, the next to negotiating, and so on.
	stages := []MatchStatus{MatchAgreed, MatchNegotiating, MatchContacted, MatchProposed, MatchFailed}
	k := 0
	for _, o := range demoOrgs {
		needs := d.needs[o.name]
		for ni, n := range needs {
			if ni >= 3 {
				break
			}
			stage := stages[k%len(stages)]
			a := d.relevant(n)
			if a == nil {
				continue
			}
			t := d.now.AddDate(0, 0, -75+2*k)
			d.at(t)
			m, err := d.m.ProposeMatch(d.ctx, broker, MatchProposal{NeedID: n.ID, AchievementID: a.ID, Source: "recommendation",
				Note: "需求与成果关键词、领域吻合，推荐双方对接。"})
			if err != nil {
				return fmt.Errorf("match %s: %w", n.Title, err)
			}
			supplier := demoActor(a.CreatedBy, RoleSupplier, a.OrgID)
			demander := demoActor(n.CreatedBy, RoleDemander, n.OrgID)
			if stage == MatchProposed {
				if ni%2 == 0 {
					d.at(t.Add(20 * time.Hour))
					if _, err := d.m.RespondToMatch(d.ctx, supplier, m.ID, true); err != nil {
						return err
					}
				}
				k++
				continue
			}
			if stage == MatchFailed {
				d.at(t.Add(30 * time.Hour))
				if _, err := d.m.RespondToMatch(d.ctx, demander, m.ID, false); err != nil {
					return err
				}
				k++
				continue
			}
			d.at(t.Add(20 * time.Hour))
			if _, err := d.m.RespondToMatch(d.ctx, supplier, m.ID, true); err != nil {
				return err
			}
			d.at(t.Add(26 * time.Hour))
			if _, err := d.m.RespondToMatch(d.ctx, demander, m.ID, true); err != nil {
				return err
			}
			moves := []MatchMove{{Status: MatchContacted, Note: "已电话联系双方，约定下周到企业现场交流。"},
				{Status: MatchNegotiating, Note: "双方就许可方式与首付款比例进入洽谈。"},
				{Status: MatchAgreed, Note: "双方就转让价格达成一致，准备签订合同。", PriceFen: int64(30+10*(k%6)) * 1_000_000}}
			for mi, mv := range moves {
				d.at(t.AddDate(0, 0, 2+4*mi))
				if _, err := d.m.MoveMatch(d.ctx, broker, m.ID, mv); err != nil {
					return err
				}
				if mv.Status == stage {
					break
				}
			}
			k++
		}
	}
	return nil
}
