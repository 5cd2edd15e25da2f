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
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5"

	"techmarket/models"
)

// Hub fans live auction events out to this process's browsers. It reads each
// new outbox event once and hands it to the subscribers of its auction; it is
// woken in-process after local writes and, on PostgreSQL, by NOTIFY from
// other processes, with a slow poll as the backstop.
type Hub struct {
	market *models.Market
	log    *slog.Logger
	wake   chan struct{}
	mu     sync.Mutex
	subs   map[int64]map[chan models.OutboxEvent]struct{}
	cursor atomic.Int64 // the last outbox event dispatched
	// notified, when set, is also called on every NOTIFY: the search
	// indexer, so that another process's change is searchable here at once
	// rather than at the indexer's next poll.
	notified func()
}

func newHub(market *models.Market, log *slog.Logger) *Hub {
	return &Hub{market: market, log: log, wake: make(chan struct{}, 1), subs: map[int64]map[chan models.OutboxEvent]struct{}{}}
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
	last, err := h.market.LastOutboxID(ctx)
	if err != nil {
		h.log.Error("live events: reading the outbox failed", "err", err)
	}
	h.cursor.Store(last)
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
		h.dispatch(ctx)
	}
}

func (h *Hub) dispatch(ctx context.Context) {
	for {
		evs, err := h.market.OutboxAfter(ctx, h.cursor.Load(), 500)
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
		h.cursor.Store(evs[len(evs)-1].ID)
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
					if h.notified != nil {
						h.notified()
					}
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

// maxReplay bounds what a reconnecting watcher is sent from the log. One
// that missed more is told to reset (reload the auction and reopen the
// stream from the fresh snapshot) rather than sent a thousand old events or
// silently fewer than it missed.
const maxReplay = 200

// ssePingEvery is how often an idle stream sends a comment. Besides keeping
// proxies from closing the connection, it is how the server learns that a
// watcher has gone (the write fails), which frees its slot.
const ssePingEvery = 15 * time.Second

// auctionEvents streams an auction's events as Server-Sent Events. A watcher
// without Last-Event-ID gets hello and then only new events: the page holds a
// snapshot (GET /auctions/{id}) and opens the stream from its last_event_id.
// A watcher with one first gets what it missed, up to maxReplay events, or a
// reset. Each client address holds at most cfg.SSEPerAddress streams.
// eventsQuery names the last event a watcher holds, for a browser's
// EventSource, which cannot send Last-Event-ID on its first connection.
type eventsQuery struct {
	LastEventID string `query:"last_event_id" doc:"已收到的最后一个事件编号（同 Last-Event-ID，详情接口给出）"`
}

func (s *Server) auctionEvents(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.market.GetAuction(c.UserContext(), actorOf(c), id); err != nil {
		return err
	}
	raw := strings.TrimSpace(c.Get("Last-Event-ID", queryOf[eventsQuery](c).LastEventID))
	addr := s.clientAddr(c) // a fresh string, resolved through the trusted proxies like the rate limits
	if !s.streams.acquire(addr) {
		return models.ErrTooManyStreams.Sayf("同一地址最多同时打开 %d 个实时连接，请关闭多余的拍卖页面后再试", s.streams.max)
	}
	// Subscribed before the outbox is read, so that nothing committed in
	// between falls through: what the read misses arrives on ch.
	ch, cancel := s.hub.Subscribe(id)
	release := func() { cancel(); s.streams.release(addr) }
	missed, last, reset, err := s.replayFor(c.UserContext(), id, raw)
	if err != nil {
		release()
		return err
	}
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no")
	ping := s.ssePing
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer release()
		mark := func() []byte {
			b, _ := json.Marshal(models.StreamMark{LastEventID: last, ServerTime: time.Now().UTC()})
			return b
		}
		if reset {
			// No id: a client that ignores reset and reconnects by itself is told again.
			fmt.Fprintf(w, "retry: 2000\nevent: reset\ndata: %s\n\n", mark())
			w.Flush()
			return
		}
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
		// hello carries the id the stream continues after, so that a browser
		// reconnecting by itself resumes from there even before any event.
		fmt.Fprintf(w, "retry: 2000\nid: %d\nevent: hello\ndata: %s\n\n", last, mark())
		if w.Flush() != nil {
			return
		}
		for _, ev := range missed {
			if !send(ev) {
				return
			}
		}
		t := time.NewTicker(ping)
		defer t.Stop()
		for {
			select {
			case ev, ok := <-ch:
				if !ok || !send(ev) {
					return
				}
			case <-t.C:
				fmt.Fprintf(w, ": ping %s\n\n", time.Now().UTC().Format(time.RFC3339))
				if w.Flush() != nil {
					return
				}
			}
		}
	})
	return nil
}

// replayFor decides where a new stream starts. Without a Last-Event-ID it
// starts after the newest event: nothing old is replayed. With one, it
// replays what the watcher missed, unless that is more than maxReplay events
// or the id is not one the log can resume from (not a number, or from the
// future, as after a database restore): then the watcher must reset. last is
// the id the stream continues after (for a reset, the newest event's).
func (s *Server) replayFor(ctx context.Context, auctionID int64, raw string) (missed []models.OutboxEvent, last int64, reset bool, err error) {
	newest, err := s.market.LastOutboxID(ctx)
	if err != nil {
		return nil, 0, false, err
	}
	if raw == "" {
		return nil, newest, false, nil
	}
	from, perr := strconv.ParseInt(raw, 10, 64)
	if perr != nil || from < 0 || from > newest {
		return nil, newest, true, nil
	}
	missed, err = s.market.AuctionEventsAfter(ctx, auctionID, from, maxReplay+1)
	if err != nil {
		return nil, 0, false, err
	}
	if len(missed) > maxReplay {
		return nil, newest, true, nil
	}
	return missed, from, false, nil
}

// addressSlots counts the open streams of each client address, so that one
// address cannot hold the process's connections and memory. Zero max means
// no cap. The count is per process: behind a load balancer each process
// admits max from one address.
type addressSlots struct {
	max  int
	mu   sync.Mutex
	open map[string]int
}

func newAddressSlots(max int) *addressSlots {
	return &addressSlots{max: max, open: map[string]int{}}
}

func (a *addressSlots) acquire(addr string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.max > 0 && a.open[addr] >= a.max {
		return false
	}
	a.open[addr]++
	return true
}

func (a *addressSlots) release(addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.open[addr]--; a.open[addr] <= 0 {
		delete(a.open, addr)
	}
}
