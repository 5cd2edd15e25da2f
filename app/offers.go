package app

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type offersQuery struct {
	models.Page
	Status models.OfferStatus `query:"status" label:"状态" doc:"状态"`
}

func (s *Server) listOffers(ctx context.Context, a models.Actor, q offersQuery) ([]models.Offer, int64, error) {
	return s.market.ListOffers(ctx, a, string(q.Status), q.Page)
}

// offerAccepted is the offer taken and the deal it made.
type offerAccepted struct {
	Offer models.Offer `json:"offer"`
	Deal  models.Deal  `json:"deal"`
}

func (s *Server) acceptOffer(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, d, err := s.market.AcceptOffer(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(offerAccepted{*o, *d})
}
