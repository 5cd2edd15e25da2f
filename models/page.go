package models

import (
	"strings"

	"gorm.io/gorm"
)

// Page is the ?page=&size= pair every list takes, declared as the query
// parameters of a list (see ReadParams).
type Page struct {
	Page int `query:"page" min:"1" default:"1" doc:"页码，从 1 起"`
	Size int `query:"size" min:"1" max:"100" default:"20" doc:"每页条数，1–100"`
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

// Paged is the page itself, and the page of a list's query parameters that
// embed a Page (what app's listed reads).
func (p Page) Paged() Page { return p }

func (p Page) Offset() int { return (p.Page - 1) * p.Size }

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

// findPage counts what q selects and reads one page of it in order: what
// every list answers (items and total).
func findPage[T any](q *gorm.DB, order string, p Page) ([]T, int64, error) {
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []T{}
	if err := q.Order(order).Offset(p.Offset()).Limit(p.Size).Find(&out).Error; err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// scanPage is findPage for a query that reads its own columns (joined names,
// computed values) into T: it counts what q selects and reads one page of
// the columns in order.
func scanPage[T any](q *gorm.DB, columns, order string, p Page) ([]T, int64, error) {
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []T{}
	if err := q.Select(columns).Order(order).Offset(p.Offset()).Limit(p.Size).Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// pointers points at each row of a page, for the helpers that fill in rows
// of several kinds' lists.
func pointers[T any](rows []T) []*T {
	out := make([]*T, len(rows))
	for i := range rows {
		out[i] = &rows[i]
	}
	return out
}

// findPageEach is findPage that then fills in each row of the page, most
// often what the caller may do with it.
func findPageEach[T any](q *gorm.DB, order string, p Page, fill func(*T)) ([]T, int64, error) {
	out, total, err := findPage[T](q, order, p)
	for i := range out {
		fill(&out[i])
	}
	return out, total, err
}
