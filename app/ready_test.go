package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
)

// readyz answers 200 while this process's index is behind the database by
// less than --ready-max-lag, 503 with the lag beyond it, and 200 again once
// the index has caught up.
func TestReadyWithinTheLagBound(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		m.srv.cfg.ReadyMaxLag = 1500 * time.Millisecond
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		m.indexed()
		if h := call[health](m, nil, 200, "GET", "/readyz", nil); h.Status != "ready" || h.LagEvents != 0 {
			t.Errorf("caught up: %+v", h)
		}
		// Written after the last catch-up: behind, but within the bound.
		m.publishAchievement(admin, sup, "石墨烯导热膜连续化制备技术")
		h := call[health](m, nil, 200, "GET", "/readyz", nil)
		if h.LagEvents == 0 {
			t.Errorf("a lag within the bound is not shown: %+v", h)
		}
		// Beyond it: 503, saying by how much.
		time.Sleep(1600 * time.Millisecond)
		h = call[health](m, nil, 503, "GET", "/readyz", nil)
		if h.Status != "unavailable" || h.LagEvents == 0 || h.LagMS < 1500 || !strings.Contains(h.Reason, "落后") {
			t.Errorf("beyond the bound: %+v", h)
		}
		m.indexed()
		if h := call[health](m, nil, 200, "GET", "/readyz", nil); h.LagEvents != 0 || h.LagMS != 0 {
			t.Errorf("caught up again: %+v", h)
		}
	})
}

// With another process writing steadily, the index of this one is almost
// always a few events behind; readyz must stay 200 throughout, or a load
// balancer would take every process out together.
func TestReadyDoesNotFlapUnderSteadyWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		m.srv.cfg.ReadyMaxLag = 2 * time.Second
		other := newMarket(t, m.db) // a second process on the same database, its own index
		admin := m.admin()
		sup := m.signUp("prof", models.RoleSupplier, "福州大学")
		m.verify(admin, sup)
		m.indexed()
		ctx, cancel := context.WithCancel(t.Context())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); m.srv.indexer.Run(ctx, 250*time.Millisecond) }()
		stop := make(chan struct{})
		var probes, unready int
		var firstBad health
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				r := m.do("GET", "/readyz", "", nil)
				probes++
				if r.Status != 200 {
					if unready == 0 {
						json.Unmarshal(r.Body, &firstBad)
					}
					unready++
				}
			}
		}()
		// About 20 publications a second, through the other process, for 2 s.
		for i, until := 0, time.Now().Add(2*time.Second); time.Now().Before(until); i++ {
			other.publishAchievement(admin, sup, fmt.Sprintf("稳定写入中的成果 %d 号", i))
			time.Sleep(20 * time.Millisecond)
		}
		close(stop)
		cancel()
		wg.Wait()
		if probes < 20 || unready > 0 {
			t.Errorf("%d of %d probes not ready under steady writes; first: %+v", unready, probes, firstBad)
		} else {
			t.Logf("%d probes, all ready", probes)
		}
	})
}
