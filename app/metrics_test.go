package app

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"techmarket/models/modeltest"
)

// gauge reads one unlabelled series of the server's metrics.
func (m *market) gauge(name string) float64 {
	m.t.Helper()
	families, err := m.srv.metrics.reg.Gather()
	if err != nil {
		m.t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name && len(f.GetMetric()) == 1 {
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	m.t.Fatalf("no series %s", name)
	return 0
}

// Bids that arrive while the lot cannot be written wait at its desk, and the
// queue depth shows them; it falls back to zero once they are through.
func TestBidQueueDepthCountsBidsAtTheDesk(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 3, now.Add(-time.Minute), now.Add(time.Hour), 5)
		if d := m.gauge("techmarket_bid_queue_depth"); d != 0 {
			t.Fatalf("depth %v before any bid", d)
		}
		// Hold the lot: on SQLite the write lock, on PostgreSQL its row.
		tx := m.db.Begin()
		if err := tx.Exec("UPDATE lots SET updated_at = updated_at WHERE id = ?", am.lotID).Error; err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i, b := range am.bidders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				am.bid(b, 100_000+int64(i)*10_000, "queued")
			}()
		}
		deadline := time.Now().Add(30 * time.Second)
		for m.gauge("techmarket_bid_queue_depth") != 3 {
			if time.Now().After(deadline) {
				tx.Rollback()
				wg.Wait()
				t.Fatalf("depth %v with three bids waiting", m.gauge("techmarket_bid_queue_depth"))
			}
			time.Sleep(10 * time.Millisecond)
		}
		tx.Rollback()
		wg.Wait()
		if d := m.gauge("techmarket_bid_queue_depth"); d != 0 {
			t.Errorf("depth %v once the bids are through", d)
		}
	})
}

// A series keeps its label values for the life of the process, and fasthttp
// reuses the buffer a request's method was read into: a label that is not a
// copy reads as whatever the next requests wrote there.
func TestRequestSeriesKeepTheirMethod(t *testing.T) {
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	m.do(http.MethodGet, "/api/v1/articles", "", nil)
	for range 20 {
		m.do(http.MethodDelete, "/api/v1/saved-searches/1", "", nil)
		m.do(http.MethodPost, "/api/v1/achievements", "", map[string]string{"title": "x"})
	}
	families, err := m.srv.metrics.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range families {
		if f.GetName() != "techmarket_http_request_duration_seconds" {
			continue
		}
		for _, s := range f.GetMetric() {
			for _, l := range s.GetLabel() {
				if l.GetName() == "method" {
					seen[l.GetValue()] = true
				}
			}
		}
	}
	for method := range seen {
		if method != http.MethodGet && method != http.MethodPost && method != http.MethodDelete {
			t.Errorf("a series' method reads %q", method)
		}
	}
	if !seen[http.MethodGet] || !seen[http.MethodPost] || !seen[http.MethodDelete] {
		t.Errorf("methods of the series: %v", seen)
	}
}
