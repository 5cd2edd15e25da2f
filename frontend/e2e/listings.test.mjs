// Listings end to end: a supplier publishes an achievement through the form, a broker approves it
// in the moderation queue, the supplier is notified, the public finds it by Simplified and
// Traditional words with highlighting, and only verified users see the contact. Bad input stays
// in the form with the API's Chinese field messages. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ADMIN,
  apiResponse,
  fillNumber,
  loginViaUI,
  newUser as newUserVia,
  pickOption,
  startMarket,
  waitIndexed as waitIndexedVia,
} from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

let market

before(async () => {
  market = await startMarket({ name: 'listings' })
})

after(async () => {
  await market?.stop()
})

/** A new user with a new organisation; verified by the admin unless verify is false. */
const newUser = (role, orgType, opts) => newUserVia(market, role, orgType, opts)
const waitIndexed = (q, title) => waitIndexedVia(market, q, title)

/** The error message under the form item that holds the element with this test id. */
function fieldError(page, testid) {
  return page.locator('.el-form-item', { has: page.getByTestId(testid) }).locator('.el-form-item__error')
}

test('an achievement goes from the form through moderation to search, with contacts for verified users only', async () => {
  const title = '石墨烯导热膜规模化制备技术'
  const supplierUser = await newUser('supplier', 'university', { name: '陈晓明' })
  // Moderating is a power: the broker's firm is verified (an unverified one sees no queue).
  const brokerUser = await newUser('broker', 'broker_firm', { name: '黄志强' })
  const demanderUser = await newUser('demander', 'enterprise', { region: '350104', name: '林晓红' })
  // The bell below counts the listing's notice alone: the set-up's 已通过实名认证 notice is read already.
  const read = await market.api('POST', '/notifications/read', {
    token: await market.token(supplierUser.username, supplierUser.password),
    body: { ids: [] },
  })
  assert.ok(read.status < 300, `marking read answered ${read.status}`)

  const supplier = await market.newPage()
  const broker = await market.newPage()
  const visitor = await market.newPage()
  const demander = await market.newPage()
  try {
    // --- the supplier fills the form and submits ---
    await loginViaUI(supplier, supplierUser.username, supplierUser.password)
    await supplier.getByTestId('nav-my-listings').click()
    await supplier.waitForURL((u) => u.pathname === '/my/listings')
    await supplier.getByTestId('my-list').waitFor()
    assert.equal(await supplier.getByTestId('nav-moderation').count(), 0, 'suppliers do not moderate')
    await market.shot(supplier, 'my-listings-empty')
    await supplier.getByTestId('my-new').click()
    await supplier.waitForURL((u) => u.pathname === '/my/achievements/new')

    await supplier.getByTestId('form-title').fill(title)
    await supplier
      .getByTestId('form-summary')
      .fill('采用氧化还原与高温石墨化连续工艺制备高导热石墨烯导热膜，面内导热系数超过 1500 W/(m·K)，可用于手机与基站散热。')
    await supplier.getByTestId('form-keywords').fill('石墨烯；导热膜；散热')
    await pickOption(supplier, 'form-field', 'form-field-新材料及其应用')
    // The region starts as the organisation's.
    await supplier.getByTestId('form-region').getByText('福州市鼓楼区').waitFor()
    await pickOption(supplier, 'form-ip-type', 'form-ip-type-发明专利')
    await pickOption(supplier, 'form-maturity', 'form-maturity-6')
    await supplier.getByTestId('form-patents').fill('ZL202310123456.7')
    await supplier.getByTestId('form-coop-转让').click()
    await supplier.getByTestId('form-coop-许可').click()
    await supplier.getByTestId('form-price-type-indicative').click()
    await fillNumber(supplier, 'form-price', '120')
    await supplier.getByTestId('form-contact-name').fill('陈老师')
    await supplier.getByTestId('form-contact-phone').fill('0591-22866000')
    await supplier.getByTestId('form-contact-email').fill('chen@example.edu.cn')
    await market.shot(supplier, 'achievement-form')

    const created = apiResponse(supplier, 'POST', '/api/v1/achievements')
    await supplier.getByTestId('form-submit').click()
    const createdRes = await created
    assert.equal(createdRes.status(), 201, `create answered ${createdRes.status()}: ${await createdRes.text()}`)
    const draft = await createdRes.json()
    assert.equal(draft.price_fen, 120_000_000, '120 万元 is sent as fen')
    assert.deepEqual(draft.coop_modes, ['转让', '许可'])
    assert.equal(draft.maturity, 6)
    await supplier.waitForURL((u) => u.pathname === '/my/listings')
    const myRow = supplier.locator('.el-table__body tr', { hasText: title })
    await myRow.getByTestId('my-row-status').getByText('待审核').waitFor()
    await market.shot(supplier, 'my-listings-pending')

    // --- not public yet: the detail is hidden from others ---
    const hidden = await market.api('GET', `/achievements/${draft.id}`)
    assert.equal(hidden.status, 404)

    // --- a broker approves it in the moderation queue ---
    await loginViaUI(broker, brokerUser.username, brokerUser.password)
    await broker.getByTestId('nav-moderation').click()
    await broker.waitForURL((u) => u.pathname === '/moderation')
    const modRow = broker.locator('.el-table__body tr', { hasText: title })
    await modRow.waitFor()
    await modRow.getByText(supplierUser.org.name).waitFor()
    await market.shot(broker, 'moderation-queue')
    await modRow.getByTestId('moderate-approve').click()
    const box = broker.locator('.el-message-box')
    await box.waitFor()
    const approved = apiResponse(broker, 'POST', `/api/v1/achievements/${draft.id}/approve`)
    await box.getByRole('button', { name: '通过' }).click()
    assert.equal((await approved).status(), 200)
    await modRow.waitFor({ state: 'detached' })
    await market.shot(broker, 'moderation-done')

    // --- the supplier sees it published and a notification in the bell ---
    await supplier.reload()
    await myRow.getByTestId('my-row-status').getByText('已发布').waitFor()
    await supplier.getByTestId('notif-badge').locator('.el-badge__content').getByText('1').waitFor()
    await supplier.getByTestId('notif-bell').click()
    const note = supplier.getByTestId('notif-item').filter({ hasText: title })
    await note.getByText('已审核通过并发布').waitFor()
    await market.shot(supplier, 'notification-bell')
    await note.click()
    await supplier.waitForURL((u) => u.pathname === `/achievements/${draft.id}`)
    await supplier.getByTestId('detail-status').getByText('已发布').waitFor()
    await supplier.getByTestId('notif-badge').locator('.el-badge__content').waitFor({ state: 'hidden' })
    await supplier.getByTestId('listing-withdraw').waitFor()
    await market.shot(supplier, 'detail-owner')

    // --- the public finds it by a Simplified word, with highlighting ---
    await waitIndexed('导热膜', title)
    await visitor.goto('/')
    await visitor.getByTestId('search-input').fill('导热膜')
    await visitor.getByTestId('search-submit').click()
    await visitor.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === '导热膜')
    const hit = visitor.getByTestId('search-hit').filter({ hasText: title })
    await hit.waitFor()
    assert.match(await hit.getByTestId('hit-title').innerHTML(), /<mark>[^<]*导热膜[^<]*<\/mark>/)
    assert.ok(await hit.locator('mark').count(), 'matches are marked')
    await visitor.getByTestId('search-total').getByText('共 1 条结果').waitFor()
    await visitor.getByTestId('facet-field-新材料及其应用').waitFor()
    await market.shot(visitor, 'search-simplified')

    // A facet narrows the result and lands in the URL; the back button undoes it.
    await visitor.getByTestId('facet-region-3501').click()
    await visitor.waitForURL((u) => u.searchParams.get('region') === '3501')
    await visitor.getByTestId('active-filter').getByText('地区：福州市').waitFor()
    await hit.waitFor()
    await visitor.getByTestId('filter-kind-need').click()
    await visitor.waitForURL((u) => u.searchParams.get('kind') === 'need')
    await visitor.getByTestId('search-empty').waitFor()
    await market.shot(visitor, 'search-no-needs')
    await visitor.goBack()
    await visitor.waitForURL((u) => !u.searchParams.has('kind') && u.searchParams.get('region') === '3501')
    await hit.waitFor()

    // ... and by a Traditional query.
    await visitor.goto(`/search?q=${encodeURIComponent('導熱膜')}`)
    await hit.waitFor()
    assert.match(await hit.getByTestId('hit-title').innerHTML(), /<mark>/)
    await market.shot(visitor, 'search-traditional')

    // A price range in 万元 and a price sort keep it (120 万元); a range below it does not.
    await fillNumber(visitor, 'filter-price-min', '100')
    await fillNumber(visitor, 'filter-price-max', '150')
    await visitor.getByTestId('filter-price-apply').click()
    await visitor.waitForURL((u) => u.searchParams.get('price_min') === '100' && u.searchParams.get('price_max') === '150')
    await hit.waitFor()
    await pickOption(visitor, 'search-sort', 'search-sort-price_desc')
    await visitor.waitForURL((u) => u.searchParams.get('sort') === 'price_desc')
    await hit.waitFor()
    await market.shot(visitor, 'search-price-filter')
    await visitor.goto(`/search?q=${encodeURIComponent('導熱膜')}&price_max=50`)
    await visitor.getByTestId('search-empty').waitFor()
    await visitor.goBack()
    await hit.waitFor()

    // --- the detail shows the public fields but no contact ---
    await hit.getByTestId('hit-title').click()
    await visitor.waitForURL((u) => u.pathname === `/achievements/${draft.id}`)
    await visitor.getByTestId('detail-title').getByText(title).waitFor()
    await visitor.getByTestId('detail-price').getByText('参考价 120 万元').waitFor()
    await visitor.getByTestId('detail-maturity').getByText('6 级', { exact: false }).waitFor()
    await visitor.getByTestId('detail-region').getByText('福州市鼓楼区').waitFor()
    await visitor.getByTestId('detail-org').getByText(supplierUser.org.name).waitFor()
    await visitor.getByTestId('detail-coop').getByText('转让、许可').waitFor()
    await visitor.getByTestId('contact-hidden').getByText('登录并通过机构认证后可查看联系方式').waitFor()
    assert.equal(await visitor.getByTestId('contact-name').count(), 0)
    assert.equal(await visitor.getByText('0591-22866000').count(), 0)
    assert.equal(await visitor.getByTestId('detail-owner').count(), 0)
    await market.shot(visitor, 'detail-public')

    // --- a logged-in user of a verified enterprise sees the contact ---
    await loginViaUI(demander, demanderUser.username, demanderUser.password)
    await demander.goto(`/achievements/${draft.id}`)
    await demander.getByTestId('contact-name').getByText('陈老师').waitFor()
    await demander.getByTestId('contact-phone').getByText('0591-22866000').waitFor()
    await demander.getByTestId('contact-email').getByText('chen@example.edu.cn').waitFor()
    await market.shot(demander, 'detail-verified-demander')
  } catch (e) {
    for (const [p, label] of [
      [supplier, 'supplier'],
      [broker, 'broker'],
      [visitor, 'visitor'],
      [demander, 'demander'],
    ]) {
      await market.shot(p, `${label}-FAILED`).catch(() => {})
    }
    throw e
  }
})

test('bad input in the form shows the Chinese field messages and creates nothing', async () => {
  const u = await newUser('supplier', 'institute', { verify: false })
  await market.withPage('bad-input', {}, async (page) => {
    const posts = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/achievements') posts.push(r)
    })
    await loginViaUI(page, u.username, u.password)
    await page.goto('/my/achievements/new')
    await page.getByTestId('form-title').waitFor()
    await page.getByTestId('org-unverified').waitFor()

    // Too short a title is caught in the browser: no request at all.
    await page.getByTestId('form-title').fill('石墨')
    await page.getByTestId('form-save').click()
    await fieldError(page, 'form-title').getByText('标题至少 4 个字符').waitFor()
    await fieldError(page, 'form-summary').getByText('请填写成果简介').waitFor()
    assert.equal(posts.length, 0)
    await market.shot(page, 'form-client-errors')

    // What only the server checks comes back per field and lands under each one.
    await page.getByTestId('form-title').fill('柔性钙钛矿太阳能电池组件')
    await page.getByTestId('form-summary').fill('一种可弯折的钙钛矿太阳能电池组件及其卷对卷制备方法。')
    await page.getByTestId('form-keywords').fill('钙钛矿；这是一个明显超过三十个字符长度限制的关键词用于检验服务端校验是否生效')
    await page.getByTestId('form-contact-email').fill('not-an-email')
    const answered = apiResponse(page, 'POST', '/api/v1/achievements')
    await page.getByTestId('form-save').click()
    const res = await answered
    assert.equal(res.status(), 422)
    const body = await res.json()
    assert.equal(body.error.code, 'invalid_input')
    assert.ok(body.error.fields.keywords, 'the API names the keywords field')
    assert.ok(body.error.fields.contact_email, 'the API names the e-mail field')
    await fieldError(page, 'form-keywords').getByText(body.error.fields.keywords).waitFor()
    await fieldError(page, 'form-contact-email').getByText(body.error.fields.contact_email).waitFor()
    assert.equal(new URL(page.url()).pathname, '/my/achievements/new')
    await market.shot(page, 'form-server-errors')

    // Nothing was created.
    const token = await market.token(u.username, u.password)
    const mine = await market.api('GET', '/my/achievements', { token })
    assert.equal(mine.status, 200)
    assert.equal(mine.body.total, 0)
  })
})

test('a rejected need shows its reason to the demander, who revises and withdraws it', async () => {
  const u = await newUser('demander', 'enterprise', { name: '林晓红' })
  const title = '高精度注塑模具温控系统改造'
  const reason = '请补充现有设备型号和期望达到的温控精度'
  const admin = await market.newPage()
  const demander = await market.newPage()
  try {
    await loginViaUI(demander, u.username, u.password)
    await demander.goto('/my/listings')
    await demander.getByTestId('my-new').getByText('发布需求').waitFor()
    await demander.getByTestId('my-new').click()
    await demander.waitForURL((u) => u.pathname === '/my/needs/new')
    await demander.getByTestId('form-title').fill(title)
    await demander.getByTestId('form-summary').fill('现有注塑模具温控波动较大，导致产品尺寸一致性差，希望改造温控系统。')
    await pickOption(demander, 'form-field', 'form-field-先进制造')
    await demander.getByTestId('form-coop-技术服务').click()
    // A budget is required unless negotiable; min above max is refused.
    await fillNumber(demander, 'form-budget-min', '80')
    await fillNumber(demander, 'form-budget-max', '50')
    await demander.getByTestId('form-submit').click()
    await fieldError(demander, 'form-budget-min').getByText('预算下限不能高于上限').waitFor()
    await fillNumber(demander, 'form-budget-max', '100')
    await market.shot(demander, 'need-form')
    const created = apiResponse(demander, 'POST', '/api/v1/needs')
    await demander.getByTestId('form-submit').click()
    const need = await (await created).json()
    assert.equal(need.budget_min_fen, 80_000_000)
    assert.equal(need.budget_max_fen, 100_000_000)
    await demander.waitForURL((u) => u.pathname === '/my/listings')
    const row = demander.locator('.el-table__body tr', { hasText: title })
    await row.getByTestId('my-row-status').getByText('待审核').waitFor()

    // The admin rejects it with a reason, from the needs tab of the queue.
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto('/moderation?tab=need')
    const modRow = admin.locator('.el-table__body tr', { hasText: title })
    await modRow.getByTestId('moderate-reject').click()
    const dialog = admin.getByTestId('reject-dialog')
    await dialog.waitFor()
    await admin.getByTestId('reject-confirm').click()
    await dialog.getByText('请填写驳回理由').waitFor()
    await admin.getByTestId('reject-reason').fill(reason)
    await market.shot(admin, 'moderation-reject-dialog')
    const rejected = apiResponse(admin, 'POST', `/api/v1/needs/${need.id}/reject`)
    await admin.getByTestId('reject-confirm').click()
    assert.equal((await rejected).status(), 200)
    await modRow.waitFor({ state: 'detached' })

    // The demander sees 已驳回 with the reason, and turns it back into a draft.
    await demander.reload()
    await row.getByTestId('my-row-status').getByText('已驳回').waitFor()
    await row.getByText(reason).waitFor()
    await row.getByTestId('listing-edit').waitFor()
    await market.shot(demander, 'my-listings-rejected')
    await row.getByTestId('listing-revise').click()
    await row.getByTestId('my-row-status').getByText('草稿').waitFor()

    // Withdrawn, then renewed back to a draft.
    await row.getByTestId('listing-withdraw').click()
    await demander.locator('.el-message-box').getByRole('button', { name: '撤回' }).click()
    await row.getByTestId('my-row-status').getByText('已撤回').waitFor()
    await row.getByTestId('listing-renew').click()
    await demander.locator('.el-message-box').getByRole('button', { name: '重新发布' }).click()
    await row.getByTestId('my-row-status').getByText('草稿').waitFor()
    await market.shot(demander, 'my-listings-renewed')

    // The budget reads in 万元 on the owner's detail page.
    await row.getByTestId('my-row-title').click()
    await demander.getByTestId('detail-budget').getByText('80 万元 – 100 万元').waitFor()
    await demander.getByTestId('detail-status').getByText('草稿').waitFor()
  } catch (e) {
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    await market.shot(demander, 'demander-FAILED').catch(() => {})
    throw e
  }
})

// Finds the achievement published by the first test.
test('on a phone the search page stacks, and the filters open in a drawer', async () => {
  await market.withPage('phone-search', PHONE, async (page) => {
    await page.goto(`/search?q=${encodeURIComponent('石墨烯')}`)
    await page.getByTestId('search-hit').first().waitFor()
    await page.getByTestId('nav-toggle').waitFor()
    await market.shot(page, 'phone-search')
    await page.getByTestId('search-filters-toggle').click()
    await page.getByTestId('filter-kind-achievement').waitFor()
    await market.shot(page, 'phone-search-filters')
    await page.getByTestId('filter-kind-achievement').click()
    await page.waitForURL((u) => u.searchParams.get('kind') === 'achievement')
    await page.getByTestId('active-filter').getByText('类型：成果').waitFor()
    await page.getByTestId('search-hit').first().getByTestId('hit-title').click()
    await page.getByTestId('detail-title').waitFor()
    await market.shot(page, 'phone-detail')
  })
})
