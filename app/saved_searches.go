package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/search"
)

type savedSearchBody struct {
	Name   string              `json:"name"`
	Params models.SearchParams `json:"params"`
}

func (s *Server) saveSearch(c *fiber.Ctx) error {
	var in savedSearchBody
	if err := decode(c, &in); err != nil {
		return err
	}
	// The parameters must be a valid search: check them as the search endpoint would.
	if _, err := paramsQuery(in.Params); err != nil {
		return err
	}
	ss, err := models.SaveSearch(s.db, actorOf(c), in.Name, in.Params)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ss)
}

func (s *Server) listSavedSearches(c *fiber.Ctx) error {
	out, err := models.ListSavedSearches(s.db, actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out, "total": len(out)})
}

func (s *Server) deleteSavedSearch(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := models.DeleteSavedSearch(s.db, actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// paramsQuery turns saved parameters into a search query through the same
// checks as GET /api/v1/search.
func paramsQuery(p models.SearchParams) (search.Query, error) {
	return searchQuery(func(k string) string { return p[k] })
}

// announceSavedSearchHits checks newly published listings against every saved
// search, from the outbox, up to what this process's index has applied. The
// shared cursor row makes one process announce each listing.
func (s *Server) announceSavedSearchHits(ctx context.Context) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		upTo, err := s.indexer.Index().Cursor()
		if err == nil {
			_, err = models.ConsumeOutbox(s.db, "saved_searches", upTo, s.checkSavedSearches)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("evaluating saved searches failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) checkSavedSearches(tx *gorm.DB, evs []models.OutboxEvent) error {
	saved, err := models.AllSavedSearches(tx)
	if err != nil || len(saved) == 0 {
		return err
	}
	for _, ev := range evs {
		var payload struct {
			Status models.ListingStatus `json:"status"`
		}
		if ev.Topic != "listing.changed" || json.Unmarshal([]byte(ev.Payload), &payload) != nil || payload.Status != models.StatusPublished {
			continue
		}
		title, owner, err := listingTitle(tx, ev.Entity, ev.EntityID)
		if err != nil {
			return err
		}
		for i := range saved {
			ss := &saved[i]
			if ss.UserID == owner {
				continue
			}
			q, err := paramsQuery(ss.Params)
			if err != nil {
				continue // saved before a rule tightened; it simply matches nothing
			}
			ok, err := s.indexer.Index().Contains(q, ev.Entity, ev.EntityID)
			if err != nil {
				return err
			}
			if ok {
				if err := models.AnnounceSavedSearchHit(tx, ss, ev.Entity, ev.EntityID, title); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func listingTitle(tx *gorm.DB, kind string, id int64) (string, int64, error) {
	var l models.Listing
	table := "achievements"
	if kind == search.KindNeed {
		table = "needs"
	}
	err := tx.Table(table).Select("title", "created_by").Where("id = ?", id).Take(&l).Error
	return l.Title, l.CreatedBy, err
}
