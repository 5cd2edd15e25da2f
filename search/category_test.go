package search

import (
	"reflect"
	"testing"
	"time"
)

// qubaoAbstract is the abstract of CSL dev paper 0693 (Apache-2.0), the law
// paper a glass maker's need was offered.
const qubaoAbstract = "在司法实践中,存在着对犯罪嫌疑人取保候审超期办案的现象.它侵犯了被取保人的合法权利,影响了诉讼效率,违反了立法精神,妨害了司法公正.取保案件\"超期\"的原因是多方面的,解决取保案件\"超期\"问题是法律监督的重要职责."

// The classifier is trained once, on the embedded titles, and says what an
// engineer, a lawyer, a farmer and a doctor would.
func TestCategoryClassifier(t *testing.T) {
	start := time.Now()
	categoryTerms("焊接") // loads the segmenter's dictionary, which the index needs anyway
	loaded := time.Since(start)
	start = time.Now()
	m := categories()
	t.Logf("dictionary loaded in %v, classifier trained in %v (unless an earlier test trained it)",
		loaded.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	if len(m.classes) != 13 {
		t.Fatalf("%d categories: %v", len(m.classes), m.classes)
	}
	for _, c := range []struct{ title, summary, want string }{
		{"薄板激光焊接变形控制方法", "针对不锈钢薄板焊接变形大的问题，提出了一种焊接工艺参数优化方法。", "工学"},
		// The CSL paper of the issue, title and abstract. Its title alone
		// goes to 管理学: 办案 is in one management title and no law one.
		{"取保候审案件\"超期\"办案分析", qubaoAbstract, "法学"},
		{"水稻高产栽培技术与病虫害防治", "", "农学"},
		{"冠心病患者经皮冠状动脉介入治疗后的临床护理", "", "医学"},
		{"汽车玻璃化学强化工艺", "需将侧窗玻璃减薄至2.1 mm以下并保持抗冲击性能。寻求铝硅酸盐薄玻璃离子交换化学强化工艺及应力检测方法。", "工学"},
	} {
		g := PredictCategory(c.title, c.summary, nil)
		if g.Category != c.want || g.Confidence <= 0 || g.Confidence > 1 {
			t.Errorf("%s: %+v, want %s", c.title, g, c.want)
		}
	}
	// Traditional characters are normalised like everywhere else.
	if g := PredictCategory("取保候審案件超期辦案分析", "在司法實踐中,存在著對犯罪嫌疑人取保候審超期辦案的現象.它侵犯了被取保人的合法權利,影響了訴訟效率,違反了立法精神,妨害了司法公正.", nil); g.Category != "法学" {
		t.Errorf("Traditional title: %+v", g)
	}
	if g := PredictCategory(" ", "", nil); g != (CategoryGuess{}) {
		t.Errorf("empty text: %+v", g)
	}

	// Deterministic: a second training gives the same model, hence the
	// same predictions, whatever the order maps were walked in.
	again := trainCategories(categoryTitles(), categoryParams.alpha)
	if !reflect.DeepEqual(m, again) {
		t.Error("two trainings differ")
	}
}

// TestCategoryAccuracy measures the classifier by 5-fold cross-validation
// on the training titles and on the CSL dev papers (title and abstract),
// which it never saw; the README reports both.
func TestCategoryAccuracy(t *testing.T) {
	titles := categoryTitles()
	const folds = 5
	right := 0
	for fold := range folds {
		var train []labelledText
		for i, lt := range titles {
			if i%folds != fold {
				train = append(train, lt)
			}
		}
		m := trainCategories(train, categoryParams.alpha)
		for i := fold; i < len(titles); i += folds {
			if m.predict(titles[i].terms, categoryParams.evidence).Category == titles[i].category {
				right++
			}
		}
	}
	cv := float64(right) / float64(len(titles))
	t.Logf("%d-fold cross-validation on %d titles: accuracy %.3f", folds, len(titles), cv)
	if cv < 0.7 {
		t.Errorf("cross-validated accuracy %.3f, below 0.7", cv)
	}

	papers := loadPapers(t)
	var n, confident, confidentRight float64
	right = 0
	for _, p := range papers {
		g := PredictCategory(p.Title, p.Abstract, nil)
		if g.Category == p.Category {
			right++
		}
		if g.Confidence >= 0.8 {
			confident++
			if g.Category == p.Category {
				confidentRight++
			}
		}
		n++
	}
	dev := float64(right) / n
	t.Logf("dev papers (title and abstract, never trained on): accuracy %.3f; %.0f%% predicted with confidence ≥ 0.8, right %.3f of them",
		dev, 100*confident/n, confidentRight/confident)
	if dev < 0.7 {
		t.Errorf("accuracy on the dev papers %.3f, below 0.7", dev)
	}
}
