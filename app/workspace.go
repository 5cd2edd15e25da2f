package app

import "github.com/gofiber/fiber/v2"

// workspace is the caller's 工作台: what waits for them, by role.
func (s *Server) workspace(c *fiber.Ctx) error {
	w, err := s.market.Workspace(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(w)
}
