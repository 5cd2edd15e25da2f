package search

import "strings"

// Fit is how well a match fits, as the pages show it (匹配度 高/中/低):
// people cannot read a raw score, and a list filled with whatever scored
// something offered a glass maker a paper on 取保候审.
type Fit string

const (
	FitHigh   Fit = "high"
	FitMedium Fit = "medium"
	FitLow    Fit = "low"
)

// categoryRelation is how a candidate's predicted 门类 compares with the
// source's.
type categoryRelation int

const (
	categoryUnknown  categoryRelation = iota // either has none, or the two differ with little confidence
	categorySame                             // the same 门类
	categoryConflict                         // different, and both predictions confident
)

// fitEvidence is what a match's fit is judged from: the text (how much of
// the source's profile the candidate has) and the topic (whether their
// predicted 门类 agree).
type fitEvidence struct {
	coverage float64 // share of the source profile's weight found in the candidate's text, 0–1
	category categoryRelation
}

// fitParams are the thresholds of the fit levels, on coverage, by how the
// 门类 compare. A candidate of the same 门类 needs less text in common than
// one whose 门类 is unknown; one of a confidently different 门类 needs much
// more, and below its minimum it is dropped rather than shown as 低.
//
// Read off the ten best matches of the even CSL needs, without a minimum
// (TestMatchQuality's setting; the share of them whose paper has the
// need's discipline, against the baseline's 0.23):
//   - coverage ≥ 0.6 is the paper the need was written from in nine cases
//     of ten whatever the 门类, and has its discipline 80–100 %: 高.
//   - 0.3–0.6: 33–61 % of the same discipline: 中.
//   - of a different 门类, both predictions confident, below 0.45: 18 %,
//     and 1,058 of the 5,000 matches: dropped. Never the paper itself.
//   - of an unknown 门类 below 0.1: 12 %: dropped.
//   - of the same 门类 below 0.1 still 25 %: kept, as 低. A floor of 0.03
//     there took discipline-P@10 from 1.42 to 1.30 × the baseline, 0.1 to
//     1.07 ×: the matches it drops are no worse than the baseline's.
var fitParams = struct {
	// conflict: the product of both confidences above which differing
	// 门类 count as a conflict (both ≥ 0.8 give 0.64; the classifier is
	// right 84 % of the time at ≥ 0.8).
	conflict float64
	// high, medium and minimum coverage, by categoryRelation.
	high, medium, minimum [3]float64
}{
	conflict: 0.5,
	//        unknown same conflict
	high:    [3]float64{0.6, 0.6, 0.8},
	medium:  [3]float64{0.35, 0.3, 0.6},
	minimum: [3]float64{0.1, 0, 0.45},
}

// fit is the level of the evidence, "" below the minimum.
func (e fitEvidence) fit() Fit {
	p, c := fitParams, e.category
	switch {
	case e.coverage >= p.high[c]:
		return FitHigh
	case e.coverage >= p.medium[c]:
		return FitMedium
	case e.coverage >= p.minimum[c]:
		return FitLow
	}
	return ""
}

// categoryAgreement compares the predicted 门类 of the source and a
// candidate.
func categoryAgreement(src, c matchSide) categoryRelation {
	switch {
	case src.category == "" || c.category == "":
		return categoryUnknown
	case src.category == c.category:
		return categorySame
	case src.categoryConfidence*c.categoryConfidence >= fitParams.conflict:
		return categoryConflict
	}
	return categoryUnknown
}

// coverage is the share of the profile's weight, words and bigrams alike,
// whose terms text (normalised, see candidateText) contains.
func (p profile) coverage(text string) float64 {
	var found, total float64
	for _, terms := range [][]weightedTerm{p.words, p.bigrams} {
		for _, t := range terms {
			total += t.weight
			if strings.Contains(text, t.term) {
				found += t.weight
			}
		}
	}
	if total == 0 {
		return 0
	}
	return found / total
}
