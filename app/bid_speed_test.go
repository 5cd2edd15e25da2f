package app

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// TestBidSpeedReport measures accepted-bid latency over HTTP with 20
// concurrent bidders (SQLite, and PostgreSQL when configured) and how long
// SSE takes to bring each bid to 1,000 watchers. It only reports; `make bench` runs it.
func TestBidSpeedReport(t *testing.T) {
	if os.Getenv("TM_BENCH") == "" {
		t.Skip("set TM_BENCH=1 (make bench) to run the bid speed report")
	}
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		m := newMarket(t, db)
		m.srv.cfg.LoginsPerMinute = 1 << 20
		now := time.Now()
		am := newAuction(t, m, 20, now.Add(-time.Minute), now.Add(time.Hour), 0)
		base := m.listen()
		go m.srv.hub.Run(t.Context(), "")
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		post := func(tok string, amount int64, key string) (int, time.Duration) {
			b, _ := json.Marshal(map[string]any{"amount_fen": amount, "client_key": key})
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/lots/%d/bids", base, am.lotID), bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			start := time.Now()
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			// Read to the end, or the connection is closed rather than reused.
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode, time.Since(start)
		}
		// 20 bidders, each bidding what it last saw plus one increment.
		var mu sync.Mutex
		var lat []float64
		var wg sync.WaitGroup
		deadline := time.Now().Add(5 * time.Second)
		for i, b := range am.bidders {
			wg.Add(1)
			go func(i int, tok string) {
				defer wg.Done()
				for n := 0; time.Now().Before(deadline); n++ {
					var lot models.Lot
					db.Select("current_price_fen", "bid_count").First(&lot, am.lotID)
					amount := lot.CurrentPriceFen + 10_000
					if lot.BidCount == 0 {
						amount = 100_000
					}
					status, d := post(tok, amount, fmt.Sprintf("b%d-%d", i, n))
					if status == 201 {
						mu.Lock()
						lat = append(lat, float64(d.Microseconds())/1000)
						mu.Unlock()
					}
				}
			}(i, b.Token)
		}
		wg.Wait()
		sort.Float64s(lat)
		fmt.Printf("\n%s: %d accepted bids from 20 concurrent bidders over HTTP: p50 %.2f ms, p99 %.2f ms\n",
			models.Dialect(db), len(lat), lat[len(lat)/2], lat[len(lat)*99/100])

		// 1,000 watchers on the auction's event stream.
		const watchers = 1000
		received := map[int64][]time.Time{} // amount -> arrival per watcher
		var ready sync.WaitGroup
		for w := 0; w < watchers; w++ {
			ready.Add(1)
			go func() {
				res, err := client.Get(fmt.Sprintf("%s/api/v1/auctions/%d/events", base, am.auctionID))
				if err != nil {
					ready.Done()
					return
				}
				defer res.Body.Close()
				sc := bufio.NewScanner(res.Body)
				once := false
				for sc.Scan() {
					line := sc.Text()
					if !once && strings.HasPrefix(line, "data: ") {
						once = true
						ready.Done()
					}
					if strings.HasPrefix(line, "data: ") && strings.Contains(line, "amount_fen") {
						var ev struct {
							AmountFen int64 `json:"amount_fen"`
						}
						json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev)
						mu.Lock()
						received[ev.AmountFen] = append(received[ev.AmountFen], time.Now())
						mu.Unlock()
					}
				}
			}()
		}
		ready.Wait()
		// Then bids one after another, each timed to its arrival at every watcher.
		sentAt := map[int64]time.Time{}
		var lot models.Lot
		db.First(&lot, am.lotID)
		amount := lot.CurrentPriceFen
		for i := 0; i < 20; i++ {
			amount += 10_000
			at := time.Now()
			if status, _ := post(am.bidders[i%2].Token, amount, fmt.Sprintf("sse-%d", i)); status == 201 {
				sentAt[amount] = at
			}
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(2 * time.Second)
		mu.Lock()
		worst, complete := time.Duration(0), 0
		for amount, at := range sentAt {
			arrivals := received[amount]
			if len(arrivals) == watchers {
				complete++
			}
			for _, r := range arrivals {
				worst = max(worst, r.Sub(at))
			}
		}
		mu.Unlock()
		fmt.Printf("%s: SSE to %d watchers: %d of %d bids reached every watcher; slowest delivery %s\n",
			models.Dialect(db), watchers, complete, len(sentAt), worst.Round(time.Millisecond))
	})
}
