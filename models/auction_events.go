package models

import "time"

// The live events of an auction, as its watchers receive them over the
// event stream (GET /auctions/{id}/events). They are stored in the outbox
// as they happen, ServerTime still zero; the stream sets it when it sends
// one, so that a page's countdown follows the server's clock.

// BidEvent is `event: bid`: a bid was accepted.
type BidEvent struct {
	LotID       int64     `json:"lot_id"`
	AmountFen   int64     `json:"amount_fen"`
	BidID       int64     `json:"bid_id"`
	BidderOrgID int64     `json:"bidder_org_id"`
	CreatedAt   time.Time `json:"created_at"`
	EndsAt      time.Time `json:"ends_at"`
	Extended    bool      `json:"extended"` // the bid came in the last minutes and moved the end (anti-sniping)
	BidCount    int       `json:"bid_count"`
	ServerTime  time.Time `json:"server_time"`
}

// AdmissionEvent is `event: applied` or `event: admitted`: an application
// arrived or was admitted; a page reloads its own.
type AdmissionEvent struct {
	AdmissionID int64           `json:"admission_id"`
	Status      AdmissionStatus `json:"status"`
	ServerTime  time.Time       `json:"server_time"`
}

// ClosedEvent is `event: closed`: a lot was hammered, sold or unsold.
type ClosedEvent struct {
	LotID      int64     `json:"lot_id"`
	Status     LotStatus `json:"status"`
	PriceFen   int64     `json:"price_fen"`
	ServerTime time.Time `json:"server_time"`
}

// StreamMark is `event: hello` (the stream continues after LastEventID) and
// `event: reset` (too much was missed: reload the page).
type StreamMark struct {
	LastEventID int64     `json:"last_event_id"`
	ServerTime  time.Time `json:"server_time"`
}
