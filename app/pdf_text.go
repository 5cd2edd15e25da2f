package app

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
)

// Droid Sans Fallback has the CJK glyphs and no Latin ones: set alone, the
// digits of an amount or a registration number would print as boxes. So
// text is set in runs: ASCII in Helvetica (a PDF core font every reader
// has, nothing to embed), the rest in the embedded CJK font, and lines are
// wrapped by measuring each run in its own font. The curly quotes and
// dashes Chinese titles use are missing from the CJK font too; Helvetica
// has them.

// latin tells the runes set in Helvetica: those of its Windows-1252
// encoding (ASCII, Latin-1, curly quotes, dashes, ellipsis, bullets), none
// of which is a CJK character.
func latin(r rune) bool {
	_, ok := charmap.Windows1252.EncodeRune(r)
	return ok
}

// winAnsi is a Helvetica run as the core font's encoding has it.
func winAnsi(s string) string {
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		return s // only latin runes reach here, all of them in Windows-1252
	}
	return b
}

// run is a stretch of text set in one font.
type run struct {
	latin bool
	s     string
}

// typeset sets mixed Chinese and Latin text at one size.
type typeset struct {
	f    *fpdf.Fpdf
	size float64
}

func (t typeset) font(latin bool) {
	if latin {
		t.f.SetFont("Helvetica", "", t.size)
	} else {
		t.f.SetFont(cjkFamily, "", t.size)
	}
}

// encoded is a run's text as its font takes it: UTF-8 for the embedded
// font, Windows-1252 for Helvetica.
func (typeset) encoded(r run) string {
	if r.latin {
		return winAnsi(r.s)
	}
	return r.s
}

func (t typeset) runeWidth(r rune) float64 {
	t.font(latin(r))
	return t.f.GetStringWidth(t.encoded(run{latin(r), string(r)}))
}

// lines breaks text into lines no wider than width, each a list of runs;
// a newline in the text starts a new line.
func (t typeset) lines(text string, width float64) [][]run {
	var out [][]run
	for _, para := range strings.Split(text, "\n") {
		var line []rune
		w := 0.0
		for _, r := range para {
			rw := t.runeWidth(r)
			if w+rw > width && len(line) > 0 {
				out = append(out, runsOf(line))
				line, w = nil, 0
				if r == ' ' {
					continue
				}
			}
			line = append(line, r)
			w += rw
		}
		out = append(out, runsOf(line))
	}
	return out
}

func runsOf(line []rune) []run {
	var out []run
	for _, r := range line {
		l := latin(r)
		if n := len(out); n > 0 && out[n-1].latin == l {
			out[n-1].s += string(r)
			continue
		}
		out = append(out, run{l, string(r)})
	}
	return out
}

func (t typeset) width(runs []run) float64 {
	w := 0.0
	for _, r := range runs {
		t.font(r.latin)
		w += t.f.GetStringWidth(t.encoded(r))
	}
	return w
}

// line writes one line of runs from (x, y), lineH high.
func (t typeset) line(x, y, lineH float64, runs []run) {
	t.f.SetXY(x, y)
	for _, r := range runs {
		t.font(r.latin)
		s := t.encoded(r)
		t.f.CellFormat(t.f.GetStringWidth(s), lineH, s, "", 0, "L", false, 0, "")
	}
}

// centred writes a one-line text centred between the margins at y, with
// no page break: what headers and footers write.
func (t typeset) centred(y, lineH float64, text string) {
	runs := t.lines(text, textWidth)[0]
	t.line(margin+(textWidth-t.width(runs))/2, y, lineH, runs)
}

// para writes text wrapped to width from the left margin at the current
// position, aligned "L" or "C", breaking the page where it must, and
// leaves the position under it.
func (t typeset) para(width, lineH float64, text, align string) {
	x := t.f.GetX()
	for _, l := range t.lines(text, width) {
		y := t.f.GetY()
		if y+lineH > pageHeight-margin {
			t.f.AddPage()
			y = t.f.GetY()
		}
		dx := 0.0
		if align == "C" {
			dx = (width - t.width(l)) / 2
		}
		t.line(x+dx, y, lineH, l)
		t.f.SetXY(x, y+lineH)
	}
}
