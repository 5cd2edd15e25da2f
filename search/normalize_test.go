package search

import (
	"math/rand/v2"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// normalizeRuneByRune is the normaliser as first written: every rune folded
// and looked up in both tables. The fast one must give the same bytes.
func normalizeRuneByRune(in []byte) []byte {
	t := loadTS()
	runes := make([]rune, 0, len(in))
	sizes := make([]int, 0, len(in))
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		i += n
		if r == utf8.RuneError && n == 1 {
			runes, sizes = append(runes, utf8.RuneError), append(sizes, 1)
			continue
		}
		if f := width.LookupRune(r).Folded(); f != 0 && utf8.RuneLen(f) <= n {
			r = f
		}
		if l := unicode.ToLower(r); utf8.RuneLen(l) <= n {
			r = l
		}
		runes, sizes = append(runes, r), append(sizes, n)
	}
	out := make([]byte, 0, len(in))
	emit := func(s string, srcLen int) {
		out = append(out, s...)
		for k := len(s); k < srcLen; k++ {
			out = append(out, pad)
		}
	}
	for i := 0; i < len(runes); {
		r := runes[i]
		if sizes[i] == 1 && r == utf8.RuneError {
			out = append(out, in[len(out)])
			i++
			continue
		}
		if lens := t.phraseLens[r]; lens != nil {
			if n, to, srcLen := t.matchPhrase(runes, sizes, i, lens); n > 0 {
				emit(to, srcLen)
				i += n
				continue
			}
		}
		if to, ok := t.chars[r]; ok && len(to) <= sizes[i] {
			emit(to, sizes[i])
		} else {
			emit(string(r), sizes[i])
		}
		i++
	}
	return out
}

func TestFastNormaliserEqualsRuneByRune(t *testing.T) {
	texts := []string{"", "ＡＢＣ１２３，（锂电池）", "鋰離子電池的製備與應用", "乾隆皇帝與乾燥劑", "Low-E 玻璃\x00\xff\xfe鍍膜",
		"ǅ İstanbul ΣΑΣ Ⅻ ﾊﾝｶｸ　全角空格", "\u202e反转\u2066", "𠀀𪚥龘 🙂 ẞ"}
	// Traditional texts made from the phrase table, so that phrases of
	// every length and their neighbours are met.
	tt := loadTS()
	for from := range tt.phrases {
		texts = append(texts, "前"+from+"後，"+from)
		if len(texts) > 3000 {
			break
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pool := []rune("ＡａZz０9，。：（）鋰离離電电乾干後后髮发ǅİΣⅫﾊ　 \x00\uFFFD𠀀🙂ẞ")
	for range 3000 {
		var b []byte
		for range rng.IntN(30) {
			if rng.IntN(20) == 0 {
				b = append(b, byte(0x80+rng.IntN(0x80))) // an invalid byte
				continue
			}
			b = utf8.AppendRune(b, pool[rng.IntN(len(pool))])
		}
		texts = append(texts, string(b))
	}
	same := func(t *testing.T, texts []string) {
		for _, s := range texts {
			got, want := normalizeBytes([]byte(s)), normalizeRuneByRune([]byte(s))
			if string(got) != string(want) {
				t.Fatalf("normalise %q:\n got %q\nwant %q", s, got, want)
			}
		}
	}
	same(t, texts)
	t.Run("CSL papers", func(t *testing.T) {
		var texts []string
		for _, p := range loadPapers(t) {
			texts = append(texts, p.Title, p.Abstract, Normalize(p.Abstract))
		}
		same(t, texts)
	})
}

func BenchmarkNormalize(b *testing.B) {
	papers := loadPapers(b)
	for _, impl := range []struct {
		name string
		fn   func([]byte) []byte
	}{{"fast", normalizeBytes}, {"rune-by-rune", normalizeRuneByRune}} {
		b.Run(impl.name, func(b *testing.B) {
			n := 0
			for i := range b.N {
				n += len(impl.fn([]byte(papers[i%len(papers)].Abstract)))
			}
			b.SetBytes(int64(n / b.N))
		})
	}
}
