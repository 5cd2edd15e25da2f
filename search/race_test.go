//go:build race

package search

// raceEnabled lets the slowest tests do less under the race detector, which
// slows Bleve and the segmenter about tenfold.
const raceEnabled = true
