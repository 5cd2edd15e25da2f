// Accounts end to end: registration, login, organisation verification by the admin, login errors,
// route guards and the phone layout, against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, adminMenu, apiResponse, creditCode, loginViaUI, pickOption, startMarket } from './harness.mjs'

const CJK = /[\u4e00-\u9fff]/

let market

before(async () => {
  market = await startMarket({ name: 'account' })
})

after(async () => {
  await market?.stop()
})

const withPage = (label, opts, body) => market.withPage(label, opts, body)

/** Fills the registration form (selects are Element Plus dropdowns, picked by test id). */
async function fillRegistration(page, r) {
  await page.getByTestId('reg-username').fill(r.username)
  await page.getByTestId('reg-name').fill(r.name)
  await page.getByTestId('reg-password').fill(r.password)
  await page.getByTestId('reg-confirm').fill(r.password)
  await page.getByTestId('reg-phone').fill(r.phone ?? '')
  await page.getByTestId('reg-email').fill(r.email ?? '')
  await pickOption(page, 'reg-role', `reg-role-${r.role}`)
  await pickOption(page, 'reg-org-type', `reg-org-type-${r.orgType}`)
  await page.getByTestId('reg-org-name').fill(r.orgName)
  await pickOption(page, 'reg-region', `reg-region-${r.region}`)
}

/** Registers through the API directly (for tests about what happens next). */
const registerViaAPI = (body) => market.register(body)

test('a supplier registers a new university, and it is verified by the admin', async () => {
  const suffix = Date.now().toString(36)
  const username = `sup_${suffix}`
  const password = 'Supplier-Pass-2026'
  const orgName = `闽江理工大学${suffix}`

  const supplier = await market.newPage()
  const admin = await market.newPage()
  try {
    // --- register through the form ---
    await supplier.goto('/')
    await supplier.getByTestId('home-title').waitFor()
    await market.shot(supplier, 'home')
    await supplier.getByTestId('header-register').click()
    await supplier.waitForURL((u) => u.pathname === '/register')

    await fillRegistration(supplier, {
      username,
      password,
      name: '陈晓明',
      phone: '13800138000',
      email: `${username}@example.edu.cn`,
      role: 'supplier',
      orgType: 'university',
      orgName,
      region: '350102',
    })
    // A supplier may only belong to a university or an institute.
    await supplier.getByTestId('reg-org-type').click()
    await supplier.getByTestId('reg-org-type-institute').waitFor({ state: 'visible' })
    assert.equal(await supplier.getByTestId('reg-org-type-enterprise').count(), 0)
    await supplier.keyboard.press('Escape')
    await supplier.getByTestId('reg-org-type-institute').waitFor({ state: 'hidden' })
    await market.shot(supplier, 'register-filled')

    const registered = apiResponse(supplier, 'POST', '/api/v1/auth/register')
    await supplier.getByTestId('reg-submit').click()
    const regRes = await registered
    assert.equal(regRes.status(), 201, `register answered ${regRes.status()}: ${await regRes.text()}`)
    const reg = await regRes.json()
    assert.equal(reg.org.name, orgName)
    assert.equal(reg.org.status, 'pending')

    // --- back on the login page, with the username filled in ---
    await supplier.waitForURL((u) => u.pathname === '/login')
    await supplier.getByTestId('login-registered').getByText('注册成功，机构待管理员认证').waitFor()
    assert.equal(await supplier.getByTestId('login-username').inputValue(), username)
    await market.shot(supplier, 'login-after-register')
    await supplier.getByTestId('login-password').fill(password)
    await supplier.getByTestId('login-submit').click()
    // A member lands on the 工作台; the account is in the user menu.
    await supplier.waitForURL((u) => u.pathname === '/workspace')
    await supplier.getByTestId('user-menu').click()
    await supplier.getByTestId('nav-account').click()
    await supplier.waitForURL((u) => u.pathname === '/account')

    // --- the account shows the organisation pending verification ---
    await supplier.getByTestId('org-name').getByText(orgName).waitFor()
    await supplier.getByTestId('org-status').getByText('待认证').waitFor()
    assert.equal((await supplier.getByTestId('account-username').textContent()).trim(), username)
    assert.equal((await supplier.getByTestId('account-role').textContent()).trim(), '高校/科研院所人员')
    // No admin menu for a supplier.
    assert.equal(await supplier.getByTestId('nav-admin-orgs').count(), 0)
    await market.shot(supplier, 'account-pending')

    // --- its 机构管理员 sends the evidence (the form itself is tried in membership.test.mjs) ---
    const code = creditCode(reg.org.id)
    const sent = await market.requestVerification(await market.token(username, password), reg.org.id, { code, legalRep: '陈晓明' })
    assert.equal(sent.status, 200, `verification request answered ${sent.status}: ${JSON.stringify(sent.body)}`)

    // --- the admin, in another browser context, checks the evidence and verifies the organisation ---
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await adminMenu(admin, 'nav-admin-orgs')
    await admin.waitForURL((u) => u.pathname === '/admin/orgs')
    const row = admin.locator('.el-table__body tr', { hasText: orgName })
    await row.waitFor()
    await row.getByTestId('org-row-status').getByText('待认证').waitFor()
    await row.getByTestId('org-row-credit-code').getByText(code).waitFor()
    await row.getByTestId('org-row-legal-rep').getByText('陈晓明').waitFor()
    await market.shot(admin, 'admin-orgs-pending')

    await row.getByTestId('org-verify').click()
    const box = admin.locator('.el-message-box')
    await box.waitFor()
    await market.shot(admin, 'admin-verify-confirm')
    const verified = apiResponse(admin, 'POST', `/api/v1/admin/orgs/${reg.org.id}/verify`)
    await box.getByRole('button', { name: '认证' }).click()
    const verRes = await verified
    assert.equal(verRes.status(), 200, `verify answered ${verRes.status()}: ${await verRes.text()}`)
    // It leaves the pending list and shows up among the verified ones.
    await row.waitFor({ state: 'detached' })
    await admin.getByTestId('orgs-status-verified').click()
    const verifiedRow = admin.locator('.el-table__body tr', { hasText: orgName })
    await verifiedRow.getByTestId('org-row-status').getByText('已认证').waitFor()
    await market.shot(admin, 'admin-orgs-verified')

    // --- the supplier reloads the account and sees the organisation verified ---
    await supplier.reload()
    await supplier.getByTestId('org-status').getByText('已认证').waitFor()
    await market.shot(supplier, 'account-verified')
  } catch (e) {
    await market.shot(supplier, 'supplier-FAILED').catch(() => {})
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    throw e
  }
})

test('a taken username is shown on its field; a rejected organisation shows the reason', async () => {
  const suffix = Date.now().toString(36)
  const username = `dem_${suffix}`
  const password = 'Demander-Pass-2026'
  const orgName = `榕城精密制造有限公司${suffix}`
  const reason = '营业执照上的名称与所填机构名称不一致'
  const reg = await registerViaAPI({
    username,
    password,
    name: '林晓红',
    role: 'demander',
    org_name: orgName,
    org_type: 'enterprise',
    region: '350104',
    phone: '0591-87654321',
    email: '',
  })

  const visitor = await market.newPage()
  const admin = await market.newPage()
  const demander = await market.newPage()
  try {
    // --- the API's field message lands under the username field ---
    await visitor.goto('/register')
    await fillRegistration(visitor, {
      username,
      password: 'Another-Pass-2026',
      name: '王五',
      role: 'demander',
      orgType: 'enterprise',
      orgName: `另一家公司${suffix}`,
      region: '350102',
    })
    const answered = apiResponse(visitor, 'POST', '/api/v1/auth/register')
    await visitor.getByTestId('reg-submit').click()
    const res = await answered
    assert.equal(res.status(), 409)
    const body = await res.json()
    const usernameItem = visitor.locator('.el-form-item', { has: visitor.getByTestId('reg-username') })
    await usernameItem.locator('.el-form-item__error').getByText(body.error.message).waitFor()
    assert.equal(new URL(visitor.url()).pathname, '/register')
    await market.shot(visitor, 'register-username-taken')

    // --- the admin rejects the organisation with a reason ---
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto('/admin/orgs')
    const row = admin.locator('.el-table__body tr', { hasText: orgName })
    await row.getByTestId('org-reject').click()
    const dialog = admin.getByTestId('reject-dialog')
    // An empty reason is refused in the form.
    await admin.getByTestId('reject-confirm').click()
    await admin.getByText('请填写驳回理由').waitFor()
    await admin.getByTestId('reject-reason').fill(reason)
    await market.shot(admin, 'admin-reject-dialog')
    const rejected = apiResponse(admin, 'POST', `/api/v1/admin/orgs/${reg.org.id}/reject`)
    await admin.getByTestId('reject-confirm').click()
    assert.equal((await rejected).status(), 200)
    await row.waitFor({ state: 'detached' })
    await dialog.waitFor({ state: 'hidden' })
    await admin.getByTestId('orgs-status-rejected').click()
    const rejectedRow = admin.locator('.el-table__body tr', { hasText: orgName })
    await rejectedRow.getByText(reason).waitFor()
    await rejectedRow.getByTestId('org-row-status').getByText('已驳回').waitFor()
    await market.shot(admin, 'admin-orgs-rejected')

    // --- the demander sees the rejection and its reason ---
    await loginViaUI(demander, username, password)
    // A member lands on the 工作台; the account is in the user menu.
    await demander.waitForURL((u) => u.pathname === '/workspace')
    await demander.getByTestId('user-menu').click()
    await demander.getByTestId('nav-account').click()
    await demander.waitForURL((u) => u.pathname === '/account')
    await demander.getByTestId('org-status').getByText('已驳回').waitFor()
    await demander.getByTestId('org-reject-reason').getByText(reason).waitFor()
    await market.shot(demander, 'account-rejected')
  } catch (e) {
    await market.shot(visitor, 'visitor-FAILED').catch(() => {})
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    await market.shot(demander, 'demander-FAILED').catch(() => {})
    throw e
  }
})

test('a wrong password shows the Chinese error message from the API', async () => {
  await withPage('wrong-password', {}, async (page) => {
    await page.goto('/login')
    await page.getByTestId('login-username').fill(ADMIN.username)
    await page.getByTestId('login-password').fill('not-the-password')
    const answered = apiResponse(page, 'POST', '/api/v1/auth/login')
    await page.getByTestId('login-submit').click()
    const res = await answered
    assert.equal(res.status(), 401)
    const body = await res.json()
    assert.equal(body.error.code, 'bad_credentials')
    assert.match(body.error.message, CJK)

    const alert = page.getByTestId('login-error')
    await alert.getByText(body.error.message).waitFor()
    assert.equal(new URL(page.url()).pathname, '/login')
    await market.shot(page, 'login-wrong-password')
  })
})

test('a stale access token is refreshed once, transparently', async () => {
  const suffix = Date.now().toString(36)
  const username = `bro_${suffix}`
  const password = 'Broker-Pass-2026'
  await registerViaAPI({
    username,
    password,
    name: '黄志强',
    role: 'broker',
    org_name: `海峡技术转移中心${suffix}`,
    org_type: 'broker_firm',
    region: '350102',
    phone: '',
    email: '',
  })
  await withPage('refresh', {}, async (page) => {
    await loginViaUI(page, username, password)
    await page.goto('/account')
    await page.getByTestId('org-status').getByText('待认证').waitFor()
    const before = await page.evaluate(() => localStorage.getItem('tm.refresh_token'))
    assert.ok(before, 'a refresh token is stored after login')

    // Spoil the access token: the next API call gets 401, refreshes, and retries.
    await page.evaluate(() => localStorage.setItem('tm.access_token', 'not-a-valid-token'))
    const refreshes = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/auth/refresh') refreshes.push(r)
    })
    const meOk = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me' && r.status() === 200)
    await page.reload()
    await meOk
    await page.getByTestId('account-username').getByText(username).waitFor()
    assert.equal(refreshes.length, 1)
    const after = await page.evaluate(() => ({
      access: localStorage.getItem('tm.access_token'),
      refresh: localStorage.getItem('tm.refresh_token'),
    }))
    assert.notEqual(after.access, 'not-a-valid-token')
    assert.notEqual(after.refresh, before, 'the refresh token is rotated')

    // With both tokens spoiled the session ends and the page asks for a login.
    await page.evaluate(() => {
      localStorage.setItem('tm.access_token', 'not-a-valid-token')
      localStorage.setItem('tm.refresh_token', 'not-a-valid-refresh-token')
    })
    await page.reload()
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/account')
    assert.equal(await page.evaluate(() => localStorage.getItem('tm.access_token')), null)
  })
})

test('a user disabled by the admin cannot log in until enabled again', async () => {
  const suffix = Date.now().toString(36)
  const username = `rev_${suffix}`
  const password = 'Reviewer-Pass-2026'
  await registerViaAPI({
    username,
    password,
    name: '郑文静',
    role: 'reviewer',
    org_name: `鼓楼区技术合同登记站${suffix}`,
    org_type: 'agency',
    region: '350102',
    phone: '',
    email: '',
  })
  const admin = await market.newPage()
  const user = await market.newPage()
  try {
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto('/admin/users')
    await admin.getByTestId('users-search').fill(username)
    await admin.getByTestId('users-search-submit').click()
    const row = admin.locator('.el-table__body tr', { hasText: username })
    await row.getByTestId('user-row-status').getByText('正常').waitFor()
    await row.getByTestId('user-disable').click()
    await admin.locator('.el-message-box').getByRole('button', { name: '停用' }).click()
    await row.getByTestId('user-row-status').getByText('已停用').waitFor()
    await market.shot(admin, 'admin-user-disabled')

    await user.goto('/login')
    await user.getByTestId('login-username').fill(username)
    await user.getByTestId('login-password').fill(password)
    const answered = apiResponse(user, 'POST', '/api/v1/auth/login')
    await user.getByTestId('login-submit').click()
    const res = await answered
    assert.equal(res.status(), 403)
    const body = await res.json()
    assert.equal(body.error.code, 'user_disabled')
    await user.getByTestId('login-error').getByText(body.error.message).waitFor()
    await market.shot(user, 'login-disabled')

    await row.getByTestId('user-enable').click()
    await admin.locator('.el-message-box').getByRole('button', { name: '启用' }).click()
    await row.getByTestId('user-row-status').getByText('正常').waitFor()
    await loginViaUI(user, username, password)
    await user.waitForURL((u) => u.pathname === '/workspace')
    await user.goto('/account')
    await user.getByTestId('account-username').getByText(username).waitFor()
  } catch (e) {
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    await market.shot(user, 'user-FAILED').catch(() => {})
    throw e
  }
})

test('admin pages send visitors to the login page and back', async () => {
  await withPage('guard', {}, async (page) => {
    await page.goto('/admin/orgs')
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/admin/orgs')
    await page.getByTestId('login-username').fill(ADMIN.username)
    await page.getByTestId('login-password').fill(ADMIN.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname === '/admin/orgs')
    await page.getByTestId('orgs-table').waitFor()

    await adminMenu(page, 'nav-admin-users')
    await page.waitForURL((u) => u.pathname === '/admin/users')
    await page.locator('.el-table__body tr', { hasText: ADMIN.username }).waitFor()
    await market.shot(page, 'admin-users')

    // Logging out hides the account pages again.
    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await page.waitForURL((u) => u.pathname === '/')
    await page.getByTestId('header-login').waitFor()
    await page.goto('/account')
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/account')
  })
})

test('on a phone the menu collapses into a drawer', async () => {
  await withPage('phone', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
    await page.goto('/')
    await page.getByTestId('home-title').waitFor()
    await page.getByTestId('nav-toggle').waitFor()
    assert.equal(await page.getByTestId('nav-home').count(), 0)
    await market.shot(page, 'phone-home')
    await page.getByTestId('nav-toggle').click()
    await page.getByTestId('drawer-nav-home').waitFor()
    await page.getByTestId('drawer-login').waitFor()
    await market.shot(page, 'phone-menu')
    await page.getByTestId('drawer-register').click()
    await page.waitForURL((u) => u.pathname === '/register')
    await page.getByTestId('reg-username').waitFor()
    await market.shot(page, 'phone-register')
  })
})

test('an unknown address shows the 404 page', async () => {
  await withPage('not-found', {}, async (page) => {
    await page.goto('/no/such/page')
    await page.getByTestId('not-found').getByText('404 页面不存在').waitFor()
    await market.shot(page, 'not-found')
  })
})
