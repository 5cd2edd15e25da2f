package models

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// Limits keeps the counters behind the routes' rate limits and the login
// back-off. On PostgreSQL they are rows of rate_limits, shared by every
// process serving the database, and each change is one atomic statement;
// on SQLite, which is one process by design, they live in this value.
type Limits struct {
	store limitStore
	Login LoginThrottle
}

// NewLimits picks the store the market's database calls for.
func NewLimits(m *Market) *Limits {
	if m.Dialect() == "postgres" {
		return SharedLimits(m)
	}
	return MemoryLimits()
}

// SharedLimits counts in the market's rate_limits table, for every process at once.
func SharedLimits(m *Market) *Limits {
	return &Limits{store: &tableStore{db: m.db}, Login: DefaultLoginThrottle}
}

// MemoryLimits counts in this process only.
func MemoryLimits() *Limits {
	return &Limits{store: &memoryStore{buckets: map[string]bucket{}}, Login: DefaultLoginThrottle}
}

// Hit counts one request against a limit of max per window, the window
// opening at the bucket's first request. Over the limit, it returns how
// long until the window closes.
func (l *Limits) Hit(ctx context.Context, name string, max int, window time.Duration, now time.Time) (time.Duration, error) {
	b, err := l.store.hit(ctx, name, now.UnixMilli(), window.Milliseconds())
	if err != nil || b.hits <= max {
		return 0, err
	}
	return untilMillis(b.end, now), nil
}

// bucket is one counter: hits until end; for a back-off, hits are failures
// and no attempt is let through before next. Times are Unix milliseconds.
type bucket struct {
	hits      int
	end, next int64
}

func untilMillis(at int64, now time.Time) time.Duration {
	return time.Duration(at-now.UnixMilli()) * time.Millisecond
}

// Backoff is a throttle on failures: after Free of them the next attempt
// must wait Base, and each further failure doubles the wait, never beyond
// Max. Failures are forgotten Forget after the last one.
type Backoff struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Delay is the wait before the next attempt after the given number of failures.
func (b Backoff) Delay(failures int) time.Duration {
	if failures < b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free; i < failures && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// fail is the bucket after one more failure at now.
func (b Backoff) fail(c bucket, now int64) bucket {
	c.hits++
	c.next = max(c.next, now+b.Delay(c.hits).Milliseconds())
	c.end = max(c.next, now+b.Forget.Milliseconds())
	return c
}

func waitOf(c bucket, now int64) time.Duration {
	if c.next > now {
		return time.Duration(c.next-now) * time.Millisecond
	}
	return 0
}

// LoginThrottle slows password guessing without a lock that a stranger
// could set off. Failures from one address (over all accounts) and on one
// account (from all addresses) each earn a growing wait, during which an
// attempt is answered 429 without its password being checked. The account's
// wait is short, and it never applies at an address the account has logged
// in from within KnownFor: a stranger's failures can slow its owner on a
// new device by a minute at most, and never at a familiar one.
type LoginThrottle struct {
	Address  Backoff
	Account  Backoff
	KnownFor time.Duration
}

var DefaultLoginThrottle = LoginThrottle{
	Address:  Backoff{Free: 10, Base: time.Second, Max: 5 * time.Minute, Forget: 15 * time.Minute},
	Account:  Backoff{Free: 5, Base: time.Second, Max: time.Minute, Forget: 15 * time.Minute},
	KnownFor: 30 * 24 * time.Hour,
}

// LoginAttempt is one login let through the throttle, waiting for its outcome.
type LoginAttempt struct {
	l                       *Limits
	address, account, known string
	familiar                bool
	now                     int64
}

func unchanged(c bucket) bucket { return c }

// StartLogin lets an attempt through or says how long to wait first. The
// attempt is counted as a failure on the account before its password is
// checked (and given back if it succeeds), so that guesses sent all at once
// get through no more often than guesses sent one after another. Unknown
// usernames are throttled exactly as known ones.
func (l *Limits) StartLogin(ctx context.Context, username, addr string, now time.Time) (*LoginAttempt, time.Duration, error) {
	// The account name is hashed: any string may arrive, and the bucket name
	// must stay short and plain.
	sum := sha256.Sum256([]byte(strings.TrimSpace(username)))
	name := hex.EncodeToString(sum[:16])
	a := &LoginAttempt{l: l, address: "login:a:" + addr, account: "login:u:" + name, known: "login:k:" + name + ":" + addr, now: now.UnixMilli()}
	b, err := l.store.update(ctx, a.address, a.now, unchanged)
	if err != nil {
		return nil, 0, err
	}
	if w := waitOf(b, a.now); w > 0 {
		return nil, w, nil
	}
	k, err := l.store.update(ctx, a.known, a.now, unchanged)
	if err != nil {
		return nil, 0, err
	}
	if a.familiar = k.end > a.now; a.familiar {
		return a, 0, nil
	}
	var wait time.Duration
	_, err = l.store.update(ctx, a.account, a.now, func(c bucket) bucket {
		if wait = waitOf(c, a.now); wait > 0 {
			return c
		}
		return l.Login.Account.fail(c, a.now)
	})
	if errors.Is(err, errBusy) {
		return nil, busyWait, nil
	}
	if err != nil {
		return nil, 0, err
	}
	if wait > 0 {
		return nil, wait, nil
	}
	return a, 0, nil
}

// Failed records a wrong password, or a name no account has.
func (a *LoginAttempt) Failed(ctx context.Context) error {
	_, err := a.l.store.update(ctx, a.address, a.now, func(c bucket) bucket { return a.l.Login.Address.fail(c, a.now) })
	if err != nil && !errors.Is(err, errBusy) {
		return err
	}
	if !a.familiar {
		return nil // counted when it was let through
	}
	_, err = a.l.store.update(ctx, a.account, a.now, func(c bucket) bucket { return a.l.Login.Account.fail(c, a.now) })
	if errors.Is(err, errBusy) {
		return nil
	}
	return err
}

// Succeeded records that the owner is in: the address becomes familiar to
// the account, and the failure counted in advance is given back (failures
// by others stay counted).
func (a *LoginAttempt) Succeeded(ctx context.Context) error {
	_, err := a.l.store.update(ctx, a.known, a.now, func(bucket) bucket {
		return bucket{end: a.now + a.l.Login.KnownFor.Milliseconds()}
	})
	if err != nil && !errors.Is(err, errBusy) {
		return err
	}
	if a.familiar {
		return nil
	}
	_, err = a.l.store.update(ctx, a.account, a.now, func(c bucket) bucket {
		if c.hits > 0 {
			c.hits--
		}
		return c
	})
	if errors.Is(err, errBusy) {
		return nil
	}
	return err
}

// limitStore keeps buckets by name.
type limitStore interface {
	// hit counts one request in a window that opens at the bucket's first
	// request and lasts window milliseconds.
	hit(ctx context.Context, name string, now, window int64) (bucket, error)
	// update replaces the bucket with change(bucket) as one atomic step;
	// change sees the zero bucket when there is none or it has expired, and
	// may run more than once.
	update(ctx context.Context, name string, now int64, change func(bucket) bucket) (bucket, error)
}

// Expired buckets are swept at most this often.
const sweepEvery = int64(time.Minute / time.Millisecond)

type memoryStore struct {
	mu      sync.Mutex
	buckets map[string]bucket
	swept   int64
}

func (s *memoryStore) hit(ctx context.Context, name string, now, window int64) (bucket, error) {
	return s.update(ctx, name, now, func(b bucket) bucket {
		if b.end <= now {
			b = bucket{end: now + window}
		}
		b.hits++
		return b
	})
}

func (s *memoryStore) update(_ context.Context, name string, now int64, change func(bucket) bucket) (bucket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now-s.swept >= sweepEvery {
		s.swept = now
		for k, b := range s.buckets {
			if b.end <= now {
				delete(s.buckets, k)
			}
		}
	}
	b := s.buckets[name]
	if b.end <= now {
		b = bucket{}
	}
	b = change(b)
	if b.end > now {
		s.buckets[name] = b
	} else {
		delete(s.buckets, name)
	}
	return b, nil
}

type tableStore struct {
	db    *gorm.DB
	swept atomic.Int64
}

// The window restarts when the row has expired; otherwise the count goes
// up. One statement, so concurrent requests from any process all count.
const hitSQL = `INSERT INTO rate_limits (bucket, hits, window_end, next_at) VALUES (?, 1, ?, 0)
ON CONFLICT (bucket) DO UPDATE SET
	hits = CASE WHEN rate_limits.window_end <= ? THEN 1 ELSE rate_limits.hits + 1 END,
	window_end = CASE WHEN rate_limits.window_end <= ? THEN excluded.window_end ELSE rate_limits.window_end END
RETURNING hits, window_end, next_at`

func (s *tableStore) hit(ctx context.Context, name string, now, window int64) (bucket, error) {
	if err := s.sweep(ctx, now); err != nil {
		return bucket{}, err
	}
	var b bucket
	err := s.db.WithContext(ctx).Raw(hitSQL, name, now+window, now, now).Row().Scan(&b.hits, &b.end, &b.next)
	return b, err
}

// update is compare-and-set: the new values are written only if the row is
// still what change saw, else it reads again. Under a flood on one bucket
// that keeps losing, it gives up with errBusy rather than waiting.
func (s *tableStore) update(ctx context.Context, name string, now int64, change func(bucket) bucket) (bucket, error) {
	if err := s.sweep(ctx, now); err != nil {
		return bucket{}, err
	}
	db := s.db.WithContext(ctx)
	for range 10 {
		var cur bucket
		err := db.Raw("SELECT hits, window_end, next_at FROM rate_limits WHERE bucket = ?", name).Row().Scan(&cur.hits, &cur.end, &cur.next)
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return bucket{}, err
		}
		seen := cur
		if seen.end <= now {
			seen = bucket{}
		}
		next := change(seen)
		if next == seen {
			return next, nil
		}
		var res *gorm.DB
		if found {
			res = db.Exec("UPDATE rate_limits SET hits = ?, window_end = ?, next_at = ? WHERE bucket = ? AND hits = ? AND window_end = ? AND next_at = ?",
				next.hits, next.end, next.next, name, cur.hits, cur.end, cur.next)
		} else {
			res = db.Exec("INSERT INTO rate_limits (bucket, hits, window_end, next_at) VALUES (?, ?, ?, ?) ON CONFLICT (bucket) DO NOTHING",
				name, next.hits, next.end, next.next)
		}
		if res.Error != nil {
			return bucket{}, res.Error
		}
		if res.RowsAffected == 1 {
			return next, nil
		}
	}
	return bucket{}, errBusy
}

// errBusy: a bucket changed under every try. Its attempt is refused (a
// flood is what throttling is for); a failure or success it would have
// recorded is dropped.
var errBusy = errors.New("rate limit bucket busy")

const busyWait = time.Second

// sweep deletes expired rows, once a minute per process.
func (s *tableStore) sweep(ctx context.Context, now int64) error {
	last := s.swept.Load()
	if now-last < sweepEvery || !s.swept.CompareAndSwap(last, now) {
		return nil
	}
	return s.db.WithContext(ctx).Exec("DELETE FROM rate_limits WHERE window_end <= ?", now).Error
}
