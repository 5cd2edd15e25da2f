import { describe, expect, it } from 'vitest'
import { decideAccess } from './access'

describe('decideAccess', () => {
  it('lets anyone see public pages', () => {
    expect(decideAccess({}, { isLoggedIn: false, role: null }, '/')).toEqual({ allow: true })
  })

  it('sends visitors of login-only pages to /login with a redirect', () => {
    expect(decideAccess({ requiresAuth: true }, { isLoggedIn: false, role: null }, '/account')).toEqual({
      allow: false,
      redirect: { path: '/login', query: { redirect: '/account' } },
    })
    expect(decideAccess({ requiresAuth: true }, { isLoggedIn: true, role: 'demander' }, '/account')).toEqual({
      allow: true,
    })
  })

  it('requires the role for role pages', () => {
    const meta = { roles: ['admin' as const] }
    expect(decideAccess(meta, { isLoggedIn: false, role: null }, '/admin/orgs?page=2')).toEqual({
      allow: false,
      redirect: { path: '/login', query: { redirect: '/admin/orgs?page=2' } },
    })
    expect(decideAccess(meta, { isLoggedIn: true, role: 'supplier' }, '/admin/orgs')).toEqual({
      allow: false,
      redirect: { path: '/login', query: { redirect: '/admin/orgs', denied: '1' } },
    })
    expect(decideAccess(meta, { isLoggedIn: true, role: 'admin' }, '/admin/orgs')).toEqual({ allow: true })
  })
})

describe('decideAccess without an active membership', () => {
  const pending = { isLoggedIn: true, role: null, memberActive: false }

  it('sends pages of the organisation to the waiting page, with the way back', () => {
    expect(decideAccess({ roles: ['supplier', 'admin'] }, pending, '/my/listings')).toEqual({
      allow: false,
      redirect: { path: '/waiting', query: { redirect: '/my/listings' } },
    })
    expect(decideAccess({ requiresAuth: true }, pending, '/contracts')).toEqual({
      allow: false,
      redirect: { path: '/waiting', query: { redirect: '/contracts' } },
    })
  })

  it('lets the account, the waiting page and public pages through', () => {
    expect(decideAccess({ requiresAuth: true, anyMembership: true }, pending, '/account')).toEqual({ allow: true })
    expect(decideAccess({}, pending, '/search')).toEqual({ allow: true })
  })

  it('still sends visitors to the login page first', () => {
    expect(decideAccess({ roles: ['supplier'] }, { isLoggedIn: false, role: null, memberActive: false }, '/my/listings')).toEqual({
      allow: false,
      redirect: { path: '/login', query: { redirect: '/my/listings' } },
    })
  })
})
