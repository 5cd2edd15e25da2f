package models

import "context"

// What the search index reads: the rows behind its documents, by id and in
// batches of published ones. The index reads the market and never writes it.

// AchievementsByID reads achievements, whatever their status.
func (m *Market) AchievementsByID(ctx context.Context, ids []int64) ([]Achievement, error) {
	return byID[Achievement](ctx, m, ids)
}

// NeedsByID reads needs, whatever their status.
func (m *Market) NeedsByID(ctx context.Context, ids []int64) ([]Need, error) {
	return byID[Need](ctx, m, ids)
}

// ChallengesByID reads challenges, whatever their status.
func (m *Market) ChallengesByID(ctx context.Context, ids []int64) ([]Challenge, error) {
	return byID[Challenge](ctx, m, ids)
}

// OrgsByID reads the id, name and status of organisations.
func (m *Market) OrgsByID(ctx context.Context, ids []int64) ([]Organization, error) {
	var orgs []Organization
	err := m.db.WithContext(ctx).Select("id", "name", "status").Where("id IN ?", ids).Find(&orgs).Error
	return orgs, err
}

func byID[T any](ctx context.Context, m *Market, ids []int64) ([]T, error) {
	var rows []T
	if len(ids) == 0 {
		return rows, nil
	}
	err := m.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error
	return rows, err
}

// PublishedIDs are the ids after after of the published rows of model
// (&Achievement{}, &Need{} or &Challenge{}), at most limit, ascending.
func (m *Market) PublishedIDs(ctx context.Context, model any, after int64, limit int) ([]int64, error) {
	var ids []int64
	err := m.db.WithContext(ctx).Model(model).Where("status = ? AND id > ?", StatusPublished, after).Order("id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}

// CountPublished counts the published rows of model.
func (m *Market) CountPublished(ctx context.Context, model any) (int64, error) {
	var n int64
	err := m.db.WithContext(ctx).Model(model).Where("status = ?", StatusPublished).Count(&n).Error
	return n, err
}
