package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scrape reads a Prometheus text page into series (name{labels}) -> value.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("scrape %s: %d %s", url, res.StatusCode, b)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("scrape: bad line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

// importListings imports n published achievements titled prefix 1..n.
func importAchievements(t *testing.T, env []string, data, prefix string, n int) {
	t.Helper()
	var rows strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&rows, `{"external_id":"%s-%d","title":"%s %d 号","summary":"用于运维检验的成果，编号 %d。","region":"350104","org":"福州大学"}`+"\n", prefix, i, prefix, i, i)
	}
	file := filepath.Join(t.TempDir(), prefix+".jsonl")
	os.WriteFile(file, []byte(rows.String()), 0o644)
	if out, code := command(t, env, "import", "--kind", "achievement", "--publish", "--file", file, "--data-dir", data); code != 0 {
		t.Fatalf("import: %s", out)
	}
}

func TestMetricsOnTheirOwnAddress(t *testing.T) {
	databases(t, func(t *testing.T, env []string) {
		data := t.TempDir()
		importAchievements(t, env, data, "指标检验成果", 3)
		metricsAddr := freePort(t)
		s := startServer(t, append(env, "TM_METRICS_ADDR="+metricsAddr), data)
		s.waitReady(60 * time.Second)
		url := "http://" + metricsAddr + "/metrics"
		before := scrape(t, url)

		// Two listings read by id: one series, under the route's pattern.
		r := s.call("GET", "/api/v1/achievements?size=2", "", nil)
		for _, it := range r["items"].([]any) {
			s.call("GET", fmt.Sprintf("/api/v1/achievements/%d", int64(it.(map[string]any)["id"].(float64))), "", nil)
		}
		if res, err := http.Get(s.base + "/api/v1/achievements/999999"); err != nil || res.StatusCode != 404 {
			t.Fatalf("an unknown achievement: %v %v", res, err)
		} else {
			res.Body.Close()
		}
		importAchievements(t, env, data, "指标新增成果", 2)
		s.waitReady(10 * time.Second)
		time.Sleep(1200 * time.Millisecond) // a few scheduler ticks
		after := scrape(t, url)

		detail := `techmarket_http_request_duration_seconds_count{method="GET",route="/api/v1/achievements/:id",status="200"}`
		if after[detail] != 2 {
			t.Errorf("%s = %v, want 2", detail, after[detail])
		}
		missing := `techmarket_http_request_duration_seconds_count{method="GET",route="/api/v1/achievements/:id",status="404"}`
		if after[missing] != 1 {
			t.Errorf("%s = %v, want 1", missing, after[missing])
		}
		raw := regexp.MustCompile(`route="[^"]*[0-9]{2,}`)
		for k := range after {
			if raw.MatchString(k) {
				t.Errorf("a raw URL became a series: %s", k)
			}
		}
		docs := "techmarket_search_index_documents"
		if before[docs] != 3 || after[docs] != 5 {
			t.Errorf("%s: %v before, %v after; want 3 then 5", docs, before[docs], after[docs])
		}
		for _, p := range []string{"search_index", "live_events"} {
			for _, m := range []string{"techmarket_outbox_lag_events", "techmarket_outbox_lag_seconds"} {
				k := m + `{process="` + p + `"}`
				if v, ok := after[k]; !ok || v != 0 {
					t.Errorf("%s = %v (present %v), want 0 once ready", k, v, ok)
				}
			}
		}
		if _, ok := after[`techmarket_outbox_lag_events{process="saved_searches"}`]; !ok {
			t.Error("no outbox lag of saved_searches")
		}
		if v, ok := after["techmarket_bid_queue_depth"]; !ok || v != 0 {
			t.Errorf("techmarket_bid_queue_depth = %v (present %v), want 0 with no bids", v, ok)
		}
		runs := `techmarket_scheduler_job_runs_total{job="auction.close"}`
		if !(after[runs] > before[runs]) {
			t.Errorf("%s did not move: %v then %v", runs, before[runs], after[runs])
		}
		if v, ok := after[`techmarket_scheduler_job_failures_total{job="auction.close"}`]; !ok || v != 0 {
			t.Errorf("auction.close failures = %v (present %v)", v, ok)
		}

		// The main address does not serve the metrics.
		res, err := http.Get(s.base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(b), "techmarket_") {
			t.Errorf("the main address serves the metrics: %d %.200s", res.StatusCode, b)
		}
	})
}
