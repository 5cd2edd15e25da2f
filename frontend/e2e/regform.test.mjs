// The 技术合同登记表 on the contract form and the agency's reports: a university drafts a development
// contract with a buyer abroad (境外, 德国) — a credit code with a wrong check character is caught under
// its field, the technology amount's parts must add up — and the detail page shows the 登记表 fields;
// once registered, the agency's 登记审查 page counts it in the month and exports the period's contracts
// as Excel. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiResponse, creditCode, fillNumber, loginViaUI, newUser, pickOption, startMarket } from './harness.mjs'

let market, supplierUser, reviewerUser

before(async () => {
  market = await startMarket({ name: 'regform' })
  supplierUser = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  reviewerUser = await newUser(market, 'reviewer', 'agency', { region: '350102', name: '王审查' })
})

after(async () => {
  await market?.stop()
})

function fieldError(page, testid) {
  return page.locator('.el-form-item', { has: page.getByTestId(testid) }).locator('.el-form-item__error')
}

test('a contract with a buyer abroad carries the 登记表 fields into registration and the agency reports', async () => {
  const supplier = await market.newPage()
  const reviewer = await market.newPage()
  try {
    await loginViaUI(supplier, supplierUser.username, supplierUser.password)
    await supplier.goto('/contracts/new')
    await supplier.getByTestId('contract-form').waitFor()
    await supplier.getByTestId('contract-form-title').fill('工业视觉检测算法委托开发合同')
    await pickOption(supplier, 'contract-form-type', 'contract-form-type-development')
    await pickOption(supplier, 'contract-form-subtype', 'contract-form-subtype-委托开发')
    await supplier.getByTestId('contract-form-subject').fill('面向汽车零部件的工业视觉缺陷检测算法开发与部署')
    await pickOption(supplier, 'contract-form-field', 'contract-form-field-电子信息')
    await supplier.getByTestId('contract-form-buyer').fill('Siemens Energy AG')
    await pickOption(supplier, 'contract-form-buyer-party', 'contract-form-buyer-party-境外企业')
    await pickOption(supplier, 'contract-form-buyer-division', 'contract-form-buyer-division-800000')
    await pickOption(supplier, 'contract-form-buyer-country', 'contract-form-buyer-country-DE')
    await fillNumber(supplier, 'contract-form-amount', '100')
    await fillNumber(supplier, 'contract-form-tech', '80')
    await supplier.getByTestId('contract-form-payment').fill('验收合格后 30 日内一次性支付')
    await pickOption(supplier, 'contract-form-source', 'contract-form-source-provincial')
    await supplier.getByTestId('contract-form-plan').fill('2023H0101')
    await supplier.getByTestId('contract-form-ip').getByText('计算机软件著作权').click()
    await pickOption(supplier, 'contract-form-objective', 'contract-form-objective-工商业发展')
    await fillNumber(supplier, 'contract-form-part-technology_fen', '60')
    await fillNumber(supplier, 'contract-form-part-service_fen', '10')

    // A wrong check character and parts short of the amount: said under the fields, nothing sent.
    const code = creditCode(777)
    await supplier.getByTestId('contract-form-seller-code').fill(code.slice(0, 17) + (code[17] === '0' ? '1' : '0'))
    await supplier.getByTestId('contract-form-submit').click()
    await fieldError(supplier, 'contract-form-seller-code').getByText('校验位不正确', { exact: false }).waitFor()
    await supplier.getByText('技术交易额构成各项之和应等于技术交易额').waitFor()
    assert.equal(new URL(supplier.url()).pathname, '/contracts/new')
    await market.shot(supplier, 'regform-refused')

    await supplier.getByTestId('contract-form-seller-code').fill('')
    await fillNumber(supplier, 'contract-form-part-service_fen', '20')
    const created = apiResponse(supplier, 'POST', '/api/v1/contracts')
    await supplier.getByTestId('contract-form-submit').click()
    const res = await created
    assert.equal(res.status(), 201, await res.text())
    const draft = await res.json()
    assert.equal(draft.buyer_division, '800000')
    assert.equal(draft.buyer_country, 'DE')
    assert.equal(draft.seller_credit_code, creditCode(supplierUser.org.id), 'the seller code defaults to the verified one')
    assert.deepEqual(draft.tech_parts, { technology_fen: 600_000_00, consulting_fen: 0, service_fen: 200_000_00, training_fen: 0, brokerage_fen: 0, other_fen: 0 })
    await supplier.waitForURL((u) => u.pathname === `/contracts/${draft.id}`)
    const facts = supplier.getByTestId('contract-register-form')
    await facts.getByText('德国').waitFor()
    await facts.getByText('省级科技计划（2023H0101）').waitFor()
    await facts.getByText('计算机软件著作权').waitFor()
    await supplier.getByTestId('contract-facts').getByText('境外', { exact: false }).waitFor()
    await market.shot(supplier, 'regform-detail')

    // Registered through the API: a buyer outside the market confirms nothing online.
    const seller = await market.token(supplierUser.username, supplierUser.password)
    const agency = await market.token(reviewerUser.username, reviewerUser.password)
    const file = new FormData()
    file.append('file', new Blob([new TextEncoder().encode('%PDF-1.4\n% 合同\n%%EOF\n')]), '合同.pdf')
    const up = await fetch(`${market.baseURL}/api/v1/contracts/${draft.id}/file`, { method: 'POST', headers: { Authorization: `Bearer ${seller}` }, body: file })
    assert.equal(up.status, 200)
    for (const [act, token] of [['confirm', seller], ['submit', seller], ['register', agency]]) {
      const r = await market.api('POST', `/contracts/${draft.id}/${act}`, { token })
      assert.equal(r.status, 200, `${act}: ${JSON.stringify(r.body)}`)
    }

    // The agency's 登记报表: this month counts it; the period exports as Excel.
    await loginViaUI(reviewer, reviewerUser.username, reviewerUser.password)
    await reviewer.goto('/review')
    const reports = reviewer.getByTestId('review-reports')
    await reports.getByTestId('report-total').getByText('合计：1 件', { exact: false }).waitFor()
    await reports.getByTestId('report-by-type').getByText('技术开发').waitFor()
    await market.shot(reviewer, 'regform-reports')
    const [download] = await Promise.all([reviewer.waitForEvent('download'), reports.getByTestId('report-contracts').click()])
    assert.match(download.suggestedFilename(), /^contracts-agency\d+-.+\.xlsx$/)
  } finally {
    await supplier.close()
    await reviewer.close()
  }
})
