package models

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The registry (名录) of technology brokers (技术经纪人) and technology
// transfer institutions (技术转移机构), kept by the market admins. Who is in
// it is public, as in a real market's published 名录: name, level, firm and
// certificate number of every broker whose registration runs, and every
// institution's kind and demonstration level. Phone numbers and the linked
// user account are for the market admins and the firm's own 机构管理员.

// BrokerLevel is the level of a broker's certificate.
type BrokerLevel string

const (
	BrokerJunior       BrokerLevel = "junior"       // 初级技术经纪人
	BrokerIntermediate BrokerLevel = "intermediate" // 中级技术经纪人
	BrokerSenior       BrokerLevel = "senior"       // 高级技术经纪人
)

var BrokerLevelLabels = []Label{
	{string(BrokerJunior), "初级技术经纪人"},
	{string(BrokerIntermediate), "中级技术经纪人"},
	{string(BrokerSenior), "高级技术经纪人"},
}

// BrokerStatus says whether a broker's registration runs: active until the
// end of its valid_until day (Asia/Shanghai), expired after.
type BrokerStatus string

const (
	BrokerActive  BrokerStatus = "active"
	BrokerExpired BrokerStatus = "expired"
)

// TechnologyBroker is a certified broker of a broker firm.
type TechnologyBroker struct {
	ID            int64       `gorm:"primaryKey" json:"id"`
	Name          string      `gorm:"size:100;not null" json:"name"`
	CertificateNo string      `gorm:"size:30;not null" json:"certificate_no"`
	Level         BrokerLevel `gorm:"size:20;not null" json:"level"`
	FirmID        int64       `gorm:"not null" json:"firm_id"`
	// Private (seesRegistryPrivate): the broker's user account and phone.
	UserID     *int64    `json:"user_id,omitempty"`
	Phone      string    `gorm:"size:20;not null;default:''" json:"phone,omitempty"`
	ValidUntil string    `gorm:"size:10;not null" json:"valid_until"` // 2006-01-02
	CreatedAt  time.Time `json:"-"`
	UpdatedAt  time.Time `json:"updated_at"`
	FirmName   string    `gorm:"-" json:"firm_name"`
	// Status is computed from ValidUntil and today.
	Status  BrokerStatus `gorm:"-" json:"status"`
	Actions []string     `gorm:"-" json:"actions"`
}

// BrokerInput is what a market admin enters for a broker.
type BrokerInput struct {
	Name          string      `json:"name"`
	CertificateNo string      `json:"certificate_no"`
	Level         BrokerLevel `json:"level"`
	FirmID        int64       `json:"firm_id"`
	UserID        *int64      `json:"user_id"`
	Phone         string      `json:"phone"`
	ValidUntil    string      `json:"valid_until"`
}

// A certificate number is what certificates print: capital letters and
// digits, optionally grouped by hyphens (e.g. JSJJR-2023-350100-0012), 6 to
// 30 characters with at least four digits (a sequence number at least).
var (
	certificatePattern = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)*$`)
	certificateDigits  = regexp.MustCompile(`[0-9]`)
	phonePattern       = regexp.MustCompile(`^[0-9+() -]*$`)
)

// NormalCertificateNo is a certificate number as stored: trimmed, full-width
// letters and digits made half-width, upper case; so that the same number
// typed twice is refused as a duplicate.
func NormalCertificateNo(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r == '－':
			return r - 0xFEE0
		}
		return r
	}, strings.TrimSpace(s))
	return strings.ToUpper(s)
}

// checkCertificateNo records what is wrong with a normalised certificate number.
func checkCertificateNo(f map[string]string, no string) {
	switch {
	case no == "":
		f["certificate_no"] = "请填写证书编号"
	case len(no) < 6 || len(no) > 30 || !certificatePattern.MatchString(no) || len(certificateDigits.FindAllString(no, -1)) < 4:
		f["certificate_no"] = "证书编号应为 6–30 位大写字母、数字或连字符，至少含 4 位数字"
	}
}

func checkPhone(f map[string]string, key, v string) {
	checkLen(f, key, v, 0, 20, "联系电话")
	if f[key] == "" && !phonePattern.MatchString(v) {
		f[key] = "联系电话只能含数字、空格、+、- 和括号"
	}
}

func (in *BrokerInput) check() map[string]string {
	in.Name, in.Phone, in.ValidUntil = strings.TrimSpace(in.Name), strings.TrimSpace(in.Phone), strings.TrimSpace(in.ValidUntil)
	in.CertificateNo = NormalCertificateNo(in.CertificateNo)
	f := map[string]string{}
	checkName(f, "name", in.Name, 2, 50, "姓名")
	checkCertificateNo(f, in.CertificateNo)
	if !validLabel(BrokerLevelLabels, string(in.Level)) {
		f["level"] = "等级只能是初级（junior）、中级（intermediate）或高级（senior）技术经纪人"
	}
	if in.FirmID <= 0 {
		f["firm_id"] = "请选择所在的技术转移机构"
	}
	if in.UserID != nil && *in.UserID <= 0 {
		f["user_id"] = "关联账号无效"
	}
	checkPhone(f, "phone", in.Phone)
	if d, err := time.Parse("2006-01-02", in.ValidUntil); err != nil || d.Year() < 2000 || d.Year() > 2100 {
		f["valid_until"] = "有效期至应为日期，如 2028-12-31"
	}
	return f
}

// InstitutionKind is how the city's plan classes a transfer institution; it
// decides the 促成额 expected of it (FacilitationThreshold).
type InstitutionKind string

const (
	InstitutionPlatform    InstitutionKind = "platform"    // 平台类
	InstitutionTransaction InstitutionKind = "transaction" // 交易类
)

var InstitutionKindLabels = []Label{
	{string(InstitutionPlatform), "平台类"},
	{string(InstitutionTransaction), "交易类"},
}

// DemonstrationLevel is the 技术转移示范机构 title an institution holds.
type DemonstrationLevel string

const (
	DemonstrationNational   DemonstrationLevel = "national"   // 国家级
	DemonstrationProvincial DemonstrationLevel = "provincial" // 省级
	DemonstrationMunicipal  DemonstrationLevel = "municipal"  // 市级
	DemonstrationNone       DemonstrationLevel = "none"       // 无
)

var DemonstrationLabels = []Label{
	{string(DemonstrationNational), "国家级"},
	{string(DemonstrationProvincial), "省级"},
	{string(DemonstrationMunicipal), "市级"},
	{string(DemonstrationNone), "无"},
}

// TransferInstitution is an organisation recognised as a technology transfer
// institution. Usually a broker firm; a university's technology transfer
// office or an enterprise's platform may be one too, though only broker
// firms are named on contracts as intermediary (and so have 促成额).
type TransferInstitution struct {
	ID             int64              `gorm:"primaryKey" json:"id"`
	OrgID          int64              `gorm:"not null" json:"org_id"`
	Kind           InstitutionKind    `gorm:"size:20;not null" json:"kind"`
	Demonstration  DemonstrationLevel `gorm:"size:20;not null" json:"demonstration"`
	RecognisedYear int                `gorm:"not null" json:"recognised_year"`
	// Private (seesRegistryPrivate).
	ContactPhone string    `gorm:"size:20;not null;default:''" json:"contact_phone,omitempty"`
	CreatedAt    time.Time `json:"-"`
	UpdatedAt    time.Time `json:"updated_at"`
	OrgName      string    `gorm:"-" json:"org_name"`
	Region       string    `gorm:"-" json:"region"`
	RegionName   string    `gorm:"-" json:"region_name"`
	// ThresholdFen is the yearly 促成额 the plan expects of its kind.
	ThresholdFen int64    `gorm:"-" json:"threshold_fen"`
	Actions      []string `gorm:"-" json:"actions"`
}

// InstitutionInput is what a market admin enters for an institution.
type InstitutionInput struct {
	OrgID          int64              `json:"org_id"`
	Kind           InstitutionKind    `json:"kind"`
	Demonstration  DemonstrationLevel `json:"demonstration"`
	RecognisedYear int                `json:"recognised_year"`
	ContactPhone   string             `json:"contact_phone"`
}

func (in *InstitutionInput) check(now time.Time) map[string]string {
	in.ContactPhone = strings.TrimSpace(in.ContactPhone)
	f := map[string]string{}
	if in.OrgID <= 0 {
		f["org_id"] = "请选择机构"
	}
	if !validLabel(InstitutionKindLabels, string(in.Kind)) {
		f["kind"] = "类型只能是平台类（platform）或交易类（transaction）"
	}
	if !validLabel(DemonstrationLabels, string(in.Demonstration)) {
		f["demonstration"] = "示范级别只能是国家级（national）、省级（provincial）、市级（municipal）或无（none）"
	}
	if y := now.In(shanghai).Year(); in.RecognisedYear < 1980 || in.RecognisedYear > y {
		f["recognised_year"] = "认定年份应在 1980 年到今年之间"
	}
	checkPhone(f, "contact_phone", in.ContactPhone)
	return f
}

func validLabel(labels []Label, v string) bool {
	for _, l := range labels {
		if l.Value == v {
			return true
		}
	}
	return false
}

// seesRegistryPrivate: market admins see every entry in full; a firm's own
// 机构管理员 sees its own entries in full (phones, linked accounts, expired
// brokers), as it answers for them.
func seesRegistryPrivate(a Actor, orgID int64) bool {
	return a.Acts(RoleAdmin) || a.OrgAdmin && a.OwnOrg(orgID)
}

// registryActions: only market admins edit the registry.
func registryActions(a Actor) []string {
	if a.Acts(RoleAdmin) {
		return []string{"edit"}
	}
	return []string{}
}

func (m *Market) today() string { return m.now().In(shanghai).Format("2006-01-02") }

// showBrokers fills what the registry computes or joins, and hides what the actor
// may not see.
func (m *Market) showBrokers(db *gorm.DB, a Actor, bs []TechnologyBroker) error {
	names, err := orgNames(db, bs, func(b TechnologyBroker) int64 { return b.FirmID })
	if err != nil {
		return err
	}
	today := m.today()
	for i := range bs {
		b := &bs[i]
		b.FirmName = names[b.FirmID].Name
		b.Status = BrokerActive
		if b.ValidUntil < today {
			b.Status = BrokerExpired
		}
		if !seesRegistryPrivate(a, b.FirmID) {
			b.UserID, b.Phone = nil, ""
		}
		b.Actions = registryActions(a)
	}
	return nil
}

func showInstitutions(db *gorm.DB, a Actor, is []TransferInstitution) error {
	orgs, err := orgNames(db, is, func(i TransferInstitution) int64 { return i.OrgID })
	if err != nil {
		return err
	}
	for k := range is {
		x := &is[k]
		o := orgs[x.OrgID]
		x.OrgName, x.Region, x.RegionName = o.Name, o.Region, o.RegionName
		x.ThresholdFen = FacilitationThreshold(x.Kind)
		if !seesRegistryPrivate(a, x.OrgID) {
			x.ContactPhone = ""
		}
		x.Actions = registryActions(a)
	}
	return nil
}

// orgNames loads the organisations rows refer to, in one query.
func orgNames[T any](db *gorm.DB, rows []T, id func(T) int64) (map[int64]Organization, error) {
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, id(r))
	}
	return orgsByID(db, ids, "id, name, region, type")
}

// BrokerFilter selects brokers: the public registry lists those whose
// registration runs; Status "expired" or "all" is for market admins, and
// for a firm's 机构管理员 with FirmID its own firm.
type BrokerFilter struct {
	Q      string
	Level  BrokerLevel
	FirmID int64
	Status string // "" or "active", "expired", "all"
	Page
}

// ListBrokers lists the registry's brokers by name, searching name, firm and
// certificate number.
func (m *Market) ListBrokers(ctx context.Context, a Actor, f BrokerFilter) ([]TechnologyBroker, int64, error) {
	bad := map[string]string{}
	if f.Level != "" && !validLabel(BrokerLevelLabels, string(f.Level)) {
		bad["level"] = "等级只能是 junior、intermediate 或 senior"
	}
	if !oneOf(f.Status, []string{"", string(BrokerActive), string(BrokerExpired), "all"}) {
		bad["status"] = "状态只能是 active、expired 或 all"
	}
	if len(bad) > 0 {
		return nil, 0, Invalid(bad)
	}
	if f.Status != "" && f.Status != string(BrokerActive) && !seesRegistryPrivate(a, f.FirmID) {
		if err := a.RequireMember(); err != nil {
			return nil, 0, err
		}
		return nil, 0, ErrForbidden.Say("只有市场管理员和本机构的机构管理员可以查看已过期的登记")
	}
	db := m.db.WithContext(ctx)
	q := db.Model(&TechnologyBroker{})
	today := m.today()
	switch f.Status {
	case "", string(BrokerActive):
		q = q.Where("valid_until >= ?", today)
	case string(BrokerExpired):
		q = q.Where("valid_until < ?", today)
	}
	if f.Level != "" {
		q = q.Where("level = ?", f.Level)
	}
	if f.FirmID != 0 {
		q = q.Where("firm_id = ?", f.FirmID)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		like := "%" + escapeLike(s) + "%"
		q = q.Where(`name LIKE ? ESCAPE '\' OR certificate_no LIKE ? ESCAPE '\' OR firm_id IN (SELECT id FROM organizations WHERE name LIKE ? ESCAPE '\')`,
			like, "%"+escapeLike(NormalCertificateNo(s))+"%", like)
	}
	out, total, err := findPage[TechnologyBroker](q, "name, id", f.Page)
	if err != nil {
		return nil, 0, err
	}
	return out, total, m.showBrokers(db, a, out)
}

// GetBroker shows a registered broker: to anyone while the registration
// runs, and after to those who see the firm's entries in full.
func (m *Market) GetBroker(ctx context.Context, a Actor, id int64) (*TechnologyBroker, error) {
	db := m.db.WithContext(ctx)
	b, err := findByID[TechnologyBroker](db, id, ErrBrokerNotFound)
	if err != nil {
		return nil, err
	}
	out := []TechnologyBroker{*b}
	if err := m.showBrokers(db, a, out); err != nil {
		return nil, err
	}
	if out[0].Status == BrokerExpired && !seesRegistryPrivate(a, b.FirmID) {
		return nil, ErrBrokerNotFound
	}
	return &out[0], nil
}

// CreateBroker registers a broker (market admins); audited.
func (m *Market) CreateBroker(ctx context.Context, a Actor, in BrokerInput) (*TechnologyBroker, error) {
	return m.saveBroker(ctx, a, 0, in)
}

// UpdateBroker corrects or renews a broker's registration (market admins);
// an earlier valid_until ends it. Audited.
func (m *Market) UpdateBroker(ctx context.Context, a Actor, id int64, in BrokerInput) (*TechnologyBroker, error) {
	return m.saveBroker(ctx, a, id, in)
}

// saveBroker creates (id 0) or updates a broker.
func (m *Market) saveBroker(ctx context.Context, a Actor, id int64, in BrokerInput) (*TechnologyBroker, error) {
	if err := a.RequirePower(RoleAdmin); err != nil {
		return nil, err
	}
	if f := in.check(); len(f) > 0 {
		return nil, Invalid(f)
	}
	db := m.db.WithContext(ctx)
	b, err := saveEntry(db, m.now().UTC(), a, id, "broker", "technology_broker", ErrBrokerNotFound, ErrCertificateTaken, func(tx *gorm.DB, b *TechnologyBroker) error {
		if err := checkBrokerRefs(tx, id, in); err != nil {
			return err
		}
		b.Name, b.CertificateNo, b.Level, b.FirmID, b.UserID, b.Phone, b.ValidUntil =
			in.Name, in.CertificateNo, in.Level, in.FirmID, in.UserID, in.Phone, in.ValidUntil
		return nil
	})
	if err != nil {
		return nil, err
	}
	list := []TechnologyBroker{*b}
	return &list[0], m.showBrokers(db, a, list)
}

// registryEntry is a row of the registry, stamped with the market's time.
type registryEntry interface {
	stamp(now time.Time)
	entryID() int64
}

func (b *TechnologyBroker) stamp(now time.Time) {
	if b.ID == 0 {
		b.CreatedAt = now
	}
	b.UpdatedAt = now
}

func (b *TechnologyBroker) entryID() int64 { return b.ID }

func (x *TransferInstitution) stamp(now time.Time) {
	if x.ID == 0 {
		x.CreatedAt = now
	}
	x.UpdatedAt = now
}

func (x *TransferInstitution) entryID() int64 { return x.ID }

// saveEntry is one registry entry's transaction: lock the entry (or start a
// new one when id is 0) → fill it from the input, checking what the
// database knows → save (a unique index hit by another admin at the same
// moment answers taken) → audit as kind.create or kind.update.
func saveEntry[T any, P interface {
	*T
	registryEntry
}](db *gorm.DB, now time.Time, a Actor, id int64, kind, entity string, notFound, taken *Error, fill func(tx *gorm.DB, row P) error) (P, error) {
	var out P
	err := db.Transaction(func(tx *gorm.DB) error {
		row, action := P(new(T)), kind+".create"
		var before P
		if id != 0 {
			locked, err := lockByID[T](tx, id, notFound)
			if err != nil {
				return err
			}
			was := *locked
			row, before, action = locked, &was, kind+".update"
		}
		if err := fill(tx, row); err != nil {
			return err
		}
		row.stamp(now)
		if err := unique(tx.Save(row).Error, taken); err != nil {
			return err
		}
		out = row
		return Audit(tx, a, action, entity, row.entryID(), before, row)
	})
	return out, err
}

// checkBrokerRefs checks what the input names against the database: the
// firm is a broker firm, the account one of its brokers, and neither the
// certificate number nor the account belongs to another registered broker.
func checkBrokerRefs(tx *gorm.DB, id int64, in BrokerInput) error {
	if o, err := findOrg(tx, in.FirmID); err != nil || o.Type != OrgBrokerFirm {
		if err != nil && !errors.Is(err, ErrOrgNotFound) {
			return err
		}
		return Invalid(map[string]string{"firm_id": "所在机构应为已注册的技术转移机构（经纪机构）"})
	}
	if in.UserID != nil {
		u, err := findUser(tx, *in.UserID)
		if err != nil && !errors.Is(err, ErrUserNotFound) {
			return err
		}
		if err != nil || u.OrgID != in.FirmID || u.Role != RoleBroker {
			return Invalid(map[string]string{"user_id": "关联账号应为该机构的经纪人账号"})
		}
	}
	var n int64
	if err := tx.Model(&TechnologyBroker{}).Where("certificate_no = ? AND id <> ?", in.CertificateNo, id).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return ErrCertificateTaken.Sayf("证书编号 %s 已登记", in.CertificateNo)
	}
	if in.UserID != nil {
		if err := tx.Model(&TechnologyBroker{}).Where("user_id = ? AND id <> ?", *in.UserID, id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrBrokerUserTaken
		}
	}
	return nil
}

// InstitutionFilter selects institutions.
type InstitutionFilter struct {
	Q    string
	Kind InstitutionKind
	Page
}

// ListInstitutions lists the registered transfer institutions by name.
func (m *Market) ListInstitutions(ctx context.Context, a Actor, f InstitutionFilter) ([]TransferInstitution, int64, error) {
	if f.Kind != "" && !validLabel(InstitutionKindLabels, string(f.Kind)) {
		return nil, 0, Invalid(map[string]string{"kind": "类型只能是 platform 或 transaction"})
	}
	db := m.db.WithContext(ctx)
	q := db.Model(&TransferInstitution{})
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		q = q.Where(`org_id IN (SELECT id FROM organizations WHERE name LIKE ? ESCAPE '\')`, "%"+escapeLike(s)+"%")
	}
	out, total, err := findPage[TransferInstitution](q, "recognised_year, id", f.Page)
	if err != nil {
		return nil, 0, err
	}
	return out, total, showInstitutions(db, a, out)
}

// GetInstitution shows a registered institution (public).
func (m *Market) GetInstitution(ctx context.Context, a Actor, id int64) (*TransferInstitution, error) {
	db := m.db.WithContext(ctx)
	x, err := findByID[TransferInstitution](db, id, ErrInstitutionNotFound)
	if err != nil {
		return nil, err
	}
	out := []TransferInstitution{*x}
	return &out[0], showInstitutions(db, a, out)
}

// CreateInstitution registers an organisation as a transfer institution
// (market admins); audited.
func (m *Market) CreateInstitution(ctx context.Context, a Actor, in InstitutionInput) (*TransferInstitution, error) {
	return m.saveInstitution(ctx, a, 0, in)
}

// UpdateInstitution changes an institution's kind, demonstration level,
// year or phone (market admins); audited.
func (m *Market) UpdateInstitution(ctx context.Context, a Actor, id int64, in InstitutionInput) (*TransferInstitution, error) {
	return m.saveInstitution(ctx, a, id, in)
}

func (m *Market) saveInstitution(ctx context.Context, a Actor, id int64, in InstitutionInput) (*TransferInstitution, error) {
	if err := a.RequirePower(RoleAdmin); err != nil {
		return nil, err
	}
	if f := in.check(m.now()); len(f) > 0 {
		return nil, Invalid(f)
	}
	db := m.db.WithContext(ctx)
	x, err := saveEntry(db, m.now().UTC(), a, id, "institution", "transfer_institution", ErrInstitutionNotFound, ErrInstitutionExists, func(tx *gorm.DB, x *TransferInstitution) error {
		o, err := findOrg(tx, in.OrgID)
		if err != nil && !errors.Is(err, ErrOrgNotFound) {
			return err
		}
		// Registration agencies and science bureaus administer transfer;
		// they are not institutions that broker it.
		if err != nil || o.Type == OrgAgency || o.Type == OrgBureau {
			return Invalid(map[string]string{"org_id": "请选择已注册的技术转移机构、高校、科研院所或企业"})
		}
		var n int64
		if err := tx.Model(&TransferInstitution{}).Where("org_id = ? AND id <> ?", in.OrgID, id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrInstitutionExists.Sayf("%s 已登记为技术转移机构", o.Name)
		}
		x.OrgID, x.Kind, x.Demonstration, x.RecognisedYear, x.ContactPhone = in.OrgID, in.Kind, in.Demonstration, in.RecognisedYear, in.ContactPhone
		return nil
	})
	if err != nil {
		return nil, err
	}
	list := []TransferInstitution{*x}
	return &list[0], showInstitutions(db, a, list)
}
