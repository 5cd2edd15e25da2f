package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"techmarket/models"
)

// Hub fans live auction events out to this process's browsers. It reads each
// new outbox event once and hands it to the subscribers of its auction; it is
// woken in-process after local writes and, on PostgreSQL, by NOTIFY from
// other processes, with a slow poll as the backstop.
type Hub struct {
	db     *gorm.DB
	log    *slog.Logger
	wake   chan struct{}
	mu     sync.Mutex
	subs   map[int64]map[chan models.OutboxEvent]struct{}
	cursor int64
}

func newHub(db *gorm.DB, log *slog.Logger) *Hub {
	return &Hub{db: db, log: log, wake: make(chan struct{}, 1), subs: map[int64]map[chan models.OutboxEvent]struct{}{}}
}

// Wake makes the hub read the outbox now.
func (h *Hub) Wake() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Subscribe returns a channel of the auction's new events and its cancel.
func (h *Hub) Subscribe(auctionID int64) (chan models.OutboxEvent, func()) {
	ch := make(chan models.OutboxEvent, 64)
	h.mu.Lock()
	if h.subs[auctionID] == nil {
		h.subs[auctionID] = map[chan models.OutboxEvent]struct{}{}
	}
	h.subs[auctionID][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		if _, ok := h.subs[auctionID][ch]; ok {
			delete(h.subs[auctionID], ch)
			close(ch)
		}
		h.mu.Unlock()
	}
}

// Run dispatches events until ctx ends. postgresURL, when set, is listened on.
func (h *Hub) Run(ctx context.Context, postgresURL string) {
	last, err := models.LastOutboxID(h.db)
	if err != nil {
		h.log.Error("live events: reading the outbox failed", "err", err)
	}
	h.cursor = last
	if postgresURL != "" {
		go h.listen(ctx, postgresURL)
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			h.mu.Lock()
			for _, subs := range h.subs {
				for ch := range subs {
					close(ch)
				}
			}
			h.subs = map[int64]map[chan models.OutboxEvent]struct{}{}
			h.mu.Unlock()
			return
		case <-h.wake:
		case <-t.C:
		}
		h.dispatch()
	}
}

func (h *Hub) dispatch() {
	for {
		evs, err := models.OutboxAfter(h.db, h.cursor, 500)
		if err != nil {
			h.log.Error("live events: reading the outbox failed", "err", err)
			return
		}
		if len(evs) == 0 {
			return
		}
		h.mu.Lock()
		for _, ev := range evs {
			if ev.Entity != "auction" {
				continue
			}
			for ch := range h.subs[ev.EntityID] {
				select {
				case ch <- ev:
				default:
					// A watcher this far behind reconnects and replays from its Last-Event-ID.
					delete(h.subs[ev.EntityID], ch)
					close(ch)
				}
			}
		}
		h.mu.Unlock()
		h.cursor = evs[len(evs)-1].ID
	}
}

// listen wakes the hub on every NOTIFY of a committed outbox event from any process.
func (h *Hub) listen(ctx context.Context, url string) {
	for ctx.Err() == nil {
		conn, err := pgx.Connect(ctx, url)
		if err == nil {
			_, err = conn.Exec(ctx, "LISTEN "+models.OutboxChannel)
			for err == nil {
				_, err = conn.WaitForNotification(ctx)
				if err == nil {
					h.Wake()
				}
			}
			conn.Close(context.Background())
		}
		if ctx.Err() == nil {
			h.log.Warn("live events: LISTEN connection lost, retrying", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(2 * time.Second):
			}
		}
	}
}

// auctionEvents streams an auction's events as Server-Sent Events. A client
// that reconnects with Last-Event-ID first gets what it missed.
func (s *Server) auctionEvents(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := models.GetAuction(s.db, id); err != nil {
		return err
	}
	last, _ := strconv.ParseInt(strings.TrimSpace(c.Get("Last-Event-ID", c.Query("last_event_id"))), 10, 64)
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no")
	ch, cancel := s.hub.Subscribe(id)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer cancel()
		send := func(ev models.OutboxEvent) bool {
			if ev.ID <= last || (ev.Topic != "auction.bid" && ev.Topic != "auction.closed" && ev.Topic != "auction.applied" && ev.Topic != "auction.admitted") {
				return true
			}
			last = ev.ID
			var data map[string]any
			json.Unmarshal([]byte(ev.Payload), &data)
			if data == nil {
				data = map[string]any{}
			}
			data["server_time"] = time.Now().UTC()
			b, _ := json.Marshal(data)
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", ev.ID, strings.TrimPrefix(ev.Topic, "auction."), b)
			return w.Flush() == nil
		}
		fmt.Fprintf(w, "retry: 2000\nevent: hello\ndata: {\"server_time\":%q}\n\n", time.Now().UTC().Format(time.RFC3339Nano))
		if w.Flush() != nil {
			return
		}
		missed, err := models.AuctionEventsAfter(s.db, id, last)
		if err != nil {
			return
		}
		for _, ev := range missed {
			if !send(ev) {
				return
			}
		}
		ping := time.NewTicker(15 * time.Second)
		defer ping.Stop()
		for {
			select {
			case ev, ok := <-ch:
				if !ok || !send(ev) {
					return
				}
			case <-ping.C:
				fmt.Fprintf(w, ": ping %s\n\n", time.Now().UTC().Format(time.RFC3339))
				if w.Flush() != nil {
					return
				}
			}
		}
	})
	return nil
}
