package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"techmarket/migrations"
	"techmarket/models"
	"techmarket/search"
)

// NewLogger is the structured logger of every subcommand.
func NewLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// OpenMarket opens the configured database, brings its schema up to date
// and returns the market over it.
func OpenMarket(cfg *Config) (*models.Market, error) {
	if cfg.IncentiveNoticeDays < 0 || cfg.IncentiveNoticeDays > 60 {
		return nil, fmt.Errorf("TM_INCENTIVE_NOTICE_DAYS=%d 无效：公示期为 0–60 个工作日", cfg.IncentiveNoticeDays)
	}
	if cfg.AuctionNoticeDays < 0 || cfg.AuctionNoticeDays > 90 {
		return nil, fmt.Errorf("TM_AUCTION_NOTICE_DAYS=%d 无效：拍卖公告期为 0–90 天", cfg.AuctionNoticeDays)
	}
	if cfg.AttachmentMB < 0 || cfg.AttachmentMB > 10 {
		return nil, fmt.Errorf("TM_ATTACHMENT_MB=%d 无效：单个附件上限为 1–10 MB（请求体上限 %d MB）", cfg.AttachmentMB, cfg.BodyLimitMB)
	}
	if cfg.AttachmentsPerListing < 0 || cfg.AttachmentsPerListing > 100 {
		return nil, fmt.Errorf("TM_ATTACHMENTS_PER_LISTING=%d 无效：每条附件数为 1–100", cfg.AttachmentsPerListing)
	}
	db, err := models.Open(cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := models.Migrate(db, migrations.FS, "up"); err != nil {
		return nil, fmt.Errorf("数据库迁移失败: %w", err)
	}
	m := models.NewMarket(db)
	// Uploads that older versions kept in the data directory move into the
	// database, where every process and every backup reaches them.
	moved, err := m.MoveFilesIntoStore(context.Background(), cfg.DataDir)
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("无法把数据目录中的上传文件移入数据库: %w", err)
	}
	if moved.Moved > 0 || moved.AlreadyStored > 0 {
		slog.Info("uploads moved from the data directory into the database", "moved", moved.Moved, "already_stored", moved.AlreadyStored)
	}
	m.Rules.IncentiveNoticeDays = cfg.IncentiveNoticeDays
	m.Rules.AuctionNoticeDays = cfg.AuctionNoticeDays
	// Zero (a Config built in code) keeps the defaults.
	if cfg.AttachmentMB > 0 {
		m.Rules.AttachmentMaxBytes = int64(cfg.AttachmentMB) << 20
	}
	if cfg.AttachmentsPerListing > 0 {
		m.Rules.AttachmentsPerListing = cfg.AttachmentsPerListing
	}
	return m, nil
}

// Serve runs the market until ctx ends (SIGINT/SIGTERM), then drains
// in-flight requests before returning.
func Serve(ctx context.Context, cfg *Config, log *slog.Logger) error {
	// Refused before anything else: on PostgreSQL without a shared secret
	// each process would refuse the others' tokens.
	if _, err := cfg.Secret(); err != nil {
		return err
	}
	market, err := OpenMarket(cfg)
	if err != nil {
		return err
	}
	defer market.Close()
	srv, f, err := New(cfg, market, log)
	if err != nil {
		return err
	}
	defer srv.Close()
	go srv.keepIndexed(ctx)
	go srv.runScheduler(ctx)
	go srv.announceSavedSearchHits(ctx)
	pgURL := ""
	if models.IsPostgresURL(cfg.DatabaseURL) {
		pgURL = cfg.DatabaseURL
	}
	go srv.hub.Run(ctx, pgURL)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", cfg.Addr, err)
	}
	storage := "sqlite:" + cfg.DataDir
	if models.IsPostgresURL(cfg.DatabaseURL) {
		storage = "postgres"
	}
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("无法监听指标地址 %s: %w", cfg.MetricsAddr, err)
		}
		log.Info("metrics serving", "addr", "http://"+mln.Addr().String()+"/metrics")
		go func() {
			if err := srv.serveMetrics(ctx, mln); err != nil {
				log.Error("metrics listener failed", "err", err)
			}
		}()
	}
	log.Info("techmarket serving", "addr", "http://"+ln.Addr().String(), "storage", storage)
	errc := make(chan error, 1)
	go func() { errc <- f.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	return f.ShutdownWithTimeout(20 * time.Second)
}

// keepIndexed rebuilds an index that Open found empty or stale, then tails
// the outbox. Until it has caught up, /readyz answers 503.
func (s *Server) keepIndexed(ctx context.Context) {
	ix := s.indexer.Index()
	if ix.Rebuilt() {
		s.log.Info("search index is new or its mapping changed: rebuilding from the database")
		s.rebuilding.Store(true)
		err := s.indexer.Rebuild(ctx, func(done, total int) {
			if done == total || done%5000 == 0 {
				s.log.Info("rebuilding search index", "done", done, "total", total)
			}
		})
		if err != nil {
			s.log.Error("rebuilding the search index failed", "err", err)
			return
		}
		s.rebuilding.Store(false)
	}
	s.indexer.Run(ctx, 250*time.Millisecond)
}

// job is one scheduled transition. Each closes its due items one by one
// with a conditional update under a row lock, so when several processes run
// the same job, every item is handled exactly once; items that fell due while
// no process was running are simply due on the next run.
type job struct {
	name  string
	every time.Duration
	run   func(ctx context.Context, now time.Time) (int, error)
}

func (s *Server) jobs() []job {
	return []job{
		{"auction.close", time.Second, s.market.CloseDueLots},
		{"notice.confirm", 10 * time.Second, s.market.ConfirmDueNotices},
		{"challenge.close", 10 * time.Second, s.market.CloseDueChallenges},
		{"offer.expire", 10 * time.Second, s.market.ExpireOffers},
		{"listing.expire", time.Minute, func(ctx context.Context, now time.Time) (int, error) {
			a, err := s.market.Achievements().Expire(ctx, now)
			if err != nil {
				return a, err
			}
			n, err := s.market.Needs().Expire(ctx, now)
			return a + n, err
		}},
		// Monthly per listing: each is reminded once per 30 days unconfirmed;
		// the hourly run only picks up the listings that fell due.
		{"listing.confirm_reminder", time.Hour, func(ctx context.Context, now time.Time) (int, error) {
			a, err := s.market.Achievements().RemindUnconfirmed(ctx, now)
			if err != nil {
				return a, err
			}
			n, err := s.market.Needs().RemindUnconfirmed(ctx, now)
			return a + n, err
		}},
		{"auction.forfeit", time.Minute, s.market.ForfeitUnsignedDeals},
		{"roadshow.remind", time.Minute, s.market.RemindRoadshows},
	}
}

// runScheduler runs every job on its period until ctx ends, logging what each did.
func (s *Server) runScheduler(ctx context.Context) {
	jobs := s.jobs()
	next := make([]time.Time, len(jobs))
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		now := time.Now()
		for i, j := range jobs {
			if now.Before(next[i]) {
				continue
			}
			next[i] = now.Add(j.every)
			n, err := j.run(ctx, now)
			if ctx.Err() == nil {
				s.metrics.jobRan(j.name, err)
			}
			switch {
			case err != nil && ctx.Err() == nil:
				s.log.Error("scheduled job failed", "job", j.name, "err", err)
			case n > 0:
				s.log.Info("scheduled job", "job", j.name, "done", n)
				s.hub.Wake()
				s.indexer.Wake()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Reindex rebuilds this data directory's search index from the database.
// serve must be stopped: the index is locked while a server has it open.
func Reindex(ctx context.Context, cfg *Config, market *models.Market, log *slog.Logger, progress func(done, total int)) error {
	if err := loadDictionaries(cfg); err != nil {
		return err
	}
	dir := filepath.Join(cfg.DataDir, "index")
	if err := os.RemoveAll(dir + ".old"); err != nil {
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		// Opening it first proves no server holds it.
		ix, err := search.Open(dir)
		if err != nil {
			return fmt.Errorf("搜索索引正被占用，请先停止 serve: %w", err)
		}
		ix.Close()
		if err := os.Rename(dir, dir+".old"); err != nil {
			return err
		}
	}
	ix, err := search.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	x, err := search.NewIndexer(ix, market, log)
	if err != nil {
		return err
	}
	if err := x.Rebuild(ctx, progress); err != nil {
		return err
	}
	return os.RemoveAll(dir + ".old")
}
