package models

import (
	"context"
	"time"
)

// loadDemoArticles publishes the home page's 通知公告 and 政策法规 as the
// science bureau's admin would write them, through the same functions the
// API calls, dated over the last weeks.
func (m *Market) loadDemoArticles(ctx context.Context, orgIDs map[string]int64, userIDs map[string]int64, now time.Time) error {
	admin := demoActor(demoCreator(userIDs, "福州市科学技术局"), RoleAdmin, orgIDs["福州市科学技术局"])
	articles := []struct {
		days int
		in   ArticleInput
	}{
		{2, ArticleInput{Category: ArticleNotice, Title: "关于开展技术合同认定登记业务培训的通知",
			Body: "<p>各有关单位：</p><p>为帮助高校、科研院所和企业准确理解技术合同认定登记的政策与流程，市科技局定于下月中旬举办技术合同认定登记业务培训，现将有关事项通知如下。</p>" +
				"<h3>一、培训内容</h3><ul><li>技术合同的类型与认定规则；</li><li>技术交易额的核定；</li><li>网上技术市场合同登记操作演示。</li></ul>" +
				"<h3>二、参加对象</h3><p>各高校、科研院所科技成果转化部门负责人，技术转移机构经纪人，重点企业技术负责人。</p>" +
				"<h3>三、报名方式</h3><p>请于培训前一周拨打页脚所列服务热线报名。</p>"}},
		{9, ArticleInput{Category: ArticleNotice, Title: "关于组织申报年度技术转移奖励的通知",
			Body: "<p>各有关单位：</p><p>根据本市促进技术转移的有关规定，现组织申报年度技术转移奖励。奖励对象为在本平台登记技术合同、技术交易额达到规定标准的卖方单位和技术转移机构。</p>" +
				"<table><tr><th>奖励对象</th><th>申报材料</th></tr><tr><td>技术合同卖方单位</td><td>技术合同登记证明、到账凭证</td></tr><tr><td>技术转移机构</td><td>居间服务协议、促成合同清单</td></tr></table>" +
				"<p>申报截止时间以平台公告为准。</p>"}},
		{16, ArticleInput{Category: ArticleNotice, Title: "新材料专场成果路演报名开始",
			Body: "<p>本期路演聚焦新材料及其应用领域，邀请高校院所现场发布可转化成果，企业可在“路演”栏目在线报名并登记合作意向，技术经纪人全程跟进对接。</p>"}},
		{5, ArticleInput{Category: ArticlePolicy, Title: "中华人民共和国促进科技成果转化法",
			Body: "<p>《中华人民共和国促进科技成果转化法》于 1996 年颁布，2015 年修正，是规范科技成果转化活动的基本法律。</p>" +
				"<p><strong>第一条</strong> 为了促进科技成果转化为现实生产力，规范科技成果转化活动，加速科学技术进步，推动经济建设和社会发展，制定本法。</p>" +
				"<p>全文见<a href=\"https://www.most.gov.cn/\">科学技术部网站</a>。</p>"}},
		{12, ArticleInput{Category: ArticlePolicy, Title: "技术合同认定登记管理办法",
			Body: "<p>《技术合同认定登记管理办法》由科学技术部、财政部、国家税务总局于 2000 年发布，规定了技术合同认定登记的机构、程序和享受税收优惠的条件。</p>" +
				"<ul><li>技术合同认定登记实行按地域一次登记制度；</li><li>登记机构应当在规定期限内完成认定登记，对不符合条件的合同不予登记并说明理由；</li><li>经认定登记的技术合同，当事人可以持认定登记证明享受国家有关优惠政策。</li></ul>"}},
		{20, ArticleInput{Category: ArticlePolicy, Title: "技术合同认定规则",
			Body: "<p>《技术合同认定规则》明确了技术开发、技术转让、技术咨询和技术服务合同的认定条件，以及技术交易额的核定方法。</p>" +
				"<p>技术交易额是指从技术合同成交总额中扣除购置设备、仪器、零部件、原材料等非技术性费用后的剩余金额。</p>"}},
	}
	for _, a := range articles {
		created, err := m.CreateArticle(ctx, admin, a.in)
		if err != nil {
			return err
		}
		if _, err := m.ActOnArticle(ctx, admin, created.ID, ArticlePublish); err != nil {
			return err
		}
		at := now.AddDate(0, 0, -a.days)
		if err := m.db.WithContext(ctx).Model(&Article{}).Where("id = ?", created.ID).
			Updates(map[string]any{"published_at": at, "created_at": at, "updated_at": at}).Error; err != nil {
			return err
		}
	}
	return nil
}
