// Package models holds the GORM models, their queries and the market's
// rules: roles and powers, state machines, money, numbering and targets. It
// imports no other package of the project; docs/ARCHITECTURE.md describes
// the domain. Market (market.go) owns the database, the clock, the auction
// desks and the rules' parameters; every workflow is a method of it that
// takes a context.Context, and the package keeps no mutable state. Each
// file is one domain:
//
//   - The market and its plumbing: market.go (Market, Rules, NewMarket),
//     db.go (Open, Migrate, lockFor and the row locks), serial.go (SQLite
//     writers in turn), outbox.go, indexing.go (what the search index
//     reads), once.go (conditional moves, and sweep, the scheduled runs),
//     page.go (findPage, findPageEach), audit.go, notification.go, text.go,
//     money.go, workdays.go, workflow.go (permitted: the actions a resource
//     carries, from its check).
//   - Errors: errors.go, the catalogue: every error code the API answers
//     with, declared once with its status and message (ErrOfferClosed, …).
//   - People: actor.go (Actor, the one place powers are granted), user.go,
//     password.go, token.go, ratelimit.go, org.go, credit_code.go,
//     membership.go, regions.go, storage.go (uploads per organisation).
//   - Listings: listing.go (statuses, NextStatus), listings.go (Listings,
//     the workflows of both kinds), achievement.go, need.go,
//     confidential.go, feedback.go, quality.go, listing_upkeep.go,
//     report.go, favourite.go (收藏), interest.go (我有意向 and the brokers'
//     leads made of it), import.go, saved_search.go.
//   - Deals: match.go, deal.go, sale.go (one open sale per achievement),
//     offer.go (挂牌), offer_period.go (挂牌期: registrations of interest and the
//     period's end), auction.go, auction_workflow.go (an auction's phase;
//     the lot's and the admission's workflows and checks), auction_signing.go,
//     notice.go (协议成交公示
//     and objections), roadshow.go, challenge.go and proposal.go (揭榜挂帅;
//     AwardProposal and its rule, decideAward), broker.go (performance:
//     match activity, 促成额 and the plan's thresholds), broker_registry.go
//     (the 名录 of brokers and transfer institutions).
//   - Contracts and figures: contract.go (ActOnContract and its rule,
//     decideContract), register_form.go (the 登记表's fields and checks),
//     contract_reports.go (the agency's 登记表 export and 统计月报),
//     amendment.go, certificate.go (登记证明 and its public verification:
//     registered, changed or cancelled), model_text.go (示范文本 of each
//     contract type), rollup.go, stats.go, target_plan.go, target.go,
//     target_import.go, bulletin.go, incentive.go (rules and awards),
//     incentive_application.go (application, review, notice, payment).
//   - workspace.go: each role's 工作台, counted and listed by the list
//     methods above (and PendingObjections, LiveBids).
//   - The front page: home.go (Home, everything the home page shows in one
//     call), article.go (通知公告 and 政策法规, their bodies sanitised by
//     SanitizeArticleHTML), site.go (the market's name and filings).
//   - demo*.go load the demo market; tests get databases and markets from
//     models/modeltest.
package models
