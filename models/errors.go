package models

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
)

// Error is a failure a caller can act on: it carries the HTTP status the API
// answers with, a stable code for programs and a Chinese message for people.
// Every code is declared once, in the catalogue below; call sites return the
// declared value, or a copy of it that says more (Say, Sayf, WithFields).
type Error struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Is makes errors.Is(err, ErrX) true for ErrX and for every copy of it.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Status == e.Status
}

// Say returns e with a message for this case in place of the catalogue's.
func (e *Error) Say(message string) *Error {
	c := *e
	c.Message = message
	return &c
}

// Sayf is Say with a message formatted with the case's details (amounts,
// numbers, names).
func (e *Error) Sayf(format string, args ...any) *Error { return e.Say(fmt.Sprintf(format, args...)) }

// WithFields returns e with a message for each offending field.
func (e *Error) WithFields(fields map[string]string) *Error {
	c := *e
	c.Fields = fields
	return &c
}

// Invalid reports bad input field by field; nothing has been changed.
func Invalid(fields map[string]string) *Error { return ErrInvalidInput.WithFields(fields) }

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

var catalogue []*Error

// Declare adds an error to the catalogue. A code is declared once for each
// status it is answered with (one code, not_registered, has two).
func Declare(status int, code, message string) *Error {
	for _, e := range catalogue {
		if e.Code == code && e.Status == status {
			panic("error code declared twice: " + code)
		}
	}
	e := &Error{Status: status, Code: code, Message: message}
	catalogue = append(catalogue, e)
	return e
}

// Catalogue lists every declared error, by code.
func Catalogue() []Error {
	out := make([]Error, len(catalogue))
	for i, e := range catalogue {
		out[i] = *e
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Code != out[j].Code {
			return out[i].Code < out[j].Code
		}
		return out[i].Status < out[j].Status
	})
	return out
}

// The catalogue: every error the API answers with.
var (
	// The HTTP layer: requests that are not understood.
	ErrRouteNotFound = Declare(http.StatusNotFound, "route_not_found", "接口不存在")
	ErrEmptyBody     = Declare(http.StatusBadRequest, "empty_body", "请求体不能为空")
	ErrBadJSON       = Declare(http.StatusBadRequest, "bad_json", "请求体不是有效的 JSON")
	ErrBadID         = Declare(http.StatusBadRequest, "bad_id", "编号格式不正确")
	ErrInvalidInput  = Declare(http.StatusUnprocessableEntity, "invalid_input", "输入有误，请检查标出的字段")
	ErrInvalidText   = Declare(http.StatusUnprocessableEntity, "invalid_text", "输入含有不允许的字符，请检查标出的字段")
	ErrInternal      = Declare(http.StatusInternalServerError, "internal_error", "服务器内部错误，请稍后再试")
	ErrHTTP400       = Declare(http.StatusBadRequest, "http_400", "请求有误")
	ErrHTTP404       = Declare(http.StatusNotFound, "http_404", "资源不存在")
	ErrHTTP405       = Declare(http.StatusMethodNotAllowed, "http_405", "不支持的请求方法")
	ErrHTTP413       = Declare(http.StatusRequestEntityTooLarge, "http_413", "请求体过大")
	ErrHTTP415       = Declare(http.StatusUnsupportedMediaType, "http_415", "不支持的内容类型")
	// Rate limits: the message says how long to wait (Sayf).
	ErrTooManyRequests = Declare(http.StatusTooManyRequests, "too_many_requests", "操作过于频繁")
	ErrTooManyAttempts = Declare(http.StatusTooManyRequests, "too_many_attempts", "登录失败次数过多")
	ErrTooManyStreams  = Declare(http.StatusTooManyRequests, "too_many_streams", "同一地址打开的实时连接过多，请关闭多余的拍卖页面后再试")

	// Logging in and the access of routes.
	ErrUnauthenticated     = Declare(http.StatusUnauthorized, "unauthenticated", "请先登录")
	ErrInvalidToken        = Declare(http.StatusUnauthorized, "invalid_token", "登录凭证无效或已过期，请重新登录")
	ErrTokenExpired        = Declare(http.StatusUnauthorized, "token_expired", "登录已过期，请刷新或重新登录")
	ErrTokenRevoked        = Declare(http.StatusUnauthorized, "token_revoked", "账号权限已变更，请重新登录")
	ErrInvalidRefreshToken = Declare(http.StatusUnauthorized, "invalid_refresh_token", "登录已失效，请重新登录")
	ErrRefreshTokenReused  = Declare(http.StatusUnauthorized, "refresh_token_reused", "检测到登录凭证被重复使用，已注销该设备的所有登录，请重新登录")
	ErrBadCredentials      = Declare(http.StatusUnauthorized, "bad_credentials", "用户名或密码错误")
	ErrUserDisabled        = Declare(http.StatusForbidden, "user_disabled", "账号已被停用，请联系管理员")
	ErrForbidden           = Declare(http.StatusForbidden, "forbidden", "当前角色无权执行此操作")
	ErrOrgNotVerified      = Declare(http.StatusForbidden, "org_not_verified", "所在机构尚未通过实名认证")
	ErrMembershipPending   = Declare(http.StatusForbidden, "membership_pending", "您加入机构的申请尚待机构管理员批准，批准前不能以机构名义操作")
	ErrMembershipSuspended = Declare(http.StatusForbidden, "membership_suspended", "您在本机构的成员资格已被暂停")
	ErrMembershipRefused   = Declare(http.StatusForbidden, "membership_refused", "您加入机构的申请未获批准")
	ErrNotYourOrg          = Declare(http.StatusForbidden, "not_your_org", "无权访问其他机构的数据")
	ErrOutsideRegion       = Declare(http.StatusForbidden, "outside_region", "无权查看或处理本辖区以外地区的数据")
	ErrRegionNotFound      = Declare(http.StatusNotFound, "region_not_found", "功能区不存在")

	// Every workflow: a move its state does not allow, or one another
	// request made first (the message says which).
	ErrBadTransition  = Declare(http.StatusConflict, "bad_transition", "当前状态不能执行此操作，请刷新")
	ErrBadAction      = Declare(http.StatusBadRequest, "bad_action", "未知操作")
	ErrGone           = Declare(http.StatusConflict, "gone", "已由其他进程处理")
	ErrSumOutOfRange  = Declare(http.StatusConflict, "sum_out_of_range", "金额合计超出可计算的范围")
	ErrFileNotFound   = Declare(http.StatusNotFound, "file_not_found", "附件不存在")
	ErrOrgStorageFull = Declare(http.StatusRequestEntityTooLarge, "org_storage_full", "本机构上传的文件超出存储上限，请先删除或替换不再需要的文件")

	// Users, organisations and memberships.
	ErrUsernameTaken          = Declare(http.StatusConflict, "username_taken", "用户名已被占用")
	ErrUserNotFound           = Declare(http.StatusNotFound, "user_not_found", "用户不存在")
	ErrCannotDisableSelf      = Declare(http.StatusUnprocessableEntity, "cannot_disable_self", "不能停用自己的账号")
	ErrOrgNotFound            = Declare(http.StatusNotFound, "org_not_found", "机构不存在")
	ErrNotOrgAdmin            = Declare(http.StatusForbidden, "not_org_admin", "只有机构管理员可以执行此操作")
	ErrAlreadyVerified        = Declare(http.StatusConflict, "already_verified", "本机构已通过实名认证")
	ErrVerificationIncomplete = Declare(http.StatusConflict, "verification_incomplete", "该机构尚未提交统一社会信用代码、法定代表人和营业执照，不能通过认证")
	ErrAlreadyDecided         = Declare(http.StatusConflict, "already_decided", "该申请已答复")
	ErrMembershipNotFound     = Declare(http.StatusNotFound, "membership_not_found", "成员申请不存在")
	ErrOwnMembership          = Declare(http.StatusForbidden, "own_membership", "不能审批或暂停自己的成员资格")
	ErrAlreadyAdmin           = Declare(http.StatusConflict, "already_admin", "该成员已是机构管理员")
	ErrSuspendAdmin           = Declare(http.StatusConflict, "suspend_admin", "请先移交机构管理员，再暂停该成员")
	ErrMarketAdminOnly        = Declare(http.StatusForbidden, "market_admin_only", "登记机构和科技管理部门的成员只能由市场管理员审批")

	// Listings (achievements and needs), their confidential detail,
	// feedback and reports.
	ErrAchievementNotFound   = Declare(http.StatusNotFound, "achievement_not_found", "成果不存在")
	ErrNeedNotFound          = Declare(http.StatusNotFound, "need_not_found", "需求不存在")
	ErrNotYourListing        = Declare(http.StatusForbidden, "not_your_listing", "只能操作本机构的成果或需求")
	ErrNotEditable           = Declare(http.StatusConflict, "not_editable", "只有草稿可以修改")
	ErrNotPublished          = Declare(http.StatusConflict, "not_published", "该条目已不在发布状态")
	ErrNotExpired            = Declare(http.StatusConflict, "not_expired", "只有已过期的条目可以续期重新发布；撤回的请用“重新编辑”")
	ErrOwnListing            = Declare(http.StatusConflict, "own_listing", "不能对本机构的条目执行此操作")
	ErrAccessRequestNotFound = Declare(http.StatusNotFound, "access_request_not_found", "查看申请不存在")
	ErrAdminSeesAll          = Declare(http.StatusConflict, "admin_sees_all", "管理员可直接查看保密详情")
	ErrNoConfidential        = Declare(http.StatusConflict, "no_confidential", "该条目没有保密详情")
	ErrUndertakingChanged    = Declare(http.StatusConflict, "undertaking_changed", "发布方已修改保密承诺，请刷新后重新阅读")
	ErrAlreadyRequested      = Declare(http.StatusConflict, "already_requested", "已提交申请，请等待发布方答复")
	ErrNotOwner              = Declare(http.StatusForbidden, "not_owner", "只有发布方可以答复查看申请")
	ErrReportNotFound        = Declare(http.StatusNotFound, "report_not_found", "举报不存在")
	ErrAlreadyReported       = Declare(http.StatusConflict, "already_reported", "您已举报过该条目，管理员处理后会通知您")
	ErrAlreadyInterested     = Declare(http.StatusConflict, "already_interested", "本机构已对该条目表达过意向")
	ErrLeadNotFound          = Declare(http.StatusNotFound, "lead_not_found", "意向线索不存在")
	ErrLeadTaken             = Declare(http.StatusConflict, "lead_taken", "该意向已被处理")
	ErrNoCandidate           = Declare(http.StatusConflict, "no_candidate", "意向方没有可对接的已发布条目")
	ErrAlreadyResolved       = Declare(http.StatusConflict, "already_resolved", "该举报已处理")
	ErrSavedSearchNotFound   = Declare(http.StatusNotFound, "saved_search_not_found", "保存的搜索不存在")

	// Matches.
	ErrMatchNotFound   = Declare(http.StatusNotFound, "match_not_found", "对接记录不存在")
	ErrMatchExists     = Declare(http.StatusConflict, "match_exists", "本机构已在撮合这一对成果与需求")
	ErrNotAParty       = Declare(http.StatusForbidden, "not_a_party", "只有当事各方可以执行此操作")
	ErrAlreadyAnswered = Declare(http.StatusConflict, "already_answered", "您方已作出同样的答复")
	ErrNotYourMatch    = Declare(http.StatusForbidden, "not_your_match", "只有负责该对接的经纪机构可以执行此操作")
	ErrNotAccepted     = Declare(http.StatusConflict, "not_accepted", "供需双方都同意对接后，才能标记为已联系")

	// Deals: one sale at a time, listing (挂牌), auction, notice, roadshow.
	ErrAlreadyOnSale      = Declare(http.StatusConflict, "already_on_sale", "该成果刚有其他交易在进行，请刷新后重试")
	ErrAlreadyDealt       = Declare(http.StatusConflict, "already_dealt", "该成果已经成交，不能再次出售")
	ErrDealNotFound       = Declare(http.StatusNotFound, "deal_not_found", "成交记录不存在")
	ErrOfferNotFound      = Declare(http.StatusNotFound, "offer_not_found", "挂牌项目不存在")
	ErrOwnOffer           = Declare(http.StatusForbidden, "own_offer", "不能摘牌本机构的成果")
	ErrOfferClosed        = Declare(http.StatusConflict, "offer_closed", "该挂牌项目已被摘牌或已结束")
	ErrOfferNotStarted    = Declare(http.StatusConflict, "offer_not_started", "挂牌尚未开始")
	ErrNotYourOffer       = Declare(http.StatusForbidden, "not_your_offer", "只能撤回本机构的挂牌")
	ErrOfferMode          = Declare(http.StatusConflict, "offer_mode", "该挂牌项目设有挂牌期：请在挂牌期内登记受让意向，期满后确定受让方")
	ErrAlreadyRegistered  = Declare(http.StatusConflict, "already_registered", "本机构已登记该挂牌项目的受让意向")
	ErrInterestNotFound   = Declare(http.StatusNotFound, "interest_registration_not_found", "受让意向登记不存在")
	ErrRestrictedAuction  = Declare(http.StatusForbidden, "restricted_auction", "本场竞价仅限挂牌期内登记的意向受让方参加")
	ErrAuctionNotFound    = Declare(http.StatusNotFound, "auction_not_found", "拍卖不存在")
	ErrLotNotFound        = Declare(http.StatusNotFound, "lot_not_found", "拍品不存在")
	ErrAdmissionNotFound  = Declare(http.StatusNotFound, "admission_not_found", "竞买申请不存在")
	ErrNotAdmitted        = Declare(http.StatusForbidden, "not_admitted", "尚未获准竞买：请先报名并由管理员确认保证金")
	ErrOwnLot             = Declare(http.StatusForbidden, "own_lot", "不能竞买本机构的成果")
	ErrLotClosed          = Declare(http.StatusConflict, "lot_closed", "该拍品竞价已结束")
	ErrNotStarted         = Declare(http.StatusConflict, "not_started", "竞价尚未开始")
	ErrAlreadyLeading     = Declare(http.StatusConflict, "already_leading", "您已是当前最高出价，不能自己加价")
	ErrBelowStart         = Declare(http.StatusConflict, "below_start", "首次出价不能低于起拍价")
	ErrBadIncrement       = Declare(http.StatusConflict, "bad_increment", "加价须为加价幅度的整数倍")
	ErrTooLow             = Declare(http.StatusConflict, "too_low", "出价至少为当前价加一个加价幅度")
	ErrNoRunnerUp         = Declare(http.StatusConflict, "no_runner_up", "没有其他出价者")
	ErrNoticeNotFound     = Declare(http.StatusNotFound, "notice_not_found", "公示不存在")
	ErrNoticeClosed       = Declare(http.StatusConflict, "notice_closed", "公示期已结束，不能再提出异议")
	ErrObjectionNotFound  = Declare(http.StatusNotFound, "objection_not_found", "异议不存在")
	ErrNotAllowed         = Declare(http.StatusForbidden, "not_allowed", "只有卖方、达成该对接的经纪机构或管理员可以公示此成交")
	ErrNoAgreedMatch      = Declare(http.StatusForbidden, "no_agreed_match", "经纪人只能公示本机构已达成对接（该成果与该买方需求）的成交")
	ErrNotSeller          = Declare(http.StatusForbidden, "not_seller", "只有卖方可以执行此操作")
	ErrRoadshowNotFound   = Declare(http.StatusNotFound, "roadshow_not_found", "路演不存在")
	ErrRegistrationClosed = Declare(http.StatusConflict, "registration_closed", "路演已开始，报名已截止")
	ErrRoadshowFull       = Declare(http.StatusConflict, "roadshow_full", "名额已满")
	ErrRoadshowNotStarted = Declare(http.StatusConflict, "roadshow_not_started", "路演开始后才能登记意向")
	// Answered 403 for roadshows and 409 for contracts (ErrNotRegistered)
	// before the catalogue; both stay as they were.
	ErrNotRoadshowRegistrant = Declare(http.StatusForbidden, "not_registered", "只有报名参加路演的企业可以登记意向")
	ErrNotOrganiser          = Declare(http.StatusForbidden, "not_organiser", "只有路演的主办机构或管理员可以执行此操作")
	ErrCheckInClosed         = Declare(http.StatusConflict, "check_in_closed", "签到时间为路演开始前 2 小时至结束后 12 小时")
	ErrSeatNotFound          = Declare(http.StatusNotFound, "seat_not_found", "报名记录不存在")

	// Articles (通知公告, 政策法规) on the home page.
	ErrArticleNotFound = Declare(http.StatusNotFound, "article_not_found", "文章不存在")

	// Challenges (揭榜挂帅) and their proposals.
	ErrChallengeNotFound = Declare(http.StatusNotFound, "challenge_not_found", "难题不存在")
	ErrChallengeNotOpen  = Declare(http.StatusConflict, "challenge_not_open", "该难题未在征集方案")
	ErrChallengeClosed   = Declare(http.StatusConflict, "challenge_closed", "方案征集已截止，不再接受提交或修改")
	ErrChallengeOpen     = Declare(http.StatusConflict, "challenge_open", "征集尚未截止")
	ErrNotYourChallenge  = Declare(http.StatusForbidden, "not_your_challenge", "只有发榜机构可以执行此操作")
	ErrReviewerExists    = Declare(http.StatusConflict, "reviewer_exists", "该用户已是本难题的评审专家")
	ErrReviewerNotFound  = Declare(http.StatusNotFound, "reviewer_not_found", "该用户不是本难题的评审专家")
	ErrProposalNotFound  = Declare(http.StatusNotFound, "proposal_not_found", "方案不存在")
	ErrOwnChallenge      = Declare(http.StatusForbidden, "own_challenge", "不能为本机构发布的难题揭榜")
	ErrProposalExists    = Declare(http.StatusConflict, "proposal_exists", "本机构已提交方案，请修改已有方案")
	ErrNotYourProposal   = Declare(http.StatusForbidden, "not_your_proposal", "只有提交方可以修改方案")
	ErrNotReviewer       = Declare(http.StatusForbidden, "not_reviewer", "只有发榜方指派的评审专家可以打分")
	ErrOwnProposal       = Declare(http.StatusForbidden, "own_proposal", "不能为本机构的方案打分")
	ErrScoreExists       = Declare(http.StatusConflict, "score_exists", "评分正在保存，请刷新后重试")
	ErrAwardUsedUp       = Declare(http.StatusConflict, "award_used_up", "榜单金额已全部授予")

	// Contracts and their registration (认定登记), amendments, targets.
	ErrContractNotFound  = Declare(http.StatusNotFound, "contract_not_found", "合同不存在")
	ErrContractExists    = Declare(http.StatusConflict, "contract_exists", "该成交已有合同")
	ErrImmutable         = Declare(http.StatusConflict, "immutable", "已登记的合同不能修改，请办理变更或注销登记")
	ErrAlreadyConfirmed  = Declare(http.StatusConflict, "already_confirmed", "您方已确认该合同")
	ErrNotYourAgency     = Declare(http.StatusForbidden, "not_your_agency", "只有受理该合同的登记机构可以审查")
	ErrNoSecondReview    = Declare(http.StatusConflict, "no_second_review", "技术交易额不足 500 万元，无需复核")
	ErrNeedsSecondReview = Declare(http.StatusConflict, "needs_second_review", "技术交易额 500 万元以上的合同需经另一名审查员复核同意后登记")
	ErrSequenceExhausted = Declare(http.StatusConflict, "sequence_exhausted", "本年度登记号已用尽")
	ErrNotRegistered     = Declare(http.StatusConflict, "not_registered", "只有已登记的合同可以申请变更或注销")
	ErrAmendmentNotFound = Declare(http.StatusNotFound, "amendment_not_found", "变更或注销申请不存在")
	ErrAmendmentPending  = Declare(http.StatusConflict, "amendment_pending", "已有待审查的变更或注销申请")
	ErrCancelled         = Declare(http.StatusConflict, "cancelled", "该合同已注销")
	ErrTargetNotFound    = Declare(http.StatusNotFound, "target_not_found", "目标不存在")
	ErrBulletinNotFound  = Declare(http.StatusNotFound, "bulletin_not_found", "该月通报尚未发布")
	ErrBulletinIssued    = Declare(http.StatusConflict, "bulletin_issued", "该月通报已发布")
	ErrMonthNotOver      = Declare(http.StatusConflict, "month_not_over", "该月尚未结束，月末之后才能发布通报")
	ErrImportRejected    = Declare(http.StatusUnprocessableEntity, "import_rejected", "有误的行未能导入，未导入任何目标，请修改后重新上传")
	// ErrRegistrationNotFound answers the public verification of a number no registered contract has.
	ErrRegistrationNotFound = Declare(http.StatusNotFound, "registration_not_found", "未查到该登记编号的技术合同登记")

	// The registry of technology brokers and transfer institutions.
	ErrBrokerNotFound      = Declare(http.StatusNotFound, "broker_not_found", "技术经纪人不存在")
	ErrCertificateTaken    = Declare(http.StatusConflict, "certificate_taken", "该证书编号已登记")
	ErrBrokerUserTaken     = Declare(http.StatusConflict, "broker_user_taken", "该账号已关联另一名登记的技术经纪人")
	ErrInstitutionNotFound = Declare(http.StatusNotFound, "institution_not_found", "技术转移机构不存在")
	ErrInstitutionExists   = Declare(http.StatusConflict, "institution_exists", "该机构已登记为技术转移机构")
	// Incentives (奖补).
	ErrIncentiveRuleNotFound        = Declare(http.StatusNotFound, "incentive_rule_not_found", "奖补政策不存在")
	ErrIncentiveApplicationNotFound = Declare(http.StatusNotFound, "incentive_application_not_found", "奖补申请不存在")
	ErrIncentiveApplied             = Declare(http.StatusConflict, "incentive_applied", "本机构已申请该政策本年度的奖补")
	ErrAlreadyExcluded              = Declare(http.StatusConflict, "already_excluded", "该合同已排除在该政策之外")
	ErrExclusionNotFound            = Declare(http.StatusNotFound, "exclusion_not_found", "排除记录不存在")
	ErrTargetPlanNotFound           = Declare(http.StatusNotFound, "target_plan_not_found", "目标计划不存在")
)

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
