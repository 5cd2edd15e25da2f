package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// refuseBadText runs on every route of the table, after its access check:
// text that cannot be stored as sent gets a 422 before any handler sees it.
// A NUL byte (PostgreSQL refuses it in text, which used to make a 500) or
// invalid UTF-8 is refused wherever it comes: in a path parameter
// or the query (after percent-decoding), in a JSON body (raw, or as a
// \u0000 escape inside a string), or in the fields and file names of a
// form. An uploaded file's name is shown to others like a title, so it also
// refuses bidi controls.
func refuseBadText(c *fiber.Ctx) error {
	if field := badTextField(c); field != "" {
		return models.ErrInvalidText.WithFields(map[string]string{field: "不能含有空字符（NUL）或无效的 UTF-8 编码（文件名也不能含有改变文字方向的控制字符）"})
	}
	return c.Next()
}

// badText says whether s cannot be stored as text.
func badText(s string) bool { return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) }

// badTextField names the first place of the request holding bad text, or "".
func badTextField(c *fiber.Ctx) string {
	for _, name := range c.Route().Params {
		raw := c.Params(name) // still percent-encoded: Fiber routes on the raw path
		if v, err := url.PathUnescape(raw); badText(raw) || err == nil && badText(v) {
			return name
		}
	}
	field := ""
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) { // decoded by fasthttp
		if field == "" && (badText(string(k)) || badText(string(v))) {
			field = fieldName(string(k), "query")
		}
	})
	if field != "" {
		return field
	}
	if form, err := c.MultipartForm(); err == nil {
		return badFormField(form)
	}
	// Anything else is read as JSON by decode, whatever its content type.
	body := c.Body()
	if bytes.IndexByte(body, 0) >= 0 || !utf8.Valid(body) {
		return "body"
	}
	if bytes.Contains(body, []byte(`\u0000`)) {
		var v any
		if json.Unmarshal(body, &v) == nil { // what is not JSON, decode refuses
			field = nulField(v, "")
		}
	}
	if field == "" && strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationForm) {
		c.Request().PostArgs().VisitAll(func(k, v []byte) {
			if field == "" && (badText(string(k)) || badText(string(v))) {
				field = fieldName(string(k), "body")
			}
		})
	}
	return field
}

// fieldName is key as a field of the error, or where for a key that is
// itself bad text and would spoil the answer.
func fieldName(key, where string) string {
	if badText(key) {
		return where
	}
	return key
}

func badFormField(form *multipart.Form) string {
	for _, k := range sortedKeys(form.Value) {
		for _, v := range form.Value[k] {
			if badText(k) || badText(v) {
				return fieldName(k, "body")
			}
		}
	}
	for _, k := range sortedKeys(form.File) {
		for _, fh := range form.File[k] {
			if badText(k) || badText(fh.Filename) || models.HasBidiControl(fh.Filename) {
				return fieldName(k, "body")
			}
		}
	}
	return ""
}

// nulField is the path (title, lots[0].title) of a decoded JSON string or
// key holding a NUL, or "".
func nulField(v any, path string) string {
	here := path
	if here == "" {
		here = "body"
	}
	switch x := v.(type) {
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return here
		}
	case []any:
		for i, e := range x {
			if f := nulField(e, fmt.Sprintf("%s[%d]", path, i)); f != "" {
				return f
			}
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if strings.IndexByte(k, 0) >= 0 {
				return here
			}
			key := k
			if path != "" {
				key = path + "." + k
			}
			if f := nulField(x[k], key); f != "" {
				return f
			}
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
