// Matching end to end: a broker takes a need to 已达成 through the workbench. The need and an
// achievement share words (石墨烯导热膜); the broker sees the recommendation with its reasons (or,
// while the matches endpoint is missing, pairs them by hand), proposes, is refused 已联系 before
// both sides accepted (the API's Chinese 409), the supplier and the demander each accept on 我的对接
// (no contacts until both did), and the broker moves contacted → negotiating → agreed with a price.
// Also: the 匹配推荐 card on a listing page, the field suggestion in the form, saved searches.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ADMIN,
  adminMenu,
  apiResponse,
  fillNumber,
  loginViaUI,
  newUser,
  publishListing,
  searchPick,
  startMarket,
  waitIndexed,
} from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const ACH_TITLE = '石墨烯导热膜规模化制备技术'
const NEED_TITLE = '智能手机散热用石墨烯导热膜联合开发'

let market
let supplier, demander, broker
let achievement, need

before(async () => {
  market = await startMarket({ name: 'matching' })
  supplier = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  demander = await newUser(market, 'demander', 'enterprise', { name: '林晓红', region: '350104' })
  broker = await newUser(market, 'broker', 'broker_firm', { name: '黄志强' })

  const supplierToken = await market.token(supplier.username, supplier.password)
  achievement = await publishListing(market, 'achievements', supplierToken, {
    title: ACH_TITLE,
    summary: '采用氧化还原与高温石墨化连续工艺制备高导热石墨烯导热膜，面内导热系数超过 1500 W/(m·K)，可用于手机与基站散热。',
    keywords: ['石墨烯', '导热膜', '散热'],
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
  })
  need = await publishListing(market, 'needs', await market.token(demander.username, demander.password), {
    title: NEED_TITLE,
    summary: '我司生产智能手机，需要面内导热系数 1200 W/(m·K) 以上的石墨烯导热膜，寻求高校合作开发或技术转让，实现规模化生产。',
    keywords: ['石墨烯', '导热膜', '手机散热'],
    field: '新材料及其应用',
    region: '350104',
    coop_modes: ['合作开发', '转让'],
    contact_name: '林经理',
    contact_phone: '0591-87654321',
    contact_email: 'lin@example.com',
    budget_negotiable: true,
    budget_min_fen: 0,
    budget_max_fen: 0,
  })
  await waitIndexed(market, '导热膜', ACH_TITLE)
  await waitIndexed(market, '导热膜', NEED_TITLE)
  // The field suggestion votes among published listings like the text, at least three with a field: two more
  // graphene achievements join the pair above.
  for (const title of ['石墨烯散热薄膜卷对卷制备工艺', '低成本石墨烯导热复合材料']) {
    await publishListing(market, 'achievements', supplierToken, {
      title,
      summary: `${title}：石墨烯导热膜规模化制备，导热系数超过 1000 W/(m·K)，用于消费电子散热。`,
      keywords: ['石墨烯', '导热膜'],
      field: '新材料及其应用',
      region: '350102',
      coop_modes: ['转让'],
      contact_name: '陈老师',
      contact_phone: '0591-22866000',
      ip_type: '发明专利',
      maturity: 5,
      price_type: 'negotiable',
      price_fen: 0,
    })
    await waitIndexed(market, '导热膜', title)
  }
})

after(async () => {
  await market?.stop()
})

/** Whether GET /needs/{id}/matches exists yet and finds the achievement. */
async function recommendationsWork() {
  const res = await market.api('GET', `/needs/${need.id}/matches?size=20`)
  return res.status === 200 && res.body.items?.some((m) => m.id === achievement.id)
}

/** The kanban card of a match, in the column of a status. */
function card(page, status, matchId) {
  return page.getByTestId(`kanban-col-${status}`).locator(`[data-testid="kanban-card"][data-id="${matchId}"]`)
}

/** Moves the open match (in the drawer or on its page) to a status through the dialog. */
async function move(page, matchId, status, { note = '', priceWan = null } = {}) {
  await page.getByTestId(`match-move-${status}`).click()
  await page.getByTestId('match-move-confirm').waitFor()
  if (priceWan !== null) await fillNumber(page, 'match-move-price', priceWan)
  if (note) await page.getByTestId('match-move-note').fill(note)
  const moved = apiResponse(page, 'POST', `/api/v1/matches/${matchId}/move`)
  await page.getByTestId('match-move-confirm').click()
  const res = await moved
  return res
}

test('a broker takes a need from recommendation to 已达成', async () => {
  assert.ok(await recommendationsWork(), 'GET /needs/{id}/matches finds the achievement')
  const bp = await market.newPage()
  let matchId

  // --- the broker opens the workbench and proposes the achievement for the need ---
  await loginViaUI(bp, broker.username, broker.password)
  await bp.getByTestId('nav-workbench').click()
  await bp.waitForURL((u) => u.pathname === '/workbench')
  await bp.getByTestId('kanban-col-proposed').waitFor()
  await bp.locator('#tab-recommend').click()
  await bp.waitForURL((u) => u.searchParams.get('tab') === 'recommend')

  await searchPick(bp, 'wb-need', '导热膜', `wb-need-${need.id}`)
  await bp.waitForURL((u) => u.searchParams.get('need') === String(need.id))
  const suggestions = bp.getByTestId('match-suggestions')
  await suggestions.waitFor()

  const item = suggestions.locator(`[data-testid="match-suggestion"][data-id="${achievement.id}"]`)
  await item.getByTestId('match-suggestion-title').getByText(ACH_TITLE).waitFor()
  const reasons = await item.getByTestId('match-suggestion-reasons').innerText()
  assert.ok(reasons.trim().length > 0, 'the recommendation says why')
  // A fit level in words, never a raw search score.
  assert.match(await item.getByTestId('match-suggestion-fit').innerText(), /^匹配度 (高|中|低)$/)
  assert.doesNotMatch(await suggestions.innerText(), /得分|\d+\.\d{2}(?!\s*万)/)
  await bp.getByTestId('wb-note').fill('成果的导热指标满足需求，建议对接')
  await market.shot(bp, 'workbench-recommendations')
  const proposed = apiResponse(bp, 'POST', '/api/v1/matches')
  await item.getByTestId('wb-propose').click()
  const res = await proposed
  assert.equal(res.status(), 201, await res.text())
  const m = await res.json()
  assert.equal(m.source, 'recommendation')
  assert.ok(m.reasons.length > 0, 'the reasons are kept with the match')
  matchId = m.id
  await item.getByTestId('wb-proposed').waitFor()

  // Proposing the same pair again is refused with the API's message.
  const again = await market.api('POST', '/matches', {
    token: await market.token(broker.username, broker.password),
    body: { need_id: need.id, achievement_id: achievement.id, source: 'manual' },
  })
  assert.equal(again.status, 409)
  assert.equal(again.body.error.code, 'match_exists')

  // --- the card is in 已推荐; 已联系 waits for both sides' answers: the match does not offer it yet ---
  await bp.locator('#tab-board').click()
  await card(bp, 'proposed', matchId).waitFor()
  await card(bp, 'proposed', matchId).click()
  const detail = bp.getByTestId('match-detail')
  await detail.getByTestId('match-need').getByText(NEED_TITLE).waitFor()
  // The broker running the match sees both contacts from the start.
  await detail.getByTestId('match-contact-supplier').getByText('陈老师').waitFor()
  await detail.getByText('供需双方都同意对接后，才能标记为已联系。').waitFor()
  await detail.getByTestId('match-move-failed').waitFor()
  assert.equal(await detail.getByTestId('match-move-contacted').count(), 0, 'no 已联系 before both accepted')
  await market.shot(bp, 'workbench-not-accepted')
  await bp.keyboard.press('Escape')

  // --- the supplier accepts on 我的对接; no contacts yet ---
  const sp = await market.newPage()
  await loginViaUI(sp, supplier.username, supplier.password)
  await sp.getByTestId('nav-my-matches').click()
  await sp.waitForURL((u) => u.pathname === '/my/matches')
  await sp.getByTestId('matches-row-awaiting').waitFor()
  await market.shot(sp, 'supplier-my-matches')
  await sp.getByTestId('matches-row').filter({ hasText: NEED_TITLE }).click()
  await sp.waitForURL((u) => u.pathname === `/matches/${matchId}`)
  await sp.getByTestId('match-contacts-hidden').waitFor()
  assert.equal(await sp.getByTestId('match-contact-demander').count(), 0)
  const sAccepted = apiResponse(sp, 'POST', `/api/v1/matches/${matchId}/accept`)
  await sp.getByTestId('match-accept').click()
  assert.equal((await sAccepted).status(), 200)
  await sp.getByTestId('match-response-supplier').getByText('已同意').waitFor()
  await sp.getByTestId('match-response-demander').getByText('待答复').waitFor()
  await sp.getByTestId('match-contacts-hidden').waitFor()
  assert.equal(await sp.getByTestId('match-accept').count(), 0, 'answered once')
  await market.shot(sp, 'supplier-accepted')

  // --- the demander accepts; now both see each other's contacts ---
  const dp = await market.newPage()
  await loginViaUI(dp, demander.username, demander.password)
  await dp.goto('/my/matches')
  await dp.getByTestId('matches-row').filter({ hasText: NEED_TITLE }).click()
  await dp.waitForURL((u) => u.pathname === `/matches/${matchId}`)
  await dp.getByTestId('match-contacts-hidden').waitFor()
  await dp.getByTestId('match-accept').click()
  await dp.getByTestId('match-contact-supplier').getByText('陈老师').waitFor()
  await dp.getByTestId('match-contact-supplier').getByText('0591-22866000').waitFor()
  await market.shot(dp, 'demander-contacts')
  await sp.reload()
  await sp.getByTestId('match-contact-demander').getByText('林经理').waitFor()
  await sp.getByTestId('match-contact-demander').getByText('lin@example.com').waitFor()

  // --- the broker moves it on: contacted → negotiating → agreed with a price ---
  await bp.reload()
  await card(bp, 'proposed', matchId).click()
  await detail.getByTestId('match-response-demander').getByText('已同意').waitFor()
  assert.equal((await move(bp, matchId, 'contacted', { note: '已电话联系双方，约定到企业现场交流' })).status(), 200)
  await detail.getByTestId('match-status').getByText('已联系').waitFor()
  assert.equal((await move(bp, matchId, 'negotiating')).status(), 200)
  await detail.getByTestId('match-status').getByText('洽谈中').waitFor()
  await bp.getByTestId('match-note').fill('双方就许可费用进行第二轮谈判')
  await bp.getByTestId('match-note-add').click()
  await detail.getByTestId('match-timeline').getByText('双方就许可费用进行第二轮谈判').waitFor()
  const agreed = await move(bp, matchId, 'agreed', { priceWan: 80, note: '双方达成技术许可协议' })
  assert.equal(agreed.status(), 200, await agreed.text())
  const agreedMatch = await agreed.json()
  assert.equal(agreedMatch.agreed_price_fen, 80_000_000, '80 万元 is sent as fen')
  await detail.getByTestId('match-status').getByText('已达成').waitFor()
  await detail.getByTestId('match-agreed-price').getByText('80 万元').waitFor()
  // The timeline: proposed, both answers, contacted (with its note), negotiating, the note, agreed.
  const timeline = detail.getByTestId('match-timeline')
  await timeline.getByText('已电话联系双方，约定到企业现场交流').waitFor()
  await timeline.getByText('供方同意对接').waitFor()
  await timeline.getByText('需方同意对接').waitFor()
  assert.ok((await timeline.getByTestId('match-timeline-item').count()) >= 7)
  assert.equal(await bp.getByTestId('match-move-agreed').count(), 0, 'an agreed match has no further moves')
  await market.shot(bp, 'workbench-match-agreed')
  await bp.keyboard.press('Escape')
  await card(bp, 'agreed', matchId).waitFor()
  await card(bp, 'agreed', matchId).getByText('80 万元').waitFor()
  assert.equal(await card(bp, 'proposed', matchId).count(), 0)
  await market.shot(bp, 'workbench-desktop')

  // 我的 / 本机构: the broker's own matches are the firm's here.
  await bp.getByTestId('wb-scope-mine').click()
  await bp.waitForURL((u) => u.searchParams.get('mine') === '1')
  await card(bp, 'agreed', matchId).waitFor()

  // --- performance: the firm's 促成额 comes from registered contracts (none yet: the agreed price is
  // no 促成额), the broker's matches are activity ---
  await bp.locator('#tab-performance').click()
  await bp.getByTestId('wb-perf-firms-table').getByText('未登记为技术转移机构', { exact: false }).waitFor()
  await bp.getByTestId('wb-perf-brokers').click()
  const perf = bp.getByTestId('wb-perf-table')
  await perf.getByText(broker.name).waitFor()
  await perf.getByText('100%').waitFor()
  await bp.getByTestId('wb-perf-chart').locator('canvas').first().waitFor()
  await market.shot(bp, 'workbench-performance')

  // --- roadshow intents (none here) ---
  await bp.locator('#tab-intents').click()
  await bp.getByTestId('wb-intents').getByText('暂无路演意向').waitFor()

  // --- the workbench on a phone ---
  const phone = await market.newPage(PHONE)
  await loginViaUI(phone, broker.username, broker.password)
  await phone.goto('/workbench')
  await card(phone, 'agreed', matchId).waitFor({ state: 'attached' })
  await phone.getByTestId('kanban-col-proposed').waitFor()
  await market.shot(phone, 'workbench-phone')
  await phone.getByTestId('nav-toggle').click()
  await phone.getByTestId('drawer-nav-workbench').waitFor()
  await phone.getByTestId('drawer-nav-saved-searches').waitFor()
  await phone.keyboard.press('Escape')
  await phone.locator('.tm-kb-chip', { hasText: '已达成 1' }).click()
  await card(phone, 'agreed', matchId).click()
  await phone.getByTestId('match-detail').getByTestId('match-status').getByText('已达成').waitFor()
  await market.shot(phone, 'workbench-phone-match')

  // --- admins see every firm's pipeline (but do not propose) ---
  const ap = await market.newPage()
  await loginViaUI(ap, ADMIN.username, ADMIN.password)
  // (in the user menu: an admin's bar is full)
  await ap.getByTestId('user-menu').click()
  await ap.getByTestId('nav-workbench').click()
  await ap.waitForURL((u) => u.pathname === '/workbench')
  await card(ap, 'agreed', matchId).waitFor()
  assert.equal(await ap.getByTestId('wb-scope').count(), 0, 'no 我的/本机构 switch for admins')
  await adminMenu(ap, 'nav-admin-users')
  await ap.waitForURL((u) => u.pathname === '/admin/users')
  await market.shot(ap, 'admin-header')
})

test('a listing page shows 匹配推荐, and the form suggests a field', async () => {
  const page = await market.newPage()
  await page.goto(`/needs/${need.id}`)
  const box = page.getByTestId('match-suggestions')
  await box.getByText('匹配推荐', { exact: true }).waitFor()
  assert.ok(await recommendationsWork(), 'GET /needs/{id}/matches finds the achievement')
  const item = box.locator(`[data-testid="match-suggestion"][data-id="${achievement.id}"]`)
  await item.getByTestId('match-suggestion-reasons').waitFor()
  await item.getByTestId('match-suggestion-title').click()
  await page.waitForURL((u) => u.pathname === `/achievements/${achievement.id}`)
  await page.getByTestId('match-suggestions').locator(`[data-testid="match-suggestion"][data-id="${need.id}"]`).waitFor()
  await market.shot(page, 'detail-match-suggestions')

  // The field suggestion (the two extra achievements published before the tests give it enough votes).
  const token = await market.token(demander.username, demander.password)
  const probe = await market.api('POST', '/field-suggestion', {
    token,
    body: { title: '石墨烯导热膜的低成本制备', summary: '寻求石墨烯导热膜低成本规模化制备技术，用于消费电子散热。', keywords: [] },
  })
  const dp = await market.newPage()
  await loginViaUI(dp, demander.username, demander.password)
  await dp.goto('/my/needs/new')
  await dp.getByTestId('form-title').fill('石墨烯导热膜的低成本制备')
  await dp.getByTestId('form-summary').fill('寻求石墨烯导热膜低成本规模化制备技术，用于消费电子散热。')
  assert.equal(probe.status, 200, JSON.stringify(probe.body))
  assert.ok(probe.body.field, 'a field is suggested for a graphene heat-film need')
  const hint = dp.getByTestId('field-suggestion')
  await hint.getByText(`建议：${probe.body.field}`).waitFor()
  await market.shot(dp, 'form-field-suggestion')
  await hint.getByTestId('field-suggestion-adopt').click()
  await dp.getByTestId('form-field').getByText(probe.body.field).waitFor()
  await hint.waitFor({ state: 'detached' })
})

test('a saved search is kept, opened, announces new listings and is deleted', async () => {
  const page = await market.newPage()
  await loginViaUI(page, supplier.username, supplier.password)
  await page.goto(`/search?q=${encodeURIComponent('导热膜')}&kind=need`)
  await page.getByTestId('search-hit').first().waitFor()
  await page.getByTestId('search-save').click()
  const dialog = page.getByTestId('save-search-dialog')
  await dialog.getByText('搜索词：导热膜').waitFor()
  await dialog.getByText('类型：需求').waitFor()
  await page.getByTestId('save-search-name').fill('导热膜需求')
  const saved = apiResponse(page, 'POST', '/api/v1/saved-searches')
  await page.getByTestId('save-search-confirm').click()
  const res = await saved
  assert.equal(res.status(), 201, await res.text())
  assert.deepEqual((await res.json()).params, { q: '导热膜', kind: 'need' })

  // In the user menu, then 打开 leads back to the same search.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('nav-saved-searches').click()
  await page.waitForURL((u) => u.pathname === '/my/saved-searches')
  const item = page.getByTestId('saved-item').filter({ hasText: '导热膜需求' })
  await item.getByText('类型：需求').waitFor()
  await market.shot(page, 'saved-searches')
  await item.getByTestId('saved-open').click()
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === '导热膜' && u.searchParams.get('kind') === 'need')
  await page.getByTestId('search-hit').filter({ hasText: NEED_TITLE }).waitFor()

  // A new need that matches is announced in the bell, linking to it.
  const fresh = await publishListing(market, 'needs', await market.token(demander.username, demander.password), {
    title: '柔性屏用超薄导热膜开发',
    summary: '需要厚度 20 微米以下的超薄导热膜，用于折叠屏手机散热，欢迎高校与科研院所合作开发。',
    keywords: ['导热膜', '柔性屏'],
    field: '新材料及其应用',
    region: '350104',
    coop_modes: ['合作开发'],
    budget_negotiable: true,
  })
  const token = await market.token(supplier.username, supplier.password)
  const deadline = Date.now() + 20_000
  let hit
  while (!hit) {
    const res = await market.api('GET', '/notifications?size=20', { token })
    hit = res.body.items.find((n) => n.kind === 'saved_search.hit')
    if (!hit && Date.now() > deadline) throw new Error(`no saved_search.hit: ${JSON.stringify(res.body)}`)
    if (!hit) await new Promise((r) => setTimeout(r, 250))
  }
  assert.equal(hit.link, `/needs/${fresh.id}`)
  await page.goto('/my/saved-searches')
  await page.getByTestId('notif-bell').click()
  await page.getByTestId('notif-item').filter({ hasText: '柔性屏用超薄导热膜开发' }).click()
  await page.waitForURL((u) => u.pathname === `/needs/${fresh.id}`)

  // 删除
  await page.goto('/my/saved-searches')
  await item.getByTestId('saved-delete').click()
  const deleted = apiResponse(page, 'DELETE', `/api/v1/saved-searches/${(await market.api('GET', '/saved-searches', { token })).body.items[0].id}`)
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
  assert.equal((await deleted).status(), 204)
  await item.waitFor({ state: 'detached' })
  await page.getByText('还没有保存的搜索').waitFor()
})
