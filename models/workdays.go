package models

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Working days are what the registration and signing deadlines count:
// Monday to Friday, except the statutory holidays, plus the weekend days
// worked in their place (调休上班), as the State Council publishes them each
// November for the year to come. Admins keep the calendar: they load a
// published year and correct single days.

// CalendarKind says what a calendar day is.
type CalendarKind string

const (
	DayHoliday CalendarKind = "holiday" // 放假: a weekday off
	DayWorkday CalendarKind = "workday" // 调休上班: a weekend day worked
)

// CalendarDay is a day that is not what its weekday says.
type CalendarDay struct {
	Day       string       `gorm:"primaryKey;size:10" json:"day"`          // 2006-01-02, Asia/Shanghai
	Kind      CalendarKind `gorm:"size:10;not null" json:"kind,omitempty"` // left out of the answer for a day cleared back to its weekday
	Name      string       `gorm:"size:50;not null" json:"name"`           // 国庆节, 国庆节调休上班
	UpdatedBy int64        `gorm:"not null" json:"-"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// Calendar answers whether a day is worked. The zero Calendar knows no
// holiday: Monday to Friday.
type Calendar struct {
	days map[string]CalendarKind
}

// NewCalendar is the calendar of the given days.
func NewCalendar(days []CalendarDay) Calendar {
	c := Calendar{days: make(map[string]CalendarKind, len(days))}
	for _, d := range days {
		c.days[d.Day] = d.Kind
	}
	return c
}

// Works says whether the day of t (Asia/Shanghai) is a working day.
func (c Calendar) Works(t time.Time) bool {
	switch c.days[t.In(shanghai).Format(time.DateOnly)] {
	case DayHoliday:
		return false
	case DayWorkday:
		return true
	}
	wd := t.In(shanghai).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays counts n working days after t.
func (c Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	local := t.In(shanghai)
	for n > 0 {
		local = local.AddDate(0, 0, 1)
		if c.Works(local) {
			n--
		}
	}
	return local.UTC()
}

// WorkingDaysBetween counts the working days after from up to and including to.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	n := 0
	for d := from.In(shanghai); ; {
		d = d.AddDate(0, 0, 1)
		if d.After(to.In(shanghai)) {
			return n
		}
		if c.Works(d) {
			n++
		}
	}
}

// calendarFresh is how long a process trusts the calendar it read: an
// admin's change in another process reaches this one within it. A change
// in this process is seen at once.
const calendarFresh = time.Minute

type cachedCalendar struct {
	cal  Calendar
	read time.Time
}

// Calendar is the market's working-day calendar.
func (m *Market) Calendar(ctx context.Context) (Calendar, error) {
	if c, ok := m.calendar.Load().(cachedCalendar); ok && time.Since(c.read) < calendarFresh {
		return c.cal, nil
	}
	return m.reloadCalendar(ctx)
}

func (m *Market) reloadCalendar(ctx context.Context) (Calendar, error) {
	var days []CalendarDay
	if err := m.db.WithContext(ctx).Find(&days).Error; err != nil {
		return Calendar{}, err
	}
	c := NewCalendar(days)
	m.calendar.Store(cachedCalendar{c, time.Now()})
	return c, nil
}

// CalendarDays lists a year's holidays and worked weekend days.
func (m *Market) CalendarDays(ctx context.Context, year int) ([]CalendarDay, error) {
	if year < 2000 || year > 2100 {
		return nil, Invalid(map[string]string{"year": "年份无效"})
	}
	out := []CalendarDay{}
	err := m.db.WithContext(ctx).Where("day >= ? AND day < ?", fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-01-01", year+1)).
		Order("day").Find(&out).Error
	return out, err
}

// CalendarDayInput sets one day: a holiday or a worked weekend day, or
// (kind "") back to what its weekday says.
type CalendarDayInput struct {
	Day  string       `json:"day"`
	Kind CalendarKind `json:"kind"`
	Name string       `json:"name"`
}

// SetCalendarDay is a market admin's correction of one day; audited.
func (m *Market) SetCalendarDay(ctx context.Context, actor Actor, in CalendarDayInput) (*CalendarDay, error) {
	if err := actor.RequirePower(RoleAdmin); err != nil {
		return nil, err
	}
	in.Name = strings.TrimSpace(in.Name)
	day, f := checkCalendarDay(in)
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	out := &CalendarDay{Day: in.Day, Kind: in.Kind, Name: in.Name, UpdatedBy: actor.UserID, UpdatedAt: m.now()}
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var before CalendarDay
		err := tx.First(&before, "day = ?", in.Day).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		var prior any
		if err == nil {
			prior = before
		}
		if in.Kind == "" {
			out = &CalendarDay{Day: in.Day, Name: "", UpdatedBy: actor.UserID, UpdatedAt: out.UpdatedAt}
			if err := tx.Delete(&CalendarDay{}, "day = ?", in.Day).Error; err != nil {
				return err
			}
			return Audit(tx, actor, "calendar.clear", "calendar_day", dayNumber(day), prior, nil)
		}
		if err := saveCalendarDays(tx, []CalendarDay{*out}); err != nil {
			return err
		}
		return Audit(tx, actor, "calendar.set", "calendar_day", dayNumber(day), prior, out)
	})
	if err != nil {
		return nil, err
	}
	_, err = m.reloadCalendar(ctx)
	return out, err
}

// dayNumber is a day as the audit log's entity id: 20261001.
func dayNumber(t time.Time) int64 {
	return int64(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

func checkCalendarDay(in CalendarDayInput) (time.Time, map[string]string) {
	f := map[string]string{}
	day, err := time.ParseInLocation(time.DateOnly, in.Day, shanghai)
	if err != nil || day.Year() < 2000 || day.Year() > 2100 {
		f["day"] = "日期格式为 2026-10-01"
		return day, f
	}
	weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
	switch in.Kind {
	case DayHoliday:
		if weekend {
			f["kind"] = "周末本来就不上班，无需设为放假"
		}
	case DayWorkday:
		if !weekend {
			f["kind"] = "调休上班只能设在周六或周日"
		}
	case "":
	default:
		f["kind"] = "类型只能是 holiday（放假）或 workday（调休上班），留空则恢复为平常"
	}
	if in.Kind != "" {
		checkName(f, "name", in.Name, 2, 50, "名称")
	}
	return day, f
}

func saveCalendarDays(tx *gorm.DB, days []CalendarDay) error {
	return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "day"}},
		DoUpdates: clause.AssignmentColumns([]string{"kind", "name", "updated_by", "updated_at"})}).Create(&days).Error
}

// LoadOfficialCalendar loads a year as the State Council published it
// (OfficialCalendars), replacing what the calendar held for that year.
func (m *Market) LoadOfficialCalendar(ctx context.Context, actor Actor, year int) ([]CalendarDay, error) {
	if err := actor.RequirePower(RoleAdmin); err != nil {
		return nil, err
	}
	days, err := officialDays(year, actor.UserID, m.now())
	if err != nil {
		return nil, err
	}
	err = m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("day >= ? AND day < ?", fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-01-01", year+1)).
			Delete(&CalendarDay{}).Error; err != nil {
			return err
		}
		if err := saveCalendarDays(tx, days); err != nil {
			return err
		}
		return Audit(tx, actor, "calendar.load", "calendar_day", int64(year), nil, OfficialCalendars[year].Source)
	})
	if err != nil {
		return nil, err
	}
	if _, err := m.reloadCalendar(ctx); err != nil {
		return nil, err
	}
	return days, nil
}

// officialDays spells out a published year day by day.
func officialDays(year int, by int64, now time.Time) ([]CalendarDay, error) {
	oc, ok := OfficialCalendars[year]
	if !ok {
		years := make([]string, 0, len(OfficialCalendars))
		for y := range OfficialCalendars {
			years = append(years, fmt.Sprint(y))
		}
		sort.Strings(years)
		return nil, Invalid(map[string]string{"year": fmt.Sprintf("没有 %d 年的国务院放假安排（已收录：%s 年）；请逐日设置", year, strings.Join(years, "、"))})
	}
	var out []CalendarDay
	for _, h := range oc.Holidays {
		from, _ := time.ParseInLocation(time.DateOnly, h.From, shanghai)
		to, _ := time.ParseInLocation(time.DateOnly, h.To, shanghai)
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if d.Year() != year { // 元旦 may begin on the last day of the year before
				continue
			}
			kind := DayHoliday
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue // a weekend inside the holiday is off anyway
			}
			out = append(out, CalendarDay{Day: d.Format(time.DateOnly), Kind: kind, Name: h.Name, UpdatedBy: by, UpdatedAt: now})
		}
		for _, w := range h.Workdays {
			out = append(out, CalendarDay{Day: w, Kind: DayWorkday, Name: h.Name + "调休上班", UpdatedBy: by, UpdatedAt: now})
		}
	}
	return out, nil
}
