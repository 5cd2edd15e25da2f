import { describe, expect, it } from 'vitest'
import { formatDateTime, safeRedirect } from './format'

describe('formatDateTime', () => {
  it('shows UTC times in Beijing time', () => {
    expect(formatDateTime('2026-03-04T16:30:00Z')).toBe('2026-03-05 00:30')
    expect(formatDateTime('2026-01-01T01:02:03.456Z')).toBe('2026-01-01 09:02')
  })
  it('handles empty and bad input', () => {
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('')).toBe('')
    expect(formatDateTime('not a date')).toBe('not a date')
  })
})

describe('safeRedirect', () => {
  it('keeps in-app paths', () => {
    expect(safeRedirect('/admin/orgs?status=pending')).toBe('/admin/orgs?status=pending')
    expect(safeRedirect(['/account', '/x'])).toBe('/account')
  })
  it('refuses other origins and loops', () => {
    expect(safeRedirect('https://evil.example')).toBe('/account')
    expect(safeRedirect('//evil.example/x')).toBe('/account')
    expect(safeRedirect('/\\evil.example')).toBe('/account')
    expect(safeRedirect('/login?redirect=/x')).toBe('/account')
    expect(safeRedirect(undefined, '/')).toBe('/')
  })
})
