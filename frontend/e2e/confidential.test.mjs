// Confidential detail on request and buyer feedback, end to end: a buyer asks for an
// achievement's confidential detail (accepting the owner's undertaking), the owner grants it in
// another browser, and the detail appears for the buyer only; a buyer passes on a listing with
// reasons and the owner sees the counts. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, loginViaUI, newUser as newUserVia, publishListing, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const SECRET = '烧结温度曲线 1350℃ 保温 4 小时，添加 0.8% 氧化钇'
const UNDERTAKING = '仅用于评估合作，不向任何第三方披露所获技术信息。'

let market

before(async () => {
  market = await startMarket({ name: 'confidential' })
})

after(async () => {
  await market?.stop()
})

const newUser = (role, orgType, opts) => newUserVia(market, role, orgType, opts)

async function publishAchievement(owner, extra = {}) {
  const token = await market.token(owner.username, owner.password)
  return publishListing(market, 'achievements', token, {
    title: '高导热氮化硅陶瓷基板制备技术',
    summary: '采用气压烧结制备高导热氮化硅陶瓷基板，热导率达到 90 W/mK，抗弯强度 800 MPa，适用于功率模块封装。',
    keywords: ['氮化硅', '陶瓷基板', '功率模块'],
    field: '新材料及其应用',
    region: '350102',
    coop_modes: ['转让', '许可'],
    ip_type: '发明专利',
    patent_numbers: ['ZL202110000001.1'],
    maturity: 6,
    price_type: 'indicative',
    price_fen: 80_000_000,
    contact_name: '周老师',
    contact_phone: '0591-22860001',
    ...extra,
  })
}

test('a buyer requests the confidential detail, the owner grants it in another browser, and it appears', async () => {
  const owner = await newUser('supplier', 'university', { name: '周立新' })
  const buyer = await newUser('demander', 'enterprise', { name: '吴海燕' })
  const listing = await publishAchievement(owner, { confidential_detail: SECRET, confidential_undertaking: UNDERTAKING })
  const url = `/achievements/${listing.id}`

  const buyerPage = await market.newPage(PHONE)
  const ownerPage = await market.newPage()
  const visitor = await market.newPage()
  try {
    // The public sees that there is detail, never the detail.
    await visitor.goto(url)
    await visitor.getByTestId('confidential-section').waitFor()
    await visitor.getByTestId('confidential-login').waitFor()
    assert.ok(!(await visitor.content()).includes('1350℃'), 'the public page holds the detail')

    // The buyer (on a phone) must accept the undertaking before asking.
    await loginViaUI(buyerPage, buyer.username, buyer.password)
    await buyerPage.goto(url)
    await buyerPage.getByTestId('confidential-undertaking').waitFor()
    assert.equal((await buyerPage.getByTestId('confidential-undertaking').innerText()).trim(), UNDERTAKING)
    assert.equal(await buyerPage.getByTestId('confidential-detail').count(), 0)
    await buyerPage.getByTestId('confidential-request').click()
    await buyerPage.getByText('请阅读并接受发布方的保密承诺').waitFor()
    await buyerPage.getByTestId('confidential-accept').click()
    await buyerPage.getByTestId('confidential-message').fill('拟用于车载功率模块散热')
    await buyerPage.getByTestId('confidential-request').click()
    await buyerPage.getByTestId('confidential-status').waitFor()
    assert.match(await buyerPage.getByTestId('confidential-status').innerText(), /待答复/)
    await market.shot(buyerPage, 'request-pending-phone')

    // The owner, in another browser, sees the request with the accepted undertaking and grants it.
    await loginViaUI(ownerPage, owner.username, owner.password)
    await ownerPage.goto(url)
    await ownerPage.getByTestId('confidential-detail').waitFor()
    await ownerPage.getByTestId('confidential-requests-link').click()
    await ownerPage.waitForURL((u) => u.pathname === '/my/access-requests')
    const item = ownerPage.getByTestId('access-item').filter({ hasText: '高导热氮化硅陶瓷基板制备技术' })
    await item.waitFor()
    assert.match(await item.getByTestId('access-requester').innerText(), /吴海燕/)
    assert.match(await item.getByTestId('access-undertaking').innerText(), /仅用于评估合作/)
    await market.shot(ownerPage, 'owner-requests')
    await item.getByTestId('access-grant').click()
    await item.getByTestId('access-status-tag').filter({ hasText: '已同意' }).waitFor()

    // The buyer now reads the detail; the public still does not.
    await buyerPage.reload()
    await buyerPage.getByTestId('confidential-detail').waitFor()
    assert.equal((await buyerPage.getByTestId('confidential-detail').innerText()).trim(), SECRET)
    await market.shot(buyerPage, 'detail-granted-phone')
    await visitor.reload()
    await visitor.getByTestId('confidential-section').waitFor()
    assert.equal(await visitor.getByTestId('confidential-detail').count(), 0)
    assert.ok(!(await visitor.content()).includes('1350℃'))
  } catch (e) {
    for (const [p, label] of [[buyerPage, 'buyer'], [ownerPage, 'owner']]) await market.shot(p, `${label}-FAILED`).catch(() => {})
    throw e
  }
})

test('a buyer passes on a listing with reasons and the owner sees the counts', async () => {
  const owner = await newUser('supplier', 'institute', { name: '郑一鸣' })
  const buyer = await newUser('demander', 'enterprise', { name: '林小雨' })
  const listing = await publishAchievement(owner, { title: '低温共烧陶瓷滤波器设计方法' })
  const url = `/achievements/${listing.id}`

  const buyerPage = await market.newPage()
  const ownerPage = await market.newPage(PHONE)
  try {
    await loginViaUI(buyerPage, buyer.username, buyer.password)
    await buyerPage.goto(url)
    await buyerPage.getByTestId('listing-pass').click()
    const dialog = buyerPage.getByTestId('feedback-dialog')
    await dialog.waitFor()
    // Nothing picked, then "other" without text: the dialog says what is missing and sends nothing.
    await buyerPage.getByTestId('feedback-confirm').click()
    assert.match(await buyerPage.getByTestId('feedback-error').innerText(), /请至少选择一个原因/)
    await buyerPage.getByTestId('feedback-reason-early_stage').click()
    await buyerPage.getByTestId('feedback-reason-other').click()
    await buyerPage.getByTestId('feedback-confirm').click()
    assert.match(await buyerPage.getByTestId('feedback-error').innerText(), /请填写具体原因/)
    await buyerPage.getByTestId('feedback-other').fill('已有同类供应商')
    await market.shot(buyerPage, 'feedback-dialog')
    await buyerPage.getByTestId('feedback-confirm').click()
    await buyerPage.getByText('感谢反馈').waitFor()
    await buyerPage.getByTestId('listing-pass').filter({ hasText: '已反馈' }).waitFor()

    // The owner sees the counts per reason and the text, not who gave them.
    await loginViaUI(ownerPage, owner.username, owner.password)
    await ownerPage.goto(url)
    const summary = ownerPage.getByTestId('feedback-summary')
    await summary.waitFor()
    assert.equal((await summary.getByTestId('feedback-total').innerText()).trim(), '1')
    assert.equal((await summary.getByTestId('feedback-count-early_stage').getByTestId('feedback-count').innerText()).trim(), '1')
    assert.equal((await summary.getByTestId('feedback-count-price').getByTestId('feedback-count').innerText()).trim(), '0')
    const text = await summary.innerText()
    assert.match(text, /已有同类供应商/)
    assert.ok(!text.includes('林小雨'), 'the summary names the buyer')
    await ownerPage.getByTestId('quality-panel').waitFor()
    await market.shot(ownerPage, 'owner-feedback-phone')
  } catch (e) {
    for (const [p, label] of [[buyerPage, 'buyer'], [ownerPage, 'owner']]) await market.shot(p, `${label}-FAILED`).catch(() => {})
    throw e
  }
})

test('a report reaches the admin queue; taking the listing down tells the owner; the admin sees feedback by field', async () => {
  const owner = await newUser('supplier', 'university', { name: '何建国' })
  const buyer = await newUser('demander', 'enterprise', { name: '许文静' })
  const listing = await publishAchievement(owner, { title: '无人机电池快速换电装置' })
  const buyerToken = await market.token(buyer.username, buyer.password)
  const passed = await market.api('POST', `/achievements/${listing.id}/feedback`, { token: buyerToken, body: { reasons: ['price', 'vague'] } })
  assert.equal(passed.status, 201)

  const buyerPage = await market.newPage(PHONE)
  const adminPage = await market.newPage()
  try {
    await loginViaUI(buyerPage, buyer.username, buyer.password)
    await buyerPage.goto(`/achievements/${listing.id}`)
    await buyerPage.getByTestId('listing-report').click()
    await buyerPage.getByTestId('reject-reason').fill('专利已失效')
    await buyerPage.getByTestId('reject-confirm').click()
    await buyerPage.getByText('已提交举报').waitFor()

    await loginViaUI(adminPage, ADMIN.username, ADMIN.password)
    await adminPage.goto('/admin/reports')
    const item = adminPage.getByTestId('report-item').filter({ hasText: '无人机电池快速换电装置' })
    await item.waitFor()
    assert.match(await item.getByTestId('report-reason').innerText(), /专利已失效/)
    await item.getByTestId('report-takedown').click()
    // Taking down needs a reason the owner will read.
    await adminPage.getByTestId('report-confirm').click()
    await adminPage.getByText('下架时请填写理由').waitFor()
    await adminPage.getByTestId('report-resolution').fill('专利权已终止，信息不实')
    await adminPage.getByTestId('report-confirm').click()
    await adminPage.getByText('已下架并通知发布方').waitFor()
    await market.shot(adminPage, 'admin-reports')

    const ownerToken = await market.token(owner.username, owner.password)
    const seen = await market.api('GET', `/achievements/${listing.id}`, { token: ownerToken })
    assert.equal(seen.body.status, 'closed')
    assert.equal(seen.body.takedown_reason, '专利权已终止，信息不实')
    assert.equal((await market.api('GET', `/achievements/${listing.id}`)).status, 404)

    await adminPage.goto('/admin/feedback')
    await adminPage.getByTestId('feedback-chart').waitFor()
    const row = adminPage.getByTestId('feedback-table').locator('tr', { hasText: '新材料及其应用' })
    await row.waitFor()
    await market.shot(adminPage, 'admin-feedback-chart')
  } catch (e) {
    for (const [p, label] of [[buyerPage, 'buyer'], [adminPage, 'admin']]) await market.shot(p, `${label}-FAILED`).catch(() => {})
    throw e
  }
})
