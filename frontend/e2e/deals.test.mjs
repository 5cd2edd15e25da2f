// 交易大厅's finer points, against the real binary (see harness.mjs): an enterprise waiting on
// its deposit sees its admission arrive live (no reload, no polling) and bids at once, its bid listed
// with the bid's own time; a supplier withdraws (撤牌) an open listing trade, which then shows under
// 已撤牌 and cannot be taken; a deal in 我的成交 carries what was sold; a roadshow page opened afresh
// knows the enterprise has registered.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, apiResponse, loginViaUI, newUser, publishListing, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
let market
let supplier, ent
const tokens = {}

async function tokenOf(user) {
  tokens[user.username] ??= await market.token(user.username, user.password)
  return tokens[user.username]
}

function achievementBody(title) {
  return {
    title,
    summary: `本成果《${title}》经过中试验证，工艺稳定，关键指标达到国内领先水平，可许可或转让。`,
    keywords: ['中试', '产业化'],
    field: '新材料及其应用',
    region: '350102',
    coop_modes: ['转让'],
    contact_name: '陈老师',
    contact_phone: '0591-22866000',
    contact_email: 'chen@example.edu.cn',
    ip_type: '发明专利',
    maturity: 6,
    price_type: 'negotiable',
    price_fen: 0,
  }
}

async function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.body))
  return res.body
}

before(async () => {
  process.env.TM_LOGINS_PER_MINUTE = '200'
  // These auctions start now: no minimum announcement period (7 days by default).
  process.env.TM_AUCTION_NOTICE_DAYS = '0'
  market = await startMarket({ name: 'deal-desk' })
  supplier = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  ent = await newUser(market, 'demander', 'enterprise', { name: '林晓红' })
})

after(async () => {
  await market?.stop()
})

test('an admission arrives live and the admitted enterprise bids at once', async () => {
  const page = await market.newPage()
  try {
    const admin = await market.token(ADMIN.username, ADMIN.password)
    const ach = await publishListing(market, 'achievements', await tokenOf(supplier), achievementBody('海水淡化反渗透膜制备技术'))
    const auction = await ok(
      await market.api('POST', '/auctions', {
        token: admin,
        body: {
          title: '海洋技术成果竞价会',
          starts_at: new Date(Date.now() - 60_000).toISOString(),
          ends_at: new Date(Date.now() + 3600_000).toISOString(),
          deposit_fen: 1_000_000,
          lots: [{ achievement_id: ach.id, start_price_fen: 10_000_000, increment_fen: 1_000_000, reserve_fen: 0 }],
        },
      }),
      201,
    )
    const lot = auction.lots[0]
    await loginViaUI(page, ent.username, ent.password)
    await page.goto(`/auctions/${auction.id}`)
    await page.getByTestId('live-state').getByText('实时更新中').waitFor()
    await page.getByTestId('auction-apply').click()
    await page.getByTestId('admission-state').getByText('待确认保证金').waitFor()
    const applied = await ok(await market.api('GET', `/auctions/${auction.id}/admissions`, { token: admin }))

    // The admin confirms the deposit elsewhere; the enterprise's page hears it within seconds.
    await ok(await market.api('POST', `/admissions/${applied.items[0].id}/admit`, { token: admin }))
    await page.getByTestId('admission-state').getByText('已获准竞买').waitFor({ timeout: 5000 })
    const card = page.getByTestId(`lot-${lot.id}`)
    await card.getByTestId('bid-box').waitFor({ timeout: 5000 })
    const placed = apiResponse(page, 'POST', `/api/v1/lots/${lot.id}/bids`)
    await card.getByTestId('bid-submit').click()
    await page.locator('.el-message-box').getByRole('button', { name: '确认出价' }).click()
    const res = await placed
    assert.equal(res.status(), 201, await res.text())
    const bid = (await res.json()).bid
    // The history shows the bid's own time (Beijing), as the server recorded it.
    const clock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(bid.created_at))
    await card.getByTestId('bid-row').first().getByText(clock).waitFor()
    await card.getByTestId('lot-leader').getByText('您领先').waitFor()
    await market.shot(page, 'admitted-and-bid')
  } catch (e) {
    await market.shot(page, 'auction-FAILED').catch(() => {})
    throw e
  }
})

test('a supplier withdraws an open listing trade; a taken one shows its title in 我的成交', async () => {
  const sup = await market.newPage()
  const buyer = await market.newPage(PHONE)
  try {
    const token = await tokenOf(supplier)
    const ends = new Date(Date.now() + 7 * 86400_000).toISOString()
    const first = await publishListing(market, 'achievements', token, achievementBody('锂电池正极材料回收再生技术'))
    const second = await publishListing(market, 'achievements', token, achievementBody('高导热石墨烯膜连续化制备技术'))
    const withdrawn = await ok(await market.api('POST', '/offers', { token, body: { achievement_id: first.id, price_fen: 50_000_000, ends_at: ends } }), 201)
    const taken = await ok(await market.api('POST', '/offers', { token, body: { achievement_id: second.id, price_fen: 80_000_000, ends_at: ends } }), 201)
    await ok(await market.api('POST', `/offers/${taken.id}/accept`, { token: await tokenOf(ent) }))

    await loginViaUI(sup, supplier.username, supplier.password)
    await sup.goto('/offers')
    const row = sup.getByTestId('offer-row').filter({ hasText: '锂电池正极材料回收再生技术' })
    const res = apiResponse(sup, 'POST', `/api/v1/offers/${withdrawn.id}/withdraw`)
    await row.getByTestId('offer-withdraw').click()
    const box = sup.locator('.el-message-box')
    await box.getByRole('button', { name: '撤牌' }).click()
    assert.equal((await res).status(), 200)
    await sup.getByTestId('offer-row').filter({ hasText: '锂电池正极材料回收再生技术' }).waitFor({ state: 'detached' })
    await sup.goto('/offers?status=withdrawn')
    await sup.getByTestId('offer-row').filter({ hasText: '锂电池正极材料回收再生技术' }).getByTestId('offer-row-status').getByText('已撤牌').waitFor()
    await market.shot(sup, 'offer-withdrawn')
    // The enterprise can no longer take it.
    const late = await market.api('POST', `/offers/${withdrawn.id}/accept`, { token: await tokenOf(ent) })
    assert.equal(late.status, 409)

    await loginViaUI(buyer, ent.username, ent.password)
    await buyer.goto('/my/deals')
    await buyer.getByTestId('deal-row-title').getByText('高导热石墨烯膜连续化制备技术').waitFor()
    await market.shot(buyer, 'my-deals-phone')
  } catch (e) {
    await market.shot(sup, 'offers-FAILED').catch(() => {})
    await market.shot(buyer, 'deals-FAILED').catch(() => {})
    throw e
  }
})

test('a roadshow page opened afresh knows the enterprise registered', async () => {
  const page = await market.newPage()
  try {
    const admin = await market.token(ADMIN.username, ADMIN.password)
    const ach = await publishListing(market, 'achievements', await tokenOf(supplier), achievementBody('海洋生物活性物质提取技术'))
    const show = await ok(
      await market.api('POST', '/roadshows', {
        token: admin,
        body: {
          title: '海洋经济专场路演',
          starts_at: new Date(Date.now() + 2 * 86400_000).toISOString(),
          ends_at: new Date(Date.now() + 2 * 86400_000 + 7200_000).toISOString(),
          online: false,
          venue: '福州海峡会展中心',
          capacity: 20,
          achievement_ids: [ach.id],
        },
      }),
      201,
    )
    await ok(await market.api('POST', `/roadshows/${show.id}/register`, { token: await tokenOf(ent) }), 201)
    await loginViaUI(page, ent.username, ent.password)
    await page.goto(`/roadshows/${show.id}`)
    await page.getByTestId('roadshow-registered').waitFor()
    assert.equal(await page.getByTestId('roadshow-register').count(), 0, 'no second registration offered')
    await market.shot(page, 'roadshow-registered')
  } catch (e) {
    await market.shot(page, 'roadshow-FAILED').catch(() => {})
    throw e
  }
})
