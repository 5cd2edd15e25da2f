package search

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// Related: no match contains the query's words or their synonyms as
	// written; all were found through parts of them (石墨 for 石墨烯).
	Related bool
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
	defer plan.facets.release()
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if plan.byQuality {
		hits = rankByQuality(hits, plan.facets.quality, time.Now(), plan.from, plan.size)
	}
	out := &Result{Total: res.Total, Items: make([]Hit, 0, len(hits)), Facets: plan.facets.facets()}
	// Hits come best tier first, so the best score says whether any hit
	// reached the first tier.
	out.Related = plan.tiered && res.Total > 0 && res.MaxScore < tierGap
	for _, dm := range hits {
		h, err := ix.makeHit(dm, plan)
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, h)
	}
	return out, nil
}

// searchPlan is a search request and what Search does with its hits.
type searchPlan struct {
	req        *bleve.SearchRequest
	facets     *facetCounting
	terms      queryTerms // for highlights
	tiered     bool       // scores carry tiers (see tiers.go)
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

	text := ix.textQuery(q.Q)
	plan := searchPlan{terms: text.terms, from: (page - 1) * size, size: size}
	main := query.Query(bleve.NewMatchAllQuery())
	if text.q != nil {
		main = text.q
		plan.byQuality = q.Sort == "" || q.Sort == SortRelevance
	}
	if filters := q.filters(); len(filters) > 0 {
		if g, ok := main.(gated); ok {
			// Inside the gate, so that hits the filters drop are not scored.
			g.filter = bleve.NewConjunctionQuery(filters...)
			main = g
		} else {
			b := bleve.NewBooleanQuery()
			b.AddMust(main)
			// Filters do not score: every hit passes all of them anyway.
			b.AddFilter(bleve.NewConjunctionQuery(filters...))
			main = b
		}
	}
	if len(text.concepts) > 0 {
		// Around the filters, so that tiers are looked up for hits only.
		main = &tiered{child: main, concepts: text.concepts}
		plan.tiered = true
	}

	plan.facets = &facetCounting{child: main, cols: &ix.facets}
	// No stored fields: makeHit reads those of the page shown only.
	req := bleve.NewSearchRequestOptions(plan.facets, size, plan.from, false)
	if plan.byQuality {
		// Quality reorders near ties only, so the page and the hits just
		// below it are all it can reorder.
		req.From, req.Size = 0, plan.from+size+qualityWindow
	}
	switch sortBy := q.Sort; {
	case sortBy == SortNewest || (sortBy == "" && text.q == nil):
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

func (ix *Index) makeHit(dm *bsearch.DocumentMatch, plan searchPlan) (Hit, error) {
	_, score := tierOf(dm.Score)
	h := Hit{Score: score}
	kind, id, _ := strings.Cut(dm.ID, ":")
	h.Kind = kind
	h.ID, _ = strconv.ParseInt(id, 10, 64)
	var summary string
	err := plan.facets.stored(dm, func(field string, value []byte) {
		switch field {
		case fExternalID:
			h.ExternalID = string(value)
		case fTitle:
			h.Title = string(value)
		case fSummary:
			summary = string(value)
		}
	})
	if err != nil || plan.terms.empty() {
		return h, err
	}
	h.Highlights = map[string][]string{}
	if spans := ix.matchSpans(h.Title, plan.terms); len(spans) > 0 {
		h.Highlights[fTitle] = []string{markup(h.Title, spans, 0, len(h.Title))}
	}
	if spans := ix.matchSpans(summary, plan.terms); len(spans) > 0 {
		h.Highlights[fSummary] = []string{fragment(summary, spans, fragmentBytes)}
	}
	return h, nil
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
			for _, o := range occurrences(clean, t) {
				spans = append(spans, span{offs.at(o.start), offs.at(o.end)})
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
	subword                       float64 // the sub-word field's weight (title, keywords and summary in one)
	synonym                       float64 // a synonym's terms relative to the query's own
	part                          float64 // a word inside a short query's compound, relative to the field's words
}

// ranking was chosen on the CSL papers (quality_test.go) with BM25 scoring.
// Tag nDCG@10 is flat within noise (85 queries; one query moves the mean by
// about 0.01): title and keyword weight 1 gives 0.545, 1.5 gives 0.544, 2
// gives 0.535. Titles and keywords weigh 1.5, more than bodies as the design
// asks, at no measurable cost. Bigrams at half weight add recall without
// drowning the words: bigram weight 0 gives 0.528, 0.25 gives 0.539, 1 gives
// 0.543. Exact-phrase clauses on the bigram fields changed nothing and were
// dropped.
//
// The sub-word field weighs little: it is there to find parts of compounds
// and to order partial matches, which the tiers keep below full ones anyway
// (see tiers.go). A synonym weighs a bit less than the query's own term, so
// that of two listings alike but for that, the one in the user's words
// ranks first.
var ranking = rankParams{title: 1.5, keywords: 1.5, summary: 1, org: 0.5, bigram: 0.5, subword: 0.2, synonym: 0.8, part: 0.3}

// textPlan is the relevance query for free text.
type textPlan struct {
	q        query.Query // gate and scoring; nil for no text
	concepts []docSet    // whose count makes a hit's tier (see tiers.go); none for long queries
	terms    queryTerms  // for highlights
}

// concept is one thing a query asks for: a word of it, or a term of the
// synonym list it contains, which the term's group stands for too.
type concept struct {
	terms    []string // the query's own first
	synonyms bool     // terms came from the synonym list
	start    int      // where it is in the query
	optional bool     // how a question is put, or in most listings: a full match may lack it
}

// textQuery builds the relevance query for free text.
//
// Scoring: for each text field one disjunction of the query's words on the
// word field and one of its bigrams on the bigram field, the same for the
// terms of its synonyms at a lower weight, and for short queries its rarer
// characters on the sub-word field, all in one disjunction, so that Bleve's
// coordination factor favours listings that match in more places.
//
// That alone matches every listing sharing one bigram with the query
// (anything with 研究 for 研究进展), which makes totals and facets
// meaningless and slow. So a gate must match too: one of the query's words,
// or at least half of its bigrams, or one of its synonyms as written, or a
// character it has alone. A short query's gate is a set of documents worked
// out from its terms' postings as one bitmap a segment (docsets.go), and the
// scoring clauses skip from one of its hits to the next (gated, in
// clauses.go); Bleve's non-scoring filter would also work,
// but it first scores every match of the wide query and ran twice as slow.
//
// For a query of fewer than bigramGateWords words the tiers then put hits
// with all of its concepts (words or their synonyms) as written above hits
// with some, and those above hits found by parts only.
func (ix *Index) textQuery(text string) textPlan {
	if strings.TrimSpace(text) == "" {
		return textPlan{}
	}
	p := ranking
	m := ix.b.Mapping()
	words := m.AnalyzerNamed(WordAnalyzer).Analyze([]byte(text))
	wordTerms := uniqueTerms(words)
	bigramTokens := m.AnalyzerNamed(BigramAnalyzer).Analyze([]byte(text))
	biTerms := uniqueTerms(bigramTokens)
	var lone []string // characters standing alone in the query (锂, the 氢 of 氢 燃料电池)
	for _, t := range bigramTokens {
		if t.Type == analysis.Single {
			lone = append(lone, string(t.Term))
		}
	}
	charTerms := uniqueTerms(m.AnalyzerNamed(CharAnalyzer).Analyze([]byte(text)))
	concepts := ix.concepts(text, words)
	var synWords, synBigrams []string
	for _, c := range concepts {
		if !c.synonyms {
			continue
		}
		for _, t := range c.terms[1:] {
			synWords = append(synWords, uniqueTerms(m.AnalyzerNamed(WordAnalyzer).Analyze([]byte(t)))...)
			synBigrams = append(synBigrams, uniqueTerms(m.AnalyzerNamed(BigramAnalyzer).Analyze([]byte(t)))...)
		}
	}
	synWords = without(unique(synWords), wordTerms)
	synBigrams = without(unique(synBigrams), biTerms)

	plan := textPlan{terms: queryTerms{words: map[string]bool{}, bigrams: map[string]bool{}}}
	for _, t := range wordTerms {
		plan.terms.words[t] = true
	}
	for _, t := range biTerms {
		plan.terms.bigrams[t] = true
	}
	for _, c := range concepts {
		for _, t := range c.terms {
			plan.terms.words[t] = true // a synonym is marked where it is found
		}
	}
	if len(wordTerms) == 0 && len(biTerms) == 0 && len(charTerms) == 0 {
		plan.q = bleve.NewMatchNoneQuery()
		return plan
	}
	short := len(wordTerms) < bigramGateWords
	// The bigram gate counts all of a short query's bigrams, common ones
	// too: leaving them out is for scoring and long queries, and in a small
	// market, where 石墨 is in 2 of 3 listings, it left 石墨烯 only 墨烯 to
	// pass by, and nothing found, not even as related.
	gateBigrams := biTerms
	// The words inside a short query's compounds find what says only part
	// of it (a 锌空气电池 for 燃料电池); the tiers keep such hits below
	// those with the whole word.
	var parts []string
	if short {
	words:
		for _, t := range wordTerms {
			for _, c := range concepts {
				// A word with synonyms is found by them; its parts would
				// only lift the synonyms' listings above its own (无人
				// of 无人机 is in 无人飞行器).
				if c.synonyms && strings.Contains(c.terms[0], t) {
					continue words
				}
			}
			parts = append(parts, wordParts(t)...)
		}
		parts = without(unique(parts), wordTerms)
	}
	if st, err := ix.termStats(nil, ""); err == nil { // without the pruning, ranking is still right
		if len(parts) > 0 {
			parts, _ = st.rare(parts, searchedWordFields)
		}
		rare := st.withoutCommon(wordTerms, searchedWordFields)
		for i := range concepts {
			c := &concepts[i]
			c.optional = !c.synonyms && (!slices.Contains(rare, c.terms[0]) || queryStopWords()[c.terms[0]])
		}
		wordTerms, biTerms = rare, st.withoutCommon(biTerms, bigramFields)
		synWords, synBigrams = st.withoutCommon(synWords, searchedWordFields), st.withoutCommon(synBigrams, bigramFields)
		// Characters help only where they are rare (锂, not 电): a
		// query of common ones is served by its bigrams, unless it is one
		// character.
		if len(charTerms) > 1 {
			charTerms, _ = st.rare(charTerms, []string{fSubword})
		}
		st.Close()
	}
	if !short {
		charTerms = nil // a long query has words enough
	}
	fields := []struct {
		name   string
		weight float64
		bigram bool
	}{{fTitle, p.title, true}, {fKeywords, p.keywords, true}, {fSummary, p.summary, true}, {fOrg, p.org, false}}

	var scoring, wordScoring, otherScoring []termClause
	var gate []docSet // any of them passes a short query's hits
	gateTerms := func(field string, terms []string) {
		if len(terms) > 0 {
			gate = append(gate, termsIn{field, terms})
		}
	}
	for _, f := range fields {
		w := termClause{field: f.name, terms: wordTerms, boost: f.weight}
		scoring, wordScoring = append(scoring, w), append(wordScoring, w)
		others := []termClause{{field: f.name, terms: synWords, boost: f.weight * p.synonym}}
		if f.bigram {
			others = append(others,
				termClause{field: f.name + biSuffix, terms: biTerms, boost: f.weight * p.bigram},
				termClause{field: f.name + biSuffix, terms: synBigrams, boost: f.weight * p.bigram * p.synonym})
		}
		scoring, otherScoring = append(scoring, others...), append(otherScoring, others...)
		gateTerms(f.name, wordTerms)
		if short {
			pq := termClause{field: f.name, terms: parts, boost: f.weight * p.part}
			scoring, otherScoring = append(scoring, pq), append(otherScoring, pq)
			gateTerms(f.name, parts)
		}
	}
	if c := (termClause{field: fSubword, terms: charTerms, boost: p.subword}); len(charTerms) > 0 {
		scoring, otherScoring = append(scoring, c), append(otherScoring, c)
	}
	// A synonym passes the gate as written, not by its words one by one
	// (无人机 must not let in everything with 飞行器, a word of its synonym
	// 无人飞行器); so does a character the user wrote alone, which no
	// listing has as a word or bigram. Not one the segmenter split off (the
	// 器 of 航拍器): such characters are in most listings.
	var literals []termClause // the same, as the long query's clauses
	for _, c := range concepts {
		for _, t := range c.terms {
			if c.synonyms {
				lit := ix.literalParts(t)
				gate, literals = append(gate, lit), append(literals, queryClause(lit.boosted(gateBoost)))
			}
		}
	}
	for _, t := range unique(lone) {
		gateTerms(fSubword, []string{t})
		literals = append(literals, termClause{field: fSubword, terms: []string{t}, boost: gateBoost})
	}
	if !short {
		// The gate is any of the words (or synonyms), which is what the
		// words' own scoring clauses match: they gate and score at once.
		// No tiers: every hit has one of the words, and tiers would cost a
		// third of a long query's time to order hits by how many of many
		// words they have, which BM25 does well enough.
		must := clauseSumOf(append(wordScoring, literals...))
		if must == nil {
			plan.q = bleve.NewMatchNoneQuery()
			return plan
		}
		plan.q = gated{gate: must, scoring: clauseSumOf(otherScoring), scored: true}
		return plan
	}
	var bigrams []docSet // each bigram in any field
	for _, t := range gateBigrams {
		var inField []docSet
		for _, f := range fields {
			if f.bigram {
				inField = append(inField, termsIn{f.name + biSuffix, []string{t}})
			}
		}
		bigrams = append(bigrams, anyOf(inField...))
	}
	if len(bigrams) > 0 {
		gate = append(gate, atLeast{sets: bigrams, min: (len(bigrams) + 1) / 2})
	}

	switch sc := clauseSumOf(scoring); {
	case len(gate) > 0:
		plan.q = gated{gate: setQuery{anyOf(gate...)}, scoring: sc}
	case sc != nil: // nothing to gate by (a query of common characters)
		plan.q = sc
	default:
		plan.q = bleve.NewMatchNoneQuery()
	}
	plan.concepts = ix.tierConcepts(concepts)
	return plan
}

// concepts finds what the query asks for in its words: a term of the
// synonym list takes the words inside it (无人 and 飞行器 are one
// 无人飞行器), every other word is a concept of its own.
func (ix *Index) concepts(text string, words analysis.TokenStream) []concept {
	syn := ix.synonyms.current()
	clean, offs := withoutPad(normalizeBytes([]byte(text)))
	var out []concept
	inside := make([]bool, len(words))
	for _, h := range syn.find(clean) {
		start, end := offs.at(h.start), offs.at(h.end)
		for i, w := range words {
			if w.Start >= start && w.End <= end {
				inside[i] = true
			}
		}
		out = append(out, concept{terms: append([]string{h.term}, syn.others(h.term)...), synonyms: true, start: start})
	}
	seen := map[string]bool{}
	for i, w := range words {
		if t := string(w.Term); !inside[i] && !seen[t] {
			seen[t] = true
			out = append(out, concept{terms: []string{t}, start: w.Start})
		}
	}
	slices.SortFunc(out, func(a, b concept) int { return a.start - b.start })
	return out
}

// tierConcepts are the concepts a hit's tier counts, each the listings
// holding one of its terms as written. Optional concepts (question words,
// words in most listings) count only in a query of nothing else.
func (ix *Index) tierConcepts(concepts []concept) []docSet {
	var required, all []docSet
	for _, c := range concepts {
		lits := make([]docSet, len(c.terms))
		for i, t := range c.terms {
			lits[i] = ix.literalParts(t)
		}
		all = append(all, anyOf(lits...))
		if !c.optional {
			required = append(required, anyOf(lits...))
		}
	}
	if len(required) == 0 {
		return all
	}
	return required
}

// literalParts is a term as the index can tell it is written in a listing
// without positions: its lone characters (the 氢 of 氢 燃料) anywhere in the
// sub-word field, and its bigrams (and Latin words) all in one of the
// bigram fields.
type literalParts struct {
	lone, inField []string
}

func (ix *Index) literalParts(term string) literalParts {
	var p literalParts
	for _, t := range ix.b.Mapping().AnalyzerNamed(BigramAnalyzer).Analyze([]byte(term)) {
		if t.Type == analysis.Single {
			p.lone = append(p.lone, string(t.Term))
		} else if !slices.Contains(p.inField, string(t.Term)) {
			p.inField = append(p.inField, string(t.Term))
		}
	}
	return p
}

// literal matches listings that contain term as written (literalParts),
// its terms boosted by boost.
func (ix *Index) literal(term string, boost float64) query.Query {
	return ix.literalParts(term).boosted(boost)
}

//go:embed dict/query_stop.txt
var queryStopText string

// queryStopWords are words of how a question is put (如何, 怎样) and of how
// listings are written (match_stop.txt: 技术, 需求, 提高): a query keeps
// them for ranking, but a hit without them is still a full match.
var queryStopWords = sync.OnceValue(func() map[string]bool {
	m := maps.Clone(matchStopWords())
	for _, line := range strings.Split(queryStopText, "\n") {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			m[Clean(w)] = true
		}
	}
	return m
})

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

// withoutCommon drops from terms those more than commonShare of the
// listings have in one of fields, unless all are that common. Words are
// searched in organisation names too (searchedWordFields), where a few
// words (大学, 研究院, 科技) are in most listings.
func (st *termStats) withoutCommon(terms []string, fields []string) []string {
	if len(terms) < 2 {
		return terms
	}
	rare, err := st.rare(terms, fields)
	if err != nil || len(rare) == 0 {
		return terms
	}
	return rare
}

// rare returns the terms at most commonShare of the listings have in any
// one of fields.
func (st *termStats) rare(terms []string, fields []string) ([]string, error) {
	var out []string
	for _, t := range terms {
		df, err := st.dfIn(t, fields)
		if err != nil {
			return nil, err
		}
		if float64(df) <= commonShare*st.n {
			out = append(out, t)
		}
	}
	return out, nil
}

func compact(qs []query.Query) []query.Query {
	return slices.DeleteFunc(qs, func(q query.Query) bool { return q == nil })
}

func unique(ts []string) []string {
	seen := map[string]bool{}
	return slices.DeleteFunc(ts, func(t string) bool {
		dup := seen[t]
		seen[t] = true
		return dup
	})
}

// without returns ts without the terms of drop.
func without(ts, drop []string) []string {
	return slices.DeleteFunc(ts, func(t string) bool { return slices.Contains(drop, t) })
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

// occurrences are where term t stands in clean (normalised text without
// padding), overlapping ones included. A Latin term counts only as a whole
// word: ai is in "ai芯片" but not in "email". UTF-8 being self-synchronising,
// a match always starts on a character.
func occurrences(clean []byte, t string) []span {
	var out []span
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
		out = append(out, span{start, end})
	}
	return out
}
