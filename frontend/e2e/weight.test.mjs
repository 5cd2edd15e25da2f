// Page weight: what the home page's first load transfers, as the browser counts it (compressed
// bytes on the wire, cold cache), and the size of every script chunk the build makes.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { FRONTEND_DIR, startMarket } from './harness.mjs'

const FIRST_LOAD_LIMIT = 350 * 1000 // bytes, issue 14
const CHUNK_LIMIT = 250 * 1000 // bytes gzipped, any one script

let market

before(async () => {
  market = await startMarket({ name: 'weight' })
})

after(async () => {
  await market?.stop()
})

const assets = path.join(FRONTEND_DIR, 'dist', 'assets')
const builtSize = (url) => statSync(path.join(assets, path.basename(new URL(url).pathname))).size

/** Loads path in a fresh context and sums the bytes every response put on the wire. */
async function firstLoad(page, pathname) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  const encodings = new Map()
  let bytes = 0
  let requests = 0
  cdp.on('Network.responseReceived', (e) => encodings.set(e.response.url, e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || ''))
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength
    requests += 1
  })
  await page.goto(market.baseURL + pathname, { waitUntil: 'networkidle' })
  return { bytes, requests, encodings }
}

test('the home page loads light, compressed, in small chunks', async () => {
  await market.withPage('home', {}, async (page) => {
    const { bytes, requests, encodings } = await firstLoad(page, '/')
    await market.shot(page, 'home-public')
    console.log(`home page first load: ${requests} requests, ${(bytes / 1024).toFixed(0)} KiB transferred (limit ${FIRST_LOAD_LIMIT / 1000} KB)`)
    assert.ok(bytes <= FIRST_LOAD_LIMIT, `the home page transferred ${bytes} bytes, over ${FIRST_LOAD_LIMIT}`)
    // Files under 1 KiB go as they are: compressing them saves nothing.
    const scripts = [...encodings].filter(([url]) => url.endsWith('.js') && builtSize(url) >= 1024)
    assert.ok(scripts.length > 0, 'no scripts loaded')
    for (const [url, enc] of scripts) assert.ok(['br', 'gzip'].includes(enc), `${url} arrived ${enc || 'uncompressed'}`)
  })
  for (const name of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
    const size = gzipSync(readFileSync(path.join(assets, name)), { level: 9 }).length
    assert.ok(size <= CHUNK_LIMIT, `${name} is ${size} bytes gzipped, over ${CHUNK_LIMIT}`)
  }
})
