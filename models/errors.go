package models

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
)

// Error is a failure a caller can act on: it carries the HTTP status the API
// answers with, a stable code for programs and a Chinese message for people.
type Error struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

func newError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// Invalid reports bad input field by field; nothing has been changed.
func Invalid(fields map[string]string) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_input", Message: "输入有误，请检查标出的字段", Fields: fields}
}

func NotFound(code, message string) *Error { return newError(http.StatusNotFound, code, message) }

func Forbidden(code, message string) *Error { return newError(http.StatusForbidden, code, message) }

func Conflict(code, message string) *Error { return newError(http.StatusConflict, code, message) }

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
