// A registration certificate checked as a tax office would: the party downloads the PDF 登记证明 of a
// registered demo contract; whoever holds the paper "scans" its QR code — here, reads the address the
// code links to in the PDF — and opens it without logging in; the public page says 已登记 and shows
// the SHA-256 of the registered text. A number typed into the form finds the same registration. The
// party also downloads the certificate PDF and the contract's model text (示范文本) from the pages.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loginViaUI, startMarket } from './harness.mjs'

const PASSWORD = 'Demo-2026'
let market

before(async () => {
  market = await startMarket({ name: 'verify', admin: false })
  await market.cli(['demo'])
})

after(async () => {
  await market?.stop()
})

test('scan-equivalent public verification of a demo certificate', async () => {
  const token = await market.token('fzu', PASSWORD)
  const registered = (await market.api('GET', '/contracts?status=registered&size=100', { token })).body.items
  let contract = null
  for (const c of registered) {
    const v = await market.api('GET', `/verify/${c.registration_no}`)
    if (v.status === 200 && v.body.state === 'registered') {
      contract = c
      break
    }
  }
  assert.ok(contract, 'no registered demo contract standing as registered')

  const res = await fetch(`${market.baseURL}/api/v1/contracts/${contract.id}/certificate.pdf`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'application/pdf')
  const pdf = Buffer.from(await res.arrayBuffer())
  const shots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots', 'verify')
  mkdirSync(shots, { recursive: true })
  writeFileSync(join(shots, 'certificate.pdf'), pdf)
  // The QR code is drawn with a link annotation over it to the same address: what a phone's camera reads.
  const qr = /\/URI \(([^)]*)\)/.exec(pdf.toString('latin1'))
  assert.ok(qr, 'the certificate has no QR link')
  assert.equal(qr[1], `${market.baseURL}/verify/${contract.registration_no}`)

  await market.withPage('fzu', {}, async (page) => {
    await loginViaUI(page, 'fzu', PASSWORD)
    await page.goto(`/contracts/${contract.id}/certificate`)
    await page.getByTestId('cert-sha').getByText(contract.file_sha256).waitFor()
    await page.getByTestId('cert-pdf').waitFor()
    await market.shot(page, 'certificate-page')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cert-pdf').click()])
    assert.equal(download.suggestedFilename(), `certificate-${contract.registration_no}.pdf`)

    // The contract's model text (示范文本), drawn from its registered fields.
    await page.goto(`/contracts/${contract.id}`)
    const [draft] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contract-model-text').click()])
    assert.equal(draft.suggestedFilename(), `model-text-${contract.id}.pdf`)
    await draft.saveAs(join(shots, 'model-text.pdf'))
  })

  await market.withPage('public', {}, async (page) => {
    await page.goto(qr[1])
    await page.getByTestId('verify-result').waitFor()
    assert.equal((await page.getByTestId('verify-state').textContent()).trim(), '已登记')
    assert.equal((await page.getByTestId('verify-sha').textContent()).trim(), contract.file_sha256)
    assert.equal((await page.getByTestId('verify-no').textContent()).trim(), contract.registration_no)
    await page.getByText(contract.title).first().waitFor()
    await market.shot(page, 'verified')

    // Typed by hand, with the digits grouped, in the form the footer leads to: the same registration.
    await page.getByTestId('footer-verify').click()
    await page.waitForURL((u) => u.pathname === '/verify')
    const spaced = `${contract.registration_no.slice(0, 4)} ${contract.registration_no.slice(4, 10)} ${contract.registration_no.slice(10)}`
    await page.getByTestId('verify-input').fill(spaced)
    await page.getByTestId('verify-submit').click()
    await page.getByTestId('verify-result').waitFor()
    assert.equal((await page.getByTestId('verify-no').textContent()).trim(), contract.registration_no)

    // A number no agency issued.
    await page.goto(`/verify/${contract.registration_no.slice(0, 10)}999999`)
    await page.getByTestId('verify-failure').waitFor()
    assert.match(await page.getByTestId('verify-failure').textContent(), /未查到登记编号/)
    await market.shot(page, 'unknown-number')
  })
})
