// Package migrations holds the versioned SQL schema, one folder per dialect
// with the same version numbers, embedded into the binary and applied by
// goose (models.Migrate). The migrations are the schema: a change is a new
// file in both sqlite/ and postgres/, in the same commit.
//
//   - embed.go: FS, both folders.
//   - sqlite/, postgres/: 00001_foundation (organisations, users, tokens,
//     audit, outbox, notifications), 00002_listings, 00003_matches,
//     00004_deals (offers, auctions, notices, roadshows), 00005_contracts,
//     00006_targets, 00007_incentives, 00008_turnover_rollups,
//     00009_amendments, 00010_listing_trust (confidential detail, feedback,
//     reports), 00011_challenges, 00012_memberships, 00013_login_throttle,
//     00014_once_only (one open sale per achievement),
//     00015_auction_event_replay, 00016_match_note_status,
//     00020_site_settings, 00021_articles, 00022_favourites_interests,
//     00023_broker_registry, 00024_issued_bulletins, 00025_calendar (and a
//     deal's signing deadline), 00028_incentive_workflow (rule shapes,
//     exclusions, applications), 00029_target_plans, 00030_regions (zones;
//     the bureau role). Numbers only grow: goose refuses a migration below
//     the database's version, so a branch's migration takes the next free
//     number when it lands.
package migrations
