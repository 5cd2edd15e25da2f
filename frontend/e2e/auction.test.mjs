// Deals end to end. The admin creates an auction through the form (starting now, ending in a few
// minutes), two verified enterprises apply and are admitted; in two browsers they bid against each
// other and each sees the other's bid arrive live (Server-Sent Events, no reload), with the
// anti-sniping extension (延时至 …); a too-low bid shows the API's Chinese refusal. Also: a supplier
// lists (挂牌) an achievement and an enterprise takes it (摘牌) while another is too late; an
// objection (异议) filed on a negotiated deal's public notice and dismissed by the admin; roadshows
// in the calendar, registration, and an intent once one has started.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ADMIN,
  apiResponse,
  fillNumber,
  loginViaUI,
  newUser,
  pickOption,
  publishListing,
  searchPick,
  startMarket,
  waitIndexed,
} from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const AUCTION_ACH = '高效钙钛矿太阳能电池卷对卷制备技术'
const OFFER_ACH = '锂电池正极材料回收再生技术'
const NOTICE_ACH = '海水养殖尾水生态净化技术'

let market
let supplier, entA, entB
const ach = {}
const tokens = {}

/** An access token per user, logged in once (logins are rate-limited per IP). */
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
    coop_modes: ['转让', '许可'],
    contact_name: '陈老师',
    contact_phone: '0591-22866000',
    contact_email: 'chen@example.edu.cn',
    ip_type: '发明专利',
    maturity: 6,
    price_type: 'negotiable',
    price_fen: 0,
  }
}

/** Beijing wall time "YYYY-MM-DD HH:mm" of now + ms, as the date pickers take it. */
function beijingWall(ms) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    })
      .formatToParts(new Date(Date.now() + ms))
      .map((x) => [x.type, x.value]),
  )
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`
}

/** Types into an Element Plus date picker (by test id, on the input or around it) and confirms. */
async function fillDate(page, testid, value) {
  const el = page.getByTestId(testid)
  const input = (await el.evaluate((n) => n.tagName)) === 'INPUT' ? el : el.locator('input')
  await input.fill(value)
  await input.press('Enter')
  await page.keyboard.press('Escape')
}

/** Clicks the confirm button of the open ElMessageBox. */
async function confirmBox(page, name) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

before(async () => {
  // Four browsers and the API set-up log in some 25 times within a few minutes, from one address: more
  // than the default 20 logins a minute per IP (that limit is the account tests' business).
  process.env.TM_LOGINS_PER_MINUTE = '200'
  // These auctions start now: no minimum announcement period (7 days by default).
  process.env.TM_AUCTION_NOTICE_DAYS = '0'
  market = await startMarket({ name: 'auction' })
  supplier = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  entA = await newUser(market, 'demander', 'enterprise', { name: '甲企业联系人' })
  entB = await newUser(market, 'demander', 'enterprise', { name: '乙企业联系人', region: '350104' })
  const token = await tokenOf(supplier)
  for (const title of [AUCTION_ACH, OFFER_ACH, NOTICE_ACH]) {
    ach[title] = await publishListing(market, 'achievements', token, achievementBody(title))
  }
  await waitIndexed(market, '钙钛矿', AUCTION_ACH)
})

after(async () => {
  await market?.stop()
})

test('two enterprises bid against each other and each sees the other bid live', async () => {
  const admin = await market.newPage()
  const a = await market.newPage()
  const b = await market.newPage()
  try {
    // --- the admin creates the auction through the form: now until a few minutes from now ---
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.getByTestId('nav-trade').click()
    await admin.waitForURL((u) => u.pathname === '/auctions')
    await admin.getByTestId('auction-new').click()
    await admin.waitForURL((u) => u.pathname === '/admin/auctions/new')
    await admin.getByTestId('auction-form-title').fill('2026 年冬季新能源成果竞价会')
    await admin.getByTestId('auction-form-description').fill('保证金到账后由管理员确认竞买资格。')
    await admin.getByTestId('auction-form-immediate').click()
    await fillDate(admin, 'auction-form-ends', beijingWall(4 * 60_000))
    await fillNumber(admin, 'auction-form-deposit', '5')
    const achId = ach[AUCTION_ACH].id
    await searchPick(admin, 'auction-form-lot-0-achievement', '钙钛矿', `auction-form-lot-0-achievement-${achId}`)
    await fillNumber(admin, 'auction-form-lot-0-start', '10')
    await fillNumber(admin, 'auction-form-lot-0-increment', '1')
    await fillNumber(admin, 'auction-form-lot-0-reserve', '12')
    await market.shot(admin, 'admin-auction-form')
    const created = apiResponse(admin, 'POST', '/api/v1/auctions')
    await admin.getByTestId('auction-form-submit').click()
    const createdRes = await created
    assert.equal(createdRes.status(), 201, await createdRes.text())
    const auction = await createdRes.json()
    assert.equal(auction.deposit_fen, 5_000_000, '5 万元 is sent as fen')
    assert.deepEqual(
      auction.lots.map((l) => [l.achievement_id, l.start_price_fen, l.increment_fen]),
      [[achId, 10_000_000, 1_000_000]],
    )
    const endsIn = Date.parse(auction.ends_at) - Date.now()
    assert.ok(endsIn > 2 * 60_000 && endsIn < 5 * 60_000, `ends in a few minutes (${endsIn} ms)`)
    await admin.waitForURL((u) => u.pathname === `/auctions/${auction.id}`)
    await admin.getByTestId('auction-phase').getByText('正在进行').waitFor()
    const lot = auction.lots[0]
    const lotCard = (page) => page.getByTestId(`lot-${lot.id}`)
    // The public sees the start price, no reserve.
    const pub = await market.api('GET', `/auctions/${auction.id}`)
    assert.ok(!JSON.stringify(pub.body).includes('reserve'))

    // --- both enterprises apply; the admin confirms the deposits ---
    for (const [page, user] of [
      [a, entA],
      [b, entB],
    ]) {
      await loginViaUI(page, user.username, user.password)
      await page.goto(`/auctions/${auction.id}`)
      await lotCard(page).getByTestId('lot-blocked').getByText('请先报名竞买').waitFor()
      await page.getByTestId('auction-apply').click()
      await page.getByTestId('admission-state').getByText('待确认保证金').waitFor()
    }
    await market.shot(a, 'enterprise-applied')
    // The applications arrive on the admin's page live (no reload).
    const rows = admin.getByTestId('admission-row')
    await rows.nth(1).waitFor()
    for (const org of [entA.org, entB.org]) {
      const row = admin.locator(`[data-testid="admission-row"][data-org="${org.id}"]`)
      await row.getByText(org.name).waitFor()
      await row.getByTestId('admission-admit').click()
      await confirmBox(admin, '确认准许')
      await row.getByTestId('admission-status').getByText('已获准竞买').waitFor()
    }
    await market.shot(admin, 'admin-admissions')

    // Admitted: the bid box appears (after a reload: admission is not part of the live stream).
    for (const page of [a, b]) {
      await page.reload()
      await page.getByTestId('admission-state').getByText('已获准竞买').waitFor()
      await lotCard(page).getByTestId('bid-box').waitFor()
      await page.getByTestId('live-state').getByText('实时更新中').waitFor()
      // A marker that a reload would wipe out.
      await page.evaluate(() => {
        window.__tmNoReload = true
      })
    }
    assert.equal(await lotCard(a).getByTestId('bid-amount').locator('input').inputValue(), '100000.00', 'defaults to the start price (元)')
    await lotCard(a).getByTestId('lot-leader').getByText('暂无出价').waitFor()

    // --- A bids the start price; B sees it live ---
    let placed = apiResponse(a, 'POST', `/api/v1/lots/${lot.id}/bids`)
    await lotCard(a).getByTestId('bid-submit').click()
    await confirmBox(a, '确认出价')
    let res = await placed
    assert.equal(res.status(), 201, await res.text())
    const firstKey = JSON.parse(res.request().postData()).client_key
    assert.match(firstKey, /^[0-9a-f-]{36}$/, 'a UUID client key')
    await lotCard(a).getByTestId('lot-leader').getByText('您领先').waitFor()
    await lotCard(a).getByTestId('lot-price').getByText('10 万元').waitFor()

    await lotCard(b).getByTestId('lot-price').getByText('10 万元').waitFor()
    await lotCard(b).getByTestId('lot-leader').getByText('他人领先').waitFor()
    await lotCard(b).getByTestId('bid-history').getByTestId('bid-row').first().getByText('10 万元').waitFor()
    // A bid within the anti-sniping window moved the end: highlighted on both sides.
    await lotCard(b).getByTestId('lot-extended').getByText('延时至').waitFor()
    await lotCard(a).getByTestId('lot-extended').getByText('延时至').waitFor()
    // B's box moved up to the new lowest bid: 10 万元 + 1 万元.
    await lotCard(b).getByTestId('bid-preview').getByText('11 万元').waitFor()
    assert.equal(await lotCard(b).getByTestId('bid-amount').locator('input').inputValue(), '110000.00')
    await market.shot(b, 'enterprise-b-sees-a-live')

    // --- B steps the amount with +, then back with −, and outbids A; A sees it live ---
    await lotCard(b).getByTestId('bid-plus').click()
    await lotCard(b).getByTestId('bid-preview').getByText('12 万元').waitFor()
    await lotCard(b).getByTestId('bid-minus').click()
    await lotCard(b).getByTestId('bid-preview').getByText('11 万元').waitFor()
    placed = apiResponse(b, 'POST', `/api/v1/lots/${lot.id}/bids`)
    await lotCard(b).getByTestId('bid-submit').click()
    await confirmBox(b, '确认出价')
    res = await placed
    assert.equal(res.status(), 201, await res.text())
    assert.notEqual(JSON.parse(res.request().postData()).client_key, firstKey)
    await lotCard(b).getByTestId('lot-leader').getByText('您领先').waitFor()

    await lotCard(a).getByTestId('lot-price').getByText('11 万元').waitFor()
    await lotCard(a).getByTestId('lot-leader').getByText('他人领先').waitFor()
    await lotCard(a).getByTestId('lot-bid-count').getByText('2').waitFor()
    await assertRows(lotCard(a), ['11 万元', '10 万元'])
    await market.shot(a, 'enterprise-a-sees-b-live')

    // --- a too-low bid is refused with the API's Chinese message ---
    await fillNumber(a, 'bid-amount', '105000')
    placed = apiResponse(a, 'POST', `/api/v1/lots/${lot.id}/bids`)
    await lotCard(a).getByTestId('bid-submit').click()
    await confirmBox(a, '确认出价')
    res = await placed
    assert.equal(res.status(), 409)
    assert.equal((await res.json()).error.code, 'too_low')
    await lotCard(a).getByTestId('bid-error').getByText('出价至少为当前价加一个加价幅度').waitFor()
    await lotCard(a).getByTestId('lot-price').getByText('11 万元').waitFor()
    await market.shot(a, 'too-low-refused')

    // Neither page was reloaded while all this happened.
    for (const page of [a, b]) assert.equal(await page.evaluate(() => window.__tmNoReload), true)

    // The admin's page followed too, with bidder names.
    await lotCard(admin).getByTestId('lot-price').getByText('11 万元').waitFor()
    await lotCard(admin).getByTestId('bid-history').getByText(entB.org.name).waitFor()
    await market.shot(admin, 'admin-live')

    // --- the lot page on a phone ---
    await market.withPage('phone-lot', PHONE, async (phone) => {
      await loginViaUI(phone, entA.username, entA.password)
      await phone.goto(`/auctions/${auction.id}`)
      await lotCard(phone).getByTestId('lot-price').getByText('11 万元').waitFor()
      await lotCard(phone).getByTestId('bid-box').waitFor()
      await phone.getByTestId('nav-toggle').waitFor()
      await market.shot(phone, 'phone-lot')
    })

    // --- the bid record pages through every bid: 20 more bids, the admin's page follows live ---
    for (let i = 0; i < 20; i++) {
      const who = i % 2 === 0 ? entA : entB
      const r = await market.api('POST', `/lots/${lot.id}/bids`, {
        token: await tokenOf(who),
        body: { amount_fen: (12 + i) * 1_000_000, client_key: `record-${i}` },
      })
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }
    const record = lotCard(admin)
    await record.getByTestId('lot-bid-count').getByText('22').waitFor()
    await record.getByTestId('bid-pages').getByText('共 22 条').waitFor()
    await assertRows(record, ['31 万元', '30 万元'])
    assert.equal(await record.getByTestId('bid-row').count(), 20, 'the first page: the 20 highest')
    await record.getByTestId('bid-pages').locator('.el-pager li', { hasText: '2' }).click()
    await assertRows(record, ['11 万元', '10 万元'])
    assert.equal(await record.getByTestId('bid-row').count(), 2, 'the second page: the two first bids')
    await market.shot(admin, 'admin-bid-record-page-2')

    // The hall lists it as running, with a countdown.
    await a.getByTestId('detail-back').click()
    await a.waitForURL((u) => u.pathname === '/auctions')
    const hallRow = a.getByTestId('auction-row').filter({ hasText: '2026 年冬季新能源成果竞价会' })
    await hallRow.getByText('距结束').waitFor()
    await market.shot(a, 'auction-hall')
  } catch (e) {
    for (const [p, label] of [
      [admin, 'admin'],
      [a, 'enterprise-a'],
      [b, 'enterprise-b'],
    ]) {
      await market.shot(p, `${label}-FAILED`).catch(() => {})
    }
    throw e
  }
})

/** The bid history of a lot card shows these amounts, highest first. */
async function assertRows(card, amounts) {
  const rows = card.getByTestId('bid-row')
  for (let i = 0; i < amounts.length; i++) await rows.nth(i).getByText(amounts[i]).waitFor()
}

test('a supplier lists an achievement, one enterprise takes it and the other is too late', async () => {
  const sup = await market.newPage()
  const a = await market.newPage()
  const b = await market.newPage()
  const offerAch = ach[OFFER_ACH]
  try {
    // --- 挂牌 from the achievement's page ---
    await loginViaUI(sup, supplier.username, supplier.password)
    await sup.goto(`/achievements/${offerAch.id}`)
    await sup.getByTestId('offer-open').click()
    await sup.getByTestId('offer-dialog').waitFor()
    await fillNumber(sup, 'offer-price', '80')
    await market.shot(sup, 'offer-dialog')
    const listed = apiResponse(sup, 'POST', '/api/v1/offers')
    await sup.getByTestId('offer-submit').click()
    const listedRes = await listed
    assert.equal(listedRes.status(), 201, await listedRes.text())
    const offer = await listedRes.json()
    assert.equal(offer.price_fen, 80_000_000)
    await sup.waitForURL((u) => u.pathname === '/offers')
    const supRow = sup.getByTestId('offer-row').filter({ hasText: OFFER_ACH })
    await supRow.getByTestId('offer-row-price').getByText('80 万元').waitFor()
    assert.equal(await supRow.getByTestId('offer-accept').count(), 0, 'suppliers do not 摘牌')

    // --- both enterprises look at the hall; A is first ---
    for (const [page, user] of [
      [a, entA],
      [b, entB],
    ]) {
      await loginViaUI(page, user.username, user.password)
      await page.goto('/offers')
      await page.getByTestId('offer-row').filter({ hasText: OFFER_ACH }).getByTestId('offer-accept').waitFor()
    }
    await market.shot(a, 'offer-hall')
    const rowA = a.getByTestId('offer-row').filter({ hasText: OFFER_ACH })
    const accepted = apiResponse(a, 'POST', `/api/v1/offers/${offer.id}/accept`)
    await rowA.getByTestId('offer-accept').click()
    await confirmBox(a, '确认摘牌')
    const acceptedRes = await accepted
    assert.equal(acceptedRes.status(), 200, await acceptedRes.text())
    const { deal } = await acceptedRes.json()
    await a.locator('.el-message--success').getByText('摘牌成功').waitFor()
    await rowA.waitFor({ state: 'detached' })

    // B still sees the row (no reload) and is told it is taken.
    const rowB = b.getByTestId('offer-row').filter({ hasText: OFFER_ACH })
    const late = apiResponse(b, 'POST', `/api/v1/offers/${offer.id}/accept`)
    await rowB.getByTestId('offer-accept').click()
    await confirmBox(b, '确认摘牌')
    const lateRes = await late
    assert.equal(lateRes.status(), 409)
    assert.equal((await lateRes.json()).error.code, 'offer_closed')
    await b.locator('.el-message--error').getByText('已被摘牌或已结束', { exact: false }).waitFor()
    await rowB.waitFor({ state: 'detached' })
    await market.shot(b, 'offer-too-late')

    // --- A finds the deal under 我的成交 (the header's user menu) ---
    await a.getByTestId('user-menu').click()
    await a.getByTestId('nav-my-deals').click()
    await a.waitForURL((u) => u.pathname === '/my/deals')
    const dealRow = a.getByTestId('deal-row').filter({ hasText: `成交编号 ${deal.id}` })
    await dealRow.getByTestId('deal-row-mode').getByText('挂牌交易').waitFor()
    await dealRow.getByTestId('deal-row-price').getByText('80 万元').waitFor()
    await dealRow.getByText(`卖方：${supplier.org.name}`).waitFor()
    await dealRow.getByText('我方为买方').waitFor()
    await market.shot(a, 'my-deals')
    // The accepted tab lists it with the buyer.
    await a.goto('/offers?status=accepted')
    await a.getByTestId('offer-row').filter({ hasText: OFFER_ACH }).getByText(`摘牌方：${entA.org.name}`).waitFor()
  } catch (e) {
    for (const [p, label] of [
      [sup, 'supplier'],
      [a, 'enterprise-a'],
      [b, 'enterprise-b'],
    ]) {
      await market.shot(p, `${label}-FAILED`).catch(() => {})
    }
    throw e
  }
})

test('anyone logged in files an objection to a notice, and the admin dismisses it', async () => {
  const supToken = await tokenOf(supplier)
  const published = await market.api('POST', '/notices', {
    token: supToken,
    body: { achievement_id: ach[NOTICE_ACH].id, buyer_org_id: entA.org.id, price_fen: 35_000_000 },
  })
  assert.equal(published.status, 201, JSON.stringify(published.body))
  const notice = published.body.notice
  const reason = '该成果的专利权属存在争议，我单位为共同发明人所在单位，未同意转让。'

  const objector = await market.newPage()
  const admin = await market.newPage()
  try {
    await loginViaUI(objector, entB.username, entB.password)
    await objector.getByTestId('nav-trade').click()
    await objector.getByTestId('trade-nav-notices').click()
    await objector.waitForURL((u) => u.pathname === '/notices')
    const row = objector.getByTestId('notice-row').filter({ hasText: NOTICE_ACH })
    await row.getByText('35 万元').waitFor()
    await row.getByText('距公示结束').waitFor()
    await market.shot(objector, 'notices')
    await row.getByTestId('notice-row-title').click()
    await objector.waitForURL((u) => u.pathname === `/notices/${notice.id}`)
    await objector.getByTestId('notice-status').getByText('公示中').waitFor()
    await objector.getByTestId('objection-open').click()
    const dialog = objector.getByTestId('reject-dialog')
    await dialog.waitFor()
    // Too short: the API's field message lands under the box.
    await objector.getByTestId('reject-reason').fill('不同意')
    let filed = apiResponse(objector, 'POST', `/api/v1/notices/${notice.id}/objections`)
    await objector.getByTestId('reject-confirm').click()
    assert.equal((await filed).status(), 422)
    await dialog.getByText('异议理由至少 5 个字符').waitFor()
    await objector.getByTestId('reject-reason').fill(reason)
    await market.shot(objector, 'objection-dialog')
    filed = apiResponse(objector, 'POST', `/api/v1/notices/${notice.id}/objections`)
    await objector.getByTestId('reject-confirm').click()
    assert.equal((await filed).status(), 201)
    await dialog.waitFor({ state: 'hidden' })
    await objector.locator('.el-message--success').getByText('异议已提交').waitFor()
    // Reasons are for the admin only.
    assert.equal(await objector.getByTestId('objection-row').count(), 0)

    // --- the admin sees the objection and dismisses it ---
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto(`/notices/${notice.id}`)
    const objection = admin.getByTestId('objection-row').filter({ hasText: reason })
    await objection.getByTestId('objection-status').getByText('待处理').waitFor()
    await objection.getByTestId('objection-dismiss').click()
    await admin.getByTestId('reject-reason').fill('经核实，专利权属清晰，异议不成立。')
    const resolved = admin.waitForResponse((r) => /^\/api\/v1\/objections\/\d+\/resolve$/.test(new URL(r.url()).pathname))
    await admin.getByTestId('reject-confirm').click()
    const resolvedRes = await resolved
    assert.equal(resolvedRes.status(), 200)
    assert.equal(JSON.parse(resolvedRes.request().postData()).uphold, false)
    await objection.getByTestId('objection-status').getByText('已驳回').waitFor()
    await objection.getByText('处理意见：经核实').waitFor()
    await market.shot(admin, 'objection-dismissed')
  } catch (e) {
    await market.shot(objector, 'objector-FAILED').catch(() => {})
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    throw e
  }
})

test('a roadshow from the form shows in the calendar, an enterprise registers, and records an intent once one started', async () => {
  const admin = await market.newPage()
  const ent = await market.newPage(PHONE)
  const tomorrow = beijingWall(24 * 3600_000).slice(0, 10)
  // A second roadshow, starting in a minute, for the intent form (only once it has started).
  const adminToken = await tokenOf(ADMIN)
  const soon = await market.api('POST', '/roadshows', {
    token: adminToken,
    body: {
      title: '海洋科技线上路演',
      description: '',
      starts_at: new Date(Date.now() + 60_000).toISOString(),
      ends_at: new Date(Date.now() + 3 * 3600_000).toISOString(),
      online: true,
      link: 'https://live.example.cn/room/8',
      capacity: 10,
      achievement_ids: [ach[NOTICE_ACH].id],
    },
  })
  assert.equal(soon.status, 201, JSON.stringify(soon.body))
  const seat = await market.api('POST', `/roadshows/${soon.body.id}/register`, { token: await tokenOf(entB) })
  assert.equal(seat.status, 201, JSON.stringify(seat.body))
  try {
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.getByTestId('nav-roadshows').click()
    await admin.waitForURL((u) => u.pathname === '/roadshows')
    await admin.getByTestId('roadshow-new').click()
    await admin.waitForURL((u) => u.pathname === '/roadshows/new')
    await admin.getByTestId('roadshow-form-title').fill('新能源专场成果路演')
    await fillDate(admin, 'roadshow-form-starts', `${tomorrow} 14:00`)
    await fillDate(admin, 'roadshow-form-ends', `${tomorrow} 16:30`)
    await admin.getByPlaceholder('如：福州市鼓楼区软件大道 89 号 路演厅').fill('福州市鼓楼区软件大道 89 号 路演厅')
    // The programme, in order: one picker per achievement.
    for (const [i, [q, title]] of [
      ['钙钛矿', AUCTION_ACH],
      ['海水养殖', NOTICE_ACH],
    ].entries()) {
      await waitIndexed(market, q, title)
      if (i > 0) await admin.getByTestId('roadshow-form-add-achievement').click()
      await searchPick(admin, `roadshow-form-achievement-${i}`, q, `roadshow-form-achievement-${i}-${ach[title].id}`)
    }
    const created = apiResponse(admin, 'POST', '/api/v1/roadshows')
    await admin.getByTestId('roadshow-form-submit').click()
    const createdRes = await created
    assert.equal(createdRes.status(), 201, await createdRes.text())
    const show = await createdRes.json()
    assert.equal(show.starts_at, new Date(`${tomorrow}T14:00:00+08:00`).toISOString().replace('.000Z', 'Z'))
    assert.deepEqual(
      show.slots.map((s) => s.achievement_id),
      [ach[AUCTION_ACH].id, ach[NOTICE_ACH].id],
    )
    await admin.waitForURL((u) => u.pathname === `/roadshows/${show.id}`)

    // The enterprise finds it in the calendar under its day (on a phone) and registers.
    await loginViaUI(ent, entB.username, entB.password)
    await ent.goto(`/roadshows?month=${tomorrow.slice(0, 7)}`)
    const row = ent.getByTestId('roadshow-row').filter({ hasText: '新能源专场成果路演' })
    await row.getByText('14:00–16:30').waitFor()
    await ent.getByText(tomorrow).waitFor()
    await market.shot(ent, 'phone-roadshow-calendar')
    await row.getByTestId('roadshow-row-title').click()
    await ent.waitForURL((u) => u.pathname === `/roadshows/${show.id}`)
    await ent.getByTestId('roadshow-seats').getByText('已报名 0/50').waitFor()
    await ent.getByTestId('roadshow-register').click()
    await ent.getByTestId('roadshow-registered').waitFor()
    await ent.getByTestId('roadshow-seats').getByText('已报名 1/50').waitFor()
    await market.shot(ent, 'phone-roadshow-registered')

    // Once the other one has started, the registered enterprise records its intent.
    await ent.goto(`/roadshows/${soon.body.id}`)
    await ent.getByTestId('roadshow-title').getByText('海洋科技线上路演').waitFor()
    await ent.getByTestId('roadshow-intent').waitFor({ timeout: 90_000 })
    await pickOption(ent, 'intent-achievement', `intent-achievement-${ach[NOTICE_ACH].id}`)
    await ent.getByTestId('intent-note').fill('希望了解在闽南地区养殖场的应用成本')
    const intent = apiResponse(ent, 'POST', `/api/v1/roadshows/${soon.body.id}/intents`)
    await ent.getByTestId('intent-submit').click()
    assert.equal((await intent).status(), 201)
    await ent.locator('.el-message--success').getByText('意向已登记').waitFor()
    await market.shot(ent, 'phone-roadshow-intent')
  } catch (e) {
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    await market.shot(ent, 'enterprise-FAILED').catch(() => {})
    throw e
  }
})
