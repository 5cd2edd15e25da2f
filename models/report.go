package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ReportStatus is where a report stands in the admins' queue.
type ReportStatus string

const (
	ReportOpen      ReportStatus = "open"       // waits for an admin
	ReportDismissed ReportStatus = "dismissed"  // nothing wrong found
	ReportTakenDown ReportStatus = "taken_down" // the listing was taken down on it
)

// ReportAction is an admin's resolution of a report.
type ReportAction string

const (
	ReportDismiss  ReportAction = "dismiss"   // 驳回举报
	ReportTakeDown ReportAction = "take_down" // 下架
)

// ReportActions lists every action, in the order pages show them.
var ReportActions = []ReportAction{ReportDismiss, ReportTakeDown}

var reportMoves = map[ReportStatus]map[ReportAction]ReportStatus{
	ReportOpen: {ReportDismiss: ReportDismissed, ReportTakeDown: ReportTakenDown},
}

// NextReportStatus is the report's workflow: open → dismissed | taken_down, once.
func NextReportStatus(from ReportStatus, act ReportAction) (ReportStatus, error) {
	if to, ok := reportMoves[from][act]; ok {
		return to, nil
	}
	// Resolved already: said as before, by the code pages know.
	return from, ErrAlreadyResolved.Sayf("该举报%s，不能再%s", map[ReportStatus]string{ReportOpen: "待处理", ReportDismissed: "已驳回", ReportTakenDown: "已下架"}[from],
		map[ReportAction]string{ReportDismiss: "驳回", ReportTakeDown: "下架"}[act])
}

// checkReportAct is the one decision of whether actor may resolve the
// report so: a market admin, while it is open; taking down needs the
// listing still published (listingPublished, read with the report).
func checkReportAct(actor Actor, r *ListingReport, act ReportAction, listingPublished bool) error {
	if err := actor.RequirePower(RoleAdmin); err != nil {
		return err
	}
	if _, err := NextReportStatus(r.Status, act); err != nil {
		return err
	}
	if act == ReportTakeDown && !listingPublished {
		return ErrNotPublished.Say("该" + kindName(r.Kind) + "已不在发布状态，无需下架；请驳回举报")
	}
	return nil
}

// reportActions says what actor may do with the report now.
func reportActions(actor Actor, r *ListingReport, listingPublished bool) []string {
	return permitted(ReportActions, func(act ReportAction) error { return checkReportAct(actor, r, act, listingPublished) })
}

// listingTable is the table of a kind of listing.
func listingTable(kind string) string {
	if kind == "need" {
		return "needs"
	}
	return "achievements"
}

// publishedListings says which of the reports' listings are still published.
func publishedListings(db *gorm.DB, rs []ListingReport) (map[string]map[int64]bool, error) {
	ids := map[string][]int64{}
	for _, r := range rs {
		ids[r.Kind] = append(ids[r.Kind], r.ListingID)
	}
	out := map[string]map[int64]bool{}
	for kind, list := range ids {
		var pub []int64
		if err := db.Table(listingTable(kind)).Where("id IN ? AND status = ?", list, StatusPublished).Pluck("id", &pub).Error; err != nil {
			return nil, err
		}
		out[kind] = map[int64]bool{}
		for _, id := range pub {
			out[kind][id] = true
		}
	}
	return out, nil
}

// ListingReport is a user's report (举报) of a listing to the operator:
// fake, infringing, outdated or otherwise not what it claims.
type ListingReport struct {
	ID           int64        `gorm:"primaryKey" json:"id"`
	Kind         string       `gorm:"size:20;not null" json:"kind"`
	ListingID    int64        `gorm:"not null" json:"listing_id"`
	ListingTitle string       `gorm:"type:text;not null" json:"listing_title"`
	ReporterID   int64        `gorm:"not null" json:"-"`
	Reason       string       `gorm:"type:text;not null" json:"reason"`
	Status       ReportStatus `gorm:"size:20;not null;index" json:"status"`
	Resolution   string       `gorm:"type:text;not null;default:''" json:"resolution"`
	ResolvedBy   *int64       `json:"-"`
	ResolvedAt   *time.Time   `json:"resolved_at"`
	CreatedAt    time.Time    `json:"created_at"`
	ReporterName string       `gorm:"-" json:"reporter_name,omitempty"`
	// Actions is what the caller may do with the report now (reportActions).
	Actions []string `gorm:"-" json:"actions"`
}

// ReportListing files a report on a published listing of another organisation;
// one open report per user and listing.
func (ls Listings[T, P]) Report(ctx context.Context, actor Actor, id int64, reason string) (*ListingReport, error) {
	db := ls.m.db.WithContext(ctx)
	item, err := ls.fromOutside(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	l := item.base()
	facts, err := listingFactsOf(db, actor, item.Kind(), []int64{id}, ls.m.now())
	if err != nil {
		return nil, err
	}
	if err := checkListingAct(actor, item, ActReport, facts[id]); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if err := invalidIf(checkLen, "reason", reason, 5, 1000, "举报理由"); err != nil {
		return nil, err
	}
	r := &ListingReport{Kind: item.Kind(), ListingID: id, ListingTitle: l.Title, ReporterID: actor.UserID, Reason: reason, Status: ReportOpen, Actions: []string{}}
	err = db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&ListingReport{}).Where("kind = ? AND listing_id = ? AND reporter_id = ? AND status = ?", r.Kind, id, actor.UserID, ReportOpen).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrAlreadyReported.Say("您已举报过该" + kindName(item.Kind()) + "，管理员处理后会通知您")
		}
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "report.file", "listing_report", r.ID, nil, r)
	})
	if err != nil {
		return nil, err
	}
	r.Actions = reportActions(actor, r, true)
	return r, nil
}

// ListReports is the admins' queue, oldest open report first.
func (m *Market) ListReports(ctx context.Context, actor Actor, status string, p Page) ([]ListingReport, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&ListingReport{})
	switch ReportStatus(status) {
	case "":
	case ReportOpen, ReportDismissed, ReportTakenDown:
		q = q.Where("status = ?", status)
	default:
		return nil, 0, Invalid(map[string]string{"status": "状态只能是 open、dismissed 或 taken_down"})
	}
	out, total, err := findPage[ListingReport](q, "id", p)
	if err != nil {
		return nil, 0, err
	}
	var ids []int64
	for _, r := range out {
		ids = append(ids, r.ReporterID)
	}
	names, err := namesOf(db, &User{}, "name", ids)
	if err != nil {
		return nil, 0, err
	}
	published, err := publishedListings(db, out)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		r := &out[i]
		r.ReporterName = names[r.ReporterID]
		r.Actions = reportActions(actor, r, published[r.Kind][r.ListingID])
	}
	return out, total, nil
}

// ReportDecision is an admin's resolution of a report.
type ReportDecision struct {
	TakeDown   bool   `json:"take_down"`
	Resolution string `json:"resolution"`
}

// ResolveReport dismisses a report or takes the listing down. Taking down
// closes the listing, tells its owner why, and resolves every open report
// of it; the reporters hear the outcome either way.
func (m *Market) ResolveReport(ctx context.Context, actor Actor, id int64, d ReportDecision) (*ListingReport, error) {
	db := m.db.WithContext(ctx)
	if err := actor.Require(RoleAdmin); err != nil {
		return nil, err
	}
	act := ReportDismiss
	if d.TakeDown {
		act = ReportTakeDown
	}
	d.Resolution = strings.TrimSpace(d.Resolution)
	f := map[string]string{}
	min := 0
	if d.TakeDown {
		min = 2 // the owner is told why
	}
	checkLen(f, "resolution", d.Resolution, min, 500, "处理意见")
	if d.TakeDown && d.Resolution == "" {
		f["resolution"] = "下架时请填写理由，将通知发布方"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	var out *ListingReport
	err := db.Transaction(func(tx *gorm.DB) error {
		r, err := lockByID[ListingReport](tx, id, ErrReportNotFound)
		if err != nil {
			return err
		}
		var published int64
		if err := tx.Table(listingTable(r.Kind)).Where("id = ? AND status = ?", r.ListingID, StatusPublished).Count(&published).Error; err != nil {
			return err
		}
		if err := checkReportAct(actor, r, act, published > 0); err != nil {
			return err
		}
		now := m.now().UTC()
		status, _ := NextReportStatus(r.Status, act)
		// Two admins resolving at once: the conditional update lets one
		// resolve it, and only that one takes down, notifies and audits.
		resolved := map[string]any{"status": status, "resolution": d.Resolution, "resolved_by": actor.UserID, "resolved_at": now}
		if err := moveFrom[ListingReport](tx, r.ID, ReportOpen, resolved, ErrAlreadyResolved); err != nil {
			return err
		}
		reporters := []int64{r.ReporterID}
		if d.TakeDown {
			var err error
			if r.Kind == "need" {
				_, err = takeDown[Need](tx, actor, r.ListingID, d.Resolution)
			} else {
				_, err = takeDown[Achievement](tx, actor, r.ListingID, d.Resolution)
			}
			if err != nil {
				return err
			}
			// Taking down resolves every open report of the listing.
			others := func() *gorm.DB {
				return tx.Model(&ListingReport{}).Where("kind = ? AND listing_id = ? AND status = ?", r.Kind, r.ListingID, ReportOpen)
			}
			var more []int64
			if err := others().Pluck("reporter_id", &more).Error; err != nil {
				return err
			}
			if err := others().Updates(resolved).Error; err != nil {
				return err
			}
			reporters = append(reporters, more...)
		}
		outcome := "经核实未发现问题，未作处理"
		if d.TakeDown {
			outcome = "已下架"
		}
		for _, u := range reporters {
			if err := notify(tx, Notification{UserID: u, Kind: "report." + string(status),
				Title: fmt.Sprintf("您举报的%s《%s》%s", kindName(r.Kind), r.ListingTitle, outcome), Body: d.Resolution}); err != nil {
				return err
			}
		}
		before := *r
		r.Status, r.Resolution, r.ResolvedBy, r.ResolvedAt = status, d.Resolution, &actor.UserID, &now
		r.Actions = reportActions(actor, r, false)
		out = r
		return Audit(tx, actor, "report."+string(status), "listing_report", r.ID, before, r)
	})
	return out, err
}

// takeDown closes a published listing on a report, inside the caller's
// transaction, and tells the owner why.
func takeDown[T any, P ListingPtr[T]](tx *gorm.DB, actor Actor, id int64, reason string) (P, error) {
	item, err := lockListing[T, P](tx, id)
	if err != nil {
		return nil, err
	}
	l := item.base()
	before := *l
	next, closeReason, err := NextStatus(l.Status, l.CloseReason, ActTakeDown)
	if err != nil {
		return nil, ErrNotPublished.Say("该" + kindName(item.Kind()) + "已不在发布状态，无需下架；请驳回举报")
	}
	l.Status, l.CloseReason, l.TakedownReason = next, closeReason, reason
	if err := moved(tx.Model(item).Where("status = ?", before.Status).Select("status", "close_reason", "takedown_reason", "updated_at").Updates(item),
		ErrNotPublished.Say("该"+kindName(item.Kind())+"已不在发布状态，无需下架；请驳回举报")); err != nil {
		return nil, err
	}
	if err := emitListing(tx, item); err != nil {
		return nil, err
	}
	if err := notify(tx, Notification{UserID: l.CreatedBy, Kind: item.Kind() + ".takedown",
		Title: fmt.Sprintf("您的%s《%s》因举报被管理员下架", kindName(item.Kind()), l.Title),
		Body:  "理由：" + reason + "。修改后可重新编辑并提交审核。", Link: fmt.Sprintf("/%ss/%d", item.Kind(), l.ID)}); err != nil {
		return nil, err
	}
	return item, Audit(tx, actor, item.Kind()+".takedown", item.Kind(), l.ID, before, l)
}
