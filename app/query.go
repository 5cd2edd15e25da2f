package app

import (
	"fmt"
	"reflect"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"techmarket/models"
)

// A route's query parameters are a struct that its table entry names
// (query: matchesQuery{}), tagged as models.ReadParams reads them. The route
// reads them before its handler runs, refusing bad values with a 422 that
// names each parameter; the handler takes them with queryOf, and the
// OpenAPI document lists them from the same struct. Handlers never read
// c.Query themselves (a test scans for it), so no parameter goes undeclared.

// queryKey holds a request's parameters among its locals.
type queryKey struct{}

// readQuery reads the parameters of the type of decl.
func readQuery(decl any) fiber.Handler {
	t := reflect.TypeOf(decl)
	return func(c *fiber.Ctx) error {
		v := reflect.New(t)
		// Copied: Fiber reuses the request's buffers once the handler returns.
		get := func(key string) string { return utils.CopyString(c.Query(key)) }
		if err := models.ReadParams(v.Interface(), get, enumValues); err != nil {
			return err
		}
		c.Locals(queryKey{}, v.Elem().Interface())
		return c.Next()
	}
}

// queryOf is the request's parameters, of the type its route declares.
func queryOf[Q any](c *fiber.Ctx) Q {
	q, ok := c.Locals(queryKey{}).(Q)
	if !ok {
		panic(fmt.Sprintf("%s %s: the route table declares no query of type %T", c.Method(), c.Route().Path, q))
	}
	return q
}

// enumValues are a typed string's values, from the table of the schemas.
func enumValues(t reflect.Type) []string { return enums[t] }

// yearQuery is ?year=: a calendar year, left out for the handler's own
// default (this year, or every year), which its route's summary states.
type yearQuery struct {
	Year int `query:"year" min:"2000" max:"2100" msg:"年份无效" doc:"年份（2000–2100）"`
}

// regionQuery is the ?region= of statistics: "" for the whole market or a
// region's code, which the models look up.
type regionQuery struct {
	Region string `query:"region" doc:"地区代码（行政区划代码或功能区代码），留空为全市场"`
}

func (q *regionQuery) CheckParams(fields map[string]string) {
	if q.Region != "" && !models.RegionCodeForm(q.Region) {
		fields["region"] = "未知的地区"
	}
}

// thisYear is the market's current year in Beijing.
func (s *Server) thisYear() int { return s.market.Now().In(shanghai).Year() }

// orThisYear is year, or this year when it was left out.
func (s *Server) orThisYear(year int) int {
	if year == 0 {
		return s.thisYear()
	}
	return year
}
