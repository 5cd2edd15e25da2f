// The header's bar: which entries stand in it, which fold into a grouped sub-menu (管理), and which
// live in the user menu. Kept apart from AppHeader.vue so the arrangement is unit-tested.

export interface NavItem {
  path: string
  label: string
  testid: string
  /** Other path prefixes that belong to this entry (e.g. the edit forms under 我的发布). */
  also?: string[]
  /** Shown in the user menu on a desktop (the drawer lists everything on a phone). */
  userMenu?: boolean
  /** Shown in a sub-menu of the bar rather than in the bar itself. */
  group?: NavGroupKey
}

export type NavGroupKey = 'admin'

export const NAV_GROUPS: Record<NavGroupKey, { label: string; testid: string }> = {
  admin: { label: '管理', testid: 'nav-admin' },
}

export type BarEntry =
  | { kind: 'item'; item: NavItem }
  | { kind: 'group'; key: NavGroupKey; label: string; testid: string; index: string; items: NavItem[] }

/**
 * The bar, in the order of the items: each group stands once, where its first item would, and
 * holds its items; the user menu's items are left out.
 */
export function barEntries(items: NavItem[]): BarEntry[] {
  const out: BarEntry[] = []
  const groups = new Map<NavGroupKey, Extract<BarEntry, { kind: 'group' }>>()
  for (const item of items) {
    if (item.userMenu) continue
    if (!item.group) {
      out.push({ kind: 'item', item })
      continue
    }
    let g = groups.get(item.group)
    if (!g) {
      const { label, testid } = NAV_GROUPS[item.group]
      g = { kind: 'group', key: item.group, label, testid, index: `group:${item.group}`, items: [] }
      groups.set(item.group, g)
      out.push(g)
    }
    g.items.push(item)
  }
  return out
}

/** The entry of the bar (or of a group) that the path belongs to: its own path wins over another's broader prefix. */
export function activePath(items: NavItem[], path: string): string {
  const rest = items.filter((i) => i.path !== '/')
  const hit =
    rest.find((i) => path === i.path || path.startsWith(i.path + '/')) ?? rest.find((i) => i.also?.some((a) => path.startsWith(a)))
  return hit ? hit.path : path === '/' ? '/' : ''
}
