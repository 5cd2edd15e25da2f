// Package app is the HTTP application: configuration, routes, middleware and
// thin handlers that decode, authorise, call one method of the Server's
// models.Market with the request's c.UserContext(), and encode.
// docs/ARCHITECTURE.md describes the market; this is where each part lives.
//
//   - The server: app.go (Server, New, errors, lists), config.go (flags and
//     TM_* variables), routes.go (the route table: access, limits, and each
//     route's request and response Go types and errors), handlers.go (the
//     handlers most routes name: byID, byIDWith, byIDOptional, createdByID,
//     allByID, itemsByID, withBody, thenShow), openapi.go (the
//     OpenAPI document generated from them by reflection), openapi_schema.go
//     (enums, nullable lists, field descriptions), auth.go (tokens, sessions,
//     the route guard), input.go (bad text), ratelimit.go, events.go (live
//     auction streams), static.go (the pages and the API reference at
//     /api/docs, apidocs/), serve.go (OpenMarket, Serve, the scheduler's jobs
//     as methods of the market, Reindex), uploads.go, metrics.go (the
//     Prometheus series on --metrics-addr), backup.go (backup and restore
//     of the SQLite market and the data directory's files).
//   - openapi_test.go: TestMain fails the suite when a route answered with an
//     error code, status or body its OpenAPI entry does not describe.
//   - Organisations and people: orgs.go (verification, licences, org search),
//     memberships.go, users.go, notifications.go, workspace.go (工作台).
//   - Listings: listings.go (both kinds and their routes), listing_confidential.go,
//     listing_feedback.go, listing_quality.go, listing_upkeep.go (confirm,
//     relist), listing_reports.go, interests.go (收藏, 我有意向, brokers' leads),
//     search.go, saved_searches.go, matches.go, registry.go (名录 of brokers
//     and institutions).
//   - Deals: offers.go (挂牌), auctions.go, notices.go (协议成交公示, objections),
//     roadshows.go, deals.go (我的成交, signing), challenges.go (揭榜挂帅).
//   - Contracts and figures: contracts.go, amendments.go, certificate.go
//     (登记证明 as JSON and PDF, the public verification, 示范文本), with
//     certificate_pdf.go and pdf_text.go (the PDF layouts, mixed CJK and
//     Latin type; the embedded font in fonts/), reports.go (the agency's
//     登记表 export and 统计月报), stats.go, targets.go,
//     target_import.go, bulletin.go, incentives.go, export.go (CSV and
//     XLSX answers of the exports).
//   - The front page: home.go (GET /home, cacheable for 30 s), articles.go
//     (通知公告 and 政策法规), site.go.
package app
