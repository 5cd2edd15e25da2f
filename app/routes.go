package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
	"techmarket/search"
)

type access int

// The access levels of routes. Every power over the market needs an active
// membership in a verified organisation (verified); drafting and reading
// one's own organisation's data need an active membership (member); a
// member still pending reaches only the account itself (loggedIn).
const (
	public   access = iota // anyone; a token, if sent, still identifies the caller
	loggedIn               // any logged-in user, even one whose membership is pending
	member                 // an active member (of the listed roles), verified or not yet
	verified               // an active member (of the listed roles) of a verified organisation
)

// route is one entry of the API: registered with Fiber and described in the
// OpenAPI document from the same table, so the two cannot drift apart.
type route struct {
	method  string
	path    string
	tag     string
	summary string
	access  access
	roles   []models.Role
	handler fiber.Handler
	before  fiber.Handler // route-specific middleware
	limit   *rateLimit    // requests per client address (and per user), shared by every process
	// The shapes, for the OpenAPI document: in is a value of the request
	// body's type (optional(v) when the body may be left out, a form type
	// for multipart), out of the response's (or a reply: created(v),
	// noContent, file(…)). query is a value of the type of the query
	// parameters (see query.go): read before the handler, which takes them
	// with queryOf, and listed in the document.
	in    any
	out   any
	query any
	// errs are the errors the route answers with beyond those of its access
	// level, limit, parameters and body (routeErrors adds those); a test
	// fails when the suite sees a route answer with one it does not declare.
	errs []*models.Error
}

func (s *Server) routes() []route {
	admin := []models.Role{models.RoleAdmin}
	bureau := []models.Role{models.RoleAdmin, models.RoleBureau} // regional statistics: a bureau for its own region
	achievements := listings[models.Achievement, *models.Achievement]{s, "achievements", s.market.Achievements()}
	needs := listings[models.Need, *models.Need]{s, "needs", s.market.Needs()}
	rs := []route{
		{method: "GET", path: "/healthz", tag: "系统", summary: "存活检查（liveness）：进程在响应即 200，不查数据库与索引", handler: s.healthz, out: health{}},
		{method: "GET", path: "/readyz", tag: "系统", summary: "就绪检查（readiness）：数据库可用，且本进程的搜索索引落后数据库不超过 --ready-max-lag（默认 2 秒）；否则 503 并给出落后的事件数与毫秒数", handler: s.readyz, out: reply{body: health{}, also: 503}},
		{method: "GET", path: "/api/openapi.json", tag: "系统", summary: "OpenAPI 3.1 文档（由路由表所列的 Go 类型生成）", handler: s.openapi, out: obj{}},
		{method: "GET", path: "/api/docs", tag: "系统", summary: "API 参考页（Swagger UI，随程序内嵌）", handler: s.apiDocsPage, out: file("HTML 页面", "text/html")},
		{method: "GET", path: "/api/v1/site", tag: "系统", summary: "站点信息：市场名称、主办单位、ICP 与公安备案号、服务热线（页头、页脚与标题显示）", handler: s.site, out: models.Site{}},
		{method: "PUT", path: "/api/v1/site", tag: "管理", summary: "设置站点信息（市场管理员；记入审计日志）", access: verified, roles: admin, handler: withBody(fiber.StatusOK, s.market.SetSite), in: models.SiteInput{}, out: models.Site{}},
		{method: "GET", path: "/api/v1/home", tag: "首页", summary: "首页汇总：实时数字（已发布成果与需求、本年登记成交额、成交项目）、最新成果与需求、进行中与即将开始的拍卖和路演、成交公示、揭榜挂帅、行业领域分布、通知公告与政策法规（同一内容给所有访客，可缓存 30 秒）", handler: s.home, out: models.Home{}},
		{method: "GET", path: "/api/v1/articles", tag: "首页", summary: "已发布的通知公告与政策法规（category=notice|policy），最新在前，不含正文", handler: s.listArticles(false), query: articlesQuery{}, out: page[models.Article]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/articles/:id", tag: "首页", summary: "文章详情（正文为服务器净化过的 HTML）；草稿与已撤回的只有市场管理员可见", handler: s.getArticle, out: models.Article{}, errs: []*models.Error{models.ErrArticleNotFound}},
		{method: "GET", path: "/api/v1/admin/articles", tag: "管理", summary: "全部文章（市场管理员；category、status 筛选），不含正文", access: verified, roles: admin, handler: s.listArticles(true), query: adminArticlesQuery{}, out: page[models.Article]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/articles", tag: "管理", summary: "新建文章草稿（市场管理员；正文 HTML 只保留段落、标题、列表、粗斜体、链接与表格，脚本、样式、事件属性与 javascript: 链接一律去除；记入审计日志）", access: verified, roles: admin, handler: s.createArticle, in: models.ArticleInput{}, out: created(models.Article{})},
		{method: "PUT", path: "/api/v1/articles/:id", tag: "管理", summary: "修改文章（市场管理员；已发布的即时生效；正文同样净化；记入审计日志）", access: verified, roles: admin, handler: s.updateArticle, in: models.ArticleInput{}, out: models.Article{}, errs: []*models.Error{models.ErrArticleNotFound, models.ErrBadTransition}},
		{method: "POST", path: "/api/v1/articles/:id/publish", tag: "管理", summary: "发布文章（草稿或已撤回的；首次发布时记发布时间）", access: verified, roles: admin, handler: s.actOnArticle(models.ArticlePublish), out: models.Article{}, errs: []*models.Error{models.ErrArticleNotFound, models.ErrBadTransition}},
		{method: "POST", path: "/api/v1/articles/:id/withdraw", tag: "管理", summary: "撤回已发布的文章（不再公开）", access: verified, roles: admin, handler: s.actOnArticle(models.ArticleWithdraw), out: models.Article{}, errs: []*models.Error{models.ErrArticleNotFound, models.ErrBadTransition}},
		{method: "GET", path: "/api/v1/meta/enums", tag: "系统", summary: "角色、机构类型、行政区划、行业领域等枚举", handler: s.enums, out: enumSets{}},
		{method: "GET", path: "/api/v1/search", tag: "搜索", summary: "全文检索已发布的成果与需求（筛选、分面、排序、高亮、分页）", handler: s.search, query: search.Query{}, out: searchResult{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/field-suggestion", tag: "搜索", summary: "根据标题、简介、关键词建议行业领域（参照已发布的相似信息）", access: loggedIn, handler: s.suggestField, in: FieldSuggestionRequest{}, out: fieldSuggestion{}},

		{method: "POST", path: "/api/v1/auth/register", tag: "账号", summary: "注册用户（新机构待认证）", handler: s.register, limit: perHour("register", s.cfg.RegistrationsPerHour), in: models.Registration{}, out: created(models.Me{}), errs: []*models.Error{models.ErrUsernameTaken}},
		{method: "POST", path: "/api/v1/auth/login", tag: "账号", summary: "登录，返回访问令牌与刷新令牌（连续失败后按地址与账号逐次延长等待，期间 429 并给出 Retry-After）", handler: s.login, limit: perMinute("login", s.cfg.LoginsPerMinute), in: credentials{}, out: session{}, errs: []*models.Error{models.ErrBadCredentials, models.ErrUserDisabled}},
		{method: "POST", path: "/api/v1/auth/refresh", tag: "账号", summary: "轮换刷新令牌", handler: s.refresh, in: refreshBody{}, out: session{}, errs: []*models.Error{models.ErrInvalidRefreshToken, models.ErrRefreshTokenReused}},
		{method: "POST", path: "/api/v1/auth/logout", tag: "账号", summary: "退出登录（注销该令牌族）", handler: s.logout, in: refreshBody{}, out: noContent},
		{method: "POST", path: "/api/v1/auth/logout-all", tag: "账号", summary: "退出所有设备：注销全部刷新令牌，已签发的访问令牌立即失效", access: loggedIn, handler: s.logoutAll, out: noContent},
		{method: "GET", path: "/api/v1/me", tag: "账号", summary: "当前用户与机构", access: loggedIn, handler: s.me, out: models.Me{}},
		{method: "PATCH", path: "/api/v1/me", tag: "账号", summary: "修改姓名、电话、邮箱", access: loggedIn, handler: s.updateMe, in: models.Profile{}, out: models.Me{}},
		{method: "POST", path: "/api/v1/me/password", tag: "账号", summary: "修改密码：其他设备全部退出，返回本设备的新令牌", access: loggedIn, handler: s.changePassword, limit: perHour("password", s.cfg.PasswordChangesPerHour), in: passwordChange{}, out: session{}},

		{method: "GET", path: "/api/v1/orgs", tag: "机构", summary: "按名称查找已认证机构（q 必填，可选 type；只含公开信息，size ≤ 20）", access: loggedIn, handler: s.searchOrgs, query: orgSearchQuery{}, out: page[publicOrg]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/orgs/:id", tag: "机构", summary: "机构信息（本机构成员与管理员可见全部）", handler: byID(s.market.OrgFor), out: models.Organization{}, errs: []*models.Error{models.ErrOrgNotFound}},
		{method: "GET", path: "/api/v1/orgs/:id/members", tag: "机构", summary: "机构成员：成员看正常成员，机构管理员与市场管理员看全部（status 筛选）", access: member, handler: s.orgMembers, query: membersQuery{}, out: page[models.Member]{}, errs: []*models.Error{models.ErrNotYourOrg, models.ErrOrgNotFound}},
		{method: "POST", path: "/api/v1/orgs/:id/verification", tag: "机构", summary: "申请实名认证（机构管理员；multipart：credit_code、legal_rep、file 为营业执照 PDF 或图片）", access: member, handler: s.requestVerification, in: verificationForm{}, out: models.Organization{}, errs: []*models.Error{models.ErrAlreadyVerified, models.ErrNotYourOrg, models.ErrOrgStorageFull, models.ErrNotOrgAdmin, models.ErrOrgNotFound}},
		{method: "GET", path: "/api/v1/orgs/:id/licence", tag: "机构", summary: "下载营业执照或登记证书（本机构与市场管理员）", access: member, handler: s.orgLicence, out: file("营业执照或登记证书", "application/pdf", "image/png", "image/jpeg"), errs: []*models.Error{models.ErrFileNotFound, models.ErrOrgNotFound}},
		{method: "POST", path: "/api/v1/memberships/:id/approve", tag: "机构", summary: "批准加入（机构管理员；登记机构与科技管理部门由市场管理员）", access: member, handler: s.membershipAct(models.MemberApprove), in: optional(membershipNote{}), out: models.Membership{}, errs: []*models.Error{models.ErrBadTransition, models.ErrMarketAdminOnly, models.ErrMembershipNotFound, models.ErrNotOrgAdmin, models.ErrOwnMembership}},
		{method: "POST", path: "/api/v1/memberships/:id/refuse", tag: "机构", summary: "拒绝加入申请", access: member, handler: s.membershipAct(models.MemberRefuse), in: optional(membershipNote{}), out: models.Membership{}, errs: []*models.Error{models.ErrBadTransition, models.ErrMembershipNotFound, models.ErrMarketAdminOnly, models.ErrNotOrgAdmin, models.ErrOwnMembership}},
		{method: "POST", path: "/api/v1/memberships/:id/suspend", tag: "机构", summary: "暂停成员（其登录立即失效）", access: member, handler: s.membershipAct(models.MemberSuspend), in: optional(membershipNote{}), out: models.Membership{}, errs: []*models.Error{models.ErrMembershipNotFound, models.ErrNotOrgAdmin, models.ErrOwnMembership, models.ErrBadTransition, models.ErrMarketAdminOnly, models.ErrSuspendAdmin}},
		{method: "POST", path: "/api/v1/memberships/:id/reinstate", tag: "机构", summary: "恢复被暂停的成员", access: member, handler: s.membershipAct(models.MemberReinstate), in: optional(membershipNote{}), out: models.Membership{}, errs: []*models.Error{models.ErrBadTransition, models.ErrMembershipNotFound, models.ErrMarketAdminOnly, models.ErrNotOrgAdmin, models.ErrOwnMembership}},
		{method: "POST", path: "/api/v1/memberships/:id/make-admin", tag: "机构", summary: "移交机构管理员（原管理员成为普通成员）", access: member, handler: s.membershipAct(models.MemberMakeAdmin), in: optional(membershipNote{}), out: models.Membership{}, errs: []*models.Error{models.ErrAlreadyAdmin, models.ErrMembershipNotFound, models.ErrBadTransition, models.ErrMarketAdminOnly, models.ErrNotOrgAdmin, models.ErrOwnMembership}},

		{method: "GET", path: "/api/v1/admin/orgs", tag: "管理", summary: "机构列表（按认证状态筛选；requested=true 只列已提交认证材料的）", access: verified, roles: admin, handler: listed(s.adminOrgs), query: orgsQuery{}, out: page[models.Organization]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/admin/orgs/:id/verify", tag: "管理", summary: "通过机构实名认证", access: verified, roles: admin, handler: byID(s.market.VerifyOrg), out: models.Organization{}, errs: []*models.Error{models.ErrAlreadyDecided, models.ErrOrgNotFound, models.ErrVerificationIncomplete}},
		{method: "POST", path: "/api/v1/admin/orgs/:id/reject", tag: "管理", summary: "驳回机构认证", access: verified, roles: admin, handler: s.rejectOrg, in: rejection{}, out: models.Organization{}, errs: []*models.Error{models.ErrAlreadyDecided, models.ErrOrgNotFound, models.ErrVerificationIncomplete}},
		{method: "GET", path: "/api/v1/admin/memberships", tag: "管理", summary: "各机构的成员申请（status 默认 pending；org_type 筛选，登记机构与科技管理部门只能由市场管理员审批）", access: verified, roles: admin, handler: listed(s.adminMemberships), query: joinRequestsQuery{}, out: page[models.Member]{}},
		{method: "GET", path: "/api/v1/admin/users", tag: "管理", summary: "用户列表", access: verified, roles: admin, handler: listed(s.adminUsers), query: usersQuery{}, out: page[models.User]{}},
		{method: "POST", path: "/api/v1/admin/users/:id/disable", tag: "管理", summary: "停用用户", access: verified, roles: admin, handler: s.setUserDisabled(true), out: models.User{}, errs: []*models.Error{models.ErrCannotDisableSelf, models.ErrUserNotFound}},
		{method: "POST", path: "/api/v1/admin/users/:id/enable", tag: "管理", summary: "启用用户", access: verified, roles: admin, handler: s.setUserDisabled(false), out: models.User{}, errs: []*models.Error{models.ErrCannotDisableSelf, models.ErrUserNotFound}},

		{method: "GET", path: "/api/v1/my/workspace", tag: "账号", summary: "工作台：按角色列出待办（管理员：待审核发布、举报、认证、成员申请、异议；供需方：待确认公示与合同、待答复对接、将到期的发布、查看申请、竞拍中的出价；经纪人：各阶段对接、路演意向；登记机构：审查队列与时限、变更注销申请），各项计数与对应列表接口一致", access: member, handler: s.workspace, out: models.Workspace{}},
		{method: "GET", path: "/api/v1/notifications", tag: "通知", summary: "我的通知与未读数", access: loggedIn, handler: s.notifications, query: notificationsQuery{}, out: notificationPage{}},
		{method: "POST", path: "/api/v1/notifications/read", tag: "通知", summary: "标记已读（ids 为空则全部）", access: loggedIn, handler: s.readNotifications, in: optional(notificationIDs{}), out: noContent},
	}
	broker := []models.Role{models.RoleBroker}
	rs = append(rs, []route{
		{method: "POST", path: "/api/v1/matches", tag: "撮合", summary: "经纪人推荐对接（成果 × 需求）", access: verified, roles: broker, handler: withBody(fiber.StatusCreated, s.market.ProposeMatch), in: models.MatchProposal{}, out: created(models.Match{}), errs: []*models.Error{models.ErrMatchExists}},
		{method: "GET", path: "/api/v1/matches", tag: "撮合", summary: "对接列表：经纪人看本机构的，供需双方看涉及本机构的（todo=true 只列等待本方答复的）", access: member, handler: listed(s.listMatches), query: matchesQuery{}, out: page[models.Match]{}},
		{method: "GET", path: "/api/v1/matches/:id", tag: "撮合", summary: "对接详情与时间线；双方都同意后显示联系方式", access: member, handler: s.getMatch, out: models.Match{}, errs: []*models.Error{models.ErrMatchNotFound}},
		{method: "POST", path: "/api/v1/matches/:id/accept", tag: "撮合", summary: "供方或需方同意对接", access: verified, handler: s.respondMatch(true), out: models.Match{}, errs: []*models.Error{models.ErrAlreadyAnswered, models.ErrMatchNotFound, models.ErrNotAParty}},
		{method: "POST", path: "/api/v1/matches/:id/decline", tag: "撮合", summary: "供方或需方谢绝对接（可附不感兴趣的原因，记为对方条目的反馈）", access: verified, handler: s.respondMatch(false), in: optional(models.PassInput{}), out: models.Match{}, errs: []*models.Error{models.ErrMatchNotFound, models.ErrNotAParty, models.ErrAlreadyAnswered}},
		{method: "POST", path: "/api/v1/matches/:id/move", tag: "撮合", summary: "经纪人推进状态（contacted/negotiating/agreed/failed）", access: verified, roles: broker, handler: thenShowWith(s.market.MoveMatch, s.getMatch), in: models.MatchMove{}, out: models.Match{}, errs: []*models.Error{models.ErrBadTransition, models.ErrMatchNotFound, models.ErrNotAccepted, models.ErrNotYourMatch}},
		{method: "POST", path: "/api/v1/matches/:id/notes", tag: "撮合", summary: "经纪人记录进展", access: verified, roles: broker, handler: s.addMatchNote, in: noteBody{}, out: created(models.MatchNote{}), errs: []*models.Error{models.ErrMatchNotFound, models.ErrNotYourMatch}},
		{method: "GET", path: "/api/v1/brokers/performance", tag: "撮合", summary: "经纪人与经纪机构年度业绩", access: verified, roles: []models.Role{models.RoleBroker, models.RoleAdmin}, handler: s.brokerPerformance, query: yearQuery{}, out: performance{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/saved-searches", tag: "搜索", summary: "我保存的搜索", access: loggedIn, handler: s.listSavedSearches, out: listOf[models.SavedSearch]{}},
		{method: "POST", path: "/api/v1/saved-searches", tag: "搜索", summary: "保存搜索；新发布的匹配条目会通知我", access: loggedIn, handler: s.saveSearch, in: savedSearchBody{}, out: created(models.SavedSearch{})},
		{method: "DELETE", path: "/api/v1/saved-searches/:id", tag: "搜索", summary: "删除保存的搜索", access: loggedIn, handler: s.deleteSavedSearch, out: noContent, errs: []*models.Error{models.ErrSavedSearchNotFound}},
	}...)
	demander := []models.Role{models.RoleDemander}
	rs = append(rs, []route{
		{method: "GET", path: "/api/v1/time", tag: "交易", summary: "服务器时间（倒计时以此为准）", handler: s.serverTime, out: clock{}},
		{method: "GET", path: "/api/v1/auctions", tag: "交易", summary: "拍卖大厅（phase=upcoming|live|ended）", handler: s.listAuctions, query: auctionsQuery{}, out: auctionHall{}},
		{method: "POST", path: "/api/v1/auctions", tag: "交易", summary: "创建拍卖及拍品（管理员）", access: verified, roles: admin, handler: withBody(fiber.StatusCreated, s.market.CreateAuction), in: models.NewAuction{}, out: created(models.Auction{}), errs: []*models.Error{models.ErrAlreadyDealt, models.ErrAlreadyOnSale}},
		{method: "GET", path: "/api/v1/auctions/:id", tag: "交易", summary: "拍卖详情与拍品（不含保留价）", handler: s.getAuction, out: auctionDetail{}, errs: []*models.Error{models.ErrAuctionNotFound}},
		{method: "GET", path: "/api/v1/auctions/:id/events", tag: "交易", summary: "实时事件流（SSE：hello、bid、closed、applied、admitted；不带 Last-Event-ID 只推送新事件，带 Last-Event-ID 或 ?last_event_id=（详情接口给出）则先补发错过的事件，超过 200 条时发 reset 请页面重新加载；同一地址的并发连接有上限，超出为 429）", handler: s.auctionEvents, query: eventsQuery{}, out: reply{types: []string{"text/event-stream"}, desc: "事件流（Server-Sent Events）", events: obj{
			"hello": models.StreamMark{}, "reset": models.StreamMark{}, "bid": models.BidEvent{}, "closed": models.ClosedEvent{},
			"applied": models.AdmissionEvent{}, "admitted": models.AdmissionEvent{}}}, errs: []*models.Error{models.ErrTooManyStreams, models.ErrAuctionNotFound}},
		{method: "POST", path: "/api/v1/auctions/:id/apply", tag: "交易", summary: "报名竞买（企业，拍卖结束前；再次报名返回原申请；挂牌期转入的竞价不接受报名）", access: verified, roles: demander, handler: s.applyToBid, out: created(models.Admission{}), errs: []*models.Error{models.ErrAuctionNotFound, models.ErrBadTransition, models.ErrRestrictedAuction}},
		{method: "GET", path: "/api/v1/auctions/:id/admissions", tag: "交易", summary: "竞买申请（管理员看全部，企业看自己的）", access: member, handler: s.listAdmissions, out: listOf[models.Admission]{}},
		{method: "POST", path: "/api/v1/admissions/:id/admit", tag: "交易", summary: "确认保证金并准许竞买（管理员）", access: verified, roles: admin, handler: byID(s.market.AdmitBidder), out: models.Admission{}, errs: []*models.Error{models.ErrAdmissionNotFound, models.ErrBadTransition}},
		{method: "POST", path: "/api/v1/lots/:id/bids", tag: "交易", summary: "出价（幂等：client_key）", access: verified, roles: demander, handler: s.placeBid, in: bidBody{}, out: created(bidPlaced{}), errs: []*models.Error{models.ErrAlreadyLeading, models.ErrBelowStart, models.ErrLotClosed, models.ErrLotNotFound, models.ErrNotAdmitted, models.ErrNotStarted, models.ErrTooLow, models.ErrOwnLot}},
		{method: "GET", path: "/api/v1/lots/:id/bids", tag: "交易", summary: "拍品出价记录（全部出价，最高的在前，分页；total 为出价总数）", handler: s.lotBids, query: models.Page{}, out: page[models.Bid]{}, errs: []*models.Error{models.ErrInvalidInput, models.ErrLotNotFound}},
		{method: "GET", path: "/api/v1/offers", tag: "交易", summary: "挂牌项目", handler: listed(s.listOffers), query: offersQuery{}, out: page[models.Offer]{}},
		{method: "POST", path: "/api/v1/offers", tag: "交易", summary: "挂牌（成果所有方或管理员）", access: verified, roles: []models.Role{models.RoleSupplier, models.RoleAdmin}, handler: withBody(fiber.StatusCreated, s.market.CreateOffer), in: models.NewOffer{}, out: created(models.Offer{}), errs: []*models.Error{models.ErrAlreadyDealt, models.ErrAlreadyOnSale, models.ErrNotYourListing}},
		{method: "POST", path: "/api/v1/offers/:id/withdraw", tag: "交易", summary: "撤牌（挂牌方或管理员，仅挂牌中；已摘牌或已结束为 409）", access: verified, roles: []models.Role{models.RoleSupplier, models.RoleAdmin}, handler: byID(s.market.WithdrawOffer), out: models.Offer{}, errs: []*models.Error{models.ErrNotYourOffer, models.ErrOfferClosed, models.ErrOfferNotFound}},
		{method: "POST", path: "/api/v1/offers/:id/accept", tag: "交易", summary: "摘牌（已认证企业，先到先得）", access: verified, roles: demander, handler: s.acceptOffer, out: offerAccepted{}, errs: []*models.Error{models.ErrOfferClosed, models.ErrOfferMode, models.ErrAlreadyDealt, models.ErrOfferNotFound, models.ErrOfferNotStarted, models.ErrOwnOffer}},
		{method: "GET", path: "/api/v1/offers/:id", tag: "交易", summary: "挂牌项目详情（挂牌期模式下含本机构的受让意向登记，挂牌方另见登记数）", handler: byID(s.market.GetOffer), out: models.Offer{}, errs: []*models.Error{models.ErrOfferNotFound}},
		{method: "POST", path: "/api/v1/offers/:id/register", tag: "交易", summary: "意向受让登记（已认证企业，挂牌期内，每机构一次；设保证金的待管理员确认）", access: verified, roles: demander, handler: createdByID(s.market.RegisterInterest), out: created(models.OfferRegistration{}), errs: []*models.Error{models.ErrAlreadyRegistered, models.ErrOfferClosed, models.ErrOfferMode, models.ErrOfferNotFound, models.ErrOfferNotStarted, models.ErrOwnOffer}},
		{method: "POST", path: "/api/v1/offers/:id/unregister", tag: "交易", summary: "撤回受让意向（已登记的企业，挂牌期内）", access: verified, roles: demander, handler: byID(s.market.WithdrawInterest), out: models.Offer{}, errs: []*models.Error{models.ErrInterestNotFound, models.ErrOfferClosed, models.ErrOfferMode, models.ErrOfferNotFound}},
		{method: "GET", path: "/api/v1/offers/:id/registrations", tag: "交易", summary: "受让意向登记（挂牌方和管理员看全部，企业只看自己的）", access: member, handler: itemsByID(s.market.OfferRegistrations), out: itemsOf[models.OfferRegistration]{}, errs: []*models.Error{models.ErrOfferNotFound}},
		{method: "POST", path: "/api/v1/offer-registrations/:id/confirm", tag: "交易", summary: "确认受让意向登记的保证金（管理员，挂牌中）", access: verified, roles: admin, handler: byID(s.market.ConfirmRegistrationDeposit), out: models.OfferRegistration{}, errs: []*models.Error{models.ErrInterestNotFound, models.ErrBadTransition, models.ErrOfferClosed}},
		{method: "GET", path: "/api/v1/results", tag: "交易", summary: "成交公告：各渠道（挂牌、拍卖、路演、协议、揭榜）已成交的项目，最新在前（公开）", handler: listed(s.listResults), query: resultsQuery{}, out: page[models.DealResult]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/notices", tag: "交易", summary: "协议成交公示", handler: listed(s.listNotices), query: noticesQuery{}, out: page[models.Notice]{}},
		{method: "POST", path: "/api/v1/notices", tag: "交易", summary: "发布协议成交公示：卖方或管理员发布即公示；经纪人（须本机构已达成该成果与该买方需求的对接）发布后待卖方确认才公开。返回 {deal, notice}，待确认时 notice 为 null", access: verified, roles: []models.Role{models.RoleSupplier, models.RoleBroker, models.RoleAdmin}, handler: withBody(fiber.StatusCreated, s.market.PublishNegotiatedDeal), in: models.NegotiatedDeal{}, out: created(models.Published{}), errs: []*models.Error{models.ErrAlreadyDealt, models.ErrAlreadyOnSale, models.ErrBadTransition, models.ErrDealNotFound, models.ErrNoAgreedMatch, models.ErrNotYourListing, models.ErrNotAllowed}},
		{method: "POST", path: "/api/v1/deals/:id/approve-notice", tag: "交易", summary: "卖方确认经纪人提交的公示（此时公开，公示期从此开始）", access: verified, roles: []models.Role{models.RoleSupplier}, handler: s.decideNotice(true), out: models.Published{}, errs: []*models.Error{models.ErrBadTransition, models.ErrDealNotFound, models.ErrNotSeller}},
		{method: "POST", path: "/api/v1/deals/:id/decline-notice", tag: "交易", summary: "卖方谢绝经纪人提交的公示（成交回到待公示，成果可再出售）", access: verified, roles: []models.Role{models.RoleSupplier}, handler: s.decideNotice(false), out: models.Published{}, errs: []*models.Error{models.ErrBadTransition, models.ErrDealNotFound, models.ErrNotSeller}},
		{method: "GET", path: "/api/v1/notices/:id", tag: "交易", summary: "公示详情（管理员可见异议）", handler: byID(s.market.GetNotice), out: models.Notice{}, errs: []*models.Error{models.ErrNoticeNotFound}},
		{method: "POST", path: "/api/v1/notices/:id/objections", tag: "交易", summary: "提出异议（登录用户，公示期内）", access: verified, handler: byIDWith(fiber.StatusCreated, reason(s.market.FileObjection)), limit: perHour("objection", s.cfg.ObjectionsPerHour), in: reasonBody{}, out: created(models.Objection{}), errs: []*models.Error{models.ErrNoticeClosed, models.ErrNoticeNotFound}},
		{method: "POST", path: "/api/v1/objections/:id/resolve", tag: "交易", summary: "处理异议（管理员：uphold 成立则撤销成交）", access: verified, roles: admin, handler: s.resolveObjection, in: resolutionBody{}, out: models.Objection{}, errs: []*models.Error{models.ErrBadTransition, models.ErrObjectionNotFound}},
		{method: "POST", path: "/api/v1/deals/:id/confirm", tag: "交易", summary: "买受人确认成交（拍卖成交须在 5 个工作日内确认）", access: verified, roles: demander, handler: byID(s.market.ConfirmDeal), out: models.Deal{}, errs: []*models.Error{models.ErrBadTransition, models.ErrDealNotFound}},
		{method: "POST", path: "/api/v1/lots/:id/runner-up", tag: "交易", summary: "买受人放弃后转给次高出价者（管理员）", access: verified, roles: admin, handler: s.offerToRunnerUp, out: created(models.Deal{}), errs: []*models.Error{models.ErrBadTransition, models.ErrLotNotFound, models.ErrNoRunnerUp}},
		{method: "GET", path: "/api/v1/my/deals", tag: "交易", summary: "我的成交（actions：publish 发布公示（经纪人发布的待卖方确认），approve_notice、decline_notice 卖方确认或谢绝公示，sign 买受人签约确认；todo=true 只列等待本机构作为卖方确认公示的）", access: member, handler: s.myDeals, query: dealsQuery{}, out: page[titledDeal]{}},
		{method: "GET", path: "/api/v1/roadshows", tag: "路演", summary: "路演日历（from、to 为 RFC 3339）", handler: listed(s.listRoadshows), query: roadshowsQuery{}, out: page[models.Roadshow]{}},
		{method: "POST", path: "/api/v1/roadshows", tag: "路演", summary: "创建路演（经纪人、管理员）", access: verified, roles: []models.Role{models.RoleBroker, models.RoleAdmin}, handler: withBody(fiber.StatusCreated, s.market.CreateRoadshow), in: models.NewRoadshow{}, out: created(models.Roadshow{})},
		{method: "GET", path: "/api/v1/roadshows/:id", tag: "路演", summary: "路演详情与成果安排", handler: s.getRoadshow, out: roadshowView{}, errs: []*models.Error{models.ErrRoadshowNotFound}},
		{method: "POST", path: "/api/v1/roadshows/:id/register", tag: "路演", summary: "企业报名（名额有限）", access: verified, roles: demander, handler: s.registerRoadshow, out: created(models.RoadshowSeat{}), errs: []*models.Error{models.ErrRoadshowFull, models.ErrRegistrationClosed, models.ErrRoadshowNotFound}},
		{method: "GET", path: "/api/v1/roadshows/:id/seats", tag: "路演", summary: "报名名单与签到情况（主办机构的经纪人、管理员）", access: verified, roles: []models.Role{models.RoleBroker, models.RoleAdmin}, handler: s.roadshowSeats, out: listOf[models.SeatView]{}, errs: []*models.Error{models.ErrRoadshowNotFound, models.ErrNotOrganiser}},
		{method: "POST", path: "/api/v1/roadshows/:id/seats/:seat/check-in", tag: "路演", summary: "签到（主办机构的经纪人、管理员；路演开始前 2 小时至结束后 12 小时；重复签到不变）", access: verified, roles: []models.Role{models.RoleBroker, models.RoleAdmin}, handler: s.checkIn, out: models.RoadshowSeat{}, errs: []*models.Error{models.ErrRoadshowNotFound, models.ErrNotOrganiser, models.ErrCheckInClosed, models.ErrSeatNotFound}},
		{method: "POST", path: "/api/v1/roadshows/:id/intents", tag: "路演", summary: "路演后登记合作意向（成为主办经纪机构的意向线索，意向方没有发布需求也可推荐对接）", access: verified, roles: demander, handler: s.recordIntent, in: intentBody{}, out: created(models.Intent{}), errs: []*models.Error{models.ErrNotRoadshowRegistrant, models.ErrRoadshowNotFound, models.ErrRoadshowNotStarted}},
		{method: "GET", path: "/api/v1/intents", tag: "路演", summary: "路演意向（经纪人工作台）", access: verified, roles: []models.Role{models.RoleBroker, models.RoleAdmin}, handler: s.listIntents, query: intentsQuery{}, out: listOf[models.Intent]{}},
	}...)
	reviewer := []models.Role{models.RoleReviewer}
	rs = append(rs, []route{
		{method: "GET", path: "/api/v1/calendar", tag: "统计", summary: "工作日历：某年的法定节假日与调休上班日（公开；year 默认今年）", handler: s.calendar, query: yearQuery{}, out: calendarYear{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "PUT", path: "/api/v1/calendar/days", tag: "统计", summary: "设置某日为放假（holiday）或调休上班（workday），kind 留空恢复平常（管理员）", access: verified, roles: admin, handler: withBody(fiber.StatusOK, s.market.SetCalendarDay), in: models.CalendarDayInput{}, out: models.CalendarDay{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/calendar/:year/official", tag: "统计", summary: "载入国务院公布的某年放假安排（管理员；替换该年已有设置）", access: verified, roles: admin, handler: s.loadOfficialCalendar, out: calendarYear{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/regions", tag: "统计", summary: "地区树：省、市、区县（GB/T 2260）与管理员添加的功能区（高新区、自贸片区等），各带层级（province|city|district|zone）与上级代码；功能区带所覆盖的区县（公开）", handler: s.regionTree, out: []models.RegionUnit{}},
		{method: "POST", path: "/api/v1/regions", tag: "管理", summary: "添加功能区（市场管理员；代码为 2–12 位大写字母或数字；上级为省或市，覆盖的区县须在上级之内；记入审计日志）", access: verified, roles: admin, handler: withBody(fiber.StatusCreated, s.market.CreateZone), in: models.ZoneInput{}, out: created(models.RegionUnit{})},
		{method: "PUT", path: "/api/v1/regions/:code", tag: "管理", summary: "修改功能区的名称、上级与覆盖的区县（市场管理员；代码不变；记入审计日志）", access: verified, roles: admin, handler: s.updateZone, in: models.ZoneInput{}, out: models.RegionUnit{}, errs: []*models.Error{models.ErrRegionNotFound}},
		{method: "GET", path: "/api/v1/my/region", tag: "统计", summary: "本人所辖地区及其下级（科技管理部门人员；region= 查辖区内的某一地区，辖区以外的拒绝；市场管理员可查任一地区，any 为 true）", access: verified, roles: []models.Role{models.RoleBureau, models.RoleAdmin}, handler: s.myRegion, query: myRegionQuery{}, out: models.MyRegion{}, errs: []*models.Error{models.ErrInvalidInput, models.ErrOutsideRegion}},
		{method: "GET", path: "/api/v1/stats/summary", tag: "统计", summary: "登记成交额：本年累计与上年同期（公开；region= 地区代码，只计该地区卖方的合同，留空为全市场）", handler: s.statsSummary, query: statsQuery{}, out: models.Summary{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/stats/breakdown", tag: "统计", summary: "按地区、登记机构、月份、合同类型或技术领域分组（by=district|agency|month|type|field；region= 只计该地区卖方的合同；带 region 按地区分组时，每行是其下一级（省→市，市→区县，功能区→所覆盖区县）的合计，另有市本级一行，各行之和等于该地区合计）", handler: s.statsBreakdown, query: breakdownQuery{}, out: breakdown{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/stats/deals", tag: "统计", summary: "成交统计：本年已确认成交的笔数与金额，按成交方式（by=channel：挂牌、拍卖、路演、协议、揭榜）、场次（by=event：各场路演、拍卖会，另有非场次一行）或经纪机构（by=broker，另有无经纪机构一行）分组，各行之和等于合计；region= 只计该地区卖方的成交（管理员；科技管理部门限本地区）", access: verified, roles: bureau, handler: s.statsDeals, query: dealStatsQuery{}, out: models.DealBreakdown{}, errs: []*models.Error{models.ErrOutsideRegion, models.ErrInvalidInput, models.ErrSumOutOfRange}},
		{method: "GET", path: "/api/v1/stats/dashboard", tag: "统计", summary: "科技管理部门看板：各地区完成进度、月度走势、主要卖方与买方、技术输出与吸纳（管理员；科技管理部门限本地区）", access: verified, roles: bureau, handler: s.statsDashboard, query: statsQuery{}, out: models.Dashboard{}, errs: []*models.Error{models.ErrOutsideRegion, models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/target-plans", tag: "统计", summary: "目标计划（行动方案：名称、起止年份、文号或出处、发布地区、默认口径），最近的在前", handler: s.listTargetPlans, out: listOf[models.TargetPlan]{}},
		{method: "POST", path: "/api/v1/target-plans", tag: "统计", summary: "新建目标计划（市场管理员；记入审计日志）", access: verified, roles: admin, handler: withBody(fiber.StatusCreated, s.market.CreateTargetPlan), in: models.TargetPlanInput{}, out: created(models.TargetPlan{})},
		{method: "PUT", path: "/api/v1/target-plans/:id", tag: "统计", summary: "修改目标计划（市场管理员；年份须包含计划已有的目标；新口径只作已设目标以外的默认；记入审计日志）", access: verified, roles: admin, handler: byIDWith(fiber.StatusOK, s.market.UpdateTargetPlan), in: models.TargetPlanInput{}, out: models.TargetPlan{}, errs: []*models.Error{models.ErrTargetPlanNotFound}},
		{method: "GET", path: "/api/v1/targets", tag: "统计", summary: "年份（year）所在的目标：当年的年度目标与跨越该年的累计目标，可按计划（plan）与类型（kind）筛选；地区有规则测算值与正式目标，登记机构只有正式目标", handler: s.listTargets, query: targetsQuery{}, out: yearOf[models.Target]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "PUT", path: "/api/v1/targets", tag: "统计", summary: "设置或调整目标（管理员；plan_id 省略时为覆盖该年的唯一计划；记录调整人）", access: verified, roles: admin, handler: withBody(fiber.StatusOK, s.market.SetTarget), in: models.TargetInput{}, out: models.Target{}},
		{method: "POST", path: "/api/v1/targets/import", tag: "统计", summary: "导入目标（管理员；multipart：file 为 CSV（UTF-8 或 GBK）或 XLSX，plan_id、year，可选 kind 与 measure；读行动方案附件的表式：类型 地区/登记机构、名称、上年成交额、占GDP比重、上年目标、年度目标）；任一行有误则全部不导入，返回行号与原因", access: verified, roles: admin, handler: s.importTargets, in: targetImportForm{}, out: models.TargetImportReport{}, errs: []*models.Error{models.ErrImportRejected}},
		{method: "GET", path: "/api/v1/targets/:id/history", tag: "统计", summary: "目标的设置、调整与导入记录（管理员）", access: verified, roles: admin, handler: s.targetHistory, out: listOf[models.AuditLog]{}, errs: []*models.Error{models.ErrTargetNotFound}},
		{method: "GET", path: "/api/v1/bulletins", tag: "统计", summary: "已发布的月度通报（公开；region 为地区代码，year 可选）", handler: s.listBulletins, query: statsQuery{}, out: listOf[models.IssuedBulletinEntry]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/bulletins/latest", tag: "统计", summary: "地区最近一期已发布的月度通报（公开；可限 year）", handler: s.latestBulletin, query: statsQuery{}, out: models.Bulletin{}, errs: []*models.Error{models.ErrBulletinNotFound}},
		{method: "GET", path: "/api/v1/bulletins/:year/:month", tag: "统计", summary: "已发布的月度通报（公开）：本月与本年累计、同比、合同数、目标完成率与时间进度、排名", handler: showBulletin(s.issuedBulletin), query: regionQuery{}, out: models.Bulletin{}, errs: []*models.Error{models.ErrInvalidInput, models.ErrBulletinNotFound}},
		{method: "GET", path: "/api/v1/bulletins/:year/:month/csv", tag: "统计", summary: "已发布的月度通报 CSV", handler: bulletinFile(s.issuedBulletin, "csv"), query: regionQuery{}, out: file("月度通报 CSV（UTF-8，带 BOM）", "text/csv"), errs: []*models.Error{models.ErrBulletinNotFound}},
		{method: "GET", path: "/api/v1/bulletins/:year/:month/xlsx", tag: "统计", summary: "已发布的月度通报 XLSX", handler: bulletinFile(s.issuedBulletin, "xlsx"), query: regionQuery{}, out: file("月度通报 XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), errs: []*models.Error{models.ErrBulletinNotFound}},
		{method: "GET", path: "/api/v1/bulletins/:year/:month/draft", tag: "统计", summary: "月度通报底稿：实时数据（管理员；科技管理部门限本地区）", access: verified, roles: bureau, handler: showBulletin(s.bulletinDraft), query: regionQuery{}, out: models.Bulletin{}, errs: []*models.Error{models.ErrOutsideRegion, models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/bulletins/:year/:month/draft/xlsx", tag: "统计", summary: "月度通报底稿 XLSX", access: verified, roles: bureau, handler: bulletinFile(s.bulletinDraft, "xlsx"), query: regionQuery{}, out: file("月度通报底稿 XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), errs: []*models.Error{models.ErrOutsideRegion, models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/bulletins/:year/:month/issue", tag: "统计", summary: "发布月度通报：冻结该月数据为编号、注明日期的文件，公开并通知辖区科技管理部门（月末之后；每地区每月一期）", access: verified, roles: bureau, handler: s.issueBulletin, query: regionQuery{}, out: created(models.Bulletin{}), errs: []*models.Error{models.ErrOutsideRegion, models.ErrBulletinIssued, models.ErrMonthNotOver}},
		{method: "GET", path: "/api/v1/incentives/rules", tag: "统计", summary: "奖补政策规则（管理员）", access: verified, roles: admin, handler: s.listIncentiveRules, out: listOf[models.IncentiveRule]{}},
		{method: "POST", path: "/api/v1/incentives/rules", tag: "统计", summary: "新建奖补政策规则（管理员）", access: verified, roles: admin, handler: withBody(fiber.StatusCreated, s.market.CreateIncentiveRule), in: models.IncentiveRule{}, out: created(models.IncentiveRule{})},
		{method: "GET", path: "/api/v1/incentives/rules/:id/exclusions", tag: "奖补", summary: "政策排除的合同（已享受其他补助等，管理员）", access: verified, roles: admin, handler: s.incentiveExclusions, out: listOf[models.IncentiveExclusion]{}, errs: []*models.Error{models.ErrIncentiveRuleNotFound}},
		{method: "POST", path: "/api/v1/incentives/rules/:id/exclusions", tag: "奖补", summary: "按登记编号将合同排除在政策之外，并写明原因（管理员；记入审计日志）", access: verified, roles: admin, handler: byIDWith(fiber.StatusCreated, s.market.ExcludeFromIncentive), in: models.IncentiveExclusionInput{}, out: created(models.IncentiveExclusion{}), errs: []*models.Error{models.ErrIncentiveRuleNotFound, models.ErrAlreadyExcluded}},
		{method: "DELETE", path: "/api/v1/incentives/exclusions/:id", tag: "奖补", summary: "撤销排除：合同重新按政策计算（管理员；记入审计日志）", access: verified, roles: admin, handler: s.includeInIncentive, out: noContent, errs: []*models.Error{models.ErrExclusionNotFound}},
		{method: "GET", path: "/api/v1/incentives/notices", tag: "奖补", summary: "奖补公示：审核通过的奖补（公开，最新在前）", handler: listed(s.incentiveNotices), query: models.Page{}, out: page[models.IncentiveNotice]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/my/incentives", tag: "奖补", summary: "本机构按政策测算的年度奖补与申请（year，默认本年）", access: member, handler: s.myIncentives, query: yearQuery{}, out: models.MyIncentives{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/incentives/applications", tag: "奖补", summary: "申请奖补：金额由服务器按政策与登记合同测算（机构管理员；每机构每政策每年一份，未通过的可重新申请）", access: verified, handler: withBody(fiber.StatusCreated, s.market.ApplyForIncentive), in: models.IncentiveApplicationInput{}, out: created(models.IncentiveApplication{}), errs: []*models.Error{models.ErrNotOrgAdmin, models.ErrIncentiveRuleNotFound, models.ErrIncentiveApplied}},
		{method: "GET", path: "/api/v1/incentives/applications", tag: "奖补", summary: "奖补申请（管理员；year、status=submitted|noticed|paid|rejected 筛选），附可执行的操作", access: verified, roles: admin, handler: listed(s.incentiveApplications), query: pagedApplicationsQuery{}, out: page[models.IncentiveApplication]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/incentives/applications/csv", tag: "奖补", summary: "奖补申请 CSV（管理员；筛选同列表）", access: verified, roles: admin, handler: s.incentiveApplicationsCSV, query: applicationsQuery{}, out: file("奖补申请 CSV（UTF-8，带 BOM）", "text/csv"), errs: []*models.Error{models.ErrInvalidInput}},
		{method: "GET", path: "/api/v1/incentives/applications/xlsx", tag: "奖补", summary: "奖补申请 XLSX（管理员；筛选同列表）", access: verified, roles: admin, handler: s.incentiveApplicationsXLSX, query: applicationsQuery{}, out: file("奖补申请 XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/incentives/applications/:id/review", tag: "奖补", summary: "审核奖补申请：通过（核定金额不超过申请金额，进入公示）或不予通过（写明理由）（管理员）", access: verified, roles: admin, handler: byIDWith(fiber.StatusOK, s.market.ReviewIncentive), in: models.IncentiveReview{}, out: models.IncentiveApplication{}, errs: []*models.Error{models.ErrIncentiveApplicationNotFound, models.ErrBadTransition}},
		{method: "POST", path: "/api/v1/incentives/applications/:id/payment", tag: "奖补", summary: "登记拨付：公示期满后记录拨付日期、金额（不超过核定金额）与凭证号（管理员）", access: verified, roles: admin, handler: byIDWith(fiber.StatusOK, s.market.PayIncentive), in: models.IncentivePayment{}, out: models.IncentiveApplication{}, errs: []*models.Error{models.ErrIncentiveApplicationNotFound, models.ErrBadTransition}},
		// After the named paths above, which :year would otherwise take.
		{method: "GET", path: "/api/v1/incentives/:year", tag: "统计", summary: "按机构计算年度奖补：按合同登记后的最新状态（注销的不计，变更的按变更后金额）（format=csv 导出）", access: verified, roles: admin, handler: s.incentiveAwards, query: awardsQuery{}, out: reply{body: yearOf[models.Award]{}, types: []string{"text/csv"}, desc: "各机构的奖补；format=csv 时为 CSV"}},
		{method: "GET", path: "/api/v1/agencies", tag: "合同登记", summary: "已认证的技术合同登记机构", handler: s.agencies, out: listOf[publicOrg]{}},
		{method: "GET", path: "/api/v1/contracts", tag: "合同登记", summary: "合同列表：当事人看自己的，登记机构看本机构受理队列（等待最久在前）；todo=true 只列等待本方确认的草稿", access: member, handler: s.listContracts, query: contractsQuery{}, out: page[contractView]{}},
		{method: "POST", path: "/api/v1/contracts", tag: "合同登记", summary: "起草合同（卖方；可由已确认成交预填）", access: verified, handler: withBody(fiber.StatusCreated, s.market.CreateContract), in: models.ContractInput{}, out: created(models.Contract{}), errs: []*models.Error{models.ErrContractExists, models.ErrForbidden}},
		{method: "GET", path: "/api/v1/contracts/:id", tag: "合同登记", summary: "合同详情与审查时限", access: member, handler: s.getContract, out: contractView{}, errs: []*models.Error{models.ErrContractNotFound}},
		{method: "PUT", path: "/api/v1/contracts/:id", tag: "合同登记", summary: "修改草稿或补正中的合同（已登记合同不可改）", access: verified, handler: byIDWith(fiber.StatusOK, s.market.UpdateContract), in: models.ContractInput{}, out: models.Contract{}, errs: []*models.Error{models.ErrContractNotFound, models.ErrImmutable, models.ErrNotSeller, models.ErrBadTransition}},
		{method: "POST", path: "/api/v1/contracts/:id/file", tag: "合同登记", summary: "上传合同文本（PDF，≤10 MB，multipart 字段 file）", access: verified, handler: s.uploadContractFile, in: uploadForm{}, out: contractView{}, errs: []*models.Error{models.ErrContractNotFound, models.ErrImmutable, models.ErrNotSeller, models.ErrOrgStorageFull}},
		{method: "GET", path: "/api/v1/contracts/:id/file", tag: "合同登记", summary: "下载合同文本", access: member, handler: s.contractFile, out: file("合同文本", "application/pdf"), errs: []*models.Error{models.ErrContractNotFound, models.ErrFileNotFound}},
		{method: "POST", path: "/api/v1/contracts/:id/confirm", tag: "合同登记", summary: "当事人确认", access: verified, handler: s.actOnContract(models.CActConfirm), out: contractView{}, errs: []*models.Error{models.ErrAlreadyConfirmed, models.ErrContractNotFound, models.ErrNotAParty, models.ErrBadTransition}},
		{method: "POST", path: "/api/v1/contracts/:id/submit", tag: "合同登记", summary: "卖方提交登记", access: verified, handler: s.actOnContract(models.CActSubmit), out: contractView{}, errs: []*models.Error{models.ErrBadTransition, models.ErrContractNotFound, models.ErrNotSeller}},
		{method: "POST", path: "/api/v1/contracts/:id/resubmit", tag: "合同登记", summary: "补正后重新提交（审查时限重新计算）", access: verified, handler: s.actOnContract(models.CActResubmit), out: contractView{}, errs: []*models.Error{models.ErrContractNotFound, models.ErrNotSeller, models.ErrBadTransition}},
		{method: "POST", path: "/api/v1/contracts/:id/return", tag: "合同登记", summary: "退回补正（审查员）", access: verified, roles: reviewer, handler: s.actOnContract(models.CActReturn), in: optional(models.ReviewInput{}), out: contractView{}, errs: []*models.Error{models.ErrContractNotFound, models.ErrBadTransition, models.ErrNotYourAgency}},
		{method: "POST", path: "/api/v1/contracts/:id/approve", tag: "合同登记", summary: "500 万元以上合同的第一审查员同意（复核前）", access: verified, roles: reviewer, handler: s.actOnContract(models.CActApprove), in: optional(models.ReviewInput{}), out: contractView{}, errs: []*models.Error{models.ErrContractNotFound, models.ErrNoSecondReview, models.ErrBadTransition, models.ErrNotYourAgency}},
		{method: "POST", path: "/api/v1/contracts/:id/register", tag: "合同登记", summary: "认定登记并编号（审查员）", access: verified, roles: reviewer, handler: s.actOnContract(models.CActRegister), in: optional(models.ReviewInput{}), out: contractView{}, errs: []*models.Error{models.ErrBadTransition, models.ErrContractNotFound, models.ErrNeedsSecondReview, models.ErrNotYourAgency, models.ErrSequenceExhausted}},
		{method: "POST", path: "/api/v1/contracts/:id/reject", tag: "合同登记", summary: "不予登记（审查员，选择理由）", access: verified, roles: reviewer, handler: s.actOnContract(models.CActReject), in: optional(models.ReviewInput{}), out: contractView{}, errs: []*models.Error{models.ErrBadTransition, models.ErrContractNotFound, models.ErrNotYourAgency}},
		{method: "GET", path: "/api/v1/contracts/:id/amendments", tag: "合同登记", summary: "变更与注销登记", access: member, handler: s.listAmendments, out: listOf[models.Amendment]{}, errs: []*models.Error{models.ErrContractNotFound}},
		{method: "POST", path: "/api/v1/contracts/:id/amendments", tag: "合同登记", summary: "申请变更（change）或注销（cancel）登记（卖方）", access: verified, handler: byIDWith(fiber.StatusCreated, s.market.FileAmendment), in: models.AmendmentInput{}, out: created(models.Amendment{}), errs: []*models.Error{models.ErrCancelled, models.ErrContractNotFound, models.ErrNotRegistered, models.ErrNotSeller, models.ErrAmendmentPending}},
		{method: "GET", path: "/api/v1/amendments", tag: "合同登记", summary: "本登记机构的变更、注销申请（status=submitted 待审查（默认）|registered|rejected|all；管理员看全部）", access: verified, roles: []models.Role{models.RoleReviewer, models.RoleAdmin}, handler: listed(s.amendmentQueue), query: amendmentsQuery{}, out: page[models.QueuedAmendment]{}, errs: []*models.Error{models.ErrInvalidInput}},
		{method: "POST", path: "/api/v1/amendments/:id/review", tag: "合同登记", summary: "登记或驳回变更、注销申请（该合同的登记机构）", access: verified, roles: reviewer, handler: s.reviewAmendment, in: amendmentReview{}, out: models.Amendment{}, errs: []*models.Error{models.ErrAmendmentNotFound, models.ErrBadTransition, models.ErrContractNotFound}},
		{method: "GET", path: "/api/v1/contracts/:id/timeline", tag: "合同登记", summary: "审计时间线", access: member, handler: s.contractTimeline, out: listOf[models.AuditLog]{}, errs: []*models.Error{models.ErrContractNotFound}},
		{method: "GET", path: "/api/v1/contracts/:id/certificate", tag: "合同登记", summary: "登记证明（已登记合同；verify_url 为其二维码指向的公开查验页）", access: member, handler: s.contractCertificate, out: certifiedView{}, errs: []*models.Error{models.ErrContractNotFound, models.ErrNotRegistered}},
		{method: "GET", path: "/api/v1/contracts/:id/certificate.pdf", tag: "合同登记", summary: "登记证明 PDF：登记编号、当事人、类型、金额与日期、登记机构、合同文本 SHA-256，以及指向公开查验页的二维码", access: member, handler: s.contractCertificatePDF, out: file("登记证明", "application/pdf"), errs: []*models.Error{models.ErrContractNotFound, models.ErrNotRegistered}},
		{method: "GET", path: "/api/v1/contracts/:id/model-text.pdf", tag: "合同登记", summary: "按合同的登记信息生成的示范文本（合同草稿 PDF，按合同类型含相应条款；签署后的文本仍须上传并经双方确认）", access: member, handler: s.contractModelText, out: file("示范文本", "application/pdf"), errs: []*models.Error{models.ErrContractNotFound}},
		{method: "POST", path: "/api/v1/contracts/draft-text", tag: "合同登记", summary: "按填写中的合同信息生成示范文本 PDF（卖方；与起草合同同样校验，不保存任何内容）", access: verified, handler: s.draftModelText, in: models.ContractInput{}, out: file("示范文本", "application/pdf"), errs: []*models.Error{models.ErrForbidden}},
		{method: "GET", path: "/api/v1/verify/:no", tag: "合同登记", summary: "公开查验登记证明：按登记编号返回证明所载内容与登记现状（已登记、已变更及变更后金额、已注销）", handler: s.verifyRegistration, limit: perMinute("verify", s.cfg.VerificationsPerMinute), out: models.Verification{}, errs: []*models.Error{models.ErrInvalidInput, models.ErrRegistrationNotFound}},
	}...)
	rs = append(rs, s.challengeRoutes()...)
	rs = append(rs, s.trustRoutes()...)
	rs = append(rs, s.interestRoutes()...)
	rs = append(rs, s.registryRoutes()...)
	rs = append(rs, s.reportRoutes()...)
	rs = append(rs, achievements.interestRoutes("科技成果", "成果")...)
	rs = append(rs, needs.interestRoutes("技术需求", "需求")...)
	rs = append(rs, achievements.trustRoutes("科技成果", "成果")...)
	rs = append(rs, needs.trustRoutes("技术需求", "需求")...)
	suppliers, demanders := []models.Role{models.RoleSupplier, models.RoleAdmin}, []models.Role{models.RoleDemander, models.RoleAdmin}
	rs = append(rs, achievements.attachmentRoutes("科技成果", "成果", suppliers)...)
	rs = append(rs, needs.attachmentRoutes("技术需求", "需求", demanders)...)
	rs = append(rs, achievements.routes("科技成果", "成果", suppliers)...)
	return append(rs, needs.routes("技术需求", "需求", demanders)...)
}

// openapiPath turns Fiber's /orgs/:id into OpenAPI's /orgs/{id}.
func openapiPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + strings.TrimPrefix(s, ":") + "}"
		}
	}
	return strings.Join(parts, "/")
}
