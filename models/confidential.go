package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ListingConfidential is the confidential detail (保密详情) of a listing and
// the undertaking (保密承诺) a requester accepts before asking for it. It is a
// table of its own so that no query of listings can ever carry it out.
type ListingConfidential struct {
	ID          int64     `gorm:"primaryKey"`
	Kind        string    `gorm:"size:20;not null;uniqueIndex:idx_listing_confidentials_listing"`
	ListingID   int64     `gorm:"not null;uniqueIndex:idx_listing_confidentials_listing"`
	Detail      string    `gorm:"type:text;not null;default:''"`
	Undertaking string    `gorm:"type:text;not null;default:''"`
	UpdatedAt   time.Time `gorm:"not null"`
}

// AccessStatus is where a request for a listing's confidential detail stands.
type AccessStatus string

const (
	AccessPending AccessStatus = "pending" // waits for the owner's answer
	AccessGranted AccessStatus = "granted" // the requester reads the detail
	AccessRefused AccessStatus = "refused" // refused, with a reason; the requester may ask again
)

// AccessAction is the owner's answer to a request.
type AccessAction string

const (
	AccessGrant  AccessAction = "grant"  // 同意查看
	AccessRefuse AccessAction = "refuse" // 拒绝查看
)

// AccessActions lists every action, in the order pages show them.
var AccessActions = []AccessAction{AccessGrant, AccessRefuse}

var accessMoves = map[AccessStatus]map[AccessAction]AccessStatus{
	AccessPending: {AccessGrant: AccessGranted, AccessRefuse: AccessRefused},
}

// NextAccessStatus is the request's workflow: pending → granted | refused,
// once. (Asking again after a refusal files the request anew: RequestAccess.)
func NextAccessStatus(from AccessStatus, act AccessAction) (AccessStatus, error) {
	if to, ok := accessMoves[from][act]; ok {
		return to, nil
	}
	// Answered already: said as before, by the code pages know.
	return from, ErrAlreadyDecided.Sayf("该申请%s，不能再%s", accessStatusLabel(from), map[AccessAction]string{AccessGrant: "同意", AccessRefuse: "拒绝"}[act])
}

func accessStatusLabel(s AccessStatus) string {
	return map[AccessStatus]string{AccessPending: "待答复", AccessGranted: "已同意", AccessRefused: "已拒绝"}[s]
}

// checkAccessAct is the one decision of whether actor may answer the
// request: the owner organisation's verified members, while it waits. The
// requester hears "not the owner"; anyone else "not found".
func checkAccessAct(actor Actor, r *AccessRequest, act AccessAction) error {
	if !actor.LoggedIn() || (!actor.OwnOrg(r.OwnerOrgID) && r.RequesterID != actor.UserID) {
		return ErrAccessRequestNotFound
	}
	if !actor.OwnOrg(r.OwnerOrgID) {
		return ErrNotOwner
	}
	if err := actor.RequireVerified(); err != nil {
		return err
	}
	_, err := NextAccessStatus(r.Status, act)
	return err
}

// accessActions says what actor may do with the request now.
func accessActions(actor Actor, r *AccessRequest) []string {
	return permitted(AccessActions, func(act AccessAction) error { return checkAccessAct(actor, r, act) })
}

// AccessRequest is one user's request to read a listing's confidential detail.
type AccessRequest struct {
	ID             int64  `gorm:"primaryKey" json:"id"`
	Kind           string `gorm:"size:20;not null" json:"kind"`
	ListingID      int64  `gorm:"not null" json:"listing_id"`
	ListingTitle   string `gorm:"type:text;not null" json:"listing_title"`
	OwnerOrgID     int64  `gorm:"not null" json:"owner_org_id"`
	RequesterID    int64  `gorm:"not null" json:"requester_id"`
	RequesterOrgID int64  `gorm:"not null" json:"requester_org_id"`
	Message        string `gorm:"type:text;not null;default:''" json:"message"`
	// UndertakingText is the undertaking exactly as the requester accepted it.
	UndertakingText string       `gorm:"type:text;not null;default:''" json:"undertaking_text"`
	UndertakingAt   *time.Time   `json:"undertaking_at"`
	Status          AccessStatus `gorm:"size:20;not null" json:"status"`
	RefuseReason    string       `gorm:"type:text;not null;default:''" json:"refuse_reason"`
	DecidedBy       *int64       `json:"-"`
	DecidedAt       *time.Time   `json:"decided_at"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
	RequesterName   string       `gorm:"-" json:"requester_name"`
	RequesterOrg    string       `gorm:"-" json:"requester_org"`
	// Actions is what the caller may do with the request now (accessActions).
	Actions []string `gorm:"-" json:"actions"`
}

const (
	maxConfidential = 20000
	maxUndertaking  = 5000
)

func checkConfidential(f map[string]string, l *Listing) {
	if l.ConfidentialDetail != nil {
		d := strings.TrimSpace(*l.ConfidentialDetail)
		l.ConfidentialDetail = &d
		if utf8.RuneCountInString(d) > maxConfidential {
			f["confidential_detail"] = fmt.Sprintf("保密详情不能超过 %d 字", maxConfidential)
		}
	}
	if l.ConfidentialUndertaking != nil {
		u := strings.TrimSpace(*l.ConfidentialUndertaking)
		l.ConfidentialUndertaking = &u
		if utf8.RuneCountInString(u) > maxUndertaking {
			f["confidential_undertaking"] = fmt.Sprintf("保密承诺不能超过 %d 字", maxUndertaking)
		}
		if u != "" && (l.ConfidentialDetail == nil || *l.ConfidentialDetail == "") {
			f["confidential_undertaking"] = "请先填写保密详情，再设置保密承诺"
		}
	}
}

// saveConfidential stores what the owner sent; fields left nil keep their value.
func saveConfidential(tx *gorm.DB, kind string, l *Listing) error {
	if l.ConfidentialDetail == nil && l.ConfidentialUndertaking == nil {
		return nil
	}
	var row ListingConfidential
	err := tx.Where("kind = ? AND listing_id = ?", kind, l.ID).First(&row).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	row.Kind, row.ListingID = kind, l.ID
	if l.ConfidentialDetail != nil {
		row.Detail = *l.ConfidentialDetail
	}
	if l.ConfidentialUndertaking != nil {
		row.Undertaking = *l.ConfidentialUndertaking
	}
	if row.Detail == "" {
		row.Undertaking = ""
	}
	return tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "kind"}, {Name: "listing_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"detail", "undertaking", "updated_at"}),
	}).Create(&row).Error
}

// mayReadConfidential: the owner organisation, admins, and users whose own
// request was granted. Brokers and other organisations get nothing.
func mayReadConfidential(db *gorm.DB, actor Actor, kind string, l *Listing) (bool, error) {
	if !actor.LoggedIn() {
		return false, nil
	}
	if actor.OrgID == l.OrgID || actor.Acts(RoleAdmin) {
		return true, nil
	}
	var n int64
	err := db.Model(&AccessRequest{}).Where("kind = ? AND listing_id = ? AND requester_id = ? AND status = ?",
		kind, l.ID, actor.UserID, AccessGranted).Count(&n).Error
	return n > 0, err
}

// revealConfidential sets the listing's confidential fields for one viewer:
// the undertaking for anyone (a requester must read it first), the detail
// only for those mayReadConfidential allows.
func revealConfidential(db *gorm.DB, actor Actor, kind string, l *Listing) error {
	l.ConfidentialDetail, l.ConfidentialUndertaking = nil, nil
	var row ListingConfidential
	err := db.Where("kind = ? AND listing_id = ?", kind, l.ID).First(&row).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	// Attachments the owner keeps for the detail's readers count as
	// detail: others may ask for them even where there is no text.
	files, err := confidentialFiles(db, kind, []int64{l.ID})
	if err != nil {
		return err
	}
	l.HasConfidential = row.Detail != "" || files[l.ID]
	if !l.HasConfidential {
		return nil
	}
	u := row.Undertaking
	l.ConfidentialUndertaking = &u
	ok, err := mayReadConfidential(db, actor, kind, l)
	if ok && row.Detail != "" {
		d := row.Detail
		l.ConfidentialDetail = &d
	}
	return err
}

// AccessInput is what a requester sends.
type AccessInput struct {
	Message string `json:"message"`
	// UndertakingText must repeat the owner's undertaking word for word when
	// there is one: it is what the requester read and accepts.
	UndertakingText    string `json:"undertaking_text"`
	AcceptsUndertaking bool   `json:"accepts_undertaking"`
}

// RequestAccess asks the owner of a published listing for its confidential
// detail. A refused requester may ask again; a pending or granted request is
// not duplicated.
func (ls Listings[T, P]) RequestAccess(ctx context.Context, actor Actor, id int64, in AccessInput) (*AccessRequest, error) {
	db := ls.m.db.WithContext(ctx)
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	item, err := ls.Get(ctx, Actor{}, id)
	if err != nil {
		return nil, err
	}
	l, kind := item.base(), item.Kind()
	facts, err := listingFactsOf(db, actor, kind, []int64{id}, ls.m.now())
	if err != nil {
		return nil, err
	}
	if err := checkListingAct(actor, item, ActRequestAccess, facts[id]); err != nil {
		return nil, err
	}
	f := map[string]string{}
	in.Message = strings.TrimSpace(in.Message)
	checkLen(f, "message", in.Message, 0, 500, "申请说明")
	undertaking := *l.ConfidentialUndertaking
	if undertaking != "" {
		switch {
		case !in.AcceptsUndertaking:
			f["accepts_undertaking"] = "请阅读并接受发布方的保密承诺"
		case strings.TrimSpace(in.UndertakingText) != undertaking:
			return nil, ErrUndertakingChanged
		}
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var out AccessRequest
	err = db.Transaction(func(tx *gorm.DB) error {
		err := forUpdate(tx).Where("kind = ? AND listing_id = ? AND requester_id = ?", kind, id, actor.UserID).First(&out).Error
		switch {
		case err == nil && out.Status != AccessRefused:
			return ErrAlreadyRequested.Say(map[AccessStatus]string{AccessPending: "已提交申请，请等待发布方答复", AccessGranted: "已获准查看"}[out.Status])
		case err != nil && !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		now := ls.m.now().UTC()
		out.Kind, out.ListingID, out.ListingTitle, out.OwnerOrgID = kind, id, l.Title, l.OrgID
		out.RequesterID, out.RequesterOrgID, out.Message, out.Status = actor.UserID, actor.OrgID, in.Message, AccessPending
		out.UndertakingText, out.UndertakingAt, out.RefuseReason, out.DecidedBy, out.DecidedAt = "", nil, "", nil, nil
		if undertaking != "" {
			out.UndertakingText, out.UndertakingAt = undertaking, &now
		}
		if err := unique(tx.Save(&out).Error, ErrAlreadyRequested); err != nil {
			return err
		}
		if err := notify(tx, Notification{UserID: l.CreatedBy, Kind: "access.requested",
			Title: fmt.Sprintf("有用户申请查看%s《%s》的保密详情", kindName(kind), l.Title),
			Body:  in.Message, Link: "/my/access-requests"}); err != nil {
			return err
		}
		return Audit(tx, actor, "access.request", "access_request", out.ID, nil, out)
	})
	if err != nil {
		return nil, err
	}
	out.Actions = accessActions(actor, &out)
	return &out, nil
}

// MyAccessRequest is the actor's request for one listing, nil when none.
func (m *Market) MyAccessRequest(ctx context.Context, actor Actor, kind string, id int64) (*AccessRequest, error) {
	db := m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, nil
	}
	var r AccessRequest
	err := db.Where("kind = ? AND listing_id = ? AND requester_id = ?", kind, id, actor.UserID).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	r.Actions = accessActions(actor, &r)
	return &r, err
}

// AccessFilter selects requests: Side "owner" lists those for the actor's
// organisation's listings, anything else the actor's own.
type AccessFilter struct {
	Side   string
	Status string
	Page
}

func (m *Market) ListAccessRequests(ctx context.Context, actor Actor, f AccessFilter) ([]AccessRequest, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&AccessRequest{})
	if f.Side == "owner" {
		q = q.Where("owner_org_id = ?", actor.OrgID)
	} else {
		q = q.Where("requester_id = ?", actor.UserID)
	}
	switch AccessStatus(f.Status) {
	case "":
	case AccessPending, AccessGranted, AccessRefused:
		q = q.Where("status = ?", f.Status)
	default:
		return nil, 0, Invalid(map[string]string{"status": "状态只能是 pending、granted 或 refused"})
	}
	out, total, err := findPageEach(q, "id DESC", f.Page, func(r *AccessRequest) { r.Actions = accessActions(actor, r) })
	if err != nil {
		return nil, 0, err
	}
	return out, total, nameRequesters(db, out)
}

func nameRequesters(db *gorm.DB, rs []AccessRequest) error {
	var uids, oids []int64
	for _, r := range rs {
		uids, oids = append(uids, r.RequesterID), append(oids, r.RequesterOrgID)
	}
	if len(rs) == 0 {
		return nil
	}
	names, err := namesOf(db, &User{}, "name", uids)
	if err != nil {
		return err
	}
	orgs, err := orgMap(db, oids)
	if err != nil {
		return err
	}
	for i := range rs {
		rs[i].RequesterName, rs[i].RequesterOrg = names[rs[i].RequesterID], orgs[rs[i].RequesterOrgID].Name
	}
	return nil
}

// DecideAccess grants or refuses a pending request; only the owner
// organisation decides, and a refusal says why. The requester is told.
func (m *Market) DecideAccess(ctx context.Context, actor Actor, id int64, act AccessAction, reason string) (*AccessRequest, error) {
	db := m.db.WithContext(ctx)
	reason = strings.TrimSpace(reason)
	if act == AccessRefuse {
		if err := invalidIf(checkLen, "reason", reason, 1, 500, "拒绝理由"); err != nil {
			return nil, err
		}
	}
	var out *AccessRequest
	err := db.Transaction(func(tx *gorm.DB) error {
		r, err := lockByID[AccessRequest](tx, id, ErrAccessRequestNotFound)
		if err != nil {
			return err
		}
		if err := checkAccessAct(actor, r, act); err != nil {
			return err
		}
		next, _ := NextAccessStatus(r.Status, act)
		before := *r
		now := m.now().UTC()
		r.Status, r.DecidedBy, r.DecidedAt = next, &actor.UserID, &now
		title := fmt.Sprintf("您查看%s《%s》保密详情的申请已获批准", kindName(r.Kind), r.ListingTitle)
		body := ""
		if act == AccessRefuse {
			r.RefuseReason = reason
			title = fmt.Sprintf("您查看%s《%s》保密详情的申请未获同意", kindName(r.Kind), r.ListingTitle)
			body = "理由：" + reason
		}
		// The owner's members answering at once: the conditional update lets
		// one answer count, and only that one notifies and audits.
		if err := moved(tx.Model(r).Where("status = ?", AccessPending).Select("status", "refuse_reason", "decided_by", "decided_at", "updated_at").Updates(r),
			ErrAlreadyDecided); err != nil {
			return err
		}
		if err := notify(tx, Notification{UserID: r.RequesterID, Kind: "access." + string(r.Status), Title: title, Body: body,
			Link: fmt.Sprintf("/%ss/%d", r.Kind, r.ListingID)}); err != nil {
			return err
		}
		out = r
		return Audit(tx, actor, "access."+string(r.Status), "access_request", r.ID, before, r)
	})
	if err != nil {
		return nil, err
	}
	out.Actions = accessActions(actor, out)
	rs := []AccessRequest{*out}
	return &rs[0], nameRequesters(db, rs)
}
