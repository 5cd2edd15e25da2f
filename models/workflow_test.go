package models

import (
	"strings"
	"testing"
)

// refused is the code of a move a workflow does not have.
const refused = "bad_transition"

// move is a row of a workflow's table test: from --act--> to, or, with a
// code, refused (to is then what the transition function answers with).
type move[S, A ~string] struct {
	from S
	act  A
	to   S
	code string // "" when the move is allowed
}

// checkMoves runs a workflow's transition function over its table. Every
// refusal must be a 409 with its code, and, given the workflow's status
// names, say in Chinese which status refused it.
func checkMoves[S, A ~string](t *testing.T, next func(S, A) (S, error), names map[S]string, moves []move[S, A]) {
	t.Helper()
	for _, mv := range moves {
		got, err := next(mv.from, mv.act)
		if got != mv.to || catalogueCode(err) != mv.code {
			t.Errorf("%s --%s--> %q, %v; want %q, %q", mv.from, mv.act, got, err, mv.to, mv.code)
		}
		if e, ok := AsError(err); ok && (e.Status != 409 || names != nil && !strings.Contains(e.Message, names[mv.from])) {
			t.Errorf("%s --%s-->: %v, want a 409 naming %q", mv.from, mv.act, e, names[mv.from])
		}
	}
}
