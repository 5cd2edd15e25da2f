package app

import (
	"regexp"
	"sync"

	"github.com/gofiber/fiber/v2"
)

type obj = map[string]any

func str(desc string) obj { return obj{"type": "string", "description": desc} }

// schemas describes the request bodies named by routes.
var schemas = obj{
	"Error": obj{"type": "object", "properties": obj{"error": obj{"type": "object", "required": []string{"code", "message"}, "properties": obj{
		"code": str("稳定的错误码"), "message": str("中文错误信息"), "fields": obj{"type": "object", "additionalProperties": obj{"type": "string"}},
	}}}},
	"Registration": obj{"type": "object", "required": []string{"username", "password", "name", "role", "org_name", "org_type", "region"}, "properties": obj{
		"username": str("3–32 位字母、数字、_.-"), "password": str("8–72 字节"), "name": str("姓名"),
		"role":     obj{"type": "string", "enum": []string{"supplier", "demander", "broker", "reviewer"}},
		"org_name": str("机构名称（新机构待认证）"),
		"org_type": obj{"type": "string", "enum": []string{"university", "institute", "enterprise", "agency", "broker_firm"}},
		"region":   str("六位行政区划代码"), "phone": str("电话"), "email": str("邮箱"),
	}},
	"Credentials":    obj{"type": "object", "required": []string{"username", "password"}, "properties": obj{"username": str("用户名"), "password": str("密码")}},
	"RefreshToken":   obj{"type": "object", "required": []string{"refresh_token"}, "properties": obj{"refresh_token": str("刷新令牌")}},
	"Profile":        obj{"type": "object", "properties": obj{"name": str("姓名"), "phone": str("电话"), "email": str("邮箱")}},
	"PasswordChange": obj{"type": "object", "required": []string{"old_password", "new_password"}, "properties": obj{"old_password": str("原密码"), "new_password": str("新密码")}},
	"Rejection":      obj{"type": "object", "required": []string{"reason"}, "properties": obj{"reason": str("驳回理由")}},
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
			"description": "错误统一为 {\"error\":{\"code\",\"message\",\"fields\"}}；列表为 {\"items\",\"total\",\"page\",\"size\"}，size ≤ 100；金额单位为分（*_fen）。",
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
