// 收藏 and 我有意向 end to end: an enterprise user (on a phone) stars a university's achievement
// and says 我有意向 with a message; it is in 我的收藏. The university's owner is notified and sees
// who is interested (organisation, person, message) on the listing page and the counts in 我的发布.
// A broker finds the lead in the workbench and proposes a match with the enterprise's own need.
// When the achievement is withdrawn, 我的收藏 shows it as 已下架, without a link. Against the real
// binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { loginViaUI, newUser as newUserVia, publishListing, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const TITLE = '汽车玻璃用低辐射镀膜连续化制备技术'
const MESSAGE = '拟用于我司汽车前挡玻璃产线，希望洽谈独占许可，年产能约 50 万平方米。'

let market

before(async () => {
  market = await startMarket({ name: 'interest' })
})

after(async () => {
  await market?.stop()
})

const newUser = (role, orgType, opts) => newUserVia(market, role, orgType, opts)

test('an enterprise stars an achievement and says 我有意向; the owner sees it; a broker turns the lead into a match', async () => {
  const owner = await newUser('supplier', 'university', { name: '周立新' })
  const buyer = await newUser('demander', 'enterprise', { name: '吴海燕' })
  const broker = await newUser('broker', 'broker_firm', { name: '陈经纪' })
  const ownerToken = await market.token(owner.username, owner.password)
  const achievement = await publishListing(market, 'achievements', ownerToken, {
    title: TITLE,
    summary: '采用磁控溅射在线镀制银基低辐射膜层，可见光透过率 75%，辐射率低于 0.05，适用于汽车前挡与天窗玻璃。',
    keywords: ['低辐射', '镀膜', '汽车玻璃'],
    field: '新材料及其应用',
    region: '350102',
    coop_modes: ['转让', '许可'],
    ip_type: '发明专利',
    patent_numbers: ['ZL202210000002.3'],
    maturity: 6,
    price_type: 'negotiable',
  })
  const need = await publishListing(market, 'needs', await market.token(buyer.username, buyer.password), {
    title: '汽车前挡玻璃隔热镀膜技术需求',
    summary: '我司需要一种可在线连续生产的汽车前挡玻璃隔热镀膜工艺，要求可见光透过率不低于 70%。',
    keywords: ['隔热', '镀膜'],
    field: '新材料及其应用',
    region: '350181',
    coop_modes: ['许可', '合作开发'],
    budget_min_fen: 100_000_000,
    budget_max_fen: 300_000_000,
  })
  const url = `/achievements/${achievement.id}`

  // The enterprise user, on a phone: 收藏, then 我有意向 with a message.
  await market.withPage('buyer', PHONE, async (page) => {
    await loginViaUI(page, buyer.username, buyer.password)
    await page.goto(url)
    await page.getByTestId('listing-interest').waitFor()
    await market.shot(page, 'buyer-listing-phone')
    await page.getByTestId('listing-favourite').click()
    await page.getByTestId('listing-unfavourite').waitFor()
    await page.getByTestId('listing-interest').click()
    await page.getByTestId('interest-dialog').waitFor()
    await page.getByTestId('interest-message').fill(MESSAGE)
    await market.shot(page, 'buyer-interest-dialog-phone')
    await page.getByTestId('interest-confirm').click()
    await page.getByText('已提交意向，发布方会收到通知').waitFor()
    // Once per organisation: the button is gone, the star stays.
    await page.getByTestId('listing-interested').waitFor()
    assert.equal(await page.getByTestId('listing-interest').count(), 0)
    assert.equal(await page.getByTestId('listing-unfavourite').count(), 1)
    await market.shot(page, 'buyer-after-interest-phone')

    await page.goto('/my/favourites')
    await page.getByTestId('favourite-item').waitFor()
    assert.equal((await page.getByTestId('favourite-title').innerText()).trim(), TITLE)
    assert.equal(await page.getByTestId('favourite-gone').count(), 0)
    await market.shot(page, 'buyer-favourites-phone')
  })

  // The owner is notified and sees who is interested, and the counts in 我的发布.
  await market.withPage('owner', {}, async (page) => {
    await loginViaUI(page, owner.username, owner.password)
    await page.getByTestId('notif-bell').click()
    const note = page.getByTestId('notif-item').filter({ hasText: '有意向' })
    await note.first().waitFor()
    assert.match(await note.first().innerText(), new RegExp(buyer.org.name))
    await market.shot(page, 'owner-notified')
    // The notification opens the listing at 谁有意向.
    await note.first().click()
    await page.waitForURL(new RegExp(`${url}#interests$`))
    await page.getByTestId('interest-item').waitFor()
    assert.equal((await page.getByTestId('interest-org').innerText()).trim(), buyer.org.name)
    assert.match(await page.getByTestId('interest-item').innerText(), /吴海燕/)
    assert.equal((await page.getByTestId('interest-message').innerText()).trim(), MESSAGE)
    assert.match(await page.getByTestId('interests-counts').innerText(), /1 家机构有意向 · 1 人收藏/)
    // The owner is offered neither a star nor interest on its own listing.
    assert.equal(await page.getByTestId('listing-favourite').count(), 0)
    assert.equal(await page.getByTestId('listing-interest').count(), 0)
    await market.shot(page, 'owner-sees-interest')

    await page.goto('/my/listings')
    await page.getByTestId('my-row-interest').first().waitFor()
    assert.match(await page.getByTestId('my-row-interest').first().innerText(), /1 \/ 1/)
    await market.shot(page, 'owner-my-listings')
  })

  // A broker sees the lead in the workbench and proposes a match with the enterprise's need.
  await market.withPage('broker', {}, async (page) => {
    await loginViaUI(page, broker.username, broker.password)
    await page.goto('/workbench?tab=leads')
    const lead = page.getByTestId('lead-item').filter({ hasText: TITLE })
    await lead.waitFor()
    assert.match(await lead.getByTestId('lead-org').innerText(), new RegExp(buyer.org.name))
    assert.equal((await lead.getByTestId('lead-message').innerText()).trim(), MESSAGE)
    await market.shot(page, 'broker-leads')
    await lead.getByTestId('lead-propose').click()
    await page.getByTestId('lead-match-dialog').waitFor()
    assert.match(await page.getByTestId('lead-candidate').innerText(), /汽车前挡玻璃隔热镀膜技术需求/)
    await page.getByTestId('lead-note').fill('双方在低辐射镀膜指标上吻合，建议面谈')
    await market.shot(page, 'broker-propose-match')
    await page.getByTestId('lead-match-confirm').click()
    await page.getByText('已推荐对接，双方将收到通知').waitFor()
    await page.getByTestId('wb-match-drawer').waitFor()
    await market.shot(page, 'broker-match-opened')
    await page.keyboard.press('Escape')
    await page.getByTestId('wb-leads-mine').click()
    const mine = page.getByTestId('lead-item').filter({ hasText: TITLE })
    await mine.getByTestId('lead-match-link').waitFor()
    assert.match(await mine.getByTestId('lead-status').innerText(), /已推荐对接/)
    await market.shot(page, 'broker-lead-matched')
  })
  const matches = await market.api('GET', '/matches', { token: await market.token(buyer.username, buyer.password) })
  assert.ok(
    matches.body.items.some((m) => m.achievement_id === achievement.id && m.need_id === need.id),
    'the enterprise is a party to the proposed match',
  )

  // Withdrawn: 我的收藏 keeps the title, says 已下架 and links nowhere.
  const withdrawn = await market.api('POST', `/achievements/${achievement.id}/withdraw`, { token: ownerToken })
  assert.equal(withdrawn.status, 200)
  await market.withPage('buyer-later', PHONE, async (page) => {
    await loginViaUI(page, buyer.username, buyer.password)
    await page.goto('/my/favourites')
    await page.getByTestId('favourite-gone').waitFor()
    assert.equal(await page.getByTestId('favourite-item').locator('a').count(), 0)
    await market.shot(page, 'buyer-favourite-withdrawn-phone')
  })
})
