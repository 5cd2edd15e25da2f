package models

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// Market is the technology market over one database: it owns the database
// handle, the clock, this process's auction desks and the parameters of the
// rules, and every workflow is a method of it that takes the caller's
// context, which reaches the database (a cancelled request stops its
// queries). Build one with NewMarket; tests build their own.
type Market struct {
	// Clock is the market's time: time.Now, unless a test fixes it. The
	// rules judge by it, and it stamps created_at and updated_at.
	Clock func() time.Time
	// Rules are the parameters of the market's rules.
	Rules Rules

	db    *gorm.DB
	desks sync.Map // lot id -> *lotDesk, see PlaceBid
	// bidsAtDesks counts the bids inside judgeAndClaim, see BidsAtDesks.
	bidsAtDesks atomic.Int64
	calendar    atomic.Value // cachedCalendar, see Calendar
}

// Rules are the parameters the market's rules read.
type Rules struct {
	// Password hashes new passwords and prices the check for an unknown
	// username; tests lower it for speed.
	Password Argon2Params
	// NoticeDays is how long a negotiated deal stays in public notice (公示).
	NoticeDays int
	// IncentiveNoticeDays is how many working days an approved incentive
	// award stays on public notice (公示) before it may be paid.
	IncentiveNoticeDays int
	// ChallengeAwardCapFen bounds the budget or award of one challenge.
	ChallengeAwardCapFen int64
	// AuctionNoticeDays is how many days at least an auction is announced
	// (拍卖公告) before it starts; 0 switches the minimum off.
	AuctionNoticeDays int
	// AttachmentMaxBytes bounds one file attached to a listing, and
	// AttachmentsPerListing how many attachments a listing holds (zero:
	// DefaultAttachmentMaxBytes, DefaultAttachmentsPerListing).
	AttachmentMaxBytes    int64
	AttachmentsPerListing int
	// PeriodAuctionHours is how long the auction among the buyers registered
	// in a listing period (挂牌期) runs, from the period's end.
	PeriodAuctionHours int
}

// DefaultRules are the market's rules as it runs.
func DefaultRules() Rules {
	return Rules{
		Password:              DefaultPasswordParams,
		NoticeDays:            15,
		IncentiveNoticeDays:   5,
		ChallengeAwardCapFen:  200_0000_00, // 200 万元
		AuctionNoticeDays:     7,
		AttachmentMaxBytes:    DefaultAttachmentMaxBytes,
		AttachmentsPerListing: DefaultAttachmentsPerListing,
		PeriodAuctionHours:    24,
	}
}

// NewMarket is the market over an open database, under the default rules
// and the wall clock.
func NewMarket(db *gorm.DB) *Market {
	m := &Market{Clock: time.Now, Rules: DefaultRules()}
	m.db = db.Session(&gorm.Session{NowFunc: func() time.Time { return m.now().UTC() }})
	return m
}

// now is the market's time.
func (m *Market) now() time.Time { return m.Clock() }

// Now is the market's time, for callers that decide or show something by it.
func (m *Market) Now() time.Time { return m.now() }

// Dialect is "postgres" or "sqlite".
func (m *Market) Dialect() string { return Dialect(m.db) }

// Ping checks that the database answers.
func (m *Market) Ping(ctx context.Context) error {
	sqlDB, err := m.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the database.
func (m *Market) Close() error {
	sqlDB, err := m.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
