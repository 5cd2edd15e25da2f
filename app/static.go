package app

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"techmarket/frontend"
	"techmarket/models"
)

// serveFrontend serves the embedded single-page app; any path that is not a
// file gets index.html so that the router in the page can take it.
func serveFrontend(f *fiber.App) {
	dist, ok := frontend.Dist()
	if !ok {
		f.Get("/*", func(c *fiber.Ctx) error {
			c.Type("html", "utf-8")
			return c.Send(frontend.MissingPage())
		})
		return
	}
	f.Use("/assets", func(c *fiber.Ctx) error {
		// Vite puts a content hash in every asset name.
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		return c.Next()
	})
	f.Use("/", filesystem.New(filesystem.Config{
		Root:         http.FS(dist),
		Index:        "index.html",
		NotFoundFile: "index.html",
		Next:         func(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") },
	}))
}

// The API reference (/api/docs): the page and its starter are ours
// (app/apidocs); Swagger UI's files are the frontend build's (dist/api-docs,
// copied from swagger-ui-dist by vite.config.ts). Both are in the binary.
//
//go:embed apidocs
var apiDocs embed.FS

func (s *Server) apiDocsPage(c *fiber.Ctx) error {
	page, _ := apiDocs.ReadFile("apidocs/index.html")
	c.Type("html", "utf-8")
	return c.Send(page)
}

// serveAPIDocsAssets serves /api/docs/* before the catch-all for unknown API paths.
func serveAPIDocsAssets(f *fiber.App) {
	own, _ := fs.Sub(apiDocs, "apidocs")
	var viewer fs.FS
	if dist, ok := frontend.Dist(); ok {
		viewer, _ = fs.Sub(dist, "api-docs")
	}
	f.Get("/api/docs/*", func(c *fiber.Ctx) error {
		name := path.Clean(c.Params("*"))
		for _, from := range []fs.FS{own, viewer} {
			if from == nil || name == "index.html" {
				continue
			}
			if b, err := fs.ReadFile(from, name); err == nil {
				c.Type(strings.TrimPrefix(path.Ext(name), "."), "utf-8")
				c.Set(fiber.HeaderCacheControl, "no-cache")
				return c.Send(b)
			}
		}
		return models.ErrRouteNotFound
	})
}
