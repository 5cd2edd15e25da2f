package models

import "strings"

// Page is the ?page=&size= pair every list takes.
type Page struct {
	Page int
	Size int
}

const MaxPageSize = 100

// NewPage clamps what a client asked for to the API's limits.
func NewPage(page, size int) Page {
	if page < 1 {
		page = 1
	}
	if size < 1 {
		size = 20
	}
	if size > MaxPageSize {
		size = MaxPageSize
	}
	return Page{Page: page, Size: size}
}

func (p Page) Offset() int { return (p.Page - 1) * p.Size }

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }
