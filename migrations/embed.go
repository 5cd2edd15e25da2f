package migrations

import "embed"

// FS holds the migrations of both dialects: sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
