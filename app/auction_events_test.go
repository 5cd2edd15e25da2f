package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"techmarket/models"
)

// sseEvent is one event of a stream as a browser sees it.
type sseEvent struct {
	ID, Event, Data string
}

// watch opens an auction's event stream, with Last-Event-ID when lastID is
// not empty, and hands over its events; the channel closes when the server
// ends the stream. stop disconnects.
func watch(t *testing.T, base string, auctionID int64, lastID string) (res *http.Response, events chan sseEvent, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/auctions/%d/events", base, auctionID), nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	stop = func() { cancel(); res.Body.Close() }
	t.Cleanup(stop)
	events = make(chan sseEvent, 300)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Event != "" {
					events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.ID = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				ev.Event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return res, events, stop
}

func nextEvent(t *testing.T, events chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return ev
	case <-time.After(3 * time.Second):
		t.Fatal("no event within 3 s")
	}
	return sseEvent{}
}

func lastOutboxID(t *testing.T, m *market) int64 {
	t.Helper()
	id, err := models.LastOutboxID(m.db)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A watcher without Last-Event-ID holds (or will fetch) the snapshot: it
// gets hello and then only what happens from now on, however long the
// auction's history. Replaying it to every such watcher is what pushed 52 MB
// in 5 s to 200 of them.
func TestWatcherWithoutLastEventIDGetsOnlyNewEvents(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 5)
		m.must(201, am.bid(am.bidders[0], 100_000, "old-1"))
		m.must(201, am.bid(am.bidders[1], 110_000, "old-2"))
		base := m.listen()
		go m.srv.hub.Run(t.Context(), "")
		time.Sleep(100 * time.Millisecond)

		newest := lastOutboxID(t, m)
		_, events, _ := watch(t, base, am.auctionID, "")
		hello := nextEvent(t, events)
		var h struct {
			LastEventID int64 `json:"last_event_id"`
		}
		if hello.Event != "hello" || json.Unmarshal([]byte(hello.Data), &h) != nil || h.LastEventID != newest || hello.ID != fmt.Sprint(newest) {
			t.Fatalf("hello %+v, want it to say the stream continues after %d", hello, newest)
		}
		m.must(201, am.bid(am.bidders[0], 120_000, "new-1"))
		got := nextEvent(t, events)
		if got.Event != "bid" || !strings.Contains(got.Data, `"amount_fen":120000`) {
			t.Fatalf("first event %+v; want the new bid, not the auction's history", got)
		}
		// And nothing old came after it either.
		select {
		case ev := <-events:
			t.Fatalf("unexpected event %+v", ev)
		case <-time.After(300 * time.Millisecond):
		}
	})
}

// A watcher resuming from Last-Event-ID gets what it missed when that fits
// in one replay; when it missed more, or its id means nothing here, it is
// told to reset (reload the auction and reopen from the fresh snapshot)
// instead of being sent part of the history as if it were all.
func TestReplayBeyondItsCapResets(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 1, now.Add(-time.Minute), now.Add(time.Hour), 5)
		base := m.listen()
		go m.srv.hub.Run(t.Context(), "")
		from := lastOutboxID(t, m)
		missed := func(n int) {
			evs := make([]models.OutboxEvent, n)
			for i := range evs {
				evs[i] = models.OutboxEvent{Topic: "auction.bid", Entity: "auction", EntityID: am.auctionID,
					Payload: fmt.Sprintf(`{"lot_id":%d,"amount_fen":%d}`, am.lotID, 100_000+10_000*(i+1))}
			}
			if err := m.db.CreateInBatches(evs, 100).Error; err != nil {
				t.Fatal(err)
			}
		}

		// Exactly as many as one replay takes: all of them, in order, then the live stream.
		missed(maxReplay)
		_, events, _ := watch(t, base, am.auctionID, fmt.Sprint(from))
		if hello := nextEvent(t, events); hello.Event != "hello" {
			t.Fatalf("first event %+v", hello)
		}
		for i := 1; i <= maxReplay; i++ {
			ev := nextEvent(t, events)
			if ev.Event != "bid" || !strings.Contains(ev.Data, fmt.Sprintf(`"amount_fen":%d`, 100_000+10_000*i)) {
				t.Fatalf("replayed event %d: %+v", i, ev)
			}
		}

		// One more missed than a replay takes: a reset naming the newest event, and the stream ends.
		missed(1)
		newest := lastOutboxID(t, m)
		resets := map[string]string{
			"missed too many": fmt.Sprint(from),
			"from the future": fmt.Sprint(newest + 1000),
			"not an id":       "abc",
		}
		for name, id := range resets {
			_, events, _ := watch(t, base, am.auctionID, id)
			ev := nextEvent(t, events)
			var r struct {
				LastEventID int64 `json:"last_event_id"`
			}
			if ev.Event != "reset" || json.Unmarshal([]byte(ev.Data), &r) != nil || r.LastEventID != newest {
				t.Fatalf("%s: %+v, want a reset naming %d", name, ev, newest)
			}
			select {
			case extra, open := <-events:
				if open {
					t.Fatalf("%s: an event after the reset: %+v", name, extra)
				}
			case <-time.After(3 * time.Second):
				t.Fatalf("%s: the stream stayed open after the reset", name)
			}
		}

		// The query parameter resumes as the header does.
		res, err := http.Get(fmt.Sprintf("%s/api/v1/auctions/%d/events?last_event_id=%d", base, am.auctionID, from))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if b, _ := io.ReadAll(io.LimitReader(res.Body, 200)); !strings.Contains(string(b), "event: reset") {
			t.Fatalf("?last_event_id= beyond the cap: %q", b)
		}
	})
}

// One client address holds at most --sse-per-address streams; one more is
// a 429 with a Chinese message, and a stream that ends gives its slot back.
func TestStreamsPerAddressAreCapped(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 0, now.Add(-time.Minute), now.Add(time.Hour), 5)
		m.srv.streams = newAddressSlots(2)    // as --sse-per-address 2 sets it
		m.srv.ssePing = 50 * time.Millisecond // a gone watcher is noticed at the next ping
		base := m.listen()
		_, first, stopFirst := watch(t, base, am.auctionID, "")
		_, second, _ := watch(t, base, am.auctionID, "")
		for _, events := range []chan sseEvent{first, second} {
			if ev := nextEvent(t, events); ev.Event != "hello" {
				t.Fatalf("first event %+v", ev)
			}
		}
		third := func() response {
			res, err := http.Get(fmt.Sprintf("%s/api/v1/auctions/%d/events", base, am.auctionID))
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode == 200 {
				t.Cleanup(func() { res.Body.Close() })
				return response{Status: 200}
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return response{res.StatusCode, b, res.Header}
		}
		r := third()
		if r.Status != 429 || r.errorCode(t) != "too_many_streams" {
			t.Fatalf("a third stream from one address: %d %s", r.Status, r.Body)
		}
		// Refused streams hold no slot: still refused, not counted twice.
		if r := third(); r.Status != 429 {
			t.Fatalf("again: %d", r.Status)
		}

		// The first watcher leaves; its slot comes back.
		stopFirst()
		deadline := time.Now().Add(3 * time.Second)
		for third().Status != 200 {
			if time.Now().After(deadline) {
				t.Fatal("the slot of a closed stream was not freed within 3 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}
