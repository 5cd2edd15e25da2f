package models

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// An auction is announced (拍卖公告) when it is created, at least
// Rules.AuctionNoticeDays days before it starts, with a viewing period
// (展示期) and a bidder-registration window (报名期) that lie inside
// announcement → start. The announcement states for each lot what a buyer
// needs to judge it: inventors, IP type and legal status with checked patent
// numbers, the holder, the transfer mode and the pricing basis or valuation
// report, and the achievement's public attachments.

// LegalStatuses are a lot's legal states (法律状态) as an announcement
// states them: 有效 (granted and in force), 审中 (under examination), 授权
// (granted, the fee of the grant not yet shown paid).
var LegalStatuses = []string{"有效", "审中", "授权"}

// TransferModes are the ways a lot passes to the buyer (转让方式).
var TransferModes = []string{"转让", "许可", "作价入股"}

// LotAnnouncement is what the announcement says of a lot, fixed when the lot
// is announced: a later change to the listing does not rewrite a published
// announcement.
type LotAnnouncement struct {
	IPType        string     `gorm:"size:20;not null" json:"ip_type"`
	PatentNumbers StringList `gorm:"type:text;not null" json:"patent_numbers"`
	Inventors     StringList `gorm:"type:text;not null" json:"inventors"`
	LegalStatus   string     `gorm:"size:20;not null" json:"legal_status"`
	PatentHolder  string     `gorm:"size:100;not null" json:"patent_holder"`
	TransferMode  string     `gorm:"size:20;not null" json:"transfer_mode"`
	PricingBasis  string     `gorm:"type:text;not null" json:"pricing_basis"`
	ValuationRef  string     `gorm:"size:100;not null" json:"valuation_ref"`
	// Attachments are the achievement's public attachments (patent
	// certificate, valuation report, photos) as they are now: files are
	// checked when attached, and a private one is never announced. Only
	// the auction's own page (GetAuction) carries them.
	Attachments []ListingAttachment `gorm:"-" json:"attachments,omitempty"`
}

// announceAttachments fills each lot's Attachments with its achievement's
// public attachments.
func announceAttachments(db *gorm.DB, lots []Lot) error {
	if len(lots) == 0 {
		return nil
	}
	ids := make([]int64, len(lots))
	for i, l := range lots {
		ids[i] = l.AchievementID
	}
	var all []ListingAttachment
	if err := db.Where("kind = ? AND listing_id IN ? AND visibility = ?", (*Achievement)(nil).Kind(), ids, VisibilityPublic).
		Order("id").Find(&all).Error; err != nil {
		return err
	}
	for i := range lots {
		for _, a := range all {
			if a.ListingID == lots[i].AchievementID {
				a.HasThumb, a.Actions = a.ThumbSHA256 != nil, []string{}
				lots[i].Attachments = append(lots[i].Attachments, a)
			}
		}
	}
	return nil
}

// announcementWindow is one of an announcement's periods, named for messages.
type announcementWindow struct {
	from, to **time.Time
	key      string // the field of its start, "viewing" or "registration"
	name     string
}

// AnnouncementRule is the announcement's rule as a plain function: what is
// wrong, field by field, with an auction announced at announced under a
// minimum of minDays days before its start. It fills the windows left out
// with announcement → start.
func AnnouncementRule(in *NewAuction, announced time.Time, minDays int) map[string]string {
	f := map[string]string{}
	if in.StartsAt.IsZero() {
		return f // CreateAuction asks for the times
	}
	if earliest := announced.AddDate(0, 0, minDays); minDays > 0 && in.StartsAt.Before(earliest) {
		f["starts_at"] = fmt.Sprintf("拍卖须在公告发布 %d 天后才能开始：本场最早 %s 开始", minDays, earliest.In(shanghai).Format("2006年1月2日 15:04"))
		return f
	}
	windows := []announcementWindow{
		{&in.ViewingStartsAt, &in.ViewingEndsAt, "viewing", "展示期"},
		{&in.RegistrationStartsAt, &in.RegistrationEndsAt, "registration", "报名期"},
	}
	for _, w := range windows {
		from, to := *w.from, *w.to
		switch {
		case from == nil && to == nil:
			if in.StartsAt.After(announced) {
				*w.from, *w.to = ptr(announced.UTC()), ptr(in.StartsAt.UTC())
			}
		case from == nil || to == nil:
			f[w.key+"_starts_at"] = "请同时填写" + w.name + "的开始和结束时间"
		case !to.After(*from):
			f[w.key+"_ends_at"] = w.name + "的结束时间必须晚于开始时间"
		case from.Before(announced.Add(-time.Minute)):
			f[w.key+"_starts_at"] = w.name + "不能早于公告发布"
		case to.After(in.StartsAt):
			f[w.key+"_ends_at"] = w.name + "须在拍卖开始前结束"
		default:
			*w.from, *w.to = ptr(from.UTC()), ptr(to.UTC())
		}
	}
	return f
}

// checkLotAnnouncement checks what the announcement says of the lot of an
// achievement and fills what was left out from the achievement: its IP type,
// its patent numbers (a patent's) and its holder (the seller, holderName).
func checkLotAnnouncement(f map[string]string, key string, nl NewLot, ach *Achievement, holderName string) LotAnnouncement {
	la := LotAnnouncement{IPType: ach.IPType, Inventors: cleanList(nl.Inventors),
		LegalStatus: strings.TrimSpace(nl.LegalStatus), PatentHolder: strings.TrimSpace(nl.PatentHolder),
		TransferMode: strings.TrimSpace(nl.TransferMode), PricingBasis: strings.TrimSpace(nl.PricingBasis),
		ValuationRef: strings.TrimSpace(nl.ValuationRef)}
	patent := slices.Contains(patentTypes, ach.IPType)
	switch {
	case nl.PatentNumbers != nil:
		la.PatentNumbers = cleanList(*nl.PatentNumbers)
	case patent:
		la.PatentNumbers = cleanList(ach.PatentNumbers)
	default:
		la.PatentNumbers = StringList{}
	}
	for i, n := range la.PatentNumbers {
		la.PatentNumbers[i] = NormalPatentNumber(n)
		if msg := CheckPatentNumber(la.PatentNumbers[i]); msg != "" {
			f[key+".patent_numbers"] = msg
			break
		}
	}
	if len(la.PatentNumbers) > 20 {
		f[key+".patent_numbers"] = "每个拍品最多 20 个专利号"
	}
	if la.PatentHolder == "" && patent {
		la.PatentHolder = holderName
	}
	if la.TransferMode == "" {
		la.TransferMode = "转让"
	}
	if la.LegalStatus == "" && patent {
		la.LegalStatus = "有效"
	}
	if la.LegalStatus != "" && !oneOf(la.LegalStatus, LegalStatuses) {
		f[key+".legal_status"] = "法律状态只能是 " + OneOf(LegalStatuses)
	}
	if !oneOf(la.TransferMode, TransferModes) {
		f[key+".transfer_mode"] = "转让方式只能是 " + OneOf(TransferModes)
	}
	if len(la.Inventors) > 30 {
		f[key+".inventors"] = "完成人最多 30 位"
	}
	for _, n := range la.Inventors {
		if checkName(f, key+".inventors", n, 1, 50, "完成人姓名"); f[key+".inventors"] != "" {
			break
		}
	}
	checkName(f, key+".patent_holder", la.PatentHolder, 0, 100, "专利权人")
	checkLen(f, key+".pricing_basis", la.PricingBasis, 0, 2000, "定价依据")
	checkName(f, key+".valuation_ref", la.ValuationRef, 0, 100, "评估报告编号")
	return la
}

// registrationOpen says why the auction does not take applications to bid at
// now (its registration window, where it has one), or nil.
func (au *Auction) registrationOpen(now time.Time) error {
	switch {
	case au.RegistrationStartsAt != nil && now.Before(*au.RegistrationStartsAt):
		return ErrBadTransition.Sayf("报名期自 %s 开始", au.RegistrationStartsAt.In(shanghai).Format("2006年1月2日 15:04"))
	case au.RegistrationEndsAt != nil && !now.Before(*au.RegistrationEndsAt):
		return ErrBadTransition.Say("报名期已结束，不能再报名竞买")
	}
	return nil
}
