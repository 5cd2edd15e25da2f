package search

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"techmarket/models"
)

// Cross-validation on the CSL dev papers: they are split into two fixed
// halves, parameters are chosen on one half (TestTuneRanking, with
// TM_TUNE=1) and reported on the other (TestHeldOutQuality, run by make
// bench-search), so that the figures the README gives are not those the
// parameters were fitted to.

// paperHalves splits the papers by the parity of their number (csl-dev-0000
// is even): half A the even, half B the odd. Parity cuts through the
// file's order, which groups nothing.
func paperHalves(tb testing.TB, papers []paper) (a, b []paper) {
	for _, p := range papers {
		n, err := strconv.Atoi(p.ID[strings.LastIndexByte(p.ID, '-')+1:])
		if err != nil {
			tb.Fatalf("paper id %q does not end in its number", p.ID)
		}
		if n%2 == 0 {
			a = append(a, p)
		} else {
			b = append(b, p)
		}
	}
	return a, b
}

// halfMinTagged: tag queries on a half are keywords tagging at least two of
// its papers (see tagQueriesMin).
const halfMinTagged = 2

// half holds the indexes of one half of the papers: search as
// TestSearchQuality builds it (achievements without field), matching as
// TestMatchQuality does (achievements with the field of their discipline
// and a need per paper), and the naive baseline over title and abstract.
type half struct {
	name    string
	papers  []paper
	search  *Index
	match   *Index
	needs   []Document
	base    bleve.Index
	closers []func() error
	// baseMatch is the baseline's matching on the half, measured once: the
	// minimum fit's floor is relative to it.
	baseMatch *matchMetrics
}

func buildHalf(tb testing.TB, name string, papers []paper) *half {
	tb.Helper()
	dir := tb.TempDir()
	h := &half{name: name, papers: papers}
	docs := make([]Document, len(papers))
	achievements := make([]Document, len(papers))
	h.needs = make([]Document, len(papers))
	for i, p := range papers {
		docs[i] = paperDoc(i, p)
		achievements[i] = docs[i]
		achievements[i].Field = models.FieldOfDiscipline(p.Discipline)
		h.needs[i] = paperNeed(i, p)
	}
	h.search = buildProject(tb, filepath.Join(dir, "search"), docs)
	h.match = buildProject(tb, filepath.Join(dir, "match"), append(achievements, h.needs...))
	h.base = buildBaseline(tb, filepath.Join(dir, "baseline"), docs)
	h.closers = []func() error{h.search.Close, h.match.Close, h.base.Close}
	return h
}

func (h *half) close() {
	for _, c := range h.closers {
		c()
	}
}

// halfMetrics are what the halves report: tag nDCG@10, in Simplified and
// Traditional, and need-to-achievement matching (discipline-P@10 and
// known-item MRR@10).
type halfMetrics struct {
	search qualityMetrics
	match  matchMetrics
}

// matched are the papers whose needs are matched: all of the half's.
func (h *half) matched() []int {
	ids := make([]int, len(h.papers))
	for i := range ids {
		ids[i] = i
	}
	return ids
}

func (h *half) searchQuality(tb testing.TB) qualityMetrics {
	return measureQualityMin(h.papers, halfMinTagged, projectSearcher(tb, h.search))
}

func (h *half) matchQuality(tb testing.TB) matchMetrics {
	return measureMatches(h.papers, h.matched(), func(i int) []int64 {
		res, err := h.match.Matches(h.needs[i], MatchQuery{Size: 10})
		if err != nil {
			tb.Fatal(err)
		}
		ids := make([]int64, len(res.Items))
		for k, m := range res.Items {
			ids[k] = m.ID
		}
		return ids
	})
}

func (h *half) project(tb testing.TB) halfMetrics {
	return halfMetrics{h.searchQuality(tb), h.matchQuality(tb)}
}

func (h *half) baseline(tb testing.TB) halfMetrics {
	return halfMetrics{measureQualityMin(h.papers, halfMinTagged, baselineSearcher(tb, h.base)), h.baselineMatch(tb)}
}

func (h *half) baselineMatch(tb testing.TB) matchMetrics {
	if h.baseMatch == nil {
		m := measureMatches(h.papers, h.matched(), func(i int) []int64 { return baselineMatches(tb, h.base, h.needs[i]) })
		h.baseMatch = &m
	}
	return *h.baseMatch
}

// knob is one tunable parameter: its name as the report shows it, the
// values the grid tries, and how to read and set it. Adding a parameter to
// the grid is adding a knob to tuningGroups.
type knob struct {
	name   string
	values []float64
	get    func() float64
	set    func(float64)
}

func floatKnob(name string, p *float64, values ...float64) knob {
	return knob{name, values, func() float64 { return *p }, func(v float64) { *p = v }}
}

func intKnob(name string, p *int, values ...float64) knob {
	return knob{name, values, func() float64 { return float64(*p) }, func(v float64) { *p = int(v) }}
}

// tuningGroup is a grid: every combination of its knobs' values is scored
// on the training half, the best is kept. Groups are tuned in order, each
// with the choices of those before in force.
type tuningGroup struct {
	name   string
	metric string // what score measures, for the report
	knobs  []knob
	// score measures the current parameters on a half; ok is false when a
	// combination breaks a floor and may not be chosen.
	score func(tb testing.TB, h *half) (score float64, ok bool)
}

// matchKnownFloor: a matching combination that finds a need's own paper
// less often than this (known-item MRR@10) is not chosen, whatever its
// precision (the goal for unseen papers).
const matchKnownFloor = 0.95

var tuningGroups = []tuningGroup{
	{
		name: "search ranking", metric: "tag nDCG@10",
		knobs: []knob{
			floatKnob("ranking.title", &ranking.title, 1, 1.5, 2),
			floatKnob("ranking.bigram", &ranking.bigram, 0.25, 0.5, 1),
		},
		score: func(tb testing.TB, h *half) (float64, bool) { return h.searchQuality(tb).tagNDCG, true },
	},
	{
		// Query-time weights of short queries: words inside compounds,
		// characters, synonyms.
		name: "short queries", metric: "tag nDCG@10",
		knobs: []knob{
			floatKnob("ranking.part", &ranking.part, 0.15, 0.3, 0.6),
			floatKnob("ranking.subword", &ranking.subword, 0.1, 0.2, 0.4),
			floatKnob("ranking.synonym", &ranking.synonym, 0.6, 0.8, 1),
		},
		score: func(tb testing.TB, h *half) (float64, bool) { return h.searchQuality(tb).tagNDCG, true },
	},
	{
		name: "matching", metric: "discipline-P@10",
		knobs: []knob{
			floatKnob("matching.sameField", &matching.sameField, 0.3, 0.5, 0.8, 1.2),
			floatKnob("matching.feedback", &matching.feedback, 0.5, 1, 2),
			intKnob("matching.feedbackDocs", &matching.feedbackDocs, 1, 3, 5, 8),
		},
		score: matchScore,
	},
	{
		// The predicted 门类: the bonus of a candidate of the source's, the
		// malus of one confidently of another.
		name: "matching by 门类", metric: "discipline-P@10",
		knobs: []knob{
			floatKnob("matching.sameCategory", &matching.sameCategory, 0.15, 0.3, 0.6),
			floatKnob("matching.otherCategory", &matching.otherCategory, 0.3, 0.5, 0.8),
		},
		score: matchScore,
	},
	{
		// The minimum fit: how little of a need's own text a candidate
		// may hold and still be shown, by how their 门类 compare. It trades
		// filled lists for lists a reader can trust, so it is chosen on
		// the share of shown matches of the need's discipline, as high as
		// the goal allows: discipline-P@10, counting a slot left empty as
		// a miss, must stay at matchDisciplineGoal × the baseline's on the
		// training half.
		name: "minimum fit", metric: "shown of the discipline",
		knobs: []knob{
			floatKnob("fitParams.minimum[same]", &fitParams.minimum[categorySame], 0, 0.05),
			floatKnob("fitParams.trusted", &fitParams.trusted, 0.45, 0.6),
			floatKnob("fitParams.single", &fitParams.single, 0.1, 0.15, 0.25),
		},
		score: func(tb testing.TB, h *half) (float64, bool) {
			m, base := h.matchQuality(tb), h.baselineMatch(tb)
			return m.shownPrecision, m.knownMRR >= matchKnownFloor && m.disciplineP10 >= matchDisciplineGoal*base.disciplineP10
		},
	},
}

func matchScore(tb testing.TB, h *half) (float64, bool) {
	m := h.matchQuality(tb)
	return m.disciplineP10, m.knownMRR >= matchKnownFloor
}

// tunedGroups are the groups TestTuneRanking tunes: all, or those named
// in TM_TUNE_GROUPS (comma-separated), the others keeping the values in
// force.
func tunedGroups() []tuningGroup {
	names := os.Getenv("TM_TUNE_GROUPS")
	if names == "" {
		return tuningGroups
	}
	var gs []tuningGroup
	for _, g := range tuningGroups {
		if slices.Contains(strings.Split(names, ","), g.name) {
			gs = append(gs, g)
		}
	}
	return gs
}

// paramsInForce names the current value of every knob of the grid.
func paramsInForce() string {
	var parts []string
	for _, g := range tuningGroups {
		for _, k := range g.knobs {
			parts = append(parts, fmt.Sprintf("%s=%g", k.name, k.get()))
		}
	}
	return strings.Join(parts, " ")
}

// TestHeldOutQuality reports tag nDCG@10, its Traditional twin and
// matching's discipline-P@10 and known-item MRR@10 on each half beside the
// naive baseline, with the parameters in force. Half B is the held-out
// half: parameters are chosen on half A (TestTuneRanking); half A's figures
// are the training figures, printed for comparison. Missed goals on the
// held-out half are WARNING lines.
func TestHeldOutQuality(t *testing.T) {
	if raceEnabled {
		// It reports and asserts nothing, and its paths are those of
		// TestSearchQuality and TestMatchQuality, which run under -race;
		// under it this took three minutes of make test.
		t.Skip("a report: run by make bench-search, without the race detector")
	}
	papers := loadPapers(t)
	a, b := paperHalves(t, papers)
	halves := []*half{buildHalf(t, "A", a), buildHalf(t, "B", b)}
	var project, baseline [2]halfMetrics
	for i, h := range halves {
		defer h.close()
		project[i], baseline[i] = h.project(t), h.baseline(t)
	}

	t.Logf("parameters in force: %s", paramsInForce())
	t.Logf("halves of %d and %d papers (by id parity); tag queries are keywords tagging at least %d papers of the half",
		len(a), len(b), halfMinTagged)
	t.Logf("%-30s | %-26s | %-26s", "", "half A (tuned on)", "half B (held out)")
	t.Logf("%-30s | %8s %9s %7s | %8s %9s %7s", "metric", "project", "baseline", "ratio", "project", "baseline", "ratio")
	row := func(name string, get func(halfMetrics) float64) {
		t.Logf("%-30s | %8.4f %9.4f %7.3f | %8.4f %9.4f %7.3f", name,
			get(project[0]), get(baseline[0]), get(project[0])/get(baseline[0]),
			get(project[1]), get(baseline[1]), get(project[1])/get(baseline[1]))
	}
	row("tag nDCG@10", func(m halfMetrics) float64 { return m.search.tagNDCG })
	row("tag nDCG@10, Traditional", func(m halfMetrics) float64 { return m.search.tagNDCGTrad })
	row("known-item MRR@10", func(m halfMetrics) float64 { return m.search.knownMRR })
	row("match discipline-P@10", func(m halfMetrics) float64 { return m.match.disciplineP10 })
	row("match known-item MRR@10", func(m halfMetrics) float64 { return m.match.knownMRR })
	row("matches shown a need", func(m halfMetrics) float64 { return m.match.shown })
	row("  of them of its discipline", func(m halfMetrics) float64 { return m.match.shownPrecision })

	// Reported, not asserted: on 500 papers a query or two moves a figure
	// by more than the project's margin over the baseline in tag nDCG, and
	// the whole-set tests assert the floors.
	p, bl := project[1], baseline[1]
	if p.search.tagNDCG < bl.search.tagNDCG {
		t.Logf("WARNING: held out: tag nDCG@10 %.4f is below the baseline's %.4f", p.search.tagNDCG, bl.search.tagNDCG)
	}
	if p.search.tagNDCGTrad < 0.98*p.search.tagNDCG {
		t.Logf("WARNING: held out: Traditional tag nDCG@10 %.4f is more than 2%% below %.4f", p.search.tagNDCGTrad, p.search.tagNDCG)
	}
	if p.match.disciplineP10 < matchDisciplineGoal*bl.match.disciplineP10 {
		t.Logf("WARNING: held out: discipline-P@10 %.4f is below the goal of %.1f × the baseline (%.4f)",
			p.match.disciplineP10, matchDisciplineGoal, matchDisciplineGoal*bl.match.disciplineP10)
	}
	if p.match.knownMRR < matchKnownGoal {
		t.Logf("WARNING: held out: known-item MRR@10 %.4f is below the goal of %.2f", p.match.knownMRR, matchKnownGoal)
	}
}

// TestTuneRanking is the tuning harness, run only with TM_TUNE=1 (make
// tune-search): 2-fold cross-validation over tuningGroups. For each fold it
// scores every combination of each group on the training half, keeps the
// best (a tie keeps the values in force), and reports the held-out half with
// the chosen values beside the values in force. It changes no parameter for
// good: the choice is the reader's, in query.go and match.go.
func TestTuneRanking(t *testing.T) {
	if os.Getenv("TM_TUNE") == "" {
		t.Skip("set TM_TUNE=1 to tune the ranking parameters by cross-validation")
	}
	papers := loadPapers(t)
	a, b := paperHalves(t, papers)
	halves := []*half{buildHalf(t, "A", a), buildHalf(t, "B", b)}
	for _, h := range halves {
		defer h.close()
	}
	inForce := saveKnobs()
	defer inForce.restore()
	t.Logf("parameters in force: %s", paramsInForce())

	for _, fold := range [][2]*half{{halves[0], halves[1]}, {halves[1], halves[0]}} {
		train, test := fold[0], fold[1]
		inForce.restore()
		t.Logf("=== fold: tune on half %s, report half %s", train.name, test.name)
		for _, g := range tunedGroups() {
			tuneGroup(t, g, train)
		}
		chosen := saveKnobs()
		t.Logf("chosen on half %s: %s", train.name, paramsInForce())

		tuned := test.project(t)
		inForce.restore()
		before := test.project(t)
		chosen.restore()
		base := test.baseline(t)
		t.Logf("half %s (held out)            %9s %9s %9s", test.name, "chosen", "in force", "baseline")
		row := func(name string, get func(halfMetrics) float64) {
			t.Logf("  %-28s %9.4f %9.4f %9.4f", name, get(tuned), get(before), get(base))
		}
		row("tag nDCG@10", func(m halfMetrics) float64 { return m.search.tagNDCG })
		row("tag nDCG@10, Traditional", func(m halfMetrics) float64 { return m.search.tagNDCGTrad })
		row("match discipline-P@10", func(m halfMetrics) float64 { return m.match.disciplineP10 })
		row("match known-item MRR@10", func(m halfMetrics) float64 { return m.match.knownMRR })
		row("matches shown a need", func(m halfMetrics) float64 { return m.match.shown })
		row("  of them of its discipline", func(m halfMetrics) float64 { return m.match.shownPrecision })
	}
}

// tuneGroup scores every combination of g's knobs on h and leaves the best
// set.
func tuneGroup(t *testing.T, g tuningGroup, h *half) {
	current := make([]float64, len(g.knobs))
	for i, k := range g.knobs {
		current[i] = k.get()
	}
	best, bestScore, found := current, 0.0, false
	if s, ok := g.score(t, h); ok {
		bestScore, found = s, true
		t.Logf("  %s in force: %s %.4f", g.name, g.metric, s)
	}
	combo := make([]float64, len(g.knobs))
	var try func(i int)
	try = func(i int) {
		if i == len(g.knobs) {
			for j, k := range g.knobs {
				k.set(combo[j])
			}
			s, ok := g.score(t, h)
			var desc []string
			for j, k := range g.knobs {
				desc = append(desc, fmt.Sprintf("%s=%g", k.name, combo[j]))
			}
			mark := ""
			if !ok {
				mark = " (breaks a floor)"
			}
			t.Logf("  %s %-70s %s %.4f%s", g.name, strings.Join(desc, " "), g.metric, s, mark)
			if ok && (!found || s > bestScore) {
				best, bestScore, found = append([]float64(nil), combo...), s, true
			}
			return
		}
		for _, v := range g.knobs[i].values {
			combo[i] = v
			try(i + 1)
		}
	}
	try(0)
	for i, k := range g.knobs {
		k.set(best[i])
	}
	t.Logf("  %s: best on half %s: %s %.4f", g.name, h.name, g.metric, bestScore)
}

// knobValues is a saved value of every knob of the grid.
type knobValues []float64

func saveKnobs() knobValues {
	var v knobValues
	for _, g := range tuningGroups {
		for _, k := range g.knobs {
			v = append(v, k.get())
		}
	}
	return v
}

func (v knobValues) restore() {
	i := 0
	for _, g := range tuningGroups {
		for _, k := range g.knobs {
			k.set(v[i])
			i++
		}
	}
}
