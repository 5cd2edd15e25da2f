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

// Certificate is what the registration certificate (技术合同登记证明) of a
// registered contract says: the printed page, the PDF and the public
// verification show exactly this and nothing more of the contract.
type Certificate struct {
	RegistrationNo string    `json:"registration_no"`
	RegisteredAt   time.Time `json:"registered_at"`
	Agency         string    `json:"agency"`
	Title          string    `json:"title"`
	Type           string    `json:"type"`
	Subtype        string    `json:"subtype"`
	Field          string    `json:"field"`
	Seller         string    `json:"seller"`
	Buyer          string    `json:"buyer"`
	Broker         string    `json:"broker"`
	// The parties' 统一社会信用代码 (empty for a natural person or a party
	// abroad), and where a buyer outside the mainland is: 港澳台, or the country.
	SellerCreditCode string    `json:"seller_credit_code"`
	BuyerCreditCode  string    `json:"buyer_credit_code"`
	BuyerPlace       string    `json:"buyer_place"`
	ContractFen      int64     `json:"contract_amount_fen"`
	TechFen          int64     `json:"tech_amount_fen"`
	SignedOn         time.Time `json:"signed_on"`
	ValidFrom        time.Time `json:"valid_from"`
	ValidTo          time.Time `json:"valid_to"`
	// FileSHA256 is the fingerprint of the registered contract text: whoever
	// holds a copy of the text can check it is the one registered.
	FileSHA256 string `json:"file_sha256"`
}

// RegistrationState is where a registration stands now, as the public
// verification says it.
type RegistrationState string

const (
	StateRegistered RegistrationState = "registered" // 已登记
	StateChanged    RegistrationState = "changed"    // 已变更: a change registration replaced the amounts
	StateCancelled  RegistrationState = "cancelled"  // 已注销
)

var registrationStateNames = map[RegistrationState]string{StateRegistered: "已登记", StateChanged: "已变更", StateCancelled: "已注销"}

// Verification answers a public check of a registration number: the
// certificate, and the registration's state today with the amounts that
// stand (after a registered change; a cancelled contract stands at none).
type Verification struct {
	Certificate
	State      RegistrationState `json:"state"`
	StateLabel string            `json:"state_label"`
	// StateSince is when the change or cancellation was registered.
	StateSince          *time.Time `json:"state_since"`
	StandingContractFen int64      `json:"standing_contract_amount_fen"`
	StandingTechFen     int64      `json:"standing_tech_amount_fen"`
}

// certificateOf reads what the certificate of the registered contract c says.
func certificateOf(db *gorm.DB, c *Contract) (*Certificate, error) {
	if c.Status != ContractRegistered || c.RegistrationNo == nil || c.RegisteredAt == nil {
		return nil, ErrNotRegistered.Say("合同尚未登记，没有登记证明")
	}
	agency, err := findOrg(db, c.AgencyID)
	if err != nil {
		return nil, err
	}
	return &Certificate{
		RegistrationNo: *c.RegistrationNo, RegisteredAt: *c.RegisteredAt, Agency: agency.Name,
		Title: c.Title, Type: c.Type, Subtype: c.Subtype, Field: c.Field,
		Seller: c.SellerName, Buyer: c.BuyerName, Broker: c.BrokerName,
		SellerCreditCode: c.SellerCreditCode, BuyerCreditCode: c.BuyerCreditCode, BuyerPlace: buyerPlace(c),
		ContractFen: c.ContractFen, TechFen: c.TechFen, SignedOn: c.SignedOn,
		ValidFrom: c.ValidFrom, ValidTo: c.ValidTo, FileSHA256: c.FileSHA256,
	}, nil
}

// buyerPlace is where a buyer outside the mainland is, as the certificate
// names it: 港澳台, or the country of a buyer abroad; "" on the mainland.
func buyerPlace(c *Contract) string {
	switch c.BuyerDivision {
	case DivisionHKMacaoTaiwan:
		return DivisionName(c.BuyerDivision)
	case DivisionAbroad:
		return "境外：" + CountryName(c.BuyerCountry)
	}
	return ""
}

// ContractCertificate is the certificate of a registered contract the actor may see.
func (m *Market) ContractCertificate(ctx context.Context, actor Actor, id int64) (*Certificate, error) {
	c, err := m.GetContract(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return certificateOf(m.db.WithContext(ctx), c)
}

// registrationNoPattern is the shape of a registration number: YYYY, the
// agency's six-digit division code, a six-digit sequence.
var registrationNoPattern = regexp.MustCompile(`^[0-9]{16}$`)

// normalRegistrationNo is a typed or scanned number as stored: trimmed,
// full-width digits made half-width, spaces and hyphens people group the
// digits with taken out.
func normalRegistrationNo(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == ' ' || r == '-' || r == '\u3000':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// VerifyRegistration is the public check of a registration number: open to
// anyone, so it says only what the certificate says, and the state the
// registration is in now.
func (m *Market) VerifyRegistration(ctx context.Context, no string) (*Verification, error) {
	db := m.db.WithContext(ctx)
	no = normalRegistrationNo(no)
	if !registrationNoPattern.MatchString(no) {
		return nil, Invalid(map[string]string{"no": "登记编号为 16 位数字"})
	}
	var c Contract
	if err := db.Where("registration_no = ? AND status = ?", no, ContractRegistered).First(&c).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrRegistrationNotFound.Sayf("未查到登记编号为 %s 的技术合同登记，请核对编号", no)
		}
		return nil, err
	}
	cert, err := certificateOf(db, &c)
	if err != nil {
		return nil, err
	}
	var registered []Amendment
	if err := db.Where("contract_id = ? AND status = ?", c.ID, AmendmentRegistered).Order("id").Find(&registered).Error; err != nil {
		return nil, err
	}
	return verificationOf(*cert, registered), nil
}

// verificationOf is the state a certificate's registration is in after its
// registered amendments (oldest first): the last change sets the amounts, a
// cancellation ends it.
func verificationOf(cert Certificate, registered []Amendment) *Verification {
	v := &Verification{Certificate: cert, State: StateRegistered, StandingContractFen: cert.ContractFen, StandingTechFen: cert.TechFen}
	for _, a := range registered {
		switch a.Kind {
		case AmendmentChange:
			v.State, v.StateSince = StateChanged, a.ReviewedAt
			v.StandingContractFen, v.StandingTechFen = a.ContractFen, a.TechFen
		case AmendmentCancel:
			v.State, v.StateSince = StateCancelled, a.ReviewedAt
			v.StandingContractFen, v.StandingTechFen = 0, 0
		}
		if v.State == StateCancelled {
			break
		}
	}
	v.StateLabel = registrationStateNames[v.State]
	return v
}

// ContractTypeLabel names a contract's type and subtype as the certificate
// prints them: 技术开发（委托开发）.
func ContractTypeLabel(typ, subtype string) string {
	for _, t := range ContractTypes {
		if t.Value == typ {
			if subtype == "" || subtype == t.Label {
				return t.Label
			}
			return fmt.Sprintf("%s（%s）", t.Label, subtype)
		}
	}
	return typ
}

// YuanFigures writes fen as 元 with thousands separators and two decimals,
// as contracts print amounts: 1,234,567.89 元.
func YuanFigures(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	s := fmt.Sprint(fen / 100)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return fmt.Sprintf("%s%s.%02d 元", sign, s, fen%100)
}

const capitalDigits = "零壹贰叁肆伍陆柒捌玖"

// AmountInWords writes fen in Chinese capitals (大写), as contracts and
// cheques do: 1234500 fen → 壹万贰仟叁佰肆拾伍元整.
func AmountInWords(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "负", -fen
	}
	digit := func(d int64) string { return string([]rune(capitalDigits)[d]) }
	yuan, jiao, cents := fen/100, fen/10%10, fen%10
	if jiao == 0 && cents == 0 {
		if yuan == 0 {
			return sign + "零元整"
		}
		return sign + integerWords(yuan) + "元整"
	}
	s := ""
	if yuan > 0 {
		s = integerWords(yuan) + "元"
	}
	switch {
	case jiao > 0:
		s += digit(jiao) + "角"
	case yuan > 0:
		s += "零"
	}
	if cents > 0 {
		s += digit(cents) + "分"
	}
	return sign + s
}

// integerWords writes a positive integer in capitals by groups of four
// digits (万, 亿, 万亿), a run of zeros read once.
func integerWords(n int64) string {
	groupUnits := []string{"", "万", "亿", "万亿"}
	var groups []int64
	for ; n > 0; n /= 10000 {
		groups = append(groups, n%10000)
	}
	out, gap := "", false
	for g := len(groups) - 1; g >= 0; g-- {
		v := groups[g]
		if v == 0 {
			gap = out != ""
			continue
		}
		if out != "" && (gap || v < 1000) {
			out += "零"
		}
		out += fourDigits(v) + groupUnits[g]
		gap = false
	}
	return out
}

// fourDigits writes 1–9999 in capitals, zeros inside read once (1010 → 壹仟零壹拾).
func fourDigits(v int64) string {
	units := []string{"", "拾", "佰", "仟"}
	digits := []rune(capitalDigits)
	s, zero := "", false
	for i := 3; i >= 0; i-- {
		d := v / pow10(i) % 10
		if d == 0 {
			zero = zero || s != ""
			continue
		}
		if zero {
			s += "零"
		}
		zero = false
		s += string(digits[d]) + units[i]
	}
	return s
}

func pow10(i int) int64 {
	p := int64(1)
	for ; i > 0; i-- {
		p *= 10
	}
	return p
}
