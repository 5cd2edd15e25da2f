package app

import (
	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// notificationPage is a page of notifications and how many are unread.
type notificationPage struct {
	page[models.Notification]
	Unread int64 `json:"unread"`
}

type notificationsQuery struct {
	models.Page
	Unread bool `query:"unread" doc:"只列未读的"`
}

func (s *Server) notifications(c *fiber.Ctx) error {
	q := queryOf[notificationsQuery](c)
	p := q.Page
	items, total, unread, err := s.market.ListNotifications(c.UserContext(), actorOf(c), q.Unread, p)
	if err != nil {
		return err
	}
	return c.JSON(notificationPage{pageFor(items, total, p), unread})
}

type notificationIDs struct {
	IDs []int64 `json:"ids"`
}

func (s *Server) readNotifications(c *fiber.Ctx) error {
	var in notificationIDs
	if err := decodeOptional(c, &in); err != nil {
		return err
	}
	if err := s.market.MarkNotificationsRead(c.UserContext(), actorOf(c), in.IDs); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
