// 挂牌期 (listing period) against the real binary (see harness.mjs): a university lists an achievement
// for a period on its page; three enterprises register interest (one through the page, on a phone);
// the university sees who registered; when the period ends the scheduler opens an auction among
// exactly those three: a registered enterprise bids from the page, a fourth cannot apply or bid.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { apiResponse, fillNumber, loginViaUI, newUser, publishListing, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const execFileP = promisify(execFile)
let market
let supplier
const buyers = []
const tokens = {}

async function tokenOf(user) {
  tokens[user.username] ??= await market.token(user.username, user.password)
  return tokens[user.username]
}

async function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.body))
  return res.body
}

before(async () => {
  process.env.TM_LOGINS_PER_MINUTE = '200'
  market = await startMarket({ name: 'period' })
  supplier = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  for (let i = 0; i < 4; i++) buyers.push(await newUser(market, 'demander', 'enterprise', { name: `意向企业${i}` }))
})

after(async () => {
  await market?.stop()
})

test('a listing period with three registered enterprises ends in an auction among exactly them', async () => {
  const sup = await market.newPage()
  const ent = await market.newPage(PHONE)
  try {
    const ach = await publishListing(market, 'achievements', await tokenOf(supplier), {
      title: '高性能钠离子电池负极材料制备技术',
      summary: '本成果经过中试验证，硬碳负极首效达到百分之九十以上，工艺稳定，可转让或许可。',
      keywords: ['钠离子电池', '硬碳'],
      field: '新能源与高效节能',
      region: '350102',
      coop_modes: ['转让'],
      contact_name: '陈老师',
      contact_phone: '0591-22866000',
      contact_email: 'chen@example.edu.cn',
      ip_type: '发明专利',
      maturity: 6,
      price_type: 'negotiable',
      price_fen: 0,
    })

    // The university lists it for a period of 20 working days at 80 万元 on the achievement's page.
    await loginViaUI(sup, supplier.username, supplier.password)
    await sup.goto(`/achievements/${ach.id}`)
    await sup.getByTestId('offer-open').click()
    const dialog = sup.getByTestId('offer-dialog')
    await dialog.getByTestId('offer-mode-period').click()
    await fillNumber(dialog, 'offer-price', '80')
    const created = apiResponse(sup, 'POST', '/api/v1/offers')
    await sup.getByTestId('offer-submit').click()
    const res = await created
    assert.equal(res.status(), 201, await res.text())
    const offer = await res.json()
    assert.equal(offer.mode, 'period')
    assert.equal(offer.period_days, 20)
    await sup.waitForURL(/\/offers/)
    await sup.getByTestId('offer-row').filter({ hasText: '高性能钠离子电池负极材料' }).getByTestId('offer-row-mode').getByText('挂牌期满确定受让方').waitFor()

    // One enterprise registers on its phone; two more through the API; the fourth does not.
    await loginViaUI(ent, buyers[0].username, buyers[0].password)
    await ent.goto('/offers')
    const row = ent.getByTestId('offer-row').filter({ hasText: '高性能钠离子电池负极材料' })
    const registered = apiResponse(ent, 'POST', `/api/v1/offers/${offer.id}/register`)
    await row.getByTestId('offer-register').click()
    await ent.locator('.el-message-box').getByRole('button', { name: '确认登记' }).click()
    assert.equal((await registered).status(), 201)
    await row.getByTestId('offer-my-registration').getByText('登记有效').waitFor()
    await row.getByTestId('offer-unregister').waitFor()
    await market.shot(ent, 'registered-phone')
    for (const b of buyers.slice(1, 3)) await ok(await market.api('POST', `/offers/${offer.id}/register`, { token: await tokenOf(b) }), 201)

    // The university sees who registered.
    await sup.reload()
    const mine = sup.getByTestId('offer-row').filter({ hasText: '高性能钠离子电池负极材料' })
    await mine.getByTestId('offer-registrations').getByText('3 家').waitFor()
    await mine.getByTestId('offer-registrations-open').click()
    await mine.getByTestId('offer-registration').nth(2).waitFor()
    assert.equal(await mine.getByTestId('offer-registration').count(), 3)
    await market.shot(sup, 'registrations')
    // The enterprises see only their own.
    const theirs = await ok(await market.api('GET', `/offers/${offer.id}/registrations`, { token: await tokenOf(buyers[1]) }))
    assert.equal(theirs.items.length, 1)

    // The period ends (moved to now in the database); the scheduler opens the auction.
    await execFileP('sqlite3', [path.join(market.dataDir, 'techmarket.db'), '.timeout 5000', `UPDATE offers SET ends_at = starts_at WHERE id = ${offer.id}`])
    let ended
    for (let i = 0; i < 40; i++) {
      ended = await ok(await market.api('GET', `/offers/${offer.id}`, { token: await tokenOf(supplier) }))
      if (ended.status !== 'open') break
      await new Promise((r) => setTimeout(r, 500))
    }
    assert.equal(ended.status, 'auctioned')

    // The registered enterprise follows the offer to its auction and bids at the listed price.
    await ent.goto('/offers?status=auctioned')
    await ent.getByTestId('offer-row').filter({ hasText: '高性能钠离子电池负极材料' }).getByTestId('offer-auction-link').click()
    await ent.waitForURL(new RegExp(`/auctions/${ended.auction_id}`))
    await ent.getByTestId('admission-state').getByText('已获准竞买').waitFor()
    const auction = await ok(await market.api('GET', `/auctions/${ended.auction_id}`))
    const lot = auction.auction.lots[0]
    assert.equal(lot.start_price_fen, 80_000_000)
    const card = ent.getByTestId(`lot-${lot.id}`)
    await card.getByTestId('bid-box').waitFor()
    const placed = apiResponse(ent, 'POST', `/api/v1/lots/${lot.id}/bids`)
    await card.getByTestId('bid-submit').click()
    await ent.locator('.el-message-box').getByRole('button', { name: '确认出价' }).click()
    assert.equal((await placed).status(), 201)
    await card.getByTestId('lot-leader').getByText('您领先').waitFor()
    await market.shot(ent, 'auction-bid-phone')

    // A fourth enterprise sees the auction is closed to it: no application, no bid.
    const other = await market.newPage()
    await loginViaUI(other, buyers[3].username, buyers[3].password)
    await other.goto(`/auctions/${ended.auction_id}`)
    await other.getByTestId('auction-restricted').waitFor()
    assert.equal(await other.getByTestId('auction-apply').count(), 0)
    assert.equal(await other.getByTestId('bid-box').count(), 0)
    await market.shot(other, 'fourth-restricted')
    const apply = await market.api('POST', `/auctions/${ended.auction_id}/apply`, { token: await tokenOf(buyers[3]) })
    assert.equal(apply.status, 403)
    const bid = await market.api('POST', `/lots/${lot.id}/bids`, { token: await tokenOf(buyers[3]), body: { amount_fen: 90_000_000, client_key: 'x' } })
    assert.equal(bid.status, 403)
  } catch (e) {
    await market.shot(sup, 'period-seller-FAILED').catch(() => {})
    await market.shot(ent, 'period-buyer-FAILED').catch(() => {})
    throw e
  }
})
