package search

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"ＧＰＵ加速", "gpu加速"},
		{"１２３４５", "12345"},
		{"ＡＢＣ　ｄｅｆ", "abc def"},
		{"（锂电池）：高能量密度！", "(锂电池):高能量密度!"},
		{"Lyapunov函数", "lyapunov函数"},
		{"ｶﾀｶﾅ", "カタカナ"},
		{"飛行器大角度機動鎮定控制器設計", "飞行器大角度机动镇定控制器设计"},
		{"鋰離子電池與石墨烯", "锂离子电池与石墨烯"},
		{"知識產權技術轉移", "知识产权技术转移"},
		// Phrases win over characters: 瞭 alone becomes 瞭, in 一目瞭然 了.
		{"一目瞭然", "一目了然"},
		{"不瞭解", "不了解"},
		// 乾 alone is 干, but the phrase 乾坤 keeps it.
		{"乾燥", "干燥"},
		{"乾坤", "乾坤"},
		// Already Simplified text is left alone.
		{"锂离子电池正极材料", "锂离子电池正极材料"},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Normalize(tc.in); len(got) != len(tc.in) {
			t.Errorf("Normalize(%q) = %q changes the length %d to %d", tc.in, got, len(tc.in), len(got))
		}
	}
	// Invalid UTF-8 passes through untouched.
	if got := Normalize("a\xffＢ"); got != "a\xffb\x00\x00" {
		t.Errorf("Normalize with invalid byte = %q", got)
	}
}

func analyzer(t *testing.T, name string) analysis.Analyzer {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func terms(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, tk := range ts {
		out[i] = string(tk.Term)
	}
	return out
}

func TestBigramAnalyzer(t *testing.T) {
	a := analyzer(t, BigramAnalyzer)
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"石墨烯", []string{"石墨", "墨烯"}},
		{"电池", []string{"电池"}},
		{"锂", []string{"锂"}},
		// A lone character between separators stays a unigram.
		{"锂，电池 和", []string{"锂", "电池", "和"}},
		{"基于GPU的加速", []string{"基于", "gpu", "的加", "加速"}},
		{"ＧＰＵ与５Ｇ", []string{"gpu", "与", "5g"}},
		{"鋰電池", []string{"锂电", "电池"}},
		{"x-ray 3.5MPa", []string{"x", "ray", "3", "5mpa"}},
		{"カタカナ", []string{"カタ", "タカ", "カナ"}},
		// A four-byte Traditional character with a three-byte Simplified one.
		{"𡻕月", []string{"岁月"}},
	} {
		if got := terms(a.Analyze([]byte(tc.in))); !slices.Equal(got, tc.want) {
			t.Errorf("bigrams of %q = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCharAnalyzer(t *testing.T) {
	a := analyzer(t, CharAnalyzer)
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"锂离子电池", []string{"锂", "离", "子", "电", "池"}},
		// Latin words and punctuation are left to the other fields.
		{"基于GPU的加速，5G", []string{"基", "于", "的", "加", "速"}},
		{"鋰電池", []string{"锂", "电", "池"}},
	} {
		if got := terms(a.Analyze([]byte(tc.in))); !slices.Equal(got, tc.want) {
			t.Errorf("characters of %q = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Offsets index the original text even where normalisation shortened it,
// so that highlights cut from the stored text land on the match.
func TestAnalyzersKeepOriginalOffsets(t *testing.T) {
	in := "（ＧＰＵ）鋰離子電池，Lyapunov 𡻕月"
	for _, name := range []string{WordAnalyzer, BigramAnalyzer, CharAnalyzer} {
		got := map[string]string{}
		for _, tk := range analyzer(t, name).Analyze([]byte(in)) {
			got[string(tk.Term)] = in[tk.Start:tk.End]
		}
		for term, orig := range map[string]string{"gpu": "ＧＰＵ", "lyapunov": "Lyapunov"} {
			if name != CharAnalyzer && got[term] != orig {
				t.Errorf("%s: %q spans %q, want %q", name, term, got[term], orig)
			}
		}
		if name == WordAnalyzer && got["锂离子电池"] != "鋰離子電池" {
			t.Errorf("word 锂离子电池 spans %q", got["锂离子电池"])
		}
		if name == BigramAnalyzer && got["电池"] != "電池" {
			t.Errorf("bigram 电池 spans %q", got["电池"])
		}
		if name == BigramAnalyzer && got["岁月"] != "𡻕月" {
			t.Errorf("bigram 岁月 spans %q", got["岁月"])
		}
		if name == CharAnalyzer && (got["锂"] != "鋰" || got["岁"] != "𡻕") {
			t.Errorf("characters 锂 and 岁 span %q and %q", got["锂"], got["岁"])
		}
	}
}

func TestWordAnalyzer(t *testing.T) {
	a := analyzer(t, WordAnalyzer)
	for _, tc := range []struct {
		in   string
		want []string
	}{
		// Domain terms stay whole.
		{"石墨烯复合材料", []string{"石墨烯", "复合材料"}},
		{"高性能锂离子电池正极材料", []string{"高性能", "锂离子电池", "正极材料"}},
		{"知识产权与技术转移", []string{"知识产权", "技术转移"}},
		// Stop words and punctuation go; Latin and numbers stay, lower case.
		{"基于深度学习的图像识别方法研究", []string{"深度学习", "图像识别"}},
		{"采用Lyapunov函数，提出了一种新的SOS方法。", []string{"lyapunov", "函数", "新", "sos"}},
		{"5G通信", []string{"5g", "通信"}},
		// Traditional and full-width input segment like Simplified.
		{"鋰離子電池與石墨烯", []string{"锂离子电池", "石墨烯"}},
		{"ＧＰＵ加速", []string{"gpu", "加速"}},
	} {
		if got := terms(a.Analyze([]byte(tc.in))); !slices.Equal(got, tc.want) {
			t.Errorf("words of %q = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoadOperatorDictionary(t *testing.T) {
	a := analyzer(t, WordAnalyzer)
	const text = "一种磁流变弹性体隔振器"
	before := terms(a.Analyze([]byte(text)))
	if slices.Contains(before, "磁流变弹性体") {
		t.Fatalf("test term already in the dictionary: %q", before)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "domain.txt")
	// Traditional and full-width entries are normalised like text.
	if err := os.WriteFile(path, []byte("# 运营方词典\n磁流變彈性體\n隔振器 5000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Segmenting while the dictionary grows must be safe (run with -race).
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { a.Analyze([]byte(text)) })
	}
	if err := LoadOperatorDictionary(path); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if got, want := terms(a.Analyze([]byte(text))), []string{"磁流变弹性体", "隔振器"}; !slices.Equal(got, want) {
		t.Errorf("after loading: %q, want %q (before: %q)", got, want, before)
	}

	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("好词 many\n"), 0o644)
	if err := LoadOperatorDictionary(bad); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad frequency: err = %v", err)
	}
	if err := LoadOperatorDictionary(filepath.Join(dir, "missing.txt")); !os.IsNotExist(err) {
		t.Errorf("missing file: err = %v", err)
	}
}

// The domain dictionary must parse; a typo would only show as a panic on
// first use in production.
func TestDomainDictionaryParses(t *testing.T) {
	entries, err := parseDict(strings.NewReader(domainDict))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 100 {
		t.Errorf("only %d domain terms", len(entries))
	}
}
