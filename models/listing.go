package models

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Fields of industry (行业领域) of the national technology-contract statistics.
var Fields = []string{"电子信息", "先进制造", "航空航天", "现代交通", "生物医药和医疗器械", "新材料及其应用",
	"新能源与高效节能", "环境保护与资源综合利用", "核应用技术", "农业", "城市建设与社会发展", "其他"}

var IPTypes = []string{"发明专利", "实用新型", "外观设计", "软件著作权", "集成电路布图", "植物新品种", "技术秘密", "其他"}

var CoopModes = []string{"转让", "许可", "作价入股", "合作开发", "技术服务"}

// PriceType says how binding an asking price is; 面议 has no amount.
type PriceType string

const (
	PriceNegotiable PriceType = "negotiable" // 面议
	PriceIndicative PriceType = "indicative" // 参考价
	PriceFloor      PriceType = "floor"      // 底价
	PriceFirm       PriceType = "firm"       // 一口价
)

var PriceTypeLabels = []Label{{string(PriceNegotiable), "面议"}, {string(PriceIndicative), "参考价"}, {string(PriceFloor), "底价"}, {string(PriceFirm), "一口价"}}

type ListingStatus string

const (
	StatusDraft     ListingStatus = "draft"
	StatusPending   ListingStatus = "pending"
	StatusPublished ListingStatus = "published"
	StatusRejected  ListingStatus = "rejected"
	StatusClosed    ListingStatus = "closed"
)

type CloseReason string

const (
	ClosedDealt     CloseReason = "dealt"
	ClosedWithdrawn CloseReason = "withdrawn"
	ClosedExpired   CloseReason = "expired"
)

// ListingAction is what someone does to a listing.
type ListingAction string

const (
	ActSubmit   ListingAction = "submit"   // owner: draft -> pending
	ActApprove  ListingAction = "approve"  // moderator: pending -> published
	ActReject   ListingAction = "reject"   // moderator: pending -> rejected
	ActRevise   ListingAction = "revise"   // owner: rejected -> draft
	ActWithdraw ListingAction = "withdraw" // owner: draft|pending|published -> closed(withdrawn)
	ActExpire   ListingAction = "expire"   // scheduler: published -> closed(expired)
	ActDeal     ListingAction = "deal"     // deals: published -> closed(dealt)
	ActRenew    ListingAction = "renew"    // owner: closed(expired|withdrawn) -> draft
	ActRelist   ListingAction = "relist"   // owner: closed(expired) -> pending, with a new validity or deadline
	ActTakeDown ListingAction = "takedown" // admin on a report: published -> closed(withdrawn)
	ActEdit     ListingAction = "edit"     // owner: changes the content of a draft or rejected listing
	ActConfirm  ListingAction = "confirm"  // owner: says a published listing still stands (确认仍有效)

	// What a verified visitor from another organisation does about a
	// published listing; none moves its status.
	ActRequestAccess ListingAction = "request_access" // asks for the confidential detail (申请查看保密详情)
	ActReport        ListingAction = "report"         // reports it to the operator (举报)
	ActFeedback      ListingAction = "feedback"       // passes on it with reasons (不感兴趣)

	// What a member of an organisation that may deal in it does: says it
	// is interested, with a message (我有意向); a lead for the brokers.
	ActExpressInterest ListingAction = "express_interest"

	// What any logged-in visitor does about a published listing of
	// another organisation: stars it (收藏) and unstars it.
	ActFavourite   ListingAction = "favourite"
	ActUnfavourite ListingAction = "unfavourite"
)

// ListingActions lists every action a caller may be offered, in the order
// pages show them. Expire, deal and takedown are not among them: the
// scheduler, the deals desk and a report's resolution take those.
var ListingActions = []ListingAction{ActEdit, ActSubmit, ActRevise, ActConfirm, ActWithdraw, ActRelist, ActRenew, ActApprove, ActReject,
	ActFavourite, ActUnfavourite, ActExpressInterest, ActRequestAccess, ActFeedback, ActReport}

// NextStatus is the listing state machine of docs/ARCHITECTURE.md:
// draft -> pending -> published -> closed(dealt|withdrawn|expired), pending -> rejected -> draft.
func NextStatus(from ListingStatus, reason CloseReason, act ListingAction) (ListingStatus, CloseReason, error) {
	switch {
	case act == ActSubmit && from == StatusDraft:
		return StatusPending, "", nil
	case act == ActApprove && from == StatusPending:
		return StatusPublished, "", nil
	case act == ActReject && from == StatusPending:
		return StatusRejected, "", nil
	case act == ActRevise && from == StatusRejected:
		return StatusDraft, "", nil
	case act == ActWithdraw && (from == StatusDraft || from == StatusPending || from == StatusPublished):
		return StatusClosed, ClosedWithdrawn, nil
	case act == ActExpire && from == StatusPublished:
		return StatusClosed, ClosedExpired, nil
	case act == ActDeal && from == StatusPublished:
		return StatusClosed, ClosedDealt, nil
	case act == ActRenew && from == StatusClosed && reason != ClosedDealt:
		return StatusDraft, "", nil
	case act == ActRelist && from == StatusClosed && reason == ClosedExpired:
		return StatusPending, "", nil
	case act == ActTakeDown && from == StatusPublished:
		return StatusClosed, ClosedWithdrawn, nil
	case act == ActEdit && Editable(from), act == ActConfirm && from == StatusPublished:
		return from, reason, nil
	}
	return from, reason, ErrBadTransition.Sayf("当前状态（%s）不能执行“%s”", statusLabel(from, reason), actionLabel(act))
}

func statusLabel(s ListingStatus, r CloseReason) string {
	switch s {
	case StatusDraft:
		return "草稿"
	case StatusPending:
		return "待审核"
	case StatusPublished:
		return "已发布"
	case StatusRejected:
		return "已驳回"
	}
	switch r {
	case ClosedDealt:
		return "已成交"
	case ClosedExpired:
		return "已过期"
	}
	return "已撤回"
}

func actionLabel(a ListingAction) string {
	return map[ListingAction]string{ActSubmit: "提交审核", ActApprove: "审核通过", ActReject: "驳回", ActRevise: "修改",
		ActWithdraw: "撤回", ActExpire: "过期下架", ActDeal: "成交", ActRenew: "重新发布",
		ActRelist: "续期重新发布", ActTakeDown: "下架", ActEdit: "编辑", ActConfirm: "确认仍有效",
		ActRequestAccess: "申请查看保密详情", ActReport: "举报", ActFeedback: "反馈",
		ActExpressInterest: "表达意向", ActFavourite: "收藏", ActUnfavourite: "取消收藏"}[a]
}

// Editable says whether the owner may change the listing's content.
func Editable(s ListingStatus) bool { return s == StatusDraft || s == StatusRejected }

// Listing is what achievements and needs share.
type Listing struct {
	ID           int64         `gorm:"primaryKey" json:"id"`
	ExternalID   *string       `gorm:"size:100;uniqueIndex" json:"external_id"`
	OrgID        int64         `gorm:"not null;index" json:"org_id"`
	CreatedBy    int64         `gorm:"not null" json:"-"`
	Title        string        `gorm:"size:200;not null" json:"title"`
	Summary      string        `gorm:"type:text;not null" json:"summary"`
	Keywords     StringList    `gorm:"type:text;not null" json:"keywords"`
	Field        string        `gorm:"size:20;not null;index" json:"field"`
	Region       string        `gorm:"size:6;not null" json:"region"`
	CoopModes    StringList    `gorm:"type:text;not null" json:"coop_modes"`
	ContactName  string        `gorm:"size:50;not null;default:''" json:"contact_name,omitempty"`
	ContactPhone string        `gorm:"size:20;not null;default:''" json:"contact_phone,omitempty"`
	ContactEmail string        `gorm:"size:100;not null;default:''" json:"contact_email,omitempty"`
	Status       ListingStatus `gorm:"size:20;not null;index" json:"status"`
	CloseReason  CloseReason   `gorm:"size:20;not null;default:''" json:"close_reason"`
	RejectReason string        `gorm:"size:500;not null;default:''" json:"reject_reason"`
	PublishedAt  *time.Time    `json:"published_at"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
	// LastConfirmedAt is when the owner last said the listing still stands
	// (publishing counts); buyers weigh stale listings down.
	LastConfirmedAt   *time.Time `json:"last_confirmed_at"`
	ConfirmRemindedAt *time.Time `json:"-"`
	// TakedownReason is set when an admin closed the listing on a report.
	TakedownReason string `gorm:"not null;default:''" json:"takedown_reason"`
	// ContactHidden tells a page that contacts exist but are not for this
	// viewer, as opposed to never having been filled in.
	ContactHidden bool   `gorm:"-" json:"contact_hidden"`
	OrgName       string `gorm:"-" json:"org_name"`
	OrgVerified   bool   `gorm:"-" json:"org_verified"`
	// Confidential detail is kept in its own table (listing_confidentials)
	// and only ever copied here for the owner, admins and granted users; on
	// create and update it is what the owner sends (nil leaves it unchanged).
	ConfidentialDetail      *string `gorm:"-" json:"confidential_detail,omitempty"`
	ConfidentialUndertaking *string `gorm:"-" json:"confidential_undertaking,omitempty"`
	HasConfidential         bool    `gorm:"-" json:"has_confidential"`
	// Attachments are the files and video links this viewer may see (the
	// confidential ones only with the confidential detail); set on a
	// listing's own page, not in lists.
	Attachments  []ListingAttachment `gorm:"-" json:"attachments,omitempty"`
	Completeness int                 `gorm:"-" json:"completeness"`
	QualityHints []Hint              `gorm:"-" json:"quality_hints,omitempty"`
	// FavouriteCount and InterestCount are how many users starred the
	// listing and how many organisations said they are interested: for the
	// owner organisation and market admins only.
	// Interested says the caller's organisation has said 我有意向 on it.
	Interested     bool   `gorm:"-" json:"interested,omitempty"`
	FavouriteCount *int64 `gorm:"-" json:"favourite_count,omitempty"`
	InterestCount  *int64 `gorm:"-" json:"interest_count,omitempty"`
	// Actions is what the caller may do with the listing now (listingActions).
	Actions []string `gorm:"-" json:"actions"`
}

// StringList is stored as text joined by newlines.
type StringList []string

func (l StringList) Value() (driver.Value, error) { return strings.Join(l, "\n"), nil }

func (l *StringList) Scan(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	case nil:
	default:
		return fmt.Errorf("StringList: cannot scan %T", v)
	}
	*l = StringList{}
	for _, part := range strings.Split(s, "\n") {
		if part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// cleanList trims entries and drops empty ones; never nil, because the
// driver would store a nil list as NULL.
func cleanList(l StringList) StringList {
	out := StringList{}
	for _, s := range l {
		if s = strings.TrimSpace(strings.ReplaceAll(s, "\n", " ")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SplitKeywords accepts keywords separated by ; ； , ， 、 or whitespace-free lists.
func SplitKeywords(s string) []string {
	f := func(r rune) bool { return strings.ContainsRune(";；,，、\n", r) }
	var out []string
	seen := map[string]bool{}
	for _, k := range strings.FieldsFunc(s, f) {
		k = strings.TrimSpace(k)
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if a == v {
			return true
		}
	}
	return false
}

// checkListing validates what achievements and needs share.
func checkListing(f map[string]string, l *Listing) {
	l.Title = strings.TrimSpace(l.Title)
	l.Summary = strings.TrimSpace(l.Summary)
	l.Keywords, l.CoopModes = cleanList(l.Keywords), cleanList(l.CoopModes)
	checkName(f, "title", l.Title, 4, 200, "标题")
	checkLen(f, "summary", l.Summary, 10, 20000, "简介")
	if len(l.Keywords) > 20 {
		f["keywords"] = "关键词最多 20 个"
	}
	for _, k := range l.Keywords {
		if utf8.RuneCountInString(k) > 30 {
			f["keywords"] = "每个关键词不能超过 30 个字符"
		}
	}
	if l.Field != "" && !oneOf(l.Field, Fields) {
		f["field"] = "请选择有效的行业领域"
	}
	if !ValidRegion(l.Region) {
		f["region"] = "请选择有效的六位行政区划代码"
	}
	for _, m := range l.CoopModes {
		if !oneOf(m, CoopModes) {
			f["coop_modes"] = "合作方式只能是：" + strings.Join(CoopModes, "、")
		}
	}
	checkName(f, "contact_name", l.ContactName, 0, 50, "联系人")
	checkContactFields(f, l.ContactPhone, l.ContactEmail)
	if l.ExternalID != nil && utf8.RuneCountInString(*l.ExternalID) > 100 {
		f["external_id"] = "外部编号不能超过 100 个字符"
	}
}

func checkContactFields(f map[string]string, phone, email string) {
	g := map[string]string{}
	checkContact(g, phone, email)
	for k, v := range g {
		f["contact_"+k] = v
	}
}

// HideContact blanks what only logged-in verified users and brokers may see.
func (l *Listing) HideContact() {
	l.ContactHidden = l.ContactName != "" || l.ContactPhone != "" || l.ContactEmail != ""
	l.ContactName, l.ContactPhone, l.ContactEmail = "", "", ""
}

// CanSeeContact: the owner, admins, brokers, and users of verified organisations.
func (a Actor) CanSeeContact(ownerOrg int64) bool {
	return a.LoggedIn() && (a.OrgID == ownerOrg || a.Acts(RoleAdmin) || a.Acts(RoleBroker) || a.OrgVerified)
}

// listingFacts are what the rules of a listing's acts read beyond the
// listing and the actor: the time, and the actor's own dealings with it.
type listingFacts struct {
	now      time.Time
	access   AccessStatus // the actor's request for the confidential detail; "" when none
	reported bool         // the actor has an open report of it
	// favourited: the actor starred it; interested: the actor's
	// organisation expressed interest in it.
	favourited, interested bool
}

// checkListingAct is the one decision of whether actor may take act on a
// listing now: the write paths call it, and listingActions asks it of every
// action. Refusals say the same as before the rule was one function: another
// organisation's listing it may not see is "not found", one it sees but may
// not touch is forbidden.
func checkListingAct(actor Actor, item listing, act ListingAction, f listingFacts) error {
	l, kind := item.base(), item.Kind()
	what := kindName(kind)
	switch act {
	case ActExpire, ActDeal, ActTakeDown:
		// the scheduler, the deals desk and a report's resolution check their own conditions
	case ActApprove, ActReject:
		if !actor.mayModerate() {
			if actor.OwnOrg(l.OrgID) || l.Status == StatusPublished {
				return ErrForbidden.Say("只有管理员或技术经纪人可以审核")
			}
			return listingNotFound(kind)
		}
		if !actor.mayView(l) {
			return listingNotFound(kind) // another organisation's draft
		}
	case ActRequestAccess, ActReport, ActFeedback, ActExpressInterest:
		return checkVisitorAct(actor, item, act, f)
	case ActFavourite, ActUnfavourite:
		return checkStar(actor, item, act, f)
	case ActEdit, ActRelist:
		if !actor.OwnOrg(l.OrgID) {
			return listingNotFound(kind)
		}
	default:
		if !actor.OwnOrg(l.OrgID) {
			if l.Status == StatusPublished {
				return ErrNotYourListing.Say("只能操作本机构的" + what)
			}
			return listingNotFound(kind)
		}
	}
	switch act {
	case ActSubmit, ActConfirm, ActRelist:
		if err := actor.RequireVerified(); err != nil {
			return err
		}
	case ActEdit:
		if err := actor.Require(item.ownerRoles()...); err != nil {
			return err
		}
	}
	switch {
	case act == ActEdit && !Editable(l.Status):
		return ErrNotEditable.Say("只有草稿或被驳回的" + what + "可以修改，请先撤回")
	case act == ActConfirm && l.Status != StatusPublished:
		return ErrNotPublished.Say("只有已发布的" + what + "需要确认仍有效")
	case act == ActRelist && (l.Status != StatusClosed || l.CloseReason != ClosedExpired):
		return ErrNotExpired.Say("只有已过期的" + what + "可以续期重新发布；撤回的请用“重新编辑”")
	}
	if _, _, err := NextStatus(l.Status, l.CloseReason, act); err != nil {
		return err
	}
	// A date already past: a draft cannot go to review with it, and a
	// closed listing cannot come back as a draft with it (relist asks for
	// a new one).
	e := item.expiresAt()
	switch {
	case act == ActSubmit && e != nil && e.Before(f.now.Add(-24*time.Hour)):
		return Invalid(map[string]string{expiryField(item): "日期不能早于今天"})
	case act == ActRenew && e != nil && e.Before(f.now):
		return Invalid(map[string]string{expiryField(item): "请先修改有效期，再重新发布"})
	}
	return nil
}

// checkVisitorAct: a verified member of another organisation may ask for
// the confidential detail of a published listing (once, again after a
// refusal; not a market admin, who reads it anyway), report it (one open
// report at a time) and pass on it.
func checkVisitorAct(actor Actor, item listing, act ListingAction, f listingFacts) error {
	l, kind := item.base(), item.Kind()
	what := kindName(kind)
	if err := actor.RequireVerified(); err != nil {
		return err
	}
	if l.Status != StatusPublished {
		return listingNotFound(kind)
	}
	if actor.OrgID == l.OrgID {
		return ErrOwnListing.Say(map[ListingAction]string{ActRequestAccess: "本机构的" + what + "无需申请",
			ActReport: "不能举报本机构的" + what, ActFeedback: "不能对本机构的" + what + "提交反馈",
			ActExpressInterest: "不能对本机构的" + what + "表达意向"}[act])
	}
	switch act {
	case ActExpressInterest:
		// Interest is a step towards a deal: from the side that could be a
		// party to it, not from brokers, reviewers or the operator.
		if !actor.Acts(RoleSupplier, RoleDemander) {
			return ErrForbidden.Say("只有企业、高校和科研院所的用户可以表达合作意向")
		}
		if f.interested {
			return ErrAlreadyInterested.Say("本机构已对该" + what + "表达过意向")
		}
	case ActRequestAccess:
		switch {
		case actor.Acts(RoleAdmin):
			return ErrAdminSeesAll
		case !l.HasConfidential:
			return ErrNoConfidential.Say("该" + what + "没有保密详情")
		case f.access == AccessPending:
			return ErrAlreadyRequested.Say("已提交申请，请等待发布方答复")
		case f.access == AccessGranted:
			return ErrAlreadyRequested.Say("已获准查看")
		}
	case ActReport:
		if f.reported {
			return ErrAlreadyReported.Say("您已举报过该" + what + "，管理员处理后会通知您")
		}
	}
	return nil
}

// checkStar: any logged-in user may star a published listing of another
// organisation, and unstar what they starred. Starring is idempotent, so
// the write path judges it as if not starred yet; the facts only decide
// which of the two buttons a page shows.
func checkStar(actor Actor, item listing, act ListingAction, f listingFacts) error {
	l, kind := item.base(), item.Kind()
	if !actor.LoggedIn() {
		return ErrUnauthenticated
	}
	if act == ActUnfavourite {
		if !f.favourited {
			return ErrBadTransition.Say("尚未收藏")
		}
		return nil
	}
	switch {
	case l.Status != StatusPublished:
		return listingNotFound(kind)
	case actor.OwnOrg(l.OrgID):
		return ErrOwnListing.Say("不能收藏本机构的" + kindName(kind))
	case f.favourited:
		return ErrBadTransition.Say("已收藏")
	}
	return nil
}

// listingActions says what actor may do with the listing now, from the
// same rule the write paths apply.
func listingActions(actor Actor, item listing, f listingFacts) []string {
	return permitted(ListingActions, func(act ListingAction) error { return checkListingAct(actor, item, act, f) })
}
