// Package migrations holds the versioned SQL schema, one folder per dialect
// with the same version numbers, embedded into the binary and applied by goose.
package migrations

import "embed"

//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
