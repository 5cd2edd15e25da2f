// Target import on the targets page: the admin uploads a CSV of district targets with one bad row and
// sees that row named with its reason and nothing stored; uploads the corrected file and sees the
// rule's figures (鼓楼区 22.27 → 27.84) beside the adjusted official one (闽清县 1.80 → 2.10, +0.30),
// with their name as who set them; then the adjustment record. Then the demo's official Fuzhou 2023 plan:
// the districts with the rule's figure beside the official one, the five adjusted rows marked (马尾区 21.23
// beside 21.13), and the agencies with last year's target, last year's amount and this year's, no rule figure.
// Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, apiResponse, loginViaUI, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const GOOD =
  '类型,名称,上年成交额（亿元）,占GDP比重（%）,年度目标（亿元）,说明\n' +
  '地区,鼓楼区,22.27,0.8,,\n' +
  '地区,晋安区,11.94,1.2,,\n' +
  '地区,闽清县,0.45,0.3,2.1,为完成全市总目标上调\n'
const BAD = GOOD + '地区,仓山区,不详,0.2,,\n'

let market
let demo

before(async () => {
  market = await startMarket({ name: 'targets' })
  demo = await startMarket({ name: 'targets-fuzhou', admin: false })
  await demo.cli(['demo'])
})

after(async () => {
  await market?.stop()
  await demo?.stop()
})

async function upload(page, name, text) {
  await page.getByTestId('target-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })
  const res = apiResponse(page, 'POST', '/api/v1/targets/import')
  await page.getByTestId('target-import-submit').click()
  return res
}

test('the admin imports district targets from a CSV, all or nothing', async () => {
  const admin = await market.newPage()
  const phone = await market.newPage(PHONE)
  try {
    const year = new Date().getFullYear()
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto(`/targets?year=${year + 1}`)
    await admin.getByTestId('targets-table').waitFor()
    await admin.getByTestId('target-import-open').click()
    await admin.getByTestId('target-import').waitFor()

    // One bad row: the row and its reason are shown, nothing is stored.
    const refused = await upload(admin, '目标.csv', BAD)
    assert.equal(refused.status(), 422)
    await admin.getByTestId('target-import-error').getByText('未导入任何目标', { exact: false }).waitFor()
    const problems = admin.getByTestId('target-import-problems')
    await problems.getByText('上年成交额：“不详”不是有效的金额', { exact: false }).waitFor()
    await problems.locator('td').getByText('5', { exact: true }).waitFor()
    await market.shot(admin, 'import-refused')
    const token = await market.token(ADMIN.username, ADMIN.password)
    const none = await market.api('GET', `/targets?year=${year + 1}`, { token })
    assert.equal(none.body.total, 0, 'a refused file stores nothing')

    // The corrected file is imported.
    const ok = await upload(admin, '目标.csv', GOOD)
    assert.equal(ok.status(), 200, await ok.text())
    assert.equal((await ok.json()).created, 3)
    await admin.getByTestId('target-import').waitFor({ state: 'hidden' })
    const table = admin.getByTestId('targets-table')
    const gulou = table.locator('tr', { hasText: '福州市鼓楼区' })
    await gulou.getByText('27.84').first().waitFor()
    const minqing = table.locator('tr', { hasText: '福州市闽清县' })
    await minqing.getByText('2.10').waitFor()
    await minqing.getByText('+0.30').waitFor()
    await minqing.getByText('管理员', { exact: false }).waitFor()
    await market.shot(admin, 'imported')

    // Who imported what is on record.
    await minqing.getByTestId('target-history').click()
    await admin.getByTestId('target-history-list').getByText('管理员（', { exact: false }).waitFor()
    await admin.getByTestId('target-history-list').getByText('导入，目标 2.10 亿元（为完成全市总目标上调）', { exact: false }).waitFor()
    await market.shot(admin, 'history')

    // The imported table on a phone.
    await phone.goto(`/targets?year=${year + 1}`)
    await phone.getByTestId('targets-table').locator('tr', { hasText: '福州市晋安区' }).getByText('14.09').first().waitFor()
    await market.shot(phone, 'targets-phone')
  } catch (e) {
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    await market.shot(phone, 'phone-FAILED').catch(() => {})
    throw e
  }
})

test("the demo shows Fuzhou's 2023 plan: the rule's figures beside the official ones", async () => {
  await demo.withPage('public', {}, async (page) => {
    await page.goto('/targets?year=2023')
    await page.getByTestId('targets-plan-info').getByText('推进福州市2023年度技术合同认定登记工作行动方案', { exact: true }).waitFor()
    const table = page.getByTestId('targets-table')
    // 马尾区: official 21.23 beside the rule's 21.13, marked as adjusted.
    const mawei = table.locator('tr', { hasText: '福州市马尾区' })
    await mawei.getByTestId('target-value').getByText('21.23', { exact: true }).waitFor()
    await mawei.getByTestId('target-rule').getByText('21.13', { exact: true }).waitFor()
    await mawei.getByTestId('target-adjusted').waitFor()
    await mawei.getByText('+0.10').waitFor()
    // 鼓楼区: the rule's figure is the official one, not marked.
    const gulou = table.locator('tr', { hasText: '福州市鼓楼区' })
    await gulou.getByTestId('target-rule').getByText('27.84', { exact: true }).waitFor()
    assert.equal(await gulou.getByTestId('target-adjusted').count(), 0)
    assert.equal(await table.getByTestId('target-adjusted').count(), 5, 'five official figures stand apart from the rule')
    await page.getByTestId('targets-adjusted-count').getByText('5 个地区', { exact: false }).waitFor()
    await demo.shot(page, 'fuzhou-2023-districts')

    // The agencies: last year's target and amount beside this year's, and no rule figure.
    await page.getByTestId('targets-kind').getByText('登记机构').click()
    const gaoxin = table.locator('tr', { hasText: '福建省高新技术创业服务中心' })
    await gaoxin.getByTestId('target-value').getByText('45.43', { exact: true }).waitFor()
    await gaoxin.getByText('43.64', { exact: true }).waitFor()
    await gaoxin.getByText('33.75', { exact: true }).waitFor()
    assert.equal(await table.getByTestId('target-rule').count(), 0, 'agencies have no rule figure')
    await table.locator('tr', { hasText: '福州市科创服务中心' }).getByTestId('target-value').getByText('5.57').waitFor()
    await demo.shot(page, 'fuzhou-2023-agencies')

    // This year's targets, a plan of the demo's own.
    await page.goto('/targets')
    await page.getByTestId('targets-plan-info').getByText('（演示）', { exact: false }).waitFor()
    await page.getByTestId('targets-table').getByTestId('target-rule').first().waitFor()
    await demo.shot(page, 'current-year')
  })
})
