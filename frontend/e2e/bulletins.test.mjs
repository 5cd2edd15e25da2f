// The bureau's figures in a browser, on the demo: 鼓楼区's science bureau opens its 看板 (its own district
// only), issues last month's bulletin of its district from the live draft, and the public then finds and reads
// it with its 文号; the city's bureau reads the city's 看板 with its districts as coloured tiles, on a desktop
// and on a phone; the public reads the city's issued 2023 bulletins of the official plan.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { loginViaUI, startMarket } from './harness.mjs'

const PASSWORD = 'Demo-2026'
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
let market

before(async () => {
  market = await startMarket({ name: 'bulletins', admin: false })
  await market.cli(['demo'])
})

after(async () => {
  await market?.stop()
})

/** Last month in Beijing time, as YYYY-MM, and its year and month. */
function lastMonth() {
  const now = new Date(Date.now() + 8 * 3600_000)
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, ym: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` }
}

test('a district bureau issues its bulletin and the public reads it', async () => {
  const { year, month, ym } = lastMonth()
  const before = await market.api('GET', `/bulletins/${year}/${month}?region=350102`)
  assert.equal(before.status, 404, 'the district bulletin is not issued before the test')
  await market.withPage('gulou', {}, async (page) => {
    await loginViaUI(page, 'gulou', PASSWORD)
    // Its 看板 opens on its own district.
    await page.goto('/dashboard')
    await page.getByTestId('dashboard-total').getByText('鼓楼区').waitFor()
    await market.shot(page, 'gulou-dashboard')
    // Another district is refused, with the reason.
    await page.goto('/dashboard?region=350104')
    await page.getByText('本辖区以外', { exact: false }).waitFor()

    await page.goto(`/bulletin?draft=1&region=350102&month=${ym}`)
    await page.getByTestId('bulletin-draft').waitFor()
    await page.getByTestId('bulletin-total').getByText('鼓楼区').waitFor()
    await market.shot(page, 'gulou-draft')
    await page.getByTestId('bulletin-issue').click()
    const issued = page.waitForResponse((r) => r.url().includes(`/bulletins/${year}/${month}/issue`) && r.request().method() === 'POST')
    await page.getByRole('button', { name: '发布', exact: true }).click()
    assert.equal((await issued).status(), 201)
    await page.getByTestId('bulletin-no').waitFor()
  })
  await market.withPage('public', {}, async (page) => {
    await page.goto('/bulletin?region=350102')
    const no = page.getByTestId('bulletin-no')
    await no.waitFor()
    assert.match(await no.innerText(), new RegExp(`技合通〔${year}〕1号`))
    await page.getByTestId('bulletin-sign').getByText('鼓楼区科学技术局').waitFor()
    assert.equal(await page.getByTestId('bulletin-mode').count(), 0, 'the public sees no draft')
    await market.shot(page, 'public-district-bulletin')
    // The city's 2023 bulletins of the official plan are there too, numbered through the year.
    await page.goto('/bulletin?region=350100&month=2023-12')
    await page.getByTestId('bulletin-no').getByText('技合通〔2023〕12号').waitFor()
    await page.getByTestId('bulletin-districts').getByText('马尾区', { exact: false }).waitFor()
    await market.shot(page, 'public-city-2023-12')
  })
  const after = await market.api('GET', `/bulletins/${year}/${month}?region=350102`)
  assert.equal(after.status, 200)
})

test("the city's bureau reads its 看板", async () => {
  for (const [label, opts] of [
    ['fzkj', {}],
    ['fzkj-phone', PHONE],
  ]) {
    await market.withPage(label, opts, async (page) => {
      await loginViaUI(page, 'fzkj', PASSWORD)
      await page.goto('/dashboard?region=350100&year=2023')
      await page.getByTestId('dashboard-tiles').waitFor()
      assert.equal(await page.getByTestId('dashboard-tile').count(), 12, 'a tile for each of the 12 districts')
      await page.getByTestId('dashboard-trend').locator('canvas').waitFor()
      await page.getByTestId('dashboard-sellers').locator('canvas').waitFor()
      await page.getByTestId('dashboard-outflow').locator('canvas').waitFor()
      await page.waitForLoadState('networkidle')
      await market.shot(page, label === 'fzkj' ? 'city-dashboard-2023' : 'city-dashboard-phone')
    })
  }
  // This year's, on the registrations since 2023 and the targets the rule set from last year's.
  await market.withPage('fzkj-this-year', {}, async (page) => {
    await loginViaUI(page, 'fzkj', PASSWORD)
    await page.goto('/dashboard?region=350100')
    await page.getByTestId('dashboard-tiles').waitFor()
    assert.equal(await page.getByTestId('dashboard-tile').count(), 12, 'a tile for each of the 12 districts')
    await page.getByTestId('dashboard-trend').locator('canvas').waitFor()
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'city-dashboard-this-year')
  })
})

test("the public reads the city's latest bulletin of this year", async () => {
  const { year, month } = lastMonth()
  if (year !== new Date(Date.now() + 8 * 3600_000).getUTCFullYear()) return // in January none is issued yet
  await market.withPage('public-this-year', {}, async (page) => {
    await page.goto('/bulletin?region=350100')
    await page.getByTestId('bulletin-no').getByText(`技合通〔${year}〕${month}号`).waitFor()
    await page.getByTestId('bulletin-districts').getByText('马尾区', { exact: false }).waitFor()
    await page.waitForLoadState('networkidle')
    await market.shot(page, 'public-city-this-year')
  })
})
