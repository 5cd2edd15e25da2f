package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type matchesQuery struct {
	models.Page
	Status        models.MatchStatus `query:"status" label:"状态" doc:"状态"`
	NeedID        int64              `query:"need_id" min:"1" doc:"只列该需求的对接"`
	AchievementID int64              `query:"achievement_id" min:"1" doc:"只列该成果的对接"`
	Mine          bool               `query:"mine" doc:"只列本人推荐的"`
	ToDo          bool               `query:"todo" doc:"只列等待本方答复的"`
}

func (s *Server) listMatches(ctx context.Context, a models.Actor, q matchesQuery) ([]models.Match, int64, error) {
	return s.market.ListMatches(ctx, a, models.MatchFilter{Status: string(q.Status), NeedID: q.NeedID, AchievementID: q.AchievementID, Mine: q.Mine, ToDo: q.ToDo, Page: q.Page})
}

func (s *Server) getMatch(c *fiber.Ctx) error { return byID(s.market.GetMatch)(c) }

func (s *Server) respondMatch(accept bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if accept {
			if _, err := s.market.RespondToMatch(c.UserContext(), actorOf(c), id, true); err != nil {
				return err
			}
			return s.getMatch(c)
		}
		var in models.PassInput
		if err := decodeOptional(c, &in); err != nil {
			return err
		}
		if _, err := s.market.DeclineMatch(c.UserContext(), actorOf(c), id, in); err != nil {
			return err
		}
		return s.getMatch(c)
	}
}

type noteBody struct {
	Note string `json:"note"`
}

func (s *Server) addMatchNote(c *fiber.Ctx) error {
	id, in, err := idAndBody[noteBody](c, decode)
	if err != nil {
		return err
	}
	n, err := s.market.AddMatchNote(c.UserContext(), actorOf(c), id, in.Note)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(n)
}

// performance is a year of brokers' and broker firms' work: brokers' match
// activity, and each firm's 促成额 from registered contracts against the
// plan's threshold for its kind of institution.
type performance struct {
	Year    int                  `json:"year"`
	Brokers []models.BrokerStats `json:"brokers"`
	Firms   []models.FirmStats   `json:"firms"`
}

func (s *Server) brokerPerformance(c *fiber.Ctx) error {
	year := s.orThisYear(queryOf[yearQuery](c).Year)
	brokers, firms, err := s.market.BrokerPerformance(c.UserContext(), actorOf(c), year)
	if err != nil {
		return err
	}
	return c.JSON(performance{year, brokers, firms})
}

var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)
