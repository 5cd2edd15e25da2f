package search

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// market is a small market around one need for graphene heat-spreading film.
func market() (need Document, docs []Document) {
	need = Document{Kind: KindNeed, ID: 1, ExternalID: "N-1", Title: "寻求石墨烯导热膜相关技术",
		Summary:  "企业需要石墨烯导热膜的规模化制备技术，用于手机散热。",
		Keywords: []string{"石墨烯", "导热膜"}, Field: "新材料及其应用", Region: "350102",
		PriceFen: 1_000_000_00, CoopModes: []string{"转让", "许可"}, Org: "福州某电子公司", PublishedAt: day}
	docs = []Document{
		need,
		{Kind: KindAchievement, ID: 1, ExternalID: "A-1", Title: "石墨烯导热膜规模化制备技术", Summary: "石墨烯薄膜用于电子器件散热，导热系数高。",
			Keywords: []string{"石墨烯", "导热膜"}, Field: "新材料及其应用", Region: "350102", Maturity: 7,
			PriceFen: 500_000_00, CoopModes: []string{"许可", "转让"}, Org: "福州大学", PublishedAt: day},
		{Kind: KindAchievement, ID: 2, ExternalID: "A-2", Title: "石墨烯散热涂层喷涂装备", Summary: "用于电子产品散热的石墨烯涂层自动喷涂设备。",
			Keywords: []string{"石墨烯", "喷涂"}, Field: "先进制造", Region: "350104", Maturity: 3,
			PriceFen: 2_000_000_00, CoopModes: []string{"合作开发"}, Org: "福建师范大学", PublishedAt: day},
		{Kind: KindAchievement, ID: 3, ExternalID: "A-3", Title: "高导热石墨烯复合材料", Summary: "石墨烯填充的高分子导热复合材料。",
			Field: "新材料及其应用", Region: "350503", Org: "华侨大学", PublishedAt: day},
		{Kind: KindAchievement, ID: 4, ExternalID: "A-4", Title: "石墨烯导热膜的低成本制备", Summary: "氧化石墨烯还原制备导热膜。",
			Field: "新材料及其应用", Region: "330304", PriceFen: 80_000_00, Org: "温州大学", PublishedAt: day},
		// The needer's own organisation and the caller's never match.
		{Kind: KindAchievement, ID: 5, ExternalID: "A-5", Title: "石墨烯导热膜", Summary: "石墨烯导热膜。",
			Field: "新材料及其应用", Org: "福州某电子公司", PublishedAt: day},
		{Kind: KindAchievement, ID: 6, ExternalID: "A-6", Title: "石墨烯导热膜卷对卷工艺", Summary: "石墨烯导热膜连续生产。",
			Field: "新材料及其应用", Org: "中介看到的机构", PublishedAt: day},
		// Unrelated.
		{Kind: KindAchievement, ID: 7, ExternalID: "A-7", Title: "茶树病害识别系统", Summary: "卷积神经网络识别茶叶病害。",
			Field: "农业", Region: "350102", Org: "福建农林大学", PublishedAt: day},
		// Another need, which a need never matches.
		{Kind: KindNeed, ID: 2, ExternalID: "N-2", Title: "石墨烯导热膜供应", Summary: "采购石墨烯导热膜。",
			Field: "新材料及其应用", Region: "350102", Org: "另一家公司", PublishedAt: day},
	}
	return need, docs
}

func openMarket(t *testing.T) (*Index, Document) {
	t.Helper()
	ix, _ := openTemp(t)
	need, docs := market()
	if err := ix.Apply(1, docs, nil); err != nil {
		t.Fatal(err)
	}
	return ix, need
}

func mustMatch(t *testing.T, ix *Index, src Document, q MatchQuery) []Match {
	t.Helper()
	res, err := ix.Matches(src, q)
	if err != nil {
		t.Fatalf("Matches(%s %d): %v", src.Kind, src.ID, err)
	}
	for _, m := range res.Items {
		if len(m.Reasons) == 0 {
			t.Errorf("%s %d has no reason", m.Kind, m.ID)
		}
	}
	return res.Items
}

func matchIDs(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ExternalID
	}
	return out
}

func find(ms []Match, externalID string) *Match {
	for i := range ms {
		if ms[i].ExternalID == externalID {
			return &ms[i]
		}
	}
	return nil
}

func TestMatchesNeedToAchievements(t *testing.T) {
	ix, need := openMarket(t)
	ms := mustMatch(t, ix, need, MatchQuery{Size: 10, ExcludeOrg: "中介看到的机构"})
	got := matchIDs(ms)
	for _, m := range ms {
		if m.Kind != KindAchievement {
			t.Errorf("a need matched %s %d", m.Kind, m.ID)
		}
	}
	for _, never := range []string{"A-5", "A-6", "A-7", "N-1", "N-2"} {
		if slices.Contains(got, never) {
			t.Errorf("%s matched: %v", never, got)
		}
	}
	if len(got) == 0 || got[0] != "A-1" {
		t.Fatalf("matches %v; want A-1 first", got)
	}
	for _, want := range []string{"A-2", "A-3", "A-4"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s missing from %v", want, got)
		}
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].Score > ms[i-1].Score {
			t.Errorf("not best first: %v", ms)
		}
	}

	// Without the exclusion the caller's organisation's listing comes back.
	if got := matchIDs(mustMatch(t, ix, need, MatchQuery{})); !slices.Contains(got, "A-6") || slices.Contains(got, "A-5") {
		t.Errorf("without ExcludeOrg: %v; want A-6 and never A-5, the need's own organisation", got)
	}
}

func TestMatchReasons(t *testing.T) {
	ix, need := openMarket(t)
	ms := mustMatch(t, ix, need, MatchQuery{Size: 10})
	cases := map[string][]string{
		"A-1": {"同属行业领域：新材料及其应用", "同在福州市鼓楼区", "预算覆盖报价", "技术成熟度 7 级", "合作方式一致：转让、许可"},
		"A-2": {"相关行业领域：先进制造（与新材料及其应用相关）", "同属福州市"},
		"A-3": {"同属福建省", "报价面议"},
		"A-4": {"预算覆盖报价"},
	}
	for id, want := range cases {
		m := find(ms, id)
		if m == nil {
			t.Errorf("%s not matched", id)
			continue
		}
		if !strings.HasPrefix(m.Reasons[0], "共同关键词：") {
			t.Errorf("%s: first reason %q; want the shared keywords", id, m.Reasons[0])
		}
		for _, r := range want {
			if !slices.Contains(m.Reasons, r) {
				t.Errorf("%s: reasons %q lack %q", id, m.Reasons, r)
			}
		}
	}
	// Too expensive, too immature, another mode, another city: no such reasons.
	a2 := find(ms, "A-2")
	for _, r := range a2.Reasons {
		if strings.Contains(r, "预算") || strings.Contains(r, "成熟度") || strings.Contains(r, "合作方式") || strings.Contains(r, "鼓楼") {
			t.Errorf("A-2 has reason %q", r)
		}
	}
	// 石墨烯 is everywhere in this market, so rarer words come first.
	a1 := find(ms, "A-1")
	if shared := a1.Reasons[0]; !strings.Contains(shared, "导热") || strings.Count(shared, "、") > 4 || strings.Contains(shared, "用于") {
		t.Errorf("A-1 shared keywords %q: want 导热 among at most five, without boilerplate", shared)
	}
}

func TestMatchesAchievementToNeeds(t *testing.T) {
	ix, _ := openMarket(t)
	_, docs := market()
	a1 := docs[1]
	ms := mustMatch(t, ix, a1, MatchQuery{})
	got := matchIDs(ms)
	if !slices.Equal(got, []string{"N-1", "N-2"}) && !slices.Equal(got, []string{"N-2", "N-1"}) {
		t.Fatalf("achievement matched %v; want the two needs", got)
	}
	n1 := find(ms, "N-1")
	for _, r := range []string{"同在福州市鼓楼区", "预算覆盖报价", "合作方式一致：许可、转让"} {
		if !slices.Contains(n1.Reasons, r) {
			t.Errorf("N-1 reasons %q lack %q", n1.Reasons, r)
		}
	}
	for _, r := range n1.Reasons {
		if strings.Contains(r, "成熟度") {
			t.Errorf("a need got %q", r)
		}
	}
	// An achievement never matches achievements, not even itself.
	if find(ms, "A-1") != nil {
		t.Errorf("matched itself: %v", got)
	}
}

func TestMatchesTraditionalSource(t *testing.T) {
	ix, need := openMarket(t)
	trad := need
	trad.ID = 99 // a listing not in the index
	trad.Title = "尋求石墨烯導熱膜相關技術"
	trad.Summary = "企業需要石墨烯導熱膜的規模化製備技術，用於手機散熱。"
	trad.Keywords = []string{"石墨烯", "導熱膜"}
	ms := mustMatch(t, ix, trad, MatchQuery{ExcludeOrg: "中介看到的机构"})
	if len(ms) == 0 || ms[0].ExternalID != "A-1" {
		t.Fatalf("Traditional need matched %v; want A-1 first", matchIDs(ms))
	}
	if !strings.Contains(ms[0].Reasons[0], "导热") {
		t.Errorf("reasons %q; want Simplified shared keywords", ms[0].Reasons)
	}
}

func TestMatchesInferFieldAndEdgeCases(t *testing.T) {
	ix, need := openMarket(t)
	need.Field = ""
	ms := mustMatch(t, ix, need, MatchQuery{Size: 2})
	if len(ms) != 2 {
		t.Fatalf("Size 2 gave %d matches", len(ms))
	}
	if !slices.Contains(ms[0].Reasons, "同属行业领域：新材料及其应用（按内容推断）") {
		t.Errorf("reasons %q; want the inferred field", ms[0].Reasons)
	}

	if _, err := ix.Matches(Document{Kind: "deal", Title: "x"}, MatchQuery{}); err == nil {
		t.Error("a listing of unknown kind was matched")
	}
	res, err := ix.Matches(Document{Kind: KindNeed, Title: "的了和"}, MatchQuery{})
	if err != nil || res == nil || len(res.Items) != 0 {
		t.Errorf("a need of stop words: %v, %v; want no matches", res, err)
	}
}

func TestMatchesSeeIndexChanges(t *testing.T) {
	ix, need := openMarket(t)
	before := matchIDs(mustMatch(t, ix, need, MatchQuery{}))
	// Document frequencies are cached; a new listing must still be found
	// and the cache must not keep what the old snapshot said.
	add := Document{Kind: KindAchievement, ID: 8, ExternalID: "A-8", Title: "石墨烯导热膜手机散热方案", Summary: "石墨烯导热膜。",
		Field: "新材料及其应用", Org: "厦门大学", PublishedAt: day}
	if err := ix.Apply(2, []Document{add}, []string{DocID(KindAchievement, 1)}); err != nil {
		t.Fatal(err)
	}
	after := matchIDs(mustMatch(t, ix, need, MatchQuery{}))
	if !slices.Contains(after, "A-8") || slices.Contains(after, "A-1") {
		t.Errorf("after the change: %v (before %v); want A-8 and not A-1", after, before)
	}
}

func TestRegionReason(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"350102", "350102", "同在福州市鼓楼区"},
		{"350102", "350104", "同属福州市"},
		{"350102", "350503", "同属福建省"},
		{"330304", "330381", "同属温州市"},
		{"330304", "330106", "同属浙江省"},
		{"350199", "350199", "同一区县（350199）"},
		{"110108", "110105", "同一地市（1101）"},
		{"360102", "360702", "同一省份（36）"},
		{"350102", "330304", ""},
		{"350102", "", ""},
		{"350100", "350100", "同属福州市"},
	} {
		if _, got := regionReason(c.a, c.b); got != c.want {
			t.Errorf("regionReason(%s, %s) = %q; want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestJudgeBudget(t *testing.T) {
	need := matchSide{price: 100}
	for _, c := range []struct {
		need, achievement int64
		want              string
	}{
		{100, 100, "预算覆盖报价"},
		{100, 50, "预算覆盖报价"},
		{100, 101, ""},
		{100, 0, "报价面议"},
		{0, 500, "预算面议"},
		{0, 0, "报价面议"},
	} {
		need.price = c.need
		_, reasons := judge(need, KindAchievement, matchSide{price: c.achievement})
		_, back := judge(matchSide{price: c.achievement}, KindNeed, need)
		var got string
		for _, r := range reasons {
			if strings.Contains(r, "预算") || strings.Contains(r, "报价") {
				got = r
			}
		}
		if got != c.want || !slices.Equal(reasons, back) {
			t.Errorf("budget %d, price %d: %q (the other way %q); want %q", c.need, c.achievement, reasons, back, c.want)
		}
	}
}

func TestRelatedFieldsAreFields(t *testing.T) {
	for _, p := range relatedFieldPairs {
		for _, f := range p {
			if !slices.Contains(benchFields, f) || f == fieldOther {
				t.Errorf("related field %q is not a field of industry", f)
			}
		}
		if p[0] == p[1] || !relatedField(p[1], p[0]) {
			t.Errorf("pair %v", p)
		}
	}
}

func TestSuggestField(t *testing.T) {
	ix, _ := openTemp(t)
	if s, err := ix.SuggestField("石墨烯导热膜", "", nil); err != nil || s.Field != "" {
		t.Errorf("empty index suggested %+v, %v", s, err)
	}
	var docs []Document
	add := func(field, title string) {
		docs = append(docs, Document{Kind: KindAchievement, ID: int64(len(docs) + 1), Title: title, Field: field, PublishedAt: day})
	}
	add("新材料及其应用", "石墨烯导热膜制备")
	add("新材料及其应用", "石墨烯复合导热材料")
	add("新材料及其应用", "氧化石墨烯薄膜")
	add("电子信息", "手机散热结构设计")
	add("农业", "茶树病害识别")
	add("农业", "茶叶采摘机器人")
	// A need without a field has no vote.
	docs = append(docs, Document{Kind: KindNeed, ID: 1, Title: "石墨烯导热膜需求", PublishedAt: day})
	if err := ix.Apply(1, docs, nil); err != nil {
		t.Fatal(err)
	}

	s, err := ix.SuggestField("石墨烯導熱膜", "石墨烯导热膜的制备", []string{"石墨烯"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Field != "新材料及其应用" || s.Confidence != 1 {
		t.Errorf("suggested %+v; want 新材料及其应用 with all of the weight", s)
	}
	if len(s.Reasons) == 0 || s.Reasons[0] != "相似成果中 3/3 属于新材料及其应用（按相似度加权占 100%）" {
		t.Errorf("reasons %q", s.Reasons)
	}
	if len(s.Reasons) < 2 || !strings.HasPrefix(s.Reasons[1], "依据关键词：") || !strings.Contains(s.Reasons[1], "石墨烯") {
		t.Errorf("reasons %q; want the keywords it went by", s.Reasons)
	}

	// The nearer listings weigh more: one of three, but by far the nearest.
	s, err = ix.SuggestField("手机散热结构", "手机石墨烯散热结构设计", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Field != "电子信息" || !strings.HasPrefix(s.Reasons[0], "相似成果中 1/") {
		t.Errorf("suggested %+v; want 电子信息 by weight", s)
	}

	// Two neighbours are too few to go by.
	if s, err := ix.SuggestField("茶叶", "", nil); err != nil || s.Field != "" {
		t.Errorf("suggested %+v, %v from two listings", s, err)
	}
}

// Matching while the outbox is applied must be safe (run with -race), and
// the cached document frequencies must follow the index.
func TestConcurrentApplyAndMatch(t *testing.T) {
	ix, need := openMarket(t)
	_, docs := market()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 20 {
			d := docs[1+i%6]
			d.ID = int64(100 + i)
			if err := ix.Apply(int64(i+2), []Document{d}, nil); err != nil {
				t.Error(err)
			}
		}
	})
	for _, src := range []Document{need, docs[1]} {
		wg.Go(func() {
			for range 10 {
				if _, err := ix.Matches(src, MatchQuery{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	// After the changes, frequencies as fresh as an index never cached.
	s, err := ix.termStats(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cached, err := s.idf("石墨烯", false)
	if err != nil {
		t.Fatal(err)
	}
	ix.dfs.invalidate()
	fresh, err := s.idf("石墨烯", false)
	if err != nil || cached != fresh {
		t.Errorf("cached idf %v, fresh %v, %v", cached, fresh, err)
	}
}
