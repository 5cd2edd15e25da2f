package models

import "gorm.io/gorm"

// PENDING: replaced by the regions and plans branches at merge.
func (a Actor) RequireRegion(code string) error {
	if a.Acts(RoleAdmin) {
		return nil
	}
	return ErrForbidden
}

func targetsFor(db *gorm.DB, year int) ([]Target, error) {
	var out []Target
	err := db.Where("year = ?", year).Find(&out).Error
	for i := range out {
		out[i].Measure, out[i].FromYear = MeasureTech, year
	}
	return out, err
}

const RoleBureau Role = "bureau"
