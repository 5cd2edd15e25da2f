package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

func (h listings[T, P]) confirm(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.store.Confirm(c.UserContext(), actorOf(c), id); err != nil {
		return err
	}
	return h.get(c)
}

type relistBody struct {
	Until string `json:"until"`
}

func (h listings[T, P]) relist(c *fiber.Ctx) error {
	id, in, err := idAndBody[relistBody](c, decode)
	if err != nil {
		return err
	}
	field := "valid_until"
	if h.kind == "needs" {
		field = "deadline"
	}
	until, err := parseDay(in.Until)
	if err != nil {
		return models.Invalid(map[string]string{field: "日期格式应为 2006-01-02"})
	}
	if _, err := h.store.Relist(c.UserContext(), actorOf(c), id, until); err != nil {
		return err
	}
	return h.get(c)
}

// parseDay reads a date (end of that day in China) or an RFC 3339 time.
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("CST", 8*3600))
	if err != nil {
		return t, err
	}
	return t.Add(24*time.Hour - time.Second), nil
}
