package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SavedSearch is a user's stored query; newly published listings that match
// it produce a notification, evaluated from the outbox.
type SavedSearch struct {
	ID        int64        `gorm:"primaryKey" json:"id"`
	UserID    int64        `gorm:"not null;index" json:"-"`
	Name      string       `gorm:"size:100;not null" json:"name"`
	Query     string       `gorm:"type:text;not null" json:"-"`
	Params    SearchParams `gorm:"-" json:"params"`
	CreatedAt time.Time    `json:"created_at"`
}

// SearchParams are the query-string parameters of GET /api/v1/search that a saved search keeps.
type SearchParams map[string]string

var savedParamKeys = []string{"q", "kind", "field", "region", "ip_type", "coop_mode", "maturity_min", "maturity_max", "price_min_fen", "price_max_fen"}

func (s *SavedSearch) AfterFind(*gorm.DB) error {
	return json.Unmarshal([]byte(s.Query), &s.Params)
}

// SaveSearch stores a search; params must already have passed the search
// endpoint's own checks (the handler runs them).
func (m *Market) SaveSearch(ctx context.Context, actor Actor, name string, params SearchParams) (*SavedSearch, error) {
	db := m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, ErrUnauthenticated
	}
	name = strings.TrimSpace(name)
	f := map[string]string{}
	checkName(f, "name", name, 1, 100, "名称")
	kept := SearchParams{}
	for _, k := range savedParamKeys {
		if v := strings.TrimSpace(params[k]); v != "" {
			kept[k] = v
		}
	}
	if len(kept) == 0 {
		f["params"] = "请至少设置一个搜索词或筛选条件"
	}
	var n int64
	db.Model(&SavedSearch{}).Where("user_id = ?", actor.UserID).Count(&n)
	if n >= 50 {
		f["name"] = "每人最多保存 50 个搜索"
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	b, _ := json.Marshal(kept)
	s := &SavedSearch{UserID: actor.UserID, Name: name, Query: string(b), Params: kept}
	return s, db.Create(s).Error
}

func (m *Market) ListSavedSearches(ctx context.Context, actor Actor) ([]SavedSearch, error) {
	db := m.db.WithContext(ctx)
	out := []SavedSearch{}
	return out, db.Where("user_id = ?", actor.UserID).Order("id DESC").Find(&out).Error
}

func (m *Market) DeleteSavedSearch(ctx context.Context, actor Actor, id int64) error {
	db := m.db.WithContext(ctx)
	res := db.Where("id = ? AND user_id = ?", id, actor.UserID).Delete(&SavedSearch{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrSavedSearchNotFound
	}
	return nil
}

// allSavedSearches is what the announcer checks each new listing against.
func allSavedSearches(db *gorm.DB) ([]SavedSearch, error) {
	var out []SavedSearch
	return out, db.Order("id").Find(&out).Error
}

// publishedListing is a listing an outbox event published: what the
// saved-search announcer tells the searches it matches.
type publishedListing struct {
	Kind    string
	ID      int64
	Title   string
	OwnerID int64 // the user who created it, whose own searches are not told
}

// publishedIn picks the listings that the events published, in their order.
func publishedIn(tx *gorm.DB, evs []OutboxEvent) ([]publishedListing, error) {
	var out []publishedListing
	for _, ev := range evs {
		var payload struct {
			Status ListingStatus `json:"status"`
		}
		if ev.Topic != "listing.changed" || json.Unmarshal([]byte(ev.Payload), &payload) != nil || payload.Status != StatusPublished {
			continue
		}
		var l Listing
		table := "achievements"
		if ev.Entity == "need" {
			table = "needs"
		}
		if err := tx.Table(table).Select("title", "created_by").Where("id = ?", ev.EntityID).Take(&l).Error; err != nil {
			return nil, err
		}
		out = append(out, publishedListing{Kind: ev.Entity, ID: ev.EntityID, Title: l.Title, OwnerID: l.CreatedBy})
	}
	return out, nil
}

// SavedSearchMatcher says whether a saved search's parameters match the
// listing kind:id; the search index answers (search.Index.MatchesSaved).
type SavedSearchMatcher func(params SearchParams, kind string, id int64) (bool, error)

// AnnounceSavedSearches checks the listings published by the outbox events
// after the announcer's cursor, up to upTo (what the process's index has
// applied), against every saved search, and notifies each search's owner of
// a match once. The cursor row is shared by all processes, so one of them
// announces each listing. It returns how many events it read.
func (m *Market) AnnounceSavedSearches(ctx context.Context, upTo int64, match SavedSearchMatcher) (int, error) {
	db := m.db.WithContext(ctx)
	return consumeOutbox(db, "saved_searches", upTo, func(tx *gorm.DB, evs []OutboxEvent) error {
		saved, err := allSavedSearches(tx)
		if err != nil || len(saved) == 0 {
			return err
		}
		listings, err := publishedIn(tx, evs)
		if err != nil {
			return err
		}
		for _, l := range listings {
			for i := range saved {
				ss := &saved[i]
				if ss.UserID == l.OwnerID {
					continue
				}
				ok, err := match(ss.Params, l.Kind, l.ID)
				if err != nil {
					return err
				}
				if ok {
					if err := announceSavedSearchHit(tx, ss, l.Kind, l.ID, l.Title); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// SavedSearchHit remembers that a listing was announced for a saved search,
// so each listing is announced once per search even if evaluated twice.
type SavedSearchHit struct {
	SavedSearchID int64  `gorm:"primaryKey;autoIncrement:false"`
	Kind          string `gorm:"primaryKey;size:20"`
	ListingID     int64  `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt     time.Time
}

// announceSavedSearchHit notifies the search's owner of a new listing, once.
func announceSavedSearchHit(tx *gorm.DB, s *SavedSearch, kind string, listingID int64, title string) error {
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&SavedSearchHit{SavedSearchID: s.ID, Kind: kind, ListingID: listingID})
	if res.Error != nil || res.RowsAffected == 0 {
		return res.Error
	}
	return notify(tx, Notification{UserID: s.UserID, Kind: "saved_search.hit",
		Title: fmt.Sprintf("您保存的搜索“%s”有新%s：%s", s.Name, kindName(kind), title), Link: fmt.Sprintf("/%ss/%d", kind, listingID)})
}

// ConsumerCursor is how far one outbox consumer (other than the search
// indexes, which keep their own) has got. One row per consumer, shared by
// all processes: the row lock makes exactly one of them handle each event.
type ConsumerCursor struct {
	Name   string `gorm:"primaryKey;size:50"`
	LastID int64  `gorm:"not null"`
}

// consumeOutbox hands the events after the consumer's cursor, up to upTo, to
// fn inside one transaction with the cursor row locked, and moves the cursor.
func consumeOutbox(db *gorm.DB, consumer string, upTo int64, fn func(tx *gorm.DB, evs []OutboxEvent) error) (int, error) {
	n := 0
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ConsumerCursor{Name: consumer}).Error; err != nil {
			return err
		}
		var cur ConsumerCursor
		q := forUpdate(tx)
		if err := q.First(&cur, "name = ?", consumer).Error; err != nil {
			return err
		}
		if cur.LastID >= upTo {
			return nil
		}
		var evs []OutboxEvent
		if err := tx.Where("id > ? AND id <= ?", cur.LastID, upTo).Order("id").Limit(500).Find(&evs).Error; err != nil {
			return err
		}
		if len(evs) == 0 {
			return nil
		}
		if err := fn(tx, evs); err != nil {
			return err
		}
		n = len(evs)
		return tx.Model(&ConsumerCursor{}).Where("name = ?", consumer).Update("last_id", evs[len(evs)-1].ID).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	return n, err
}
