package app

import (
	"reflect"

	"techmarket/models"
	"techmarket/search"
)

// enums are the typed strings of models and search with their values, for
// the schemas. A test reads the constants of both and fails when one is
// missing here.
var enums = enumTable(
	enumOf(search.FitHigh, search.FitMedium, search.FitLow),
	enumOf(models.AccessGrant, models.AccessRefuse),
	enumOf(models.AccessPending, models.AccessGranted, models.AccessRefused),
	enumOf(models.MediaImage, models.MediaPDF, models.MediaVideo),
	enumOf(models.CategoryPhoto, models.CategoryPatentCert, models.CategoryTestReport, models.CategoryValuationReport, models.CategoryVideo, models.CategoryOther),
	enumOf(models.VisibilityPublic, models.VisibilityConfidential),
	enumOf(models.AttUpdate, models.AttRemove),
	enumOf(models.BrokerJunior, models.BrokerIntermediate, models.BrokerSenior),
	enumOf(models.BrokerActive, models.BrokerExpired),
	enumOf(models.InstitutionPlatform, models.InstitutionTransaction),
	enumOf(models.StandingRegistered, models.StandingChanged, models.StandingCancelled),
	enumOf(models.StateRegistered, models.StateChanged, models.StateCancelled),
	enumOf(models.DayHoliday, models.DayWorkday),
	enumOf(models.IncentiveSubmitted, models.IncentiveNoticed, models.IncentivePaid, models.IncentiveRejected),
	enumOf(models.IActApprove, models.IActReject, models.IActPay),
	enumOf(models.DemonstrationNational, models.DemonstrationProvincial, models.DemonstrationMunicipal, models.DemonstrationNone),
	enumOf(models.AdmissionApplied, models.AdmissionAdmitted, models.AdmissionReleased, models.AdmissionForfeited),
	enumOf(models.AdmissionAdmit, models.AdmissionRelease, models.AdmissionForfeit, models.AdmissionRunnerUp),
	enumOf(models.AuctionUpcoming, models.AuctionLive, models.AuctionEnded),
	enumOf(models.AuctionApply),
	enumOf(models.ArticleNotice, models.ArticlePolicy),
	enumOf(models.ArticleEdit, models.ArticlePublish, models.ArticleWithdraw),
	enumOf(models.ArticleDraft, models.ArticlePublished, models.ArticleWithdrawn),
	enumOf(models.ChActEdit, models.ChActPublish, models.ChActPropose, models.ChActAssignReviewer, models.ChActNoAward, models.ChActTakeDown, models.ChActClose, models.ChActAward),
	enumOf(models.ChallengeDraft, models.ChallengePublished, models.ChallengeClosed, models.ChallengeAwarded, models.ChallengeNoAward, models.ChallengeTakenDown),
	enumOf("", models.ClosedDealt, models.ClosedWithdrawn, models.ClosedExpired),
	enumOf(models.AActRegister, models.AActReject),
	enumOf(models.AmendmentChange, models.AmendmentCancel),
	enumOf(models.AmendmentSubmitted, models.AmendmentRegistered, models.AmendmentRejected),
	enumOf(models.CActConfirm, models.CActSubmit, models.CActReturn, models.CActEdit, models.CActResubmit, models.CActApprove, models.CActRegister, models.CActReject, models.CActUpload, models.CActAmend),
	enumOf(models.ContractDraft, models.ContractConfirmed, models.ContractSubmitted, models.ContractNeedsCorrection, models.ContractRegistered, models.ContractRejected),
	enumOf(models.DActPublish, models.DActBrokerPublish, models.DActApproveNotice, models.DActDeclineNotice, models.DActConfirmNotice, models.DActCancel, models.DActSign, models.DActForfeit),
	enumOf(models.ChannelListing, models.ChannelAuction, models.ChannelRoadshow, models.ChannelNegotiated, models.ChannelChallenge),
	enumOf(models.DealListing, models.DealAuction, models.DealRoadshow, models.DealNegotiated),
	enumOf(models.RActCheckIn),
	enumOf(models.DealOpen, models.DealAwaitingSeller, models.DealNoticed, models.DealAwaitingSignature, models.DealConfirmed, models.DealCancelled, models.DealForfeited),
	enumOf(models.ActSubmit, models.ActApprove, models.ActReject, models.ActRevise, models.ActWithdraw, models.ActExpire, models.ActDeal, models.ActRenew, models.ActRelist, models.ActTakeDown,
		models.ActEdit, models.ActConfirm, models.ActRequestAccess, models.ActReport, models.ActFeedback, models.ActExpressInterest, models.ActFavourite, models.ActUnfavourite),
	enumOf(models.InterestOpen, models.InterestFollowedUp, models.InterestMatched),
	enumOf(models.LeadFollowUp, models.LeadProposeMatch),
	enumOf(models.StatusDraft, models.StatusPending, models.StatusPublished, models.StatusRejected, models.StatusClosed),
	enumOf(models.LotOpen, models.LotSold, models.LotUnsold),
	enumOf(models.LotBid, models.LotSell, models.LotPass, models.LotRunnerUp),
	enumOf(models.MActAccept, models.MActDecline, models.MActContact, models.MActNegotiate, models.MActAgree, models.MActFail, models.MActNote),
	enumOf(models.MatchProposed, models.MatchContacted, models.MatchNegotiating, models.MatchAgreed, models.MatchFailed),
	enumOf(models.MemberApprove, models.MemberRefuse, models.MemberSuspend, models.MemberReinstate, models.MemberMakeAdmin),
	enumOf(models.MemberPending, models.MemberActive, models.MemberSuspended, models.MemberRefused),
	enumOf(models.NoticeOpen, models.NoticeConfirmed, models.NoticeCancelled),
	enumOf(models.NActObject, models.NActConfirm, models.NActCancel),
	enumOf(models.ObjectionPending, models.ObjectionUpheld, models.ObjectionDismissed),
	enumOf(models.OActUphold, models.OActDismiss),
	enumOf(models.OfferOpen, models.OfferAccepted, models.OfferExpired, models.OfferWithdrawn, models.OfferAuctioned),
	enumOf(models.OfferActAccept, models.OfferActWithdraw, models.OfferActExpire, models.OfferActRegister, models.OfferActUnregister,
		models.OfferActAward, models.OfferActAuction, models.OfferActRelist),
	enumOf(models.OfferFirstAccept, models.OfferPeriod),
	enumOf(models.PeriodAward, models.PeriodAuction, models.PeriodRelist, models.PeriodExpire),
	enumOf(models.RegistrationPending, models.RegistrationQualified),
	enumOf(models.RegistrationConfirm),
	enumOf(models.OrgRoleAdmin, models.OrgRoleMember),
	enumOf(models.OrgPending, models.OrgVerified, models.OrgRejected),
	enumOf(models.OrgUniversity, models.OrgInstitute, models.OrgEnterprise, models.OrgAgency, models.OrgBrokerFirm, models.OrgBureau),
	enumOf(models.PriceNegotiable, models.PriceIndicative, models.PriceFloor, models.PriceFirm),
	enumOf(models.PActRevise, models.PActUpload, models.PActScore, models.PActAward),
	enumOf(models.ProposalSubmitted, models.ProposalAwarded),
	enumOf(models.ReportDismiss, models.ReportTakeDown),
	enumOf(models.ReportOpen, models.ReportDismissed, models.ReportTakenDown),
	enumOf(models.ResponsePending, models.ResponseAccepted, models.ResponseDeclined),
	enumOf(models.RoleSupplier, models.RoleDemander, models.RoleBroker, models.RoleReviewer, models.RoleAdmin, models.RoleBureau),
	enumOf(models.RegionProvince, models.RegionCity, models.RegionDistrict, models.RegionZone),
	enumOf(models.SaleOffer, models.SaleLot, models.SaleNegotiated),
	enumOf(models.SaleOpen, models.SaleDealt),
	enumOf(models.MeasureContract, models.MeasureTech),
)

type enumDef struct {
	t    reflect.Type
	vals []string
}

func enumOf[T ~string](vals ...T) enumDef {
	d := enumDef{t: reflect.TypeFor[T]()}
	for _, v := range vals {
		d.vals = append(d.vals, string(v))
	}
	return d
}

func enumTable(defs ...enumDef) map[reflect.Type][]string {
	m := make(map[reflect.Type][]string, len(defs))
	for _, d := range defs {
		m[d.t] = d.vals
	}
	return m
}

// mayBeNull are the slices and maps that encoding/json writes as null when
// they are nil, as the handlers leave them when empty; the suite's answers
// show which (TestMain). Every other array and map is always sent as one.
var mayBeNull = map[string]bool{
	"Organization.actions": true,
	"Proposal.files":       true,
	"SearchHit.highlights": true,
}

// fieldDocs describe properties, by the Go type that declares them (its
// schema name) and the property; a test fails when one names no property.
var fieldDocs = map[string]string{
	"Registration.username":              "3–32 位字母、数字、_.-",
	"Registration.password":              "8–128 个字符（按字符计，不按字节）",
	"Registration.org_name":              "机构名称：新机构待认证；已有机构则申请加入",
	"Registration.region":                "六位行政区划代码",
	"PasswordChange.new_password":        "新密码，8–128 个字符",
	"MembershipNote.note":                "说明（可选，告知成员）",
	"Listing.external_id":                "外部编号：只由批量导入（techmarket import）设置，接口忽略请求中的值",
	"Listing.title":                      "标题，4–200 字",
	"Listing.summary":                    "简介，10–20000 字",
	"Listing.region":                     "六位行政区划代码",
	"Listing.confidential_detail":        "保密详情：仅发布方、管理员和获准的用户可见；不填则不变",
	"Listing.confidential_undertaking":   "申请查看前须接受的保密承诺；不填则不变",
	"Listing.attachments":                "本调用者可见的附件（仅条目详情返回；保密附件仅对能看保密详情的人）；新建、修改时忽略，附件另行上传",
	"ListingAttachment.url":              "视频链接（仅 https）；文件附件没有",
	"ListingAttachment.size":             "文件字节数；视频链接为 0",
	"Achievement.maturity":               "技术成熟度 1–9，0 为未填写",
	"MatchHit.fit":                       "匹配度：high 高、medium 中、low 低，由共同关键词占比与推断门类是否一致判定；低于最低匹配度的不列出",
	"Achievement.price_fen":              "价格（分），面议为 0",
	"MatchMove.price_fen":                "达成时的成交价（分）",
	"SavedSearchBody.params":             "与 GET /api/v1/search 相同的参数：q、kind、field、region、ip_type、coop_mode、maturity_min、maturity_max、price_min_fen、price_max_fen",
	"BidBody.client_key":                 "客户端生成的唯一编号，重试时不变",
	"NegotiatedDeal.deal_id":             "撮合达成的成交编号（与成果、买方二选一）",
	"ContractInput.deal_id":              "来自已确认成交时预填",
	"ContractInput.tech_amount_fen":      "技术交易额，不高于合同金额",
	"ContractInput.seller_division":      "卖方所在地六位行政区划代码",
	"ContractInput.buyer_name":           "买方名称（市场外买方）",
	"ContractInput.broker_org_id":        "中介方（技术转移机构）",
	"ContractInput.agency_id":            "登记机构",
	"TargetInput.key":                    "六位行政区划代码（或已登记的园区代码）或登记机构编号",
	"TargetInput.plan_id":                "所属计划；省略时为覆盖该年的唯一计划",
	"TargetInput.from_year":              "累计目标的起始年份；省略为当年（年度目标）",
	"TargetInput.measure":                "口径：contract（成交额）或 tech（技术交易额）；省略为计划的口径",
	"TargetInput.last_year_fen":          "上年登记额（分），按目标的口径",
	"TargetInput.last_year_target_fen":   "上年目标（分），登记机构的表式有此列",
	"TargetInput.gdp_fen":                "上年 GDP（分）；填写时占 GDP 比重由上年登记额计算",
	"TargetInput.gdp_share_percent":      "上年成交额占 GDP 比重（%）；填写了 GDP 时不用",
	"TargetInput.target_fen":             "正式目标（分）；地区的年度目标为 0 时采用规则测算值",
	"TargetPlanInput.source":             "文号或出处",
	"TargetPlanInput.region":             "发布地区：六位行政区划代码（如 350100）或已登记的园区代码",
	"TargetPlanInput.measure":            "目标的默认口径：contract（成交额，默认）或 tech（技术交易额）",
	"IncentiveRule.rate_bp":              "技术交易额的比例（基点，5% = 500）",
	"ChallengeInput.award_fen":           "榜单金额（分），不超过上限（默认 200 万元）",
	"ChallengeInput.deadline":            "方案征集截止时间",
	"ChallengeInput.criteria":            "评审标准，权重之和为 100",
	"ScoreInput.scores":                  "按评审标准顺序，每项 0–100",
	"AwardInput.award_fen":               "奖励金额（分）；不填为榜单剩余金额",
	"AccessInput.undertaking_text":       "所接受的保密承诺全文（须与发布方当前文本一致）",
	"PassInput.other_text":               "选择 other 时必填",
	"RelistBody.until":                   "新的有效期或截止日期（2006-01-02）",
	"ReportDecision.resolution":          "处理意见；下架时必填，将通知发布方",
	"ContractView.waited_working_days":   "已等待的工作日（已提交待审查时）",
	"ContractView.deadline_working_days": "审查时限（工作日）",
	"AuctionDetail.last_event_id":        "实时事件流从此编号之后补发（Last-Event-ID）",
	"SearchHit.highlights":               "HTML 片段：命中的词在 <mark> 中，其余由服务器转义",
	"NotificationPage.unread":            "未读通知数",
	"Completeness.score":                 "完整度 0–100",
	"Organization.actions":               "当前用户现在可对该机构执行的操作",
	"Member.actions":                     "当前用户现在可对该成员执行的操作",
	"Contract.actions":                   "当前用户现在可对该合同执行的操作（ContractAction，另有 certificate：查看登记证明）",
	"Challenge.actions":                  "当前用户现在可对该难题执行的操作（ChallengeAction）",
	"Proposal.actions":                   "当前用户现在可对该方案执行的操作（ProposalAction；删除附件与 revise 同一规则）",
	"Amendment.actions":                  "当前用户现在可对该申请执行的操作（AmendmentAction）",
	"TitledDeal.title":                   "所售成果的标题",
	"Deal.actions":                       "当前用户现在可对该成交执行的操作：publish、approve_notice、decline_notice、sign",
	"Notice.actions":                     "当前用户现在可对该公示执行的操作：object",
	"Auction.actions":                    "当前用户现在可对该拍卖执行的操作：apply（报名竞买）",
	"Auction.phase":                      "拍卖阶段，由开始时间和拍品是否仍在竞价得出",
	"Lot.actions":                        "当前用户现在可对该拍品执行的操作：bid（出价）、runner_up（转给次高出价者，管理员）",
	"Admission.actions":                  "当前用户现在可对该竞买申请执行的操作：admit（确认保证金，管理员）",
	"Offer.actions":                      "当前用户现在可对该挂牌执行的操作：accept（摘牌，先到先得）、register（意向受让登记，挂牌期）、unregister（撤回受让意向）、withdraw（撤牌）",
	"OfferRegistration.actions":          "当前用户现在可对该受让意向登记执行的操作：confirm_deposit（确认保证金，管理员）",
	"Objection.actions":                  "当前用户现在可对该异议执行的操作：uphold、dismiss",
}
