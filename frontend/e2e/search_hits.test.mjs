// Search finds challenges (揭榜挂帅) beside listings: a challenge hit carries the 榜单 tag, the kind
// filter counts it and keeps it in the URL, and clicking it opens the challenge, not a listing.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { newUser, publishListing, startMarket, waitIndexed } from './harness.mjs'

let market

before(async () => {
  market = await startMarket({ name: 'search_hits' })
})

after(async () => {
  await market?.stop()
})

test('a challenge hit opens its challenge', async () => {
  const enterprise = await newUser(market, 'demander', 'enterprise')
  const university = await newUser(market, 'supplier', 'university')
  const title = '钠离子电池正极材料低成本量产工艺'
  const token = await market.token(enterprise.username, enterprise.password)
  const created = await market.api('POST', '/challenges', {
    token,
    body: {
      title,
      problem: '需要一种可量产的钠离子电池层状氧化物正极材料工艺，循环寿命与成本同时达标。',
      goals: [{ indicator: '循环 2000 次容量保持率', target: '≥ 80%' }],
      award_fen: 100_0000_00,
      deadline: new Date(Date.now() + 30 * 86400_000).toISOString(),
      criteria: [
        { criterion: '技术先进性', weight: 60 },
        { criterion: '团队与进度', weight: 40 },
      ],
      keywords: ['钠离子电池', '正极材料'],
      field: '新能源与高效节能',
      region: '350102',
    },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const challengeId = created.body.id
  assert.equal((await market.api('POST', `/challenges/${challengeId}/publish`, { token })).status, 200)
  // A listing that also matches, so the page shows both kinds.
  await publishListing(market, 'achievements', await market.token(university.username, university.password), {
    title: '钠离子电池正极材料的固相合成方法',
    summary: '以层状氧化物为正极材料的钠离子电池，固相合成工艺简单，原料成本低，循环性能稳定，适合规模化生产。',
    keywords: ['钠离子电池'],
    region: '350102',
  })
  await waitIndexed(market, '钠离子电池', title)

  await market.withPage('hits', {}, async (page) => {
    await page.goto('/search?q=' + encodeURIComponent('钠离子电池'))
    const hit = page.locator('[data-kind="challenge"]')
    await hit.waitFor()
    assert.match(await hit.innerText(), /榜单/)
    assert.doesNotMatch(await hit.innerText(), /challenge/)
    // The kind filter counts challenges, so its counts add up to the total.
    assert.match(await page.getByTestId('filter-kind-challenge').innerText(), /榜单（1）/)
    await market.shot(page, 'search-with-challenge')

    await page.goto('/search?kind=challenge&q=' + encodeURIComponent('钠离子电池'))
    await page.locator('[data-kind="challenge"]').waitFor()
    assert.equal(await page.locator('[data-kind="achievement"]').count(), 0, '?kind=challenge in the URL is ignored')
    await page.locator('[data-kind="challenge"]').getByTestId('hit-title').click()
    await page.waitForURL(`**/challenges/${challengeId}`)
    await page.getByText(title).first().waitFor()
    await market.shot(page, 'challenge-opened')
  })
})

// A query whose words no listing has as written finds listings by their parts and says so; the
// whole word, once a listing has it, ranks first and the notice goes.
test('only partial matches are shown as 相关结果, whole matches above them', async () => {
  const university = await newUser(market, 'supplier', 'university')
  const token = await market.token(university.username, university.password)
  const graphite = '天然鳞片石墨的碱熔酸浸提纯工艺'
  await publishListing(market, 'achievements', token, {
    title: graphite,
    summary: '鳞片石墨经碱熔、酸浸提纯，石墨固定碳含量达到 99.9%，晶体结构保持完整，可用于锂电池负极材料。',
    keywords: ['石墨', '提纯'],
    region: '350102',
  })
  await waitIndexed(market, '石墨', graphite)

  await market.withPage('related', {}, async (page) => {
    await page.goto('/search?q=' + encodeURIComponent('石墨烯'))
    await page.getByTestId('search-related').waitFor()
    assert.match(await page.getByTestId('search-hit').first().innerText(), /鳞片石墨/)
    await market.shot(page, 'search-related')
  })

  const graphene = '石墨烯改性环氧涂层的防腐性能'
  await publishListing(market, 'achievements', token, {
    title: graphene,
    summary: '将氧化石墨烯分散于环氧树脂中制备复合涂层，涂层在盐雾中的防腐性能显著提高。',
    keywords: ['石墨烯', '防腐涂层'],
    region: '350102',
  })
  await waitIndexed(market, '石墨烯', graphene)
  await market.withPage('whole-first', {}, async (page) => {
    await page.goto('/search?q=' + encodeURIComponent('石墨烯'))
    await page.getByTestId('search-hit').first().waitFor()
    assert.match(await page.getByTestId('search-hit').first().innerText(), /石墨烯改性环氧涂层/)
    assert.equal(await page.getByTestId('search-related').count(), 0, 'a whole match is not related')
    assert.equal(await page.getByTestId('search-hit').count(), 2, 'the graphite listing stays, below')
  })
})
