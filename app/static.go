package app

import (
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"techmarket/frontend"
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
