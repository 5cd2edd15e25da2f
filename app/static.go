package app

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
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
	f.Use("/", func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead || strings.HasPrefix(c.Path(), "/api/") {
			return c.Next()
		}
		name := strings.TrimPrefix(path.Clean("/"+c.Path()), "/")
		if name == "" || path.Ext(name) == "" {
			name = "index.html" // the page's router takes every path that is not a file
		}
		b, err := fs.ReadFile(dist, name)
		if err != nil {
			return c.Next()
		}
		if name == "index.html" {
			// It names the scripts of the current build: always asked again.
			c.Set(fiber.HeaderCacheControl, "no-cache")
		}
		return builtFiles.send(c, name, b)
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
				c.Set(fiber.HeaderCacheControl, "no-cache")
				return builtFiles.send(c, "api-docs/"+name, b)
			}
		}
		return models.ErrRouteNotFound
	})
}

// builtFiles sends the files built into the binary, compressed when the
// browser takes it: the pages' scripts and styles go out at a quarter of
// their size or less. Each file is compressed once, on its first request,
// and kept; the build is fixed for the life of the process.
var builtFiles = &compressedFiles{cache: map[string][]byte{}}

type compressedFiles struct {
	mu    sync.Mutex
	cache map[string][]byte // by encoding and file name
}

// compressible: text formats; images and fonts are compressed already.
var compressible = map[string]bool{".html": true, ".js": true, ".mjs": true, ".css": true, ".svg": true, ".json": true, ".txt": true, ".map": true}

func (cf *compressedFiles) send(c *fiber.Ctx, name string, b []byte) error {
	c.Type(strings.TrimPrefix(path.Ext(name), "."), "utf-8")
	if !compressible[path.Ext(name)] || len(b) < 1024 {
		return c.Send(b)
	}
	c.Vary(fiber.HeaderAcceptEncoding)
	enc := acceptedEncoding(c.Get(fiber.HeaderAcceptEncoding))
	if enc == "" {
		return c.Send(b)
	}
	c.Set(fiber.HeaderContentEncoding, enc)
	return c.Send(cf.compressed(enc, name, b))
}

func (cf *compressedFiles) compressed(enc, name string, b []byte) []byte {
	key := enc + " " + name
	cf.mu.Lock()
	out, ok := cf.cache[key]
	cf.mu.Unlock()
	if ok {
		return out
	}
	var buf bytes.Buffer
	if enc == "br" {
		// Level 9: within a few per cent of level 11 at a tenth of its time.
		w := brotli.NewWriterLevel(&buf, 9)
		w.Write(b)
		w.Close()
	} else {
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
	}
	out = buf.Bytes()
	cf.mu.Lock()
	cf.cache[key] = out
	cf.mu.Unlock()
	return out
}

// acceptedEncoding picks brotli, else gzip, from an Accept-Encoding header;
// an encoding the browser refuses with q=0 is not taken.
func acceptedEncoding(header string) string {
	took := map[string]bool{}
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		refused := false
		for _, p := range fields[1:] {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				q, err := strconv.ParseFloat(v, 64)
				refused = err == nil && q == 0
			}
		}
		took[name] = !refused
	}
	switch {
	case took["br"]:
		return "br"
	case took["gzip"]:
		return "gzip"
	}
	return ""
}
