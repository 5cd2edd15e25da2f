package app

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// listArticles is a category's published articles (GET /articles) or, for
// the admins' desk, every article (GET /admin/articles); without bodies.
func (s *Server) listArticles(all bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p, err := pageOf(c)
		if err != nil {
			return err
		}
		f := models.ArticleFilter{Category: models.ArticleCategory(c.Query("category")), All: all, Page: p}
		if all {
			f.Status = models.ArticleStatus(c.Query("status"))
		}
		out, total, err := s.market.ListArticles(c.UserContext(), actorOf(c), f)
		if err != nil {
			return err
		}
		return list(c, out, total, p)
	}
}

func (s *Server) getArticle(c *fiber.Ctx) error { return byID(s.market.GetArticle)(c) }

func (s *Server) createArticle(c *fiber.Ctx) error {
	var in models.ArticleInput
	if err := decode(c, &in); err != nil {
		return err
	}
	out, err := s.market.CreateArticle(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) updateArticle(c *fiber.Ctx) error {
	return byIDWith(http.StatusOK, s.market.UpdateArticle)(c)
}

// actOnArticle publishes or withdraws an article.
func (s *Server) actOnArticle(act models.ArticleAction) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		out, err := s.market.ActOnArticle(c.UserContext(), actorOf(c), id, act)
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}
