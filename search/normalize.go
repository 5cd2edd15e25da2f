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
	// phrases that start with a rune, so that text without phrase starts
	// costs one map lookup a rune.
	phraseLens map[rune][]int
}

var loadTS = sync.OnceValue(func() *tsTables {
	t := &tsTables{
		chars:      map[rune]string{},
		phrases:    map[string]string{},
		phraseLens: map[rune][]int{},
	}
	eachEntry("opencc/TSCharacters.txt", func(from, to string) {
		r, _ := utf8.DecodeRuneInString(from)
		t.chars[r] = to
	})
	eachEntry("opencc/TSPhrases.txt", func(from, to string) {
		t.phrases[from] = to
		r, _ := utf8.DecodeRuneInString(from)
		if n := utf8.RuneCountInString(from); !slices.Contains(t.phraseLens[r], n) {
			t.phraseLens[r] = append(t.phraseLens[r], n)
		}
	})
	for _, lens := range t.phraseLens {
		slices.SortFunc(lens, func(a, b int) int { return b - a })
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
	// First pass: width and case, rune by rune, remembering how many source
	// bytes each rune stands for so that phrases can be padded as a whole.
	runes := make([]rune, 0, len(in))
	sizes := make([]int, 0, len(in))
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		i += n
		if r == utf8.RuneError && n == 1 {
			runes = append(runes, utf8.RuneError)
			sizes = append(sizes, 1)
			continue
		}
		if f := width.LookupRune(r).Folded(); f != 0 && utf8.RuneLen(f) <= n {
			r = f
		}
		if l := unicode.ToLower(r); utf8.RuneLen(l) <= n {
			r = l
		}
		runes = append(runes, r)
		sizes = append(sizes, n)
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
			// out is as long as the input consumed so far, so this is the
			// invalid byte itself, kept as it was.
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
