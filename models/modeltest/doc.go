// Package modeltest holds the helpers tests use to get a database: it is
// imported only by _test.go files, so nothing of it (nor package testing)
// is compiled into the techmarket binary.
//
//   - testdb.go: Databases (run a test on SQLite and, with
//     TM_TEST_POSTGRES_URL, on a throwaway PostgreSQL database), DB (fresh and
//     migrated), EmptyDB (fresh, unmigrated), PostgresDatabase,
//     PostgresURLSet, and NewMarket, the market a test works on: the default
//     rules with CheapPasswords, a cheap argon2id cost.
//   - tables.go: Tables, every GORM model that has a table, for the checks
//     that compare models with the migrated schema.
//
// Internal tests of package models cannot import it (import cycle); they
// keep what they need in models/*_test.go.
package modeltest
