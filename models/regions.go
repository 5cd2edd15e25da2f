package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Regions lists the administrative divisions (GB/T 2260) the demo market and
// the registration forms offer. Other valid six-digit codes are accepted too;
// they just have no name here.
var Regions = []Region{
	{"350000", "福建省"},
	{"350100", "福州市"},
	{"350102", "福州市鼓楼区"},
	{"350103", "福州市台江区"},
	{"350104", "福州市仓山区"},
	{"350105", "福州市马尾区"},
	{"350111", "福州市晋安区"},
	{"350112", "福州市长乐区"},
	{"350121", "福州市闽侯县"},
	{"350122", "福州市连江县"},
	{"350123", "福州市罗源县"},
	{"350124", "福州市闽清县"},
	{"350125", "福州市永泰县"},
	{"350181", "福清市"},
	{"350500", "泉州市"},
	{"350502", "泉州市鲤城区"},
	{"350503", "泉州市丰泽区"},
	{"350504", "泉州市洛江区"},
	{"350505", "泉州市泉港区"},
	{"350521", "泉州市惠安县"},
	{"350581", "石狮市"},
	{"350582", "晋江市"},
	{"350583", "南安市"},
	{"330000", "浙江省"},
	{"330300", "温州市"},
	{"330302", "温州市鹿城区"},
	{"330303", "温州市龙湾区"},
	{"330304", "温州市瓯海区"},
	{"330305", "温州市洞头区"},
	{"330381", "瑞安市"},
	{"330382", "乐清市"},
}

type Region struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

var regionNames = func() map[string]string {
	m := make(map[string]string, len(Regions))
	for _, r := range Regions {
		m[r.Code] = r.Name
	}
	return m
}()

var regionCode = regexp.MustCompile(`^[1-8][0-9]{5}$`)

// ValidRegion accepts any well-formed GB/T 2260 code: province digits 11–82.
func ValidRegion(code string) bool {
	return regionCode.MatchString(code) && code[:2] >= "11" && code[:2] <= "82"
}

// ValidRegionPrefix accepts a division code or its leading digits (35,
// 3501, 350102), as the search and list filters take a region.
func ValidRegionPrefix(prefix string) bool { return len(prefix) <= 6 && allDigits(prefix) }

// RegionName is the name of a known division, or "" for a code we do not list.
func RegionName(code string) string { return regionNames[code] }

// RegionLevel is a unit's place in the tree. Provinces, cities and
// districts (县级市 and counties included) are the GB/T 2260 divisions;
// a zone (高新区, 自贸片区) is a unit an admin adds, covering some districts.
type RegionLevel string

const (
	RegionProvince RegionLevel = "province"
	RegionCity     RegionLevel = "city"
	RegionDistrict RegionLevel = "district"
	RegionZone     RegionLevel = "zone"
)

// RegionUnit is one unit of the region tree. Parent is "" for a province.
// Covers is the districts a zone spans, empty for the divisions.
type RegionUnit struct {
	Code      string      `gorm:"primaryKey;size:12" json:"code"`
	Name      string      `gorm:"size:50;not null" json:"name"`
	Parent    string      `gorm:"size:6;not null" json:"parent"`
	Level     RegionLevel `gorm:"size:10;not null" json:"level"`
	Covers    StringList  `gorm:"type:text;not null" json:"covers"`
	CreatedAt time.Time   `json:"-"`
	UpdatedAt time.Time   `json:"-"`
}

func (RegionUnit) TableName() string { return "regions" }

// divisionLevel reads a division's level and parent from its code: 350000
// is a province, 350100 its city, 350102 and 350181 (县级市) districts of
// that city.
func divisionLevel(code string) (RegionLevel, string) {
	switch {
	case code[2:] == "0000":
		return RegionProvince, ""
	case code[4:] == "00":
		return RegionCity, code[:2] + "0000"
	default:
		return RegionDistrict, code[:4] + "00"
	}
}

// divisions is the built-in part of the tree, in the order of Regions.
var divisions = func() []RegionUnit {
	out := make([]RegionUnit, len(Regions))
	for i, r := range Regions {
		level, parent := divisionLevel(r.Code)
		out[i] = RegionUnit{Code: r.Code, Name: r.Name, Parent: parent, Level: level, Covers: StringList{}}
	}
	return out
}()

func division(code string) (RegionUnit, bool) {
	for _, d := range divisions {
		if d.Code == code {
			return d, true
		}
	}
	return RegionUnit{}, false
}

// divisionWithin reports whether the division code lies in the division
// outer: itself, or below it by the code's digits.
func divisionWithin(code, outer string) bool {
	if !ValidRegion(code) || !ValidRegion(outer) {
		return false
	}
	switch level, _ := divisionLevel(outer); level {
	case RegionProvince:
		return code[:2] == outer[:2]
	case RegionCity:
		return code[:4] == outer[:4]
	default:
		return code == outer
	}
}

// within reports whether the unit lies in the division outer; a zone lies
// where its parent does.
func (r RegionUnit) within(outer string) bool {
	if r.Level == RegionZone {
		return divisionWithin(r.Parent, outer)
	}
	return divisionWithin(r.Code, outer)
}

var errUnknownRegion = Invalid(map[string]string{"region": "未知的地区"})

// RegionTree is every unit: the divisions, then the zones by parent and code.
func (m *Market) RegionTree(ctx context.Context) ([]RegionUnit, error) {
	return regionTree(m.db.WithContext(ctx))
}

func regionTree(db *gorm.DB) ([]RegionUnit, error) {
	var zones []RegionUnit
	if err := db.Order("parent, code").Find(&zones).Error; err != nil {
		return nil, err
	}
	return append(append([]RegionUnit{}, divisions...), zones...), nil
}

// FindRegion is the unit with the code, a division or a zone.
func (m *Market) FindRegion(ctx context.Context, code string) (RegionUnit, error) {
	return findRegion(m.db.WithContext(ctx), code)
}

func findRegion(db *gorm.DB, code string) (RegionUnit, error) {
	if d, ok := division(code); ok {
		return d, nil
	}
	if !zoneCode.MatchString(code) {
		return RegionUnit{}, errUnknownRegion
	}
	var z RegionUnit
	err := db.Where("code = ?", code).Take(&z).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return RegionUnit{}, errUnknownRegion
	}
	return z, err
}

// childrenOf is the units of the tree whose parent has the code, in the
// tree's order: divisions before zones (a province's cities, a city's
// districts and then its zones; districts and zones have none).
func childrenOf(all []RegionUnit, code string) []RegionUnit {
	out := []RegionUnit{}
	for _, r := range all {
		if r.Parent == code {
			out = append(out, r)
		}
	}
	return out
}

// inRegion keeps the rows whose six-digit division column lies in the unit.
func inRegion(r RegionUnit, col string) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		switch r.Level {
		case RegionProvince:
			return db.Where(col+" LIKE ?", r.Code[:2]+"%")
		case RegionCity:
			return db.Where(col+" LIKE ?", r.Code[:4]+"%")
		case RegionZone:
			if len(r.Covers) == 0 { // a zone always covers a district; never "IN ()"
				return db.Where("1 = 0")
			}
			return db.Where(col+" IN ?", []string(r.Covers))
		default:
			return db.Where(col+" = ?", r.Code)
		}
	}
}

// regionScope keeps the rows of the region with the code, or every row
// when the code is "" (the whole market).
func regionScope(db *gorm.DB, code string) (func(*gorm.DB) *gorm.DB, error) {
	if code == "" {
		return func(db *gorm.DB) *gorm.DB { return db }, nil
	}
	r, err := findRegion(db, code)
	if err != nil {
		return nil, err
	}
	return inRegion(r, "seller_division"), nil
}

// ZoneInput is what a market admin fills in to add or change a zone.
type ZoneInput struct {
	Code   string     `json:"code"`
	Name   string     `json:"name"`
	Parent string     `json:"parent"`
	Covers StringList `json:"covers"`
}

// A zone's code is the admin's own (FZGXQ), never a six-digit division code.
var zoneCode = regexp.MustCompile(`^[A-Z0-9]{2,12}$`)

// RegionCodeForm says whether code has the form of a region's code, a
// division's six digits or a zone's capitals and digits; whether such a
// region exists is FindRegion's to say.
func RegionCodeForm(code string) bool { return zoneCode.MatchString(code) }

func (in *ZoneInput) check() map[string]string {
	in.Code, in.Name, in.Parent = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name), strings.TrimSpace(in.Parent)
	in.Covers = cleanList(in.Covers)
	f := map[string]string{}
	if !zoneCode.MatchString(in.Code) || !strings.ContainsAny(in.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		f["code"] = "功能区代码为 2–12 位大写字母或数字，至少含一个字母"
	}
	checkName(f, "name", in.Name, 2, 50, "功能区名称")
	parent, ok := division(in.Parent)
	switch {
	case !ok:
		f["parent"] = "请选择所属的省或市"
	case parent.Level == RegionDistrict:
		f["parent"] = "功能区只能设在省或市之下"
		ok = false // the covered districts are then not checked against it
	}
	switch {
	case len(in.Covers) == 0:
		f["covers"] = "请选择功能区覆盖的区县"
	case len(in.Covers) > 50:
		f["covers"] = "覆盖的区县不能超过 50 个"
	}
	seen := map[string]bool{}
	for _, c := range in.Covers {
		d, known := division(c)
		switch {
		case !known || d.Level != RegionDistrict:
			f["covers"] = "覆盖的须是已知的区县代码"
		case ok && !divisionWithin(c, in.Parent):
			f["covers"] = fmt.Sprintf("%s不在%s之内", d.Name, parent.Name)
		case seen[c]:
			f["covers"] = "区县重复：" + d.Name
		}
		seen[c] = true
	}
	return f
}

// CreateZone adds a zone to the tree (market admins); audited.
func (m *Market) CreateZone(ctx context.Context, actor Actor, in ZoneInput) (RegionUnit, error) {
	if err := actor.RequirePower(RoleAdmin); err != nil {
		return RegionUnit{}, err
	}
	if f := in.check(); len(f) > 0 {
		return RegionUnit{}, Invalid(f)
	}
	now := m.now().UTC()
	z := RegionUnit{Code: in.Code, Name: in.Name, Parent: in.Parent, Level: RegionZone, Covers: in.Covers, CreatedAt: now, UpdatedAt: now}
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := unique(tx.Create(&z).Error, Invalid(map[string]string{"code": "该功能区代码已被使用"})); err != nil {
			return err
		}
		return Audit(tx, actor, "region.create", "region", 0, nil, z)
	})
	return z, err
}

// UpdateZone renames a zone, moves it or changes what it covers (market
// admins); the code stays. Audited.
func (m *Market) UpdateZone(ctx context.Context, actor Actor, code string, in ZoneInput) (RegionUnit, error) {
	if err := actor.RequirePower(RoleAdmin); err != nil {
		return RegionUnit{}, err
	}
	in.Code = code
	if f := in.check(); len(f) > 0 {
		if _, ok := f["code"]; ok {
			return RegionUnit{}, ErrRegionNotFound
		}
		return RegionUnit{}, Invalid(f)
	}
	var z RegionUnit
	err := m.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := forUpdate(tx).Where("code = ?", code).Take(&z).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrRegionNotFound
			}
			return err
		}
		before := z
		z.Name, z.Parent, z.Covers, z.UpdatedAt = in.Name, in.Parent, in.Covers, m.now().UTC()
		if err := tx.Save(&z).Error; err != nil {
			return err
		}
		return Audit(tx, actor, "region.update", "region", 0, before, z)
	})
	return z, err
}

// RequireRegion is the unit with the code, when the actor may see and act
// on it (Actor.RequireRegion): what a bureau's page or document asks first.
func (m *Market) RequireRegion(ctx context.Context, actor Actor, code string) (RegionUnit, error) {
	unit, err := m.FindRegion(ctx, code)
	if err != nil {
		return RegionUnit{}, err
	}
	if err := actor.RequireRegion(unit); err != nil {
		return RegionUnit{}, err
	}
	return unit, nil
}

// MyRegion is the region a bureau member reports on, with its children, for
// the pages to start from and to offer only what the member may open. Any
// says the actor may open every region (a market admin).
type MyRegion struct {
	Unit RegionUnit   `json:"unit"`
	Sub  []RegionUnit `json:"sub"`
	Any  bool         `json:"any"`
}

// MyRegion is the actor's own region (code "") or a region inside it
// (bureau members and market admins; a bureau member asking for a region
// outside its own is refused by RequireRegion).
func (m *Market) MyRegion(ctx context.Context, actor Actor, code string) (MyRegion, error) {
	if err := actor.RequirePower(RoleBureau, RoleAdmin); err != nil {
		return MyRegion{}, err
	}
	var unit RegionUnit
	if code == "" {
		// Registration takes any valid division code, listed in the tree or not.
		level, parent := divisionLevel(actor.Region)
		unit = RegionUnit{Code: actor.Region, Name: RegionName(actor.Region), Parent: parent, Level: level, Covers: StringList{}}
	} else {
		u, err := m.RequireRegion(ctx, actor, code)
		if err != nil {
			return MyRegion{}, err
		}
		unit = u
	}
	all, err := m.RegionTree(ctx)
	if err != nil {
		return MyRegion{}, err
	}
	return MyRegion{Unit: unit, Sub: childrenOf(all, unit.Code), Any: actor.Acts(RoleAdmin)}, nil
}
