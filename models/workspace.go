package models

import (
	"context"
	"fmt"
	"time"
)

// The workspace (工作台) is where a member lands after login: what waits for
// them, by role, each item counted and its first few entries listed by the
// same list method (and filter) that the page where it is done uses, so the
// count on the workspace is the total that page shows.

// WorkItem is one kind of thing to do: its key (the page knows its label and
// where it is done), how many, and the first few.
type WorkItem struct {
	Key     string      `json:"key"`
	Count   int64       `json:"count"`
	Entries []WorkEntry `json:"entries"`
}

// WorkEntry is one thing to do. ID is what its link needs (a listing's,
// a contract's, a notice's, an auction's id, by the item's key).
type WorkEntry struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Note  string `json:"note"`
	// At is the date that matters: when a listing ends, a lot closes, a review is due.
	At *time.Time `json:"at,omitempty"`
	// Urgent marks an entry to do first: a review near or past its deadline,
	// a bid overtaken, a listing already due for confirmation.
	Urgent bool `json:"urgent"`
	// For the agency's review queue: working days waited and allowed.
	WaitedDays   int `json:"waited_working_days,omitempty"`
	DeadlineDays int `json:"deadline_working_days,omitempty"`
}

// Workspace is the caller's to-do list.
type Workspace struct {
	Role Role `json:"role"`
	// Verified: the organisation is verified; without it the roles that act
	// on others (admin, broker, reviewer) have nothing to do yet.
	Verified bool       `json:"verified"`
	Items    []WorkItem `json:"items"`
}

// WorkspaceEntries is how many entries each item lists.
const WorkspaceEntries = 5

// UrgentWithinDays: a review with this many working days left or fewer is urgent.
const UrgentWithinDays = 3

// Workspace gathers the caller's to-do list for their role.
func (m *Market) Workspace(ctx context.Context, actor Actor) (*Workspace, error) {
	if err := actor.RequireMember(); err != nil {
		return nil, err
	}
	w := &Workspace{Role: actor.Role, Verified: actor.OrgVerified, Items: []WorkItem{}}
	p := NewPage(1, WorkspaceEntries)
	add := func(key string, count int64, entries []WorkEntry) {
		if entries == nil {
			entries = []WorkEntry{}
		}
		w.Items = append(w.Items, WorkItem{Key: key, Count: count, Entries: entries})
	}
	var steps []func() error
	moderation := func() error {
		as, na, err := m.Achievements().List(ctx, actor, ListingFilter{Status: string(StatusPending), Page: p})
		if err := addEntries(add, "achievements_pending", as, na, err, func(a *Achievement) WorkEntry { return listingEntry(&a.Listing) }); err != nil {
			return err
		}
		ns, nn, err := m.Needs().List(ctx, actor, ListingFilter{Status: string(StatusPending), Page: p})
		return addEntries(add, "needs_pending", ns, nn, err, func(n *Need) WorkEntry { return listingEntry(&n.Listing) })
	}
	switch {
	case actor.Role == RoleAdmin && actor.Acts(RoleAdmin):
		steps = []func() error{moderation,
			func() error { return m.workReports(ctx, actor, p, add) },
			func() error { return m.workVerifications(ctx, p, add) },
			func() error { return m.workMemberships(ctx, actor, p, add) },
			func() error { return m.workObjections(ctx, actor, p, add) },
		}
	case actor.Role == RoleBroker && actor.Acts(RoleBroker):
		steps = []func() error{
			func() error { return m.workPipeline(ctx, actor, p, add) },
			func() error { return m.workLeads(ctx, actor, add) },
			moderation,
		}
	case actor.Role == RoleReviewer && actor.Acts(RoleReviewer):
		steps = []func() error{
			func() error { return m.workReviews(ctx, actor, p, add) },
			func() error { return m.workAmendments(ctx, actor, p, add) },
		}
	case actor.Role == RoleSupplier:
		steps = []func() error{
			func() error { return m.workDeals(ctx, actor, p, add) },
			func() error { return m.workContracts(ctx, actor, p, add) },
			func() error { return m.workMatches(ctx, actor, p, add) },
			func() error {
				return workExpiring(ctx, m.Achievements(), actor, p, "achievements_expiring", m.now(), add)
			},
			func() error { return m.workAccessRequests(ctx, actor, p, add) },
		}
	case actor.Role == RoleDemander:
		steps = []func() error{
			func() error { return m.workContracts(ctx, actor, p, add) },
			func() error { return m.workMatches(ctx, actor, p, add) },
			func() error { return workExpiring(ctx, m.Needs(), actor, p, "needs_expiring", m.now(), add) },
			func() error { return m.workAccessRequests(ctx, actor, p, add) },
			func() error { return m.workLiveBids(ctx, actor, add) },
		}
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

type addItem func(key string, count int64, entries []WorkEntry)

// addEntries adds, under key, the count of a list and an entry for each of
// the items read, made by entry; or passes on the error of reading them.
func addEntries[T any](add addItem, key string, items []T, count int64, err error, entry func(*T) WorkEntry) error {
	if err != nil {
		return err
	}
	out := make([]WorkEntry, len(items))
	for i := range items {
		out[i] = entry(&items[i])
	}
	add(key, count, out)
	return nil
}

func listingEntry(l *Listing) WorkEntry { return WorkEntry{ID: l.ID, Title: l.Title, Note: l.OrgName} }

func matchEntry(x *Match) WorkEntry {
	return WorkEntry{ID: x.ID, Title: x.AchievementTitle, Note: x.NeedTitle}
}

func (m *Market) workReports(ctx context.Context, actor Actor, p Page, add addItem) error {
	rs, n, err := m.ListReports(ctx, actor, string(ReportOpen), p)
	return addEntries(add, "reports_open", rs, n, err, func(r *ListingReport) WorkEntry {
		return WorkEntry{ID: r.ID, Title: r.ListingTitle, Note: r.Reason}
	})
}

func (m *Market) workVerifications(ctx context.Context, p Page, add addItem) error {
	os, n, err := m.ListOrgs(ctx, OrgFilter{Status: string(OrgPending), Requested: true, Page: p})
	return addEntries(add, "verifications_pending", os, n, err, func(o *Organization) WorkEntry {
		return WorkEntry{ID: o.ID, Title: o.Name, At: o.VerificationRequestedAt}
	})
}

// MarketApprovedOrgTypes are the kinds of organisation whose join requests a
// market admin decides (see MarketApprovesMembers).
var MarketApprovedOrgTypes = []OrgType{OrgAgency, OrgBureau}

func (m *Market) workMemberships(ctx context.Context, actor Actor, p Page, add addItem) error {
	ms, n, err := m.ListMembers(ctx, actor, MemberFilter{Status: MemberPending, OrgType: MarketApprovedOrgTypes, Page: p})
	return addEntries(add, "memberships_pending", ms, n, err, func(mem *Member) WorkEntry {
		name := mem.Name
		if name == "" {
			name = mem.Username
		}
		return WorkEntry{ID: mem.ID, Title: name, Note: mem.OrgName}
	})
}

// PendingObjection is an objection waiting for a market admin's ruling,
// with the notice it is against.
type PendingObjection struct {
	Objection
	NoticeTitle  string    `json:"notice_title"`
	NoticeEndsAt time.Time `json:"notice_ends_at"`
}

// PendingObjections lists the objections a market admin has to rule on, the
// oldest first.
func (m *Market) PendingObjections(ctx context.Context, actor Actor, p Page) ([]PendingObjection, int64, error) {
	if !actor.Acts(RoleAdmin) {
		return nil, 0, ErrForbidden
	}
	q := m.db.WithContext(ctx).Table("objections").Joins("JOIN notices ON notices.id = objections.notice_id").
		Where("objections.status = ?", ObjectionPending)
	return scanPage[PendingObjection](q, "objections.*, notices.title AS notice_title, notices.ends_at AS notice_ends_at", "objections.id", p)
}

func (m *Market) workObjections(ctx context.Context, actor Actor, p Page, add addItem) error {
	os, n, err := m.PendingObjections(ctx, actor, p)
	return addEntries(add, "objections_pending", os, n, err, func(o *PendingObjection) WorkEntry {
		ends := o.NoticeEndsAt
		return WorkEntry{ID: o.NoticeID, Title: o.NoticeTitle, Note: o.Reason, At: &ends}
	})
}

// pipelineStages are the broker's match statuses, in the order of the pipeline.
var pipelineStages = []MatchStatus{MatchProposed, MatchContacted, MatchNegotiating, MatchAgreed, MatchFailed}

func (m *Market) workPipeline(ctx context.Context, actor Actor, p Page, add addItem) error {
	for _, st := range pipelineStages {
		ms, n, err := m.ListMatches(ctx, actor, MatchFilter{Status: string(st), Page: p})
		if err := addEntries(add, "matches_"+string(st), ms, n, err, matchEntry); err != nil {
			return err
		}
	}
	return nil
}

func (m *Market) workLeads(ctx context.Context, actor Actor, add addItem) error {
	is, err := m.ListIntents(ctx, actor, 0)
	if err != nil {
		return err
	}
	out := []WorkEntry{}
	for i := 0; i < len(is) && i < WorkspaceEntries; i++ {
		out = append(out, WorkEntry{ID: is[i].RoadshowID, Title: is[i].Title, Note: is[i].OrgName})
	}
	add("roadshow_intents", int64(len(is)), out)
	// 我有意向 on listings: the open ones any broker firm may take up.
	ls, n, err := m.Leads(ctx, actor, LeadFilter{Status: "open", Page: Page{Page: 1, Size: WorkspaceEntries}})
	return addEntries(add, "interest_leads", ls, n, err, func(l *Interest) WorkEntry {
		return WorkEntry{ID: l.ListingID, Title: l.ListingTitle, Note: l.OrgName + "有意向"}
	})
}

func (m *Market) workReviews(ctx context.Context, actor Actor, p Page, add addItem) error {
	cs, n, err := m.ListContracts(ctx, actor, ContractFilter{Status: string(ContractSubmitted), Page: p})
	if err != nil {
		return err
	}
	now := m.now()
	cal, err := m.Calendar(ctx)
	return addEntries(add, "contracts_submitted", cs, n, err, func(c *Contract) WorkEntry {
		e := WorkEntry{ID: c.ID, Title: c.Title, Note: "卖方：" + c.SellerName, DeadlineDays: ReviewDeadline(c)}
		if c.SubmittedAt != nil {
			e.WaitedDays = cal.WorkingDaysBetween(*c.SubmittedAt, now)
			due := cal.AddWorkingDays(*c.SubmittedAt, e.DeadlineDays)
			e.At = &due
		}
		e.Urgent = e.DeadlineDays-e.WaitedDays <= UrgentWithinDays
		return e
	})
}

func (m *Market) workAmendments(ctx context.Context, actor Actor, p Page, add addItem) error {
	as, n, err := m.AmendmentQueue(ctx, actor, AmendmentSubmitted, p)
	return addEntries(add, "amendments_submitted", as, n, err, func(a *QueuedAmendment) WorkEntry {
		return WorkEntry{ID: a.ContractID, Title: a.ContractTitle, Note: a.SellerName}
	})
}

func (m *Market) workDeals(ctx context.Context, actor Actor, p Page, add addItem) error {
	ds, n, err := m.ListDeals(ctx, actor, DealFilter{ToDo: true, Page: p})
	if err != nil {
		return err
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	titles, err := m.DealTitles(ctx, ids)
	if err != nil {
		return err
	}
	return addEntries(add, "deals_awaiting_seller", ds, n, nil, func(d *Deal) WorkEntry {
		return WorkEntry{ID: d.ID, Title: titles[d.ID], Note: fmt.Sprintf("成交价 %s", yuan(d.PriceFen))}
	})
}

func (m *Market) workContracts(ctx context.Context, actor Actor, p Page, add addItem) error {
	cs, n, err := m.ListContracts(ctx, actor, ContractFilter{ToDo: true, Page: p})
	return addEntries(add, "contracts_to_confirm", cs, n, err, func(c *Contract) WorkEntry {
		// The other party: the buyer for the seller, the seller for the buyer.
		other := "卖方：" + c.SellerName
		if c.SellerOrgID == actor.OrgID {
			other = "买方：" + c.BuyerName
		}
		return WorkEntry{ID: c.ID, Title: c.Title, Note: other}
	})
}

func (m *Market) workMatches(ctx context.Context, actor Actor, p Page, add addItem) error {
	ms, n, err := m.ListMatches(ctx, actor, MatchFilter{ToDo: true, Page: p})
	return addEntries(add, "matches_to_answer", ms, n, err, matchEntry)
}

func workExpiring[T any, P ListingPtr[T]](ctx context.Context, ls Listings[T, P], actor Actor, p Page, key string, now time.Time, add addItem) error {
	items, n, err := ls.List(ctx, actor, ListingFilter{OrgID: actor.OrgID, Expiring: true, Page: p})
	return addEntries(add, key, items, n, err, func(x *T) WorkEntry {
		it := P(x)
		l := it.base()
		e := WorkEntry{ID: l.ID, Title: l.Title, At: it.expiresAt()}
		confirmed := l.PublishedAt
		if l.LastConfirmedAt != nil {
			confirmed = l.LastConfirmedAt
		}
		if confirmed != nil && confirmed.Before(now.Add(-StaleAfter)) {
			e.Note, e.Urgent = "超过 30 天未确认", true
		} else {
			e.Note = "即将到期"
		}
		return e
	})
}

func (m *Market) workAccessRequests(ctx context.Context, actor Actor, p Page, add addItem) error {
	rs, n, err := m.ListAccessRequests(ctx, actor, AccessFilter{Side: "owner", Status: string(AccessPending), Page: p})
	return addEntries(add, "access_requests_pending", rs, n, err, func(r *AccessRequest) WorkEntry {
		return WorkEntry{ID: r.ID, Title: r.ListingTitle, Note: r.RequesterOrg}
	})
}

// LiveBid is a lot in a running auction on which the caller's organisation
// has bid, with its highest bid.
type LiveBid struct {
	Lot
	OwnBestFen int64 `json:"own_best_fen"`
	Leading    bool  `json:"leading"`
}

// LiveBids lists the open lots of started auctions on which the caller's
// organisation has bid, closing soonest first.
func (m *Market) LiveBids(ctx context.Context, actor Actor) ([]LiveBid, error) {
	if err := actor.RequireMember(); err != nil {
		return nil, err
	}
	db := m.db.WithContext(ctx)
	lots := []Lot{}
	err := db.Model(&Lot{}).Joins("JOIN auctions ON auctions.id = lots.auction_id").
		Where("lots.status = ? AND auctions.starts_at <= ? AND lots.id IN (?)", LotOpen, m.now().UTC(),
			db.Model(&Bid{}).Select("lot_id").Where("org_id = ?", actor.OrgID)).
		Select("lots.*").Order("lots.ends_at, lots.id").Find(&lots).Error
	if err != nil {
		return nil, err
	}
	out := make([]LiveBid, len(lots))
	for i, l := range lots {
		out[i] = LiveBid{Lot: l, Leading: l.LeaderOrgID != nil && *l.LeaderOrgID == actor.OrgID}
		if err := db.Model(&Bid{}).Where("lot_id = ? AND org_id = ?", l.ID, actor.OrgID).
			Select("COALESCE(MAX(amount_fen), 0)").Scan(&out[i].OwnBestFen).Error; err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (m *Market) workLiveBids(ctx context.Context, actor Actor, add addItem) error {
	bs, err := m.LiveBids(ctx, actor)
	if err != nil {
		return err
	}
	out := []WorkEntry{}
	for i := 0; i < len(bs) && i < WorkspaceEntries; i++ {
		b := bs[i]
		ends := b.EndsAt
		note := fmt.Sprintf("当前价 %s · 我方出价 %s · ", yuan(b.CurrentPriceFen), yuan(b.OwnBestFen))
		if b.Leading {
			note += "领先"
		} else {
			note += "已被超越"
		}
		out = append(out, WorkEntry{ID: b.AuctionID, Title: b.Title, Note: note, At: &ends, Urgent: !b.Leading})
	}
	add("live_bids", int64(len(bs)), out)
	return nil
}
