package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// listing is implemented by *Achievement and *Need, the two kinds of listing.
type listing interface {
	Kind() string
	base() *Listing
	check(map[string]string)
	expiresAt() *time.Time
	ownerRoles() []Role
}

// ListingPtr is the type constraint of the functions shared by both kinds.
type ListingPtr[T any] interface {
	*T
	listing
}

// Listings are the market's listings of one kind, achievements or needs.
// Both kinds share the workflow, so its methods are written once over the
// kind: a Go method cannot take type parameters of its own, a method of
// this generic type can use its type's.
type Listings[T any, P ListingPtr[T]] struct{ m *Market }

// ListingsOf is the market's listings of kind T.
func ListingsOf[T any, P ListingPtr[T]](m *Market) Listings[T, P] { return Listings[T, P]{m} }

// Achievements are the market's research achievements (科技成果).
func (m *Market) Achievements() Listings[Achievement, *Achievement] {
	return ListingsOf[Achievement](m)
}

// Needs are the market's technical needs (技术需求).
func (m *Market) Needs() Listings[Need, *Need] { return ListingsOf[Need](m) }

func kindName(kind string) string {
	if kind == "need" {
		return "需求"
	}
	return "成果"
}

func listingNotFound(kind string) *Error {
	if kind == "need" {
		return ErrNeedNotFound
	}
	return ErrAchievementNotFound
}

// CreateListing saves a new draft owned by the actor's organisation.
func (ls Listings[T, P]) Create(ctx context.Context, actor Actor, item P) error {
	db := ls.m.db.WithContext(ctx)
	if err := actor.Require(item.ownerRoles()...); err != nil {
		return err
	}
	l := item.base()
	l.ID, l.OrgID, l.CreatedBy = 0, actor.OrgID, actor.UserID
	// external_id belongs to the import alone: taken from a body, it would
	// let a user claim a row of a later import.
	l.ExternalID = nil
	l.Status, l.CloseReason, l.RejectReason, l.PublishedAt = StatusDraft, "", "", nil
	l.LastConfirmedAt, l.ConfirmRemindedAt, l.TakedownReason = nil, nil, ""
	if f := validate(item, ls.m.now()); len(f) > 0 {
		return Invalid(f)
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(item).Error; err != nil {
			return err
		}
		if err := saveConfidential(tx, item.Kind(), l); err != nil {
			return err
		}
		return emitListing(tx, item)
	})
	if err != nil {
		return err
	}
	l.Actions = listingActions(actor, item, listingFacts{now: ls.m.now()})
	return nil
}

func validate(item listing, now time.Time) map[string]string {
	f := map[string]string{}
	item.check(f)
	checkConfidential(f, item.base())
	if e := item.expiresAt(); e != nil && e.Before(now.Add(-24*time.Hour)) && item.base().Status == StatusDraft {
		f[expiryField(item)] = "日期不能早于今天"
	}
	return f
}

func expiryField(item listing) string {
	if item.Kind() == "need" {
		return "deadline"
	}
	return "valid_until"
}

func emitListing(tx *gorm.DB, item listing) error {
	l := item.base()
	return emit(tx, "listing.changed", item.Kind(), l.ID, map[string]any{"status": l.Status})
}

// listingChanged tells the listing's pages and the audit log (action
// <kind>.<what>: confirm, relist, attachment_added…) that the actor changed it.
func listingChanged(tx *gorm.DB, actor Actor, item listing, what string, before, after any) error {
	if err := emitListing(tx, item); err != nil {
		return err
	}
	return Audit(tx, actor, item.Kind()+"."+what, item.Kind(), item.base().ID, before, after)
}

// fromOutside reads the listing as the public sees it, for a logged-in
// actor's act on it from outside its organisation (star, feedback,
// interest, report): whom it is hidden from does not depend on the actor.
func (ls Listings[T, P]) fromOutside(ctx context.Context, actor Actor, id int64) (P, error) {
	if !actor.LoggedIn() {
		return nil, ErrUnauthenticated
	}
	return ls.Get(ctx, Actor{}, id)
}

// GetListing loads a listing the actor may see: published ones for anyone,
// others only for the owner organisation and moderators. Others get "not
// found", so ids cannot be probed. Contacts are blanked for those not entitled.
func (ls Listings[T, P]) Get(ctx context.Context, actor Actor, id int64) (P, error) {
	db := ls.m.db.WithContext(ctx)
	item := P(new(T))
	if err := db.First(item, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, listingNotFound(item.Kind())
		}
		return nil, err
	}
	l := item.base()
	if !actor.mayView(l) {
		return nil, listingNotFound(item.Kind())
	}
	if !actor.CanSeeContact(l.OrgID) {
		l.HideContact()
	}
	if err := describeListings(db, actor, ls.m.now(), []P{item}); err != nil {
		return nil, err
	}
	if err := revealConfidential(db, actor, item.Kind(), l); err != nil {
		return nil, err
	}
	atts, err := visibleAttachments(db, actor, item, ls.m.now())
	l.Attachments = atts
	return item, err
}

// orgNameMap reads the names of the organisations, for pages that show them.
func orgNameMap(db *gorm.DB, ids []int64) (map[int64]string, error) {
	return namesOf(db, &Organization{}, "name", ids)
}

// namesOf reads one text column of the rows of model with the given ids, by
// id: the users' names, the listings' titles pages show beside a row.
func namesOf(db *gorm.DB, model any, column string, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64
		Name string
	}
	if err := db.Model(model).Select("id, "+column+" AS name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}

// orgMap reads the names and verification of the organisations, for pages
// that show them.
func orgMap(db *gorm.DB, ids []int64) (map[int64]Organization, error) {
	return orgsByID(db, ids, "id, name, status")
}

// orgsByID reads the columns of the organisations with the given ids, by id.
func orgsByID(db *gorm.DB, ids []int64, columns string) (map[int64]Organization, error) {
	out := map[int64]Organization{}
	if len(ids) == 0 {
		return out, nil
	}
	var orgs []Organization
	if err := db.Select(columns).Where("id IN ?", ids).Find(&orgs).Error; err != nil {
		return nil, err
	}
	for _, o := range orgs {
		out[o.ID] = o
	}
	return out, nil
}

// describeListings fills what pages show beside a listing's own columns:
// the organisation's name and badge, whether confidential detail exists,
// the completeness score, for the owner the hints to raise it, and what the
// caller may do with each.
func describeListings[T any, P ListingPtr[T]](db *gorm.DB, actor Actor, now time.Time, items []P) error {
	if len(items) == 0 {
		return nil
	}
	var orgIDs, ids []int64
	for _, it := range items {
		orgIDs = append(orgIDs, it.base().OrgID)
		ids = append(ids, it.base().ID)
	}
	orgs, err := orgMap(db, orgIDs)
	if err != nil {
		return err
	}
	var secret []int64
	if err := db.Model(&ListingConfidential{}).Where("kind = ? AND listing_id IN ? AND detail <> ''", items[0].Kind(), ids).
		Pluck("listing_id", &secret).Error; err != nil {
		return err
	}
	// Confidential attachments are part of the detail too.
	has, err := confidentialFiles(db, items[0].Kind(), ids)
	if err != nil {
		return err
	}
	for _, id := range secret {
		has[id] = true
	}
	facts, err := listingFactsOf(db, actor, items[0].Kind(), ids, now)
	if err != nil {
		return err
	}
	for _, it := range items {
		l := it.base()
		o := orgs[l.OrgID]
		l.OrgName, l.OrgVerified, l.HasConfidential = o.Name, o.Verified(), has[l.ID]
		score, hints := Completeness(it)
		l.Completeness = score
		if actor.LoggedIn() && actor.OrgID == l.OrgID {
			l.QualityHints = hints
		}
		l.Actions, l.Interested = listingActions(actor, it, facts[l.ID]), facts[l.ID].interested
	}
	return countInterest(db, actor, items)
}

// countInterest tells the owner organisation (and market admins) how many
// starred each listing and how many organisations are interested.
func countInterest[T any, P ListingPtr[T]](db *gorm.DB, actor Actor, items []P) error {
	var ids []int64
	for _, it := range items {
		if actor.CanSeeOrgPrivate(it.base().OrgID) {
			ids = append(ids, it.base().ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	kind := items[0].Kind()
	count := func(model any) (map[int64]int64, error) {
		var rows []struct {
			ListingID int64
			N         int64
		}
		err := db.Model(model).Select("listing_id, COUNT(*) AS n").Where("kind = ? AND listing_id IN ?", kind, ids).
			Group("listing_id").Scan(&rows).Error
		out := map[int64]int64{}
		for _, r := range rows {
			out[r.ListingID] = r.N
		}
		return out, err
	}
	favs, err := count(&Favourite{})
	if err != nil {
		return err
	}
	interests, err := count(&Interest{})
	if err != nil {
		return err
	}
	for _, it := range items {
		l := it.base()
		if actor.CanSeeOrgPrivate(l.OrgID) {
			f, i := favs[l.ID], interests[l.ID]
			l.FavouriteCount, l.InterestCount = &f, &i
		}
	}
	return nil
}

// listingFactsOf reads, for the listings of one kind, what the rules of
// their acts need beyond the rows: the actor's requests for confidential
// detail and open reports. Only a verified member has any.
func listingFactsOf(db *gorm.DB, actor Actor, kind string, ids []int64, now time.Time) (map[int64]listingFacts, error) {
	out := make(map[int64]listingFacts, len(ids))
	for _, id := range ids {
		out[id] = listingFacts{now: now}
	}
	if !actor.LoggedIn() || len(ids) == 0 {
		return out, nil
	}
	// mark sets, with set, a fact of each listing whose id q plucks.
	mark := func(q *gorm.DB, set func(*listingFacts)) error {
		var marked []int64
		if err := q.Pluck("listing_id", &marked).Error; err != nil {
			return err
		}
		for _, id := range marked {
			f := out[id]
			set(&f)
			out[id] = f
		}
		return nil
	}
	if err := mark(db.Model(&Favourite{}).Where("kind = ? AND listing_id IN ? AND user_id = ?", kind, ids, actor.UserID),
		func(f *listingFacts) { f.favourited = true }); err != nil {
		return nil, err
	}
	if !actor.Active() || !actor.OrgVerified {
		return out, nil
	}
	// 我有意向 once per organisation; a lead from its roadshow intent is not one.
	if err := mark(db.Model(&Interest{}).Where("kind = ? AND listing_id IN ? AND org_id = ? AND roadshow_id IS NULL", kind, ids, actor.OrgID),
		func(f *listingFacts) { f.interested = true }); err != nil {
		return nil, err
	}
	var reqs []AccessRequest
	if err := db.Select("listing_id", "status").Where("kind = ? AND listing_id IN ? AND requester_id = ?", kind, ids, actor.UserID).
		Find(&reqs).Error; err != nil {
		return nil, err
	}
	for _, r := range reqs {
		f := out[r.ListingID]
		f.access = r.Status
		out[r.ListingID] = f
	}
	if err := mark(db.Model(&ListingReport{}).Where("kind = ? AND listing_id IN ? AND reporter_id = ? AND status = ?", kind, ids, actor.UserID, ReportOpen),
		func(f *listingFacts) { f.reported = true }); err != nil {
		return nil, err
	}
	return out, nil
}

func (a Actor) mayModerate() bool { return a.Acts(RoleAdmin, RoleBroker) }

// mayView is who sees a listing: a published one anyone; one waiting for
// review also the moderators; a draft, a rejected or a closed one only its
// own organisation (a market admin also a closed one, which may have been
// taken down on a report).
func (a Actor) mayView(l *Listing) bool {
	switch {
	case l.Status == StatusPublished || a.OwnOrg(l.OrgID):
		return true
	case l.Status == StatusPending:
		return a.mayModerate()
	case l.Status == StatusClosed:
		return a.Acts(RoleAdmin)
	}
	return false
}

// UpdateListing replaces the content of a draft or rejected listing of the actor's organisation.
func (ls Listings[T, P]) Update(ctx context.Context, actor Actor, id int64, item P) error {
	db := ls.m.db.WithContext(ctx)
	return db.Transaction(func(tx *gorm.DB) error {
		cur, err := ls.lockFor(tx, actor, id, ActEdit)
		if err != nil {
			return err
		}
		c := cur.base()
		l := item.base()
		l.ID, l.OrgID, l.CreatedBy, l.CreatedAt = c.ID, c.OrgID, c.CreatedBy, c.CreatedAt
		l.Status, l.CloseReason, l.RejectReason, l.PublishedAt, l.ExternalID = c.Status, c.CloseReason, c.RejectReason, c.PublishedAt, c.ExternalID
		l.LastConfirmedAt, l.ConfirmRemindedAt, l.TakedownReason = c.LastConfirmedAt, c.ConfirmRemindedAt, c.TakedownReason
		if f := validate(item, ls.m.now()); len(f) > 0 {
			return Invalid(f)
		}
		if err := tx.Select("*").Omit("created_at").Save(item).Error; err != nil {
			return err
		}
		if err := saveConfidential(tx, item.Kind(), l); err != nil {
			return err
		}
		return emitListing(tx, item)
	})
}

// lockListing reads a listing for update (row lock on PostgreSQL; SQLite's
// immediate transaction already holds the write lock).
func lockListing[T any, P ListingPtr[T]](tx *gorm.DB, id int64) (P, error) {
	row, err := lockByID[T](tx, id, listingNotFound(P(new(T)).Kind()))
	return P(row), err
}

// lockFor locks the listing for actor's act, refused as checkListingAct
// says: the opening every write path on one listing shares.
func (ls Listings[T, P]) lockFor(tx *gorm.DB, actor Actor, id int64, act ListingAction) (P, error) {
	item, err := lockListing[T, P](tx, id)
	if err != nil {
		return nil, err
	}
	if err := checkListingAct(actor, item, act, listingFacts{now: ls.m.now()}); err != nil {
		return nil, err
	}
	return item, nil
}

// TransitionListing applies an action of the state machine, checking who may do it.
func (ls Listings[T, P]) Transition(ctx context.Context, actor Actor, id int64, act ListingAction, reason string) (P, error) {
	db := ls.m.db.WithContext(ctx)
	var out P
	err := db.Transaction(func(tx *gorm.DB) error {
		item, err := ls.lockFor(tx, actor, id, act)
		if err != nil {
			return err
		}
		l := item.base()
		before := *l
		if act == ActSubmit {
			if f := validate(item, ls.m.now()); len(f) > 0 {
				return Invalid(f)
			}
		}
		reason = strings.TrimSpace(reason)
		if act == ActReject && reason == "" {
			return Invalid(map[string]string{"reason": "请填写驳回理由"})
		}
		if len([]rune(reason)) > 500 {
			return Invalid(map[string]string{"reason": "理由不能超过 500 字"})
		}
		next, closeReason, _ := NextStatus(l.Status, l.CloseReason, act)
		l.Status, l.CloseReason = next, closeReason
		switch act {
		case ActReject:
			l.RejectReason = reason
		case ActApprove:
			now := ls.m.now().UTC()
			l.PublishedAt, l.RejectReason, l.LastConfirmedAt, l.ConfirmRemindedAt, l.TakedownReason = &now, "", &now, nil, ""
		}
		// From the status it was judged in, by a conditional update: of the
		// same act at once (two moderators approving, the scheduler expiring)
		// one moves the listing and only that one notifies, emits and audits.
		if err := moved(tx.Model(item).Where("status = ? AND close_reason = ?", before.Status, before.CloseReason).
			Select("status", "close_reason", "reject_reason", "published_at", "last_confirmed_at", "confirm_reminded_at", "takedown_reason", "updated_at").Updates(item),
			ErrBadTransition.Say("该"+kindName(item.Kind())+"刚被他人处理，请刷新")); err != nil {
			return err
		}
		if err := emitListing(tx, item); err != nil {
			return err
		}
		if act == ActApprove || act == ActReject || act == ActExpire {
			if err := notifyListingOwner(tx, item, act, reason); err != nil {
				return err
			}
		}
		out = item
		return Audit(tx, actor, item.Kind()+"."+string(act), item.Kind(), l.ID, before, l)
	})
	if err != nil || !actor.LoggedIn() {
		return out, err
	}
	return out, describeListings(db, actor, ls.m.now(), []P{out})
}

// ListingFilter selects listings for the owner's and moderators' lists.
type ListingFilter struct {
	OrgID      int64
	Status     string
	ExternalID string
	// Expiring: published listings whose validity or deadline ends within
	// ExpiringWithin, or that have gone StaleAfter without a confirmation (the
	// owner's to-do; implies Status published).
	Expiring bool
	Page
}

// ExpiringWithin is how far ahead an owner is told that a listing's validity
// or deadline ends.
const ExpiringWithin = 30 * 24 * time.Hour

// ListListings returns listings newest first; public callers (OrgID 0,
// Status "published") only ever get published ones.
func (ls Listings[T, P]) List(ctx context.Context, actor Actor, f ListingFilter) ([]T, int64, error) {
	db := ls.m.db.WithContext(ctx)
	q := db.Model(P(new(T)))
	if f.OrgID != 0 {
		q = q.Where("org_id = ?", f.OrgID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.ExternalID != "" {
		q = q.Where("external_id = ?", f.ExternalID)
	}
	if f.Expiring {
		now := ls.m.now().UTC()
		col := expiryColumn(P(new(T)))
		q = q.Where("status = ? AND (("+col+" IS NOT NULL AND "+col+" < ?) OR COALESCE(last_confirmed_at, published_at) < ?)",
			StatusPublished, now.Add(ExpiringWithin), now.Add(-StaleAfter))
	}
	items, total, err := findPage[T](q, "id DESC", f.Page)
	if err != nil {
		return nil, 0, err
	}
	ptrs := make([]P, len(items))
	for i := range items {
		ptrs[i] = P(&items[i])
		if l := ptrs[i].base(); !actor.CanSeeContact(l.OrgID) {
			l.HideContact()
		}
	}
	return items, total, describeListings(db, actor, ls.m.now(), ptrs)
}

// ExpireListings closes published listings whose validity or deadline has
// passed and tells their owners. Returns how many it closed.
func (ls Listings[T, P]) Expire(ctx context.Context, now time.Time) (int, error) {
	db := ls.m.db.WithContext(ctx)
	item := P(new(T))
	col := expiryColumn(item)
	var ids []int64
	if err := db.Model(item).Where("status = ? AND "+col+" IS NOT NULL AND "+col+" < ?", StatusPublished, now.UTC()).Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := ls.Transition(ctx, Actor{}, id, ActExpire, "")
		if me, ok := AsError(err); ok && me.Code == "bad_transition" {
			continue // another process expired it first
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// expiryColumn is the column that ends a listing: an achievement's validity,
// a need's deadline.
func expiryColumn[P interface{ Kind() string }](item P) string {
	if item.Kind() == "need" {
		return "deadline"
	}
	return "valid_until"
}
