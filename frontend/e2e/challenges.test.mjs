// Challenges (揭榜挂帅) end to end: an enterprise drafts a challenge in the form (weights that do
// not sum to 100 are caught before anything is sent) and publishes it; a university user on a
// phone finds it in the hall, opens it and submits a proposal with a PDF; the challenger sees the
// proposal on its desk; a third organisation sees neither the proposal nor its file, in the
// browser or through the API. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiResponse, fillNumber, loginViaUI, newUser, pickOption, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const TITLE = '钙钛矿组件湿热稳定封装技术揭榜'
const PROPOSAL = '原子层沉积氧化铝复合封装方案'
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

let market
let challengerUser, universityUser, outsiderUser

before(async () => {
  market = await startMarket({ name: 'challenges' })
  challengerUser = await newUser(market, 'demander', 'enterprise', { name: '林发榜' })
  universityUser = await newUser(market, 'supplier', 'university', { name: '陈揭榜' })
  outsiderUser = await newUser(market, 'demander', 'enterprise', { name: '王旁观' })
})

after(async () => {
  await market?.stop()
})

/** "2026-12-01 17:00" in Beijing time, days from now. */
function beijingWall(days) {
  const d = new Date(Date.now() + days * 86400_000 + 8 * 3600_000)
  return `${d.toISOString().slice(0, 10)} 17:00`
}

test('a challenger publishes, a university proposes with a PDF, only the challenger sees it', async () => {
  const challenger = await market.newPage()
  const university = await market.newPage(PHONE)
  const outsider = await market.newPage()
  let challengeId, proposalId
  try {
    // --- the enterprise writes and publishes the challenge ---
    await loginViaUI(challenger, challengerUser.username, challengerUser.password)
    await challenger.goto('/challenges')
    await challenger.getByTestId('challenge-new').click()
    await challenger.getByTestId('challenge-form').waitFor()
    await challenger.getByTestId('challenge-form-title').fill(TITLE)
    await challenger
      .getByTestId('challenge-form-problem')
      .fill('现有钙钛矿组件在湿热环境下衰减快，需要一种可量产的封装工艺，使组件通过双 85 测试。')
    await challenger.getByTestId('challenge-goal-indicator-0').fill('双85老化 1000 小时效率保持率')
    await challenger.getByTestId('challenge-goal-target-0').fill('≥ 95%')
    await fillNumber(challenger, 'challenge-form-award', '150')
    const deadline = challenger.getByTestId('challenge-form-deadline').locator('input')
    await deadline.fill(beijingWall(10))
    await deadline.press('Enter')
    await pickOption(challenger, 'challenge-form-field', 'challenge-form-field-新能源与高效节能')

    // Weights summing to 90: refused in the page, nothing sent.
    await fillNumber(challenger, 'challenge-weight-2', '15')
    let sent = false
    const spy = (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/challenges') sent = true
    }
    challenger.on('request', spy)
    await challenger.getByTestId('challenge-publish').click()
    await challenger.getByText('各项评审标准的权重之和必须为 100（当前为 90）').waitFor()
    challenger.off('request', spy)
    assert.equal(sent, false, 'a form with weights of 90 was sent')
    await market.shot(challenger, 'form-weights-not-100')

    await fillNumber(challenger, 'challenge-weight-2', '25')
    const created = apiResponse(challenger, 'POST', '/api/v1/challenges')
    await challenger.getByTestId('challenge-publish').click()
    const createdRes = await created
    assert.equal(createdRes.status(), 201, await createdRes.text())
    challengeId = (await createdRes.json()).id
    await challenger.waitForURL(`**/challenges/${challengeId}`)
    await challenger.getByTestId('challenge-status').getByText('征集中').waitFor()
    await challenger.getByTestId('challenge-award').getByText('150').waitFor()
    await market.shot(challenger, 'challenge-published')

    // --- a university user on a phone finds it and proposes ---
    await loginViaUI(university, universityUser.username, universityUser.password)
    await university.goto('/challenges')
    await university.getByTestId('challenge-row-title').getByText(TITLE).click()
    await university.waitForURL(`**/challenges/${challengeId}`)
    await university.getByTestId('challenge-countdown').waitFor()
    await university.getByTestId('challenge-propose').click()
    await university.getByTestId('proposal-form').waitFor()
    await university.getByTestId('proposal-form-title').fill(PROPOSAL)
    await university
      .getByTestId('proposal-form-summary')
      .fill('采用原子层沉积氧化铝阻隔层与丁基胶边封的复合封装，已在小面积器件上通过 1000 小时双 85 测试，保持率 96%。')
    await university.getByTestId('proposal-form-files').locator('input[type=file]').setInputFiles({
      name: '方案书.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    const proposed = apiResponse(university, 'POST', `/api/v1/challenges/${challengeId}/proposals`)
    await university.getByTestId('proposal-submit').click()
    const proposedRes = await proposed
    assert.equal(proposedRes.status(), 201, await proposedRes.text())
    proposalId = (await proposedRes.json()).id
    await university.waitForURL(`**/proposals/${proposalId}`)
    await university.getByTestId('proposal-file').getByText('方案书.pdf').waitFor()
    await market.shot(university, 'proposal-submitted-phone')

    // --- the challenger sees it on its desk ---
    await challenger.goto(`/challenges/${challengeId}`)
    await challenger.getByTestId('challenge-proposals').click()
    await challenger.getByTestId('proposal-row-title').getByText(PROPOSAL).waitFor()
    await challenger.getByTestId('proposal-row-title').click()
    await challenger.getByTestId('proposal-file').getByText('方案书.pdf').waitFor()
    await market.shot(challenger, 'challenger-sees-proposal')

    // --- a third organisation does not ---
    await loginViaUI(outsider, outsiderUser.username, outsiderUser.password)
    await outsider.goto(`/proposals/${proposalId}`)
    await outsider.getByTestId('detail-not-found').waitFor()
    assert.equal(await outsider.getByText(PROPOSAL).count(), 0)
    await outsider.goto(`/challenges/${challengeId}/proposals`)
    await outsider.getByText('尚未收到方案').waitFor()
    assert.equal(await outsider.getByTestId('proposal-row').count(), 0)
    await market.shot(outsider, 'outsider-sees-nothing')

    const token = await market.token(outsiderUser.username, outsiderUser.password)
    const list = await market.api('GET', `/challenges/${challengeId}/proposals`, { token })
    assert.equal(list.status, 200)
    assert.deepEqual(list.body.items, [])
    const one = await market.api('GET', `/proposals/${proposalId}`, { token })
    assert.equal(one.status, 404)
    const file = await market.api('GET', `/proposals/${proposalId}/files/1`, { token })
    assert.equal(file.status, 404)
    const publicList = await market.api('GET', `/challenges/${challengeId}/proposals`)
    assert.equal(publicList.status, 401)
    const search = await market.api('GET', `/search?q=${encodeURIComponent('原子层沉积')}`)
    assert.equal(search.body.total, 0)
  } catch (e) {
    for (const [label, page] of [['challenger', challenger], ['university', university], ['outsider', outsider]]) {
      await market.shot(page, `failure-${label}`).catch(() => {})
    }
    throw e
  }
})
