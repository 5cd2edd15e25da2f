// The home page as the public sees it: live figures, the latest achievements and needs, what is on in
// the halls (a live auction, a coming roadshow), a deal under public notice, an open challenge, the
// fields of industry with their counts (each a search), and the admins' 通知公告 and 政策法规, one of
// them written through the admin pages, its script removed by the server. On a desktop and a phone.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, loginViaUI, newUser, publishListing, registerContract, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
let market
/** When the test's auction starts (ms). */
let auctionStarts = 0

before(async () => {
  process.env.TM_LOGINS_PER_MINUTE = '200'
  // The home page shows an auction under way: no minimum announcement period (7 days by default).
  process.env.TM_AUCTION_NOTICE_DAYS = '0'
  market = await startMarket({ name: 'home' })
})

after(async () => {
  await market?.stop()
})

async function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.body))
  return res.body
}

function achievementBody(title, field = '新材料及其应用') {
  return {
    title,
    summary: `本成果《${title}》经过中试验证，工艺稳定，关键指标达到国内领先水平，可许可或转让。`,
    keywords: ['中试', '产业化'],
    field,
    region: '350102',
    coop_modes: ['转让'],
    contact_name: '陈老师',
    contact_phone: '0591-22866000',
    ip_type: '发明专利',
    maturity: 6,
    price_type: 'indicative',
    price_fen: 120_000_000,
  }
}

const inHours = (h) => new Date(Date.now() + h * 3600_000).toISOString()

/** A little of everything the home page shows, through the API. */
async function stockMarket() {
  const admin = await market.token(ADMIN.username, ADMIN.password)
  const supplier = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  const ent = await newUser(market, 'demander', 'enterprise', { name: '林晓红', region: '350181' })
  const broker = await newUser(market, 'broker', 'broker_firm', { name: '王经纪' })
  const sup = await market.token(supplier.username, supplier.password)
  const dem = await market.token(ent.username, ent.password)
  const brk = await market.token(broker.username, broker.password)

  const lot = await publishListing(market, 'achievements', sup, achievementBody('汽车玻璃低辐射镀膜连续化制备技术'))
  const shown = await publishListing(market, 'achievements', sup, achievementBody('钙钛矿太阳能电池组件封装工艺', '新能源与高效节能'))
  const noticed = await publishListing(market, 'achievements', sup, achievementBody('工业机器人视觉引导抓取系统', '先进制造'))
  await publishListing(market, 'needs', dem, {
    title: '寻求卫浴陶瓷釉面抗菌技术',
    summary: '企业需要一种耐久的陶瓷釉面抗菌工艺，抗菌率 99% 以上，可在现有窑炉上量产。',
    keywords: ['抗菌釉', '陶瓷'],
    field: '新材料及其应用',
    region: '350181',
    coop_modes: ['合作开发'],
    budget_min_fen: 50_000_000,
    budget_max_fen: 200_000_000,
    deadline: inHours(24 * 180),
    contact_name: '技术中心',
    contact_phone: '0591-22222222',
  })
  // An auction on now (it may only be created to start later: it starts in 3 s), and a roadshow tomorrow.
  auctionStarts = Date.now() + 3000
  await ok(
    await market.api('POST', '/auctions', {
      token: admin,
      body: {
        title: '高校科技成果专场拍卖会',
        description: '福州地区高校新材料成果专场。',
        starts_at: new Date(auctionStarts).toISOString(),
        ends_at: inHours(3),
        deposit_fen: 1_000_000,
        lots: [{ achievement_id: lot.id, start_price_fen: 1_000_000, increment_fen: 100_000, reserve_fen: 1_500_000 }],
      },
    }),
    201,
  )
  await ok(
    await market.api('POST', '/roadshows', {
      token: brk,
      body: {
        title: '新能源专场路演',
        description: '光伏与储能成果路演。',
        starts_at: inHours(24),
        ends_at: inHours(26),
        online: false,
        venue: '福州海峡国际会展中心 3 号馆',
        capacity: 80,
        achievement_ids: [shown.id],
      },
    }),
    201,
  )
  // A negotiated deal under public notice.
  await ok(await market.api('POST', '/notices', { token: sup, body: { achievement_id: noticed.id, buyer_org_id: ent.org.id, price_fen: 8_000_000 } }), 201)
  // An open challenge (揭榜挂帅).
  const ch = await ok(
    await market.api('POST', '/challenges', {
      token: dem,
      body: {
        title: '高端卫浴智能马桶节水冲刷技术攻关',
        problem: '现有智能马桶单次冲水量 4 升以上，需要一种 3 升以下仍能通过冲刷测试的水路方案。',
        goals: [{ indicator: '单次冲水量', target: '≤ 3.0 升' }],
        award_fen: 1_500_000_00,
        deadline: inHours(24 * 30),
        criteria: [
          { criterion: '技术先进性', weight: 60 },
          { criterion: '团队与进度', weight: 40 },
        ],
        keywords: ['节水', '智能马桶'],
        field: '先进制造',
        region: '350181',
      },
    }),
    201,
  )
  await ok(await market.api('POST', `/challenges/${ch.id}/publish`, { token: dem }))
  // A contract registered this year: the turnover figure.
  const reviewer = await newUser(market, 'reviewer', 'agency', { name: '登记员' })
  const rev = await market.token(reviewer.username, reviewer.password)
  const day = (d) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10)
  const contract = await ok(
    await market.api('POST', '/contracts', {
      token: sup,
      body: {
        title: '陶瓷釉面抗菌技术开发合同',
        type: 'development',
        subtype: '委托开发',
        subject: '开发可在现有窑炉量产的陶瓷釉面抗菌工艺并交付技术资料',
        field: '新材料及其应用',
        seller_party_type: '高等院校',
        seller_division: '350102',
        buyer_org_id: ent.org.id,
        buyer_name: ent.org.name,
        buyer_party_type: '有限责任公司',
        buyer_division: '350181',
        contract_amount_fen: 3_250_000_00,
        tech_amount_fen: 3_000_000_00,
        payment_terms: '分三期支付',
        signed_on: day(-3),
        valid_from: day(-3),
        valid_to: day(365),
        agency_id: reviewer.org.id,
        socio_economic_objective: '能源生产、分配和合理利用',
      },
    }),
    201,
  )
  await registerContract(market, contract.id, { seller: sup, buyer: dem, reviewer: rev })
  // A notice (通知公告) through the API; the policy is written on the admin pages below.
  const news = await ok(
    await market.api('POST', '/articles', {
      token: admin,
      body: { category: 'notice', title: '关于开展 2026 年度技术合同认定登记培训的通知', body: '<p>各有关单位：</p><p>定于 12 月 18 日举办培训。</p>' },
    }),
    201,
  )
  await ok(await market.api('POST', `/articles/${news.id}/publish`, { token: admin }))
  // A draft the public never sees.
  await ok(await market.api('POST', '/articles', { token: admin, body: { category: 'notice', title: '草稿：尚未定稿的通知', body: '<p>草稿</p>' } }), 201)
}

test('the admin writes a policy, and the public home page shows every block on a desktop and a phone', async () => {
  await stockMarket()

  await market.withPage('admin', {}, async (page) => {
    await loginViaUI(page, ADMIN.username, ADMIN.password)
    await page.goto(market.baseURL + '/admin/articles/new')
    await page.getByTestId('article-category-policy').click()
    await page.getByTestId('article-title-input').fill('福州市促进科技成果转化若干措施')
    await page
      .getByTestId('article-body-input')
      .fill('<h3>第一条</h3><p onclick="alert(1)">对技术合同登记成交额给予<strong>奖励</strong>。</p><script>alert(2)</script><a href="javascript:alert(3)">附件</a>')
    await page.getByTestId('article-save-publish').click()
    await page.getByTestId('article-status').filter({ hasText: '已发布' }).waitFor()
    const preview = await page.getByTestId('article-preview').innerHTML()
    assert.match(preview, /<strong>奖励<\/strong>/)
    assert.doesNotMatch(preview, /script|onclick|javascript:/)
    await market.shot(page, 'admin-article-saved')
    await page.goto(market.baseURL + '/admin/articles')
    await page.getByTestId('admin-articles').getByText('草稿：尚未定稿的通知').waitFor()
    await market.shot(page, 'admin-articles')
  })

  // The home page is looked at once the auction is on.
  await new Promise((r) => setTimeout(r, Math.max(0, auctionStarts - Date.now() + 500)))
  for (const [label, opts] of [
    ['desktop', { viewport: { width: 1366, height: 900 } }],
    ['phone', PHONE],
  ]) {
    await market.withPage(`home-${label}`, opts, async (page) => {
      await page.goto(market.baseURL + '/')
      await page.getByTestId('home-counters').waitFor()
      const text = async (id) => (await page.getByTestId(id).innerText()).replace(/\s+/g, ' ')
      assert.match(await text('home-counter-achievements'), /科技成果 3 ?项/)
      assert.match(await text('home-counter-needs'), /技术需求 1 ?项/)
      assert.match(await text('home-counter-turnover'), /登记成交额 325 ?万元 登记合同 1 项/)
      assert.match(await text('home-counter-deals'), /揭榜挂帅征集中 1 项/)
      assert.match(await text('home-achievements'), /钙钛矿太阳能电池组件封装工艺 参考价 120 万元/)
      assert.match(await text('home-needs'), /寻求卫浴陶瓷釉面抗菌技术 预算 50 万元 – 200 万元/)
      assert.match(await text('home-events'), /进行中 竞价拍卖 高校科技成果专场拍卖会/)
      assert.match(await text('home-events'), /即将开始 路演 新能源专场路演/)
      assert.match(await text('home-notices'), /公示中 工业机器人视觉引导抓取系统/)
      assert.match(await text('home-challenges'), /高端卫浴智能马桶节水冲刷技术攻关 榜额 150 万元/)
      assert.match(await text('home-fields'), /新材料及其应用 成果 1 · 需求 1/)
      assert.match(await text('home-news'), /技术合同认定登记培训/)
      assert.doesNotMatch(await text('home-news'), /草稿/)
      assert.match(await text('home-policies'), /福州市促进科技成果转化若干措施/)
      await market.shot(page, `home-${label}`)

      if (label === 'desktop') {
        // A field opens the search filtered by it.
        await page.getByTestId('home-field-先进制造').click()
        await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('field') === '先进制造')
        // An article opens on its own page, its body as the server kept it.
        await page.goto(market.baseURL + '/')
        await page.getByTestId('home-policies').getByText('福州市促进科技成果转化若干措施').click()
        await page.getByTestId('article-title').filter({ hasText: '福州市促进科技成果转化若干措施' }).waitFor()
        const body = await page.getByTestId('article-body').innerHTML()
        assert.match(body, /<h3>第一条<\/h3>/)
        assert.doesNotMatch(body, /script|onclick|javascript:/)
        await market.shot(page, 'article')
        await page.goto(market.baseURL + '/articles?category=notice')
        await page.getByTestId('article-list').getByText('关于开展 2026 年度技术合同认定登记培训的通知').waitFor()
        assert.doesNotMatch(await page.getByTestId('article-list').innerText(), /草稿/)
        await market.shot(page, 'articles-notice')
      }
    })
  }
})
