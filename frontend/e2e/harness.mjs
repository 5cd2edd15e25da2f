// Browser-test harness: runs the real techmarket binary on a fresh SQLite data directory and a
// headless Chromium (Debian's, driven by playwright-core; no browser download).
//
//   TM_BIN        server binary (default ../bin/techmarket relative to frontend/)
//   TM_CHROMIUM   Chromium executable (default /usr/bin/chromium)
//   TM_E2E_KEEP=1 keep the temp data directory and print where it is
//   TM_E2E_HEADED=1 show the browser (needs a display)
//
// Usage (node --test):
//   const market = await startMarket({ name: 'account' })
//   const page = await market.newPage()      // each page has its own browser context (own storage)
//   await market.shot(page, 'login')        // → e2e/screenshots/account/01-login.png
//   await market.register({...}); await market.requestVerification(token, orgId); await market.verifyOrg(orgId)
//   const t = await market.token(u, p)
//   await market.api('GET', '/my/achievements', { token: t })   // → { status, body }
//   await market.stop()

import { spawn, execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'

const execFileP = promisify(execFile)

export const FRONTEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const SCREENSHOT_DIR = path.join(FRONTEND_DIR, 'e2e', 'screenshots')

export const ADMIN = { username: 'admin', password: 'Admin-Pass-2026', name: '管理员' }

const READY_TIMEOUT_MS = 30_000
const LOG_LIMIT = 64 * 1024

export function serverBinary() {
  const bin = process.env.TM_BIN || path.join(FRONTEND_DIR, '..', 'bin', 'techmarket')
  return path.resolve(FRONTEND_DIR, bin)
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; a race with another process is retried). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function serverEnv() {
  const env = { ...process.env }
  // SQLite in the temp data dir, whatever the developer's shell says.
  for (const k of ['TM_DATABASE_URL', 'TM_ADDR', 'TM_DATA_DIR']) delete env[k]
  // A test file logs in a dozen people from one address within a minute; the per-IP limit itself is tested in Go.
  env.TM_LOGINS_PER_MINUTE = '600'
  return env
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Spawns `serve` and resolves once GET /readyz is 200; rejects with the server's output otherwise. */
async function startServer(bin, dataDir) {
  let lastError
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort()
    const addr = `127.0.0.1:${port}`
    const child = spawn(bin, ['serve', '--addr', addr, '--data-dir', dataDir], {
      env: serverEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    const append = (chunk) => {
      log += chunk.toString()
      if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT)
    }
    child.stdout.on('data', append)
    child.stderr.on('data', append)
    let exited = null
    let spawnError = null
    child.on('exit', (code, signal) => {
      exited = { code, signal }
    })
    child.on('error', (err) => {
      spawnError = err
    })

    const baseURL = `http://${addr}`
    const deadline = Date.now() + READY_TIMEOUT_MS
    let ready = false
    while (Date.now() < deadline && !exited) {
      if (spawnError) throw new Error(`cannot start ${bin}: ${spawnError.message}`)
      try {
        const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(2000) })
        if (res.status === 200) {
          ready = true
          break
        }
      } catch {
        // not listening yet
      }
      await sleep(150)
    }
    if (ready) {
      return { child, baseURL, port, log: () => log }
    }
    if (!exited) {
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
    }
    lastError = new Error(
      `techmarket serve did not become ready on ${addr} within ${READY_TIMEOUT_MS / 1000}s` +
        (exited ? ` (exited with ${exited.code ?? exited.signal})` : '') +
        `\n--- server output ---\n${log}\n--- end of server output ---`,
    )
    // Someone else took the port between our probe and the bind: try another one.
    if (!/address already in use/i.test(log)) break
  }
  throw lastError
}

async function stopProcess(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await gone
  clearTimeout(timer)
}

async function launchBrowser(profileDir) {
  const executablePath = process.env.TM_CHROMIUM || '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set TM_CHROMIUM`,
    )
  }
  // playwright-core refuses --user-data-dir in launch() (it always starts Chromium on a fresh
  // profile of its own, which it deletes on close); launchPersistentContext would allow only one
  // context, and the tests need several (supplier and admin side by side). So: launch(), and keep
  // Chromium's other state (HOME caches, crash dumps) in our own fresh directory.
  return chromium.launch({
    executablePath,
    headless: process.env.TM_E2E_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--crash-dumps-dir=${path.join(profileDir, 'crash')}`,
    ],
    env: { ...process.env, HOME: profileDir, XDG_CONFIG_HOME: path.join(profileDir, '.config') },
    timeout: 60_000,
  })
}

/**
 * Starts the server (with the admin account created) and a browser.
 * @param {{ name?: string, admin?: boolean }} [opts]
 */
export async function startMarket(opts = {}) {
  const name = opts.name || 'e2e'
  const bin = serverBinary()
  if (!existsSync(bin)) {
    throw new Error(`server binary not found at ${bin}: build it (make build) or set TM_BIN`)
  }
  const root = await mkdtemp(path.join(os.tmpdir(), `techmarket-e2e-${name}-`))
  const dataDir = path.join(root, 'data')
  const profileDir = path.join(root, 'chromium')
  await mkdir(dataDir, { recursive: true })
  await mkdir(profileDir, { recursive: true })
  const shotDir = path.join(SCREENSHOT_DIR, name)
  await rm(shotDir, { recursive: true, force: true })
  await mkdir(shotDir, { recursive: true })

  let server
  let browser
  const contexts = []
  let shots = 0

  const market = {
    bin,
    root,
    dataDir,
    get baseURL() {
      return server.baseURL
    },
    get port() {
      return server.port
    },
    serverLog: () => (server ? server.log() : ''),

    /** Runs a techmarket subcommand against the test's data directory. */
    async cli(args) {
      try {
        return await execFileP(bin, [...args, '--data-dir', dataDir], { env: serverEnv(), timeout: 30_000 })
      } catch (e) {
        throw new Error(`techmarket ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`)
      }
    },

    /** A page in a new browser context: its own cookies and localStorage (one user each). */
    async newPage({ viewport = { width: 1280, height: 800 }, isMobile = false } = {}) {
      const context = await browser.newContext({
        baseURL: server.baseURL,
        viewport,
        isMobile,
        hasTouch: isMobile,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      })
      context.setDefaultTimeout(15_000)
      contexts.push(context)
      const page = await context.newPage()
      page.on('pageerror', (err) => {
        process.stderr.write(`[browser pageerror] ${err.message}\n`)
      })
      page.on('console', (msg) => {
        // A failed request (401, 422 …) is logged by Chromium too; the tests check those themselves.
        if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
          process.stderr.write(`[browser console.error] ${msg.text()}\n`)
        }
      })
      return page
    },

    /**
     * Calls the JSON API directly (for setting up what a test is not about).
     * Resolves to { status, body } whatever the status.
     */
    async api(method, pathname, { token, body } = {}) {
      const headers = { Accept: 'application/json' }
      if (body !== undefined) headers['Content-Type'] = 'application/json'
      if (token) headers.Authorization = `Bearer ${token}`
      const res = await fetch(`${server.baseURL}/api/v1${pathname}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },

    /** Registers a user (and a new organisation) through the API; throws unless 201. */
    async register(body) {
      const res = await market.api('POST', '/auth/register', { body })
      if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`)
      return res.body
    },

    /** Logs in through the API and returns the access token. */
    async token(username, password) {
      const res = await market.api('POST', '/auth/login', { body: { username, password } })
      if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.body)}`)
      return res.body.access_token
    },

    /**
     * Sends an organisation's verification evidence as its 机构管理员 (multipart: credit_code, legal_rep and a
     * licence, by default a tiny PDF); resolves to { status, body } whatever the status.
     */
    async requestVerification(token, orgId, { code = creditCode(orgId), legalRep = '张明', file, filename = '营业执照.pdf' } = {}) {
      const form = new FormData()
      form.append('credit_code', code)
      form.append('legal_rep', legalRep)
      form.append('file', new Blob([file ?? LICENCE_PDF], { type: 'application/octet-stream' }), filename)
      const res = await fetch(`${server.baseURL}/api/v1/orgs/${orgId}/verification`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        body: form,
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },

    /** Verifies an organisation as the admin, through the API (its evidence must be in: see requestVerification). */
    async verifyOrg(orgId) {
      const token = await market.token(ADMIN.username, ADMIN.password)
      const res = await market.api('POST', `/admin/orgs/${orgId}/verify`, { token })
      if (res.status !== 200) throw new Error(`verify answered ${res.status}: ${JSON.stringify(res.body)}`)
    },

    /** Runs body(page) on a new page; on failure saves a screenshot of it before rethrowing. */
    async withPage(label, opts, body) {
      const page = await market.newPage(opts)
      try {
        await body(page)
      } catch (e) {
        await market.shot(page, `${label}-FAILED`).catch(() => {})
        throw e
      }
    },

    /** Saves a full-page screenshot under e2e/screenshots/<name>/NN-<label>.png. */
    async shot(page, label) {
      shots += 1
      const file = path.join(shotDir, `${String(shots).padStart(2, '0')}-${label}.png`)
      // Let transitions (dialogs, messages) settle so the picture shows what a person sees.
      await page.waitForTimeout(300)
      // A full-page picture is taken from the top; otherwise the sticky header lands mid-page.
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.screenshot({ path: file, fullPage: true })
      return file
    },

    async stop() {
      for (const c of contexts.splice(0)) await c.close().catch(() => {})
      if (browser) await browser.close().catch(() => {})
      if (server) {
        await stopProcess(server.child)
        await writeFile(path.join(root, 'server.log'), server.log()).catch(() => {})
      }
      if (process.env.TM_E2E_KEEP === '1') {
        process.stderr.write(`[e2e] kept ${root}\n`)
      } else {
        await rm(root, { recursive: true, force: true }).catch(() => {})
      }
    },
  }

  try {
    server = await startServer(bin, dataDir)
    if (opts.admin !== false) {
      await market.cli([
        'user',
        'create',
        '--role',
        'admin',
        '--username',
        ADMIN.username,
        '--password',
        ADMIN.password,
        '--name',
        ADMIN.name,
      ])
    }
    // A binary built before `npm run build` embeds only the "frontend not built" page.
    const index = await fetch(`${server.baseURL}/`).then((r) => r.text())
    if (!index.includes('id="app"')) {
      throw new Error(
        `${bin} serves no built frontend at /: run \`npm run build\` in frontend/, then rebuild the binary (make build)`,
      )
    }
    browser = await launchBrowser(profileDir)
  } catch (e) {
    await market.stop()
    throw e
  }
  return market
}

/** Logs in through the UI and waits for the account page. */
export async function loginViaUI(page, username, password) {
  await page.goto('/login')
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((url) => url.pathname !== '/login')
}

/** Opens an entry of the admin's 管理 menu in the header (机构审核, 用户管理, 成员审批 …). */
export async function adminMenu(page, testid) {
  await page.getByTestId('nav-admin').click()
  await page.getByTestId(testid).click()
}

/** Resolves with the next response of the API request `method pathname` the page makes. */
export function apiResponse(page, method, pathname) {
  return page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === pathname)
}

/**
 * Picks an option of an Element Plus <el-select> by its data-testid: opens the dropdown, clicks
 * the option, and waits for the dropdown to close.
 */
export async function pickOption(page, selectTestId, optionTestId) {
  await page.getByTestId(selectTestId).click()
  const option = page.getByTestId(optionTestId)
  await option.waitFor({ state: 'visible' })
  await option.click()
  try {
    await option.waitFor({ state: 'hidden', timeout: 3000 })
  } catch {
    // A hint appearing under the select (the field suggestion) can move the open dropdown as the click lands.
    if (await option.isVisible()) await option.click()
    await option.waitFor({ state: 'hidden' })
  }
}

// ---- shared set-up helpers (through the API) ----

// ---- verification evidence ----

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/**
 * A well-formed 统一社会信用代码 (GB 32100-2015) unique to n: 91 (enterprise), the division code, n in nine
 * digits, and the check character.
 */
export function creditCode(n, region = '350102') {
  const first = `91${region}${String(n).padStart(9, '0')}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(first[i]) * CREDIT_CODE_WEIGHTS[i]
  return first + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** The smallest file the server takes for a PDF licence (it checks the content's first bytes). */
export const LICENCE_PDF = new TextEncoder().encode('%PDF-1.4\n% 营业执照（测试）\n%%EOF\n')

const ORG_NAMES = { supplier: '闽江理工大学', demander: '榕城新材料有限公司', broker: '海峡技术转移中心', reviewer: '福州市技术合同登记处' }

/**
 * Registers a user with a new organisation (named after the role, made unique), so the user is its
 * 机构管理员; unless verify is false, sends the organisation's evidence and has the admin verify it.
 * Resolves to { username, password, name, org }.
 */
export async function newUser(market, role, orgType, { verify = true, region = '350102', name = '测试用户', phone = '', email = '' } = {}) {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
  const user = { username: `${role.slice(0, 3)}_${suffix}`, password: `${role}-Pass-2026` }
  const reg = await market.register({
    ...user,
    name,
    role,
    org_name: `${ORG_NAMES[role] ?? '测试机构'}${suffix}`,
    org_type: orgType,
    region,
    phone,
    email,
  })
  if (verify) {
    const sent = await market.requestVerification(await market.token(user.username, user.password), reg.org.id)
    if (sent.status !== 200) throw new Error(`verification request answered ${sent.status}: ${JSON.stringify(sent.body)}`)
    await market.verifyOrg(reg.org.id)
  }
  return { ...user, name, org: reg.org }
}

/** Creates a listing ('achievements' or 'needs') as its owner, submits it and has the admin approve it. */
export async function publishListing(market, kind, token, body) {
  const created = await market.api('POST', `/${kind}`, { token, body })
  if (created.status !== 201) throw new Error(`create ${kind} answered ${created.status}: ${JSON.stringify(created.body)}`)
  const id = created.body.id
  const submitted = await market.api('POST', `/${kind}/${id}/submit`, { token })
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`)
  const admin = await market.token(ADMIN.username, ADMIN.password)
  const approved = await market.api('POST', `/${kind}/${id}/approve`, { token: admin })
  if (approved.status !== 200) throw new Error(`approve answered ${approved.status}: ${JSON.stringify(approved.body)}`)
  return approved.body
}

/**
 * Takes a drafted contract to registration as its parties and agency would (tokens of each): the
 * seller uploads the text as a PDF, both confirm, the seller submits and the reviewer registers.
 */
export async function registerContract(market, contractId, { seller, buyer, reviewer }) {
  const file = new FormData()
  file.append('file', new Blob([new TextEncoder().encode('%PDF-1.4\n% 合同\n%%EOF\n')]), '合同.pdf')
  const up = await fetch(`${market.baseURL}/api/v1/contracts/${contractId}/file`, { method: 'POST', headers: { Authorization: `Bearer ${seller}` }, body: file })
  if (up.status !== 200) throw new Error(`contract upload answered ${up.status}: ${await up.text()}`)
  for (const [act, token] of [['confirm', seller], ['confirm', buyer], ['submit', seller], ['register', reviewer]]) {
    const res = await market.api('POST', `/contracts/${contractId}/${act}`, { token })
    if (res.status !== 200) throw new Error(`contract ${act} answered ${res.status}: ${JSON.stringify(res.body)}`)
  }
}

/** Waits until the search index answers q with a hit titled title (the index trails writes by ~250 ms). */
export async function waitIndexed(market, q, title) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const res = await market.api('GET', `/search?q=${encodeURIComponent(q)}`)
    if (res.status === 200 && res.body.items.some((h) => h.title === title)) return
    if (Date.now() > deadline) throw new Error(`"${title}" not found for ${q}: ${JSON.stringify(res.body)}`)
    await sleep(150)
  }
}

/** Fills an Element Plus input-number by its test id. */
export async function fillNumber(page, testid, value) {
  const input = page.getByTestId(testid).locator('input')
  await input.fill(String(value))
  await input.blur()
}

/** Types into a remote-search <el-select> (by test id) and picks the option with optionTestId. */
export async function searchPick(page, selectTestId, text, optionTestId) {
  await page.getByTestId(selectTestId).click()
  await page.getByTestId(selectTestId).locator('input').fill(text)
  const option = page.getByTestId(optionTestId)
  await option.waitFor({ state: 'visible' })
  await option.click()
  try {
    await option.waitFor({ state: 'hidden', timeout: 3000 })
  } catch {
    // A hint appearing under the select (the field suggestion) can move the open dropdown as the click lands.
    if (await option.isVisible()) await option.click()
    await option.waitFor({ state: 'hidden' })
  }
}
