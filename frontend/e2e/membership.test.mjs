// Memberships end to end (issue 12): a user who registers naming an existing, verified university only
// asks to join: the waiting page says who approves, the workspace stays closed, and nothing of the
// organisation shows; its 机构管理员 approves on the member page, and the user then publishes. An
// enterprise's admin asks for verification with evidence (a wrong credit code is refused on its field),
// and the market admin checks the evidence, downloads the licence and verifies. A request to join a
// registration agency waits for the market admin. Against the real binary (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, adminMenu, apiResponse, creditCode, fillNumber, LICENCE_PDF, loginViaUI, newUser, pickOption, startMarket } from './harness.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

let market
/** The verified university's 机构管理员, created through the API. */
let univAdmin

before(async () => {
  market = await startMarket({ name: 'membership' })
  univAdmin = await newUser(market, 'supplier', 'university', { name: '郑海涛', phone: '0591-22860000' })
})

after(async () => {
  await market?.stop()
})

const suffix = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e3)}`

/** The element-plus message (toast) with this text. */
const toast = (page, text) => page.locator('.el-message').getByText(text)

/** A row of a desktop table holding text. */
const tableRow = (page, text) => page.locator('.el-table__body tr', { hasText: text })

async function openUserMenu(page, testid) {
  await page.getByTestId('user-menu').click()
  await page.getByTestId(testid).click()
}

test('a user asks to join a verified university, waits, is approved by its admin, and publishes', async () => {
  const joiner = { username: `join_${suffix()}`, password: 'Joiner-Pass-2026', name: '林知远' }
  const orgName = univAdmin.org.name
  const title = '面向海上风电的叶片除冰涂层'

  const user = await market.newPage()
  const phone = await market.newPage(PHONE)
  const admin = await market.newPage()
  const adminPhone = await market.newPage(PHONE)
  try {
    // --- the registration form says that naming a registered organisation asks to join it ---
    await user.goto('/register')
    await user.getByTestId('register-org-rules').getByText('申请加入').waitFor()
    await user.getByTestId('reg-username').fill(joiner.username)
    await user.getByTestId('reg-name').fill(joiner.name)
    await user.getByTestId('reg-password').fill(joiner.password)
    await user.getByTestId('reg-confirm').fill(joiner.password)
    await user.getByTestId('reg-phone').fill('13905910001')
    await user.getByTestId('reg-email').fill(`${joiner.username}@example.edu.cn`)
    await pickOption(user, 'reg-role', 'reg-role-supplier')
    await pickOption(user, 'reg-org-type', 'reg-org-type-university')
    await user.getByTestId('reg-org-name').fill(orgName)
    await pickOption(user, 'reg-region', 'reg-region-350102')
    await market.shot(user, 'register-join')

    const registered = apiResponse(user, 'POST', '/api/v1/auth/register')
    await user.getByTestId('reg-submit').click()
    const regRes = await registered
    assert.equal(regRes.status(), 201, `register answered ${regRes.status()}: ${await regRes.text()}`)
    const reg = await regRes.json()
    assert.equal(reg.org.id, univAdmin.org.id, 'joins the existing organisation')
    assert.equal(reg.membership.status, 'pending')
    assert.equal(reg.org.credit_code, undefined, 'a pending member gets only public facts')

    await user.waitForURL((u) => u.pathname === '/login')
    await user.getByTestId('login-joined').getByText(`注册成功，已申请加入「${orgName}」`).waitFor()
    await market.shot(user, 'login-after-join')

    // --- logging in leads to the waiting page: the state, who approves, what to do meanwhile ---
    await user.getByTestId('login-password').fill(joiner.password)
    await user.getByTestId('login-submit').click()
    await user.waitForURL((u) => u.pathname === '/waiting')
    await user.getByTestId('waiting-title').getByText(`您加入「${orgName}」的申请正在等待审核`).waitFor()
    await user.getByTestId('waiting-status').getByText('待审核').waitFor()
    await user.getByTestId('waiting-approver').getByText('机构管理员').waitFor()
    await user.getByTestId('waiting-meanwhile').getByText('搜索成果与需求').waitFor()
    await user.getByTestId('nav-waiting').waitFor()
    for (const entry of ['nav-my-listings', 'nav-my-matches', 'nav-contracts', 'nav-moderation']) {
      assert.equal(await user.getByTestId(entry).count(), 0, `${entry} is not offered while pending`)
    }
    // The picture shows the header, not the toasts of registering and logging in.
    await user.locator('.el-message').first().waitFor({ state: 'detached', timeout: 8000 })
    await market.shot(user, 'waiting')

    // --- 我的发布 and the form send the user back to the waiting page; the API refuses too ---
    await user.goto('/my/listings')
    await user.waitForURL((u) => u.pathname === '/waiting' && u.searchParams.get('redirect') === '/my/listings')
    await user.goto('/my/achievements/new')
    await user.waitForURL((u) => u.pathname === '/waiting')
    const token = await market.token(joiner.username, joiner.password)
    const refused = await market.api('GET', '/my/achievements', { token })
    assert.equal(refused.status, 403)
    assert.equal(refused.body.error.code, 'membership_pending')
    // The account page points at the waiting page.
    await user.goto('/account')
    await user.getByTestId('account-membership-status').getByText('待审核').waitFor()
    await user.getByTestId('account-to-waiting').click()
    await user.waitForURL((u) => u.pathname === '/waiting')

    // --- the waiting page on a phone ---
    await loginViaUI(phone, joiner.username, joiner.password)
    await phone.waitForURL((u) => u.pathname === '/waiting')
    await phone.getByTestId('waiting-title').waitFor()
    await market.shot(phone, 'phone-waiting')

    // --- the university's admin finds the request on the member page and approves it ---
    await loginViaUI(admin, univAdmin.username, univAdmin.password)
    await openUserMenu(admin, 'nav-org-members')
    await admin.waitForURL((u) => u.pathname === '/org/members')
    await admin.getByTestId('pending-count').getByText('1').waitFor()
    const row = tableRow(admin, joiner.username)
    await row.getByTestId('member-status').getByText('待审核').waitFor()
    await row.getByText('13905910001').waitFor()
    assert.equal(await row.getByTestId('member-suspend').count(), 0, 'only what the server allows: approve, refuse')
    await row.getByTestId('member-refuse').waitFor()
    await market.shot(admin, 'members-pending')

    await row.getByTestId('member-approve').click()
    const dialog = admin.getByTestId('member-dialog')
    await dialog.getByText('批准后，该用户即成为本机构成员').waitFor()
    await admin.getByTestId('member-dialog-note').fill('欢迎加入科技处')
    await market.shot(admin, 'member-approve-dialog')
    const approved = admin.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/memberships\/\d+\/approve$/.test(r.url()))
    await admin.getByTestId('member-dialog-confirm').click()
    assert.equal((await approved).status(), 200)
    await toast(admin, `已批准「${joiner.name}」加入`).waitFor()
    // The list refreshes: no request left waiting; the member is listed among the active ones.
    await row.waitFor({ state: 'detached' })
    await admin.getByText('暂无待审核的加入申请').waitFor()
    await admin.getByTestId('member-filter-active').click()
    const activeRow = tableRow(admin, joiner.username)
    await activeRow.getByTestId('member-status').getByText('正常').waitFor()
    await activeRow.getByTestId('member-suspend').waitFor()
    await activeRow.getByTestId('member-make_admin').waitFor()
    await tableRow(admin, univAdmin.username).getByTestId('member-org-admin').getByText('机构管理员').waitFor()
    await market.shot(admin, 'members-active')

    // --- the member page on a phone: cards ---
    await loginViaUI(adminPhone, univAdmin.username, univAdmin.password)
    await adminPhone.goto('/org/members?status=active')
    await adminPhone.getByTestId('member-row').filter({ hasText: joiner.username }).getByTestId('member-suspend').waitFor()
    await market.shot(adminPhone, 'phone-members')

    // --- the user refreshes the waiting page, is told, and publishes an achievement ---
    await user.getByTestId('waiting-refresh').click()
    await user.getByTestId('waiting-title').getByText(`您已是「${orgName}」的成员`).waitFor()
    await user.getByTestId('waiting-note').getByText('欢迎加入科技处').waitFor()
    await market.shot(user, 'waiting-approved')
    await user.reload()
    await user.getByTestId('nav-my-listings').click()
    await user.waitForURL((u) => u.pathname === '/my/listings')
    await user.getByTestId('my-new').click()
    await user.waitForURL((u) => u.pathname === '/my/achievements/new')
    await user.getByTestId('form-title').fill(title)
    await user
      .getByTestId('form-summary')
      .fill('以含氟硅树脂与光热填料复合的超疏水涂层降低叶片覆冰附着力，低温风洞试验中除冰能耗下降六成，可现场喷涂修复。')
    await user.getByTestId('form-keywords').fill('风电；除冰；超疏水涂层')
    await pickOption(user, 'form-field', 'form-field-新能源与高效节能')
    await pickOption(user, 'form-ip-type', 'form-ip-type-发明专利')
    await pickOption(user, 'form-maturity', 'form-maturity-5')
    await user.getByTestId('form-coop-许可').click()
    await user.getByTestId('form-price-type-indicative').click()
    await fillNumber(user, 'form-price', '80')
    await user.getByTestId('form-contact-name').fill('林老师')
    await user.getByTestId('form-contact-phone').fill('13905910001')
    const created = apiResponse(user, 'POST', '/api/v1/achievements')
    await user.getByTestId('form-submit').click()
    const createdRes = await created
    assert.equal(createdRes.status(), 201, `create answered ${createdRes.status()}: ${await createdRes.text()}`)
    assert.equal((await createdRes.json()).org_id, univAdmin.org.id, 'published in the organisation’s name')
    await user.waitForURL((u) => u.pathname === '/my/listings')
    await tableRow(user, title).getByTestId('my-row-status').getByText('待审核').waitFor()
    await market.shot(user, 'member-published')
  } catch (e) {
    for (const [p, label] of [
      [user, 'user'],
      [phone, 'phone'],
      [admin, 'admin'],
      [adminPhone, 'admin-phone'],
    ]) {
      await market.shot(p, `${label}-FAILED`).catch(() => {})
    }
    throw e
  }
})

test('an enterprise asks for verification with its evidence; the market admin checks it and verifies', async () => {
  const boss = await newUser(market, 'demander', 'enterprise', { verify: false, name: '吴建华' })
  // Another organisation that sent nothing: the queue offers no 认证 for it.
  const idle = await newUser(market, 'demander', 'enterprise', { verify: false, name: '许文' })
  const code = creditCode(boss.org.id)
  const wrong = code.slice(0, 17) + (code[17] === '1' ? '2' : '1')

  const page = await market.newPage()
  const admin = await market.newPage()
  try {
    await loginViaUI(page, boss.username, boss.password)
    // A member lands on the 工作台; the account is in the user menu.
    await page.waitForURL((u) => u.pathname === '/workspace')
    await page.getByTestId('user-menu').click()
    await page.getByTestId('nav-account').click()
    await page.waitForURL((u) => u.pathname === '/account')
    await page.getByTestId('account-to-org').getByText('提交实名认证材料').click()
    await page.waitForURL((u) => u.pathname === '/org/members' && u.searchParams.get('tab') === 'verification')
    await page.getByTestId('verification-missing').waitFor()

    // A wrong check character is the API's message on the credit code's field.
    await page.getByTestId('verification-credit-code').fill(wrong.toLowerCase())
    await page.getByTestId('verification-legal-rep-input').fill('吴建华')
    await page
      .getByTestId('verification-file')
      .locator('input[type=file]')
      .setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: Buffer.from(LICENCE_PDF) })
    let answered = apiResponse(page, 'POST', `/api/v1/orgs/${boss.org.id}/verification`)
    await page.getByTestId('verification-submit').click()
    const bad = await answered
    assert.equal(bad.status(), 422)
    const message = (await bad.json()).error.fields.credit_code
    assert.ok(message, 'the 422 names credit_code')
    const codeItem = page.locator('.el-form-item', { has: page.getByTestId('verification-credit-code') })
    await codeItem.locator('.el-form-item__error').getByText(message).waitFor()
    await market.shot(page, 'verification-form-bad-code')

    await page.getByTestId('verification-credit-code').fill(code)
    answered = apiResponse(page, 'POST', `/api/v1/orgs/${boss.org.id}/verification`)
    await page.getByTestId('verification-submit').click()
    assert.equal((await answered).status(), 200)
    await toast(page, '认证材料已提交').waitFor()
    await page.getByTestId('verification-waiting').waitFor()
    await page.getByTestId('verification-code').getByText(code).waitFor()
    await page.getByTestId('verification-legal-rep').getByText('吴建华').waitFor()
    await page.getByTestId('verification-licence').getByText('营业执照.pdf').waitFor()
    await market.shot(page, 'verification-sent')

    // --- the market admin's queue shows the evidence and the licence ---
    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await admin.goto('/admin/orgs')
    const idleRow = tableRow(admin, idle.org.name)
    await idleRow.getByTestId('org-row-waiting').getByText('待机构提交材料').waitFor()
    assert.equal(await idleRow.getByTestId('org-verify').count(), 0, 'nothing to verify without evidence')
    const row = tableRow(admin, boss.org.name)
    await row.getByTestId('org-row-credit-code').getByText(code).waitFor()
    await row.getByTestId('org-row-legal-rep').getByText('吴建华').waitFor()
    const download = admin.waitForEvent('download')
    await row.getByTestId('org-row-licence').click()
    assert.match((await download).suggestedFilename(), /\.pdf$/)
    await market.shot(admin, 'admin-orgs-evidence')
    await row.getByTestId('org-verify').click()
    const box = admin.locator('.el-message-box')
    await box.getByText(code).waitFor()
    const verified = apiResponse(admin, 'POST', `/api/v1/admin/orgs/${boss.org.id}/verify`)
    await box.getByRole('button', { name: '认证' }).click()
    assert.equal((await verified).status(), 200)
    await row.waitFor({ state: 'detached' })

    // --- the enterprise sees its organisation verified ---
    await page.getByTestId('org-members-refresh').click()
    await page.getByTestId('verification-status').getByText('已认证').waitFor()
    await market.shot(page, 'verification-verified')
  } catch (e) {
    await market.shot(page, 'enterprise-FAILED').catch(() => {})
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    throw e
  }
})

test('a request to join a registration agency waits for the market admin', async () => {
  const agency = await newUser(market, 'reviewer', 'agency', { name: '王站长' })
  const joiner = { username: `rev_${suffix()}`, password: 'Reviewer-Pass-2026', name: '郑审查' }
  await market.register({
    ...joiner,
    role: 'reviewer',
    org_name: agency.org.name,
    org_type: 'agency',
    region: '350102',
    phone: '',
    email: '',
  })
  // The agency's own admin is shown the request but may not decide it.
  const agencyToken = await market.token(agency.username, agency.password)
  const seen = await market.api('GET', `/orgs/${agency.org.id}/members?status=pending`, { token: agencyToken })
  assert.equal(seen.status, 200)
  assert.deepEqual(
    seen.body.items.map((m) => m.actions),
    [[]],
  )

  const user = await market.newPage()
  const admin = await market.newPage()
  try {
    await loginViaUI(user, joiner.username, joiner.password)
    await user.waitForURL((u) => u.pathname === '/waiting')
    await user.getByTestId('waiting-approver').getByText('市场管理员').waitFor()
    assert.equal(await user.getByTestId('nav-review').count(), 0, 'no review queue while pending')
    await market.shot(user, 'waiting-agency')

    await loginViaUI(admin, ADMIN.username, ADMIN.password)
    await adminMenu(admin, 'nav-admin-members')
    await admin.waitForURL((u) => u.pathname === '/admin/members')
    await pickOption(admin, 'admin-member-org-type', 'admin-member-org-type-agency')
    const row = tableRow(admin, joiner.username)
    await row.getByText(agency.org.name).waitFor()
    await market.shot(admin, 'admin-members')
    await row.getByTestId('member-approve').click()
    await admin.getByTestId('member-dialog-confirm').click()
    await toast(admin, `已批准「${joiner.name}」加入`).waitFor()
    await row.waitFor({ state: 'detached' })

    await user.getByTestId('waiting-refresh').click()
    await user.getByTestId('waiting-title').getByText(`您已是「${agency.org.name}」的成员`).waitFor()
    await user.getByTestId('nav-review').waitFor()
  } catch (e) {
    await market.shot(user, 'user-FAILED').catch(() => {})
    await market.shot(admin, 'admin-FAILED').catch(() => {})
    throw e
  }
})
