package search

import (
	"bufio"
	"embed"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// NormalizeCharFilter is the registered name of the normalisation char filter.
const NormalizeCharFilter = "tm_normalize"

//go:embed opencc/TSCharacters.txt opencc/TSPhrases.txt
var openccFS embed.FS

// pad fills the bytes a conversion freed. Bleve takes token offsets from the
// char-filtered text but cuts highlights out of the stored original, so the
// filter must keep every byte where it was; our tokenizers skip NUL.
const pad = 0

type tsTables struct {
	chars   map[rune]string
	phrases map[string]string
	// phraseLens lists, longest first, the lengths in runes of the
	// phrases that start with a rune.
	phraseLens map[rune][]int
	// phrasePairs holds the first two runes of every phrase (all have two
	// or more). Many common characters begin some phrase (不, 一, 干), and
	// looking the next rune up first spares reading ahead and building a
	// string a length for nearly all of them: the phrase look-ups were half
	// of highlighting a page's summaries.
	phrasePairs map[[2]rune]bool
	// specials is a bit set over the runes up to the supplementary planes'
	// CJK: see special.
	specials []uint64
}

// specialsEnd bounds the bit set: the CJK extensions end in plane 3.
const specialsEnd = 0x40000

var loadTS = sync.OnceValue(func() *tsTables {
	t := &tsTables{
		chars:       map[rune]string{},
		phrases:     map[string]string{},
		phraseLens:  map[rune][]int{},
		phrasePairs: map[[2]rune]bool{},
	}
	eachEntry("opencc/TSCharacters.txt", func(from, to string) {
		r, _ := utf8.DecodeRuneInString(from)
		t.chars[r] = to
	})
	eachEntry("opencc/TSPhrases.txt", func(from, to string) {
		t.phrases[from] = to
		r, n := utf8.DecodeRuneInString(from)
		r2, _ := utf8.DecodeRuneInString(from[n:])
		t.phrasePairs[[2]rune{r, r2}] = true
		if n := utf8.RuneCountInString(from); !slices.Contains(t.phraseLens[r], n) {
			t.phraseLens[r] = append(t.phraseLens[r], n)
		}
	})
	for _, lens := range t.phraseLens {
		slices.SortFunc(lens, func(a, b int) int { return b - a })
	}
	t.specials = make([]uint64, specialsEnd/64)
	mark := func(r rune) { t.specials[r/64] |= 1 << (r % 64) }
	for r := rune(0x80); r < specialsEnd; r++ {
		if fold(r, utf8.RuneLen(r)) != r {
			mark(r)
		}
	}
	for r := range t.chars {
		if r < specialsEnd {
			mark(r)
		}
	}
	for r := range t.phraseLens {
		if r < specialsEnd {
			mark(r)
		}
	}
	return t
})

// eachEntry calls fn with the source and the first target of each line of an
// embedded OpenCC table.
func eachEntry(name string, fn func(from, to string)) {
	f, err := openccFS.Open(name)
	if err != nil {
		panic(err) // embedded, so only a broken build gets here
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		from, to, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		to, _, _ = strings.Cut(to, " ")
		if from != "" && to != "" {
			fn(from, to)
		}
	}
}

// Normalize folds full-width forms to half-width, lower-cases and converts
// Traditional to Simplified Chinese. The result has the same length in bytes
// as s: where a replacement is shorter it is followed by NUL bytes, and a
// replacement that would be longer is not made.
func Normalize(s string) string {
	return string(normalizeBytes([]byte(s)))
}

// Clean is Normalize without the padding, for showing or comparing text.
func Clean(s string) string {
	return strings.ReplaceAll(Normalize(s), "\x00", "")
}

func normalizeBytes(in []byte) []byte {
	t := loadTS()
	out := make([]byte, 0, len(in))
	emit := func(s string, srcLen int) {
		out = append(out, s...)
		for k := len(s); k < srcLen; k++ {
			out = append(out, pad)
		}
	}
	var runes []rune // the folded runes a phrase is looked up by
	var sizes []int
	for i := 0; i < len(in); {
		c := in[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		if (r == utf8.RuneError && n == 1) || !t.special(r) {
			// Most of a text: kept as it is, invalid bytes included.
			out = append(out, in[i:i+n]...)
			i += n
			continue
		}
		r = fold(r, n)
		if lens := t.phraseLens[r]; lens != nil && t.beginsPhrase(r, in[i+n:]) {
			runes, sizes = foldAhead(in[i:], lens[0], runes[:0], sizes[:0])
			if l, to, srcLen := t.matchPhrase(runes, sizes, 0, lens); l > 0 {
				emit(to, srcLen)
				i += srcLen
				continue
			}
		}
		if to, ok := t.chars[r]; ok && len(to) <= n {
			emit(to, n)
		} else {
			emit(string(r), n)
		}
		i += n
	}
	return out
}

// fold maps a rune to its half-width, lower-case form where that is no
// longer in bytes than the n it was written in.
func fold(r rune, n int) rune {
	if f := width.LookupRune(r).Folded(); f != 0 && utf8.RuneLen(f) <= n {
		r = f
	}
	if l := unicode.ToLower(r); utf8.RuneLen(l) <= n {
		r = l
	}
	return r
}

// foldAhead decodes and folds up to max runes from the start of b, stopping
// at an invalid byte (no phrase holds one).
func foldAhead(b []byte, max int, runes []rune, sizes []int) ([]rune, []int) {
	for len(b) > 0 && len(runes) < max {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			break
		}
		runes, sizes = append(runes, fold(r, n)), append(sizes, n)
		b = b[n:]
	}
	return runes, sizes
}

// special reports whether the normaliser may change r: by width or case, or
// as a Traditional character or the start of a phrase. Checking one bit a
// rune instead of folding it and looking it up in two maps made the
// normaliser several times faster; it runs over every text indexed and
// every hit highlighted.
func (t *tsTables) special(r rune) bool {
	if int(r) >= len(t.specials)*64 {
		return true
	}
	return t.specials[r/64]&(1<<(r%64)) != 0
}

// beginsPhrase reports whether r, followed by the rune rest starts with,
// is how some phrase begins.
func (t *tsTables) beginsPhrase(r rune, rest []byte) bool {
	r2, n := utf8.DecodeRune(rest)
	if r2 == utf8.RuneError && n <= 1 {
		return false // the end, or an invalid byte: no phrase holds one
	}
	return t.phrasePairs[[2]rune{r, fold(r2, n)}]
}

// matchPhrase finds the longest TSPhrases entry starting at runes[i] whose
// replacement fits in the bytes it replaces.
func (t *tsTables) matchPhrase(runes []rune, sizes []int, i int, lens []int) (n int, to string, srcLen int) {
	for _, l := range lens {
		if i+l > len(runes) {
			continue
		}
		target, ok := t.phrases[string(runes[i:i+l])]
		if !ok {
			continue
		}
		src := 0
		for _, s := range sizes[i : i+l] {
			src += s
		}
		if len(target) <= src {
			return l, target, src
		}
	}
	return 0, "", 0
}
