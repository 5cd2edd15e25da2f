package models

// permitted lists, in the order given, the acts that check accepts: the
// actions a resource carries for its caller are those its write paths would
// take, because both ask the same check.
func permitted[A ~string](acts []A, check func(A) error) []string {
	out := []string{}
	for _, act := range acts {
		if check(act) == nil {
			out = append(out, string(act))
		}
	}
	return out
}
