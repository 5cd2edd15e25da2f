package search

import (
	"slices"
	"testing"
)

// glassMarket is a glass maker's need with engineering achievements that
// fit it and a law paper that shares only 原因, 效率 and 分析 with it: the
// kind of match the issue saw a need of 福耀 offered.
func glassMarket() (need Document, docs []Document) {
	need = Document{Kind: KindNeed, ID: 1, ExternalID: "N-glass", Title: "汽车夹层玻璃合片气泡缺陷原因分析与生产效率提升",
		Summary:  "夹层玻璃合片后出现气泡，影响良率和生产效率。寻求分析气泡产生的原因并提出PVB合片与高压釜工艺改进方案。",
		Keywords: []string{"夹层玻璃", "气泡", "PVB"}, Org: "福耀玻璃工业集团股份有限公司", PublishedAt: day}
	docs = []Document{need,
		{Kind: KindAchievement, ID: 1, ExternalID: "A-pvb", Title: "汽车夹层玻璃PVB合片除气工艺",
			Summary: "通过预压辊压与抽真空除气结合，消除夹层玻璃合片气泡，提高高压釜成品率。", Org: "福州大学", PublishedAt: day},
		{Kind: KindAchievement, ID: 2, ExternalID: "A-autoclave", Title: "夹层玻璃高压釜温度压力曲线优化",
			Summary: "建立高压釜内夹层玻璃温度场模型，优化升温升压曲线，减少气泡与脱胶缺陷，缩短生产周期。", Org: "华侨大学", PublishedAt: day},
		{Kind: KindAchievement, ID: 3, ExternalID: "A-vision", Title: "玻璃缺陷机器视觉检测系统",
			Summary: "基于线阵相机的玻璃气泡、结石与划伤在线检测，提高检测效率。", Org: "福建工程学院", PublishedAt: day},
		{Kind: KindAchievement, ID: 4, ExternalID: "A-law", Title: "取保候审案件\"超期\"办案分析", Summary: qubaoAbstract,
			Org: "某政法学院", PublishedAt: day},
	}
	return need, docs
}

// A need is offered what fits it, each with a fit level, and never a law
// paper that the text search alone would have put on its list.
func TestMatchesDropOffTopic(t *testing.T) {
	ix, _ := openTemp(t)
	need, docs := glassMarket()
	if err := ix.Apply(1, docs, nil); err != nil {
		t.Fatal(err)
	}
	if g := PredictCategory(docs[4].Title, docs[4].Summary, nil); g.Category != "法学" {
		t.Fatalf("the law paper is predicted %+v", g)
	}

	// Without a minimum fit the law paper is on the list: the test would
	// show nothing otherwise.
	saved := fitParams
	fitParams.minimum = [3]float64{-1, -1, -1}
	unfiltered := matchIDs(mustMatch(t, ix, need, MatchQuery{}))
	fitParams = saved
	if !slices.Contains(unfiltered, "A-law") {
		t.Fatalf("the text search no longer finds the law paper (%v): make it share more words", unfiltered)
	}

	ms := mustMatch(t, ix, need, MatchQuery{})
	for _, m := range ms {
		t.Logf("%s: %s (coverage %.2f, 门类 relation %d) %q", m.ExternalID, m.Fit, m.evidence.coverage, m.evidence.category, m.Reasons)
	}
	if got := matchIDs(ms); slices.Contains(got, "A-law") {
		t.Errorf("the law paper is offered to a glass maker: %v", got)
	}
	for _, want := range []string{"A-pvb", "A-autoclave", "A-vision"} {
		m := find(ms, want)
		switch {
		case m == nil:
			t.Errorf("%s missing from %v", want, matchIDs(ms))
		case !slices.Contains([]Fit{FitHigh, FitMedium, FitLow}, m.Fit):
			t.Errorf("%s has fit %q", want, m.Fit)
		}
	}
	if m := find(ms, "A-pvb"); m != nil && m.Fit == FitLow {
		t.Errorf("the PVB de-airing process fits the need only %s (%+v)", m.Fit, m.evidence)
	}
	if m := find(ms, "A-pvb"); m != nil && !slices.Contains(m.Reasons, "同属工学门类（按内容推断）") {
		t.Errorf("PVB reasons %q lack the shared 门类", m.Reasons)
	}
}

// The fit levels, for each relation of the 门类, on the thresholds of
// fitParams.
func TestFitLevels(t *testing.T) {
	for _, c := range []struct {
		coverage float64
		category categoryRelation
		want     Fit
	}{
		{0.9, categorySame, FitHigh},
		{0.4, categorySame, FitMedium},
		{0.05, categorySame, FitLow},
		{0.7, categoryUnknown, FitHigh},
		{0.4, categoryUnknown, FitMedium},
		{0.2, categoryUnknown, FitLow},
		{0.05, categoryUnknown, ""},
		{0.9, categoryConflict, FitHigh},
		{0.65, categoryConflict, FitMedium},
		{0.5, categoryConflict, FitLow},
		{0.3, categoryConflict, ""},
	} {
		if got := (fitEvidence{c.coverage, c.category}).fit(); got != c.want {
			t.Errorf("coverage %.2f, relation %d: %q, want %q", c.coverage, c.category, got, c.want)
		}
	}

	same, other := matchSide{category: "工学", categoryConfidence: 0.9}, matchSide{category: "法学", categoryConfidence: 0.9}
	unsure := matchSide{category: "法学", categoryConfidence: 0.4}
	for _, c := range []struct {
		a, b matchSide
		want categoryRelation
	}{
		{same, same, categorySame},
		{same, other, categoryConflict},
		{same, unsure, categoryUnknown},
		{same, matchSide{}, categoryUnknown},
	} {
		if got := categoryAgreement(c.a, c.b); got != c.want {
			t.Errorf("%+v against %+v: %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
