package search

// Helpers only the tests use.

// idf is the BM25 idf of a term in the text fields, 0 for a term no other
// listing has.
func (s *termStats) idf(term string, bigram bool) (float64, error) {
	df, err := s.df(term, bigram)
	if err != nil || df == 0 {
		return 0, err
	}
	return s.idfOf(df), nil
}
