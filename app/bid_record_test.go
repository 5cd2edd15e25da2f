package app

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"techmarket/models"
	"techmarket/models/modeltest"
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

// Bids placed at once read in order: by amount as by time. They come
// through two processes (two markets over one database, each with its own
// lot desks, the second's clock 3 ms behind the first's), so bids queue both
// at a desk and at the conditional update. A bid was once stamped when it
// arrived, before it queued, and could read earlier than the bid it beat.
func TestConcurrentBidsReadInOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 10, now.Add(-time.Minute), now.Add(time.Hour), 0)
		behind := modeltest.NewMarket(m.db)
		behind.Clock = func() time.Time { return time.Now().Add(-3 * time.Millisecond) }
		processes := []*models.Market{m.market, behind}
		var wg sync.WaitGroup
		var accepted atomic.Int64
		for g := 0; g < 40; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				b := am.bidders[g%len(am.bidders)]
				bidder := models.Actor{UserID: b.UserID, Role: models.RoleDemander, OrgID: b.OrgID, OrgVerified: true, Membership: models.MemberActive}
				for n := 0; n < 100 && accepted.Load() < 60; n++ {
					// What the bidder last saw, raised by one to eight
					// increments: of bids that read the same price, several
					// may still get in, each over the last.
					var lot models.Lot
					if err := m.db.Select("current_price_fen", "bid_count").First(&lot, am.lotID).Error; err != nil {
						t.Error(err)
						return
					}
					amount := lot.CurrentPriceFen + int64(1+(g+n)%8)*10_000
					if lot.BidCount == 0 {
						amount = 100_000
					}
					_, _, err := processes[g%2].PlaceBid(m.ctx, bidder, am.lotID, amount, fmt.Sprintf("g%d-%d", g, n))
					if err == nil {
						accepted.Add(1)
					} else if _, refused := models.AsError(err); !refused {
						t.Errorf("bid %d of %d: %v", n, g, err)
					}
				}
			}(g)
		}
		wg.Wait()
		var bids []models.Bid
		m.db.Where("lot_id = ?", am.lotID).Order("amount_fen").Find(&bids)
		if int64(len(bids)) != accepted.Load() || len(bids) < 60 {
			t.Fatalf("%d bids stored, %d accepted", len(bids), accepted.Load())
		}
		late := 0
		for i := 1; i < len(bids); i++ {
			if d := bids[i-1].CreatedAt.Sub(bids[i].CreatedAt); d > 0 {
				if late++; late <= 5 {
					t.Errorf("bid of %d at %s, %s before the lower bid it beat", bids[i].AmountFen, bids[i].CreatedAt.Format("15:04:05.000000"), d)
				}
			}
		}
		if late > 0 {
			t.Errorf("%d of %d bids read earlier than the bid they beat", late, len(bids))
		}
	})
}

// notesOf is the notifications of a user of the kind.
func notesOf(m *market, who *account, kind string) []models.Notification {
	var out []models.Notification
	for _, n := range call[notificationPage](m, who, 200, "GET", "/api/v1/notifications?size=100", nil).Items {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// hammer ends the auction's lot now and runs the scheduler's close twice:
// the lot closes once.
func (am *auctionMarket) hammer(t *testing.T) {
	am.db.Model(&models.Lot{}).Where("id = ?", am.lotID).Update("ends_at", time.Now().Add(-time.Second).UTC())
	if n, err := am.market.market.CloseDueLots(am.ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("closed %d: %v", n, err)
	}
	if n, err := am.market.market.CloseDueLots(am.ctx, time.Now()); err != nil || n != 0 {
		t.Fatalf("closed again %d: %v", n, err)
	}
}

// Closing a sold lot tells the winner, who must confirm within the signing
// period, and the seller; each once, and nobody else.
func TestClosingASoldLotTellsWinnerAndSeller(t *testing.T) {
	eachDB(t, func(t *testing.T, m *market) {
		now := time.Now()
		am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 0)
		winner, loser := am.bidders[0], am.bidders[1]
		am.placed(loser, 150_000, "l1")
		am.placed(winner, 170_000, "w1")
		am.hammer(t)

		// The bidder is also its organisation's 机构管理员: told once.
		won := notesOf(m, winner, "auction.won")
		if len(won) != 1 || !strings.Contains(won[0].Title, "1700 元") || !strings.Contains(won[0].Title, "拍卖用高效钙钛矿电池技术") ||
			!strings.Contains(won[0].Body, "5 个工作日") || won[0].Link != "/my/deals" {
			t.Fatalf("the winner's notifications: %+v", won)
		}
		sold := notesOf(m, am.seller, "auction.sold")
		if len(sold) != 1 || !strings.Contains(sold[0].Title, "1700 元") || sold[0].Link != "/my/deals" {
			t.Fatalf("the seller's notifications: %+v", sold)
		}
		for _, who := range []*account{loser, am.admin} {
			if n := len(notesOf(m, who, "auction.won")) + len(notesOf(m, who, "auction.sold")); n != 0 {
				t.Errorf("%s told of a sale that is not theirs", who.Username)
			}
		}
		if n := len(notesOf(m, winner, "auction.sold")) + len(notesOf(m, am.seller, "auction.won")); n != 0 {
			t.Error("winner and seller told each other's news")
		}
	})
}

// Closing a lot nobody bid on tells the seller only, and why; as does one
// whose best bid stayed under the reserve.
func TestClosingAnUnsoldLotTellsTheSellerOnly(t *testing.T) {
	for _, c := range []struct {
		name string
		bid  int64 // 0: nobody bids
		why  string
	}{
		{"no bids", 0, "无人出价"},
		{"under the reserve", 120_000, "最高出价 1200 元未达保留价"},
	} {
		t.Run(c.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, m *market) {
				now := time.Now()
				am := newAuction(t, m, 2, now.Add(-time.Minute), now.Add(time.Hour), 0)
				if c.bid > 0 {
					am.placed(am.bidders[0], c.bid, "k1")
				}
				am.hammer(t)
				unsold := notesOf(m, am.seller, "auction.unsold")
				if len(unsold) != 1 || !strings.Contains(unsold[0].Title, "流拍") || !strings.Contains(unsold[0].Body, c.why) ||
					unsold[0].Link != fmt.Sprintf("/auctions/%d", am.auctionID) {
					t.Fatalf("the seller's notifications: %+v", unsold)
				}
				for _, b := range am.bidders {
					for _, kind := range []string{"auction.won", "auction.sold", "auction.unsold"} {
						if n := notesOf(m, b, kind); len(n) != 0 {
							t.Errorf("%s told %s: %+v", b.Username, kind, n)
						}
					}
				}
			})
		})
	}
}
