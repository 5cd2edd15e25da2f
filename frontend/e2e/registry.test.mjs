// The registry (名录) of technology brokers and transfer institutions: the admin registers a broker
// (a bad certificate number first, answered inline in Chinese) and the broker's firm as a 交易类
// institution; the public finds the broker from the footer's link by the firm's name, without the
// phone; the firm's broker sees its 促成额 — a registered contract naming the firm as intermediary —
// against the 3,000 万元 standard, with the gap. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, apiResponse, fillNumber, loginViaUI, newUser, pickOption, registerContract, startMarket } from './harness.mjs'

let market
let brokerUser

async function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.body))
  return res.body
}

before(async () => {
  market = await startMarket({ name: 'registry' })
  brokerUser = await newUser(market, 'broker', 'broker_firm', { name: '林海峰' })
  const seller = await newUser(market, 'supplier', 'university', { name: '陈晓明' })
  const buyer = await newUser(market, 'demander', 'enterprise', { region: '350181', name: '林晓红' })
  const reviewer = await newUser(market, 'reviewer', 'agency', { name: '王审查' })
  const [sup, dem, rev] = await Promise.all([
    market.token(seller.username, seller.password),
    market.token(buyer.username, buyer.password),
    market.token(reviewer.username, reviewer.password),
  ])
  // A licence the firm brokered, registered this year: 1,200 万元, of which 400 万元 technology.
  const day = (d) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10)
  const contract = await ok(
    await market.api('POST', '/contracts', {
      token: sup,
      body: {
        title: '高导热石墨烯膜制备专利实施许可合同',
        type: 'license',
        subtype: '专利实施许可',
        subject: '许可实施高导热石墨烯膜连续化制备专利并交付工艺资料',
        field: '新材料及其应用',
        seller_party_type: '高等院校',
        seller_division: '350102',
        buyer_org_id: buyer.org.id,
        buyer_name: buyer.org.name,
        buyer_party_type: '有限责任公司',
        buyer_division: '350181',
        broker_org_id: brokerUser.org.id,
        contract_amount_fen: 1_200_000_000,
        tech_amount_fen: 400_000_000,
        payment_terms: '合同生效后 30 日内一次性支付',
        signed_on: day(-3),
        valid_from: day(-3),
        valid_to: day(365),
        agency_id: reviewer.org.id,
        socio_economic_objective: '工商业发展',
      },
    }),
    201,
  )
  await registerContract(market, contract.id, { seller: sup, buyer: dem, reviewer: rev })
})

after(async () => {
  await market?.stop()
})

/** Types part of an organisation's name into an OrgPicker and picks it. */
async function pickOrg(page, testid, name) {
  await page.getByTestId(testid).fill(name.slice(0, 6))
  await page.getByTestId(`${testid}-option`).filter({ hasText: name }).click()
}

test('the admin registers a broker and an institution, the public finds the broker, performance shows the standard', async () => {
  const firm = brokerUser.org.name
  await market.withPage('admin', {}, async (page) => {
    await loginViaUI(page, ADMIN.username, ADMIN.password)
    await page.getByTestId('nav-admin').click()
    await page.getByTestId('nav-admin-registry').click()
    await page.waitForURL((u) => u.pathname === '/registry')
    await page.getByTestId('registry-add-broker').click()
    const dialog = page.getByTestId('broker-dialog')
    await page.getByTestId('broker-name').fill('陈立新')
    await page.getByTestId('broker-cert').fill('12')
    await pickOption(page, 'broker-level', 'broker-level-senior')
    await pickOrg(page, 'broker-firm', firm)
    await page.getByTestId('broker-phone').fill('13850061234')
    const date = page.getByTestId('broker-valid-until').locator('input')
    await date.fill('2029-12-31')
    await date.press('Enter')

    // A certificate number of no sensible form: the API's Chinese message beside the field.
    let saved = apiResponse(page, 'POST', '/api/v1/registry/brokers')
    await page.getByTestId('broker-save').click()
    assert.equal((await saved).status(), 422)
    await dialog.getByText('证书编号应为 6–30 位大写字母、数字或连字符', { exact: false }).waitFor()
    await market.shot(page, 'broker-refused')

    await page.getByTestId('broker-cert').fill('jsjjr-2024-350100-0031')
    saved = apiResponse(page, 'POST', '/api/v1/registry/brokers')
    await page.getByTestId('broker-save').click()
    assert.equal((await saved).status(), 201)
    const row = page.getByTestId('registry-brokers').locator('tr').filter({ hasText: '陈立新' })
    await row.getByText('JSJJR-2024-350100-0031').waitFor()
    await row.getByText('高级技术经纪人').waitFor()
    await row.getByText('13850061234').waitFor() // the admin sees the phone

    // The firm, as a transaction institution.
    await page.getByTestId('registry-tabs').getByText('技术转移机构').click()
    await page.getByTestId('registry-add-institution').click()
    await pickOrg(page, 'institution-org', firm)
    await pickOption(page, 'institution-kind', 'institution-kind-transaction')
    await pickOption(page, 'institution-demonstration', 'institution-demonstration-provincial')
    await fillNumber(page, 'institution-year', 2019)
    saved = apiResponse(page, 'POST', '/api/v1/registry/institutions')
    await page.getByTestId('institution-save').click()
    assert.equal((await saved).status(), 201)
    const inst = page.getByTestId('registry-institutions').locator('tr').filter({ hasText: firm })
    await inst.getByText('交易类').waitFor()
    await inst.getByText('3,000 万元').waitFor()
    await market.shot(page, 'institutions-admin')
  })

  await market.withPage('public', {}, async (page) => {
    await page.goto('/')
    await page.getByTestId('footer-registry').click()
    await page.waitForURL((u) => u.pathname === '/registry')
    await page.getByTestId('registry-q').fill(firm)
    await page.getByTestId('registry-search').click()
    const row = page.getByTestId('registry-brokers').locator('tr').filter({ hasText: '陈立新' })
    await row.getByText('JSJJR-2024-350100-0031').waitFor()
    await row.getByText(firm).waitFor()
    assert.equal(await page.getByText('13850061234').count(), 0, 'the public does not see the phone')
    assert.equal(await page.getByTestId('registry-add-broker').count(), 0)
    await market.shot(page, 'registry-public')
  })

  await market.withPage('broker', {}, async (page) => {
    await loginViaUI(page, brokerUser.username, brokerUser.password)
    await page.goto('/workbench')
    await page.locator('#tab-performance').click()
    const firmRow = page.getByTestId('wb-perf-firms-table').locator('tr').filter({ hasText: firm })
    await firmRow.getByText('交易类').waitFor()
    await firmRow.getByTestId('wb-perf-facilitated').getByText('1,200 万元').waitFor()
    await firmRow.getByText('3,000 万元').waitFor()
    await firmRow.getByText('未达标，差 1,800 万元').waitFor()
    await firmRow.locator('.el-progress').waitFor()
    await market.shot(page, 'performance')
  })
})
