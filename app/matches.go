package app

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) listMatches(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status, err := statusIn(c, models.MatchProposed, models.MatchContacted, models.MatchNegotiating, models.MatchAgreed, models.MatchFailed)
	if err != nil {
		return err
	}
	f := models.MatchFilter{Status: status, NeedID: int64(c.QueryInt("need_id")), AchievementID: int64(c.QueryInt("achievement_id")),
		Mine: c.QueryBool("mine"), ToDo: c.QueryBool("todo"), Page: p}
	ms, total, err := s.market.ListMatches(c.UserContext(), actorOf(c), f)
	if err != nil {
		return err
	}
	return list(c, ms, total, p)
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
	year := time.Now().In(shanghai).Year()
	if v := c.Query("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return models.Invalid(map[string]string{"year": "年份必须是整数"})
		}
		year = y
	}
	brokers, firms, err := s.market.BrokerPerformance(c.UserContext(), actorOf(c), year)
	if err != nil {
		return err
	}
	return c.JSON(performance{year, brokers, firms})
}

var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)
