package models

import (
	"context"
	"fmt"
	"time"
)

// loadDemoChallenges publishes a few challenges (揭榜挂帅) through the same
// functions the API calls, with proposals, a reviewer's scores and, for one
// whose call has ended, an award and its noticed deal.
func (m *Market) loadDemoChallenges(ctx context.Context, orgIDs map[string]int64, userIDs map[string]int64, now time.Time) error {
	db := m.db.WithContext(ctx)
	actor := func(org string, role Role) Actor {
		return demoActor(demoCreator(userIDs, org), role, orgIDs[org])
	}
	type demoProposal struct{ org, title, summary string }
	type demoChallenge struct {
		org      string
		role     Role
		in       ChallengeInput
		days     int
		ended    bool
		proposes []demoProposal
	}
	criteria := Criteria{{"技术先进性与可行性", 40}, {"指标承诺与验证方案", 35}, {"团队能力与进度安排", 25}}
	cs := []demoChallenge{
		{org: "福耀玻璃工业集团股份有限公司", role: RoleDemander, days: 30, in: ChallengeInput{
			Title:    "汽车抬头显示（HUD）前挡玻璃楔形 PVB 膜重影消除技术",
			Problem:  "增强现实抬头显示需要前挡玻璃夹层中的 PVB 膜呈楔形，以消除虚像重影。现有进口楔形膜价格高、供货周期长，自制膜楔角一致性差，量产良率不足 80%。征集楔形膜挤出成型及在线测控的整体解决方案。",
			Goals:    Goals{{"楔角控制精度", "±0.02 mrad"}, {"重影距离", "≤ 1 弧分"}, {"量产良率", "≥ 95%"}},
			AwardFen: 180_0000_00, Criteria: criteria, Keywords: []string{"抬头显示", "PVB", "楔形膜", "挤出成型"}, Field: "先进制造", Region: "350181"},
			proposes: []demoProposal{
				{"福州大学", "基于多层共挤与在线激光测厚的楔形 PVB 膜成型方案", "采用多层共挤模头与分区温控实现厚度梯度，配合在线激光测厚闭环调节，小试楔角偏差 ±0.015 mrad，计划 12 个月完成中试线。"},
				{"中国科学院福建物质结构研究所", "光学干涉在线检测驱动的楔形膜精密成型方案", "以白光干涉在线检测楔角分布，结合模唇热膨胀螺栓自动调节，已在 1.2 米幅宽样机验证重影距离 0.8 弧分。"},
			}},
		{org: "正泰电器股份有限公司", role: RoleDemander, days: 45, in: ChallengeInput{
			Title:    "光伏逆变器碳化硅功率模块高效散热与可靠性提升",
			Problem:  "组串式光伏逆变器功率密度提升后，碳化硅 MOSFET 模块结温偏高，功率循环寿命不足。征集低热阻封装与散热结构方案，要求可与现有产线兼容。",
			Goals:    Goals{{"模块结壳热阻", "≤ 0.12 K/W"}, {"功率循环寿命（ΔTj=100K）", "≥ 10 万次"}, {"散热器体积", "较现方案减少 20%"}},
			AwardFen: 150_0000_00, Criteria: criteria, Keywords: []string{"碳化硅", "功率模块", "散热", "光伏逆变器"}, Field: "新能源与高效节能", Region: "330382"},
			proposes: []demoProposal{
				{"华侨大学", "银烧结双面散热碳化硅模块封装方案", "采用纳米银烧结与双面冷却结构，仿真结壳热阻 0.1 K/W，配套铜针翅液冷板，已完成样品功率循环 5 万次无失效。"},
			}},
		{org: "福州市科学技术局", role: RoleAdmin, days: 20, in: ChallengeInput{
			Title:    "闽江口水质多参数在线监测浮标低功耗长续航技术",
			Problem:  "闽江口水质自动监测浮标受生物附着和供电限制，数据缺失率高。面向全市征集低功耗、防生物附着的多参数在线监测方案，成果将在闽江口示范应用。",
			Goals:    Goals{{"连续无人值守运行", "≥ 90 天"}, {"数据有效率", "≥ 95%"}, {"监测参数", "氨氮、总磷、溶解氧、浊度等不少于 6 项"}},
			AwardFen: 100_0000_00, Criteria: Criteria{{"技术方案", 50}, {"示范应用条件", 30}, {"经费与进度", 20}}, Keywords: []string{"水质监测", "浮标", "低功耗", "防污"}, Field: "环境保护与资源综合利用", Region: "350100"}},
		{org: "九牧厨卫股份有限公司", role: RoleDemander, days: 10, ended: true, in: ChallengeInput{
			Title:    "卫生陶瓷釉面长效抗菌与易洁技术",
			Problem:  "卫生陶瓷釉面抗菌剂经高温烧成后活性下降，使用一年后抗菌率明显衰减。征集烧成温度 1200℃ 以上仍保持长效抗菌、易洁性能的釉料配方与工艺。",
			Goals:    Goals{{"抗菌率（大肠杆菌、金黄色葡萄球菌）", "≥ 99%"}, {"耐久性（模拟使用 5 年后抗菌率）", "≥ 95%"}, {"釉面吸水率", "≤ 0.5%"}},
			AwardFen: 80_0000_00, Criteria: criteria, Keywords: []string{"卫生陶瓷", "抗菌釉", "易洁"}, Field: "新材料及其应用", Region: "350505"},
			proposes: []demoProposal{
				{"福建农林大学", "稀土掺杂磷酸盐载银抗菌釉料方案", "以稀土掺杂磷酸锆为载体固定银离子，1230℃ 烧成后抗菌率 99.6%，加速老化等效 5 年后 97%，已完成中试 2 吨。"},
				{"温州大学", "光催化二氧化钛复合易洁釉面方案", "在釉面引入掺氮二氧化钛纳米层，可见光下抗菌率 99.2%，水接触角小于 10°，易洁性好，需进一步验证高温稳定性。"},
			}},
	}
	for _, dc := range cs {
		deadline := now.AddDate(0, 0, dc.days)
		dc.in.Deadline = &deadline
		owner := actor(dc.org, dc.role)
		c, err := m.CreateChallenge(ctx, owner, dc.in)
		if err != nil {
			return fmt.Errorf("challenge %s: %w", dc.in.Title, err)
		}
		if _, err := m.PublishChallenge(ctx, owner, c.ID); err != nil {
			return err
		}
		var ids []int64
		for _, p := range dc.proposes {
			out, err := m.SubmitProposal(ctx, actor(p.org, RoleSupplier), c.ID, ProposalInput{Title: p.title, Summary: p.summary})
			if err != nil {
				return fmt.Errorf("proposal %s: %w", p.title, err)
			}
			ids = append(ids, out.ID)
		}
		if _, err := m.AssignReviewer(ctx, owner, c.ID, userIDs["福建海峡技术转移中心"]); err != nil {
			return err
		}
		if !dc.ended {
			continue
		}
		// The call ended yesterday: the broker scored both and the challenger awarded the better one.
		ended := now.AddDate(0, 0, -1)
		if err := db.Model(&Challenge{}).Where("id = ?", c.ID).Updates(map[string]any{"deadline": ended, "published_at": ended.AddDate(0, 0, -30)}).Error; err != nil {
			return err
		}
		if _, err := m.CloseDueChallenges(ctx, now); err != nil {
			return err
		}
		broker := actor("福建海峡技术转移中心", RoleBroker)
		for i, id := range ids {
			scores := Scores{92, 90, 85}
			if i > 0 {
				scores = Scores{80, 70, 82}
			}
			if _, err := m.ScoreProposal(ctx, broker, id, ScoreInput{Scores: scores, Comment: "指标承诺清晰，已有中试数据支撑。"}); err != nil {
				return err
			}
		}
		if _, _, err := m.AwardProposal(ctx, owner, ids[0], AwardInput{AwardFen: dc.in.AwardFen}); err != nil {
			return err
		}
	}
	return nil
}
