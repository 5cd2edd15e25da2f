package app

import (
	"github.com/gofiber/fiber/v2"
)

// home is the home page's one call. It is the same for every visitor, so
// browsers and proxies may keep it for half a minute.
func (s *Server) home(c *fiber.Ctx) error {
	out, err := s.market.Home(c.UserContext())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=30")
	return c.JSON(out)
}
