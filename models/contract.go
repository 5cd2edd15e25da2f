package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ContractTypes: the types and subtypes of technology contracts (技术合同认定规则
// art. 4, with 技术许可 split out as the Civil Code art. 863 does).
var ContractTypes = []ContractType{
	{"development", "技术开发", []string{"委托开发", "合作开发"}},
	{"transfer", "技术转让", []string{"专利权转让", "专利申请权转让", "技术秘密转让"}},
	{"license", "技术许可", []string{"专利实施许可", "技术秘密使用许可"}},
	{"consulting", "技术咨询", []string{"技术咨询"}},
	{"service", "技术服务", []string{"技术服务", "技术培训", "技术中介"}},
}

type ContractType struct {
	Value    string   `json:"value"`
	Label    string   `json:"label"`
	Subtypes []string `json:"subtypes"`
}

// PartyTypes are the kinds of contracting party the statistics distinguish.
// Each is a 法人, a 自然人 or an 其他组织 of the 登记表 (PartyClass).
var PartyTypes = []string{"高等院校", "科研机构", "医疗卫生机构", "其他事业单位", "国有企业", "集体企业", "有限责任公司", "股份有限公司",
	"私营企业", "外资企业", "港澳台商投资企业", "境外企业", "个体经营", "自然人", "机关", "社会团体", "其他"}

type ContractStatus string

const (
	ContractDraft           ContractStatus = "draft"
	ContractConfirmed       ContractStatus = "confirmed"
	ContractSubmitted       ContractStatus = "submitted"
	ContractNeedsCorrection ContractStatus = "needs_correction"
	ContractRegistered      ContractStatus = "registered"
	ContractRejected        ContractStatus = "rejected"
)

// ContractAction is a step of the registration workflow.
type ContractAction string

const (
	CActConfirm  ContractAction = "confirm"  // a party confirms the draft
	CActSubmit   ContractAction = "submit"   // seller: confirmed -> submitted
	CActReturn   ContractAction = "return"   // reviewer: submitted -> needs_correction
	CActEdit     ContractAction = "edit"     // seller: needs_correction -> needs_correction (content changes)
	CActResubmit ContractAction = "resubmit" // seller: needs_correction -> submitted (the clock restarts)
	CActApprove  ContractAction = "approve"  // first reviewer of a large contract: stays submitted
	CActRegister ContractAction = "register" // reviewer: submitted -> registered
	CActReject   ContractAction = "reject"   // reviewer: submitted -> rejected
	CActUpload   ContractAction = "upload"   // seller: (re)places the contract text before submission
	CActAmend    ContractAction = "amend"    // seller: applies for a change or cancellation of a registered contract
)

// ContractActions lists every action on a contract, in the order pages show them.
var ContractActions = []ContractAction{CActEdit, CActUpload, CActConfirm, CActSubmit, CActResubmit,
	CActReturn, CActReject, CActApprove, CActRegister, CActAmend}

// contractCertificate is the one thing the actions name that is no step:
// reading the registration certificate, open to whoever sees a registered contract.
const contractCertificate = "certificate"

// LargeContractFen is 500 万元: from this technology transaction amount on, a
// second reviewer must approve before registration.
const LargeContractFen int64 = 500_000_000

// NextContractStatus is the registration workflow:
// draft -> confirmed (both parties) -> submitted -> needs_correction -> submitted ... -> registered | rejected.
func NextContractStatus(from ContractStatus, act ContractAction) (ContractStatus, error) {
	next := map[ContractStatus]map[ContractAction]ContractStatus{
		ContractDraft:           {CActConfirm: ContractDraft, CActEdit: ContractDraft, CActUpload: ContractDraft},
		ContractConfirmed:       {CActSubmit: ContractSubmitted, CActUpload: ContractConfirmed},
		ContractSubmitted:       {CActReturn: ContractNeedsCorrection, CActApprove: ContractSubmitted, CActRegister: ContractRegistered, CActReject: ContractRejected},
		ContractNeedsCorrection: {CActEdit: ContractNeedsCorrection, CActResubmit: ContractSubmitted, CActUpload: ContractNeedsCorrection},
		ContractRegistered:      {CActAmend: ContractRegistered},
	}
	if to, ok := next[from][act]; ok {
		return to, nil
	}
	return from, ErrBadTransition.Sayf("合同当前状态（%s）不能执行“%s”", contractStatusNames[from], contractActionNames[act])
}

var contractStatusNames = map[ContractStatus]string{ContractDraft: "草稿", ContractConfirmed: "双方已确认", ContractSubmitted: "已提交登记",
	ContractNeedsCorrection: "待补正", ContractRegistered: "已登记", ContractRejected: "不予登记"}

var contractActionNames = map[ContractAction]string{CActConfirm: "确认", CActSubmit: "提交登记", CActReturn: "退回补正", CActEdit: "修改",
	CActResubmit: "重新提交", CActApprove: "复核同意", CActRegister: "登记", CActReject: "不予登记", CActUpload: "上传合同文本",
	CActAmend: "申请变更或注销登记"}

// RejectionGrounds are the standard grounds for 不予登记.
var RejectionGrounds = []Label{
	{"not_technology_contract", "不属于技术合同"},
	{"unclear_terms", "当事人、标的或价款不明确"},
	{"approval_missing", "缺少依法应当取得的批准"},
	{"name_mismatch", "合同名称与内容不符"},
	{"restrictive_clauses", "含有非法垄断技术、妨碍技术进步的条款"},
	{"seal_problem", "未加盖印章或印章不符"},
	{"proof_missing", "缺少必要的证明材料"},
}

// Contract is a technology contract presented for recognition and registration (认定登记).
type Contract struct {
	ID                int64          `gorm:"primaryKey" json:"id"`
	DealID            *int64         `gorm:"index" json:"deal_id"`
	Title             string         `gorm:"size:200;not null" json:"title"`
	Type              string         `gorm:"size:20;not null;index" json:"type"`
	Subtype           string         `gorm:"size:20;not null" json:"subtype"`
	Subject           string         `gorm:"type:text;not null" json:"subject"`
	Field             string         `gorm:"size:20;not null" json:"field"`
	SellerOrgID       int64          `gorm:"not null;index" json:"seller_org_id"`
	SellerName        string         `gorm:"size:100;not null" json:"seller_name"`
	SellerPartyType   string         `gorm:"size:20;not null" json:"seller_party_type"`
	SellerDivision    string         `gorm:"size:6;not null;index" json:"seller_division"`
	BuyerOrgID        *int64         `gorm:"index" json:"buyer_org_id"`
	BuyerName         string         `gorm:"size:100;not null" json:"buyer_name"`
	BuyerPartyType    string         `gorm:"size:20;not null" json:"buyer_party_type"`
	BuyerDivision     string         `gorm:"size:6;not null" json:"buyer_division"`
	BrokerOrgID       *int64         `json:"broker_org_id"`
	BrokerName        string         `gorm:"size:100;not null;default:''" json:"broker_name"`
	ContractFen       int64          `gorm:"column:contract_fen;not null" json:"contract_amount_fen"`
	TechFen           int64          `gorm:"column:tech_fen;not null" json:"tech_amount_fen"`
	PaymentTerms      string         `gorm:"type:text;not null" json:"payment_terms"`
	SignedOn          time.Time      `gorm:"not null" json:"signed_on"`
	ValidFrom         time.Time      `gorm:"not null" json:"valid_from"`
	ValidTo           time.Time      `gorm:"not null" json:"valid_to"`
	AgencyID          int64          `gorm:"not null;index" json:"agency_id"`
	FileName          string         `gorm:"size:200;not null;default:''" json:"file_name"`
	FileSize          int64          `gorm:"not null;default:0" json:"file_size"`
	FileSHA256        string         `gorm:"column:file_sha256;size:64;not null;default:''" json:"file_sha256"`
	Status            ContractStatus `gorm:"size:20;not null;index" json:"status"`
	SellerConfirmedAt *time.Time     `json:"seller_confirmed_at"`
	BuyerConfirmedAt  *time.Time     `json:"buyer_confirmed_at"`
	SubmittedAt       *time.Time     `json:"submitted_at"`
	Disputed          bool           `gorm:"not null;default:false" json:"disputed"`
	FirstApprovalBy   *int64         `json:"first_approval_by"`
	RegistrationNo    *string        `gorm:"size:16;uniqueIndex" json:"registration_no"`
	RegisteredAt      *time.Time     `gorm:"index" json:"registered_at"`
	RegisteredBy      *int64         `json:"registered_by"`
	RejectGrounds     StringList     `gorm:"type:text;not null" json:"reject_grounds"`
	ReviewComment     string         `gorm:"type:text;not null;default:''" json:"review_comment"`
	CreatedBy         int64          `gorm:"not null" json:"-"`
	CreatedAt         time.Time      `json:"created_at"`
	UpdatedAt         time.Time      `json:"updated_at"`
	// The 登记表's fields (register_form.go).
	RegisterForm
	// Actions is what the caller may do with the contract now (ContractActions, and "certificate").
	Actions []string `gorm:"-" json:"actions"`
}

// ContractInput is what the seller side fills in (or what a deal prefills).
type ContractInput struct {
	DealID          *int64 `json:"deal_id"`
	Title           string `json:"title"`
	Type            string `json:"type"`
	Subtype         string `json:"subtype"`
	Subject         string `json:"subject"`
	Field           string `json:"field"`
	SellerPartyType string `json:"seller_party_type"`
	SellerDivision  string `json:"seller_division"`
	BuyerOrgID      *int64 `json:"buyer_org_id"`
	BuyerName       string `json:"buyer_name"`
	BuyerPartyType  string `json:"buyer_party_type"`
	BuyerDivision   string `json:"buyer_division"`
	BrokerOrgID     *int64 `json:"broker_org_id"`
	ContractFen     int64  `json:"contract_amount_fen"`
	TechFen         int64  `json:"tech_amount_fen"`
	PaymentTerms    string `json:"payment_terms"`
	SignedOn        string `json:"signed_on"`
	ValidFrom       string `json:"valid_from"`
	ValidTo         string `json:"valid_to"`
	AgencyID        int64  `json:"agency_id"`
	// The 登记表's fields (register_form.go).
	RegisterFormInput
}

func subtypeOf(typ, sub string) bool {
	for _, t := range ContractTypes {
		if t.Value == typ {
			return oneOf(sub, t.Subtypes)
		}
	}
	return false
}

func parseDay(f map[string]string, key, v string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), shanghai)
	if err != nil {
		f[key] = "日期格式应为 2006-01-02"
	}
	return t.UTC()
}

// checkContract validates the input against the registration rules and
// fills c; tx is used to look up the agency and named organisations.
func checkContract(tx *gorm.DB, in ContractInput, c *Contract, now time.Time) error {
	f := map[string]string{}
	c.Title, c.Subject, c.PaymentTerms = strings.TrimSpace(in.Title), strings.TrimSpace(in.Subject), strings.TrimSpace(in.PaymentTerms)
	checkName(f, "title", c.Title, 4, 200, "合同名称")
	checkName(f, "subject", c.Subject, 4, 5000, "标的")
	checkLen(f, "payment_terms", c.PaymentTerms, 2, 2000, "支付方式")
	c.Type, c.Subtype, c.Field = in.Type, in.Subtype, in.Field
	if !subtypeOf(in.Type, in.Subtype) {
		f["subtype"] = "请选择有效的合同类型与子类"
	}
	if !oneOf(in.Field, Fields) {
		f["field"] = "请选择技术领域"
	}
	c.SellerPartyType, c.BuyerPartyType = in.SellerPartyType, in.BuyerPartyType
	if !oneOf(in.SellerPartyType, PartyTypes) {
		f["seller_party_type"] = "请选择卖方主体类型"
	}
	if !oneOf(in.BuyerPartyType, PartyTypes) {
		f["buyer_party_type"] = "请选择买方主体类型"
	}
	c.SellerDivision, c.BuyerDivision = strings.TrimSpace(in.SellerDivision), strings.TrimSpace(in.BuyerDivision)
	if msg := checkPartyDivision(c.SellerDivision, "卖方", false); msg != "" {
		f["seller_division"] = msg
	}
	if msg := checkPartyDivision(c.BuyerDivision, "买方", true); msg != "" {
		f["buyer_division"] = msg
	}
	c.ContractFen, c.TechFen = in.ContractFen, in.TechFen
	contractOK := checkFen(f, "contract_amount_fen", in.ContractFen, false, "合同金额")
	if checkFen(f, "tech_amount_fen", in.TechFen, false, "技术交易额") && contractOK && in.TechFen > in.ContractFen {
		f["tech_amount_fen"] = "技术交易额不能高于合同金额"
	}
	c.SignedOn = parseDay(f, "signed_on", in.SignedOn)
	c.ValidFrom = parseDay(f, "valid_from", in.ValidFrom)
	c.ValidTo = parseDay(f, "valid_to", in.ValidTo)
	if f["signed_on"] == "" && c.SignedOn.After(now) {
		f["signed_on"] = "签订日期不能晚于今天"
	}
	if f["valid_to"] == "" && f["valid_from"] == "" && c.ValidTo.Before(c.ValidFrom) {
		f["valid_to"] = "有效期结束不能早于开始"
	}
	var agency Organization
	if err := tx.First(&agency, in.AgencyID).Error; err != nil || agency.Type != OrgAgency || !agency.Verified() {
		f["agency_id"] = "请选择有效的技术合同登记机构"
	}
	c.AgencyID = in.AgencyID
	c.BuyerOrgID, c.BuyerName = nil, strings.TrimSpace(in.BuyerName)
	var buyerOrg *Organization
	if in.BuyerOrgID != nil && *in.BuyerOrgID > 0 {
		var buyer Organization
		if err := tx.First(&buyer, *in.BuyerOrgID).Error; err != nil {
			f["buyer_org_id"] = "买方机构不存在"
		} else {
			c.BuyerOrgID, c.BuyerName, buyerOrg = &buyer.ID, buyer.Name, &buyer
			if buyer.ID == c.SellerOrgID {
				f["buyer_org_id"] = "买方不能是卖方本身"
			}
		}
	}
	var seller Organization
	if err := tx.First(&seller, c.SellerOrgID).Error; err != nil {
		return err
	}
	checkRegisterForm(f, in.RegisterFormInput, c, &seller, buyerOrg)
	checkName(f, "buyer_name", c.BuyerName, 2, 100, "买方名称")
	c.BrokerOrgID, c.BrokerName = nil, ""
	if in.BrokerOrgID != nil && *in.BrokerOrgID > 0 {
		var broker Organization
		if err := tx.First(&broker, *in.BrokerOrgID).Error; err != nil || broker.Type != OrgBrokerFirm {
			f["broker_org_id"] = "中介方须为技术转移机构"
		} else {
			c.BrokerOrgID, c.BrokerName = &broker.ID, broker.Name
		}
	}
	if len(f) > 0 {
		return Invalid(f)
	}
	return nil
}

func (a Actor) sellerOf(c *Contract) bool {
	return a.LoggedIn() && a.OrgID == c.SellerOrgID && !a.Acts(RoleReviewer)
}
func (a Actor) buyerOf(c *Contract) bool {
	return a.LoggedIn() && c.BuyerOrgID != nil && a.OrgID == *c.BuyerOrgID && !a.Acts(RoleReviewer)
}
func (a Actor) reviewerOf(c *Contract) bool {
	return a.Acts(RoleReviewer) && a.OrgID == c.AgencyID && c.Status != ContractDraft && c.Status != ContractConfirmed
}

// canSeeContract: the parties, the intermediary, the agency it was submitted to, admins.
func (a Actor) canSeeContract(c *Contract) bool {
	return a.LoggedIn() && (a.Acts(RoleAdmin) || a.sellerOf(c) || a.buyerOf(c) || a.reviewerOf(c) ||
		c.BrokerOrgID != nil && a.OrgID == *c.BrokerOrgID)
}

// CreateContract drafts a contract for the seller's organisation, from a
// confirmed deal of theirs or for a contract signed elsewhere.
func (m *Market) CreateContract(ctx context.Context, actor Actor, in ContractInput) (*Contract, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	var c Contract
	err := db.Transaction(func(tx *gorm.DB) error {
		seller, err := draftingSeller(tx, actor)
		if err != nil {
			return err
		}
		c = Contract{SellerOrgID: seller.ID, SellerName: seller.Name, Status: ContractDraft, CreatedBy: actor.UserID, RejectGrounds: StringList{}}
		if in.DealID != nil {
			var d Deal
			if err := tx.First(&d, *in.DealID).Error; err != nil || d.SellerOrgID != actor.OrgID {
				return Invalid(map[string]string{"deal_id": "成交记录不存在或不属于本机构"})
			}
			if d.Status != DealConfirmed {
				return Invalid(map[string]string{"deal_id": "成交尚未确认，不能起草合同"})
			}
			c.DealID = &d.ID
			if in.BuyerOrgID == nil {
				in.BuyerOrgID = &d.BuyerOrgID
			}
			if in.BrokerOrgID == nil {
				in.BrokerOrgID = d.BrokerOrgID
			}
			if in.ContractFen == 0 {
				in.ContractFen = d.PriceFen
			}
		}
		if err := checkContract(tx, in, &c, now); err != nil {
			return err
		}
		// One contract per deal: the unique index on deal_id decides
		// between simultaneous drafts, not a read before the write.
		if err := unique(tx.Create(&c).Error, ErrContractExists); err != nil {
			return err
		}
		if err := Audit(tx, actor, "contract.create", "contract", c.ID, nil, c); err != nil {
			return err
		}
		return withContractActions(tx, actor, &c)
	})
	return &c, err
}

// draftingSeller is the organisation the actor drafts contracts for, as
// the seller: a verified member of a supplier, demander or broker.
func draftingSeller(tx *gorm.DB, actor Actor) (*Organization, error) {
	if err := actor.Require(RoleSupplier, RoleBroker, RoleDemander); err != nil {
		return nil, err
	}
	if err := actor.RequireVerified(); err != nil {
		return nil, err
	}
	var seller Organization
	if err := tx.First(&seller, actor.OrgID).Error; err != nil {
		return nil, err
	}
	return &seller, nil
}

func lockContract(tx *gorm.DB, id int64) (*Contract, error) {
	return lockByID[Contract](tx, id, ErrContractNotFound)
}

// contractFor locks a contract for an act of actor (see lockFor): hidden
// from whoever may not see it, refused to whoever may not take the act.
func contractFor(tx *gorm.DB, actor Actor, id int64, may func(*Contract) bool, forbidden *Error) (*Contract, error) {
	return lockFor(tx, id, ErrContractNotFound, actor.canSeeContract, may, forbidden)
}

// GetContract returns a contract the actor may see.
func (m *Market) GetContract(ctx context.Context, actor Actor, id int64) (*Contract, error) {
	db := m.db.WithContext(ctx)
	var c Contract
	if err := db.First(&c, id).Error; err != nil {
		return nil, ErrContractNotFound
	}
	if !actor.canSeeContract(&c) {
		return nil, ErrContractNotFound
	}
	return &c, withContractActions(db, actor, &c)
}

// UpdateContract changes a draft (which resets confirmations) or a contract
// returned for correction. A registered contract never changes.
func (m *Market) UpdateContract(ctx context.Context, actor Actor, id int64, in ContractInput) (*Contract, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	var out *Contract
	err := db.Transaction(func(tx *gorm.DB) error {
		c, err := contractFor(tx, actor, id, actor.sellerOf, ErrNotSeller.Say("只有卖方可以修改合同"))
		if err != nil {
			return err
		}
		if err := checkContractAct(actor.sideOf(c), c, CActEdit, contractAmendments{}); err != nil {
			return err
		}
		before := *c
		in.DealID = c.DealID
		if err := checkContract(tx, in, c, now); err != nil {
			return err
		}
		if c.Status == ContractDraft {
			c.SellerConfirmedAt, c.BuyerConfirmedAt = nil, nil
		}
		if err := tx.Select("*").Omit("created_at").Save(c).Error; err != nil {
			return err
		}
		out = c
		if err := Audit(tx, actor, "contract.edit", "contract", c.ID, before, c); err != nil {
			return err
		}
		return withContractActions(tx, actor, c)
	})
	return out, err
}

// contractTakingFile locks a contract whose seller may still replace its text.
func contractTakingFile(tx *gorm.DB, actor Actor, id int64) (*Contract, error) {
	c, err := contractFor(tx, actor, id, actor.sellerOf, ErrNotSeller.Say("只有卖方可以上传合同文本"))
	if err != nil {
		return nil, err
	}
	if err := checkContractAct(actor.sideOf(c), c, CActUpload, contractAmendments{}); err != nil {
		return nil, err
	}
	return c, nil
}

// AttachContractFile stores the PDF text of a contract not yet submitted
// or returned, in the database under its SHA-256, within the seller's
// storage cap (the text it replaces counts as freed); the text it replaces
// goes from the store once nothing refers to it.
func (m *Market) AttachContractFile(ctx context.Context, actor Actor, id int64, name string, data []byte, maxOrgBytes int64) (*Contract, error) {
	db := m.db.WithContext(ctx)
	var out *Contract
	err := db.Transaction(func(tx *gorm.DB) error {
		c, err := contractTakingFile(tx, actor, id)
		if err != nil {
			return err
		}
		size := int64(len(data))
		if err := reserveOrgStorage(tx, c.SellerOrgID, size, c.FileSize, maxOrgBytes); err != nil {
			return err
		}
		sha, err := putBlob(tx, data, "application/pdf")
		if err != nil {
			return err
		}
		before := *c
		c.FileName, c.FileSize, c.FileSHA256 = name, size, sha
		if err := tx.Model(c).Select("file_name", "file_size", "file_sha256", "updated_at").Updates(c).Error; err != nil {
			return err
		}
		if before.FileSHA256 != sha {
			if err := releaseBlobs(tx, before.FileSHA256); err != nil {
				return err
			}
		}
		out = c
		if err := Audit(tx, actor, "contract.file", "contract", c.ID, before, c); err != nil {
			return err
		}
		return withContractActions(tx, actor, c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ContractText is a contract's PDF text for whoever may see the contract.
func (m *Market) ContractText(ctx context.Context, actor Actor, id int64) (*Contract, *Blob, error) {
	c, err := m.GetContract(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if c.FileSHA256 == "" {
		return nil, nil, ErrFileNotFound.Say("尚未上传合同文本")
	}
	b, err := blobData(m.db.WithContext(ctx), c.FileSHA256)
	if err != nil {
		return nil, nil, err
	}
	return c, b, nil
}

// ReviewInput carries a reviewer's decision.
type ReviewInput struct {
	Grounds []string `json:"grounds"`
	Comment string   `json:"comment"`
}

// ActOnContract applies one step of the registration workflow, as a story:
// the contract is locked (hidden from whoever may not see it), decideContract
// judges the step, the result is saved from the status it was judged in,
// the creator is told and the step audited. Of the same act at once only
// one is saved, and only that one notifies, audits and issues a
// registration number.
func (m *Market) ActOnContract(ctx context.Context, actor Actor, id int64, act ContractAction, review ReviewInput) (*Contract, error) {
	db := m.db.WithContext(ctx)
	now := m.now()
	var out *Contract
	err := db.Transaction(func(tx *gorm.DB) error {
		c, err := contractFor(tx, actor, id, nil, nil)
		if err != nil {
			return err
		}
		step, err := decideContract(*c, actor.sideOf(c), act, review, now)
		if err != nil {
			return err
		}
		if err := saveContractStep(tx, c.Status, &step, now); err != nil {
			return err
		}
		if err := notifyContract(tx, &step.Contract, act); err != nil {
			return err
		}
		out = &step.Contract
		if err := Audit(tx, actor, "contract."+string(act), "contract", c.ID, c, out); err != nil {
			return err
		}
		return withContractActions(tx, actor, out)
	})
	return out, err
}

// contractSide is who an actor is to a contract, as far as its workflow asks.
type contractSide struct {
	Seller, Buyer, Reviewer bool
	UserID                  int64
}

func (a Actor) sideOf(c *Contract) contractSide {
	return contractSide{Seller: a.sellerOf(c), Buyer: a.buyerOf(c), Reviewer: a.reviewerOf(c), UserID: a.UserID}
}

// contractStep is what one act does to a contract: the contract as it is
// to be saved; Guard, a condition besides the status it was judged in under
// which it is saved (a party's confirmation moves from unconfirmed); and
// Register, when the act registers it, which issues its number and counts
// it in the statistics.
type contractStep struct {
	Contract Contract
	Guard    string
	Register bool
}

// contractAmendments are the facts of a registered contract's amendments
// that decide whether another may be filed.
type contractAmendments struct {
	Pending   bool // an application waits for the agency
	Cancelled bool // a cancellation was registered: the contract is over
}

// checkContractAct is the one rule of who may take act on contract c now:
// the workflow's move (NextContractStatus), the actor's side, and the facts
// the act depends on (the contract text, the second review of a large
// contract, the contract's amendments). It leaves the request's own input
// (comments, grounds) to decideContract. The write paths call it, and
// contractActions calls it for every action, so what a page offers is what
// the server accepts.
func checkContractAct(side contractSide, c *Contract, act ContractAction, am contractAmendments) error {
	if _, err := NextContractStatus(c.Status, act); err != nil {
		// The refusals these acts have always answered with.
		switch {
		case act == CActUpload:
			return ErrImmutable.Say("合同已提交，不能更换文本")
		case act == CActAmend:
			return ErrNotRegistered
		case act == CActEdit && c.Status == ContractRegistered:
			return ErrImmutable
		}
		return err
	}
	switch act {
	case CActConfirm:
		switch {
		case side.Seller && c.SellerConfirmedAt == nil, side.Buyer && c.BuyerConfirmedAt == nil:
			return nil
		case side.Seller || side.Buyer:
			return ErrAlreadyConfirmed
		}
		return ErrNotAParty.Say("只有合同当事人可以确认")
	case CActEdit:
		if !side.Seller {
			return ErrNotSeller.Say("只有卖方可以修改合同")
		}
	case CActUpload:
		if !side.Seller {
			return ErrNotSeller.Say("只有卖方可以上传合同文本")
		}
	case CActSubmit, CActResubmit:
		if !side.Seller {
			return ErrNotSeller.Say("由卖方向登记机构提交")
		}
		if c.FileSHA256 == "" {
			return Invalid(map[string]string{"file": "请先上传合同文本（PDF）"})
		}
	case CActReturn, CActReject:
		if !side.Reviewer {
			return ErrNotYourAgency
		}
	case CActApprove:
		if !side.Reviewer {
			return ErrNotYourAgency
		}
		// 500 万元 or more: one reviewer approves, another registers.
		if c.TechFen < LargeContractFen {
			return ErrNoSecondReview
		}
		if c.FirstApprovalBy != nil {
			return ErrBadTransition.Say("已有审查员复核同意，请登记")
		}
	case CActRegister:
		if !side.Reviewer {
			return ErrNotYourAgency
		}
		if c.TechFen >= LargeContractFen {
			switch {
			case c.FirstApprovalBy == nil:
				return ErrNeedsSecondReview
			case *c.FirstApprovalBy == side.UserID:
				return ErrNeedsSecondReview.Say("复核须由另一名审查员进行")
			}
		}
	case CActAmend:
		switch {
		case !side.Seller:
			return ErrNotSeller.Say("由卖方申请变更或注销登记")
		case am.Pending:
			return ErrAmendmentPending
		case am.Cancelled:
			return ErrCancelled
		}
	default:
		return ErrBadAction
	}
	return nil
}

// contractActions says what the actor may do with the contract now, from
// checkContractAct.
func contractActions(a Actor, c *Contract, am contractAmendments) []string {
	side := a.sideOf(c)
	out := permitted(ContractActions, func(act ContractAction) error { return checkContractAct(side, c, act, am) })
	if c.Status == ContractRegistered && a.canSeeContract(c) {
		out = append(out, contractCertificate)
	}
	return out
}

// amendmentFacts reads the amendment facts of the registered contracts among cs.
func amendmentFacts(db *gorm.DB, cs []*Contract) (map[int64]contractAmendments, error) {
	out := map[int64]contractAmendments{}
	var ids []int64
	for _, c := range cs {
		if c.Status == ContractRegistered {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ContractID int64
		Kind       AmendmentKind
		Status     AmendmentStatus
	}
	if err := db.Model(&Amendment{}).Select("contract_id, kind, status").Where("contract_id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		f := out[r.ContractID]
		f.Pending = f.Pending || r.Status == AmendmentSubmitted
		f.Cancelled = f.Cancelled || r.Kind == AmendmentCancel && r.Status == AmendmentRegistered
		out[r.ContractID] = f
	}
	return out, nil
}

// withContractActions fills in what the actor may do with each contract.
func withContractActions(db *gorm.DB, a Actor, cs ...*Contract) error {
	facts, err := amendmentFacts(db, cs)
	if err != nil {
		return err
	}
	for _, c := range cs {
		c.Actions = contractActions(a, c, facts[c.ID])
	}
	return nil
}

// decideContract is the rule of the registration workflow: what act, taken
// at now by someone on side of contract c, does to it, or why it may not. It
// reads nothing but its arguments; ActOnContract runs it.
func decideContract(c Contract, side contractSide, act ContractAction, review ReviewInput, now time.Time) (contractStep, error) {
	if err := checkContractAct(side, &c, act, contractAmendments{}); err != nil {
		return contractStep{}, err
	}
	next, _ := NextContractStatus(c.Status, act)
	step := contractStep{}
	comment := strings.TrimSpace(review.Comment)
	switch act {
	case CActConfirm:
		if side.Seller && c.SellerConfirmedAt == nil {
			c.SellerConfirmedAt, step.Guard = &now, "seller_confirmed_at IS NULL"
		} else {
			c.BuyerConfirmedAt, step.Guard = &now, "buyer_confirmed_at IS NULL"
		}
		if c.SellerConfirmedAt != nil && (c.BuyerOrgID == nil || c.BuyerConfirmedAt != nil) {
			next = ContractConfirmed
		}
	case CActSubmit, CActResubmit:
		// Resubmission restarts the review clock.
		c.SubmittedAt, c.FirstApprovalBy = &now, nil
	case CActReturn, CActReject, CActApprove, CActRegister:
		f := map[string]string{}
		checkLen(f, "comment", comment, 0, 2000, "审查意见")
		if act == CActReturn && comment == "" {
			f["comment"] = "请写明需要补正的内容"
		}
		if act == CActReject {
			if len(review.Grounds) == 0 {
				f["grounds"] = "请选择不予登记的理由"
			}
			for _, g := range review.Grounds {
				if !oneOf(g, labelValues(RejectionGrounds)) {
					f["grounds"] = "不予登记理由无效"
				}
			}
		}
		if len(f) > 0 {
			return contractStep{}, Invalid(f)
		}
		c.ReviewComment = comment
		switch act {
		case CActReject:
			c.RejectGrounds = cleanList(review.Grounds)
		case CActApprove:
			c.FirstApprovalBy = &side.UserID
		case CActRegister:
			c.RegisteredAt, c.RegisteredBy, step.Register = &now, &side.UserID, true
		}
	default: // edit, upload and amend have their own workflows
		return contractStep{}, ErrBadAction
	}
	c.Status = next
	step.Contract = c
	return step, nil
}

// saveContractStep saves a decided step from the status the contract was
// judged in (and its Guard): a registration first takes the agency's next
// number and counts the contract in the statistics, in this transaction.
// Of the same act at once, only one moves the row; the others answer
// bad_transition and roll back.
func saveContractStep(tx *gorm.DB, judgedIn ContractStatus, step *contractStep, now time.Time) error {
	c := &step.Contract
	if step.Register {
		no, err := nextRegistrationNo(tx, c.AgencyID, now)
		if err != nil {
			return err
		}
		c.RegistrationNo = &no
		if err := addToRollup(tx, c); err != nil {
			return err
		}
	}
	once := tx.Where("status = ?", judgedIn)
	if step.Guard != "" {
		once = once.Where(step.Guard)
	}
	return moved(once.Select("*").Omit("created_at").Save(c), ErrBadTransition.Say("合同刚被他人处理，请刷新"))
}

// RegistrationSequence is the last number an agency issued in a year.
type RegistrationSequence struct {
	AgencyID int64 `gorm:"primaryKey;autoIncrement:false"`
	Year     int   `gorm:"primaryKey;autoIncrement:false"`
	LastSeq  int   `gorm:"not null"`
}

// nextRegistrationNo issues YYYY + the agency's division code + a six-digit
// sequence per agency and year. The counter row is locked and advanced in the
// registering transaction: a rolled-back registration rolls the number back
// too, so numbers are neither reused nor skipped.
func nextRegistrationNo(tx *gorm.DB, agencyID int64, now time.Time) (string, error) {
	var agency Organization
	if err := tx.First(&agency, agencyID).Error; err != nil {
		return "", err
	}
	year := now.In(shanghai).Year()
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&RegistrationSequence{AgencyID: agencyID, Year: year}).Error; err != nil {
		return "", err
	}
	q := forUpdate(tx)
	var seq RegistrationSequence
	if err := q.Where("agency_id = ? AND year = ?", agencyID, year).First(&seq).Error; err != nil {
		return "", err
	}
	seq.LastSeq++
	if seq.LastSeq > 999_999 {
		return "", ErrSequenceExhausted
	}
	if err := tx.Model(&RegistrationSequence{}).Where("agency_id = ? AND year = ?", agencyID, year).Update("last_seq", seq.LastSeq).Error; err != nil {
		return "", err
	}
	return fmt.Sprintf("%04d%s%06d", year, agency.Region, seq.LastSeq), nil
}

func notifyContract(tx *gorm.DB, c *Contract, act ContractAction) error {
	titles := map[ContractAction]string{
		CActReturn:   "合同《%s》被退回补正",
		CActReject:   "合同《%s》不予登记",
		CActRegister: "合同《%s》已登记",
	}
	t, ok := titles[act]
	if !ok {
		return nil
	}
	return notify(tx, Notification{UserID: c.CreatedBy, Kind: "contract." + string(act), Title: fmt.Sprintf(t, c.Title),
		Body: c.ReviewComment, Link: fmt.Sprintf("/contracts/%d", c.ID)})
}

// ContractFilter selects contracts for lists.
type ContractFilter struct {
	Status string
	ToDo   bool // drafts waiting for this organisation's confirmation as seller or buyer
	Page
}

// ListContracts: parties see theirs; reviewers their agency's queue; admins all.
func (m *Market) ListContracts(ctx context.Context, actor Actor, f ContractFilter) ([]Contract, int64, error) {
	db := m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, 0, ErrUnauthenticated
	}
	q := db.Model(&Contract{})
	switch {
	case actor.Acts(RoleAdmin):
	case actor.Acts(RoleReviewer):
		q = q.Where("agency_id = ? AND status NOT IN ?", actor.OrgID, []ContractStatus{ContractDraft, ContractConfirmed})
	default:
		q = q.Where("seller_org_id = ? OR buyer_org_id = ? OR broker_org_id = ?", actor.OrgID, actor.OrgID, actor.OrgID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.ToDo {
		q = q.Where("status = ? AND ((seller_org_id = ? AND seller_confirmed_at IS NULL) OR (buyer_org_id = ? AND buyer_confirmed_at IS NULL))",
			ContractDraft, actor.OrgID, actor.OrgID)
	}
	order := "id DESC"
	if actor.Acts(RoleReviewer) {
		order = "submitted_at, id" // the longest-waiting first
	}
	out, total, err := findPage[Contract](q, order, f.Page)
	if err != nil {
		return nil, 0, err
	}
	return out, total, withContractActions(db, actor, pointers(out)...)
}

// ReviewDeadline is the number of working days the agency has: 15, or 30 for
// large or disputed cases.
func ReviewDeadline(c *Contract) int {
	if c.TechFen >= LargeContractFen || c.Disputed {
		return 30
	}
	return 15
}

// ContractTimeline is the audit log of one contract, oldest first.
func (m *Market) ContractTimeline(ctx context.Context, actor Actor, id int64) ([]AuditLog, error) {
	db := m.db.WithContext(ctx)
	if _, err := m.GetContract(ctx, actor, id); err != nil {
		return nil, err
	}
	out := []AuditLog{}
	if err := db.Where("entity = ? AND entity_id = ?", "contract", id).Order("id").Find(&out).Error; err != nil {
		return nil, err
	}
	return out, namedAudit(db, out)
}
