package search

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is a search over published listings. Zero values mean no filter.
// Its tags declare the parameters of GET /api/v1/search (and of a saved
// search): models.ReadParams reads them, the OpenAPI document lists them.
type Query struct {
	Q            string `query:"q" max:"200" msg:"搜索词不能超过 200 个字符" doc:"搜索词（简体或繁体），不超过 200 个字符"`
	Kind         string `query:"kind" enum:"achievement,need,challenge" label:"类型" doc:"类型：成果、需求或揭榜挂帅"`
	Field        string `query:"field" doc:"行业领域"`
	RegionPrefix string `query:"region" doc:"地区：行政区划代码或其前缀（如 35、3501、350102）"`
	IPType       string `query:"ip_type" doc:"知识产权类型"`
	CoopMode     string `query:"coop_mode" doc:"合作方式"`
	MaturityMin  int    `query:"maturity_min" min:"1" max:"9" doc:"最低技术成熟度 1–9"`
	MaturityMax  int    `query:"maturity_max" min:"1" max:"9" doc:"最高技术成熟度 1–9"`
	PriceMinFen  int64  `query:"price_min_fen" min:"0" max:"100000000000000" doc:"最低价格（分）；价格筛选只匹配标了价格的条目"`
	PriceMaxFen  int64  `query:"price_max_fen" min:"0" max:"100000000000000" doc:"最高价格（分）"`
	Sort         string `query:"sort" enum:"relevance,newest,price_asc,price_desc" label:"排序" doc:"排序：相关度（默认）、最新、价格升序、价格降序"`
	Page         int    `query:"page" min:"1" max:"2147483648" default:"1" doc:"页码，从 1 起"`
	Size         int    `query:"size" min:"1" max:"100" default:"20" doc:"每页条数，1–100"`
}

// Result is one page of hits, the total number of matches and the facets
// of all matches.
type Result struct {
	Items  []Hit
	Total  uint64
	Facets map[string][]FacetCount
}

// Hit is one matching listing. Highlights hold HTML fragments of "title"
// and "summary" with matches in <mark>; the rest of the text is escaped.
type Hit struct {
	Kind       string
	ID         int64
	ExternalID string
	Title      string
	Score      float64
	Highlights map[string][]string
}

// FacetCount is the number of matches with one value of a facet.
type FacetCount struct {
	Value string
	Count int
}

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
)

const (
	defaultSize = 20
	maxSize     = 100
	facetSize   = 30
)

// Search runs q. An empty q.Q lists all listings that pass the filters,
// newest first unless q.Sort says otherwise.
func (ix *Index) Search(q Query) (*Result, error) {
	plan, err := ix.request(q)
	if err != nil {
		return nil, err
	}
	res, err := ix.b.Search(plan.req)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if plan.byQuality {
		hits = rankByQuality(hits, time.Now(), plan.from, plan.size)
	}
	out := &Result{Total: res.Total, Items: make([]Hit, 0, len(hits)), Facets: plan.facets.facets()}
	for _, dm := range hits {
		out.Items = append(out.Items, ix.makeHit(dm, plan.terms))
	}
	return out, nil
}

// searchPlan is a search request and what Search does with its hits.
type searchPlan struct {
	req        *bleve.SearchRequest
	facets     *facetCounting
	terms      queryTerms // for highlights
	byQuality  bool       // re-rank the hits by quality, then keep from, size
	from, size int
}

func (ix *Index) request(q Query) (searchPlan, error) {
	size := q.Size
	if size <= 0 {
		size = defaultSize
	}
	size = min(size, maxSize)
	page := max(q.Page, 1)

	text, terms := ix.textQuery(q.Q)
	plan := searchPlan{terms: terms, from: (page - 1) * size, size: size}
	main := query.Query(bleve.NewMatchAllQuery())
	if text != nil {
		main = text
		plan.byQuality = q.Sort == "" || q.Sort == SortRelevance
	}
	if filters := q.filters(); len(filters) > 0 {
		b := bleve.NewBooleanQuery()
		b.AddMust(main)
		// Filters do not score: every hit passes all of them anyway.
		b.AddFilter(bleve.NewConjunctionQuery(filters...))
		main = b
	}

	plan.facets = &facetCounting{child: main, cols: &ix.facets}
	req := bleve.NewSearchRequestOptions(plan.facets, size, plan.from, false)
	req.Fields = []string{fTitle, fSummary, fExternalID}
	if plan.byQuality {
		// Quality reorders near ties only, so the page and the hits just
		// below it are all it can reorder.
		req.From, req.Size = 0, plan.from+size+qualityWindow
		req.Fields = append(req.Fields, fQuality)
	}
	switch sortBy := q.Sort; {
	case sortBy == SortNewest || (sortBy == "" && text == nil):
		req.SortByCustom(sortOrder(fPublishedAt, true, false))
	case sortBy == SortPriceAsc:
		req.SortByCustom(sortOrder(fPrice, false, true))
	case sortBy == SortPriceDesc:
		req.SortByCustom(sortOrder(fPrice, true, true))
	case sortBy == "" || sortBy == SortRelevance:
		// Ties in score keep the index's order: breaking them by id or date
		// would read a value of every match, and they are rare.
	default:
		return plan, fmt.Errorf("search: unknown sort %q", q.Sort)
	}
	plan.req = req
	return plan, nil
}

// sortOrder sorts by one field, documents without it last, then newest
// first and by id so that pages are stable.
func sortOrder(field string, desc, number bool) bsearch.SortOrder {
	typ := bsearch.SortFieldAuto
	if number {
		typ = bsearch.SortFieldAsNumber
	}
	order := bsearch.SortOrder{&bsearch.SortField{Field: field, Desc: desc, Type: typ, Missing: bsearch.SortFieldMissingLast}}
	if field != fPublishedAt {
		order = append(order, &bsearch.SortField{Field: fPublishedAt, Desc: true, Missing: bsearch.SortFieldMissingLast})
	}
	return append(order, &bsearch.SortDocID{})
}

func (q *Query) filters() []query.Query {
	var fs []query.Query
	term := func(field, value string) {
		if value != "" {
			t := bleve.NewTermQuery(value)
			t.SetField(field)
			fs = append(fs, t)
		}
	}
	term(fKind, q.Kind)
	term(fField, q.Field)
	term(fIPType, q.IPType)
	term(fCoopModes, q.CoopMode)
	if q.RegionPrefix != "" {
		p := bleve.NewPrefixQuery(q.RegionPrefix)
		p.SetField(fRegion)
		fs = append(fs, p)
	}
	numRange := func(field string, lo, hi float64) {
		if lo <= 0 && hi <= 0 {
			return
		}
		var minP, maxP *float64
		if lo > 0 {
			minP = &lo
		}
		if hi > 0 {
			maxP = &hi
		}
		inclusive := true
		r := bleve.NewNumericRangeInclusiveQuery(minP, maxP, &inclusive, &inclusive)
		r.SetField(field)
		fs = append(fs, r)
	}
	numRange(fMaturity, float64(q.MaturityMin), float64(q.MaturityMax))
	numRange(fPrice, float64(q.PriceMinFen), float64(q.PriceMaxFen))
	return fs
}

func (ix *Index) makeHit(dm *bsearch.DocumentMatch, terms queryTerms) Hit {
	h := Hit{Score: dm.Score}
	kind, id, _ := strings.Cut(dm.ID, ":")
	h.Kind = kind
	h.ID, _ = strconv.ParseInt(id, 10, 64)
	h.ExternalID, _ = dm.Fields[fExternalID].(string)
	h.Title, _ = dm.Fields[fTitle].(string)
	if terms.empty() {
		return h
	}
	h.Highlights = map[string][]string{}
	if spans := ix.matchSpans(h.Title, terms); len(spans) > 0 {
		h.Highlights[fTitle] = []string{markup(h.Title, spans, 0, len(h.Title))}
	}
	summary, _ := dm.Fields[fSummary].(string)
	if spans := ix.matchSpans(summary, terms); len(spans) > 0 {
		h.Highlights[fSummary] = []string{fragment(summary, spans, fragmentBytes)}
	}
	return h
}

// queryTerms are the analysed terms of a query's text.
type queryTerms struct {
	words, bigrams map[string]bool
}

func (t queryTerms) empty() bool { return len(t.words) == 0 && len(t.bigrams) == 0 }

// matchSpans returns the merged byte ranges of text where any of the
// terms occurs, found in the text as normalised for the index (so 鋰離子
// marks for 锂离子). It searches the text for the terms rather than
// analysing it again: segmenting the page's summaries was a third of a
// search's time. A word is marked inside a longer one too (电池 in 锂电池);
// a Latin term only as a whole word.
func (ix *Index) matchSpans(text string, terms queryTerms) []span {
	if text == "" || terms.empty() {
		return nil
	}
	// The normaliser keeps every byte where it was, padding what a
	// conversion freed.
	clean, offs := withoutPad(normalizeBytes([]byte(text)))
	var spans []span
	for _, set := range []map[string]bool{terms.words, terms.bigrams} {
		for t := range set {
			if t == "" {
				continue
			}
			latin := isLatin([]rune(t)[0])
			for i := 0; i < len(clean); {
				j := bytes.Index(clean[i:], []byte(t))
				if j < 0 {
					break
				}
				start, end := i+j, i+j+len(t)
				i = start + 1
				if latin && (latinAt(clean, start, -1) || latinAt(clean, end, 0)) {
					continue
				}
				spans = append(spans, span{offs[start], offs[end]})
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// latinAt reports whether the rune ending at (dir -1) or starting at (dir 0)
// byte i of b is a Latin letter or digit.
func latinAt(b []byte, i, dir int) bool {
	var r rune
	switch {
	case dir < 0 && i > 0:
		r, _ = utf8.DecodeLastRune(b[:i])
	case dir == 0 && i < len(b):
		r, _ = utf8.DecodeRune(b[i:])
	default:
		return false
	}
	return isLatin(r)
}

// fragmentBytes is the length of a summary highlight, about 80 characters.
const fragmentBytes = 240

// fragment picks the window of text about n bytes long that covers most
// matched bytes and marks it up.
func fragment(text string, spans []span, n int) string {
	if len(text) <= n {
		return markup(text, spans, 0, len(text))
	}
	best, bestCover := 0, -1
	for _, s := range spans {
		// Start a little before the match, for context.
		start := max(0, min(s.start-n/8, len(text)-n))
		cover := 0
		for _, t := range spans {
			cover += max(0, min(t.end, start+n)-max(t.start, start))
		}
		if cover > bestCover {
			best, bestCover = start, cover
		}
	}
	start, end := best, min(len(text), best+n)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	s := markup(text, spans, start, end)
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

// markup escapes text[from:to] and wraps the spans in <mark>.
func markup(text string, spans []span, from, to int) string {
	var b strings.Builder
	pos := from
	for _, s := range spans {
		start, end := max(s.start, from), min(s.end, to)
		if start >= end {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[start:end]))
		b.WriteString("</mark>")
		pos = end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	return b.String()
}

// rankParams weigh the parts of the relevance query; see textQuery.
type rankParams struct {
	title, keywords, summary, org float64 // field weights
	bigram                        float64 // a bigram field's weight relative to its word field
}

// ranking was chosen on the CSL papers (quality_test.go) with BM25 scoring.
// Tag nDCG@10 is flat within noise (85 queries; one query moves the mean by
// about 0.01): title and keyword weight 1 gives 0.545, 1.5 gives 0.544, 2
// gives 0.535. Titles and keywords weigh 1.5, more than bodies as the design
// asks, at no measurable cost. Bigrams at half weight add recall without
// drowning the words: bigram weight 0 gives 0.528, 0.25 gives 0.539, 1 gives
// 0.543. Exact-phrase clauses on the bigram fields changed nothing and were
// dropped.
var ranking = rankParams{title: 1.5, keywords: 1.5, summary: 1, org: 0.5, bigram: 0.5}

// textQuery builds the relevance query for free text, nil for none.
//
// Scoring: for each text field one disjunction of the query's words on the
// word field and one of its bigrams on the bigram field, all in one
// disjunction, so that Bleve's coordination factor favours listings that
// match in more places.
//
// That alone matches every listing sharing one bigram with the query
// (anything with 研究 for 研究进展), which makes totals and facets
// meaningless and slow. So a gate must match too: one of the query's words,
// or at least half of its bigrams. The gate's boost is negligible, so it
// selects without scoring; Bleve's non-scoring filter would also work, but
// it first scores every match of the wide query and ran twice as slow.
func (ix *Index) textQuery(text string) (query.Query, queryTerms) {
	if strings.TrimSpace(text) == "" {
		return nil, queryTerms{}
	}
	p := ranking
	m := ix.b.Mapping()
	wordTerms := uniqueTerms(m.AnalyzerNamed(WordAnalyzer).Analyze([]byte(text)))
	biTerms := uniqueTerms(m.AnalyzerNamed(BigramAnalyzer).Analyze([]byte(text)))
	terms := queryTerms{words: map[string]bool{}, bigrams: map[string]bool{}}
	for _, t := range wordTerms {
		terms.words[t] = true
	}
	for _, t := range biTerms {
		terms.bigrams[t] = true
	}
	if len(wordTerms) == 0 && len(biTerms) == 0 {
		return bleve.NewMatchNoneQuery(), terms
	}
	if st, err := ix.termStats(nil, ""); err == nil { // without the pruning, ranking is still right
		wordTerms, biTerms = st.withoutCommon(wordTerms, false), st.withoutCommon(biTerms, true)
		st.Close()
	}
	fields := []struct {
		name   string
		weight float64
		bigram bool
	}{{fTitle, p.title, true}, {fKeywords, p.keywords, true}, {fSummary, p.summary, true}, {fOrg, p.org, false}}

	var scoring, wordScoring, bigramScoring, gate []query.Query
	for _, f := range fields {
		w := anyTerm(f.name, wordTerms, f.weight)
		scoring, wordScoring = append(scoring, w), append(wordScoring, w)
		if f.bigram {
			b := anyTerm(f.name+biSuffix, biTerms, f.weight*p.bigram)
			scoring, bigramScoring = append(scoring, b), append(bigramScoring, b)
		}
		gate = append(gate, anyTerm(f.name, wordTerms, gateBoost))
	}
	if len(wordTerms) >= bigramGateWords {
		// The gate is any of the words, which is what the words' own
		// scoring clauses match: they gate and score at once.
		q := bleve.NewBooleanQuery()
		q.AddMust(bleve.NewDisjunctionQuery(compact(wordScoring)...))
		q.AddShould(bleve.NewDisjunctionQuery(compact(bigramScoring)...))
		return q, terms
	}
	var bigrams []query.Query // each bigram in any field
	for _, t := range biTerms {
		if len(wordTerms) >= bigramGateWords {
			break
		}
		var inField []query.Query
		for _, f := range fields {
			if f.bigram {
				inField = append(inField, anyTerm(f.name+biSuffix, []string{t}, gateBoost))
			}
		}
		bigrams = append(bigrams, bleve.NewDisjunctionQuery(inField...))
	}
	if len(bigrams) > 0 {
		half := bleve.NewDisjunctionQuery(bigrams...)
		half.SetMin(float64((len(bigrams) + 1) / 2))
		gate = append(gate, half)
	}

	q := bleve.NewBooleanQuery()
	q.AddMust(bleve.NewDisjunctionQuery(compact(gate)...))
	q.AddShould(bleve.NewDisjunctionQuery(compact(scoring)...))
	return q, terms
}

const gateBoost = 1e-9

// bigramGateWords: a query of this many words passes listings by its words
// alone. The bigram gate is for short queries that segment differently
// from the text; on a long one it only adds work (a listing with half the
// bigrams of a keyword list has its words too).
const bigramGateWords = 3

// commonShare: a term more than this share of the listings have is left
// out of a query that has rarer terms. Such terms have the longest postings,
// so they cost most of a long query's time, and the least idf, so they
// barely move its ranking; with them a list of keywords ran ten times
// slower at 100k listings. A query of only common terms keeps them.
const commonShare = 0.05

var searchedWordFields = append(slices.Clone(wordFields), fOrg)

func (st *termStats) withoutCommon(terms []string, bigram bool) []string {
	if len(terms) < 2 {
		return terms
	}
	// Words are searched in organisation names too, where a few words
	// (大学, 研究院, 科技) are in most listings.
	fields := searchedWordFields
	if bigram {
		fields = bigramFields
	}
	var rare []string
	for _, t := range terms {
		df, err := st.dfIn(t, fields)
		if err != nil {
			return terms
		}
		if float64(df) <= commonShare*st.n {
			rare = append(rare, t)
		}
	}
	if len(rare) == 0 {
		return terms
	}
	return rare
}

func compact(qs []query.Query) []query.Query {
	return slices.DeleteFunc(qs, func(q query.Query) bool { return q == nil })
}

func uniqueTerms(ts analysis.TokenStream) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if s := string(t.Term); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// anyTerm matches any of terms in field; nil when there are none.
func anyTerm(field string, terms []string, boost float64) query.Query {
	if len(terms) == 0 || boost <= 0 {
		return nil
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost) // Bleve ignores the boost of a disjunction
		qs[i] = tq
	}
	return bleve.NewDisjunctionQuery(qs...)
}
