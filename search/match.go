package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"techmarket/models"
)

// MatchQuery asks which listings of the other kind fit a listing.
type MatchQuery struct {
	Size       int    // defaults to 10, at most 100
	ExcludeOrg string // organisation name of the caller, never matched
}

// MatchResult holds the matches, best first.
type MatchResult struct {
	Items []Match
}

// Match is one listing that fits, with how well and the reasons a person
// can check.
type Match struct {
	Kind       string
	ID         int64
	ExternalID string
	Title      string
	Fit        Fit
	Reasons    []string // Chinese sentences, at least one
	Score      float64  // orders the matches; not for people (see Fit)
	// evidence is what Fit was judged from, kept for the tests.
	evidence fitEvidence
}

const defaultMatchSize = 10

// matchParams weigh matching; see matching.
type matchParams struct {
	words, bigrams     int     // profile terms kept, most distinctive first
	titleTF, keywordTF float64 // what one occurrence in the title or a keyword counts, against 1 in the summary
	pool               int     // text candidates re-ranked by the structured fields
	feedbackDocs       int     // best text matches whose terms make the feedback query
	feedbackWords      int     // terms of the feedback query
	feedbackBigrams    int
	feedback           float64 // most weight of the feedback query's heaviest term, against 1 for the listing's own (see feedbackWeight)

	// Bonuses of the re-rank: a candidate's text score is multiplied by 1
	// plus the sum of those that apply, so text stays what ranks and the
	// structured fields reorder near ties.
	sameField, relatedField  float64 // sameField is scaled by the confidence of an inferred field
	district, city, province float64
	budget, coop             float64
	maturity                 float64 // for maturity 9; 1 gets nothing

	// The predicted 门类 multiplies the score apart from the bonuses: by
	// 1 + sameCategory × the source's confidence when the candidate's is the
	// same, by 1 − otherCategory × both confidences when it differs, so
	// that a law paper sharing 制度 with a need about glass falls behind
	// the engineering ones however many words it shares.
	sameCategory, otherCategory float64
}

// matching was chosen on the CSL papers (match_quality_test.go): 1000 needs
// written from a paper's keywords, discipline-P@10 against the baseline's
// 0.227 and known-item MRR@10 against its 0.990; the other way, a paper's
// abstract finding its need, MRR@10 against the baseline's 0.989.
//
// The profile alone gives P@10 0.252 and MRR 0.993, with the field bonus
// 0.268, with feedback 0.292, with both 0.310, MRR staying at 0.993, and
// 0.992 the other way. Feedback terms added to the listing's own query
// rather than beside it gave about 0.32 but dropped MRR to 0.991, below the baseline on some quarters
// of the needs; feedback for achievements too (matched to needs) dropped
// the other way's MRR to 0.76. A field bonus of 0.3 gives 0.303, 0.8 gives
// 0.318: the field says less than the text, so it stays a bonus. Feedback
// weight 0.5 or 2, 1 or 5 feedback listings, 10 or 40 feedback terms, 30
// profile words, titles counting as much as summaries: all within 0.01.
// Other bonuses have no data to be fitted on; they are set so that together
// they do not outweigh the field.
//
// The predicted 门类 was weighed on the even papers only and reported on
// the odd ones (TestMatchQuality): with it and the minimum fit,
// discipline-P@10 went from 1.354 to 1.423 × the baseline on the even
// half and from 1.361 to 1.447 × on the odd, MRR staying at 0.994 and
// 0.991. sameCategory 0.15–0.6 with otherCategory 0.3–0.8 all gave
// 1.420–1.427 on the even half; most of the gain is the source's 门类
// voted with its best matches' (neighbourCategory): with its own
// prediction alone, from four keywords, 1.32 with the minimum fit.
//
// sameField, feedback and otherCategory were then chosen by 2-fold
// cross-validation (make tune-search, crossval_test.go): tuned on one half
// of the papers, both folds chose sameField 1.2, feedback 2 and
// otherCategory 0.8, and each raised the other half's discipline-P@10 (B
// 0.289 → 0.301, A 0.283 → 0.296), MRR unchanged. Both also chose 8
// feedback listings, which gave nothing over 3 with the others chosen
// (0.299 either way on B) and made a match three times slower, so it
// stays 3. The folds disagreed on sameCategory (0.3, 0.6): it stays. Part
// of the field's gain is the test's: a need's inferred field is its own
// paper's 97 % of the time, since the paper is in the index (59 % without
// it); a need with a field of its own gets the same bonus.
var matching = matchParams{
	words: 20, bigrams: 15, titleTF: 2, keywordTF: 2, pool: 50,
	feedbackDocs: 3, feedbackWords: 20, feedbackBigrams: 10, feedback: 2,
	sameField: 1.2, relatedField: 0.15,
	district: 0.1, city: 0.06, province: 0.03,
	budget: 0.05, coop: 0.05, maturity: 0.1,
	sameCategory: 0.3, otherCategory: 0.8,
}

// Matches ranks the published listings of the other kind for src: needs for
// an achievement, achievements for a need. Listings of src's organisation
// and of q.ExcludeOrg are left out; src itself is of the other kind, so it
// never comes back.
//
// Candidates come from src's most distinctive terms and from those of the
// listings that fit it best (see feedback); the best of them are re-ranked
// by field of industry, region, price against budget, cooperation modes and
// maturity (see judge) and by their predicted 门类 (categoryFactor). A src
// without a field is matched on the field SuggestField infers from its
// text. The best are kept as long as they fit at least a little (see Fit):
// fewer than size matches, or none, is an answer.
func (ix *Index) Matches(src Document, q MatchQuery) (*MatchResult, error) {
	var target string
	switch src.Kind {
	case KindAchievement:
		target = KindNeed
	case KindNeed, KindChallenge:
		target = KindAchievement
	default:
		return nil, fmt.Errorf("search: cannot match a listing of kind %q", src.Kind)
	}
	size := q.Size
	if size <= 0 {
		size = defaultMatchSize
	}
	size = min(size, maxSize)

	out := &MatchResult{Items: []Match{}}
	srcBag := ix.bagOf(src.Title, src.Summary, src.Keywords, true)
	var self string
	if src.ID != 0 {
		self = DocID(src.Kind, src.ID)
	}
	st, err := ix.termStats(&srcBag, self)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	own, err := st.weigh(srcBag.tf)
	if err != nil {
		return nil, err
	}
	p := own.top(matching.words, matching.bigrams)
	if p.empty() {
		return out, nil
	}

	srcText := Clean(src.Title + "\n" + strings.Join(src.Keywords, "\n") + "\n" + src.Summary)
	// The words of its title and keywords, which say what it is about.
	var named []string
	for w := range ix.bagOf(src.Title, "", src.Keywords, false).tf.words {
		named = append(named, w)
	}
	cat := PredictCategory(src.Title, src.Summary, src.Keywords)
	side := matchSide{field: src.Field, fieldConfidence: 1, region: src.Region, price: src.PriceFen,
		maturity: src.Maturity, coop: src.CoopModes}
	if src.PriceNegotiable {
		side.price = 0
	}
	// The field is inferred beside the candidate searches, on the other
	// core: it needs neither, and took a fifth of a match's time.
	var suggested chan fieldGuess
	if side.field == "" {
		suggested = make(chan fieldGuess, 1)
		go func() {
			s, err := ix.suggestField(p, cat, self)
			suggested <- fieldGuess{s, err}
		}()
	}

	search := func(text query.Query, size int, fields []string) (*bleve.SearchResult, error) {
		bq := bleve.NewBooleanQuery()
		bq.AddMust(text)
		bq.AddFilter(termQuery(fKind, target))
		for _, org := range []string{src.Org, q.ExcludeOrg} {
			if org != "" {
				bq.AddMustNot(termQuery(fOrgName, org))
			}
		}
		req := bleve.NewSearchRequestOptions(bq, size, 0, false)
		req.Fields = fields
		// Ties in score keep the index's order: breaking them by id would
		// read the id of every candidate, a tenth of matching's time.
		return ix.b.Search(req)
	}
	text := p.query(1)
	fb, err := ix.feedback(st, p, len(srcBag.tf.words), func(text query.Query, size int) (*bleve.SearchResult, error) {
		return search(text, size, []string{fTitle, fSummary})
	})
	if err != nil {
		return nil, err
	}
	if !fb.empty() {
		text = bleve.NewDisjunctionQuery(text, fb.query(fb.weight))
	}
	res, err := search(text, max(matching.pool, size),
		[]string{fTitle, fSummary, fKeywords, fExternalID, fField, fRegion, fMaturity, fPrice, fCoopModes, fCategory, fCategoryConfidence})
	if err != nil {
		return nil, err
	}

	if suggested != nil {
		g := <-suggested
		if g.err != nil {
			return nil, g.err
		}
		side.field, side.fieldConfidence, side.fieldInferred = g.Field, g.Confidence, true
	}
	side.category, side.categoryConfidence = neighbourCategory(cat, res.Hits)

	type ranked struct {
		dm      *bsearch.DocumentMatch
		c       matchSide
		score   float64
		reasons []string
	}
	all := make([]ranked, 0, len(res.Hits))
	for _, dm := range res.Hits {
		c := candidateOf(dm)
		bonus, reasons := judge(side, target, c)
		factor, r := categoryFactor(side, c)
		if r != "" {
			reasons = append(reasons, r)
		}
		all = append(all, ranked{dm, c, dm.Score * (1 + bonus) * factor, reasons})
	}
	// Stable, so equal scores keep the index's order by id.
	slices.SortStableFunc(all, func(a, b ranked) int { return cmpDesc(a.score, b.score) })
	// evidence is what a candidate's fit is judged from; judging reads and
	// may analyse its text.
	evidence := func(r ranked) (fitEvidence, string, error) {
		text := candidateText(r.dm)
		e := fitEvidence{coverage: p.coverage(text), category: categoryAgreement(side, r.c)}
		for _, w := range named {
			if strings.Contains(text, w) {
				e.named++
			}
		}
		if !fb.empty() {
			e.feedbackCoverage = fb.coverage(text)
		}
		// A candidate shorter than the source cannot hold all its profile
		// (a need of four keywords for an abstract): the share of its own
		// profile the source holds says as much.
		if len(text) < len(srcText) && e.coverage < fitParams.high[e.category] {
			cp, err := ix.candidateProfile(st, r.dm)
			if err != nil {
				return e, "", err
			}
			e.coverage = max(e.coverage, cp.coverage(srcText))
		}
		return e, text, nil
	}
	// How well the best match fits: that of the listings feedback read,
	// or without feedback (an achievement is longer than the needs), that
	// of the best candidate.
	// The best candidate's evidence is judged once, for the trust and for
	// its own fit.
	trust := fb.trust
	var first *fitEvidence
	var firstText string
	if fb.empty() && len(all) > 0 {
		e, text, err := evidence(all[0])
		if err != nil {
			return nil, err
		}
		trust, first, firstText = e.coverage, &e, text
	}
	// The best are judged until size of them fit.
	for i, r := range all {
		if len(out.Items) == size {
			break
		}
		dm := r.dm
		e, text := fitEvidence{}, firstText
		if i == 0 && first != nil {
			e = *first
		} else if e, text, err = evidence(r); err != nil {
			return nil, err
		}
		e.trust = trust
		fit := e.fit()
		if fit == "" {
			continue // below the minimum fit: better no match than a wrong one
		}
		kind, id, _ := strings.Cut(dm.ID, ":")
		m := Match{Kind: kind, Fit: fit, Score: r.score, evidence: e}
		m.ID, _ = strconv.ParseInt(id, 10, 64)
		m.ExternalID, _ = dm.Fields[fExternalID].(string)
		m.Title, _ = dm.Fields[fTitle].(string)
		m.Reasons = append(ix.textReasons(dm, text, p, fb.profile, target), r.reasons...)
		out.Items = append(out.Items, m)
	}
	return out, nil
}

type fieldGuess struct {
	FieldSuggestion
	err error
}

// feedback is pseudo-relevance feedback: a short listing (a need of a few
// keywords) says little about its subject, the listings it fits best say
// more. It returns the heaviest terms of the best matches of p that p lacks,
// each match counting by its score, and the weight of their query.
//
// The terms make a query beside p's rather than joining it, so that a
// listing with all of p's terms is not outscored by one with many of the
// feedback's: the best matches are not always right. For the same reason
// the weight is what the best matches say beyond the listing, of words
// distinct words: 1 - words / their mean number of words, times
// matching.feedback. A need gains from the abstracts of achievements; an
// achievement gains nothing from needs shorter than itself.
func (ix *Index) feedback(st *termStats, p profile, words int, search func(query.Query, int) (*bleve.SearchResult, error)) (fb feedbackTerms, err error) {
	if matching.feedbackDocs == 0 {
		return fb, nil
	}
	res, err := search(p.query(1), matching.feedbackDocs)
	if err != nil || len(res.Hits) == 0 {
		return fb, err
	}
	bags := make([]bag, len(res.Hits))
	var mean float64
	for i, dm := range res.Hits {
		title, _ := dm.Fields[fTitle].(string)
		summary, _ := dm.Fields[fSummary].(string)
		bags[i] = ix.bagOf(title, summary, nil, false)
		mean += float64(len(bags[i].tf.words)) / float64(len(bags))
	}
	if float64(words) >= mean {
		return fb, nil
	}
	fw := newTermWeights()
	for i, dm := range res.Hits {
		w, err := st.weigh(bags[i].tf)
		if err != nil {
			return fb, err
		}
		fw.add(w, dm.Score/res.Hits[0].Score)
	}
	for _, t := range p.words {
		delete(fw.words, t.term)
	}
	for _, t := range p.bigrams {
		delete(fw.bigrams, t.term)
	}
	best := res.Hits[0]
	title, _ := best.Fields[fTitle].(string)
	summary, _ := best.Fields[fSummary].(string)
	return feedbackTerms{
		profile: fw.top(matching.feedbackWords, matching.feedbackBigrams),
		weight:  matching.feedback * (1 - float64(words)/mean),
		trust:   p.coverage(Clean(title + "\n" + summary)),
	}, nil
}

// feedbackTerms are what feedback lends a listing: the terms, the weight of
// their query, and how far to trust them, the share of the listing's own
// profile its best match holds. A need whose best match holds most of it
// (a paper on its very subject) lends terms of that subject; one whose best
// match shares a word or two lends whatever that match is about.
type feedbackTerms struct {
	profile
	weight, trust float64
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// matchSide is what the re-rank compares of a listing.
type matchSide struct {
	field           string
	fieldConfidence float64
	fieldInferred   bool
	region          string
	price           int64 // asking price or upper budget; 0 = 面议
	maturity        int
	coop            []string
	// predicted 门类, "" if none
	category           string
	categoryConfidence float64
}

func candidateOf(dm *bsearch.DocumentMatch) matchSide {
	c := matchSide{fieldConfidence: 1}
	c.field, _ = dm.Fields[fField].(string)
	c.region, _ = dm.Fields[fRegion].(string)
	if v, ok := dm.Fields[fMaturity].(float64); ok {
		c.maturity = int(v)
	}
	if v, ok := dm.Fields[fPrice].(float64); ok {
		c.price = int64(v)
	}
	c.coop = storedList(dm.Fields[fCoopModes])
	c.category, _ = dm.Fields[fCategory].(string)
	c.categoryConfidence, _ = dm.Fields[fCategoryConfidence].(float64)
	return c
}

// categoryNeighbours is how many of the best text matches vote on the
// source's 门类 beside its own prediction.
const categoryNeighbours = 10

// neighbourCategory is the 门类 of the source: its own prediction, counting
// as much as all the neighbours together, and those of its best text
// matches, each voting with its score, relative to the best's, times its
// confidence. A need of four keywords says little to the classifier; the
// abstracts it matches best say more.
func neighbourCategory(own CategoryGuess, hits bsearch.DocumentMatchCollection) (string, float64) {
	votes := map[string]float64{}
	var total float64
	for _, dm := range hits[:min(categoryNeighbours, len(hits))] {
		c, _ := dm.Fields[fCategory].(string)
		conf, _ := dm.Fields[fCategoryConfidence].(float64)
		if c == "" {
			continue
		}
		w := 1.0
		if hits[0].Score > 0 {
			w = dm.Score / hits[0].Score
		}
		votes[c] += w * conf
		total += w
	}
	if own.Category != "" {
		w := max(total, 1)
		votes[own.Category] += w * own.Confidence
		total += w
	}
	if total == 0 {
		return "", 0
	}
	var best string
	for c, v := range votes {
		if best == "" || v > votes[best] || (v == votes[best] && c < best) {
			best = c
		}
	}
	return best, votes[best] / total
}

// categoryFactor multiplies a candidate's score by how its predicted 门类
// agrees with the source's (see matchParams.sameCategory), with the reason
// when they agree.
func categoryFactor(src, c matchSide) (float64, string) {
	switch {
	case src.category == "" || c.category == "":
		return 1, ""
	case src.category == c.category:
		return 1 + matching.sameCategory*src.categoryConfidence, "同属" + c.category + "门类（按内容推断）"
	}
	return 1 - matching.otherCategory*src.categoryConfidence*c.categoryConfidence, ""
}

// storedList reads a stored list field, which Bleve returns as a plain
// value when the list has one element.
func storedList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, m := range v {
			if s, ok := m.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// judge compares the source with a candidate of kind target and returns the
// bonus of the re-rank with the reasons for it.
func judge(src matchSide, target string, c matchSide) (bonus float64, reasons []string) {
	p := matching
	switch {
	case src.field == "" || src.field == fieldOther || c.field == "":
	case src.field == c.field:
		bonus += p.sameField * src.fieldConfidence
		r := "同属行业领域：" + c.field
		if src.fieldInferred {
			r += "（按内容推断）"
		}
		reasons = append(reasons, r)
	case relatedField(src.field, c.field):
		bonus += p.relatedField * src.fieldConfidence
		reasons = append(reasons, "相关行业领域："+c.field+"（与"+src.field+"相关）")
	}

	if b, r := regionReason(src.region, c.region); r != "" {
		bonus += b
		reasons = append(reasons, r)
	}

	achievement, need := c, src
	if target == KindNeed {
		achievement, need = src, c
	}
	switch {
	case achievement.price == 0:
		bonus += p.budget
		reasons = append(reasons, "报价面议")
	case need.price == 0:
		bonus += p.budget
		reasons = append(reasons, "预算面议")
	case achievement.price <= need.price:
		bonus += p.budget
		reasons = append(reasons, "预算覆盖报价")
	}

	// Maturity is what a need hopes for; an achievement matched to needs
	// has nothing to compare its own with.
	if target == KindAchievement && c.maturity > 0 {
		bonus += p.maturity * float64(c.maturity-1) / 8
		if c.maturity >= 5 {
			reasons = append(reasons, "技术成熟度 "+strconv.Itoa(c.maturity)+" 级")
		}
	}

	var common []string
	for _, m := range src.coop {
		if slices.Contains(c.coop, m) && !slices.Contains(common, m) {
			common = append(common, m)
		}
	}
	if len(common) > 0 {
		bonus += p.coop
		reasons = append(reasons, "合作方式一致："+strings.Join(common, "、"))
	}
	return bonus, reasons
}

// fieldOther is the field of industry that says only that it is none of the
// others.
const fieldOther = "其他"

const maxSharedTerms = 5

// candidateProfile is the profile of a candidate, weighed by st.
func (ix *Index) candidateProfile(st *termStats, dm *bsearch.DocumentMatch) (profile, error) {
	title, _ := dm.Fields[fTitle].(string)
	summary, _ := dm.Fields[fSummary].(string)
	w, err := st.weigh(ix.bagOf(title, summary, storedList(dm.Fields[fKeywords]), false).tf)
	if err != nil {
		return profile{}, err
	}
	return w.top(matching.words, matching.bigrams), nil
}

// candidateText is a candidate's title, keywords and summary, normalised.
// Words are looked for in it rather than among its analysed terms: cheaper
// for the whole pool, and a word found inside a longer one (石墨 in 石墨烯)
// is still a fair reason.
func candidateText(dm *bsearch.DocumentMatch) string {
	title, _ := dm.Fields[fTitle].(string)
	summary, _ := dm.Fields[fSummary].(string)
	return Clean(title + "\n" + strings.Join(storedList(dm.Fields[fKeywords]), "\n") + "\n" + summary)
}

// textReasons names the source's own words found in text, the candidate's
// title, keywords and summary (candidateText), heaviest first; failing
// those, the words feedback
// added; failing those (a candidate found by bigrams alone), the phrases of
// its title and summary that the bigrams cover.
func (ix *Index) textReasons(dm *bsearch.DocumentMatch, text string, own, fb profile, target string) []string {
	title, _ := dm.Fields[fTitle].(string)
	summary, _ := dm.Fields[fSummary].(string)
	found := func(p profile, ownToo bool) []string {
		var out []string
		for _, t := range p.words {
			if !ownToo && own.hasWord(t.term) {
				continue
			}
			if strings.Contains(text, t.term) {
				out = append(out, t.term)
			}
			if len(out) == maxSharedTerms {
				break
			}
		}
		return out
	}
	if shared := found(own, true); len(shared) > 0 {
		return []string{"共同关键词：" + strings.Join(shared, "、")}
	}
	if related := found(fb, false); len(related) > 0 {
		kind := "成果"
		if target == KindNeed {
			kind = "需求"
		}
		return []string{"相关词（取自最相符的" + kind + "）：" + strings.Join(related, "、")}
	}
	terms := queryTerms{bigrams: map[string]bool{}}
	for _, p := range []profile{own, fb} {
		for _, t := range p.bigrams {
			terms.bigrams[t.term] = true
		}
	}
	var phrases []string
	for _, text := range []string{title, summary} {
		for _, s := range ix.matchSpans(text, terms) {
			if ph := Clean(text[s.start:s.end]); !slices.Contains(phrases, ph) {
				phrases = append(phrases, ph)
			}
		}
	}
	if len(phrases) == 0 {
		return []string{"关键词中有相近的字词"}
	}
	slices.SortStableFunc(phrases, func(a, b string) int { return len(b) - len(a) })
	return []string{"相近表述：" + strings.Join(phrases[:min(maxSharedTerms, len(phrases))], "、")}
}

// relatedFieldPairs are fields of industry whose listings often serve each
// other: the materials a manufacturer needs, the energy saving of transport.
var relatedFieldPairs = [][2]string{
	{"电子信息", "先进制造"},
	{"电子信息", "航空航天"},
	{"电子信息", "城市建设与社会发展"},
	{"先进制造", "航空航天"},
	{"先进制造", "现代交通"},
	{"先进制造", "新材料及其应用"},
	{"航空航天", "新材料及其应用"},
	{"现代交通", "新能源与高效节能"},
	{"现代交通", "城市建设与社会发展"},
	{"生物医药和医疗器械", "农业"},
	{"生物医药和医疗器械", "核应用技术"},
	{"新材料及其应用", "新能源与高效节能"},
	{"新材料及其应用", "环境保护与资源综合利用"},
	{"新能源与高效节能", "环境保护与资源综合利用"},
	{"新能源与高效节能", "核应用技术"},
	{"环境保护与资源综合利用", "农业"},
	{"环境保护与资源综合利用", "城市建设与社会发展"},
}

func relatedField(a, b string) bool {
	for _, p := range relatedFieldPairs {
		if (p[0] == a && p[1] == b) || (p[0] == b && p[1] == a) {
			return true
		}
	}
	return false
}

// regionReason compares two six-digit division codes: same county or
// district, same prefecture-level city, same province.
func regionReason(a, b string) (float64, string) {
	if len(a) != 6 || len(b) != 6 {
		return 0, ""
	}
	p := matching
	named := func(code, prefix, unknown string) string {
		if name := models.RegionName(code); name != "" {
			return prefix + name
		}
		return unknown
	}
	switch {
	case a == b && a[4:] != "00":
		return p.district, named(a, "同在", "同一区县（"+a+"）")
	case a[:4] == b[:4] && a[2:4] != "00":
		return p.city, named(a[:4]+"00", "同属", "同一地市（"+a[:4]+"）")
	case a[:2] == b[:2]:
		return p.province, named(a[:2]+"0000", "同属", "同一省份（"+a[:2]+"）")
	}
	return 0, ""
}
