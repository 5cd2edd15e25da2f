// Package models holds the GORM models, their queries and the market's
// rules: roles and powers, state machines, money, numbering and targets. It
// imports no other package of the project; docs/ARCHITECTURE.md describes
// the domain. Each file is one domain:
//
//   - Errors: errors.go, the catalogue: every error code the API answers
//     with, declared once with its status and message (ErrOfferClosed, …).
//   - Storage and plumbing: db.go (Open, Migrate, locks), serial.go (SQLite
//     writers in turn), outbox.go, once.go (conditional moves), page.go,
//     audit.go, notification.go, text.go, money.go, workdays.go.
//   - People: actor.go (Actor, the one place powers are granted), user.go,
//     password.go, token.go, ratelimit.go, org.go, credit_code.go,
//     membership.go, regions.go, storage.go (uploads per organisation).
//   - Listings: listing.go (statuses, NextStatus), listings.go (both kinds),
//     achievement.go, need.go, confidential.go, feedback.go, quality.go,
//     listing_upkeep.go, report.go, import.go, saved_search.go.
//   - Deals: match.go, deal.go, sale.go (one open sale per achievement),
//     offer.go (挂牌), auction.go, auction_signing.go, notice.go (协议成交公示
//     and objections), roadshow.go, challenge.go and proposal.go (揭榜挂帅),
//     broker.go.
//   - Contracts and figures: contract.go, amendment.go, rollup.go, stats.go,
//     target.go, target_import.go, bulletin.go, incentive.go.
//   - demo*.go load the demo market; tests get databases from models/modeltest.
package models
