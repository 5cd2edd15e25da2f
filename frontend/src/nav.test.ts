import { describe, expect, it } from 'vitest'
import { activePath, barEntries, type NavItem } from './nav'

const items: NavItem[] = [
  { path: '/', label: '首页', testid: 'nav-home' },
  { path: '/workspace', label: '工作台', testid: 'nav-workspace' },
  { path: '/my/listings', label: '我的发布', testid: 'nav-my-listings', also: ['/my/'] },
  { path: '/account', label: '我的账户', testid: 'nav-account', userMenu: true },
  { path: '/moderation', label: '发布审核', testid: 'nav-moderation', group: 'admin' },
  { path: '/admin/orgs', label: '机构审核', testid: 'nav-admin-orgs', group: 'admin' },
  { path: '/my/matches', label: '我的对接', testid: 'nav-my-matches' },
  { path: '/admin/site', label: '站点设置', testid: 'nav-admin-site', group: 'admin' },
  { path: '/stats', label: '统计', testid: 'nav-stats', also: ['/bulletin'] },
]

describe('barEntries', () => {
  it('stands each group once, where its first item would, and leaves out the user menu', () => {
    const bar = barEntries(items)
    expect(bar.map((e) => (e.kind === 'item' ? e.item.label : e.label))).toEqual(['首页', '工作台', '我的发布', '管理', '我的对接', '统计'])
    const group = bar[3]
    expect(group.kind).toBe('group')
    if (group.kind === 'group') {
      expect(group.testid).toBe('nav-admin')
      expect(group.items.map((i) => i.path)).toEqual(['/moderation', '/admin/orgs', '/admin/site'])
    }
  })

  it('has no group when nothing is grouped', () => {
    expect(barEntries(items.filter((i) => !i.group)).every((e) => e.kind === 'item')).toBe(true)
  })
})

describe('activePath', () => {
  it('prefers an entry’s own path over another’s broader prefix', () => {
    expect(activePath(items, '/my/matches')).toBe('/my/matches')
    expect(activePath(items, '/my/achievements/3/edit')).toBe('/my/listings')
    expect(activePath(items, '/admin/orgs')).toBe('/admin/orgs')
    expect(activePath(items, '/bulletin')).toBe('/stats')
    expect(activePath(items, '/')).toBe('/')
    expect(activePath(items, '/nowhere')).toBe('')
  })
})
