package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (s *Server) serverTime(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"server_time": time.Now().UTC()})
}

func (s *Server) createAuction(c *fiber.Ctx) error {
	var in models.NewAuction
	if err := decode(c, &in); err != nil {
		return err
	}
	a, err := models.CreateAuction(s.db, actorOf(c), in, time.Now())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (s *Server) listAuctions(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	out, total, err := models.ListAuctions(s.db, c.Query("phase"), time.Now(), p)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out, "total": total, "page": p.Page, "size": p.Size, "server_time": time.Now().UTC()})
}

func (s *Server) getAuction(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	// Read before the auction: every event after this id is newer than the
	// snapshot, so a page that opens the stream from it misses nothing.
	last, err := models.LastOutboxID(s.db)
	if err != nil {
		return err
	}
	a, err := models.GetAuction(s.db, id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"auction": a, "last_event_id": last, "server_time": time.Now().UTC()})
}

func (s *Server) applyToBid(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ad, err := models.ApplyToBid(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ad)
}

func (s *Server) listAdmissions(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	out, err := models.ListAdmissions(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out, "total": len(out)})
}

func (s *Server) admitBidder(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ad, err := models.AdmitBidder(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(ad)
}

type bidBody struct {
	AmountFen int64  `json:"amount_fen"`
	ClientKey string `json:"client_key"`
}

func (s *Server) placeBid(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in bidBody
	if err := decode(c, &in); err != nil {
		return err
	}
	bid, lot, err := models.PlaceBid(s.db, actorOf(c), id, in.AmountFen, in.ClientKey, time.Now())
	if err != nil {
		return err
	}
	s.hub.Wake()
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"bid": bid, "lot": lot, "server_time": time.Now().UTC()})
}

func (s *Server) lotBids(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	out, err := models.LotBids(s.db, id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out, "total": len(out)})
}

func (s *Server) createOffer(c *fiber.Ctx) error {
	var in models.NewOffer
	if err := decode(c, &in); err != nil {
		return err
	}
	o, err := models.CreateOffer(s.db, actorOf(c), in, time.Now())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

func (s *Server) listOffers(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status := c.Query("status")
	switch status {
	case "", "open", "accepted", "expired", "withdrawn":
	default:
		return models.Invalid(map[string]string{"status": "状态只能是 open、accepted、expired 或 withdrawn"})
	}
	out, total, err := models.ListOffers(s.db, status, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}

func (s *Server) withdrawOffer(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, err := models.WithdrawOffer(s.db, actorOf(c), id, time.Now())
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) acceptOffer(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, d, err := models.AcceptOffer(s.db, actorOf(c), id, time.Now())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"offer": o, "deal": d})
}

func (s *Server) publishNotice(c *fiber.Ctx) error {
	var in models.NegotiatedDeal
	if err := decode(c, &in); err != nil {
		return err
	}
	out, err := models.PublishNegotiatedDeal(s.db, actorOf(c), in, time.Now())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// decideNotice is the seller's confirmation (or refusal) of a notice a
// broker published.
func (s *Server) decideNotice(approve bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		out, err := models.DecideNotice(s.db, actorOf(c), id, approve, time.Now())
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}

func (s *Server) listNotices(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status := c.Query("status")
	switch status {
	case "", "open", "confirmed", "cancelled":
	default:
		return models.Invalid(map[string]string{"status": "状态只能是 open、confirmed 或 cancelled"})
	}
	out, total, err := models.ListNotices(s.db, status, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}

func (s *Server) getNotice(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := models.GetNotice(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(n)
}

func (s *Server) fileObjection(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in reasonBody
	if err := decode(c, &in); err != nil {
		return err
	}
	o, err := models.FileObjection(s.db, actorOf(c), id, in.Reason, time.Now())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

type resolutionBody struct {
	Uphold     bool   `json:"uphold"`
	Resolution string `json:"resolution"`
}

func (s *Server) resolveObjection(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in resolutionBody
	if err := decode(c, &in); err != nil {
		return err
	}
	o, err := models.ResolveObjection(s.db, actorOf(c), id, in.Uphold, in.Resolution)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) myDeals(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	out, total, err := models.ListDeals(s.db, actorOf(c), p)
	if err != nil {
		return err
	}
	ids := make([]int64, len(out))
	for i, d := range out {
		ids[i] = d.ID
	}
	titles, err := models.DealTitles(s.db, ids)
	if err != nil {
		return err
	}
	type titled struct {
		models.Deal
		Title string `json:"title"`
	}
	views := make([]titled, len(out))
	for i, d := range out {
		views[i] = titled{d, titles[d.ID]}
	}
	return list(c, views, total, p)
}

func (s *Server) createRoadshow(c *fiber.Ctx) error {
	var in models.NewRoadshow
	if err := decode(c, &in); err != nil {
		return err
	}
	r, err := models.CreateRoadshow(s.db, actorOf(c), in, time.Now())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

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
	out, total, err := models.ListRoadshows(s.db, from, to, p)
	if err != nil {
		return err
	}
	return list(c, out, total, p)
}

func (s *Server) getRoadshow(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := models.GetRoadshow(s.db, id)
	if err != nil {
		return err
	}
	// Whether the caller holds a seat; absent for the public.
	type withSeat struct {
		*models.Roadshow
		ViewerRegistered *bool `json:"viewer_registered,omitempty"`
	}
	out := withSeat{Roadshow: r}
	if a := actorOf(c); a.LoggedIn() {
		seat, err := models.HasRoadshowSeat(s.db, r.ID, a.UserID)
		if err != nil {
			return err
		}
		out.ViewerRegistered = &seat
	}
	return c.JSON(out)
}

func (s *Server) registerRoadshow(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	reg, err := models.RegisterForRoadshow(s.db, actorOf(c), id, time.Now())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(reg)
}

type intentBody struct {
	AchievementID int64  `json:"achievement_id"`
	Note          string `json:"note"`
}

func (s *Server) recordIntent(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in intentBody
	if err := decode(c, &in); err != nil {
		return err
	}
	out, err := models.RecordIntent(s.db, actorOf(c), id, in.AchievementID, in.Note, time.Now())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) listIntents(c *fiber.Ctx) error {
	out, err := models.ListIntents(s.db, actorOf(c), int64(c.QueryInt("roadshow_id")))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out, "total": len(out)})
}

func (s *Server) confirmDeal(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := models.ConfirmDeal(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (s *Server) offerToRunnerUp(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := models.OfferToRunnerUp(s.db, actorOf(c), id)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(d)
}
