// The API reference at /api/docs: Swagger UI, from the binary, on the generated OpenAPI document,
// under the server's Content-Security-Policy (the browser reports no violation and the page renders
// the operations and the error-code table). Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startMarket } from './harness.mjs'

let market

before(async () => {
  market = await startMarket({ name: 'apidocs' })
})

after(async () => {
  await market?.stop()
})

test('the API reference renders every tag and the error codes, with no CSP violation', async () => {
  const page = await market.newPage()
  const violations = []
  const failed = []
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text())
  })
  page.on('requestfailed', (r) => failed.push(r.url()))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`))
  })
  try {
    const res = await page.goto('/api/docs')
    assert.equal(res.status(), 200)
    await page.locator('.swagger-ui .opblock-tag').first().waitFor({ timeout: 20_000 })
    const tags = await page.locator('.swagger-ui .opblock-tag').allTextContents()
    for (const tag of ['账号', '交易', '合同登记', '揭榜挂帅']) {
      assert.ok(tags.some((t) => t.includes(tag)), `tag ${tag} in ${tags.join(' | ')}`)
    }
    assert.ok(await page.getByText('offer_closed').first().isVisible(), 'the error-code table lists offer_closed')
    await page.locator('.swagger-ui .opblock-tag', { hasText: '交易' }).first().click()
    await page.locator('.swagger-ui .opblock-summary-path', { hasText: '/api/v1/offers' }).first().waitFor()
    await market.shot(page, 'reference')
    assert.deepEqual(violations, [])
    assert.deepEqual(failed, [])
  } finally {
    await page.close()
  }
})
