// Auction announcements and results on the demo: the upcoming auction's announcement (拍卖公告) states
// its periods and, per lot, the inventors, checked patent numbers, legal status, transfer mode and
// pricing basis; 成交公告 lists the concluded deals with a tab per channel, on a desktop and a phone.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startMarket } from './harness.mjs'

let market

before(async () => {
  market = await startMarket({ name: 'announce', admin: false })
  await market.cli(['demo'])
})

after(async () => {
  await market?.stop()
})

test('the upcoming auction is announced a week ahead, its lots stated', async () => {
  const upcoming = await market.api('GET', '/auctions?phase=upcoming')
  assert.ok(upcoming.body.items.length > 0, 'no upcoming auction')
  const au = (await market.api('GET', `/auctions/${upcoming.body.items[0].id}`)).body.auction
  assert.ok(Date.parse(au.starts_at) - Date.parse(au.announced_at) >= 7 * 86400_000, 'announced less than 7 days ahead')
  const lot = au.lots[0]
  assert.ok(lot.inventors.length >= 2, 'no inventors')
  await market.withPage('public', {}, async (page) => {
    await page.goto(`/auctions/${au.id}`)
    await page.getByTestId('auction-announcement-link').click()
    await page.waitForURL((u) => u.pathname === `/auctions/${au.id}/announcement`)
    const first = page.getByTestId('announcement-lot-0')
    await first.getByTestId('announcement-inventors').getByText(lot.inventors.join('、')).waitFor()
    await first.getByTestId('announcement-transfer').getByText(lot.transfer_mode).waitFor()
    if (lot.patent_numbers.length) {
      await first.getByTestId('announcement-patents').getByText(lot.patent_numbers[0]).waitFor()
      await first.getByTestId('announcement-legal').getByText('有效').waitFor()
    }
    await first.getByTestId('announcement-pricing').getByText('评估值').waitFor()
    assert.match(await page.getByTestId('announcement-registration').innerText(), /至/)
    await market.shot(page, 'announcement')
  })
})

test('成交公告 lists concluded deals by channel', async () => {
  const all = (await market.api('GET', '/results?size=100')).body
  assert.ok(all.total > 0, 'no results')
  const auctions = (await market.api('GET', '/results?channel=auction&size=100')).body
  assert.ok(auctions.total > 0, 'no auction results in the demo')
  await market.withPage('public', {}, async (page) => {
    await page.goto('/auctions')
    await page.getByTestId('trade-nav-results').click()
    await page.waitForURL((u) => u.pathname === '/results')
    await page.getByTestId('result-row-title').first().waitFor()
    assert.equal(await page.getByTestId('result-row-title').first().innerText(), all.items[0].title)
    await market.shot(page, 'results')
    await page.getByTestId('result-tabs').getByText('竞价拍卖').click()
    await page.waitForURL((u) => u.searchParams.get('channel') === 'auction')
    await page.getByText(auctions.items[0].title).first().waitFor()
    const channels = await page.getByTestId('result-row-channel').allInnerTexts()
    assert.ok(channels.length > 0 && channels.every((c) => c === '竞价拍卖'), channels.join(','))
  })
  await market.withPage('phone', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
    await page.goto('/results')
    await page.getByTestId('result-row-title').first().waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `the results page scrolls sideways on a phone (${width}px)`)
    await market.shot(page, 'results-phone')
  })
})
