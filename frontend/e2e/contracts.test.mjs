// Contracts end to end: a confirmed deal (listing trade) becomes a contract that the supplier drafts
// from the deal, uploads as a PDF and confirms; the enterprise confirms in its own browser; the
// supplier submits; the agency's reviewer returns it for correction; the supplier corrects and
// resubmits; the reviewer registers it, and the supplier prints the certificate with the 16-digit
// number. A technology amount above the contract amount stays in the form with the API's Chinese
// message. Then the public dashboard, the monthly bulletin (and its CSV) and the targets page.
// Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, apiResponse, fillNumber, loginViaUI, newUser, pickOption, publishListing, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const TITLE = '高导热石墨烯膜连续化制备技术'
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

let market
let supplierUser, enterpriseUser, reviewerUser
let dealId
let registrationNo = ''

before(async () => {
  market = await startMarket({ name: 'contracts' })
  supplierUser = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  enterpriseUser = await newUser(market, 'demander', 'enterprise', { region: '350104', name: '林晓红' })
  reviewerUser = await newUser(market, 'reviewer', 'agency', { region: '350102', name: '王审查' })

  // A confirmed deal: the supplier lists a published achievement at a fixed price, the enterprise takes it.
  const supplierToken = await market.token(supplierUser.username, supplierUser.password)
  const ach = await publishListing(market, 'achievements', supplierToken, {
    title: TITLE,
    summary: '以氧化石墨烯为原料，经连续涂布、还原和高温石墨化制备高导热石墨烯膜，面内导热系数超过 1500 W/(m·K)。',
    keywords: ['石墨烯', '导热膜'],
    field: '新材料及其应用',
    region: '350102',
    coop_modes: ['转让'],
    contact_name: '陈老师',
    contact_phone: '0591-22866000',
    contact_email: 'chen@example.edu.cn',
    ip_type: '发明专利',
    maturity: 6,
    price_type: 'firm',
    price_fen: 120_000_000,
  })
  const offer = await market.api('POST', '/offers', {
    token: supplierToken,
    body: { achievement_id: ach.id, price_fen: 120_000_000, ends_at: new Date(Date.now() + 7 * 86400_000).toISOString() },
  })
  assert.equal(offer.status, 201, JSON.stringify(offer.body))
  const enterpriseToken = await market.token(enterpriseUser.username, enterpriseUser.password)
  const accepted = await market.api('POST', `/offers/${offer.body.id}/accept`, { token: enterpriseToken })
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body))
  assert.equal(accepted.body.deal.status, 'confirmed')
  dealId = accepted.body.deal.id
})

after(async () => {
  await market?.stop()
})

/** The error message under the form item that holds the element with this test id. */
function fieldError(page, testid) {
  return page.locator('.el-form-item', { has: page.getByTestId(testid) }).locator('.el-form-item__error')
}

/** Waits until an input shows value (forms prefill asynchronously). */
async function inputValue(locator, value) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const v = await locator.inputValue()
    if (v === value) return
    if (Date.now() > deadline) assert.equal(v, value)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Clicks a button of the open Element message box (confirm or prompt). */
async function boxButton(page, name) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name }).click()
}

/** Takes a workflow step on the contract page: the button, the confirmation, the API's answer. */
async function step(page, id, testid, action, boxLabel) {
  const res = apiResponse(page, 'POST', `/api/v1/contracts/${id}/${action}`)
  await page.getByTestId(testid).click()
  await boxButton(page, boxLabel)
  const r = await res
  assert.equal(r.status(), 200, `${action} answered ${r.status()}: ${await r.text()}`)
  return r.json()
}

const status = (page, label) => page.getByTestId('contract-status').getByText(label).waitFor()

test('a contract goes from a deal through correction to registration and a printed certificate', async () => {
  const supplier = await market.newPage()
  const enterprise = await market.newPage()
  const reviewer = await market.newPage()
  try {
    // --- the supplier drafts the contract from the deal ---
    await loginViaUI(supplier, supplierUser.username, supplierUser.password)
    await supplier.goto(`/contracts/new?deal=${dealId}`)
    await supplier.getByTestId('contract-form').waitFor()
    await inputValue(supplier.getByTestId('contract-form-buyer'), enterpriseUser.org.name)
    await inputValue(supplier.getByTestId('contract-form-title'), `${TITLE}合同`) // from the achievement
    await inputValue(supplier.getByTestId('contract-form-amount').locator('input'), '120.00') // the deal's price
    await supplier.getByTestId('contract-form-amount-words').getByText('壹佰贰拾万元整').waitFor()
    await supplier.getByTestId('contract-form-seller-party').getByText('高等院校').waitFor()
    await supplier.getByTestId('contract-form-agency').getByText(reviewerUser.org.name).waitFor()
    await pickOption(supplier, 'contract-form-type', 'contract-form-type-transfer')
    await pickOption(supplier, 'contract-form-subtype', 'contract-form-subtype-专利权转让')
    await pickOption(supplier, 'contract-form-buyer-party', 'contract-form-buyer-party-有限责任公司')
    await supplier.getByTestId('contract-form-payment').fill('合同生效后 30 日内一次性支付')
    // The 登记表: a transfer states its expected investment and output; the form asks before sending.
    await pickOption(supplier, 'contract-form-objective', 'contract-form-objective-工商业发展')
    await supplier.getByTestId('contract-form-submit').click()
    await fieldError(supplier, 'contract-form-investment').getByText('技术转让合同须填写预计新增投资', { exact: false }).waitFor()
    await fillNumber(supplier, 'contract-form-investment', '0')
    await fillNumber(supplier, 'contract-form-output', '300')

    // Bad input: the technology amount above the contract amount stays with the API's message.
    await fillNumber(supplier, 'contract-form-tech', '150')
    const refused = apiResponse(supplier, 'POST', '/api/v1/contracts')
    await supplier.getByTestId('contract-form-submit').click()
    assert.equal((await refused).status(), 422)
    await fieldError(supplier, 'contract-form-tech').getByText('技术交易额不能高于合同金额').waitFor()
    assert.equal(new URL(supplier.url()).pathname, '/contracts/new')
    await market.shot(supplier, 'form-tech-above-contract')

    await fillNumber(supplier, 'contract-form-tech', '99.5')
    const created = apiResponse(supplier, 'POST', '/api/v1/contracts')
    await supplier.getByTestId('contract-form-submit').click()
    const createdRes = await created
    assert.equal(createdRes.status(), 201, await createdRes.text())
    const draft = await createdRes.json()
    assert.equal(draft.deal_id, dealId)
    assert.equal(draft.contract_amount_fen, 120_000_000)
    assert.equal(draft.tech_amount_fen, 99_500_000, '99.5 万元 is sent as fen')
    assert.equal(draft.buyer_org_id, enterpriseUser.org.id)
    const id = draft.id
    await supplier.waitForURL((u) => u.pathname === `/contracts/${id}`)
    await status(supplier, '草稿')

    // --- the PDF, then the supplier's confirmation ---
    const uploaded = apiResponse(supplier, 'POST', `/api/v1/contracts/${id}/file`)
    await supplier
      .getByTestId('contract-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: '技术转让合同.pdf', mimeType: 'application/pdf', buffer: PDF })
    assert.equal((await uploaded).status(), 200)
    await supplier.getByTestId('contract-file').getByText('技术转让合同.pdf').waitFor()
    const download = supplier.waitForEvent('download')
    await supplier.getByTestId('contract-download').click()
    const pdf = await download
    assert.match(pdf.suggestedFilename(), /\.pdf$/)
    await step(supplier, id, 'contract-confirm', 'confirm', '确认合同')
    await supplier.getByTestId('confirm-seller').getByText('已确认').waitFor()
    await supplier.getByTestId('confirm-buyer').getByText('待确认').waitFor()
    assert.equal(await supplier.getByTestId('contract-submit').count(), 0, 'nothing to submit before the buyer confirms')
    await market.shot(supplier, 'draft-seller-confirmed')

    // --- the enterprise confirms in its own browser ---
    await loginViaUI(enterprise, enterpriseUser.username, enterpriseUser.password)
    await enterprise.goto('/contracts')
    const row = enterprise.getByTestId('contract-row').filter({ hasText: `${TITLE}合同` })
    await row.getByTestId('contract-row-status').getByText('草稿').waitFor()
    await market.shot(enterprise, 'buyer-contracts')
    await row.getByTestId('contract-row-title').click()
    await enterprise.waitForURL((u) => u.pathname === `/contracts/${id}`)
    assert.equal(await enterprise.getByTestId('contract-edit').count(), 0, 'the buyer does not edit')
    await step(enterprise, id, 'contract-confirm', 'confirm', '确认合同')
    await status(enterprise, '双方已确认')

    // --- the supplier submits ---
    await supplier.reload()
    await status(supplier, '双方已确认')
    const submitted = await step(supplier, id, 'contract-submit', 'submit', '提交登记')
    assert.equal(submitted.status, 'submitted')
    await status(supplier, '审查中')

    // --- the reviewer finds it in the agency's queue and returns it ---
    await loginViaUI(reviewer, reviewerUser.username, reviewerUser.password)
    // The contract list speaks to the agency, not to a seller drafting.
    await reviewer.goto('/contracts')
    await reviewer.getByTestId('contracts-title').filter({ hasText: '本机构受理的合同' }).waitFor()
    await reviewer.getByTestId('contracts-review').waitFor()
    await reviewer.getByTestId('nav-review').click()
    await reviewer.waitForURL((u) => u.pathname === '/review')
    const queued = reviewer.getByTestId('review-row').filter({ hasText: `${TITLE}合同` })
    await queued.getByTestId('contract-row-clock').getByText(/已等待 \d+ \/ 15 个工作日/).waitFor()
    await market.shot(reviewer, 'review-queue')
    await queued.getByTestId('contract-row-title').click()
    await reviewer.waitForURL((u) => u.pathname === `/contracts/${id}`)
    await reviewer.getByTestId('review-clock').waitFor()
    // 不予登记 needs at least one of the standard grounds (the reviewer changes their mind).
    await reviewer.getByTestId('review-reject').click()
    const rejectBox = reviewer.getByRole('dialog', { name: '不予登记' })
    await rejectBox.getByTestId('reject-reason').fill('合同名称与内容不符')
    await rejectBox.getByTestId('reject-confirm').click()
    await rejectBox.getByText('请至少选择一项不予登记的理由').waitFor()
    await rejectBox.getByTestId('contract-reject-ground-name_mismatch').waitFor()
    await market.shot(reviewer, 'review-reject-needs-grounds')
    await rejectBox.getByRole('button', { name: '取消' }).click()
    await rejectBox.waitFor({ state: 'hidden' })

    await reviewer.getByTestId('review-return').click()
    const returnBox = reviewer.getByRole('dialog', { name: '退回补正' })
    await returnBox.getByTestId('reject-reason').fill('请补充合同盖章页，并写明付款期限')
    await market.shot(reviewer, 'review-return-dialog')
    const returned = apiResponse(reviewer, 'POST', `/api/v1/contracts/${id}/return`)
    await returnBox.getByTestId('reject-confirm').click()
    assert.equal((await returned).status(), 200)
    await status(reviewer, '待补正')

    // --- the supplier corrects and resubmits ---
    await supplier.reload()
    await status(supplier, '待补正')
    await supplier.getByTestId('contract-hint').getByText('请补充合同盖章页，并写明付款期限', { exact: false }).waitFor()
    await supplier.getByTestId('contract-timeline').getByText('退回补正').waitFor()
    await market.shot(supplier, 'needs-correction')
    await supplier.getByTestId('contract-edit').click()
    await supplier.waitForURL((u) => u.pathname === `/contracts/${id}/edit`)
    await supplier.getByTestId('contract-form-payment').fill('合同生效后 30 日内一次性支付全部价款')
    const saved = apiResponse(supplier, 'PUT', `/api/v1/contracts/${id}`)
    await supplier.getByTestId('contract-form-submit').click()
    assert.equal((await saved).status(), 200)
    await supplier.waitForURL((u) => u.pathname === `/contracts/${id}`)
    await supplier.getByTestId('contract-timeline').getByText('支付方式：合同生效后 30 日内一次性支付 → 合同生效后 30 日内一次性支付全部价款').waitFor()
    await step(supplier, id, 'contract-resubmit', 'resubmit', '重新提交')
    await status(supplier, '审查中')

    // --- the reviewer registers it ---
    await reviewer.reload()
    await status(reviewer, '审查中')
    const registered = apiResponse(reviewer, 'POST', `/api/v1/contracts/${id}/register`)
    await reviewer.getByTestId('review-register').click()
    await boxButton(reviewer, '登记')
    const regRes = await registered
    assert.equal(regRes.status(), 200, await regRes.text())
    registrationNo = (await regRes.json()).registration_no
    assert.match(registrationNo, /^2\d{3}350102\d{6}$/, 'YYYY + the agency division + a sequence')
    await status(reviewer, '已登记')
    await reviewer.getByTestId('contract-no').getByText(registrationNo).waitFor()
    await market.shot(reviewer, 'registered')

    // --- the supplier opens and prints the certificate ---
    await supplier.reload()
    await status(supplier, '已登记')
    await supplier.getByTestId('contract-timeline').getByText(`登记编号 ${registrationNo}`).waitFor()
    // Who did each step, by name and organisation.
    await supplier.getByTestId('contract-timeline').getByText(`登记机构审查员 · 王审查（${reviewerUser.org.name}）`).first().waitFor()
    await supplier.getByTestId('contract-timeline').getByText(`买方 · 林晓红（${enterpriseUser.org.name}）`).waitFor()
    await market.shot(supplier, 'registered-seller')
    await supplier.getByTestId('contract-certificate').click()
    await supplier.waitForURL((u) => u.pathname === `/contracts/${id}/certificate`)
    const no = await supplier.getByTestId('cert-no').innerText()
    assert.match(no.trim(), /^\d{16}$/)
    assert.equal(no.trim(), registrationNo)
    await supplier.getByTestId('cert-tech').getByText('995,000.00 元').waitFor()
    await supplier.getByTestId('cert-tech-words').getByText('玖拾玖万伍仟元整', { exact: false }).waitFor()
    await market.shot(supplier, 'certificate')
    await supplier.emulateMedia({ media: 'print' })
    assert.equal(await supplier.locator('.tm-header').isVisible(), false, 'no header on paper')
    assert.equal(await supplier.getByTestId('cert-print').isVisible(), false, 'no buttons on paper')
    await market.shot(supplier, 'certificate-print')
    await supplier.emulateMedia({ media: 'screen' })

    // --- the seller applies for a change registration; the agency's desk lists it above the contracts ---
    const sellerToken = await market.token(supplierUser.username, supplierUser.password)
    const amended = await market.api('POST', `/contracts/${id}/amendments`, {
      token: sellerToken,
      body: { kind: 'change', reason: '双方协商调整技术服务内容', contract_amount_fen: 110_000_000, tech_amount_fen: 99_500_000 },
    })
    assert.equal(amended.status, 201, JSON.stringify(amended.body))
    await reviewer.goto('/review')
    const amendRow = reviewer.getByTestId('review-amendment-row').filter({ hasText: `${TITLE}合同` })
    await amendRow.getByText('变更登记').waitFor()
    await amendRow.getByText(`${registrationNo} · ${supplierUser.org.name}`, { exact: false }).waitFor()
    await amendRow.getByText('陈晓明 申请于', { exact: false }).waitFor()
    await amendRow.getByTestId('review-amendment-amounts').getByText('合同金额 120 万元 → 110 万元', { exact: false }).waitFor()
    await market.shot(reviewer, 'review-amendments')
    await amendRow.click()
    await reviewer.waitForURL((u) => u.pathname === `/contracts/${id}`)
    await reviewer.getByTestId('amendment-register').waitFor()

    // --- a contract signed elsewhere: the buyer picked from the market's organisations as one types ---
    await supplier.goto('/contracts/new')
    await supplier.getByTestId('contract-form').waitFor()
    const buyerBox = supplier.getByTestId('contract-form-buyer')
    await buyerBox.fill(enterpriseUser.org.name.slice(0, 4))
    await supplier.getByTestId('contract-form-buyer-option').filter({ hasText: enterpriseUser.org.name }).click()
    await inputValue(supplier.getByTestId('contract-form-buyer'), enterpriseUser.org.name)
    await supplier.getByText('买方是本平台机构，需在线确认合同').waitFor()
    await supplier.getByTestId('contract-form-buyer-division').getByText('仓山区', { exact: false }).waitFor()
    await market.shot(supplier, 'contract-form-buyer-picked')
    await supplier.getByTestId('contract-form-buyer-unlink').click()
    await supplier.getByText('平台外的买方无需在线确认', { exact: false }).waitFor()

    // --- the same contract on a phone ---
    const phone = await market.newPage(PHONE)
    await loginViaUI(phone, supplierUser.username, supplierUser.password)
    await phone.goto(`/contracts/${id}`)
    await status(phone, '已登记')
    await phone.getByTestId('contract-certificate').waitFor()
    await market.shot(phone, 'contract-phone')
  } catch (e) {
    for (const [label, page] of [['supplier', supplier], ['enterprise', enterprise], ['reviewer', reviewer]]) {
      await market.shot(page, `${label}-FAILED`).catch(() => {})
    }
    throw e
  }
})

test('the dashboard, the monthly bulletin with its CSV, and targets set by the admin', async () => {
  const admin = await market.newPage()
  const visitor = await market.newPage()
  const phone = await market.newPage(PHONE)
  try {
    // --- the admin sets a district target by the rule ---
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto('/targets')
    await admin.getByTestId('target-new').click()
    await pickOption(admin, 'target-form-key', 'target-form-key-350102')
    await fillNumber(admin, 'target-form-last', '0.5')
    await fillNumber(admin, 'target-form-share', '0.8')
    await admin.getByTestId('target-form-preview').getByText('增长 25%，测算目标 0.63 亿元', { exact: false }).waitFor()
    await admin.getByTestId('target-form-note').fill('按规则测算')
    const saved = apiResponse(admin, 'PUT', '/api/v1/targets')
    await admin.getByTestId('target-form-submit').click()
    const savedRes = await saved
    assert.equal(savedRes.status(), 200, await savedRes.text())
    assert.equal((await savedRes.json()).target_fen, 6_300_000_000)
    await admin.getByTestId('targets-table').getByText('福州市鼓楼区').waitFor()
    await market.shot(admin, 'targets-admin')

    // --- an incentive rule for sellers in 鼓楼区 and the year's awards (1 % of 99.5 万元) ---
    if (registrationNo) {
      await admin.getByTestId('stats-nav-incentives').click()
      await admin.waitForURL((u) => u.pathname === '/incentives')
      await admin.getByTestId('incentive-form-name').fill('鼓楼区技术输出奖励')
      await pickOption(admin, 'incentive-form-region', 'incentive-form-region-350102')
      await fillNumber(admin, 'incentive-form-rate', '1')
      const rule = apiResponse(admin, 'POST', '/api/v1/incentives/rules')
      await admin.getByTestId('incentive-form-submit').click()
      assert.equal((await rule).status(), 201)
      await admin.getByTestId('incentive-rules').getByText('鼓楼区技术输出奖励').waitFor()
      const award = admin.getByTestId('incentive-awards').locator('tr', { hasText: supplierUser.org.name })
      await award.getByText('9,950 元').waitFor()
      const csvDownload = admin.waitForEvent('download')
      await admin.getByTestId('incentive-csv').click()
      assert.match((await csvDownload).suggestedFilename(), /^incentives-\d{4}\.csv$/)
      await market.shot(admin, 'incentives')
    }

    // --- the public dashboard ---
    await visitor.goto('/stats')
    await visitor.getByTestId('stats-headline').waitFor()
    const contracts = await visitor.getByTestId('stats-contracts').getByTestId('stats-value').innerText()
    assert.match(contracts, /^\d+ 项$/)
    if (registrationNo) assert.equal(contracts, '1 项', 'the registered contract counts')
    await visitor.getByTestId('stats-tech').getByTestId('stats-growth').waitFor()
    await visitor.getByTestId('stats-chart-month').locator('canvas, svg').first().waitFor()
    // Districts against their targets come from issued bulletins: none is issued yet this month.
    await visitor.getByText('尚无已发布通报', { exact: false }).first().waitFor()
    await visitor.waitForTimeout(1200) // let the charts finish their entrance animation
    await market.shot(visitor, 'stats')

    // An earlier year: its whole year against the year before.
    const lastYear = new Date().getFullYear() - 1
    await visitor.goto(`/stats?year=${lastYear}`)
    await visitor.getByTestId('stats-through').getByText(`${lastYear}-01-01 至 ${lastYear}-12-31`, { exact: false }).waitFor()
    assert.equal(await visitor.getByTestId('stats-contracts').getByTestId('stats-value').innerText(), '0 项')

    await phone.goto('/stats')
    await phone.getByTestId('stats-chart-month').locator('canvas, svg').first().waitFor()
    await phone.waitForTimeout(1200)
    await market.shot(phone, 'stats-phone')

    // --- the bulletin: the month is not over, so the public finds none issued; the admin reads the draft ---
    await visitor.getByTestId('stats-nav-bulletin').click()
    await visitor.waitForURL((u) => u.pathname === '/bulletin')
    await visitor.getByTestId('bulletin-none').waitFor()
    await admin.goto('/bulletin?draft=1')
    const district = admin.getByTestId('bulletin-districts-row').filter({ hasText: '福州市鼓楼区' })
    await district.getByText('0.63').waitFor()
    await admin.getByTestId('bulletin-agencies').waitFor()
    assert.equal(await admin.getByTestId('bulletin-issue').count(), 0, 'a month not over is not issued')
    await market.shot(admin, 'bulletin-draft')
    const draftXlsx = admin.waitForEvent('download')
    await admin.getByTestId('bulletin-xlsx').click()
    assert.match((await draftXlsx).suggestedFilename(), /\.xlsx$/)
    await admin.emulateMedia({ media: 'print' })
    await market.shot(admin, 'bulletin-print')
    await admin.emulateMedia({ media: 'screen' })
  } catch (e) {
    for (const [label, page] of [['admin', admin], ['visitor', visitor], ['phone', phone]]) {
      await market.shot(page, `${label}-FAILED`).catch(() => {})
    }
    throw e
  }
})
