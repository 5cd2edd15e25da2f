package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type offersQuery struct {
	models.Page
	Status models.OfferStatus `query:"status" label:"状态" doc:"状态"`
}

func (s *Server) listOffers(c *fiber.Ctx) error {
	q := queryOf[offersQuery](c)
	p := q.Page
	out, total, err := s.market.ListOffers(c.UserContext(), actorOf(c), string(q.Status), p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
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
