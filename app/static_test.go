package app

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"regexp"
	"testing"

	"github.com/andybalholm/brotli"

	"techmarket/frontend"
	"techmarket/models/modeltest"
)

// The pages' files go out compressed when the browser takes it, and as
// they are when it does not; what arrives decompresses to the built file.
func TestPagesAreSentCompressed(t *testing.T) {
	dist, built := frontend.Dist()
	if !built {
		if os.Getenv("CI") != "" {
			t.Fatal("the frontend is not built: make test builds it before the Go tests")
		}
		t.Skip("the frontend is not built (make build)")
	}
	m := newMarket(t, modeltest.DB(t, "sqlite"))
	index, _ := fs.ReadFile(dist, "index.html")
	script := regexp.MustCompile(`/assets/index-[^"]+\.js`).Find(index)
	if script == nil {
		t.Fatalf("no main script in index.html: %s", index)
	}
	raw, _ := fs.ReadFile(dist, string(script[1:]))
	unbr := func(b []byte) []byte { out, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(b))); return out }
	ungz := func(b []byte) []byte {
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil
		}
		out, _ := io.ReadAll(r)
		return out
	}
	same := func(b []byte) []byte { return b }
	for _, tc := range []struct {
		path, accept, encoding string
		decode                 func([]byte) []byte
		want                   []byte
	}{
		{string(script), "gzip, deflate, br, zstd", "br", unbr, raw},
		{string(script), "gzip", "gzip", ungz, raw},
		{string(script), "br;q=0, gzip;q=0.8", "gzip", ungz, raw},
		{string(script), "", "", same, raw},
		{string(script), "identity", "", same, raw},
		{"/", "br", "br", unbr, index},
		{"/contracts/12", "gzip", "gzip", ungz, index}, // a page's own path: the router's page
		{"/api/docs/swagger-ui-bundle.js", "br", "br", unbr, nil},
	} {
		r := m.must(200, m.do("GET", tc.path, "", nil, "Accept-Encoding", tc.accept))
		if got := r.Header.Get("Content-Encoding"); got != tc.encoding {
			t.Errorf("%s with %q: Content-Encoding %q, want %q", tc.path, tc.accept, got, tc.encoding)
			continue
		}
		body := tc.decode(r.Body)
		if tc.want != nil && !bytes.Equal(body, tc.want) {
			t.Errorf("%s with %q: %d bytes arrive as %d, not the built file's %d", tc.path, tc.accept, len(r.Body), len(body), len(tc.want))
		}
		if tc.encoding != "" && (len(body) == 0 || len(r.Body)*2 > len(body)) {
			t.Errorf("%s with %q: %d bytes sent for %d", tc.path, tc.accept, len(r.Body), len(body))
		}
		if tc.path != "/" && r.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s: Vary %q", tc.path, r.Header.Get("Vary"))
		}
	}

	// API answers too; the live event stream is never held back to be compressed.
	api := m.must(200, m.do("GET", "/api/openapi.json", "", nil, "Accept-Encoding", "gzip"))
	if api.Header.Get("Content-Encoding") != "gzip" || len(ungz(api.Body)) < 2*len(api.Body) {
		t.Errorf("/api/openapi.json: Content-Encoding %q, %d bytes", api.Header.Get("Content-Encoding"), len(api.Body))
	}
}
