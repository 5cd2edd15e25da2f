package search

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func openTemp(t *testing.T) (*Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, dir
}

// reopen closes ix and opens the index in dir again, closed when the test ends.
func reopen(t *testing.T, ix *Index, dir string) *Index {
	t.Helper()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

var day = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// listings is a small market: four achievements and two needs.
func listings() []Document {
	return []Document{
		{Kind: KindAchievement, ID: 1, ExternalID: "A-1", Title: "高能量密度锂离子电池正极材料", Summary: "一种锂离子电池用高镍正极材料的制备方法，循环寿命长。",
			Keywords: []string{"锂离子电池", "正极材料"}, Field: "新能源与高效节能", Region: "350102", IPType: "发明专利", Maturity: 6,
			PriceFen: 500_000_00, CoopModes: []string{"转让", "许可"}, Org: "福州大学", PublishedAt: day},
		{Kind: KindAchievement, ID: 2, ExternalID: "A-2", Title: "石墨烯导热膜规模化制备技术", Summary: "石墨烯薄膜用于电子器件散热，导热系数高。",
			Keywords: []string{"石墨烯", "导热膜"}, Field: "新材料及其应用", Region: "350104", IPType: "发明专利", Maturity: 4,
			PriceFen: 0, CoopModes: []string{"合作开发"}, Org: "福建师范大学", PublishedAt: day.Add(24 * time.Hour)},
		{Kind: KindAchievement, ID: 3, ExternalID: "A-3", Title: "基于深度学习的茶叶病害识别系统", Summary: "利用卷积神经网络(CNN)识别茶树叶片病害，准确率95%。",
			Keywords: []string{"深度学习", "病害识别"}, Field: "农业", Region: "350503", IPType: "软件著作权", Maturity: 7,
			PriceFen: 20_000_00, CoopModes: []string{"许可", "技术服务"}, Org: "福建农林大学", PublishedAt: day.Add(48 * time.Hour)},
		{Kind: KindAchievement, ID: 4, ExternalID: "A-4", Title: "钠离子电池负极硬碳材料", Summary: "低成本硬碳负极，适用于储能电池。",
			Keywords: []string{"钠离子电池", "储能"}, Field: "新能源与高效节能", Region: "350203", IPType: "实用新型", Maturity: 3,
			PriceFen: 80_000_00, CoopModes: []string{"转让"}, Org: "厦门大学", PublishedAt: day.Add(72 * time.Hour)},
		{Kind: KindNeed, ID: 1, ExternalID: "N-1", Title: "求购储能锂电池热管理技术", Summary: "企业需要锂电池储能系统的热管理与安全预警方案。",
			Field: "新能源与高效节能", Region: "350102", Maturity: 0, PriceFen: 300_000_00, CoopModes: []string{"合作开发", "技术服务"},
			Org: "宁德某新能源公司", PublishedAt: day.Add(96 * time.Hour)},
		{Kind: KindNeed, ID: 2, ExternalID: "N-2", Title: "茶园智能采摘机器人", Summary: "寻求茶叶采摘机器人视觉识别技术合作。",
			Field: "农业", Region: "350702", PriceFen: 0, CoopModes: []string{"合作开发"}, Org: "武夷山茶业公司", PublishedAt: day.Add(120 * time.Hour)},
	}
}

func ids(res *Result) []string {
	out := make([]string, len(res.Items))
	for i, h := range res.Items {
		out[i] = DocID(h.Kind, h.ID)
	}
	return out
}

func mustSearch(t *testing.T, ix *Index, q Query) *Result {
	t.Helper()
	res, err := ix.Search(q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func TestOpenNewIndex(t *testing.T) {
	ix, dir := openTemp(t)
	if !ix.Rebuilt() {
		t.Error("a new index must report Rebuilt so the caller fills it")
	}
	if c, err := ix.Cursor(); err != nil || c != 0 {
		t.Errorf("Cursor() = %d, %v; want 0", c, err)
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("Count() = %d", n)
	}
	ix.Close()

	again, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Rebuilt() {
		t.Error("reopening a current index reported Rebuilt")
	}
}

// A process killed while creating the index must not keep the next one from
// starting: a half-made creation is removed, and an index whose meta file
// was left empty (as an older version could leave it) is made afresh.
func TestOpenRecoversFromAnInterruptedCreation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(dir+".creating", 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir+".creating", "index_meta.json"), nil, 0o600)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("open after an interrupted creation: %v", err)
	}
	defer ix.Close()
	if !ix.Rebuilt() {
		t.Error("a recreated index must report Rebuilt so the caller fills it")
	}
	if _, err := os.Stat(dir + ".creating"); !os.IsNotExist(err) {
		t.Errorf("the half-made creation is still there: %v", err)
	}
}

func TestOpenFailsWhileHeld(t *testing.T) {
	defer func(d time.Duration) { lockTimeout = d }(lockTimeout)
	lockTimeout = 100 * time.Millisecond
	_, dir := openTemp(t)
	ix, err := Open(dir)
	if err == nil {
		ix.Close()
		t.Fatal("opened an index that is already open")
	}
	if !strings.Contains(err.Error(), "timeout") {
		t.Errorf("err = %v, want a lock timeout", err)
	}
}

func TestApplyResumesAfterReopen(t *testing.T) {
	ix, dir := openTemp(t)
	docs := listings()
	if err := ix.Apply(41, docs[:4], nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(42, docs[4:], []string{DocID(KindAchievement, 2)}); err != nil {
		t.Fatal(err)
	}
	// Updating a document replaces it, even when it is also deleted.
	changed := docs[0]
	changed.Title = "高镍三元正极材料"
	if err := ix.Apply(43, []Document{changed}, []string{DocID(KindAchievement, 1)}); err != nil {
		t.Fatal(err)
	}
	ix = reopen(t, ix, dir)
	if ix.Rebuilt() {
		t.Error("Rebuilt after a plain reopen")
	}
	if c, err := ix.Cursor(); err != nil || c != 43 {
		t.Errorf("Cursor() = %d, %v; want 43", c, err)
	}
	if n, _ := ix.Count(); n != 5 {
		t.Errorf("Count() = %d, want 5", n)
	}
	res := mustSearch(t, ix, Query{Q: "石墨烯导热膜"})
	if slices.Contains(ids(res), "achievement:2") {
		t.Error("deleted document still found")
	}
	res = mustSearch(t, ix, Query{Q: "高镍三元"})
	if len(res.Items) == 0 || res.Items[0].ID != 1 || res.Items[0].Title != "高镍三元正极材料" || res.Items[0].ExternalID != "A-1" {
		t.Errorf("updated document: %+v", res.Items)
	}
}

func TestApplyRejectsUnknownKind(t *testing.T) {
	ix, _ := openTemp(t)
	if err := ix.Apply(1, []Document{{Kind: "patent", ID: 1, Title: "x"}}, nil); err == nil {
		t.Error("unknown kind accepted")
	}
	if c, _ := ix.Cursor(); c != 0 {
		t.Errorf("a failed Apply moved the cursor to %d", c)
	}
}

// Fill maps batches on every core and commits them two at a time: every
// document arrives once, the cursor stays, and a bad batch stops it with an
// error without leaving the sender stuck.
func TestFill(t *testing.T) {
	ix, _ := openTemp(t)
	if err := ix.Apply(7, nil, nil); err != nil {
		t.Fatal(err)
	}
	send := func(docs []Document, per int) <-chan []Document {
		ch := make(chan []Document)
		go func() {
			defer close(ch)
			for i := 0; i < len(docs); i += per {
				ch <- docs[i:min(i+per, len(docs))]
			}
		}()
		return ch
	}
	var docs []Document
	for i := range 50 {
		docs = append(docs, Document{Kind: KindAchievement, ID: int64(i + 1), Title: fmt.Sprintf("石墨烯散热膜第%d号", i+1)})
	}
	var mu sync.Mutex
	done := 0
	if err := ix.Fill(send(docs, 7), func(n int) { mu.Lock(); done += n; mu.Unlock() }); err != nil {
		t.Fatal(err)
	}
	if done != len(docs) {
		t.Errorf("done reported %d documents, want %d", done, len(docs))
	}
	if res := mustSearch(t, ix, Query{Q: "石墨烯", Size: 100}); res.Total != uint64(len(docs)) {
		t.Errorf("%d found after Fill, want %d", res.Total, len(docs))
	}
	if c, _ := ix.Cursor(); c != 7 {
		t.Errorf("Fill moved the cursor to %d", c)
	}
	bad := append(slices.Clone(docs), Document{Kind: "patent", ID: 99, Title: "x"})
	bad = append(bad, docs...)
	if err := ix.Fill(send(bad, 5), func(int) {}); err == nil {
		t.Error("a document of unknown kind was filled without an error")
	}
}

func TestMappingVersionChangeRebuilds(t *testing.T) {
	ix, dir := openTemp(t)
	if err := ix.Apply(7, listings(), nil); err != nil {
		t.Fatal(err)
	}
	// Pretend an older binary wrote this index.
	if err := ix.b.SetInternal(versionKey, []byte(fmt.Sprint(MappingVersion-1))); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.Rebuilt() {
		t.Error("stale mapping version not reported")
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("rebuilt index holds %d documents", n)
	}
	if c, _ := ix.Cursor(); c != 0 {
		t.Errorf("rebuilt index cursor %d", c)
	}
	if v, _ := ix.b.GetInternal(versionKey); string(v) != fmt.Sprint(MappingVersion) {
		t.Errorf("rebuilt index version %q", v)
	}
}

func TestOpenRefusesForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ix, err := Open(dir); err == nil {
		ix.Close()
		t.Error("Open took over a directory holding other files")
	}
}

func marketIndex(t *testing.T) *Index {
	t.Helper()
	ix, _ := openTemp(t)
	if err := ix.Apply(1, listings(), nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestSearchText(t *testing.T) {
	ix := marketIndex(t)
	for _, tc := range []struct {
		q     string
		first string
		all   []string // must all be among the hits
	}{
		{q: "锂离子电池", first: "achievement:1"},
		{q: "石墨烯", first: "achievement:2"},
		// Traditional queries find Simplified listings.
		{q: "鋰離子電池", first: "achievement:1"},
		{q: "石墨烯導熱膜", first: "achievement:2"},
		// Full width and case do not matter.
		{q: "ＣＮＮ茶葉病害", first: "achievement:3"},
		// Bigrams find parts of words: 离子电池 is inside 锂离子电池 and 钠离子电池.
		{q: "离子电池", all: []string{"achievement:1", "achievement:4"}},
		{q: "储能", all: []string{"achievement:4", "need:1"}},
		// Organisation names match as words.
		{q: "厦门大学", first: "achievement:4"},
	} {
		res := mustSearch(t, ix, Query{Q: tc.q})
		got := ids(res)
		if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
			t.Errorf("%q: hits %v, want %s first", tc.q, got, tc.first)
		}
		for _, id := range tc.all {
			if !slices.Contains(got, id) {
				t.Errorf("%q: hits %v lack %s", tc.q, got, id)
			}
		}
		if res.Total != uint64(len(got)) {
			t.Errorf("%q: total %d for %d hits", tc.q, res.Total, len(got))
		}
	}
	// A query sharing one common bigram with a listing does not match it.
	// (离子 is one of the four bigrams of 离子注入机 and no word of it.)
	if got := ids(mustSearch(t, ix, Query{Q: "离子注入机"})); len(got) != 0 {
		t.Errorf("unrelated listings matched: %v", got)
	}
	if res := mustSearch(t, ix, Query{Q: "量子通信"}); res.Total != 0 {
		t.Errorf("no listing is about 量子通信, got %v", ids(res))
	}
	// Only stop words and punctuation: nothing to match, no error.
	if res := mustSearch(t, ix, Query{Q: "，。！"}); res.Total != 0 {
		t.Errorf("punctuation matched %v", ids(res))
	}
}

func TestSearchHighlights(t *testing.T) {
	ix := marketIndex(t)
	res := mustSearch(t, ix, Query{Q: "鋰離子電池"})
	h := res.Items[0]
	if got, want := h.Highlights["title"], []string{"高能量密度<mark>锂离子电池</mark>正极材料"}; !slices.Equal(got, want) {
		t.Errorf("title highlight %q, want %q", got, want)
	}
	if s := h.Highlights["summary"]; len(s) != 1 || !strings.Contains(s[0], "<mark>锂离子电池</mark>") {
		t.Errorf("summary highlight %q", s)
	}

	// Text around marks is escaped; long summaries are cut to a fragment.
	ix2, _ := openTemp(t)
	long := strings.Repeat("背景介绍。", 60) + "采用<b>石墨烯</b>涂层" + strings.Repeat("其他内容。", 60)
	if err := ix2.Apply(1, []Document{{Kind: KindNeed, ID: 9, Title: "A&B 涂层", Summary: long}}, nil); err != nil {
		t.Fatal(err)
	}
	h = mustSearch(t, ix2, Query{Q: "石墨烯 涂层"}).Items[0]
	if got := h.Highlights["title"]; len(got) != 1 || got[0] != "A&amp;B <mark>涂层</mark>" {
		t.Errorf("title highlight %q", got)
	}
	s := h.Highlights["summary"][0]
	if !strings.Contains(s, "&lt;b&gt;<mark>石墨烯</mark>&lt;/b&gt;<mark>涂层</mark>") || !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || len(s) > 400 {
		t.Errorf("summary fragment %q", s)
	}
}

// Highlights are found in the text as the index normalised it, mark the
// original characters, and mark a Latin term only as a whole word.
func TestHighlightSpans(t *testing.T) {
	ix, _ := openTemp(t)
	for _, tc := range []struct{ text, q, want string }{
		{"高效鋰離子電池材料", "锂离子电池", "高效<mark>鋰離子電池</mark>材料"},
		{"用于锂电池的ＡＩ芯片", "ai 芯片", "用于锂电池的<mark>ＡＩ芯片</mark>"},
		{"maintain the AI chip", "ai", "maintain the <mark>AI</mark> chip"},
		{"储能电池组", "电池", "储能<mark>电池</mark>组"},
	} {
		terms := ix.textQuery(tc.q).terms
		if got := markup(tc.text, ix.matchSpans(tc.text, terms), 0, len(tc.text)); got != tc.want {
			t.Errorf("%s in %s: %s, want %s", tc.q, tc.text, got, tc.want)
		}
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	ix := marketIndex(t)
	for _, tc := range []struct {
		name string
		q    Query
		want []string // in order
	}{
		{"kind", Query{Kind: KindNeed}, []string{"need:2", "need:1"}},
		{"field", Query{Field: "新能源与高效节能"}, []string{"need:1", "achievement:4", "achievement:1"}},
		{"city", Query{RegionPrefix: "3501"}, []string{"need:1", "achievement:2", "achievement:1"}},
		{"district", Query{RegionPrefix: "350102"}, []string{"need:1", "achievement:1"}},
		{"ip type", Query{IPType: "发明专利"}, []string{"achievement:2", "achievement:1"}},
		{"coop mode", Query{CoopMode: "许可"}, []string{"achievement:3", "achievement:1"}},
		{"maturity", Query{MaturityMin: 4, MaturityMax: 6}, []string{"achievement:2", "achievement:1"}},
		{"maturity min", Query{MaturityMin: 7}, []string{"achievement:3"}},
		{"price", Query{PriceMinFen: 50_000_00, PriceMaxFen: 500_000_00}, []string{"need:1", "achievement:4", "achievement:1"}},
		{"text and filter", Query{Q: "电池", Kind: KindAchievement, Field: "新能源与高效节能"}, nil},
	} {
		got := ids(mustSearch(t, ix, tc.q))
		if tc.want == nil {
			slices.Sort(got)
			tc.want = []string{"achievement:1", "achievement:4"}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}

	res := mustSearch(t, ix, Query{})
	want := map[string][]FacetCount{
		"kind":       {{"achievement", 4}, {"need", 2}},
		"field":      {{"新能源与高效节能", 3}, {"农业", 2}, {"新材料及其应用", 1}},
		"region":     {{"350100", 3}, {"350200", 1}, {"350500", 1}, {"350700", 1}},
		"ip_type":    {{"发明专利", 2}, {"实用新型", 1}, {"软件著作权", 1}},
		"coop_modes": {{"合作开发", 3}, {"技术服务", 2}, {"许可", 2}, {"转让", 2}},
		"maturity":   {{"3", 1}, {"4", 1}, {"6", 1}, {"7", 1}},
	}
	for name, w := range want {
		got := res.Facets[name]
		// Bleve orders equal counts arbitrarily.
		slices.SortStableFunc(got, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		if name == "maturity" {
			slices.SortFunc(got, func(a, b FacetCount) int { return strings.Compare(a.Value, b.Value) })
		}
		if !slices.Equal(got, w) {
			t.Errorf("facet %s = %v, want %v", name, got, w)
		}
	}
	// Facets count the matches of the query, not the page.
	res = mustSearch(t, ix, Query{Kind: KindAchievement, Size: 1})
	if got := res.Facets["kind"]; !slices.Equal(got, []FacetCount{{"achievement", 4}}) || len(res.Items) != 1 || res.Total != 4 {
		t.Errorf("filtered facets %v, %d items, total %d", got, len(res.Items), res.Total)
	}
}

func TestSearchSortAndPages(t *testing.T) {
	ix := marketIndex(t)
	all := []string{"need:2", "need:1", "achievement:4", "achievement:3", "achievement:2", "achievement:1"}
	if got := ids(mustSearch(t, ix, Query{})); !slices.Equal(got, all) {
		t.Errorf("empty query: %v, want newest first %v", got, all)
	}
	if got := ids(mustSearch(t, ix, Query{Sort: SortNewest, Q: "电池"})); !slices.Equal(got, []string{"need:1", "achievement:4", "achievement:1"}) {
		t.Errorf("newest with text: %v", got)
	}
	// Listings without a price (面议) come last both ways.
	if got := ids(mustSearch(t, ix, Query{Sort: SortPriceAsc})); !slices.Equal(got, []string{"achievement:3", "achievement:4", "need:1", "achievement:1", "need:2", "achievement:2"}) {
		t.Errorf("price ascending: %v", got)
	}
	if got := ids(mustSearch(t, ix, Query{Sort: SortPriceDesc})); !slices.Equal(got, []string{"achievement:1", "need:1", "achievement:4", "achievement:3", "need:2", "achievement:2"}) {
		t.Errorf("price descending: %v", got)
	}

	var paged []string
	for page := 1; page <= 3; page++ {
		res := mustSearch(t, ix, Query{Page: page, Size: 2})
		if res.Total != 6 {
			t.Errorf("page %d total %d", page, res.Total)
		}
		paged = append(paged, ids(res)...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages: %v, want %v", paged, all)
	}
	if res := mustSearch(t, ix, Query{Page: 4, Size: 2}); len(res.Items) != 0 || res.Total != 6 {
		t.Errorf("past the end: %v total %d", ids(res), res.Total)
	}
	if res := mustSearch(t, ix, Query{Size: 1000}); len(res.Items) != 6 {
		t.Errorf("size over the limit: %d items", len(res.Items))
	}
	if _, err := ix.Search(Query{Sort: "cheapest"}); err == nil {
		t.Error("unknown sort accepted")
	}
}

// Searching while the outbox is applied must be safe (run with -race).
func TestConcurrentApplyAndSearch(t *testing.T) {
	ix, _ := openTemp(t)
	docs := listings()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 20 {
			d := docs[i%len(docs)]
			d.ID = int64(100 + i)
			if err := ix.Apply(int64(i+1), []Document{d}, nil); err != nil {
				t.Error(err)
			}
		}
	})
	for range 2 {
		wg.Go(func() {
			for range 20 {
				if _, err := ix.Search(Query{Q: "锂离子电池 石墨烯"}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if c, _ := ix.Cursor(); c != 20 {
		t.Errorf("cursor %d", c)
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("count %d", n)
	}
}

// A rebuild collects less only while the live heap is small, and leaves the
// collector's target as it found it.
func TestFillingCollectsLessWhileTheHeapIsSmall(t *testing.T) {
	gcPercent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	before := gcPercent()
	restore := collectLessWhileFilling()
	if got := gcPercent(); got != 200 {
		t.Fatalf("while filling the target is %d, want 200", got)
	}
	restore()
	if got := gcPercent(); got != before {
		t.Fatalf("after filling the target is %d, want %d back", got, before)
	}

	bound := fillLiveBound
	fillLiveBound = 1 // any live heap is past it
	defer func() { fillLiveBound = bound }()
	restore = collectLessWhileFilling()
	defer restore()
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() != before {
		if time.Now().After(deadline) {
			t.Fatalf("past the bound the target is still %d, want %d", gcPercent(), before)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
