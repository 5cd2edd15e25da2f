package search

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJudgedPool helps judging: for each query of the file named by
// TM_JUDGE_POOL (one query a line), it writes the doc ids of the top 20 of
// the project and of the naive baseline to that file with .pool appended,
// so the judge reads them beside the papers found by grepping.
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
			var n int
			fmt.Sscanf(id[strings.IndexByte(id, ':')+1:], "%d", &n)
			ext = append(ext, papers[n-1].ID)
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
