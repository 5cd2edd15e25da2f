package search

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestJudgedPool helps judging new queries for testdata/judged.tsv: for
// each query of the file named by TM_JUDGE_POOL (an absolute path, one query
// a line) it writes a line to that file with .pool appended: the query, the
// paper ids (csl-dev-…) of the project's top 20 and those of the naive
// baseline's, separated by tabs. The judge reads those papers beside the
// ones found by grepping for the query's terms.
func TestJudgedPool(t *testing.T) {
	path := os.Getenv("TM_JUDGE_POOL")
	if path == "" {
		t.Skip("set TM_JUDGE_POOL to a file of queries to pool them")
	}
	papers := loadPapers(t)
	docs := make([]Document, len(papers))
	for i, p := range papers {
		docs[i] = paperDoc(i, p)
	}
	ix := buildProject(t, filepath.Join(t.TempDir(), "project"), docs)
	defer ix.Close()
	base, _ := paperBaseline(t)
	project, baseline := projectSearcher(t, ix), baselineSearcher(t, base)

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := os.Create(path + ".pool")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	external := func(ids []string) string {
		var ext []string
		for _, id := range ids {
			_, n, _ := strings.Cut(id, ":")
			i, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("doc id %q", id)
			}
			ext = append(ext, papers[i-1].ID)
		}
		return strings.Join(ext, ",")
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		fmt.Fprintf(out, "%s\t%s\t%s\n", q, external(project(q, 20)), external(baseline(q, 20)))
	}
}
