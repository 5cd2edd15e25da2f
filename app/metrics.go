package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are this process's Prometheus series, in a registry of its own
// (not the library's global one), served on --metrics-addr only. README
// "Metrics" lists them.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.HistogramVec
	jobRuns     *prometheus.CounterVec
	jobFailures *prometheus.CounterVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "techmarket_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by the route table's path pattern, method and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method", "status"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "techmarket_scheduler_job_runs_total",
			Help: "Runs of each scheduled job in this process.",
		}, []string{"job"}),
		jobFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "techmarket_scheduler_job_failures_total",
			Help: "Runs of each scheduled job in this process that failed.",
		}, []string{"job"}),
	}
	// Every job shows from the start, at zero, so a rate over it is defined.
	for _, j := range s.jobs() {
		m.jobRuns.WithLabelValues(j.name)
		m.jobFailures.WithLabelValues(j.name)
	}
	m.reg.MustRegister(m.requests, m.jobRuns, m.jobFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "techmarket_bid_queue_depth",
			Help: "Bids at this process's lot desks now: being judged or queued behind another bid on the same lot.",
		}, func() float64 { return float64(s.market.BidsAtDesks()) }),
		&stateCollector{s: s},
	)
	return m
}

// measure times every request under the route that answered it: the route
// table's pattern (/api/v1/achievements/:id), never the raw URL, so that the
// series stay few whatever the URLs.
func (m *metrics) measure(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	route := "unmatched"
	if r := c.Route(); r != nil && len(r.Handlers) > 0 {
		route = r.Path
	}
	// accessLog, inside this, has already turned an error into its answer.
	status := c.Response().StatusCode()
	// A new series keeps its label values: the method must be a copy, not
	// a view of fasthttp's buffer, which the next request overwrites.
	m.requests.WithLabelValues(route, utils.CopyString(c.Method()), strconv.Itoa(status)).Observe(time.Since(start).Seconds())
	return err
}

// jobRan counts one run of a scheduled job.
func (m *metrics) jobRan(job string, err error) {
	m.jobRuns.WithLabelValues(job).Inc()
	if err != nil {
		m.jobFailures.WithLabelValues(job).Inc()
	}
}

// stateCollector reads, at each scrape, what is measured from the database
// and the index rather than counted: the outbox lag of each of this
// process's readers and the index's document count.
type stateCollector struct{ s *Server }

var (
	outboxLagEvents = prometheus.NewDesc("techmarket_outbox_lag_events",
		"Outbox events written but not yet handled by the reader (process): search_index and live_events are this process's, saved_searches is shared by all.",
		[]string{"process"}, nil)
	outboxLagSeconds = prometheus.NewDesc("techmarket_outbox_lag_seconds",
		"Age of the oldest outbox event the reader (process) has not handled yet; 0 when caught up.",
		[]string{"process"}, nil)
	indexDocuments = prometheus.NewDesc("techmarket_search_index_documents",
		"Documents in this process's search index (published listings and open challenges).", nil, nil)
)

func (sc *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxLagEvents
	ch <- outboxLagSeconds
	ch <- indexDocuments
}

func (sc *stateCollector) Collect(ch chan<- prometheus.Metric) {
	s := sc.s
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	readers := []struct {
		name   string
		cursor func() (int64, error)
	}{
		{"search_index", func() (int64, error) { return s.indexer.Applied(), nil }},
		{"live_events", func() (int64, error) { return s.hub.cursor.Load(), nil }},
		{"saved_searches", func() (int64, error) { return s.market.OutboxConsumerCursor(ctx, "saved_searches") }},
	}
	for _, r := range readers {
		cur, err := r.cursor()
		var n int64
		var oldest time.Time
		if err == nil {
			n, oldest, err = s.market.OutboxBehind(ctx, cur)
		}
		if err != nil {
			ch <- prometheus.NewInvalidMetric(outboxLagEvents, fmt.Errorf("outbox lag of %s: %w", r.name, err))
			continue
		}
		age := 0.0
		if n > 0 {
			age = max(time.Since(oldest).Seconds(), 0)
		}
		ch <- prometheus.MustNewConstMetric(outboxLagEvents, prometheus.GaugeValue, float64(n), r.name)
		ch <- prometheus.MustNewConstMetric(outboxLagSeconds, prometheus.GaugeValue, age, r.name)
	}
	if n, err := s.indexer.Index().Count(); err != nil {
		ch <- prometheus.NewInvalidMetric(indexDocuments, err)
	} else {
		ch <- prometheus.MustNewConstMetric(indexDocuments, prometheus.GaugeValue, float64(n))
	}
}

// serveMetrics answers GET /metrics on its own listener until ctx ends. It
// is a separate server, not a route of the market's, so the main address
// never exposes it.
func (s *Server) serveMetrics(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{Registry: s.metrics.reg}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
