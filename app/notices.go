package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// decideNotice is the seller's confirmation (or refusal) of a notice a
// broker published.
func (s *Server) decideNotice(approve bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		out, err := s.market.DecideNotice(c.UserContext(), actorOf(c), id, approve)
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}

type noticesQuery struct {
	models.Page
	Status models.NoticeStatus `query:"status" label:"状态" doc:"状态"`
}

func (s *Server) listNotices(ctx context.Context, a models.Actor, q noticesQuery) ([]models.Notice, int64, error) {
	return s.market.ListNotices(ctx, a, string(q.Status), q.Page)
}

type resolutionBody struct {
	Uphold     bool   `json:"uphold"`
	Resolution string `json:"resolution"`
}

func (s *Server) resolveObjection(c *fiber.Ctx) error {
	id, in, err := idAndBody[resolutionBody](c, decode)
	if err != nil {
		return err
	}
	o, err := s.market.ResolveObjection(c.UserContext(), actorOf(c), id, in.Uphold, in.Resolution)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

type resultsQuery struct {
	models.Page
	Channel models.DealChannel `query:"channel" label:"渠道" doc:"交易渠道：listing 挂牌、auction 拍卖、roadshow 路演、negotiated 协议、challenge 揭榜；留空为全部"`
}

// listResults is the results (成交公告): concluded deals of every channel.
func (s *Server) listResults(ctx context.Context, _ models.Actor, q resultsQuery) ([]models.DealResult, int64, error) {
	return s.market.ListResults(ctx, q.Channel, q.Page)
}
