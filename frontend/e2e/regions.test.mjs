// Regions on the statistics page, on the demo market (organisations in Fuzhou, Quanzhou and Wenzhou): the
// public picks 福州市 and sees rows for Fuzhou's 12 districts only, adding up to the city, then 泉州市 and its
// districts with its own (nil) figures; the
// 鼓楼区 bureau finds its district chosen for it, and its deals by channel adding up to their total; the market admin adds a zone (福州高新区) and the page
// reports on it. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { adminMenu, apiResponse, loginViaUI, pickOption, startMarket } from './harness.mjs'

const PASSWORD = 'Demo-2026'
let market

before(async () => {
  market = await startMarket({ name: 'regions', admin: false })
  await market.cli(['demo'])
})

after(async () => {
  await market?.stop()
})

/** The region picker's text box. */
const regionInput = (page) => page.getByTestId('stats-region').locator('input')

/** The names in the page's table of rows by district. */
async function placeNames(page) {
  const cells = page.getByTestId('stats-places').locator('tbody tr td:first-child')
  return (await cells.allInnerTexts()).map((t) => t.trim())
}

test('the public picks 福州市 and sees its districts only', async () => {
  const city = await market.api('GET', '/stats/breakdown?by=district&region=350100')
  const total = await market.api('GET', '/stats/summary?region=350100')
  const sum = city.body.items.reduce((s, r) => s + r.tech_amount_fen, 0)
  assert.equal(sum, total.body.year_to_date.tech_amount_fen, 'Fuzhou’s rows add up to Fuzhou')

  await market.withPage('public', {}, async (page) => {
    await page.goto('/stats')
    await page.getByTestId('stats-headline').waitFor()
    await page.getByTestId('stats-places').locator('tbody tr').first().waitFor()

    await regionInput(page).fill('福州市')
    await page.locator('.el-cascader__suggestion-item', { hasText: /^福州市$/ }).click()
    await page.waitForURL((url) => url.searchParams.get('region') === '350100')
    await page.getByTestId('stats-places').getByText('福清市').waitFor()
    const names = await placeNames(page)
    assert.equal(names.length, city.body.items.length)
    assert.ok(names.length >= 12 && names.includes('福州市鼓楼区') && names.includes('福清市'), names.join(' '))
    for (const n of names) assert.ok(n.startsWith('福州市') || n === '福清市' || n === '市本级', `${n} is not in Fuzhou`)
    await market.shot(page, 'fuzhou')

    // Another city: its own districts and its own figures.
    const quanzhou = await market.api('GET', '/stats/summary?region=350500')
    await regionInput(page).fill('泉州市')
    await page.locator('.el-cascader__suggestion-item', { hasText: /^泉州市$/ }).click()
    await page.waitForURL((url) => url.searchParams.get('region') === '350500')
    await page.getByTestId('stats-places').getByText('晋江市').waitFor()
    const qz = await placeNames(page)
    assert.ok(qz.includes('晋江市') && qz.includes('泉州市丰泽区'), qz.join(' '))
    for (const n of qz) assert.ok(n.startsWith('泉州市') || ['石狮市', '晋江市', '南安市', '市本级'].includes(n), `${n} is not in Quanzhou`)
    await page.getByTestId('stats-contracts').getByText(`${quanzhou.body.year_to_date.contracts} 项`).first().waitFor()
    await market.shot(page, 'quanzhou')
  })
})

test('the 鼓楼区 bureau finds its district chosen, with its deals by channel', async () => {
  const token = await market.token('gulou', PASSWORD)
  const byChannel = await market.api('GET', '/stats/deals?by=channel&region=350102', { token })
  assert.equal(byChannel.status, 200)
  const sum = byChannel.body.items.reduce((s, r) => s + r.deals, 0)
  assert.equal(sum, byChannel.body.total.deals, 'the channels add up to the total')
  const outside = await market.api('GET', '/stats/deals?by=channel&region=350104', { token })
  assert.equal(outside.status, 403, 'another district is not 鼓楼区’s')

  await market.withPage('gulou', {}, async (page) => {
    await loginViaUI(page, 'gulou', PASSWORD)
    await page.goto('/stats')
    await page.waitForURL((url) => url.searchParams.get('region') === '350102')
    // The rows come after the region's figures arrive; networkidle alone raced them.
    await page.getByTestId('stats-places').getByText('福州市鼓楼区').waitFor()
    assert.deepEqual(await placeNames(page), ['福州市鼓楼区'])
    await market.shot(page, 'gulou')

    // 成交统计: five channels and the total, as the API counts them.
    const rows = page.getByTestId('stats-deals-table').locator('tbody tr')
    await rows.nth(5).waitFor()
    const cells = await rows.locator('td:first-child').allInnerTexts()
    assert.deepEqual(cells.map((t) => t.trim()), ['挂牌交易', '竞价拍卖', '路演', '协议成交', '揭榜挂帅', '合计'])
    const total = (await rows.nth(5).locator('td').nth(1).innerText()).trim()
    assert.equal(total, String(byChannel.body.total.deals))
    await page.getByTestId('stats-deals-broker').click()
    await page.getByTestId('stats-deals-table').getByText('合计').waitFor()
    await market.shot(page, 'gulou-deals')
  })
})

test('the market admin adds a zone and the page reports on it', async () => {
  await market.withPage('admin', {}, async (page) => {
    await loginViaUI(page, 'admin', PASSWORD)
    await adminMenu(page, 'nav-admin-zones')
    await page.getByTestId('zone-form').waitFor()
    await page.getByTestId('zone-code').fill('FZGXQ')
    await page.getByTestId('zone-name').fill('福州高新区')
    await pickOption(page, 'zone-parent', 'zone-parent-350100')
    await page.getByTestId('zone-covers').click()
    await page.getByTestId('zone-cover-350121').click()
    await page.getByTestId('zone-cover-350104').click()
    await page.keyboard.press('Escape') // closes the dropdown
    const saved = apiResponse(page, 'POST', '/api/v1/regions')
    await page.getByTestId('zone-save').click()
    assert.equal((await saved).status(), 201)
    await page.getByTestId('zones-table').getByText('福州市闽侯县、福州市仓山区').waitFor()
    await market.shot(page, 'zones')

    await page.goto('/stats?region=FZGXQ')
    await page.getByTestId('stats-places').getByText('福州市闽侯县').waitFor()
    assert.deepEqual((await placeNames(page)).sort(), ['福州市仓山区', '福州市闽侯县'])
    await market.shot(page, 'zone-stats')
  })
})
