package app

import (
	"context"

	"techmarket/models"
)

type reportsQuery struct {
	models.Page
	Status string `query:"status" enum:"open,dismissed,taken_down,all" default:"open" label:"状态" doc:"状态：待处理（默认）、已驳回、已下架或全部"`
}

func (s *Server) listReports(ctx context.Context, a models.Actor, q reportsQuery) ([]models.ListingReport, int64, error) {
	status := q.Status
	if status == "all" {
		status = ""
	}
	return s.market.ListReports(ctx, a, status, q.Page)
}
