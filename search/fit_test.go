package search

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"techmarket/models"
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
		e    fitEvidence
		want Fit
	}{
		{fitEvidence{coverage: 0.9, category: categorySame}, FitHigh},
		{fitEvidence{coverage: 0.4, category: categorySame}, FitMedium},
		{fitEvidence{coverage: 0.2, category: categorySame, trust: 0.8}, FitLow},
		{fitEvidence{coverage: 0.7, category: categoryUnknown}, FitHigh},
		{fitEvidence{coverage: 0.4, category: categoryUnknown}, FitMedium},
		{fitEvidence{coverage: 0.2, category: categoryUnknown, trust: 0.8}, FitLow},
		// Where the market lacks the subject, 低 needs a fair share of the
		// source or two words of its title and keywords.
		{fitEvidence{coverage: 0.2, category: categorySame, trust: 0.2}, ""},
		{fitEvidence{coverage: 0.3, category: categorySame, trust: 0.2}, FitMedium},
		{fitEvidence{coverage: 0.25, category: categorySame, trust: 0.2}, FitLow},
		{fitEvidence{coverage: 0.15, category: categorySame, trust: 0.2, named: 2}, FitLow},
		{fitEvidence{coverage: 0.15, category: categorySame, trust: 0.2, named: 1}, ""},
		{fitEvidence{coverage: 0.05, category: categoryUnknown}, ""},
		{fitEvidence{coverage: 0.9, category: categoryConflict}, FitHigh},
		{fitEvidence{coverage: 0.65, category: categoryConflict}, FitMedium},
		{fitEvidence{coverage: 0.5, category: categoryConflict}, FitLow},
		{fitEvidence{coverage: 0.3, category: categoryConflict}, ""},
		// A little of the source's text is enough where its best match
		// holds most of it (the neighbourhood is the subject's) ...
		{fitEvidence{coverage: 0.05, category: categorySame, trust: 0.8}, FitLow},
		// ... and not where the market has nothing close: 汽车 of a need
		// on Low-E glass.
		{fitEvidence{coverage: 0.07, category: categorySame, trust: 0.07}, ""},
		// Nothing of the source's own text: only by trusted feedback terms.
		{fitEvidence{category: categorySame}, ""},
		{fitEvidence{category: categorySame, feedbackCoverage: 0.3, trust: 0.1}, ""},
		{fitEvidence{category: categorySame, feedbackCoverage: 0.3, trust: 0.8}, FitLow},
		{fitEvidence{category: categoryUnknown, feedbackCoverage: 0.3, trust: 0.8}, FitLow},
		{fitEvidence{category: categoryConflict, feedbackCoverage: 0.9, trust: 0.9}, ""},
	} {
		if got := c.e.fit(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.e, got, c.want)
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

// lowENeed is a need of 福耀 on Low-E glass, on which the CSL papers have
// nothing: the demo offered it, as 低, papers sharing 汽车 (a suspension),
// 玻璃 (a glass furnace, a geological 假玄武玻璃) or an abstract's 高于.
var lowENeed = Document{Kind: KindNeed, ID: 1, ExternalID: "N-lowe", Title: "汽车前挡玻璃银基 Low-E 隔热膜层耐候性提升技术",
	Summary: "前挡玻璃银基 Low-E 膜层在湿热和盐雾环境中易氧化发雾，可见光透过率下降。寻求磁控溅射膜系设计与保护层工艺，" +
		"使膜层耐候性高于现有产品，隔热性能稳定。",
	Keywords: []string{"Low-E", "磁控溅射", "汽车玻璃", "隔热膜"}, Org: "福耀玻璃工业集团股份有限公司", PublishedAt: day}

// Better no match than a wrong one: where nothing in the market is close
// to a need, its list holds no paper that merely shares a word with it;
// once a fitting achievement is published, it comes first.
func TestMatchesWhenNothingIsClose(t *testing.T) {
	papers := loadPapers(t)
	docs := []Document{lowENeed}
	for i, p := range papers {
		d := paperDoc(i, p)
		d.Field = models.FieldOfDiscipline(p.Discipline)
		docs = append(docs, d)
	}
	ix := buildProject(t, filepath.Join(t.TempDir(), "market"), docs)
	defer ix.Close()

	// The papers that share a word are within the text search's reach:
	// the test would show nothing otherwise.
	junk := []string{"非线性汽车悬架", "玻璃熔窑", "假玄武玻璃", "热电偶测温"}
	saved := fitParams
	fitParams.minimum, fitParams.single, fitParams.trusted = [3]float64{}, 0, 0
	unfiltered := mustMatch(t, ix, lowENeed, MatchQuery{})
	fitParams = saved
	if n := countTitled(unfiltered, junk); n < 3 {
		t.Fatalf("without a minimum fit only %d of %q are offered: the test shows nothing", n, junk)
	}
	for _, m := range mustMatch(t, ix, lowENeed, MatchQuery{}) {
		if countTitled([]Match{m}, junk) > 0 || m.Fit != FitLow {
			t.Errorf("offered %q (%s, %+v) %q", m.Title, m.Fit, m.evidence, m.Reasons)
		}
	}

	coating := Document{Kind: KindAchievement, ID: int64(len(papers) + 1), ExternalID: "A-coating",
		Title: "银基低辐射（Low-E）镀膜玻璃膜系设计与耐候保护层",
		Summary: "采用磁控溅射制备双银 Low-E 膜系，以氮化硅保护层抑制银层氧化，湿热与盐雾试验后可见光透过率与隔热性能保持稳定，" +
			"适用于汽车前挡与建筑节能玻璃。",
		Keywords: []string{"Low-E", "磁控溅射", "镀膜玻璃"}, Field: "新材料及其应用", Org: "福建物质结构研究所", PublishedAt: day}
	if err := ix.Apply(1e6, []Document{coating}, nil); err != nil {
		t.Fatal(err)
	}
	ms := mustMatch(t, ix, lowENeed, MatchQuery{})
	if got := matchIDs(ms); len(got) == 0 || got[0] != "A-coating" || ms[0].Fit == FitLow {
		t.Errorf("matches %v, want the Low-E coating first, above 低", got)
	}
}

// countTitled is how many of ms have a title containing one of parts.
func countTitled(ms []Match, parts []string) int {
	n := 0
	for _, m := range ms {
		if slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(m.Title, p) }) {
			n++
		}
	}
	return n
}
