package search

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// facetTruth counts the facets of docs the slow, obvious way.
func facetTruth(docs map[string]Document, keep func(Document) bool) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, name := range facetFields {
		out[name] = map[string]int{}
	}
	for _, d := range docs {
		if !keep(d) {
			continue
		}
		out["kind"][d.Kind]++
		out["field"][d.Field]++
		out["region"][regionCity(d.Region)]++
		out["ip_type"][d.IPType]++
		for _, c := range d.CoopModes {
			out["coop_modes"][c]++
		}
		out["maturity"][strconv.Itoa(d.Maturity)]++
	}
	return out
}

func checkFacets(t *testing.T, label string, got map[string][]FacetCount, want map[string]map[string]int) {
	t.Helper()
	for _, name := range facetFields {
		g := map[string]int{}
		for i, fc := range got[name] {
			g[fc.Value] = fc.Count
			if name != "maturity" && i > 0 && got[name][i-1].Count < fc.Count {
				t.Errorf("%s: facet %s not most frequent first: %v", label, name, got[name])
			}
		}
		if !maps.Equal(g, want[name]) {
			t.Errorf("%s: facet %s = %v, want %v", label, name, g, want[name])
		}
	}
}

// Facet counts come from per-segment columns: they must stay right over many
// segments, updated and deleted listings, merges, and a reopened index.
func TestFacetCountsOverSegmentsUpdatesAndReopen(t *testing.T) {
	ix, dir := openTemp(t)
	fields := []string{"电子信息", "先进制造", "农业", "新材料及其应用"}
	regions := []string{"350102", "350203", "350502", "330106"}
	doc := func(i, version int) Document {
		return Document{Kind: []string{KindAchievement, KindNeed}[i%2], ID: int64(i), Title: fmt.Sprintf("储能电池技术 %d", i),
			Summary: "锂离子电池储能系统", Field: fields[(i+version)%len(fields)], Region: regions[(i*3+version)%len(regions)],
			IPType: []string{"发明专利", "实用新型", "技术秘密"}[i%3], Maturity: 1 + (i+version)%9,
			CoopModes: [][]string{{"转让"}, {"许可", "合作开发"}}[(i+version)%2], PublishedAt: time.Unix(int64(i), 0)}
	}
	docs := map[string]Document{}
	// Ten batches are ten segments until Bleve merges them.
	for b := 0; b < 10; b++ {
		var put []Document
		for i := b*30 + 1; i <= b*30+30; i++ {
			d := doc(i, 0)
			docs[DocID(d.Kind, d.ID)] = d
			put = append(put, d)
		}
		if err := ix.Apply(int64(b+1), put, nil); err != nil {
			t.Fatal(err)
		}
	}
	all := func(Document) bool { return true }
	checkFacets(t, "all", mustSearch(t, ix, Query{}).Facets, facetTruth(docs, all))

	// Updates move listings between facet values; deletes take them out.
	// A listing in both is indexed, as Apply does.
	var put []Document
	var del []string
	for i := 2; i <= 300; i += 11 {
		id := DocID(doc(i, 0).Kind, int64(i))
		delete(docs, id)
		del = append(del, id)
	}
	for i := 1; i <= 300; i += 7 {
		d := doc(i, 1)
		docs[DocID(d.Kind, d.ID)] = d
		put = append(put, d)
	}
	if err := ix.Apply(11, put, del); err != nil {
		t.Fatal(err)
	}
	checkFacets(t, "after updates", mustSearch(t, ix, Query{}).Facets, facetTruth(docs, all))
	checkFacets(t, "text and filter", mustSearch(t, ix, Query{Q: "储能电池", Field: "农业"}).Facets,
		facetTruth(docs, func(d Document) bool { return d.Field == "农业" }))

	ix = reopen(t, ix, dir)
	checkFacets(t, "reopened", mustSearch(t, ix, Query{Kind: KindNeed}).Facets,
		facetTruth(docs, func(d Document) bool { return d.Kind == KindNeed }))
}

// Searches beside writes (and Bleve's merges) read consistent columns.
func TestFacetCountsWhileIndexing(t *testing.T) {
	ix, _ := openTemp(t)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for b := range 20 {
			var put []Document
			for i := range 10 {
				id := b*10 + i + 1
				put = append(put, Document{Kind: KindAchievement, ID: int64(id), Title: "储能电池", Field: "农业", Region: "350102", Maturity: 3})
			}
			if err := ix.Apply(int64(b+1), put, nil); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 50 {
		res := mustSearch(t, ix, Query{})
		got := res.Facets["field"]
		if res.Total > 0 && !slices.Equal(got, []FacetCount{{"农业", int(res.Total)}}) {
			t.Fatalf("%d matches, field facet %v", res.Total, got)
		}
	}
	wg.Wait()
}
