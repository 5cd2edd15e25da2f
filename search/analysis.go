package search

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the analysis parts are registered with Bleve, so that
// index mappings (ours and anyone else's) can refer to them.
const (
	BigramTokenizer = "tm_bigram"
	CharTokenizer   = "tm_char"
	StopWordsMap    = "tm_stop_words"
	StopWordsFilter = "tm_stop"
	WordAnalyzer    = "tm_word"
	BigramAnalyzer  = "tm_bigram"
	CharAnalyzer    = "tm_char"
)

//go:embed dict/stop.txt
var stopWords string

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isLatin(r rune) bool {
	return !isCJK(r) && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

// bigramTokenizer turns each run of CJK characters into overlapping
// bigrams (a run of one character into that character) and each run of other
// letters and digits into one token. Everything else separates runs, except
// the normaliser's padding, which is skipped.
type bigramTokenizer struct{}

type span struct{ start, end int }

type cjkChar struct {
	r rune
	span
}

func (bigramTokenizer) Tokenize(in []byte) analysis.TokenStream {
	var (
		out   analysis.TokenStream
		cjk   []cjkChar // the current CJK run
		latin []byte    // the current Latin run without padding
		lspan span
	)
	emit := func(term []byte, s span, typ analysis.TokenType) {
		out = append(out, &analysis.Token{Term: term, Start: s.start, End: s.end, Position: len(out) + 1, Type: typ})
	}
	flushCJK := func() {
		switch len(cjk) {
		case 0:
			return
		case 1:
			emit(utf8.AppendRune(nil, cjk[0].r), cjk[0].span, analysis.Single)
		default:
			for i := 0; i+1 < len(cjk); i++ {
				term := utf8.AppendRune(make([]byte, 0, 8), cjk[i].r)
				term = utf8.AppendRune(term, cjk[i+1].r)
				emit(term, span{cjk[i].start, cjk[i+1].end}, analysis.Double)
			}
		}
		cjk = cjk[:0]
	}
	flushLatin := func() {
		if len(latin) > 0 {
			emit(latin, lspan, tokenType(latin))
			latin = nil
		}
	}
	for i := 0; i < len(in); {
		if in[i] == pad {
			// Padding belongs to the character before it.
			if len(latin) > 0 {
				lspan.end = i + 1
			} else if len(cjk) > 0 {
				cjk[len(cjk)-1].end = i + 1
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		switch {
		case isCJK(r):
			flushLatin()
			cjk = append(cjk, cjkChar{r, span{i, i + n}})
		case isLatin(r):
			flushCJK()
			if len(latin) == 0 {
				lspan.start = i
			}
			latin = append(latin, in[i:i+n]...)
			lspan.end = i + n
		default:
			flushCJK()
			flushLatin()
		}
		i += n
	}
	flushCJK()
	flushLatin()
	return out
}

// charTokenizer turns each CJK character into a token of its own and drops
// everything else: the sub-word field, through which a part of a compound
// finds the compound (锂 finds 锂离子电池). Latin words are whole in the
// other fields already.
type charTokenizer struct{}

func (charTokenizer) Tokenize(in []byte) analysis.TokenStream {
	var out analysis.TokenStream
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		if !isCJK(r) {
			i += n
			continue
		}
		end := i + n
		for end < len(in) && in[end] == pad { // padding belongs to the character before it
			end++
		}
		out = append(out, &analysis.Token{Term: in[i : i+n], Start: i, End: end, Position: len(out) + 1, Type: analysis.Single})
		i = end
	}
	return out
}

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterCharFilter(NormalizeCharFilter, func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
		return normalizeFilter{}, nil
	}))
	must(registry.RegisterTokenizer(WordTokenizer, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	}))
	must(registry.RegisterTokenizer(BigramTokenizer, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return bigramTokenizer{}, nil
	}))
	must(registry.RegisterTokenizer(CharTokenizer, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return charTokenizer{}, nil
	}))
	must(registry.RegisterTokenMap(StopWordsMap, func(map[string]interface{}, *registry.Cache) (analysis.TokenMap, error) {
		m := analysis.NewTokenMap()
		for _, line := range strings.Split(stopWords, "\n") {
			if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
				m.AddToken(Clean(w))
			}
		}
		return m, nil
	}))
	must(registry.RegisterTokenFilter(StopWordsFilter, func(_ map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
		m, err := cache.TokenMapNamed(StopWordsMap)
		if err != nil {
			return nil, err
		}
		return stop.NewStopTokensFilter(m), nil
	}))
	must(registry.RegisterAnalyzer(WordAnalyzer, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newAnalyzer(cache, WordTokenizer, StopWordsFilter)
	}))
	must(registry.RegisterAnalyzer(BigramAnalyzer, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newAnalyzer(cache, BigramTokenizer)
	}))
	must(registry.RegisterAnalyzer(CharAnalyzer, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newAnalyzer(cache, CharTokenizer)
	}))
}

func newAnalyzer(cache *registry.Cache, tokenizer string, filters ...string) (analysis.Analyzer, error) {
	cf, err := cache.CharFilterNamed(NormalizeCharFilter)
	if err != nil {
		return nil, err
	}
	tok, err := cache.TokenizerNamed(tokenizer)
	if err != nil {
		return nil, err
	}
	a := &analysis.DefaultAnalyzer{CharFilters: []analysis.CharFilter{cf}, Tokenizer: tok}
	for _, name := range filters {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		a.TokenFilters = append(a.TokenFilters, f)
	}
	return a, nil
}

type normalizeFilter struct{}

func (normalizeFilter) Filter(in []byte) []byte { return normalizeBytes(in) }
