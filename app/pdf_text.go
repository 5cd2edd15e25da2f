package app

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Droid Sans Fallback has the CJK glyphs and no Latin ones: set alone, the
// digits of an amount or a registration number would print as boxes. So
// text is set in runs: ASCII in Helvetica (a PDF core font every reader
// has, nothing to embed), the rest in the embedded CJK font, and lines are
// wrapped by measuring each run in its own font.

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

func (t typeset) runeWidth(r rune) float64 {
	t.font(r < 0x80)
	return t.f.GetStringWidth(string(r))
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
		latin := r < 0x80
		if n := len(out); n > 0 && out[n-1].latin == latin {
			out[n-1].s += string(r)
			continue
		}
		out = append(out, run{latin, string(r)})
	}
	return out
}

func (t typeset) width(runs []run) float64 {
	w := 0.0
	for _, r := range runs {
		t.font(r.latin)
		w += t.f.GetStringWidth(r.s)
	}
	return w
}

// line writes one line of runs from (x, y), lineH high.
func (t typeset) line(x, y, lineH float64, runs []run) {
	t.f.SetXY(x, y)
	for _, r := range runs {
		t.font(r.latin)
		t.f.CellFormat(t.f.GetStringWidth(r.s), lineH, r.s, "", 0, "L", false, 0, "")
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
