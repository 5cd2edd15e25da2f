// Attachments on a listing, end to end: the owner, on a phone, uploads a photo (public) and a test
// report (part of the confidential detail) and adds a video link in the listing form; a file that
// only pretends to be an image is refused by its content. Once published, a visitor and another
// organisation see the photo (thumbnail, tap for the full picture) and the video, never the private
// report, which its owner sees marked 保密. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { ADMIN, loginViaUI, newUser as newUserVia, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const PRIVATE_NAME = '导热系数检测报告-内部.pdf'
const REPORT = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n% 检测报告\n%%EOF\n')

let market

before(async () => {
  market = await startMarket({ name: 'attachments' })
})

after(async () => {
  await market?.stop()
})

const newUser = (role, orgType, opts) => newUserVia(market, role, orgType, opts)

/** A w×h PNG of one colour, encoded here (IHDR, one IDAT, IEND). */
function png(w, h, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, sum])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [r, g, b]).flat())])
  const raw = Buffer.concat(Array.from({ length: h }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

test('the owner attaches a photo, a private report and a video; others see only the public ones', async () => {
  const owner = await newUser('supplier', 'university', { name: '周立新' })
  const rival = await newUser('demander', 'enterprise', { name: '吴海燕' })
  const ownerToken = await market.token(owner.username, owner.password)
  const created = await market.api('POST', '/achievements', {
    token: ownerToken,
    body: {
      title: '高导热氮化硅陶瓷基板制备技术',
      summary: '采用气压烧结制备高导热氮化硅陶瓷基板，热导率达到 90 W/mK，抗弯强度 800 MPa，适用于功率模块封装。',
      keywords: ['氮化硅', '陶瓷基板'],
      field: '新材料及其应用',
      region: '350102',
      coop_modes: ['转让'],
      ip_type: '发明专利',
      maturity: 6,
      price_type: 'negotiable',
    },
  })
  assert.equal(created.status, 201)
  const id = created.body.id

  await market.withPage('owner-phone', PHONE, async (page) => {
    await loginViaUI(page, owner.username, owner.password)
    await page.goto(`/my/achievements/${id}/edit`)
    const editor = page.getByTestId('attachments-editor')
    await editor.waitFor()
    const input = page.locator('[data-testid=attachment-upload] input[type=file]')

    // A photo, public by default.
    await input.setInputFiles({ name: '样品照片.png', mimeType: 'image/png', buffer: png(480, 320, [30, 110, 200]) })
    await editor.getByText('样品照片.png').waitFor()

    // A text file that calls itself a PNG: the server reads the content and refuses it.
    await input.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') })
    await page.getByTestId('attachment-error').waitFor()
    assert.match(await page.getByTestId('attachment-error').innerText(), /PNG、JPEG 图片或 PDF/)

    // The test report, part of the confidential detail.
    await page.getByTestId('attachment-visibility').getByText('属于保密详情').click()
    await input.setInputFiles({ name: PRIVATE_NAME, mimeType: 'application/pdf', buffer: REPORT })
    await editor.getByText(PRIVATE_NAME).waitFor()

    // A video link: http is refused, https taken.
    await page.getByTestId('video-url').fill('http://v.example.cn/demo')
    await page.getByTestId('video-add').click()
    await page.getByTestId('video-error').waitFor()
    await page.getByTestId('video-url').fill('https://v.example.cn/watch/si3n4')
    await page.getByTestId('video-title').fill('中试线演示')
    await page.getByTestId('video-add').click()
    await editor.getByText('中试线演示').waitFor()
    assert.equal(await page.getByTestId('attachment-row').count(), 3)
    await market.shot(page, 'form-attachments-phone')
  })

  // Submitted and approved.
  assert.equal((await market.api('POST', `/achievements/${id}/submit`, { token: ownerToken })).status, 200)
  const admin = await market.token(ADMIN.username, ADMIN.password)
  assert.equal((await market.api('POST', `/achievements/${id}/approve`, { token: admin })).status, 200)

  // A visitor on a phone: the photo and the video, not the report.
  await market.withPage('visitor-phone', PHONE, async (page) => {
    await page.goto(`/achievements/${id}`)
    const section = page.getByTestId('detail-attachments')
    await section.waitFor()
    assert.equal(await page.getByTestId('attachment-thumb').count(), 1)
    assert.equal(await page.getByTestId('attachment-file').count(), 0)
    assert.equal(await page.getByTestId('attachment-video').count(), 1)
    assert.ok(!(await page.content()).includes(PRIVATE_NAME), 'the public page names the private report')
    // The thumbnail loads; a tap opens the full picture.
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=attachment-thumb] img')
      return img && img.complete && img.naturalWidth > 0
    })
    await market.shot(page, 'detail-phone')
    await page.getByTestId('attachment-thumb').click()
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=attachment-full]')
      return img && img.complete && img.naturalWidth === 480
    })
    await market.shot(page, 'detail-photo-phone')
  })

  // Another organisation: the same, and the report is not there by its address either.
  const rivalToken = await market.token(rival.username, rival.password)
  const listed = await market.api('GET', `/achievements/${id}`, { token: rivalToken })
  assert.equal(listed.body.attachments.length, 2)
  const ownerView = await market.api('GET', `/achievements/${id}`, { token: ownerToken })
  const report = ownerView.body.attachments.find((a) => a.name === PRIVATE_NAME)
  assert.ok(report && report.visibility === 'confidential')
  const guess = await fetch(`${market.baseURL}/api/v1/achievements/${id}/attachments/${report.id}/content`, {
    headers: { Authorization: `Bearer ${rivalToken}` },
  })
  assert.equal(guess.status, 404)
  await market.withPage('rival', {}, async (page) => {
    await loginViaUI(page, rival.username, rival.password)
    await page.goto(`/achievements/${id}`)
    await page.getByTestId('detail-attachments').waitFor()
    assert.equal(await page.getByTestId('attachment-file').count(), 0)
    assert.ok(!(await page.content()).includes(PRIVATE_NAME))
  })

  // The owner sees the report, marked 保密.
  await market.withPage('owner', {}, async (page) => {
    await loginViaUI(page, owner.username, owner.password)
    await page.goto(`/achievements/${id}`)
    await page.getByTestId('attachment-file').waitFor()
    assert.match(await page.getByTestId('attachment-file').innerText(), /检测报告[\s\S]*保密/)
    await market.shot(page, 'detail-owner')
  })
})
