package app

import (
	"fmt"
	"testing"
	"time"

	"techmarket/models"
)

// The bid record is every accepted bid, highest first, page by page, and
// total counts them all (it once stopped at the 200 highest, total 200).
func TestBidRecordIsCompleteAndPaged(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 0)
		const bids = 230
		for i := 0; i < bids; i++ {
			am.placed(am.bidders[i%2], 100_000+int64(i)*10_000, fmt.Sprintf("k%d", i))
		}
		var got []models.Bid
		for p := 1; ; p++ {
			pg := call[page[models.Bid]](m, nil, 200, "GET", fmt.Sprintf("%s?page=%d&size=100", am.bidsPath(), p), nil)
			if pg.Total != bids || pg.Page != p || pg.Size != 100 {
				t.Fatalf("page %d: total %d page %d size %d", p, pg.Total, pg.Page, pg.Size)
			}
			if len(pg.Items) == 0 {
				break
			}
			got = append(got, pg.Items...)
		}
		if len(got) != bids {
			t.Fatalf("%d bids over the pages, want %d", len(got), bids)
		}
		for i, b := range got {
			if want := 100_000 + int64(bids-1-i)*10_000; b.AmountFen != want {
				t.Fatalf("bid %d of the record: %d, want %d (highest first, none missing or repeated)", i, b.AmountFen, want)
			}
			if i > 0 && b.CreatedAt.After(got[i-1].CreatedAt) {
				t.Errorf("bid %d at %s is later than the higher bid before it (%s)", i, b.CreatedAt, got[i-1].CreatedAt)
			}
		}
		// The default page is the 20 highest.
		first := call[page[models.Bid]](m, nil, 200, "GET", am.bidsPath(), nil)
		if len(first.Items) != 20 || first.Total != bids || first.Items[0].AmountFen != got[0].AmountFen {
			t.Errorf("default page: %d items, total %d", len(first.Items), first.Total)
		}
		m.play(t,
			step{name: "a page too large", method: "GET", path: am.bidsPath() + "?size=101", want: 422, code: "invalid_input"},
			step{name: "page zero", method: "GET", path: am.bidsPath() + "?page=0", want: 422, code: "invalid_input"},
			step{name: "an unknown lot", method: "GET", path: "/api/v1/lots/99999/bids", want: 404, code: "lot_not_found"},
		)
	})
}
