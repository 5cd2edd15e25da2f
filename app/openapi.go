package app

import (
	"regexp"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

type obj = map[string]any

func str(desc string) obj { return obj{"type": "string", "description": desc} }

// schemas describes the request bodies named by routes.
var schemas = obj{
	"Error": obj{"type": "object", "properties": obj{"error": obj{"type": "object", "required": []string{"code", "message"}, "properties": obj{
		"code": str("稳定的错误码"), "message": str("中文错误信息"), "fields": obj{"type": "object", "additionalProperties": obj{"type": "string"}},
	}}}},
	"Registration": obj{"type": "object", "required": []string{"username", "password", "name", "role", "org_name", "org_type", "region"}, "properties": obj{
		"username": str("3–32 位字母、数字、_.-"), "password": str("8–128 个字符（按字符计，不按字节）"), "name": str("姓名"),
		"role":     obj{"type": "string", "enum": []string{"supplier", "demander", "broker", "reviewer"}},
		"org_name": str("机构名称（新机构待认证）"),
		"org_type": obj{"type": "string", "enum": []string{"university", "institute", "enterprise", "agency", "broker_firm"}},
		"region":   str("六位行政区划代码"), "phone": str("电话"), "email": str("邮箱"),
	}},
	"Credentials":     obj{"type": "object", "required": []string{"username", "password"}, "properties": obj{"username": str("用户名"), "password": str("密码")}},
	"RefreshToken":    obj{"type": "object", "required": []string{"refresh_token"}, "properties": obj{"refresh_token": str("刷新令牌")}},
	"Profile":         obj{"type": "object", "properties": obj{"name": str("姓名"), "phone": str("电话"), "email": str("邮箱")}},
	"PasswordChange":  obj{"type": "object", "required": []string{"old_password", "new_password"}, "properties": obj{"old_password": str("原密码"), "new_password": str("新密码，8–128 个字符")}},
	"MembershipNote":  obj{"type": "object", "properties": obj{"note": str("说明（可选，告知成员）")}},
	"NotificationIDs": obj{"type": "object", "properties": obj{"ids": obj{"type": "array", "items": obj{"type": "integer"}}}},
	"achievements": listingSchema(obj{
		"discipline": str("学科"), "ip_type": obj{"type": "string", "enum": models.IPTypes},
		"patent_numbers": obj{"type": "array", "items": obj{"type": "string"}},
		"maturity":       obj{"type": "integer", "minimum": 0, "maximum": 9, "description": "技术成熟度 1–9，0 为未填写"},
		"price_type":     obj{"type": "string", "enum": []string{"negotiable", "indicative", "floor", "firm"}},
		"price_fen":      obj{"type": "integer", "minimum": 0, "description": "价格（分），面议为 0"},
		"valid_until":    obj{"type": "string", "format": "date-time"},
	}),
	"needs": listingSchema(obj{
		"budget_min_fen": obj{"type": "integer", "minimum": 0}, "budget_max_fen": obj{"type": "integer", "minimum": 0},
		"budget_negotiable": obj{"type": "boolean"}, "deadline": obj{"type": "string", "format": "date-time"},
	}),
	"MatchProposal": obj{"type": "object", "required": []string{"need_id", "achievement_id"}, "properties": obj{
		"need_id": obj{"type": "integer"}, "achievement_id": obj{"type": "integer"}, "note": str("备注"),
		"source": obj{"type": "string", "enum": []string{"recommendation", "manual", "roadshow"}}, "score": obj{"type": "number"},
		"reasons": obj{"type": "array", "items": obj{"type": "string"}},
	}},
	"MatchMove": obj{"type": "object", "required": []string{"status"}, "properties": obj{
		"status": obj{"type": "string", "enum": []string{"contacted", "negotiating", "agreed", "failed"}}, "note": str("进展说明"),
		"price_fen": obj{"type": "integer", "minimum": 0, "description": "达成时的成交价（分）"},
	}},
	"Note":        obj{"type": "object", "required": []string{"note"}, "properties": obj{"note": str("进展说明")}},
	"SavedSearch": obj{"type": "object", "required": []string{"name", "params"}, "properties": obj{"name": str("名称"), "params": obj{"type": "object", "description": "与 GET /api/v1/search 相同的参数：q、kind、field、region、ip_type、coop_mode、maturity_min、maturity_max、price_min_fen、price_max_fen", "additionalProperties": obj{"type": "string"}}}},
	"NewAuction": obj{"type": "object", "required": []string{"title", "starts_at", "ends_at", "lots"}, "properties": obj{
		"title": str("标题"), "description": str("说明"), "starts_at": obj{"type": "string", "format": "date-time"}, "ends_at": obj{"type": "string", "format": "date-time"},
		"anti_snipe_minutes": obj{"type": "integer", "minimum": 0, "maximum": 60, "default": 5}, "deposit_fen": obj{"type": "integer", "minimum": 0},
		"lots": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"achievement_id": obj{"type": "integer"}, "start_price_fen": obj{"type": "integer"}, "increment_fen": obj{"type": "integer"}, "reserve_fen": obj{"type": "integer"}}}},
	}},
	"Bid":            obj{"type": "object", "required": []string{"amount_fen", "client_key"}, "properties": obj{"amount_fen": obj{"type": "integer", "minimum": 1}, "client_key": str("客户端生成的唯一编号，重试时不变")}},
	"NewOffer":       obj{"type": "object", "required": []string{"achievement_id", "price_fen", "ends_at"}, "properties": obj{"achievement_id": obj{"type": "integer"}, "price_fen": obj{"type": "integer"}, "starts_at": obj{"type": "string", "format": "date-time"}, "ends_at": obj{"type": "string", "format": "date-time"}}},
	"NegotiatedDeal": obj{"type": "object", "properties": obj{"achievement_id": obj{"type": "integer"}, "buyer_org_id": obj{"type": "integer"}, "price_fen": obj{"type": "integer"}, "deal_id": obj{"type": "integer", "description": "撮合达成的成交编号（二选一）"}}},
	"Resolution":     obj{"type": "object", "required": []string{"resolution"}, "properties": obj{"uphold": obj{"type": "boolean"}, "resolution": str("处理意见")}},
	"NewRoadshow": obj{"type": "object", "required": []string{"title", "starts_at", "ends_at", "capacity", "achievement_ids"}, "properties": obj{
		"title": str("标题"), "description": str("说明"), "starts_at": obj{"type": "string", "format": "date-time"}, "ends_at": obj{"type": "string", "format": "date-time"},
		"online": obj{"type": "boolean"}, "venue": str("线下地点"), "link": str("线上链接"), "capacity": obj{"type": "integer", "minimum": 1},
		"achievement_ids": obj{"type": "array", "items": obj{"type": "integer"}},
	}},
	"Intent": obj{"type": "object", "required": []string{"achievement_id"}, "properties": obj{"achievement_id": obj{"type": "integer"}, "note": str("意向说明")}},
	"ContractInput": obj{"type": "object", "required": []string{"title", "type", "subtype", "subject", "field", "seller_party_type", "seller_division", "buyer_name", "buyer_party_type", "buyer_division", "contract_amount_fen", "tech_amount_fen", "payment_terms", "signed_on", "valid_from", "valid_to", "agency_id"}, "properties": obj{
		"deal_id": obj{"type": "integer", "description": "来自已确认成交时预填"}, "title": str("合同名称"),
		"type": obj{"type": "string", "enum": []string{"development", "transfer", "license", "consulting", "service"}}, "subtype": str("子类，如 委托开发、专利权转让"),
		"subject": str("标的"), "field": obj{"type": "string", "enum": models.Fields},
		"seller_party_type": obj{"type": "string", "enum": models.PartyTypes}, "seller_division": str("卖方所在地六位行政区划代码"),
		"buyer_org_id": obj{"type": "integer"}, "buyer_name": str("买方名称（市场外买方）"), "buyer_party_type": obj{"type": "string", "enum": models.PartyTypes}, "buyer_division": str("买方所在地"),
		"broker_org_id":       obj{"type": "integer", "description": "中介方（技术转移机构）"},
		"contract_amount_fen": obj{"type": "integer", "minimum": 1}, "tech_amount_fen": obj{"type": "integer", "minimum": 1, "description": "技术交易额，不高于合同金额"},
		"payment_terms": str("支付方式"), "signed_on": obj{"type": "string", "format": "date"}, "valid_from": obj{"type": "string", "format": "date"}, "valid_to": obj{"type": "string", "format": "date"},
		"agency_id": obj{"type": "integer", "description": "登记机构"},
	}},
	"Review": obj{"type": "object", "properties": obj{"grounds": obj{"type": "array", "items": obj{"type": "string", "enum": []string{"not_technology_contract", "unclear_terms", "approval_missing", "name_mismatch", "restrictive_clauses", "seal_problem", "proof_missing"}}}, "comment": str("审查意见")}},
	"TargetInput": obj{"type": "object", "required": []string{"year", "kind", "key"}, "properties": obj{
		"year": obj{"type": "integer"}, "kind": obj{"type": "string", "enum": []string{"district", "agency"}}, "key": str("六位行政区划代码或登记机构编号"),
		"name": str("名称"), "last_year_fen": obj{"type": "integer", "description": "上年登记技术交易额（分）"}, "gdp_share_percent": obj{"type": "number", "description": "上年成交额占 GDP 比重（%）"},
		"target_fen": obj{"type": "integer", "description": "正式目标（分）；0 表示采用规则测算值"}, "note": str("调整说明"),
	}},
	"IncentiveRule": obj{"type": "object", "required": []string{"name", "region_prefix", "side", "rate_bp"}, "properties": obj{
		"name": str("政策名称"), "region_prefix": str("适用地区代码前缀"), "side": obj{"type": "string", "enum": []string{"buyer", "seller"}},
		"rate_bp": obj{"type": "integer", "description": "技术交易额的比例（基点，5% = 500）"}, "cap_per_contract_fen": obj{"type": "integer"}, "cap_per_year_fen": obj{"type": "integer"},
	}},
	"AmendmentInput":  obj{"type": "object", "required": []string{"kind", "reason"}, "properties": obj{"kind": obj{"type": "string", "enum": []string{"change", "cancel"}}, "reason": str("原因"), "contract_amount_fen": obj{"type": "integer"}, "tech_amount_fen": obj{"type": "integer"}}},
	"AmendmentReview": obj{"type": "object", "properties": obj{"register": obj{"type": "boolean"}, "comment": str("审查意见")}},
	"Rejection":       obj{"type": "object", "required": []string{"reason"}, "properties": obj{"reason": str("驳回理由")}},
	"ChallengeInput": obj{"type": "object", "required": []string{"title", "problem", "goals", "award_fen", "deadline", "criteria", "field", "region"}, "properties": obj{
		"title": str("难题名称"), "problem": str("难题描述：背景、现有方案的不足、要解决的问题"),
		"goals":     obj{"type": "array", "items": obj{"type": "object", "properties": obj{"indicator": str("指标"), "target": str("目标值，如 ≥ 25%")}}},
		"award_fen": obj{"type": "integer", "minimum": 1, "description": "榜单金额（分），不超过上限（默认 200 万元）"},
		"deadline":  obj{"type": "string", "format": "date-time", "description": "方案征集截止时间"},
		"criteria":  obj{"type": "array", "description": "评审标准，权重之和为 100", "items": obj{"type": "object", "properties": obj{"criterion": str("标准"), "weight": obj{"type": "integer", "minimum": 1, "maximum": 100}}}},
		"keywords":  obj{"type": "array", "items": obj{"type": "string"}}, "field": obj{"type": "string", "enum": models.Fields}, "region": str("六位行政区划代码"),
	}},
	"ReviewerAssignment": obj{"type": "object", "required": []string{"user_id"}, "properties": obj{"user_id": obj{"type": "integer"}}},
	"ProposalInput":      obj{"type": "object", "required": []string{"title", "summary"}, "properties": obj{"title": str("方案名称"), "summary": str("方案内容：技术路线、指标承诺、进度与团队")}},
	"ScoreInput":         obj{"type": "object", "required": []string{"scores"}, "properties": obj{"scores": obj{"type": "array", "description": "按评审标准顺序，每项 0–100", "items": obj{"type": "integer", "minimum": 0, "maximum": 100}}, "comment": str("评审意见")}},
	"AwardInput":         obj{"type": "object", "properties": obj{"award_fen": obj{"type": "integer", "minimum": 0, "description": "奖励金额（分）；不填为榜单剩余金额"}}},
	"AccessInput": obj{"type": "object", "properties": obj{"message": str("申请说明"), "accepts_undertaking": obj{"type": "boolean"},
		"undertaking_text": str("所接受的保密承诺全文（须与发布方当前文本一致）")}},
	"PassInput": obj{"type": "object", "required": []string{"reasons"}, "properties": obj{
		"reasons":    obj{"type": "array", "items": obj{"type": "string", "enum": []string{"early_stage", "advantage_unclear", "route_unclear", "vague", "price", "other"}}},
		"other_text": str("选择 other 时必填")}},
	"Relist":         obj{"type": "object", "required": []string{"until"}, "properties": obj{"until": str("新的有效期或截止日期（2006-01-02）")}},
	"ReportDecision": obj{"type": "object", "properties": obj{"take_down": obj{"type": "boolean"}, "resolution": str("处理意见；下架时必填，将通知发布方")}},
	"FieldSuggestionRequest": obj{"type": "object", "properties": obj{"title": str("标题"), "summary": str("简介"),
		"keywords": obj{"type": "array", "items": obj{"type": "string"}}}},
}

// listingSchema is the shared part of achievements and needs plus the kind's own fields.
func listingSchema(own obj) obj {
	props := obj{
		"external_id": obj{"type": "string", "readOnly": true, "description": "外部编号：只由批量导入（techmarket import）设置，接口忽略请求中的值"}, "title": str("标题，4–200 字"), "summary": str("简介，10–20000 字"),
		"keywords": obj{"type": "array", "items": obj{"type": "string"}}, "field": obj{"type": "string", "enum": models.Fields},
		"region":       str("六位行政区划代码"),
		"coop_modes":   obj{"type": "array", "items": obj{"type": "string", "enum": models.CoopModes}},
		"contact_name": str("联系人"), "contact_phone": str("电话"), "contact_email": str("邮箱"),
		"confidential_detail":      str("保密详情：仅发布方、管理员和获准的用户可见；不填则不变"),
		"confidential_undertaking": str("申请查看前须接受的保密承诺；不填则不变"),
	}
	for k, v := range own {
		props[k] = v
	}
	return obj{"type": "object", "required": []string{"title", "summary", "region"}, "properties": props}
}

// Every amount of money the API takes is bounded (models.MaxFen); the
// schemas say so for each *_fen property, nested ones included.
func init() { boundMoney(schemas) }

func boundMoney(v any) {
	switch x := v.(type) {
	case obj:
		for k, e := range x {
			if p, ok := e.(obj); ok && strings.HasSuffix(k, "_fen") && p["type"] == "integer" {
				p["maximum"] = models.MaxFen
			}
			boundMoney(e)
		}
	case []obj:
		for _, e := range x {
			boundMoney(e)
		}
	}
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

func (s *Server) openapiDocument() obj {
	paths := obj{}
	for _, r := range s.routes() {
		p := openapiPath(r.path)
		op := obj{
			"tags":        []string{r.tag},
			"summary":     r.summary,
			"operationId": r.method + " " + p,
			"responses": obj{
				"200":     obj{"description": "成功"},
				"default": obj{"description": "错误", "content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Error"}}}},
			},
		}
		if r.access != public {
			op["security"] = []obj{{"bearer": []string{}}}
		}
		if r.limit != nil {
			op["responses"].(obj)["429"] = obj{"description": r.limit.describe(r.access != public),
				"content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Error"}}}}
		}
		var params []obj
		for _, m := range pathParam.FindAllStringSubmatch(p, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 1}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if r.body != "" {
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/" + r.body}}}}
		}
		item, _ := paths[p].(obj)
		if item == nil {
			item = obj{}
			paths[p] = item
		}
		item[lower(r.method)] = op
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "techmarket 网上技术市场 API",
			"version":     "1",
			"description": "错误统一为 {\"error\":{\"code\",\"message\",\"fields\"}}；列表为 {\"items\",\"total\",\"page\",\"size\"}，size ≤ 100；金额单位为分（*_fen），不超过 1 万亿元；含空字符（NUL）或无效 UTF-8 的请求得 422 invalid_text。",
		},
		"paths": paths,
		"components": obj{
			"schemas":         schemas,
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
	}
}

func lower(m string) string {
	b := []byte(m)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

var openapiOnce sync.Once
var openapiJSON obj

func (s *Server) openapi(c *fiber.Ctx) error {
	openapiOnce.Do(func() { openapiJSON = s.openapiDocument() })
	return c.JSON(openapiJSON)
}
