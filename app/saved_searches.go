package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

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
	if _, err := search.SavedQuery(in.Params); err != nil {
		return err
	}
	ss, err := s.market.SaveSearch(c.UserContext(), actorOf(c), in.Name, in.Params)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ss)
}

func (s *Server) listSavedSearches(c *fiber.Ctx) error {
	out, err := s.market.ListSavedSearches(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

func (s *Server) deleteSavedSearch(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.market.DeleteSavedSearch(c.UserContext(), actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// announceSavedSearchHits tells the saved searches of newly published
// listings, every two seconds: up to what this process's index has applied,
// matched by the index, each listing announced once by one process.
func (s *Server) announceSavedSearchHits(ctx context.Context) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	ix := s.indexer.Index()
	for {
		upTo, err := ix.Cursor()
		if err == nil {
			_, err = s.market.AnnounceSavedSearches(ctx, upTo, ix.MatchesSaved)
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
