package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type roadshowsQuery struct {
	models.Page
	From time.Time `query:"from" doc:"起（RFC 3339）"`
	To   time.Time `query:"to" doc:"止（RFC 3339）"`
}

func (s *Server) listRoadshows(ctx context.Context, _ models.Actor, q roadshowsQuery) ([]models.Roadshow, int64, error) {
	return s.market.ListRoadshows(ctx, q.From, q.To, q.Page)
}

// roadshowView is a roadshow with whether the caller holds a seat (absent
// for the public), what it led to, and what the caller may do with it.
type roadshowView struct {
	*models.Roadshow
	ViewerRegistered *bool                `json:"viewer_registered,omitempty"`
	Stats            models.RoadshowStats `json:"stats"`
	Actions          []string             `json:"actions"`
}

func (s *Server) getRoadshow(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.market.GetRoadshow(c.UserContext(), id)
	if err != nil {
		return err
	}
	stats, err := s.market.RoadshowStatsOf(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	out := roadshowView{Roadshow: r, Stats: *stats, Actions: s.market.RoadshowActionsFor(actorOf(c), r)}
	if a := actorOf(c); a.LoggedIn() {
		seat, err := s.market.HasRoadshowSeat(c.UserContext(), r.ID, a.UserID)
		if err != nil {
			return err
		}
		out.ViewerRegistered = &seat
	}
	return c.JSON(out)
}

func (s *Server) registerRoadshow(c *fiber.Ctx) error {
	return createdByID(s.market.RegisterForRoadshow)(c)
}

type intentBody struct {
	AchievementID int64  `json:"achievement_id"`
	Note          string `json:"note"`
}

func (s *Server) recordIntent(c *fiber.Ctx) error {
	id, in, err := idAndBody[intentBody](c, decode)
	if err != nil {
		return err
	}
	out, err := s.market.RecordIntent(c.UserContext(), actorOf(c), id, in.AchievementID, in.Note)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

type intentsQuery struct {
	RoadshowID int64 `query:"roadshow_id" min:"1" doc:"只列该路演的意向"`
}

func (s *Server) listIntents(c *fiber.Ctx) error {
	out, err := s.market.ListIntents(c.UserContext(), actorOf(c), queryOf[intentsQuery](c).RoadshowID)
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

func (s *Server) roadshowSeats(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	out, err := s.market.RoadshowSeats(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}

func (s *Server) checkIn(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	seat, err := idParam(c, "seat")
	if err != nil {
		return err
	}
	out, err := s.market.CheckIn(c.UserContext(), actorOf(c), id, seat)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
