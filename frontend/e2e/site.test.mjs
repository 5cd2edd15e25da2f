// Site settings: the market admin names the market and enters its 主办单位, hotline and filing numbers;
// every page's header, footer and tab title show them, and a wrong number is refused by its field.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, loginViaUI, startMarket } from './harness.mjs'

let market

before(async () => {
  market = await startMarket({ name: 'site' })
})

after(async () => {
  await market?.stop()
})

test('the admin names the market, and every page shows it with its filings', async () => {
  await market.withPage('site', {}, async (page) => {
    await page.goto(market.baseURL + '/')
    await page.getByTestId('brand-name').filter({ hasText: '网上技术市场' }).waitFor()
    await loginViaUI(page, ADMIN.username, ADMIN.password)
    await page.goto(market.baseURL + '/admin/site')
    await page.getByTestId('site-market-name').fill('福州网上技术市场')
    await page.getByTestId('site-host').fill('福州市科学技术局')
    await page.getByTestId('site-hotline').fill('0591-87654321')
    await page.getByTestId('site-icp').fill('ICP备2023012345号')
    await page.getByTestId('site-police').fill('闽公网安备 35010202001234号')
    await page.getByTestId('site-save').click()
    await page.getByText('ICP 备案号格式应如').waitFor()
    await market.shot(page, 'site-wrong-icp')
    const before = await market.api('GET', '/site')
    assert.equal(before.body.market_name, '网上技术市场', 'a refused save changed the site')

    await page.getByTestId('site-icp').fill('闽ICP备2023012345号-1')
    await page.getByTestId('site-save').click()
    await page.getByText('站点设置已保存').waitFor()
    await page.getByTestId('brand-name').filter({ hasText: '福州网上技术市场' }).waitFor()
    assert.equal(await page.title(), '站点设置 - 福州网上技术市场')
    await market.shot(page, 'site-saved')

    // A visitor on another page sees the same, in a fresh browser.
    await market.withPage('visitor', {}, async (visitor) => {
      await visitor.goto(market.baseURL + '/search')
      await visitor.getByTestId('footer-icp').filter({ hasText: '闽ICP备2023012345号-1' }).waitFor()
      assert.equal(await visitor.getByTestId('brand-name').innerText(), '福州网上技术市场')
      assert.match(await visitor.getByTestId('footer-host').innerText(), /主办单位：福州市科学技术局/)
      assert.match(await visitor.getByTestId('footer-hotline').innerText(), /0591-87654321/)
      assert.match(await visitor.getByTestId('footer-police').getAttribute('href'), /code=35010202001234$/)
      await visitor.waitForFunction(() => document.title.endsWith(' - 福州网上技术市场'))
      await market.shot(visitor, 'visitor-footer')
    })
  })
})
