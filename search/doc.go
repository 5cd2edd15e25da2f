// Package search keeps the Bleve full-text index of published listings:
// Chinese analysis, the mapping, indexing from the outbox and searching.
// Each serve process keeps its own index, with its outbox cursor inside;
// search reads the database through the process's models.Market (the
// outbox, the rows behind its documents) and never writes it.
//
//   - normalize.go (full- to half-width, Traditional to Simplified, case),
//     segment.go (gse words and the domain dictionary), analysis.go (the
//     analysers: words, CJK bigrams and single characters).
//   - index.go (Index, the mapping, documents, the cursor kept in the index),
//     indexer.go (tailing the outbox through the market, Rebuild, readiness).
//   - query.go (Search: text, filters, sorting, highlights), synonyms.go
//     (applied to queries), tiers.go (full matches above partial ones), params.go
//     (ParseQuery: the checked parameters of GET /api/v1/search), facets.go,
//     quality.go (the quality boost in ranking).
//   - category.go (the 门类 a text belongs to: naive Bayes trained on the
//     embedded CSL titles of data/).
//   - profile.go (what a listing is about), match.go (need ↔ achievement
//     matching with reasons), fit.go (a match's fit level and the minimum
//     below which it is dropped), suggest.go (field of industry), challenge.go.
//   - saved.go: MatchesSaved, how models' saved-search announcer asks the
//     index whether a new listing matches a saved search.
package search
