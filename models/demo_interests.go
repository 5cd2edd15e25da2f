package models

import (
	"context"
	"fmt"
)

// loadDemoInterests has the demo enterprises star and say 我有意向 on
// achievements of their own industry, and a university on an enterprise's
// need, through the functions the API calls: the owners get notified, and
// the broker's workbench has open leads and one it followed up.
func (m *Market) loadDemoInterests(ctx context.Context, orgIDs map[string]int64, userIDs map[string]int64) error {
	db := m.db.WithContext(ctx)
	actor := func(org string, role Role) Actor { return demoActor(demoCreator(userIDs, org), role, orgIDs[org]) }
	type want struct {
		org     string
		role    Role
		kind    string
		fields  []string
		message string
	}
	wants := []want{
		{"福耀玻璃工业集团股份有限公司", RoleDemander, "achievement", []string{"新材料及其应用", "先进制造"},
			"拟用于汽车玻璃产线的工艺改进。希望了解技术成熟度、中试数据与许可方式，可安排技术中心团队到校交流。"},
		{"正泰电器股份有限公司", RoleDemander, "achievement", []string{"新能源与高效节能", "电子信息"},
			"我司低压电器与光伏逆变器业务对此方向有需求，希望洽谈合作开发，请提供样品测试条件。"},
		{"九牧厨卫股份有限公司", RoleDemander, "achievement", []string{"环境保护与资源综合利用", "新材料及其应用"},
			"可用于卫浴陶瓷与节水产品，希望先签保密协议了解技术细节，再商谈转让或独占许可。"},
		{"福州大学", RoleSupplier, "need", nil,
			"我校材料学院团队在该方向有多年积累和授权专利，可承担联合开发，欢迎来校考察。"},
	}
	// Only listings of organisations with a demo login, so that whoever
	// tries the demo as their owner finds the interest and the notification.
	var owners []int64
	for _, u := range demoUsers {
		if u.role == RoleSupplier || u.role == RoleDemander {
			owners = append(owners, orgIDs[u.org])
		}
	}
	var leads []int64
	chosen := []int64{0}
	for _, w := range wants {
		a := actor(w.org, w.role)
		var id int64
		q := db.Table(listingTable(w.kind)).Where("status = ? AND org_id <> ? AND org_id IN ? AND id NOT IN ?", StatusPublished, orgIDs[w.org], owners, chosen)
		if len(w.fields) > 0 {
			q = q.Where("field IN ?", w.fields)
		}
		if err := q.Order("id DESC").Limit(1).Pluck("id", &id).Error; err != nil {
			return err
		}
		if id == 0 {
			continue
		}
		if w.kind == "achievement" {
			chosen = append(chosen, id)
		}
		in := InterestInput{Message: w.message}
		var it *Interest
		var err error
		if w.kind == "need" {
			_, err = m.Needs().Favourite(ctx, a, id)
			if err == nil {
				it, err = m.Needs().ExpressInterest(ctx, a, id, in)
			}
		} else {
			_, err = m.Achievements().Favourite(ctx, a, id)
			if err == nil {
				it, err = m.Achievements().ExpressInterest(ctx, a, id, in)
			}
		}
		if err != nil {
			return fmt.Errorf("%s on %s %d: %w", w.org, w.kind, id, err)
		}
		leads = append(leads, it.ID)
	}
	if len(leads) > 0 {
		broker := actor("福建海峡技术转移中心", RoleBroker)
		if _, err := m.FollowUpLead(ctx, broker, leads[0], LeadFollowUpInput{Note: "已电话联系意向方技术中心，约定下周到校交流，届时视需要推荐对接。"}); err != nil {
			return fmt.Errorf("follow up: %w", err)
		}
	}
	return nil
}
