package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"techmarket/models"
	"techmarket/models/modeltest"
)

// haproxyConfig balances round-robin over the servers, sends traffic only to
// those whose /readyz answers 200, keeps live event streams open for an hour,
// retries a request whose connection failed on another server, and names the
// server that answered in X-Served-By.
func haproxyConfig(listen string, servers map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `global
    maxconn 1000

defaults
    mode http
    option redispatch
    retries 3
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout http-request 10s

frontend market
    bind %s
    default_backend techmarket

backend techmarket
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 300ms fall 2 rise 1
    http-response set-header X-Served-By %%s
`, listen)
	names := make([]string, 0, len(servers))
	for name := range servers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "    server %s %s check\n", name, servers[name])
	}
	return b.String()
}

// startHAProxy runs haproxy in the foreground with cfg until the test ends.
func startHAProxy(t *testing.T, haproxy, cfg string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(file, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(haproxy, "-c", "-f", file).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	cmd := exec.Command(haproxy, "-db", "-f", file)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("haproxy:\n%s", log.String())
		}
	})
}

// servedBy asks the load balancer for path and says which server answered.
func servedBy(base, path string) (string, int) {
	res, err := http.Get(base + path)
	if err != nil {
		return "", 0
	}
	res.Body.Close()
	return res.Header.Get("X-Served-By"), res.StatusCode
}

func TestThreeServersBehindHAProxy(t *testing.T) {
	if os.Getenv("TM_TEST_POSTGRES_URL") == "" {
		t.Skip("TM_TEST_POSTGRES_URL 未设置：三个 serve 进程共享 PostgreSQL、经 HAProxy 负载均衡的测试跳过")
	}
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		// Debian installs it in /usr/sbin, which a user's PATH may lack.
		haproxy, err = exec.LookPath("/usr/sbin/haproxy")
	}
	if err != nil {
		t.Skip("未安装 haproxy（apt-get install haproxy）：三个 serve 进程经 HAProxy 负载均衡的测试跳过")
	}
	// One shared secret: a token signed by one process is checked by the others.
	env := []string{"TM_DATABASE_URL=" + modeltest.PostgresDatabase(t), "TM_JWT_SECRET=main-test-secret-4b1d9e7a2c6f0b8d3e5a"}
	started := time.Now()
	loadDemo(t, env, t.TempDir())
	procs := []*server{startServer(t, env, t.TempDir()), startServer(t, env, t.TempDir()), startServer(t, env, t.TempDir())}
	for _, s := range procs {
		s.waitReady(60 * time.Second)
	}
	t.Logf("demo loaded and three processes ready in %s", time.Since(started).Round(time.Millisecond))
	// A fourth slot, down until a process is added there later.
	laterAddr := freePort(t)
	lbAddr := freePort(t)
	startHAProxy(t, haproxy, haproxyConfig(lbAddr, map[string]string{
		"a": strings.TrimPrefix(procs[0].base, "http://"), "b": strings.TrimPrefix(procs[1].base, "http://"),
		"c": strings.TrimPrefix(procs[2].base, "http://"), "d": laterAddr,
	}))
	lb := &server{t: t, base: "http://" + lbAddr, log: &bytes.Buffer{}}
	// Every running server takes its turn; the empty slot none.
	seen := map[string]bool{}
	for deadline := time.Now().Add(10 * time.Second); len(seen) < 3 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if name, status := servedBy(lb.base, "/readyz"); status == 200 {
			seen[name] = true
		}
	}
	if len(seen) != 3 || seen["d"] {
		t.Fatalf("the load balancer sent requests to %v, want a, b and c", seen)
	}

	login := func(user string) string {
		return lb.call("POST", "/api/v1/auth/login", "", map[string]string{"username": user, "password": models.DemoPassword})["access_token"].(string)
	}
	sup, admin := login("fzu"), login("admin")

	t.Run("a listing written through one process is found through the others within 1 s at p99", func(t *testing.T) {
		const writes = 30
		q := "负载均衡可见性验证"
		base := procs[0].searchTotal(q)
		var delays []time.Duration
		for i := 0; i < writes; i++ {
			w := procs[i%3]
			created := w.call("POST", "/api/v1/achievements", sup, map[string]any{"title": fmt.Sprintf("负载均衡可见性验证成果第%d号", i),
				"summary": "多进程部署下检验搜索索引同步时延的成果。", "region": "350104", "field": "电子信息"})
			path := fmt.Sprintf("/api/v1/achievements/%d", int64(created["id"].(float64)))
			w.call("POST", path+"/submit", sup, nil)
			w.call("POST", path+"/approve", admin, nil)
			published := time.Now()
			var wg sync.WaitGroup
			var mu sync.Mutex
			for j := 1; j <= 2; j++ {
				other := procs[(i+j)%3]
				wg.Add(1)
				go func() {
					defer wg.Done()
					for other.searchTotal(q) < base+i+1 && time.Since(published) < 5*time.Second {
						time.Sleep(10 * time.Millisecond)
					}
					mu.Lock()
					delays = append(delays, time.Since(published))
					mu.Unlock()
				}()
			}
			wg.Wait()
		}
		sort.Slice(delays, func(i, j int) bool { return delays[i] < delays[j] })
		p50, p99 := delays[len(delays)/2], delays[(len(delays)*99+99)/100-1]
		t.Logf("found on the other processes: p50 %s, p99 %s, worst %s over %d look-ups",
			p50.Round(time.Millisecond), p99.Round(time.Millisecond), delays[len(delays)-1].Round(time.Millisecond), len(delays))
		if p99 > time.Second {
			t.Errorf("p99 %s, want under 1 s", p99)
		}
	})

	end := time.Now().Add(8 * time.Second)
	auctionID, lot, tokens := auctionOnDemo(t, lb, end)

	t.Run("live auction events reach watchers on every process", func(t *testing.T) {
		type sighting struct {
			proc int
			at   time.Time
		}
		seen := make(chan sighting, 30)
		for i, s := range procs {
			res, err := http.Get(fmt.Sprintf("%s/api/v1/auctions/%d/events", s.base, auctionID))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { res.Body.Close() })
			go func() {
				sc := bufio.NewScanner(res.Body)
				for sc.Scan() {
					if strings.HasPrefix(sc.Text(), "event: bid") {
						seen <- sighting{i, time.Now()}
					}
				}
			}()
		}
		time.Sleep(300 * time.Millisecond)
		sent := time.Now()
		if lb.tryBid(lot, tokens[0], 100_000, "lb-first") == 0 {
			t.Fatal("the first bid, through the load balancer, was refused")
		}
		got := map[int]bool{}
		for timeout := time.After(3 * time.Second); len(got) < 3; {
			select {
			case s := <-seen:
				got[s.proc] = true
				t.Logf("watcher on process %d saw the bid after %s", s.proc, s.at.Sub(sent).Round(time.Millisecond))
			case <-timeout:
				t.Fatalf("the bid reached the watchers on processes %v only", got)
			}
		}
	})

	t.Run("killing one process mid-auction loses no accepted bid, and the others carry on", func(t *testing.T) {
		amount := int64(101_000)
		var accepted []int64
		// Each bid is retried with its client key until the market accepts
		// it: a request caught by the kill may have failed at the balancer.
		bid := func(i int) {
			for try := 0; try < 20; try++ {
				if id := lb.tryBid(lot, tokens[(i+1)%3], amount, fmt.Sprintf("lb-%d", i)); id > 0 {
					accepted = append(accepted, id)
					amount += 1_000
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			t.Fatalf("bid %d was never accepted", i)
		}
		for i := 0; i < 6; i++ {
			bid(i)
		}
		procs[1].kill()
		for i := 6; i < 12; i++ {
			bid(i)
		}
		// The balancer takes the dead process out; the others keep answering.
		for i := 0; i < 6; i++ {
			if name, status := servedBy(lb.base, "/readyz"); status != 200 || name == "b" {
				t.Errorf("after the kill, request %d: %d from %q", i, status, name)
			}
		}
		if lb.searchTotal("负载均衡可见性验证") < 30 {
			t.Error("search through the balancer lost listings after the kill")
		}
		// The remaining processes' scheduler closes the lot at its end.
		time.Sleep(time.Until(end))
		db := openDatabase(t, env, t.TempDir())
		var l models.Lot
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			db.First(&l, lot)
			if l.Status != models.LotOpen || time.Now().After(deadline) {
				break
			}
		}
		var n int64
		db.Model(&models.Bid{}).Where("id IN ?", accepted).Count(&n)
		if int(n) != len(accepted) || len(accepted) != 12 {
			t.Fatalf("%d of %d accepted bids stored (12 sent)", n, len(accepted))
		}
		if l.Status != models.LotSold || l.CurrentPriceFen != amount-1_000 || l.DealID == nil {
			t.Fatalf("the lot is %+v, want sold at %d", l, amount-1_000)
		}
	})

	t.Run("a process added later builds its index and serves", func(t *testing.T) {
		d := &server{t: t, base: "http://" + laterAddr, log: &bytes.Buffer{}}
		var startedAt time.Time
		d.cmd = exec.Command(binary, "serve", "--addr", laterAddr, "--data-dir", t.TempDir())
		d.cmd.Env = append(append(os.Environ(), "TM_AUCTION_NOTICE_DAYS=0"), env...)
		d.cmd.Stdout, d.cmd.Stderr = d.log, d.log
		startedAt = time.Now()
		if err := d.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(d.kill)
		d.waitReady(60 * time.Second)
		t.Logf("ready after %s", time.Since(startedAt).Round(time.Millisecond))
		if got, want := d.searchTotal(""), procs[0].searchTotal(""); got != want {
			t.Errorf("the new process's index holds %d listings, the first's %d", got, want)
		}
		served := false
		for deadline := time.Now().Add(10 * time.Second); !served && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			name, status := servedBy(lb.base, "/api/v1/search?q="+url.QueryEscape("负载均衡"))
			served = name == "d" && status == 200
		}
		if !served {
			t.Error("the load balancer never sent a request to the process added later")
		}
	})
}
