package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) listRoadshows(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	var from, to time.Time
	for key, t := range map[string]*time.Time{"from": &from, "to": &to} {
		if v := c.Query(key); v != "" {
			parsed, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return models.Invalid(map[string]string{key: "时间格式应为 RFC 3339，如 2026-12-01T00:00:00+08:00"})
			}
			*t = parsed
		}
	}
	out, total, err := s.market.ListRoadshows(c.UserContext(), from, to, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}

// roadshowView is a roadshow with whether the caller holds a seat (absent for the public).
type roadshowView struct {
	*models.Roadshow
	ViewerRegistered *bool `json:"viewer_registered,omitempty"`
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
	out := roadshowView{Roadshow: r}
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

func (s *Server) listIntents(c *fiber.Ctx) error {
	out, err := s.market.ListIntents(c.UserContext(), actorOf(c), int64(c.QueryInt("roadshow_id")))
	if err != nil {
		return err
	}
	return c.JSON(all(out))
}
