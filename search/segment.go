package search

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/go-ego/gse"
)

// WordTokenizer is the registered name of the gse word tokenizer.
const WordTokenizer = "tm_word"

//go:embed dict/domain.txt
var domainDict string

// defaultFreq is the frequency given to dictionary lines without one. It is
// high enough in gse's dictionary (total frequency about 3.4e7) that a domain
// term wins over any split into two or more common words.
const defaultFreq = 2000

type dictEntry struct {
	word string
	freq float64
}

// words is the process-wide segmenter. The gse dictionary takes about a
// second and a hundred-odd MB to load, so it is loaded once, on first use.
// Segmentation only reads the dictionary; adding words rewrites it, hence
// the RWMutex.
var words struct {
	mu       sync.RWMutex
	seg      *gse.Segmenter
	operator []dictEntry // kept so a later first load includes them
}

// LoadOperatorDictionary adds the words of an operator's dictionary file
// (one word a line, optionally followed by a frequency; lines starting
// with # are comments).
// Documents indexed before the call keep their old segmentation until they
// are reindexed.
func LoadOperatorDictionary(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	entries, err := parseDict(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	words.mu.Lock()
	defer words.mu.Unlock()
	words.operator = append(words.operator, entries...)
	if words.seg != nil {
		for _, e := range entries {
			// AddToken ignores words already present, so a word the
			// operator lists again with a new frequency is replaced.
			if _, _, ok := words.seg.Find(e.word); ok {
				words.seg.ReAddToken(e.word, e.freq)
			} else {
				words.seg.AddToken(e.word, e.freq)
			}
		}
		words.seg.CalcToken()
	}
	return nil
}

func parseDict(r io.Reader) ([]dictEntry, error) {
	var out []dictEntry
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		e := dictEntry{word: Clean(fields[0]), freq: defaultFreq}
		if len(fields) > 1 {
			f, err := strconv.ParseFloat(fields[1], 64)
			if err != nil || f < 1 {
				return nil, fmt.Errorf("line %d: bad frequency %q", n, fields[1])
			}
			e.freq = f
		}
		if len(fields) > 2 {
			return nil, fmt.Errorf("line %d: want a word and an optional frequency", n)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// LoadDictionary loads the word dictionary now rather than at the first
// text analysed: it takes about a second, which the first search after a
// start, or a rebuild, would otherwise wait for.
func LoadDictionary() {
	segmenter()
	words.mu.RUnlock()
}

// segmenter returns the loaded segmenter with the read lock held; the caller
// must call words.mu.RUnlock.
func segmenter() *gse.Segmenter {
	words.mu.RLock()
	if words.seg != nil {
		return words.seg
	}
	words.mu.RUnlock()
	words.mu.Lock()
	if words.seg == nil {
		words.seg = loadSegmenter(words.operator)
	}
	words.mu.Unlock()
	words.mu.RLock()
	return words.seg
}

func loadSegmenter(operator []dictEntry) *gse.Segmenter {
	domain, err := parseDict(strings.NewReader(domainDict))
	if err != nil {
		panic("search/dict/domain.txt: " + err.Error())
	}
	// The HMM for unknown words keeps its model in package globals that every
	// call rewrites, which races; dictionary segmentation alone is safe.
	seg := &gse.Segmenter{NotLoadHMM: true, SkipLog: true}
	seg.Dict = gse.NewDict()
	seg.Init()
	// Added before the general dictionary so that their frequencies win:
	// gse keeps the first entry of a word.
	for _, e := range append(operator, domain...) {
		seg.AddToken(e.word, e.freq)
	}
	// Text is converted to Simplified before it is segmented, so the
	// Traditional half of gse's dictionary is not needed.
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		panic("gse dictionary: " + err.Error())
	}
	return seg
}

// withoutPad is normalised text without the normaliser's padding, with
// where each byte was (padMap). Most texts have no padding: they are
// returned as they are, with a nil map, for a copy and a map of eight bytes
// a byte were most of what highlighting a page allocated.
func withoutPad(in []byte) (clean []byte, offs padMap) {
	if bytes.IndexByte(in, pad) < 0 {
		return in, nil
	}
	clean = make([]byte, 0, len(in))
	offs = make(padMap, 0, len(in)+1)
	for i, b := range in {
		if b != pad {
			clean = append(clean, b)
			offs = append(offs, i)
		}
	}
	return clean, append(offs, len(in))
}

// padMap says where each byte of text without padding was: m.at(i) is the
// position of clean[i] in the input, and m.at(len(clean)) is len(in), so a
// pad counts with the character before it. A nil map is the identity.
type padMap []int

func (m padMap) at(i int) int {
	if m == nil {
		return i
	}
	return m[i]
}

// wordTokenizer segments normalised text into words. Punctuation and spaces
// are dropped; Latin words and numbers come out as they are (already lower
// case). Each piece of text yields one word: adding gse's sub-words of
// compounds (its "search mode") lowered tag nDCG@10 from 0.546 to 0.525.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(in []byte) analysis.TokenStream {
	// gse must not see the padding, so segment a copy without it.
	clean, offs := withoutPad(in)

	seg := segmenter()
	segs := seg.Segment(clean)
	words.mu.RUnlock()

	out := make(analysis.TokenStream, 0, len(segs))
	for _, s := range segs {
		term := clean[s.Start():s.End()]
		if !hasWordRune(term) {
			continue
		}
		out = append(out, &analysis.Token{
			Term:     term,
			Start:    offs.at(s.Start()),
			End:      offs.at(s.End()),
			Position: len(out) + 1,
			Type:     tokenType(term),
		})
	}
	return out
}

func hasWordRune(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
		b = b[n:]
	}
	return false
}

func tokenType(term []byte) analysis.TokenType {
	r, _ := utf8.DecodeRune(term)
	switch {
	case isCJK(r):
		return analysis.Ideographic
	case unicode.IsNumber(r):
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// wordParts returns the dictionary words inside a compound of three or more
// Han characters, as a search engine's "search mode" cuts it: 燃料 and 电池
// for 燃料电池, 石墨 for 石墨烯. Parts of one character are left to the
// sub-word field, where a lone character finds them.
func wordParts(word string) []string {
	if utf8.RuneCountInString(word) < 3 {
		return nil
	}
	for _, r := range word {
		if !unicode.Is(unicode.Han, r) {
			return nil
		}
	}
	seg := segmenter()
	pieces := seg.CutSearch(word)
	words.mu.RUnlock()
	var out []string
	for _, p := range pieces {
		if p != word && utf8.RuneCountInString(p) >= 2 && strings.Contains(word, p) {
			out = append(out, p)
		}
	}
	return unique(out)
}
