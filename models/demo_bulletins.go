package models

import (
	"fmt"
	"time"
)

// bulletins issues 福州市's monthly bulletins as its science bureau would
// have: each month of the plan's year 2023 and of this year up to last
// month, on the fifth of the month after; this month's stays a draft.
func (d *demoLoad) bulletins() error {
	bureau := d.as("fzkj")
	this := d.now.In(shanghai)
	var months []time.Time
	for m := 1; m <= 12; m++ {
		months = append(months, time.Date(2023, time.Month(m), 1, 0, 0, 0, 0, shanghai))
	}
	for m := 1; m < int(this.Month()); m++ {
		months = append(months, time.Date(this.Year(), time.Month(m), 1, 0, 0, 0, 0, shanghai))
	}
	for _, month := range months {
		d.at(month.AddDate(0, 1, 4).Add(10 * time.Hour))
		if _, err := d.m.IssueBulletin(d.ctx, bureau, "350100", month.Year(), int(month.Month())); err != nil {
			return fmt.Errorf("bulletin %s: %w", month.Format("2006-01"), err)
		}
	}
	d.at(d.now)
	return nil
}
