package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// A model text (示范文本) is a draft of the contract itself, written from the
// structured fields of the registration form after the Ministry's model
// texts for each type: the parties sign it (or their own text) and upload
// the signed copy as before; the draft registers nothing.

// ModelText is a draft contract: a title, the parties under the roles the
// type gives them, numbered articles, and the signature block.
type ModelText struct {
	Title      string
	Kind       string // 技术开发（委托开发）合同
	BuyerRole  string // 甲方's role: 委托方, 受让方, 被许可方
	Buyer      string
	SellerRole string
	Seller     string
	Broker     string
	Articles   []ModelArticle
	SignedOn   string
}

// ModelArticle is one article (条) of a model text.
type ModelArticle struct {
	Heading    string
	Paragraphs []string
}

// modelRoles are what each type calls the buyer (甲方) and the seller (乙方).
var modelRoles = map[string][2]string{
	"development": {"委托方", "研究开发方"},
	"transfer":    {"受让方", "让与方"},
	"license":     {"被许可方", "许可方"},
	"consulting":  {"委托方", "受托方"},
	"service":     {"委托方", "受托方"},
}

// modelClauses are the articles of each type (and, where the law treats them
// apart, subtype) between the price and the common closing articles.
func modelClauses(typ, subtype string) []ModelArticle {
	switch typ {
	case "development":
		own := "因履行本合同所产生的研究开发成果，申请专利的权利属于乙方；乙方取得专利权的，甲方可以依法实施该专利。乙方转让专利申请权的，甲方享有以同等条件优先受让的权利。"
		if subtype == "合作开发" {
			own = "因履行本合同所产生的研究开发成果，申请专利的权利属于双方共有；一方转让其共有的专利申请权的，另一方享有以同等条件优先受让的权利。一方声明放弃其共有的专利申请权的，另一方可以单独申请。"
		}
		return []ModelArticle{
			{"研究开发内容、计划与进度", []string{"乙方按本合同第一条所述标的开展研究开发工作，并于每一阶段结束后 10 个工作日内向甲方书面报告进展。", "甲方按约定提供技术资料、原始数据和协作事项，并按期支付研究开发经费和报酬。"}},
			{"研究开发成果的归属与分享", []string{own, "技术秘密成果的使用权、转让权以及收益的分配办法，双方另行书面约定；没有约定的，依照《中华人民共和国民法典》第八百六十一条的规定处理。"}},
			{"风险责任", []string{"在研究开发过程中，因出现在现有技术水平和条件下难以克服的技术困难，致使研究开发失败或者部分失败的，该风险由双方合理分担。发现上述情形的一方应当在 7 日内通知另一方并采取适当措施减少损失。"}},
			{"验收标准与方式", []string{"研究开发成果按本合同约定的技术指标，由双方共同组织验收，或委托双方认可的第三方进行技术评价；验收合格的，甲方出具验收证明。"}},
		}
	case "transfer":
		object := "乙方保证其是所转让技术的合法拥有者，所提供的技术完整、无误、有效，能够达到本合同约定的目标。"
		extra := ModelArticle{"技术资料的交付", []string{"乙方在本合同生效后 30 日内向甲方交付实施该技术所必需的全部技术资料，并提供必要的技术指导。"}}
		switch subtype {
		case "专利权转让", "专利申请权转让":
			object = "乙方保证其是所转让专利（或专利申请）的合法权利人，该权利不存在质押、许可或其他权利负担，未侵犯他人的合法权益。"
			extra = ModelArticle{"登记与公告", []string{"本合同生效后，双方应向国务院专利行政部门办理著录项目变更登记手续；转让自登记之日起生效。登记费用由甲方承担。", "本合同生效前乙方已许可他人实施的，原许可合同继续有效，乙方应向甲方如实告知。"}}
		case "技术秘密转让":
			extra.Paragraphs = append(extra.Paragraphs, "乙方在转让后仍负有保密义务，未经甲方同意不得向第三方披露或许可他人使用该技术秘密。")
		}
		return []ModelArticle{
			{"权属保证", []string{object}},
			extra,
			{"后续改进的分享", []string{"在本合同有效期内，任何一方对所转让技术作出的后续改进，其成果归改进方所有，另一方有权以合理条件优先取得该成果。"}},
		}
	case "license":
		scope := "乙方许可甲方在本合同有效期内、在中华人民共和国境内以普通许可方式实施本合同所述专利，乙方仍可自行实施或许可第三方实施。"
		if subtype == "技术秘密使用许可" {
			scope = "乙方许可甲方在本合同有效期内、在中华人民共和国境内以普通许可方式使用本合同所述技术秘密；甲方对该技术秘密负有保密义务，未经乙方书面同意不得向第三方披露或再许可。"
		}
		return []ModelArticle{
			{"许可方式与范围", []string{scope, "许可方式（独占、排他或普通许可）、实施地域与实施期限以双方签署的文本为准；超越约定范围实施的，视为侵权。"}},
			{"技术资料与技术指导", []string{"乙方在本合同生效后 30 日内交付实施所需的技术资料，并派员为甲方提供技术指导，直至甲方能够按约定技术指标稳定实施。"}},
			{"许可人的保证", []string{"乙方保证其为所许可技术的合法权利人，许可的专利在本合同有效期内维持有效；专利被宣告无效的，双方按公平原则协商处理已支付的使用费。"}},
		}
	case "consulting":
		return []ModelArticle{
			{"咨询内容与咨询报告", []string{"乙方就本合同第一条所述项目进行调查、论证和分析，并在本合同有效期内向甲方提交书面咨询报告（可行性论证、技术预测、专题技术调查或分析评价报告）。", "甲方应按约定提供必要的背景材料和技术资料，并接受乙方的工作成果。"}},
			{"咨询报告的验收与责任", []string{"咨询报告由甲方组织评审，达到本合同约定要求的，甲方书面确认验收。", "甲方按照符合约定要求的咨询报告作出决策所造成的损失，由甲方承担，但双方另有约定的除外。"}},
		}
	default: // service: 技术服务, 技术培训, 技术中介
		work := "乙方以其专业技术知识为甲方解决本合同第一条所述特定技术问题，达到约定的技术指标和经济指标。"
		switch subtype {
		case "技术培训":
			work = "乙方按约定的培训内容、学员人数、培训时间和地点对甲方指定人员进行专业技术训练，使其达到约定的培训目标。"
		case "技术中介":
			work = "乙方为甲方与第三方订立技术合同进行联系、介绍和组织协调，并对所提供信息的真实性负责；中介报酬及中介活动经费的支付按本合同第二条的约定。"
		}
		return []ModelArticle{
			{"服务内容与方式", []string{work}},
			{"工作条件与协作", []string{"甲方按约定提供工作条件、技术资料和数据，完成协作事项；甲方未按约定提供的，乙方可以顺延履行期限。"}},
			{"验收标准与方式", []string{"乙方完成服务后，甲方按约定的技术指标进行验收并出具书面验收证明；逾期未验收又未提出书面异议的，视为验收合格。"}},
		}
	}
}

// modelTextOf writes the draft of contract c (its structured fields as they stand).
func modelTextOf(c *Contract) ModelText {
	roles := modelRoles[c.Type]
	if c.Subtype == "合作开发" {
		roles = [2]string{"合作方", "合作方"}
	}
	t := ModelText{
		Title: c.Title, Kind: ContractTypeLabel(c.Type, c.Subtype) + "合同",
		BuyerRole: roles[0], Buyer: c.BuyerName, SellerRole: roles[1], Seller: c.SellerName, Broker: c.BrokerName,
		SignedOn: c.SignedOn.In(shanghai).Format("2006 年 01 月 02 日"),
	}
	price := []string{
		fmt.Sprintf("本合同总金额为人民币 %s（大写：%s），其中技术交易额（技术部分的价款，不含设备、材料等非技术性费用）为人民币 %s（大写：%s）。",
			YuanFigures(c.ContractFen), AmountInWords(c.ContractFen), YuanFigures(c.TechFen), AmountInWords(c.TechFen)),
		"支付方式：" + c.PaymentTerms,
	}
	t.Articles = append(t.Articles,
		ModelArticle{"合同标的", []string{fmt.Sprintf("本合同标的（技术领域：%s）：%s", c.Field, c.Subject)}},
		ModelArticle{"价款、报酬及支付方式", price},
		ModelArticle{"履行期限", []string{fmt.Sprintf("本合同自 %s 起至 %s 止。", c.ValidFrom.In(shanghai).Format("2006 年 01 月 02 日"), c.ValidTo.In(shanghai).Format("2006 年 01 月 02 日"))}},
	)
	t.Articles = append(t.Articles, modelClauses(c.Type, c.Subtype)...)
	if c.BrokerName != "" {
		t.Articles = append(t.Articles, ModelArticle{"技术中介", []string{fmt.Sprintf("%s 作为中介方促成本合同的订立，其中介报酬按双方与中介方的约定支付，不计入本合同价款。", c.BrokerName)}})
	}
	t.Articles = append(t.Articles,
		ModelArticle{"保密", []string{"双方对在订立和履行本合同过程中知悉的对方技术秘密和商业秘密负有保密义务，保密期限至该信息公开之日止，不因本合同的终止而终止。"}},
		ModelArticle{"违约责任", []string{"任何一方违反本合同约定的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。逾期支付价款的，每逾期一日按应付未付金额的万分之五支付违约金。"}},
		ModelArticle{"争议的解决", []string{"因本合同发生的争议，双方应协商解决；协商不成的，可以提交甲方或乙方所在地有管辖权的人民法院诉讼解决，或经双方书面同意提交仲裁机构仲裁。"}},
		ModelArticle{"认定登记及其他", []string{"本合同经双方签字盖章后生效。乙方应在本合同生效后向技术合同登记机构申请认定登记，甲方予以配合。", "本合同一式四份，双方各执两份，具有同等法律效力。本示范文本根据双方填报的登记信息生成，双方可协商修改，以双方签署的文本为准。"}},
	)
	return t
}

// DraftModelText writes the draft contract for a contract not yet saved:
// the input is checked as drafting it would be (422 naming the field), and
// nothing is written.
func (m *Market) DraftModelText(ctx context.Context, actor Actor, in ContractInput) (*ModelText, error) {
	db := m.db.WithContext(ctx)
	var c Contract
	err := db.Transaction(func(tx *gorm.DB) error {
		seller, err := draftingSeller(tx, actor)
		if err != nil {
			return err
		}
		c = Contract{SellerOrgID: seller.ID, SellerName: seller.Name}
		in.DealID = nil
		return checkContract(tx, in, &c, m.now())
	})
	if err != nil {
		return nil, err
	}
	t := modelTextOf(&c)
	return &t, nil
}

// ContractModelText writes the draft contract of a saved contract the actor may see.
func (m *Market) ContractModelText(ctx context.Context, actor Actor, id int64) (*ModelText, error) {
	c, err := m.GetContract(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	t := modelTextOf(c)
	return &t, nil
}
