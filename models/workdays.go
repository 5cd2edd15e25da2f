package models

import "time"

// AddWorkingDays counts n working days (Monday to Friday, Asia/Shanghai) after t.
// Public holidays and their make-up days are not modelled.
func AddWorkingDays(t time.Time, n int) time.Time {
	local := t.In(shanghai)
	for n > 0 {
		local = local.AddDate(0, 0, 1)
		if wd := local.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return local.UTC()
}

// WorkingDaysBetween counts working days after from up to and including to.
func WorkingDaysBetween(from, to time.Time) int {
	n := 0
	for d := from.In(shanghai); ; {
		d = d.AddDate(0, 0, 1)
		if d.After(to.In(shanghai)) {
			return n
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
}
