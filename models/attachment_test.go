package models

import (
	"strings"
	"testing"
)

// What a file is comes from its first bytes, never its name.
func TestSniffFile(t *testing.T) {
	for _, c := range []struct {
		name, data string
		media      AttachmentMedia
		mime, says string
	}{
		{"png", "\x89PNG\r\n\x1a\n....", MediaImage, "image/png", ""},
		{"jpeg", "\xff\xd8\xff\xe0....", MediaImage, "image/jpeg", ""},
		{"pdf", "%PDF-1.7\n", MediaPDF, "application/pdf", ""},
		{"webp", "RIFF\x10\x00\x00\x00WEBPVP8 ", "", "", "WebP"},
		{"html", "<html><script>", "", "", "PNG、JPEG"},
		{"pdf not at the start", " %PDF-1.7", "", "", "PNG、JPEG"},
		{"empty", "", "", "", "PNG、JPEG"},
	} {
		media, mime, err := SniffFile([]byte(c.data))
		if media != c.media || mime != c.mime {
			t.Errorf("%s: %s %s", c.name, media, mime)
		}
		if got := fieldOf(err, "file"); !strings.Contains(got, c.says) || (c.says == "") != (err == nil) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestCheckFileName(t *testing.T) {
	for name, ok := range map[string]bool{
		"检测报告.pdf": true, "photo 1 (2).JPG": true, "专利证书-ZL202010000000.1.pdf": true,
		"": false, "   ": false, "\u202egpj.exe": false, "a\u2066b.pdf": false, "a/b.pdf": false, `a\b.pdf`: false,
		".htaccess": false, "..": false, "a\x00.pdf": false, "a\nb.pdf": false, "a\x7f.pdf": false, "\xff\xfe.pdf": false,
		strings.Repeat("长", 201): false, strings.Repeat("长", 200): true,
	} {
		if err := CheckFileName(name); (err == nil) != ok {
			t.Errorf("%q: %v", name, err)
		}
	}
}

func TestCheckVideoURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://v.example.cn/watch/1":        "https://v.example.cn/watch/1",
		"  https://v.example.cn/w?id=3&t=9  ": "https://v.example.cn/w?id=3&t=9",
		"http://v.example.cn/1":               "",
		"javascript:alert(1)":                 "",
		"https://user:pw@v.example.cn/1":      "",
		"https:///path":                       "",
		"https://v.example.cn/a b":            "",
		"https://v.example.cn/\u202e":         "",
		"//v.example.cn/1":                    "",
		"https://" + strings.Repeat("a", 500): "",
		"":                                    "",
	} {
		got, err := CheckVideoURL(raw)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("%q: %q %v", raw, got, err)
		}
	}
}

func fieldOf(err error, field string) string {
	if e, ok := AsError(err); ok {
		return e.Fields[field]
	}
	return ""
}
