package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion must be bumped whenever the mapping or the analysis
// changes in a way that makes existing index contents stale; Open then
// recreates the index and the caller refills it from the database.
const MappingVersion = 8

// Listing kinds.
const (
	KindAchievement = "achievement"
	KindNeed        = "need"
)

var (
	versionKey = []byte("tm_mapping_version")
	cursorKey  = []byte("tm_outbox_cursor")
)

// Document is what the index knows of a published listing.
type Document struct {
	Kind            string // KindAchievement or KindNeed
	ID              int64
	ExternalID      string
	Title           string
	Summary         string
	Keywords        []string
	Field           string
	Region          string // six-digit division code
	IPType          string
	Maturity        int   // 1-9, 0 unknown
	PriceFen        int64 // asking price or upper budget; 0 = 面议
	PriceNegotiable bool
	CoopModes       []string
	Org             string
	PublishedAt     time.Time
	// Quality: completeness 0-100, a verified organisation, and when the
	// owner last confirmed the listing; see rankByQuality. Never the
	// confidential detail: the index only knows what anyone may read.
	Completeness int
	OrgVerified  bool
	ConfirmedAt  time.Time
}

// DocID is the Bleve id of a listing, as Apply's del expects it.
func DocID(kind string, id int64) string {
	return kind + ":" + strconv.FormatInt(id, 10)
}

// Index is an open search index. Its methods are safe for concurrent use.
type Index struct {
	b        bleve.Index
	rebuilt  bool
	synonyms synonymSource
	// Bleve panics on a second Close; shutdown paths should not have to care.
	closeOnce sync.Once
	closeErr  error
	dfs       dfCache
	facets    facetColumns
}

// lockTimeout is how long Open waits for an index another process holds.
var lockTimeout = 5 * time.Second

// Open opens the index in dir, creating it if there is none. An index
// written with another MappingVersion is deleted and created anew. Either
// way a new index is empty, and Rebuilt reports it.
func Open(dir string) (*Index, error) {
	meta, err := os.ReadFile(filepath.Join(dir, "index_meta.json"))
	switch {
	case err == nil && !json.Valid(meta):
		// A process killed while an older version created the index left
		// its meta file empty: the index is a derived view, so start afresh.
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("remove broken search index: %w", err)
		}
	case err == nil:
		// Without a timeout a second process on the same data directory
		// would wait forever for the first one's lock.
		b, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": lockTimeout.String()})
		if err != nil {
			// Not deleted: the usual cause is another process holding it.
			return nil, fmt.Errorf("open search index: %w", err)
		}
		v, err := b.GetInternal(versionKey)
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("open search index: %w", err)
		}
		if string(v) == strconv.Itoa(MappingVersion) {
			return &Index{b: b}, nil
		}
		if err := b.Close(); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("remove stale search index: %w", err)
		}
	case errors.Is(err, os.ErrNotExist):
		// Refuse to create inside a directory holding something else.
		if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
			return nil, fmt.Errorf("search index %s: directory is not empty and holds no index", dir)
		}
	default:
		return nil, err
	}
	if err := create(dir); err != nil {
		return nil, err
	}
	b, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": lockTimeout.String()})
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	return &Index{b: b, rebuilt: true}, nil
}

// create makes an empty index with its mapping version beside dir and
// renames it into place, so that a process killed while creating leaves no
// half-made index behind, only a directory the next creation removes.
func create(dir string) error {
	tmp := dir + ".creating"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	b, err := bleve.New(tmp, newMapping())
	if err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	if err := b.SetInternal(versionKey, []byte(strconv.Itoa(MappingVersion))); err != nil {
		b.Close()
		return err
	}
	if err := b.Close(); err != nil {
		return err
	}
	os.Remove(dir) // an empty directory left in its place
	return os.Rename(tmp, dir)
}

// Rebuilt reports whether Open created the index empty (it did not exist,
// or its mapping version was stale), so that the caller must fill it from
// the database before tailing the outbox.
func (ix *Index) Rebuilt() bool { return ix.rebuilt }

// Close closes the index; closing it again does nothing.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() { ix.closeErr = ix.b.Close() })
	return ix.closeErr
}

// Count returns the number of documents in the index (the operator's
// metrics show it).
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// Cursor returns the id of the last outbox event applied, 0 for a new index.
func (ix *Index) Cursor() (int64, error) {
	v, err := ix.b.GetInternal(cursorKey)
	if err != nil || v == nil {
		return 0, err
	}
	return strconv.ParseInt(string(v), 10, 64)
}

// Apply deletes the documents whose DocIDs are in del, indexes put (a
// document in both is indexed) and records cursor as the last applied
// outbox id, all in one batch, so that after a crash the index and the
// cursor agree.
func (ix *Index) Apply(cursor int64, put []Document, del []string) error {
	batch, err := ix.newBatch(cursor, put, del)
	if err != nil {
		return err
	}
	return ix.commit(batch)
}

// newBatch is Apply's batch, documents mapped to fields but not yet analysed.
func (ix *Index) newBatch(cursor int64, put []Document, del []string) (*bleve.Batch, error) {
	batch := ix.b.NewBatch()
	// In a Bleve batch the last operation on an id wins.
	for _, id := range del {
		batch.Delete(id)
	}
	for i := range put {
		d := &put[i]
		if d.Kind != KindAchievement && d.Kind != KindNeed && d.Kind != KindChallenge {
			return nil, fmt.Errorf("search: document %d has unknown kind %q", d.ID, d.Kind)
		}
		if err := batch.Index(DocID(d.Kind, d.ID), d.fields()); err != nil {
			return nil, err
		}
	}
	batch.SetInternal(cursorKey, []byte(strconv.FormatInt(cursor, 10)))
	return batch, nil
}

func (ix *Index) commit(batch *bleve.Batch) error {
	err := ix.b.Batch(batch)
	ix.dfs.invalidate()
	return err
}

// collectLessWhileFilling lets the heap grow to three times what is live
// instead of two (GOGC 200) until the returned function is called: a
// rebuild allocates much and keeps little, and collecting was a sixth of
// its CPU (on the 10,000-listing benchmark 2.08 → 1.74 ms of CPU a
// document, peak RSS 958 → 1,360 MB). Once the live heap passes
// fillLiveBound the collector's own target is back: on a large market the
// extra third would be gigabytes. (A memory limit would bound it too, but
// a live heap near the limit makes the collector run without pause.)
func collectLessWhileFilling() (restore func()) {
	gc := debug.SetGCPercent(200)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if metrics.Read(live); live[0].Value.Uint64() > fillLiveBound {
					debug.SetGCPercent(gc)
					return
				}
			}
		}
	}()
	return func() {
		close(stop)
		<-stopped
		debug.SetGCPercent(gc)
	}
}

// fillLiveBound is the live heap up to which a rebuild collects less.
var fillLiveBound uint64 = 1 << 30

// fillWorkers is how many batches Fill has in Bleve at once. A batch is
// analysed on every core but then built into a segment on one; with two in
// flight one batch is analysed while the other is built.
const fillWorkers = 2

// Fill indexes every batch received, in any order, leaving the cursor where
// it is: it is for filling an index from the tables, whose cursor is set
// once all of it is in. It calls done after each batch; it stops at the
// first error and drains batches so that the sender is never stuck.
//
// Work is in two stages so that both cores are busy: one goroutine a core
// maps documents to fields (classifying each listing, about 0.2 ms of CPU
// apiece, is most of that), and fillWorkers hand the mapped batches to Bleve,
// which analyses them on every core and builds each into a segment.
func (ix *Index) Fill(batches <-chan []Document, done func(n int)) error {
	cursor, err := ix.Cursor()
	if err != nil {
		return err
	}
	defer collectLessWhileFilling()()
	type mapped struct {
		batch *bleve.Batch
		n     int
	}
	var failed atomic.Bool
	var firstErr error
	var errOnce sync.Once
	fail := func(err error) {
		failed.Store(true)
		errOnce.Do(func() { firstErr = err })
	}
	// Unbuffered: a mapped batch waits in its mapper, so that at most one a
	// core waits beside the fillWorkers in Bleve (memory, not speed).
	ready := make(chan mapped)
	var mappers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		mappers.Add(1)
		go func() {
			defer mappers.Done()
			for put := range batches {
				if failed.Load() {
					continue
				}
				b, err := ix.newBatch(cursor, put, nil)
				if err != nil {
					fail(err)
					continue
				}
				ready <- mapped{b, len(put)}
			}
		}()
	}
	go func() {
		mappers.Wait()
		close(ready)
	}()
	var workers sync.WaitGroup
	for range fillWorkers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for m := range ready {
				if failed.Load() {
					continue
				}
				if err := ix.commit(m.batch); err != nil {
					fail(err)
					continue
				}
				done(m.n)
			}
		}()
	}
	workers.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ix.compact()
}

// compactPlan is how far a filled index is merged: into one segment, but
// for segments of half a million listings or more, which stay as they are
// (merging them again would take long and a lot of memory for little). A
// search looks every term up in every segment and walks them in turn: at
// 100,000 listings one segment instead of four took a sixth off a search's
// CPU, for six seconds more of rebuild.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.MaxSegmentSize = 1_000_000
	return o
}()

// compact merges the index's segments as compactPlan says, waiting for it.
func (ix *Index) compact() error {
	adv, err := ix.b.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	return s.ForceMerge(context.Background(), &compactPlan)
}

// Field names in the index. Text is indexed three times: by words
// (precision), by CJK bigrams (recall, the _bi fields) and, title, keywords
// and summary together, by single CJK characters (the sub-word field, for
// parts of compounds and one-character queries).
const (
	fTitle       = "title"
	fSummary     = "summary"
	fKeywords    = "keywords"
	fOrg         = "org"
	fOrgName     = "org_name"
	biSuffix     = "_bi"
	fSubword     = "subword"
	fKind        = "kind"
	fExternalID  = "external_id"
	fField       = "field"
	fRegion      = "region"
	fRegionCity  = "region_city"
	fIPType      = "ip_type"
	fCoopModes   = "coop_modes"
	fMaturity    = "maturity"
	fPrice       = "price"
	fPublishedAt = "published_at"
	fFacet       = "facet"
	fQuality     = "quality" // see Document.qualityValue
	// The predicted 门类 and its probability (see PredictCategory), stored
	// for matching to compare with the source's.
	fCategory           = "category"
	fCategoryConfidence = "category_confidence"
)

// facetFields name the facets of a search, each counted from one prefix of
// the facet field's values.
var facetFields = []string{"kind", "field", "region", "ip_type", "coop_modes", "maturity"}

// facetValues are the listing's values of every facet in one field: Bleve
// reads a field's doc values for every match of a search, so one field
// instead of six is what makes facets over many matches affordable.
func (d *Document) facetValues() []string {
	vs := []string{"kind:" + d.Kind}
	add := func(facet, v string) {
		if v != "" {
			vs = append(vs, facet+":"+v)
		}
	}
	add("field", d.Field)
	add("region", regionCity(d.Region))
	add("ip_type", d.IPType)
	for _, c := range d.CoopModes {
		add("coop_modes", c)
	}
	if d.Maturity > 0 {
		add("maturity", strconv.Itoa(d.Maturity))
	}
	return vs
}

func (d *Document) fields() map[string]any {
	m := map[string]any{fKind: d.Kind, fFacet: d.facetValues()}
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	put(fTitle, d.Title)
	put(fSummary, d.Summary)
	put(fOrg, d.Org)
	put(fOrgName, d.Org)
	put(fExternalID, d.ExternalID)
	put(fField, d.Field)
	put(fRegion, d.Region)
	put(fRegionCity, regionCity(d.Region))
	put(fIPType, d.IPType)
	if len(d.Keywords) > 0 {
		m[fKeywords] = d.Keywords
	}
	if len(d.CoopModes) > 0 {
		m[fCoopModes] = d.CoopModes
	}
	if d.Maturity > 0 {
		m[fMaturity] = d.Maturity
	}
	// 面议 has no price: price filters leave it out and price sorts put it last.
	if d.PriceFen > 0 {
		m[fPrice] = d.PriceFen
	}
	if !d.PublishedAt.IsZero() {
		m[fPublishedAt] = d.PublishedAt.UTC()
	}
	if q := d.qualityValue(); q > 0 {
		m[fQuality] = q
	}
	if g := PredictCategory(d.Title, d.Summary, d.Keywords); g.Category != "" {
		m[fCategory] = g.Category
		m[fCategoryConfidence] = g.Confidence
	}
	return m
}

// regionCity maps a six-digit division code to its prefecture-level city.
func regionCity(code string) string {
	if len(code) != 6 {
		return ""
	}
	return code[:4] + "00"
}

func newMapping() *mapping.IndexMappingImpl {
	text := func(name, analyzer string, store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.Store = store
		f.DocValues = false
		f.IncludeInAll = false
		// Highlights and match reasons re-analyse the few hits shown
		// instead: positions of every term made indexing half as fast.
		f.IncludeTermVectors = false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.SkipFreqNorm = true
		f.DocValues = false // only the facet field and the sorts read doc values
		return f
	}
	num := func(store bool) *mapping.FieldMapping {
		f := mapping.NewNumericFieldMapping()
		f.Store = store
		f.IncludeInAll = false
		return f
	}

	doc := mapping.NewDocumentStaticMapping()
	for _, name := range []string{fTitle, fSummary, fKeywords} {
		// Only the word field is stored; highlights of bigram matches are
		// cut from it too, since both analyzers keep the original offsets.
		doc.AddFieldMappingsAt(name,
			text(name, WordAnalyzer, true),
			text(name+biSuffix, BigramAnalyzer, false),
			// One field for the three: it ranks little (see
			// rankParams.subword), and one field's postings cost a
			// third of three's.
			text(fSubword, CharAnalyzer, false))
	}
	// Organisation names are matched by whole words only: their bigrams
	// (研究, 大学, 公司) would tie listings to any query that has them.
	doc.AddFieldMappingsAt(fOrg, text(fOrg, WordAnalyzer, false))
	doc.AddFieldMappingsAt(fKind, kw(false))
	facet := kw(false)
	facet.DocValues = true
	doc.AddFieldMappingsAt(fFacet, facet)
	// Every field is searched by name; an _all field would only cost.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	doc.AddFieldMappingsAt(fExternalID, kw(true))
	// Matching excludes organisations by their exact name, which the word
	// field cannot do.
	doc.AddFieldMappingsAt(fOrgName, kw(false))
	// Matching re-ranks and explains its candidates by these, so they are
	// stored rather than read back from the database.
	for _, name := range []string{fField, fRegion, fCoopModes} {
		doc.AddFieldMappingsAt(name, kw(true))
	}
	for _, name := range []string{fRegionCity, fIPType} {
		doc.AddFieldMappingsAt(name, kw(false))
	}
	doc.AddFieldMappingsAt(fMaturity, num(true))
	// Read from the hits being ranked (rankByQuality), never searched: a
	// column built from its doc values, which Bleve keeps for indexed
	// fields only.
	q := num(false)
	q.DocValues = true
	doc.AddFieldMappingsAt(fQuality, q)
	// Read from the candidates being matched, never searched: matching
	// compares them with the source's, SuggestField's neighbours vote with them.
	cat := kw(true)
	cat.Index = false
	doc.AddFieldMappingsAt(fCategory, cat)
	cc := num(true)
	cc.Index, cc.DocValues = false, false
	doc.AddFieldMappingsAt(fCategoryConfidence, cc)
	doc.AddFieldMappingsAt(fPrice, num(true))
	published := mapping.NewDateTimeFieldMapping()
	published.Store = false
	published.IncludeInAll = false
	doc.AddFieldMappingsAt(fPublishedAt, published)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = WordAnalyzer
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	// BM25 ranked better than Bleve's default tf-idf on the CSL papers
	// (tag nDCG@10 0.546 against 0.539, known-item MRR 0.997 against 0.995,
	// measured before the gate of textQuery existed).
	im.ScoringModel = index.BM25Scoring
	return im
}
