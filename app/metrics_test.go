package app

import (
	"sync"
	"testing"
	"time"
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
