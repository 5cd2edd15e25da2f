// Role workspaces (工作台): after login each role lands on its own to-do list, whose counts are the
// list pages' totals and whose cards open the page where each thing is done. The admin's header fits
// at 1440 px (and 1280 px) with its desks grouped under 管理 and 统计 in the bar, nothing folded into "…".

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, LICENCE_PDF, loginViaUI, newUser, publishListing, startMarket } from './harness.mjs'

let market
let supplier, demander, broker, reviewer
let contractId

const inDays = (n) => new Date(Date.now() + n * 86_400_000).toISOString()

before(async () => {
  market = await startMarket({ name: 'workspace' })
  supplier = await newUser(market, 'supplier', 'university', { name: '陈立新' })
  demander = await newUser(market, 'demander', 'enterprise', { name: '林海峰' })
  broker = await newUser(market, 'broker', 'broker_firm', { name: '黄志强' })
  reviewer = await newUser(market, 'reviewer', 'agency', { name: '郑敏' })
  const sTok = await market.token(supplier.username, supplier.password)
  const dTok = await market.token(demander.username, demander.password)
  const bTok = await market.token(broker.username, broker.password)

  const achBody = (title, validDays) => ({
    title,
    summary: `${title}：采用连续化工艺制备，性能指标达到国际先进水平，可用于消费电子、风电与新能源装备。`,
    keywords: ['石墨烯', '导热膜'],
    field: '新材料及其应用',
    region: '350102',
    coop_modes: ['转让'],
    contact_name: '陈老师',
    contact_phone: '0591-22866000',
    ip_type: '发明专利',
    maturity: 6,
    price_type: 'negotiable',
    price_fen: 0,
    valid_until: inDays(validDays),
  })
  // Ends within 30 days: the supplier is told.
  const achievement = await publishListing(market, 'achievements', sTok, achBody('石墨烯导热膜连续化制备技术', 12))
  const need = await publishListing(market, 'needs', dTok, {
    title: '汽车玻璃镀膜连续化制备工艺',
    summary: '我司需要一种汽车玻璃镀膜的连续化制备工艺，年产能 50 万平方米，寻求高校合作开发或技术转让。',
    keywords: ['镀膜', '汽车玻璃'],
    field: '新材料及其应用',
    region: '350104',
    coop_modes: ['合作开发'],
    contact_name: '林经理',
    contact_phone: '0591-87654321',
    budget_negotiable: true,
    budget_min_fen: 0,
    budget_max_fen: 0,
  })
  // A listing waiting for moderation (admin, broker).
  const draft = await market.api('POST', '/achievements', {
    token: sTok,
    body: achBody('海上风电叶片除冰涂层', 200),
  })
  assert.equal(draft.status, 201, JSON.stringify(draft.body))
  assert.equal((await market.api('POST', `/achievements/${draft.body.id}/submit`, { token: sTok })).status, 200)
  // A match both sides have to answer (and the broker's pipeline).
  const match = await market.api('POST', '/matches', { token: bTok, body: { need_id: need.id, achievement_id: achievement.id } })
  assert.equal(match.status, 201, JSON.stringify(match.body))
  // A contract submitted to the reviewer's agency, and a draft both parties have to confirm.
  const contract = (title) => ({
    title,
    type: 'transfer',
    subtype: '专利权转让',
    subject: '专利 ZL202010000000.1 的专利权转让及技术资料交付',
    field: '新材料及其应用',
    seller_party_type: '高等院校',
    seller_division: '350102',
    buyer_org_id: demander.org.id,
    buyer_name: demander.org.name,
    buyer_party_type: '有限责任公司',
    buyer_division: '350104',
    contract_amount_fen: 1_100_000_00,
    tech_amount_fen: 1_000_000_00,
    payment_terms: '合同生效后 30 日内一次性支付',
    signed_on: inDays(-3).slice(0, 10),
    valid_from: inDays(-3).slice(0, 10),
    valid_to: inDays(700).slice(0, 10),
    agency_id: reviewer.org.id,
    socio_economic_objective: '工商业发展',
    expected_investment_fen: 5_000_000_00,
    expected_output_fen: 20_000_000_00,
  })
  const submitted = await market.api('POST', '/contracts', { token: sTok, body: contract('石墨烯导热膜专利权转让合同') })
  assert.equal(submitted.status, 201, JSON.stringify(submitted.body))
  contractId = submitted.body.id
  const form = new FormData()
  form.append('file', new Blob([LICENCE_PDF], { type: 'application/pdf' }), '合同.pdf')
  const up = await fetch(`${market.baseURL}/api/v1/contracts/${contractId}/file`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sTok}` },
    body: form,
  })
  assert.equal(up.status, 200, await up.text())
  for (const [tok, act] of [
    [sTok, 'confirm'],
    [dTok, 'confirm'],
    [sTok, 'submit'],
  ]) {
    const r = await market.api('POST', `/contracts/${contractId}/${act}`, { token: tok })
    assert.equal(r.status, 200, `${act}: ${JSON.stringify(r.body)}`)
  }
  const drafted = await market.api('POST', '/contracts', { token: sTok, body: contract('镀膜工艺技术开发合同') })
  assert.equal(drafted.status, 201, JSON.stringify(drafted.body))
})

after(async () => {
  await market?.stop()
})

/** Logs in with no ?redirect=, lands on the 工作台, and returns each card's count by key. */
async function landOnWorkspace(page, who) {
  await loginViaUI(page, who.username, who.password)
  await page.waitForURL((u) => u.pathname === '/workspace')
  await page.getByTestId('ws-total').waitFor()
  // The 登录成功 toast would hide the header in the screenshots.
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
  const counts = {}
  for (const card of await page.locator('[data-ws-key]').all()) {
    const key = await card.getAttribute('data-ws-key')
    counts[key] = Number((await card.getByTestId('ws-count').innerText()).trim())
  }
  return counts
}

test('each role lands on its own 工作台 after login', async () => {
  await market.withPage('admin', { viewport: { width: 1440, height: 900 } }, async (page) => {
    const c = await landOnWorkspace(page, ADMIN)
    assert.ok(c.achievements_pending >= 1, JSON.stringify(c))
    assert.ok(c.verifications_pending >= 0 && 'objections_pending' in c && 'memberships_pending' in c, JSON.stringify(c))
    await market.shot(page, 'admin-workspace')
    // The card opens the page where it is done.
    await page.getByTestId('ws-achievements_pending').getByTestId('ws-go').click()
    await page.waitForURL((u) => u.pathname === '/moderation')
  })

  await market.withPage('supplier', {}, async (page) => {
    const c = await landOnWorkspace(page, supplier)
    assert.equal(c.matches_to_answer, 1)
    assert.equal(c.contracts_to_confirm, 1)
    assert.equal(c.achievements_expiring, 1)
    await page.getByTestId('ws-achievements_expiring').getByText('石墨烯导热膜连续化制备技术').waitFor()
    await market.shot(page, 'supplier-workspace')
    await page.getByTestId('ws-contracts_to_confirm').getByTestId('ws-entry').first().locator('a').click()
    await page.waitForURL((u) => /^\/contracts\/\d+$/.test(u.pathname))
  })

  await market.withPage('demander', {}, async (page) => {
    const c = await landOnWorkspace(page, demander)
    assert.equal(c.matches_to_answer, 1)
    assert.equal(c.contracts_to_confirm, 1)
    assert.ok('live_bids' in c && 'needs_expiring' in c, JSON.stringify(c))
    await market.shot(page, 'demander-workspace')
  })

  await market.withPage('broker', {}, async (page) => {
    const c = await landOnWorkspace(page, broker)
    assert.equal(c.matches_proposed, 1)
    assert.equal(c.matches_agreed, 0)
    assert.ok(c.achievements_pending >= 1)
    await page.getByTestId('ws-pipeline').waitFor()
    await market.shot(page, 'broker-workspace')
  })

  await market.withPage('reviewer', {}, async (page) => {
    const c = await landOnWorkspace(page, reviewer)
    assert.equal(c.contracts_submitted, 1)
    await page.getByTestId('ws-contracts_submitted').getByText('已等待 0 / 15 个工作日').waitFor()
    await market.shot(page, 'reviewer-workspace')
    await page.getByTestId('ws-contracts_submitted').getByTestId('ws-go').click()
    await page.waitForURL((u) => u.pathname === '/review')
  })

  // A ?redirect= still wins, and a phone shows the same cards.
  await market.withPage('phone', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
    await page.goto('/login?redirect=/contracts')
    await page.getByTestId('login-username').fill(reviewer.username)
    await page.getByTestId('login-password').fill(reviewer.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/contracts')
    await page.goto('/workspace')
    await page.getByTestId('ws-contracts_submitted').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
    await market.shot(page, 'reviewer-workspace-phone')
  })
})

test("the admin's header fits at 1440 and 1280 px: 管理 groups the desks, 统计 is in the bar", async () => {
  for (const width of [1440, 1280]) {
    await market.withPage(`header-${width}`, { viewport: { width, height: 900 } }, async (page) => {
      await loginViaUI(page, ADMIN.username, ADMIN.password)
      await page.getByTestId('nav-stats').waitFor()
      await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
      assert.ok(await page.getByTestId('nav-stats').isVisible(), '统计 is in the bar')
      assert.equal(await page.locator('.tm-nav .el-sub-menu__icon-more').count(), 0, 'nothing folds into "…"')
      await page.getByTestId('nav-admin').click()
      for (const id of ['nav-moderation', 'nav-admin-orgs', 'nav-admin-members', 'nav-admin-users', 'nav-admin-reports', 'nav-admin-feedback', 'nav-admin-site']) {
        await page.getByTestId(id).waitFor()
      }
      await market.shot(page, `admin-header-${width}`)
      await page.getByTestId('nav-admin-reports').click()
      await page.waitForURL((u) => u.pathname === '/admin/reports')
      await page.getByTestId('nav-stats').click()
      await page.waitForURL((u) => u.pathname === '/stats')
    })
  }
})
