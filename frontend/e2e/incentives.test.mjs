// Incentives end to end: the admin adds 福州市技术合同奖补 as the seeds write it (sellers 1 %, at most
// 10 万 a contract, 20 万 from 1 亿 on) on the incentives page; a contract of the university is
// registered; its 机构管理员 sees the award in its workspace and applies; the admin approves it from the
// queue (the server's actions), the public reads it on 奖补公示, and the admin records the payment. The
// notice period is 0 working days here (TM_INCENTIVE_NOTICE_DAYS) so that payment follows at once.
// Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, apiResponse, fillNumber, loginViaUI, newUser, pickOption, startMarket } from './harness.mjs'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const RULE = '福州市技术合同奖补'

let market
let supplierUser, enterpriseUser, reviewerUser

/** A contract of 400 万 from the university to the enterprise, registered by the agency, through the API. */
async function registeredContract() {
  const [seller, buyer, reviewer] = await Promise.all(
    [supplierUser, enterpriseUser, reviewerUser].map((u) => market.token(u.username, u.password)),
  )
  const day = new Date().toISOString().slice(0, 10)
  const created = await market.api('POST', '/contracts', {
    token: seller,
    body: {
      title: '高导热石墨烯膜连续化制备技术转让合同',
      type: 'transfer',
      subtype: '专利权转让',
      subject: '专利 ZL202010000000.1 的专利权转让及技术资料交付',
      field: '新材料及其应用',
      seller_party_type: '高等院校',
      seller_division: '350102',
      buyer_org_id: enterpriseUser.org.id,
      buyer_name: enterpriseUser.org.name,
      buyer_party_type: '有限责任公司',
      buyer_division: '350104',
      contract_amount_fen: 410_000_000,
      tech_amount_fen: 400_000_000,
      payment_terms: '合同生效后 30 日内一次性支付',
      signed_on: day,
      valid_from: day,
      valid_to: `${new Date().getFullYear() + 2}-12-31`,
      agency_id: reviewerUser.org.id,
      socio_economic_objective: '工商业发展',
      expected_investment_fen: 0,
      expected_output_fen: 0,
    },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const path = `/contracts/${created.body.id}`
  const form = new FormData()
  form.append('file', new Blob([PDF], { type: 'application/pdf' }), '合同.pdf')
  const up = await fetch(`${market.baseURL}/api/v1${path}/file`, { method: 'POST', headers: { Authorization: `Bearer ${seller}` }, body: form })
  assert.equal(up.status, 200, await up.text())
  for (const [token, act] of [
    [seller, 'confirm'],
    [buyer, 'confirm'],
    [seller, 'submit'],
    [reviewer, 'register'],
  ]) {
    const r = await market.api('POST', `${path}/${act}`, { token })
    assert.equal(r.status, 200, `${act}: ${JSON.stringify(r.body)}`)
  }
}

before(async () => {
  process.env.TM_INCENTIVE_NOTICE_DAYS = '0'
  market = await startMarket({ name: 'incentives' })
  supplierUser = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  enterpriseUser = await newUser(market, 'demander', 'enterprise', { region: '350104', name: '林晓红' })
  reviewerUser = await newUser(market, 'reviewer', 'agency', { region: '350102', name: '王审查' })
})

after(async () => {
  delete process.env.TM_INCENTIVE_NOTICE_DAYS
  await market?.stop()
})

test('an award goes from a tiered rule through application, review and public notice to payment', async () => {
  const admin = await market.newPage({ viewport: { width: 1440, height: 900 } })
  const supplier = await market.newPage()
  const visitor = await market.newPage()
  try {
    // --- the admin adds the tiered rule ---
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto('/incentives')
    await admin.getByTestId('incentive-form').waitFor()
    await admin.getByTestId('incentive-form-name').fill(RULE)
    await pickOption(admin, 'incentive-form-region', 'incentive-form-region-3501')
    await fillNumber(admin, 'incentive-form-rate', '1')
    await fillNumber(admin, 'incentive-form-cap', '10')
    await admin.getByTestId('incentive-tier-add').click()
    await fillNumber(admin, 'incentive-tier-from', '1')
    await fillNumber(admin, 'incentive-tier-rate', '1')
    await fillNumber(admin, 'incentive-tier-cap', '20')
    const created = apiResponse(admin, 'POST', '/api/v1/incentives/rules')
    await admin.getByTestId('incentive-form-submit').click()
    assert.equal((await created).status(), 201)
    await admin.getByTestId('incentive-rules').getByText('1%，单笔上限 10 万元；1 亿元以上：1%，单笔上限 20 万元').waitFor()
    await market.shot(admin, 'rule')

    // --- a contract is registered; the university's 机构管理员 applies from its workspace ---
    await registeredContract()
    await loginViaUI(supplier, supplierUser.username, supplierUser.password)
    await supplier.goto('/workspace')
    const mine = supplier.getByTestId('my-incentives')
    await mine.getByTestId('my-incentive-awards').getByText('4 万元').waitFor()
    const applied = apiResponse(supplier, 'POST', '/api/v1/incentives/applications')
    await mine.getByTestId('my-incentive-apply').click()
    const app = await applied
    assert.equal(app.status(), 201, await app.text())
    assert.equal((await app.json()).amount_fen, 4_000_000, 'the amount is the server’s')
    await mine.getByTestId('my-incentive-applications').getByText('待审核').waitFor()
    await market.shot(supplier, 'applied')

    // --- the admin approves it from the queue ---
    await admin.reload()
    const queue = admin.getByTestId('incentive-apps')
    await queue.getByText(supplierUser.org.name).waitFor()
    await queue.getByTestId('incentive-act-approve').click()
    await admin.getByTestId('incentive-act-form').waitFor()
    const reviewed = apiResponse(admin, 'POST', `/api/v1/incentives/applications/${(await app.json()).id}/review`)
    await admin.getByTestId('incentive-act-submit').click()
    assert.equal((await reviewed).status(), 200)
    await market.shot(admin, 'approved')

    // --- the public reads the notice ---
    await visitor.goto('/incentive-notices')
    const notices = visitor.getByTestId('incentive-notices')
    await notices.getByText(supplierUser.org.name).waitFor()
    await notices.getByText(RULE).waitFor()
    await notices.getByText('4 万元').waitFor()
    await market.shot(visitor, 'notice')

    // --- the admin records the payment ---
    await admin.getByTestId('incentive-app-status').getByText('公示中').click()
    await queue.getByText(supplierUser.org.name).waitFor()
    await queue.getByTestId('incentive-act-pay').click()
    await admin.getByTestId('incentive-act-voucher').fill('榕财拨〔2026〕12号')
    const paid = apiResponse(admin, 'POST', `/api/v1/incentives/applications/${(await app.json()).id}/payment`)
    await admin.getByTestId('incentive-act-submit').click()
    const p = await paid
    assert.equal(p.status(), 200, await p.text())
    assert.equal((await p.json()).status, 'paid')
    await admin.getByTestId('incentive-app-status').getByText('已拨付').click()
    await queue.getByText('凭证 榕财拨〔2026〕12号').waitFor()
    await market.shot(admin, 'paid')

    await supplier.reload()
    await supplier.getByTestId('my-incentive-applications').getByText('已拨付', { exact: true }).waitFor()
    await market.shot(supplier, 'paid-in-workspace')
  } catch (e) {
    for (const [page, label] of [
      [admin, 'admin-FAILED'],
      [supplier, 'supplier-FAILED'],
      [visitor, 'visitor-FAILED'],
    ]) {
      await market.shot(page, label).catch(() => {})
    }
    throw e
  }
})
