// The demo as a science bureau first sees it: `techmarket demo` fills every hall, and the pages show a market in
// use — a live auction counting down with its bids, an announced one and results; open 挂牌 offers; roadshows past
// and upcoming; deals under public notice, one objected to; the agency's review queue with its deadlines; and a
// party's registered contracts with their text and timeline.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { loginViaUI, startMarket } from './harness.mjs'

const PASSWORD = 'Demo-2026'
let market

before(async () => {
  market = await startMarket({ name: 'demo', admin: false })
  await market.cli(['demo'])
})

after(async () => {
  await market?.stop()
})

test('every hall of a fresh demo is in use', async () => {
  const auctions = await market.api('GET', '/auctions?phase=live')
  assert.ok(auctions.body.items.length > 0, 'no live auction')
  await market.withPage('public', {}, async (page) => {
    await page.goto('/auctions')
    await page.getByText('海峡两岸科技成果竞价交易会').first().waitFor()
    await market.shot(page, 'auction-hall')
    await page.goto(`/auctions/${auctions.body.items[0].id}`)
    await page.getByText('海峡两岸科技成果竞价交易会').first().waitFor()
    await market.shot(page, 'live-auction')
    const ended = await market.api('GET', '/auctions?phase=ended')
    assert.ok(ended.body.items.length >= 2, 'no ended auctions')
    await page.goto(`/auctions/${ended.body.items[0].id}`)
    await page.getByText(ended.body.items[0].title).first().waitFor()
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'ended-auction')
    await page.goto('/offers')
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'offers')
    await page.goto('/roadshows')
    await page.getByText('新材料与绿色制造成果路演会').first().waitFor()
    await market.shot(page, 'roadshows')
    await page.getByText('新材料与绿色制造成果路演会').first().click()
    await page.waitForURL(/\/roadshows\/\d+/)
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'upcoming-roadshow')
    await page.goto('/notices')
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'notices')
  })
  await market.withPage('phone', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
    await page.goto('/auctions')
    await page.getByText('海峡两岸科技成果竞价交易会').first().waitFor()
    await market.shot(page, 'auction-hall-phone')
  })
})

test('the agency reviewer sees a queue with deadlines, a party its registered contracts', async () => {
  await market.withPage('reviewer', {}, async (page) => {
    await loginViaUI(page, 'reviewer', PASSWORD)
    await page.goto('/review')
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'review-queue')
    // The contract of 500 万元 or more that 王复核 approved waits for 陈审核's second review.
    const token = await market.token('reviewer', PASSWORD)
    const queue = await market.api('GET', '/contracts?status=submitted', { token })
    const large = queue.body.items.find((c) => c.tech_amount_fen >= 500_000_000 && c.first_approval_by)
    assert.ok(large, 'no large contract awaiting its second review')
    assert.ok(large.actions.includes('register'), `the second reviewer cannot register: ${large.actions}`)
    await page.goto(`/contracts/${large.id}`)
    await page.getByText(large.title).first().waitFor()
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'second-review')
  })
  await market.withPage('fzu', {}, async (page) => {
    await loginViaUI(page, 'fzu', PASSWORD)
    await page.goto('/contracts')
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'my-contracts')
    const token = await market.token('fzu', PASSWORD)
    const list = await market.api('GET', '/contracts?status=registered', { token })
    const c = list.body.items[0]
    assert.ok(c.seller_confirmed_at && c.buyer_confirmed_at && c.file_name, 'a registered contract without confirmations or text')
    await page.goto(`/contracts/${c.id}`)
    await page.getByText(c.title).first().waitFor()
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'registered-contract')
  })
  await market.withPage('admin', {}, async (page) => {
    await loginViaUI(page, 'admin', PASSWORD)
    const token = await market.token('admin', PASSWORD)
    const notices = await market.api('GET', '/notices?status=open', { token })
    let objected = null
    for (const n of notices.body.items) {
      const full = await market.api('GET', `/notices/${n.id}`, { token })
      if (full.body.objections?.length) objected = n
    }
    assert.ok(objected, 'no notice with an objection')
    await page.goto(`/notices/${objected.id}`)
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'notice-objection')
    await page.goto('/my/matches')
    await page.waitForLoadState('networkidle')
  })
  await market.withPage('broker', {}, async (page) => {
    await loginViaUI(page, 'broker', PASSWORD)
    await page.goto('/my/matches')
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'broker-matches')
  })
})
