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
		var q adminArticlesQuery
		if all {
			q = queryOf[adminArticlesQuery](c)
		} else {
			q.articlesQuery = queryOf[articlesQuery](c)
		}
		f := models.ArticleFilter{Category: q.Category, Status: q.Status, All: all, Page: q.Page}
		out, total, err := s.market.ListArticles(c.UserContext(), actorOf(c), f)
		if err != nil {
			return err
		}
		return list(c, out, total, q.Page)
	}
}

type articlesQuery struct {
	models.Page
	Category models.ArticleCategory `query:"category" label:"栏目" doc:"栏目：通知公告或政策法规"`
}

// adminArticlesQuery is the admins' list, which also has drafts and
// withdrawn articles.
type adminArticlesQuery struct {
	articlesQuery
	Status models.ArticleStatus `query:"status" label:"状态" doc:"状态"`
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
