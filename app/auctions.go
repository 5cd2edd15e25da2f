package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// clock is the server's time, which countdowns go by.
type clock struct {
	ServerTime time.Time `json:"server_time"`
}

func (s *Server) serverTime(c *fiber.Ctx) error {
	return c.JSON(clock{time.Now().UTC()})
}

// auctionHall is a page of auctions and the server's time.
type auctionHall struct {
	page[models.Auction]
	clock
}

// auctionDetail is an auction, the outbox id its live events follow and the server's time.
type auctionDetail struct {
	Auction     models.Auction `json:"auction"`
	LastEventID int64          `json:"last_event_id"`
	clock
}

// bidPlaced is the bid, its lot after it and the server's time.
type bidPlaced struct {
	Bid models.Bid `json:"bid"`
	Lot models.Lot `json:"lot"`
	clock
}

func (s *Server) listAuctions(c *fiber.Ctx) error {
	q := queryOf[auctionsQuery](c)
	p := q.Page
	out, total, err := s.market.ListAuctions(c.UserContext(), actorOf(c), string(q.Phase), p)
	if err != nil {
		return err
	}
	return c.JSON(auctionHall{pageFor(out, total, p), clock{time.Now().UTC()}})
}

type auctionsQuery struct {
	models.Page
	Phase models.AuctionPhase `query:"phase" label:"阶段" doc:"阶段：即将开始、进行中或已结束；留空为全部"`
}

func (s *Server) getAuction(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	// Read before the auction: every event after this id is newer than the
	// snapshot, so a page that opens the stream from it misses nothing.
	last, err := s.market.LastOutboxID(c.UserContext())
	if err != nil {
		return err
	}
	a, err := s.market.GetAuction(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(auctionDetail{*a, last, clock{time.Now().UTC()}})
}

func (s *Server) applyToBid(c *fiber.Ctx) error { return createdByID(s.market.ApplyToBid)(c) }

func (s *Server) listAdmissions(c *fiber.Ctx) error { return allByID(s.market.ListAdmissions)(c) }

type bidBody struct {
	AmountFen int64  `json:"amount_fen"`
	ClientKey string `json:"client_key"`
}

func (s *Server) placeBid(c *fiber.Ctx) error {
	id, in, err := idAndBody[bidBody](c, decode)
	if err != nil {
		return err
	}
	bid, lot, err := s.market.PlaceBid(c.UserContext(), actorOf(c), id, in.AmountFen, in.ClientKey)
	if err != nil {
		return err
	}
	s.hub.Wake()
	return c.Status(fiber.StatusCreated).JSON(bidPlaced{*bid, *lot, clock{time.Now().UTC()}})
}

func (s *Server) lotBids(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p := queryOf[models.Page](c)
	out, total, err := s.market.LotBids(c.UserContext(), id, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}
