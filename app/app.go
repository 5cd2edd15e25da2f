package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"techmarket/models"
	"techmarket/search"
)

// Server holds what the handlers share.
type Server struct {
	cfg        *Config
	market     *models.Market
	secret     []byte
	log        *slog.Logger
	indexer    *search.Indexer
	hub        *Hub
	streams    *addressSlots  // live event streams open per client address
	ssePing    time.Duration  // how often an idle stream pings (and notices a watcher gone)
	limits     *models.Limits // rate limits and the login back-off
	trusted    []*net.IPNet   // proxies whose X-Forwarded-For is believed
	rebuilding atomic.Bool    // true while keepIndexed refills a new index
	// readiness checks beyond the database
	ready []func(context.Context) error
	// metrics are served on --metrics-addr, when set (metrics.go)
	metrics *metrics
	// observe, when set (by the tests), sees every answer: the route that
	// answered and its response.
	observe func(c *fiber.Ctx)
	// the OpenAPI document, made once
	openapiOnce sync.Once
	openapiJSON []byte
}

// loadDictionaries loads the word dictionary with the operator's own terms
// (<data-dir>/dict/domain.txt), which must be in it before anything is
// analysed, and now rather than at the first search, which would wait
// about a second for it.
func loadDictionaries(cfg *Config) error {
	dict := filepath.Join(cfg.DataDir, "dict", "domain.txt")
	if _, err := os.Stat(dict); err == nil {
		if err := search.LoadOperatorDictionary(dict); err != nil {
			return fmt.Errorf("读取领域词典 %s 失败: %w", dict, err)
		}
	}
	search.LoadDictionary()
	return nil
}

// New builds the Fiber application over the market of an open, migrated database.
func New(cfg *Config, market *models.Market, log *slog.Logger) (*Server, *fiber.App, error) {
	secret, err := cfg.Secret()
	if err != nil {
		return nil, nil, err
	}
	trusted, err := parseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, nil, err
	}
	if err := checkPublicURL(cfg.PublicURL); err != nil {
		return nil, nil, err
	}
	if err := loadDictionaries(cfg); err != nil {
		return nil, nil, err
	}
	ix, err := search.Open(filepath.Join(cfg.DataDir, "index"))
	if err != nil {
		return nil, nil, fmt.Errorf("打开搜索索引失败: %w", err)
	}
	// Applied to queries, so the operator may edit it while serving.
	if err := ix.UseOperatorSynonyms(filepath.Join(cfg.DataDir, "dict", "synonyms.txt")); err != nil {
		ix.Close()
		return nil, nil, fmt.Errorf("读取同义词表失败: %w", err)
	}
	indexer, err := search.NewIndexer(ix, market, log)
	if err != nil {
		return nil, nil, err
	}
	s := &Server{cfg: cfg, market: market, secret: secret, log: log, indexer: indexer, hub: newHub(market, log),
		streams: newAddressSlots(cfg.SSEPerAddress), ssePing: ssePingEvery, limits: models.NewLimits(market), trusted: trusted}
	s.hub.notified = indexer.Wake
	// Fiber believes X-Forwarded-* (in c.IP(), c.Protocol(), c.Hostname())
	// only from the trusted proxies: with the check on and the list empty,
	// from nobody. Rate limits use s.clientAddr, which reads the header from
	// the right.
	proxies := make([]string, len(trusted))
	for i, n := range trusted {
		proxies[i] = n.String()
	}
	s.metrics = newMetrics(s)
	f := fiber.New(fiber.Config{
		AppName:               "techmarket",
		DisableStartupMessage: true,
		BodyLimit:             cfg.BodyLimitMB << 20,
		ReadTimeout:           30 * time.Second,
		IdleTimeout:           2 * time.Minute,
		ErrorHandler:          s.handleError,

		EnableTrustedProxyCheck: true,
		TrustedProxies:          proxies,
		ProxyHeader:             fiber.HeaderXForwardedFor,
		EnableIPValidation:      true,
	})
	f.Use(requestid.New())
	f.Use(s.metrics.measure)
	f.Use(s.accessLog)
	f.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: func(c *fiber.Ctx, e any) {
		log.Error("panic", "request_id", c.Locals("requestid"), "panic", fmt.Sprint(e))
	}}))
	f.Use(securityHeaders)
	f.Use(s.authenticate)
	f.Use(s.wakeIndexer)
	// API answers go out compressed when the browser takes it, except the
	// live event stream, which must leave as each event is written.
	f.Use("/api", compress.New(compress.Config{Next: func(c *fiber.Ctx) bool { return strings.HasSuffix(c.Path(), "/events") }}))
	for _, r := range s.routes() {
		hs := []fiber.Handler{s.guard(r), refuseBadText}
		if r.limit != nil {
			hs = append(hs, s.limited(r.limit))
		}
		if r.before != nil {
			hs = append(hs, r.before)
		}
		if r.query != nil {
			hs = append(hs, readQuery(r.query))
		}
		f.Add(r.method, r.path, append(hs, r.handler)...)
	}
	serveAPIDocsAssets(f)
	f.All("/api/*", func(c *fiber.Ctx) error {
		return models.ErrRouteNotFound
	})
	serveFrontend(f)
	return s, f, nil
}

// wakeIndexer nudges this process's indexer after any write, so its own
// changes show up in search at once; other processes' arrive by polling.
func (s *Server) wakeIndexer(c *fiber.Ctx) error {
	err := c.Next()
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		s.indexer.Wake()
		s.hub.Wake()
	}
	return err
}

// Close releases the search index.
func (s *Server) Close() error { return s.indexer.Index().Close() }

func securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	return c.Next()
}

func (s *Server) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(http.StatusInternalServerError)
		}
	}
	if s.observe != nil {
		s.observe(c)
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	switch {
	case c.Path() == "/readyz" && status == http.StatusServiceUnavailable:
		// Not ready is a state the load balancer acts on (starting, catching
		// up, the database away for a moment), not a failure of this process.
		level = slog.LevelWarn
	case status >= 500:
		level = slog.LevelError
	}
	s.log.Log(c.UserContext(), level, "http",
		"request_id", c.Locals("requestid"),
		"method", c.Method(),
		"path", c.Path(),
		"status", status,
		"duration_ms", time.Since(start).Milliseconds(),
		"ip", s.clientAddr(c),
		"user_id", actorOf(c).UserID,
	)
	return nil
}

type errorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// errorResponse is every error's answer.
type errorResponse struct {
	Error errorBody `json:"error"`
}

func (s *Server) handleError(c *fiber.Ctx, err error) error {
	me, ok := models.AsError(err)
	var fe *fiber.Error
	switch {
	case ok:
	case errors.As(err, &fe):
		me = httpError(fe.Code)
	default:
		s.log.Error("internal error", "request_id", c.Locals("requestid"), "path", c.Path(), "err", err)
		me = models.ErrInternal
	}
	return c.Status(me.Status).JSON(errorResponse{errorBody{me.Code, me.Message, me.Fields}})
}

// httpError is the catalogue's error for a status Fiber itself answers with.
func httpError(status int) *models.Error {
	for _, e := range []*models.Error{models.ErrHTTP400, models.ErrHTTP404, models.ErrHTTP405, models.ErrHTTP413, models.ErrHTTP415} {
		if e.Status == status {
			return e
		}
	}
	// A status the catalogue does not name: said as plainly as its class.
	e := models.ErrHTTP400
	if status >= 500 {
		e = models.ErrInternal
	}
	return &models.Error{Status: status, Code: "http_" + strconv.Itoa(status), Message: e.Message}
}

// decode reads a JSON body into v; syntax and type errors become Chinese 4xx errors.
func decode(c *fiber.Ctx, v any) error {
	body := c.Body()
	if len(strings.TrimSpace(string(body))) == 0 {
		return models.ErrEmptyBody
	}
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		// Embedded structs show up as "Listing.title"; callers know only "title".
		field := typeErr.Field[strings.LastIndexByte(typeErr.Field, '.')+1:]
		if field == "" {
			field = "body"
		}
		return models.Invalid(map[string]string{field: "类型错误，应为" + jsonTypeName(typeErr.Type.Kind().String())})
	default:
		return models.ErrBadJSON
	}
}

func jsonTypeName(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "数字"
	case kind == "string":
		return "字符串"
	case kind == "bool":
		return "布尔值"
	case kind == "slice":
		return "数组"
	}
	return "对象"
}

// page is one page of a list.
type page[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
	Page  int   `json:"page"`
	Size  int   `json:"size"`
}

// listOf is a whole list, not paged.
type listOf[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// itemsOf is a whole short list, sent without its length.
type itemsOf[T any] struct {
	Items []T `json:"items"`
}

func pageFor[T any](items []T, total int64, p models.Page) page[T] {
	return page[T]{items, total, p.Page, p.Size}
}

// yearOf is a whole list for one year.
type yearOf[T any] struct {
	Year int `json:"year"`
	listOf[T]
}

func all[T any](items []T) listOf[T] { return listOf[T]{items, len(items)} }

func onlyItems[T any](items []T) itemsOf[T] { return itemsOf[T]{items} }

func list[T any](c *fiber.Ctx, items []T, total int64, p models.Page) error {
	return c.JSON(pageFor(items, total, p))
}

// idAnd reads :id and the id of what stands under it, :name (a file, a user).
func idAnd(c *fiber.Ctx, name string) (int64, int64, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return 0, 0, err
	}
	sub, err := idParam(c, name)
	return id, sub, err
}

// idParam reads a positive integer path parameter.
func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id < 1 {
		return 0, models.ErrBadID
	}
	return id, nil
}

// health answers /healthz and /readyz.
type health struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	// How far this process's search index is behind the database (/readyz):
	// outbox events not applied yet, and milliseconds since it last held them all.
	LagEvents int64 `json:"lag_events,omitempty"`
	LagMS     int64 `json:"lag_ms,omitempty"`
}

// healthz is liveness: the process answers. It checks nothing else, so that
// a load balancer or supervisor restarts only a process that is stuck, never
// one that is merely catching up or waiting for the database.
func (s *Server) healthz(c *fiber.Ctx) error { return c.JSON(health{Status: "ok"}) }

// readyz is readiness: the database answers and the search index is caught
// up within --ready-max-lag. A load balancer sends traffic only to a ready process.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.Context(), 3*time.Second)
	defer cancel()
	unavailable := func(h health) error {
		h.Status = "unavailable"
		return c.Status(http.StatusServiceUnavailable).JSON(h)
	}
	if err := s.market.Ping(ctx); err != nil {
		return unavailable(health{Reason: "数据库不可用"})
	}
	if s.rebuilding.Load() {
		return unavailable(health{Reason: "搜索索引正在重建"})
	}
	lag, err := s.indexer.Ready(ctx, s.cfg.ReadyMaxLag)
	h := health{LagEvents: lag.Events, LagMS: lag.Behind.Milliseconds()}
	if err != nil {
		h.Reason = err.Error()
		return unavailable(h)
	}
	for _, check := range s.ready {
		if err := check(ctx); err != nil {
			h.Reason = err.Error()
			return unavailable(h)
		}
	}
	h.Status = "ready"
	return c.JSON(h)
}
