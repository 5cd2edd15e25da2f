package search

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"
)

func TestZZProf(t *testing.T) {
	dir := os.Getenv("TM_PROF_DIR")
	if dir == "" {
		t.Skip()
	}
	var ix *Index
	var err error
	if _, e := os.Stat(filepath.Join(dir, "index_meta.json")); e == nil {
		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
	} else {
		docs := synthDocs(t, 100000)
		start := time.Now()
		ix = buildProject(t, dir, docs)
		fmt.Printf("built %d in %v: %.0f doc/s\n", len(docs), time.Since(start), float64(len(docs))/time.Since(start).Seconds())
	}
	defer ix.Close()
	qs := benchQueries(t)
	for _, q := range qs[:30] {
		ix.Search(Query{Q: q})
	}
	lat := []float64{}
	type slow struct {
		q  string
		ms float64
	}
	var worst []slow
	start := time.Now()
	cpu0 := cpuMS()
	for _, q := range qs {
		s := time.Now()
		if _, err := ix.Search(Query{Q: q}); err != nil {
			t.Fatal(err)
		}
		ms := float64(time.Since(s).Microseconds()) / 1000
		lat = append(lat, ms)
		worst = append(worst, slow{q, ms})
	}
	fmt.Printf("search: %d queries in %v\n", len(qs), time.Since(start))
	fmt.Printf("cpu ms/query: %.1f\n", (cpuMS()-cpu0)/float64(len(qs)))
	sort.Float64s(lat)
	fmt.Printf("p50 %.1f p90 %.1f p99 %.1f max %.1f\n", lat[len(lat)/2], lat[len(lat)*9/10], lat[len(lat)*99/100], lat[len(lat)-1])
	sort.Slice(worst, func(i, j int) bool { return worst[i].ms > worst[j].ms })
	for _, w := range worst[:8] {
		fmt.Printf("  %.1f ms %q\n", w.ms, w.q)
	}
	if os.Getenv("TM_PROF_MATCH") != "" {
		docs := synthDocs(t, 300)
		lat = lat[:0]
		for i := range docs {
			d := docs[i]
			d.Kind = KindNeed
			d.ID = int64(900000 + i)
			d.Summary = ""
			s := time.Now()
			if _, err := ix.Matches(d, MatchQuery{Size: 10}); err != nil {
				t.Fatal(err)
			}
			lat = append(lat, float64(time.Since(s).Microseconds())/1000)
		}
		sort.Float64s(lat)
		fmt.Printf("match p50 %.1f p90 %.1f p99 %.1f max %.1f\n", lat[len(lat)/2], lat[len(lat)*9/10], lat[len(lat)*99/100], lat[len(lat)-1])
	}
}

func cpuMS() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
