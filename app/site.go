package app

import "github.com/gofiber/fiber/v2"

func (s *Server) site(c *fiber.Ctx) error {
	out, err := s.market.Site(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(out)
}
