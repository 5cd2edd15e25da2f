package search

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"gorm.io/gorm"

	"techmarket/models"
)

// savedSearchConsumer names the outbox cursor of the saved-search announcer:
// one row shared by every process, so one of them announces each listing.
const savedSearchConsumer = "saved_searches"

// RunSavedSearches announces newly published listings to the saved searches
// they match, every interval until ctx ends.
func (x *Indexer) RunSavedSearches(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := x.AnnounceSavedSearches(); err != nil && ctx.Err() == nil {
			x.log.Error("evaluating saved searches failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// AnnounceSavedSearches checks the listings published since the last pass
// against every saved search, reading the outbox up to what this process's
// index has applied (so the listings are in the index), and notifies each
// search's owner of a match once. It returns how many events it read.
func (x *Indexer) AnnounceSavedSearches() (int, error) {
	upTo, err := x.ix.Cursor()
	if err != nil {
		return 0, err
	}
	return models.ConsumeOutbox(x.db, savedSearchConsumer, upTo, x.announce)
}

func (x *Indexer) announce(tx *gorm.DB, evs []models.OutboxEvent) error {
	saved, err := models.AllSavedSearches(tx)
	if err != nil || len(saved) == 0 {
		return err
	}
	listings, err := models.PublishedIn(tx, evs)
	if err != nil {
		return err
	}
	for _, l := range listings {
		for i := range saved {
			ss := &saved[i]
			if ss.UserID == l.OwnerID {
				continue
			}
			q, err := SavedQuery(ss.Params)
			if err != nil {
				continue // saved before a rule tightened; it simply matches nothing
			}
			ok, err := x.ix.Contains(q, l.Kind, l.ID)
			if err != nil {
				return err
			}
			if ok {
				if err := models.AnnounceSavedSearchHit(tx, ss, l.Kind, l.ID, l.Title); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Contains reports whether the listing kind:id is among the matches of q,
// which is how a saved search is checked against a newly published listing
// without running the whole search.
func (ix *Index) Contains(q Query, kind string, id int64) (bool, error) {
	parts := []query.Query{bleve.NewDocIDQuery([]string{DocID(kind, id)})}
	if text, _ := ix.textQuery(q.Q); text != nil {
		parts = append(parts, text)
	}
	parts = append(parts, q.filters()...)
	res, err := ix.b.Search(bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(parts...), 1, 0, false))
	if err != nil {
		return false, err
	}
	return res.Total > 0, nil
}
