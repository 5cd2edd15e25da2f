package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"techmarket/models"
)

// Indexer tails the outbox into one process's index. The cursor lives in the
// index and moves in the same batch as the documents, so after a crash the
// indexer resumes exactly where its last batch ended.
type Indexer struct {
	ix     *Index
	market *models.Market
	log    *slog.Logger
	wake   chan struct{}
	// applied is the cursor as last written, for readiness checks without a disk read.
	applied atomic.Int64
	// caughtUp is when (unix nanoseconds, this process's clock) a read of the
	// outbox last came back with everything there was: every event committed
	// before then is applied. 0 until the first such read.
	caughtUp atomic.Int64
}

const outboxBatch = 500

// rebuildBatch is how many listings a rebuild reads and indexes at once.
// Larger batches make fewer segments to merge, but with 1,000 (and mapped
// batches queued) a 10,000-listing rebuild peaked 400 MB higher, and Fill
// merges the segments at the end anyway.
const rebuildBatch = 500

func NewIndexer(ix *Index, market *models.Market, log *slog.Logger) (*Indexer, error) {
	cur, err := ix.Cursor()
	if err != nil {
		return nil, err
	}
	x := &Indexer{ix: ix, market: market, log: log, wake: make(chan struct{}, 1)}
	x.applied.Store(cur)
	return x, nil
}

// Index is the index the indexer writes.
func (x *Indexer) Index() *Index { return x.ix }

// Applied is the id of the last outbox event in the index.
func (x *Indexer) Applied() int64 { return x.applied.Load() }

// Wake asks the indexer to look at the outbox now rather than at its next poll.
func (x *Indexer) Wake() {
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

// CatchUp applies every outbox event after the cursor and returns how many.
func (x *Indexer) CatchUp(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		asked := time.Now()
		evs, err := x.market.OutboxAfter(ctx, x.applied.Load(), outboxBatch)
		if err != nil {
			return n, err
		}
		if len(evs) == 0 {
			x.caughtUp.Store(asked.UnixNano())
			return n, nil
		}
		var achievements, needs, challenges []int64
		for _, ev := range evs {
			switch ev.Entity {
			case KindAchievement:
				achievements = append(achievements, ev.EntityID)
			case KindNeed:
				needs = append(needs, ev.EntityID)
			case KindChallenge:
				challenges = append(challenges, ev.EntityID)
			}
		}
		put, del, err := x.current(ctx, achievements, needs)
		if err != nil {
			return n, err
		}
		cput, cdel, err := x.currentChallenges(ctx, challenges)
		if err != nil {
			return n, err
		}
		put, del = append(put, cput...), append(del, cdel...)
		last := evs[len(evs)-1].ID
		if err := x.ix.Apply(last, put, del); err != nil {
			return n, err
		}
		x.applied.Store(last)
		n += len(evs)
		if len(evs) < outboxBatch {
			// The read held the whole tail: applied, the index is as
			// current as the moment it was asked.
			x.caughtUp.Store(asked.UnixNano())
		}
	}
	return n, ctx.Err()
}

// current reads the listings as they are now: published ones are (re)indexed,
// all others removed. Reading the row rather than the event's payload makes
// replaying an event harmless.
func (x *Indexer) current(ctx context.Context, achievementIDs, needIDs []int64) (put []Document, del []string, err error) {
	as, err := x.market.AchievementsByID(ctx, achievementIDs)
	if err != nil {
		return nil, nil, err
	}
	ns, err := x.market.NeedsByID(ctx, needIDs)
	if err != nil {
		return nil, nil, err
	}
	orgs, verified, err := x.orgNames(ctx, as, ns)
	if err != nil {
		return nil, nil, err
	}
	for i := range as {
		if as[i].Status == models.StatusPublished {
			d := AchievementDocument(&as[i], orgs[as[i].OrgID])
			d.OrgVerified = verified[as[i].OrgID]
			put = append(put, d)
		}
	}
	for i := range ns {
		if ns[i].Status == models.StatusPublished {
			d := NeedDocument(&ns[i], orgs[ns[i].OrgID])
			d.OrgVerified = verified[ns[i].OrgID]
			put = append(put, d)
		}
	}
	for _, id := range achievementIDs {
		del = append(del, DocID(KindAchievement, id))
	}
	for _, id := range needIDs {
		del = append(del, DocID(KindNeed, id))
	}
	// Deleting before putting in one batch would be ambiguous; keep only the
	// deletes of listings that are not being put.
	keep := del[:0]
	putIDs := map[string]bool{}
	for _, d := range put {
		putIDs[DocID(d.Kind, d.ID)] = true
	}
	for _, id := range del {
		if !putIDs[id] {
			keep = append(keep, id)
		}
	}
	return put, keep, nil
}

func (x *Indexer) orgNames(ctx context.Context, as []models.Achievement, ns []models.Need) (map[int64]string, map[int64]bool, error) {
	var ids []int64
	for _, a := range as {
		ids = append(ids, a.OrgID)
	}
	for _, n := range ns {
		ids = append(ids, n.OrgID)
	}
	names, verified := map[int64]string{}, map[int64]bool{}
	if len(ids) == 0 {
		return names, verified, nil
	}
	orgs, err := x.market.OrgsByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range orgs {
		names[o.ID], verified[o.ID] = o.Name, o.Verified()
	}
	return names, verified, nil
}

func AchievementDocument(a *models.Achievement, org string) Document {
	return Document{
		Kind: KindAchievement, ID: a.ID, ExternalID: deref(a.ExternalID), Title: a.Title, Summary: a.Summary,
		Keywords: a.Keywords, Field: a.Field, Region: a.Region, IPType: a.IPType, Maturity: a.Maturity,
		PriceFen: a.PriceFen, PriceNegotiable: a.PriceType == models.PriceNegotiable, CoopModes: a.CoopModes,
		Org: org, PublishedAt: published(a.Listing), Completeness: completeness(a), ConfirmedAt: confirmed(a.Listing),
	}
}

func NeedDocument(n *models.Need, org string) Document {
	return Document{
		Kind: KindNeed, ID: n.ID, ExternalID: deref(n.ExternalID), Title: n.Title, Summary: n.Summary,
		Keywords: n.Keywords, Field: n.Field, Region: n.Region, PriceFen: n.BudgetMaxFen,
		PriceNegotiable: n.BudgetNegotiable, CoopModes: n.CoopModes, Org: org, PublishedAt: published(n.Listing),
		Completeness: completeness(n), ConfirmedAt: confirmed(n.Listing),
	}
}

func completeness[T any, P models.ListingPtr[T]](item P) int {
	score, _ := models.Completeness(item)
	return score
}

// confirmed is when the owner last confirmed the listing, publishing counting as confirming.
func confirmed(l models.Listing) time.Time {
	if l.LastConfirmedAt != nil {
		return *l.LastConfirmedAt
	}
	return published(l)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func published(l models.Listing) time.Time {
	if l.PublishedAt != nil {
		return *l.PublishedAt
	}
	return l.CreatedAt
}

// Run keeps the index caught up until ctx ends, polling the outbox and
// waking early when told a change was committed.
func (x *Indexer) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if n, err := x.CatchUp(ctx); err != nil && ctx.Err() == nil {
			x.log.Error("indexing from the outbox failed", "err", err)
		} else if n > 0 {
			x.log.Debug("indexed outbox events", "events", n, "cursor", x.applied.Load())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-x.wake:
		}
	}
}

// Lag is how far the index is behind the database.
type Lag struct {
	Events int64 // outbox events not applied yet
	// Behind is how long ago the index last held every committed event
	// (measured on this process's clock, so other machines' clocks do not
	// matter); 0 when it holds them now. Never says less than the truth:
	// every unapplied event was committed after that moment.
	Behind time.Duration
	// Never: the index has not yet caught up once since the process started.
	Never bool
}

// Lag compares the index with the newest outbox event.
func (x *Indexer) Lag(ctx context.Context) (Lag, error) {
	last, err := x.market.LastOutboxID(ctx)
	if err != nil {
		return Lag{}, err
	}
	cur := x.applied.Load()
	if cur >= last {
		return Lag{}, nil
	}
	l := Lag{Events: last - cur}
	if at := x.caughtUp.Load(); at == 0 {
		l.Never = true
	} else {
		l.Behind = time.Since(time.Unix(0, at))
	}
	return l, nil
}

// Ready fails while the index is further behind the database than max:
// not yet caught up once since start, or caught up last longer ago than max.
// With steady writes a healthy index is always a few events behind, so
// demanding none would take every process out of a load balancer at once.
func (x *Indexer) Ready(ctx context.Context, max time.Duration) (Lag, error) {
	l, err := x.Lag(ctx)
	switch {
	case err != nil:
		return l, err
	case l.Never:
		return l, fmt.Errorf("搜索索引正在追赶数据库（落后 %d 条事件）", l.Events)
	case l.Events > 0 && l.Behind > max:
		return l, fmt.Errorf("搜索索引落后数据库 %d 条事件、%.1f 秒，超过就绪上限 %s", l.Events, l.Behind.Seconds(), max)
	}
	return l, nil
}

// Rebuild fills an empty index from the tables, reporting progress, and
// leaves the cursor at the outbox position read before it started, so that
// changes made during the rebuild are applied afterwards.
func (x *Indexer) Rebuild(ctx context.Context, progress func(done, total int)) error {
	start, err := x.market.LastOutboxID(ctx)
	if err != nil {
		return err
	}
	na, err := x.market.CountPublished(ctx, &models.Achievement{})
	if err != nil {
		return err
	}
	nn, err := x.market.CountPublished(ctx, &models.Need{})
	if err != nil {
		return err
	}
	total, done := int(na+nn), 0
	began := time.Now()
	x.log.Info("rebuilding the search index from the database", "listings", total)
	if progress != nil {
		progress(0, total)
	}
	// Reading the next batch from the database overlaps indexing this one,
	// so that the database's time is not added to the index's.
	batches := make(chan []Document, 2)
	read := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		defer close(batches)
		read <- x.readPublished(ctx, func(put []Document) bool {
			select {
			case batches <- put:
				return true
			case <-stop:
				return false
			case <-ctx.Done():
				return false
			}
		})
	}()
	defer close(stop)
	var mu sync.Mutex
	err = x.ix.Fill(batches, func(n int) {
		mu.Lock()
		defer mu.Unlock()
		done += n
		if progress != nil {
			progress(done, total)
		}
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := <-read; err != nil {
		return err
	}
	if err := x.ix.Apply(start, nil, nil); err != nil {
		return err
	}
	x.applied.Store(start)
	x.log.Info("search index rebuilt", "documents", done, "seconds", math.Round(time.Since(began).Seconds()*10)/10)
	return nil
}

// readPublished hands every published listing and open challenge to send,
// a batch at a time, until send says to stop.
func (x *Indexer) readPublished(ctx context.Context, send func([]Document) bool) error {
	stopped := errors.New("stopped")
	batch := func(put []Document, _ []string, err error) error {
		if err == nil && !send(put) {
			err = stopped
		}
		return err
	}
	err := x.eachPublishedID(ctx, &models.Achievement{}, func(ids []int64) error { return batch(x.current(ctx, ids, nil)) })
	if err == nil {
		err = x.eachPublishedID(ctx, &models.Need{}, func(ids []int64) error { return batch(x.current(ctx, nil, ids)) })
	}
	if err == nil {
		err = x.eachPublishedID(ctx, &models.Challenge{}, func(ids []int64) error { return batch(x.currentChallenges(ctx, ids)) })
	}
	if errors.Is(err, stopped) {
		return nil
	}
	return err
}

func (x *Indexer) eachPublishedID(ctx context.Context, model any, fn func([]int64) error) error {
	var after int64
	for {
		ids, err := x.market.PublishedIDs(ctx, model, after, rebuildBatch)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := fn(ids); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}
