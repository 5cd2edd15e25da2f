package frontend

import (
	"embed"
	"io/fs"
)

// The pattern also matches dist-missing.html, which is committed, so the
// binary builds before the frontend has ever been built.
//
//go:embed all:dist*
var files embed.FS

// Dist returns the built pages and whether there are any.
func Dist() (fs.FS, bool) {
	sub, err := fs.Sub(files, "dist")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, false
	}
	return sub, true
}

// MissingPage explains how to build the frontend.
func MissingPage() []byte {
	b, _ := files.ReadFile("dist-missing.html")
	return b
}
