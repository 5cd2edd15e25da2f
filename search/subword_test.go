package search

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// papers is a small library of the kind users search: lithium and lead-acid
// batteries (both say 电池, the lead-acid ones more often), graphene and
// graphite (石墨 is in both), and two drone papers alike but for 无人机
// and 无人飞行器.
func papersForSubwords() []Document {
	a := func(id int64, title, summary string, keywords ...string) Document {
		return Document{Kind: KindAchievement, ID: id, ExternalID: title, Title: title, Summary: summary, Keywords: keywords,
			PublishedAt: day.Add(time.Duration(id) * time.Hour)}
	}
	return []Document{
		a(1, "废旧锂离子电池正极材料的湿法回收工艺",
			"以废旧锂离子电池为原料，经放电、拆解、硫酸浸出和溶剂萃取回收钴、镍、锂，金属回收率超过95%，浸出渣可用作建材。",
			"锂离子电池", "回收", "湿法冶金"),
		a(2, "高镍三元正极材料的氧化铝包覆改性",
			"采用原子层沉积在高镍三元正极表面包覆氧化铝，锂离子电池在1C下循环500次容量保持率达92%。",
			"锂离子电池", "正极材料", "包覆"),
		a(3, "废铅酸蓄电池铅膏的低温熔炼回收",
			"研究废铅酸蓄电池铅膏在低温熔炼中的脱硫与铅回收。电池铅膏经碳酸钠转化后熔炼，铅回收率达98%，电池回收过程二氧化硫排放减少。",
			"铅酸蓄电池", "回收", "火法冶金"),
		a(4, "铅酸蓄电池板栅合金的耐腐蚀性能",
			"研究铅酸蓄电池正板栅在电池充放电循环中的腐蚀行为。添加锡和钙可提高电池板栅的耐腐蚀性，电池寿命延长30%。",
			"铅酸蓄电池", "板栅", "腐蚀"),
		a(5, "石墨烯改性环氧涂层的防腐性能",
			"将氧化石墨烯分散于环氧树脂中制备复合涂层，电化学阻抗谱表明涂层在盐雾中的防腐性能显著提高。",
			"石墨烯", "环氧涂层", "防腐"),
		a(6, "天然鳞片石墨的碱熔酸浸提纯",
			"鳞片石墨经碱熔、酸浸提纯，石墨固定碳含量达到99.9%，石墨晶体结构保持完整，可用于负极材料。",
			"石墨", "提纯"),
		a(7, "电弧炉炼钢石墨电极消耗分析",
			"分析石墨电极在电弧炉炼钢中的氧化与断裂消耗，提出降低石墨电极单耗的工艺措施。",
			"石墨电极", "电弧炉"),
		a(8, "多旋翼无人机输电线路巡检航迹规划",
			"针对输电线路巡检，提出基于改进蚁群算法的无人机航迹规划方法，巡检效率提高40%。",
			"无人机", "电力巡检", "航迹规划"),
		a(9, "多旋翼无人飞行器输电线路巡检航迹规划",
			"针对输电线路巡检，提出基于改进蚁群算法的无人飞行器航迹规划方法，巡检效率提高40%。",
			"无人飞行器", "电力巡检", "航迹规划"),
		a(11, "质子交换膜燃料电池阴极催化剂的制备",
			"以炭黑负载铂制备质子交换膜燃料电池阴极催化剂，单电池峰值功率密度提高20%。",
			"燃料电池", "催化剂"),
		a(10, "绿茶揉捻工艺参数优化",
			"以揉捻时间和压力为因素，研究其对绿茶外形和滋味的影响，得到最佳揉捻工艺。",
			"绿茶", "揉捻"),
	}
}

// otherPapers are about other things, so that the papers above are a few
// in a hundred, as in a real market, and their terms count as rare.
func otherPapers() []Document {
	topics := [][2]string{
		{"水稻秸秆还田对土壤有机质的影响", "连续三年秸秆还田显著提高了稻田土壤有机质和速效钾含量。"},
		{"基于卷积神经网络的茶叶病害识别", "采集茶树叶片图像，训练卷积神经网络模型，识别准确率达95%。"},
		{"城市污水处理厂的节能降耗", "分析曝气系统能耗，优化溶解氧控制，吨水电耗下降12%。"},
		{"高速公路沥青路面车辙病害", "调查车辙深度与交通荷载、温度的关系，提出改性沥青配方。"},
		{"中药材黄芪多糖的提取工艺", "以超声辅助提取黄芪多糖，正交试验确定最佳工艺条件。"},
		{"数控机床主轴热误差建模", "测量主轴温升与热变形，建立热误差补偿模型，加工精度提高。"},
		{"养殖废水中氨氮的生物去除", "筛选高效硝化菌株处理养殖废水，氨氮去除率达90%。"},
		{"桥梁混凝土裂缝的无损检测", "采用超声波法检测混凝土裂缝深度，与钻芯结果吻合。"},
		{"光纤光栅温度传感器的封装", "设计金属管封装结构，提高光纤光栅传感器的测温灵敏度。"},
		{"农村电商物流配送路径优化", "以配送成本最小为目标，用遗传算法求解农村物流路径。"},
	}
	var out []Document
	for i := range 100 {
		tp := topics[i%len(topics)]
		out = append(out, Document{Kind: KindAchievement, ID: int64(100 + i), ExternalID: fmt.Sprintf("other-%d", i),
			Title: tp[0], Summary: tp[1], PublishedAt: day})
	}
	return out
}

func subwordIndex(t *testing.T, docs []Document) *Index {
	t.Helper()
	ix, _ := openTemp(t)
	if err := ix.Apply(1, append(docs, otherPapers()...), nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// rankOf is where id is among the hits, len(hits) when absent.
func rankOf(hits []string, id string) int {
	if i := slices.Index(hits, id); i >= 0 {
		return i
	}
	return len(hits)
}

func TestSubwordsSynonymsAndTiers(t *testing.T) {
	ix := subwordIndex(t, papersForSubwords())
	lithium := []string{"achievement:1", "achievement:2"}
	leadAcid := []string{"achievement:3", "achievement:4"}
	for _, tc := range []struct {
		name     string
		q        string
		first    []string // the first hits, in any order
		below    []string // found, after first
		absent   []string
		related  bool
		firstIs  string // exactly the first hit
		totalMax uint64 // 0: any
	}{
		// A part of a compound finds the compound; a single character works.
		{name: "single character", q: "锂", first: lithium, absent: leadAcid},
		{name: "part of a compound", q: "电池", first: append(append(slices.Clone(lithium), leadAcid...), "achievement:11")},
		// 锂电池 is 锂离子电池 by the synonym list; lead-acid batteries only share 电池.
		{name: "synonym above a shared part", q: "锂电池", first: lithium, below: leadAcid},
		{name: "Traditional", q: "鋰電池", first: lithium, below: leadAcid},
		{name: "two words, one by synonym", q: "锂电池 回收", firstIs: "achievement:1", below: []string{"achievement:3"}},
		// Graphene first; graphite, which only shares 石墨, below it.
		{name: "whole word above its part", q: "石墨烯", firstIs: "achievement:5", below: []string{"achievement:6", "achievement:7"}},
		{name: "synonym only", q: "无人飞行器", first: []string{"achievement:9", "achievement:8"}, absent: []string{"achievement:10"}},
		// Of two papers alike but for the term, the one in the query's words first.
		{name: "literal above synonym", q: "无人机", firstIs: "achievement:8", below: []string{"achievement:9"}},
		{name: "literal above synonym, other way", q: "无人飞行器", firstIs: "achievement:9", below: []string{"achievement:8"}},
		{name: "Latin synonym", q: "UAV", first: []string{"achievement:8", "achievement:9"}, totalMax: 2},
		// No paper says 锂电 回收 or 钠 as written: found by parts, said so.
		{name: "only parts", q: "钠离子", related: true, first: lithium},
		// A compound's words find what says only part of it, below it: the
		// batteries for 燃料电池, never above the fuel cell.
		{name: "words inside a compound", q: "燃料电池", firstIs: "achievement:11", below: leadAcid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Q: tc.q})
			got := ids(res)
			if tc.firstIs != "" && (len(got) == 0 || got[0] != tc.firstIs) {
				t.Errorf("%q: hits %v, want %s first", tc.q, got, tc.firstIs)
			}
			if len(tc.first) > 0 && (len(got) < len(tc.first) || !sameSet(got[:len(tc.first)], tc.first)) {
				t.Errorf("%q: hits %v, want %v first", tc.q, got, tc.first)
			}
			after := len(tc.first)
			if tc.firstIs != "" {
				after = 1
			}
			for _, id := range tc.below {
				if r := rankOf(got, id); r == len(got) || r < after {
					t.Errorf("%q: hits %v, want %s found below the first %d", tc.q, got, id, after)
				}
			}
			for _, id := range tc.absent {
				if slices.Contains(got, id) {
					t.Errorf("%q: hits %v, want no %s", tc.q, got, id)
				}
			}
			if res.Related != tc.related {
				t.Errorf("%q: related %v, want %v", tc.q, res.Related, tc.related)
			}
			if tc.totalMax > 0 && res.Total > tc.totalMax {
				t.Errorf("%q: %d hits %v, want at most %d", tc.q, res.Total, got, tc.totalMax)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Without a graphene paper, 石墨烯 finds graphite papers by their part 石墨
// and says the results are only related.
func TestOnlyPartialMatchesAreRelated(t *testing.T) {
	docs := slices.DeleteFunc(papersForSubwords(), func(d Document) bool { return d.ID == 5 })
	ix := subwordIndex(t, docs)
	res := mustSearch(t, ix, Query{Q: "石墨烯"})
	if got := ids(res); !sameSet(got, []string{"achievement:6", "achievement:7"}) || !res.Related {
		t.Errorf("石墨烯 without graphene papers: hits %v related %v, want the graphite papers, related", got, res.Related)
	}
	// Whatever the order asked for.
	if res := mustSearch(t, ix, Query{Q: "石墨烯", Sort: SortNewest}); res.Total != 2 || !res.Related {
		t.Errorf("石墨烯 newest first: %d hits, related %v", res.Total, res.Related)
	}
	// Filters narrow the tiers too: among the needs there is no partial
	// match.
	if res := mustSearch(t, ix, Query{Q: "石墨烯", Kind: KindNeed}); res.Total != 0 || res.Related {
		t.Errorf("no need matches: %d hits, related %v", res.Total, res.Related)
	}
	// Tiers hold over pages and sorts; scores shown are text scores.
	for _, q := range []Query{{Q: "电池", Size: 1, Page: 3}, {Q: "电池", Sort: SortNewest}} {
		for _, h := range mustSearch(t, ix, q).Items {
			if h.Score <= 0 || h.Score >= tierGap {
				t.Errorf("%+v: score %v carries its tier", q, h.Score)
			}
		}
	}
}

// Tiers keep ranking across pages: a page further down never holds a hit
// of a better tier than the page above.
func TestTiersHoldAcrossPages(t *testing.T) {
	ix := subwordIndex(t, papersForSubwords())
	var paged []string
	for page := 1; page <= 4; page++ {
		paged = append(paged, ids(mustSearch(t, ix, Query{Q: "锂电池", Size: 1, Page: page}))...)
	}
	all := ids(mustSearch(t, ix, Query{Q: "锂电池"}))
	if !slices.Equal(paged, all[:min(4, len(all))]) {
		t.Errorf("pages %v, one page %v", paged, all)
	}
	if !sameSet(paged[:2], []string{"achievement:1", "achievement:2"}) {
		t.Errorf("pages %v: lithium papers not first", paged)
	}
}

// An operator's synonyms file takes effect on the next search once it
// changes, without a restart or a reindex, and stops when it goes.
func TestOperatorSynonymsFile(t *testing.T) {
	ix := subwordIndex(t, papersForSubwords())
	path := filepath.Join(t.TempDir(), "dict", "synonyms.txt")
	if err := ix.UseOperatorSynonyms(path); err != nil {
		t.Fatalf("a missing file is no error: %v", err)
	}
	if res := mustSearch(t, ix, Query{Q: "航拍器"}); res.Total != 0 {
		t.Fatalf("航拍器 before the operator's list: %v", ids(res))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("# 运营方同义词\n無人機 航拍器\n")
	if got := ids(mustSearch(t, ix, Query{Q: "航拍器"})); !sameSet(got, []string{"achievement:8", "achievement:9"}) {
		t.Errorf("航拍器 with the operator's 无人机 航拍器: %v", got)
	}
	// The shipped list still applies beside the operator's.
	if got := ids(mustSearch(t, ix, Query{Q: "锂电池"})); len(got) < 2 || !sameSet(got[:2], []string{"achievement:1", "achievement:2"}) {
		t.Errorf("锂电池 with an operator's list: %v", got)
	}
	write("# 换了一组\n揉捻机 揉茶机\n")
	if res := mustSearch(t, ix, Query{Q: "航拍器"}); res.Total != 0 {
		t.Errorf("航拍器 after the group was removed: %v", ids(res))
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if res := mustSearch(t, ix, Query{Q: "航拍器"}); res.Total != 0 {
		t.Errorf("航拍器 after the file was removed: %v", ids(res))
	}
}

// Synonym terms are found in a query as written, longest first, Latin ones
// as whole words only.
func TestSynonymsFind(t *testing.T) {
	s := shippedSynonyms()
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"锂电池回收", []string{"锂电池"}},
		{"废旧锂离子电池", []string{"锂离子电池"}},
		{"ai芯片", []string{"ai", "芯片"}},
		{"email 服务", nil},
		{"石墨", nil},
	} {
		clean, _ := withoutPad(normalizeBytes([]byte(tc.q)))
		var got []string
		for _, h := range s.find(clean) {
			got = append(got, h.term)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("synonyms in %q: %q, want %q", tc.q, got, tc.want)
		}
	}
	if got := s.others("锂电池"); !slices.Contains(got, "锂离子电池") || slices.Contains(got, "锂电池") {
		t.Errorf("others of 锂电池: %q", got)
	}
}

// The shipped list has enough groups, and none of them repeats a term of
// another (which would join the two silently).
func TestShippedSynonyms(t *testing.T) {
	var s synonymSet
	s.of = map[string]int{}
	if err := s.add(strings.NewReader(shippedSynonymsText)); err != nil {
		t.Fatal(err)
	}
	groups := 0
	for _, g := range s.groups {
		if len(g) > 0 {
			groups++
		}
	}
	if groups < 40 || groups != len(s.groups) {
		t.Errorf("%d synonym groups of %d lines, want at least 40, no line joining another", groups, len(s.groups))
	}
	// A later line naming a term of a group extends it, and joins the
	// groups it names.
	ext, err := s.with(strings.NewReader("无人机 航拍器\n航拍器 uav 飞手\n锂电池 动力电池\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ext.others("航拍器"); !slices.Contains(got, "无人飞行器") || !slices.Contains(got, "飞手") {
		t.Errorf("others of 航拍器: %q", got)
	}
	if got := ext.others("动力电池"); !slices.Contains(got, "锂离子电池") || slices.Contains(got, "无人机") {
		t.Errorf("others of 动力电池: %q", got)
	}
	if got := s.others("无人机"); slices.Contains(got, "航拍器") {
		t.Errorf("extending changed the shipped list: %q", got)
	}
}

// In a small market a share of the listings is a handful: 石墨 in one of
// two listings is "common", yet 石墨烯 must still find the graphite
// listing, as related.
func TestRelatedInASmallMarket(t *testing.T) {
	ix, _ := openTemp(t)
	docs := []Document{
		{Kind: KindAchievement, ID: 1, Title: "天然鳞片石墨的碱熔酸浸提纯工艺", Summary: "鳞片石墨经碱熔、酸浸提纯，石墨固定碳含量达到99.9%。", Keywords: []string{"石墨", "提纯"}, PublishedAt: day},
		{Kind: KindAchievement, ID: 2, Title: "钠离子电池正极材料的固相合成方法", Summary: "以层状氧化物为正极材料的钠离子电池，固相合成工艺简单。", PublishedAt: day},
	}
	if err := ix.Apply(1, docs, nil); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Query{Q: "石墨烯"})
	if got := ids(res); !slices.Equal(got, []string{"achievement:1"}) || !res.Related {
		t.Errorf("石墨烯 in a market of two listings: hits %v related %v, want the graphite listing, related", got, res.Related)
	}
}
