package search

import (
	"bufio"
	_ "embed"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Synonyms are applied to queries, never to the index: a query's term
// stands for the other terms of its group too, so that changing the list
// needs no reindex. The list shipped in dict/synonyms.txt is extended by the
// operator's file, which is re-read when it changes.

//go:embed dict/synonyms.txt
var shippedSynonymsText string

// synonymSet holds synonym groups of normalised terms. A term is in one
// group: a line naming a term of an earlier group adds to that group, so
// that an operator extends 无人机 无人飞行器 by writing 无人机 航拍器.
type synonymSet struct {
	groups [][]string
	of     map[string]int // term -> its group
}

var shippedSynonyms = sync.OnceValue(func() *synonymSet {
	s := &synonymSet{of: map[string]int{}}
	s.add(strings.NewReader(shippedSynonymsText))
	return s
})

// add reads groups, one a line, terms separated by white space; lines
// starting with # are comments and a line of one term says nothing.
func (s *synonymSet) add(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		var line []string
		for _, f := range fields {
			if t := Clean(f); t != "" && !slices.Contains(line, t) {
				line = append(line, t)
			}
		}
		if len(line) < 2 {
			continue
		}
		// The line's terms join the first group any of them is in, and
		// so do the other groups they are in.
		g := -1
		for _, t := range line {
			if n, ok := s.of[t]; ok && (g < 0 || n < g) {
				g = n
			}
		}
		if g < 0 {
			g = len(s.groups)
			s.groups = append(s.groups, nil)
		}
		for _, t := range line {
			if n, ok := s.of[t]; ok && n != g {
				for _, o := range s.groups[n] {
					s.of[o] = g
				}
				s.groups[g] = append(s.groups[g], s.groups[n]...)
				s.groups[n] = nil
			}
			if _, ok := s.of[t]; !ok {
				s.of[t] = g
				s.groups[g] = append(s.groups[g], t)
			}
		}
	}
	return sc.Err()
}

// with returns a copy of s extended by the groups read from r.
func (s *synonymSet) with(r io.Reader) (*synonymSet, error) {
	out := &synonymSet{groups: make([][]string, len(s.groups)), of: maps.Clone(s.of)}
	for i, g := range s.groups {
		out.groups[i] = slices.Clone(g)
	}
	return out, out.add(r)
}

// others returns the terms that share a group with term, without it.
func (s *synonymSet) others(term string) []string {
	g, ok := s.of[term]
	if !ok {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(s.groups[g]), func(t string) bool { return t == term })
}

// synonymHit is a term of the list found in a query, at clean[start:end].
type synonymHit struct {
	term string
	span
}

// find returns the terms of the list that occur in clean (normalised text
// without padding), longest first where they overlap, in text order. A
// Latin term counts only as a whole word: ai is in "ai芯片" but not in "email".
func (s *synonymSet) find(clean []byte) []synonymHit {
	var all []synonymHit
	for t := range s.of {
		for _, o := range occurrences(clean, t) {
			all = append(all, synonymHit{t, o})
		}
	}
	// Longest first, then leftmost; a term overlapping one already taken
	// is a part of it (锂电 in 锂电池) and goes.
	slices.SortFunc(all, func(a, b synonymHit) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		return a.start - b.start
	})
	var taken []synonymHit
	for _, h := range all {
		if !slices.ContainsFunc(taken, func(o synonymHit) bool { return h.start < o.end && o.start < h.end }) {
			taken = append(taken, h)
		}
	}
	slices.SortFunc(taken, func(a, b synonymHit) int { return a.start - b.start })
	return taken
}

// synonymSource is the shipped list extended by an operator's file. Every
// search looks at the file's modification time and size, a stat that costs
// a microsecond against a search's milliseconds, and reads it again when
// they changed: an operator's edit applies to the next search.
type synonymSource struct {
	mu      sync.Mutex
	path    string // "" for the shipped list alone
	modTime time.Time
	size    int64
	set     *synonymSet // nil: the shipped list alone
}

// UseOperatorSynonyms makes searches apply the synonym groups of the file
// at path (same format as dict/synonyms.txt) on top of the shipped ones.
// The file need not exist yet.
func (ix *Index) UseOperatorSynonyms(path string) error {
	src := &ix.synonyms
	src.mu.Lock()
	defer src.mu.Unlock()
	src.path, src.modTime, src.size, src.set = path, time.Time{}, 0, nil
	return src.reload()
}

// current returns the synonyms to apply now, reading the operator's file
// again if it changed. A file that cannot be read leaves the last good list
// in force: a search is no place to fail over an operator's edit.
func (src *synonymSource) current() *synonymSet {
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.path != "" {
		src.reload()
	}
	if src.set == nil {
		return shippedSynonyms()
	}
	return src.set
}

// reload reads the operator's file if it changed since it was last read;
// src.mu is held.
func (src *synonymSource) reload() error {
	fi, err := os.Stat(src.path)
	if os.IsNotExist(err) {
		src.set, src.modTime, src.size = nil, time.Time{}, 0
		return nil
	}
	if err != nil {
		return err
	}
	if src.set != nil && fi.ModTime().Equal(src.modTime) && fi.Size() == src.size {
		return nil
	}
	f, err := os.Open(src.path)
	if err != nil {
		return err
	}
	defer f.Close()
	set, err := shippedSynonyms().with(f)
	if err != nil {
		return err
	}
	src.set, src.modTime, src.size = set, fi.ModTime(), fi.Size()
	return nil
}
