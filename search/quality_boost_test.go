package search

import (
	"math"
	"slices"
	"testing"
	"time"
)

// At equal text relevance the complete, fresh, verified listing ranks first;
// the boost reorders ties but does not beat a clearly better text match.
func TestQualityRanksEqualTextFirst(t *testing.T) {
	ix, _ := openTemp(t)
	now := time.Now()
	same := func(id int64) Document {
		return Document{Kind: KindAchievement, ID: id, Title: "高镍三元正极材料制备方法", Summary: "一种锂离子电池用高镍正极材料的制备方法。",
			Keywords: []string{"正极材料"}, Field: "新能源与高效节能", Region: "350102", Org: "某大学", PublishedAt: now.Add(-400 * 24 * time.Hour)}
	}
	plain := same(1) // nothing: as the quality tests' documents
	stale := same(2) // complete and verified, but confirmed a year ago
	stale.Completeness, stale.OrgVerified = 100, true
	stale.ConfirmedAt = now.Add(-365 * 24 * time.Hour)
	half := same(3) // half complete, fresh
	half.Completeness, half.ConfirmedAt = 50, now.Add(-2*24*time.Hour)
	best := same(9) // complete, verified, confirmed last week
	best.Completeness, best.OrgVerified, best.ConfirmedAt = 100, true, now.Add(-7*24*time.Hour)
	better := Document{Kind: KindAchievement, ID: 10, Title: "高镍三元正极材料制备方法及高镍三元正极材料在锂离子电池中的应用",
		Summary: "高镍三元正极材料：高镍正极材料制备方法，锂离子电池正极材料，高镍三元。", Keywords: []string{"正极材料", "高镍三元", "锂离子电池"},
		Field: "新能源与高效节能", Region: "350102", Org: "某大学", PublishedAt: now}
	if err := ix.Apply(1, []Document{plain, stale, half, best}, nil); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Query{Q: "高镍正极材料"})
	got := ids(res)
	want := []string{"achievement:9", "achievement:2", "achievement:3", "achievement:1"}
	if !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	// The boost is small: at most 12 % over a listing with none. (Scores
	// carry their tier inside the search, a million apart, which leaves
	// them exact to about 1e-9.)
	if r := res.Items[0].Score / res.Items[3].Score; r <= 1 || r > 1.12+1e-6 {
		t.Errorf("best/plain score ratio %.4f, want in (1, 1.12]", r)
	}
	// A much better text match without any quality still wins.
	if err := ix.Apply(2, []Document{better}, nil); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "高镍三元正极材料 锂离子电池"})); got[0] != "achievement:10" {
		t.Errorf("better text match should rank first: %v", got)
	}
}

func TestFreshness(t *testing.T) {
	today := dayNumber(time.Now())
	for _, c := range []struct {
		ageDays float64
		want    float64
	}{{0, 1}, {30, 1}, {105, 0.5}, {180, 0}, {400, 0}} {
		if got := freshness(today-c.ageDays, today); got != c.want {
			t.Errorf("age %v days: freshness %v, want %v", c.ageDays, got, c.want)
		}
	}
	if freshness(0, today) != 0 {
		t.Error("never confirmed should not be fresh")
	}
}

func TestQualityValueRoundTrips(t *testing.T) {
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	d := Document{Completeness: 85, OrgVerified: true, ConfirmedAt: at}
	static, day := unpackQuality(d.qualityValue())
	if day != dayNumber(at) || math.Abs(static-0.0725) > 0.001 {
		t.Errorf("unpacked static %v day %v, want about 0.0725 and %v", static, day, dayNumber(at))
	}
	if static, day := unpackQuality((&Document{}).qualityValue()); static != 0 || day != 0 {
		t.Errorf("empty document: %v %v", static, day)
	}
}
