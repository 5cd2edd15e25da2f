package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
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
	id, err := m.market.LastOutboxID(m.ctx)
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

func TestSSEStreamsBidsAndResumes(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 5)
		base := m.listen()
		ctx := t.Context()
		go m.srv.hub.Run(ctx, "")
		time.Sleep(100 * time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/auctions/%d/events", base, am.auctionID), nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		events := make(chan string, 10)
		go func() {
			sc := bufio.NewScanner(res.Body)
			var id, event string
			for sc.Scan() {
				line := sc.Text()
				if v, ok := strings.CutPrefix(line, "id: "); ok {
					id = v
				}
				if v, ok := strings.CutPrefix(line, "event: "); ok {
					event = v
				}
				if strings.HasPrefix(line, "data: ") && id != "" && event != "hello" {
					events <- id + " " + line
					id = ""
				}
			}
		}()
		m.must(201, am.bid(am.bidders[0], 100_000, "k1"))
		var first string
		select {
		case first = <-events:
			// Opened without Last-Event-ID: the bidders' admissions are not replayed.
			if !strings.Contains(first, `"amount_fen":100000`) || !strings.Contains(first, "server_time") {
				t.Errorf("event: %s", first)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("no live event within 3 s")
		}
		m.must(201, am.bid(am.bidders[1], 110_000, "k2"))
		// A watcher reconnecting after the first event gets the second from the log.
		lastID := strings.Fields(first)[0]
		req2, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/auctions/%d/events", base, am.auctionID), nil)
		req2.Header.Set("Last-Event-ID", lastID)
		res2, err := http.DefaultClient.Do(req2)
		if err != nil {
			t.Fatal(err)
		}
		defer res2.Body.Close()
		sc := bufio.NewScanner(res2.Body)
		deadline := time.Now().Add(3 * time.Second)
		for sc.Scan() && time.Now().Before(deadline) {
			if strings.HasPrefix(sc.Text(), "data: ") && strings.Contains(sc.Text(), `"amount_fen":110000`) {
				if _, err := strconv.Atoi(lastID); err != nil {
					t.Fatal(err)
				}
				return
			}
			if strings.Contains(sc.Text(), `"amount_fen":100000`) {
				t.Fatal("resume replayed an event before Last-Event-ID")
			}
		}
		t.Fatal("resumed stream lacks the missed bid")
	})
}

// sseLines streams "event data" pairs of an auction's events from after lastID.
func sseLines(t *testing.T, base string, auctionID int64, lastID string) chan string {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", fmt.Sprintf("%s/api/v1/auctions/%d/events?last_event_id=%s", base, auctionID, lastID), nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	out := make(chan string, 20)
	go func() {
		sc := bufio.NewScanner(res.Body)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				event = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok && event != "hello" {
				out <- event + " " + v
			}
		}
	}()
	return out
}

func next(t *testing.T, ch chan string) string {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(3 * time.Second):
		t.Fatal("no event within 3 s")
	}
	return ""
}

func TestAuctionSnapshotIDBidTimesAndLiveAdmission(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 1, now.Add(-time.Minute), now.Add(time.Hour), 5)
		m.must(201, am.bid(am.bidders[0], 100_000, "k1"))
		base := m.listen()
		go m.srv.hub.Run(t.Context(), "")
		time.Sleep(100 * time.Millisecond)

		// The snapshot names the last event it includes: a stream opened from there
		// replays nothing old and misses nothing new.
		snap := call[auctionDetail](m, nil, 200, "GET", fmt.Sprintf("/api/v1/auctions/%d", am.auctionID), nil)
		last := snap.LastEventID
		if last < 1 || len(snap.Auction.Lots) == 0 || snap.Auction.Lots[0].BidCount != 1 {
			t.Fatalf("snapshot %+v", snap)
		}
		events := sseLines(t, base, am.auctionID, fmt.Sprint(last))
		late := m.signUp("late", models.RoleDemander, "后报名企业")
		m.verify(am.admin, late)
		apply := fmt.Sprintf("/api/v1/auctions/%d/apply", am.auctionID)
		ad := call[models.Admission](m, late, 201, "POST", apply, nil)
		admit := fmt.Sprintf("/api/v1/admissions/%d/admit", ad.ID)
		// The application is announced (the admin's list updates); applying again is the same application, unannounced.
		got := next(t, events)
		if !strings.HasPrefix(got, "applied ") || !strings.Contains(got, `"status":"applied"`) || strings.Contains(got, "org_id") {
			t.Fatalf("application event %q", got)
		}
		if again := call[models.Admission](m, late, 201, "POST", apply, nil); again.ID != ad.ID {
			t.Fatalf("a second application %+v", again)
		}

		// Only the admin admits; a refused admission emits nothing.
		m.play(t,
			step{name: "the applicant admits itself", as: late, method: "POST", path: admit, want: 403},
			step{name: "another bidder admits it", as: am.bidders[0], method: "POST", path: admit, want: 403},
			step{name: "an unknown admission", as: am.admin, method: "POST", path: "/api/v1/admissions/99999/admit", want: 404, code: "admission_not_found"},
		)
		call[models.Admission](m, am.admin, 200, "POST", admit, nil)
		got = next(t, events)
		if !strings.HasPrefix(got, "admitted ") || !strings.Contains(got, fmt.Sprintf(`"admission_id":%d`, ad.ID)) ||
			!strings.Contains(got, `"status":"admitted"`) || strings.Contains(got, "org_id") {
			t.Fatalf("admission event %q", got)
		}
		m.check(step{name: "admitted twice", as: am.admin, method: "POST", path: admit, want: 409})

		// The admitted bidder bids at once; the event carries the bid's own time.
		before := time.Now().Add(-time.Second)
		m.must(201, am.bid(late, 110_000, "l1"))
		got = next(t, events)
		if !strings.HasPrefix(got, "bid ") || !strings.Contains(got, `"amount_fen":110000`) || !strings.Contains(got, `"created_at":"`) {
			t.Fatalf("bid event %q", got)
		}
		bids := call[page[models.Bid]](m, nil, 200, "GET", fmt.Sprintf("/api/v1/lots/%d/bids", am.lotID), nil).Items
		for _, b := range bids {
			if at := b.CreatedAt; at.Before(now.Add(-time.Minute)) || at.After(time.Now()) {
				t.Errorf("bid time %+v", b)
			}
		}
		if len(bids) == 0 || bids[0].AmountFen != 110_000 {
			t.Errorf("bids highest first: %+v", bids)
		} else if at := bids[0].CreatedAt; at.Before(before) {
			t.Errorf("bid time %s before the bid", at)
		}
		// The double admission and the refused admits left no event behind.
		select {
		case extra := <-events:
			t.Fatalf("unexpected event %q", extra)
		case <-time.After(300 * time.Millisecond):
		}
		m.check(step{name: "an unknown auction", method: "GET", path: "/api/v1/auctions/99999", want: 404, code: "auction_not_found"})
	})
}
