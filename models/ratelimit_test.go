package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"techmarket/models"
	"techmarket/models/modeltest"
)

func TestBackoffDelay(t *testing.T) {
	b := models.Backoff{Free: 5, Base: time.Second, Max: time.Minute, Forget: 15 * time.Minute}
	cases := map[int]time.Duration{0: 0, 4: 0, 5: time.Second, 6: 2 * time.Second, 7: 4 * time.Second,
		10: 32 * time.Second, 11: time.Minute, 12: time.Minute, 1 << 20: time.Minute}
	for failures, want := range cases {
		if got := b.Delay(failures); got != want {
			t.Errorf("Delay(%d) = %v, want %v", failures, got, want)
		}
	}
}

// eachLimits runs fn on the in-process store and on the shared table of
// each dialect (the server uses the table on PostgreSQL only, but its SQL
// is the same in both).
func eachLimits(t *testing.T, fn func(t *testing.T, l *models.Limits)) {
	t.Run("memory", func(t *testing.T) { fn(t, models.MemoryLimits()) })
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) { fn(t, models.SharedLimits(modeltest.NewMarket(db))) })
}

var ctx = context.Background()

func TestRateLimitCountsPerWindow(t *testing.T) {
	eachLimits(t, func(t *testing.T, l *models.Limits) {
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		hit := func(bucket string, at time.Time) time.Duration {
			t.Helper()
			wait, err := l.Hit(ctx, bucket, 3, time.Minute, at)
			if err != nil {
				t.Fatal(err)
			}
			return wait
		}
		for i := 0; i < 3; i++ {
			if w := hit("register:1.2.3.4", t0); w != 0 {
				t.Fatalf("hit %d refused (%v)", i+1, w)
			}
		}
		if w := hit("register:1.2.3.4", t0); w != time.Minute {
			t.Errorf("4th hit: wait %v, want the whole window", w)
		}
		if w := hit("register:1.2.3.4", t0.Add(20*time.Second)); w != 40*time.Second {
			t.Errorf("later hit: wait %v, want the rest of the window", w)
		}
		if w := hit("register:5.6.7.8", t0); w != 0 {
			t.Errorf("another bucket refused (%v)", w)
		}
		if w := hit("register:1.2.3.4", t0.Add(time.Minute)); w != 0 {
			t.Errorf("next window refused (%v)", w)
		}
	})
}

// attempt tries a login through the throttle and reports it failed or
// succeeded; it returns the wait when it was not let through.
func attempt(t *testing.T, l *models.Limits, user, addr string, at time.Time, ok bool) time.Duration {
	t.Helper()
	a, wait, err := l.StartLogin(ctx, user, addr, at)
	if err != nil {
		t.Fatal(err)
	}
	if wait > 0 {
		return wait
	}
	if ok {
		err = a.Succeeded(ctx)
	} else {
		err = a.Failed(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func TestLoginThrottleBacksOffWithoutLockingTheOwnerOut(t *testing.T) {
	eachLimits(t, func(t *testing.T, l *models.Limits) {
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		// The owner has logged in from home before.
		attempt(t, l, "chen", "198.51.100.20", t0.Add(-time.Hour), true)

		// A stranger guesses from one address after another.
		now := t0
		for i := 0; i < 5; i++ {
			if w := attempt(t, l, "chen", fmt.Sprintf("203.0.113.%d", i), now, false); w != 0 {
				t.Fatalf("guess %d throttled already (%v)", i+1, w)
			}
		}
		var waits []time.Duration
		for i := 0; i < 12; i++ {
			w := attempt(t, l, "chen", fmt.Sprintf("203.0.114.%d", i), now, false)
			if w == 0 {
				t.Fatalf("guess at %v let through while the back-off runs", now)
			}
			waits = append(waits, w)
			now = now.Add(w) // the stranger waits exactly as long as told, then guesses again
			if w := attempt(t, l, "chen", fmt.Sprintf("203.0.115.%d", i), now, false); w != 0 {
				t.Fatalf("guess after waiting refused (%v)", w)
			}
		}
		want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60}
		for i, w := range waits {
			if w != want[i]*time.Second {
				t.Fatalf("waits %v, want doubling from 1s up to 60s", waits)
			}
		}
		// At the height of it, the owner at home is let through at once...
		if w := attempt(t, l, "chen", "198.51.100.20", now, true); w != 0 {
			t.Errorf("owner at a familiar address waits %v", w)
		}
		// ...and on a new device waits no more than a minute.
		if w := attempt(t, l, "chen", "192.0.2.1", now, true); w == 0 || w > time.Minute {
			t.Errorf("owner on a new device: wait %v", w)
		}
		if w := attempt(t, l, "chen", "192.0.2.1", now.Add(time.Minute), true); w != 0 {
			t.Errorf("owner after a minute: wait %v", w)
		}
		// Quiet for the forget period wipes the slate.
		if w := attempt(t, l, "chen", "203.0.116.1", now.Add(17*time.Minute), false); w != 0 {
			t.Errorf("after 17 quiet minutes: wait %v", w)
		}
	})
}

func TestLoginThrottleCountsFailuresPerAddress(t *testing.T) {
	eachLimits(t, func(t *testing.T, l *models.Limits) {
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		// One address sprays names, no account twice.
		for i := 0; i < 10; i++ {
			if w := attempt(t, l, fmt.Sprintf("user%d", i), "203.0.113.9", t0, false); w != 0 {
				t.Fatalf("attempt %d throttled (%v)", i+1, w)
			}
		}
		if w := attempt(t, l, "someone", "203.0.113.9", t0, true); w != time.Second {
			t.Errorf("11th attempt from the address: wait %v, want 1s", w)
		}
		if w := attempt(t, l, "someone", "203.0.113.10", t0, true); w != 0 {
			t.Errorf("another address throttled (%v)", w)
		}
		// Logins that succeed are not failures: a busy office address and
		// an account used from many new devices are never slowed by them.
		for i := 0; i < 20; i++ {
			if w := attempt(t, l, "busy", fmt.Sprintf("198.51.100.%d", i%3+100), t0, true); w != 0 {
				t.Fatalf("successful login %d throttled (%v)", i+1, w)
			}
			if w := attempt(t, l, "roamer", fmt.Sprintf("192.0.2.%d", i), t0, true); w != 0 {
				t.Fatalf("login %d from a new device throttled (%v)", i+1, w)
			}
		}
	})
}

func TestLoginGuessesSentTogetherGetNoMoreThroughThanOneAfterAnother(t *testing.T) {
	eachLimits(t, func(t *testing.T, l *models.Limits) {
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		var mu sync.Mutex
		through := 0
		for i := 0; i < 30; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				a, wait, err := l.StartLogin(ctx, "target", fmt.Sprintf("203.0.113.%d", i), now)
				if err != nil {
					t.Error(err)
					return
				}
				if wait == 0 {
					mu.Lock()
					through++
					mu.Unlock()
					if err := a.Failed(ctx); err != nil {
						t.Error(err)
					}
				}
			}(i)
		}
		wg.Wait()
		free := l.Login.Account.Free
		if through < 1 || through > free {
			t.Errorf("%d of 30 simultaneous guesses let through, want 1..%d", through, free)
		}
	})
}

func TestSharedLimitsSweepExpiredRows(t *testing.T) {
	modeltest.Databases(t, func(t *testing.T, db *gorm.DB) {
		l := models.SharedLimits(modeltest.NewMarket(db))
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		for i := 0; i < 5; i++ {
			if _, err := l.Hit(ctx, fmt.Sprintf("score:10.0.0.%d", i), 10, time.Minute, t0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.Hit(ctx, "score:10.0.0.99", 10, time.Minute, t0.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		var n int64
		db.Table("rate_limits").Count(&n)
		if n != 1 {
			t.Errorf("%d rows after the sweep, want only the live one", n)
		}
	})
}
