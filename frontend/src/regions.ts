// The region tree (GET /regions) as the pages use it: a cascader's options and the path to a unit.

import type { components } from './api/schema'

export type RegionUnit = components['schemas']['RegionUnit']
export type MyRegion = components['schemas']['MyRegion']

/** A cascader option (Element Plus's CascaderOption takes any other keys too). */
export interface RegionOption {
  value: string
  label: string
  children?: RegionOption[]
  [key: string]: unknown
}

/**
 * The cascader's options: provinces, their cities, their districts; a zone (高新区) sits among its
 * parent's children, after the districts (the server's order). `within` keeps the part of the tree
 * an actor may open: that unit and what is below it.
 */
export function regionOptions(units: RegionUnit[], within = ''): RegionOption[] {
  const byParent = new Map<string, RegionUnit[]>()
  for (const u of units) byParent.set(u.parent, [...(byParent.get(u.parent) ?? []), u])
  const build = (u: RegionUnit): RegionOption => {
    const kids = byParent.get(u.code) ?? []
    const label = u.level === 'zone' ? `${u.name}（功能区）` : u.name
    return kids.length ? { value: u.code, label, children: kids.map(build) } : { value: u.code, label }
  }
  const roots = within ? units.filter((u) => u.code === within) : (byParent.get('') ?? [])
  return roots.map(build)
}


/** What a zone may sit under: the provinces and cities of the tree. */
export function zoneParents(units: RegionUnit[]): RegionUnit[] {
  return units.filter((u) => u.level === 'province' || u.level === 'city')
}

/** The districts a zone under `parent` may cover: every district below it, however deep. */
export function districtsUnder(units: RegionUnit[], parent: string): RegionUnit[] {
  const byCode = new Map(units.map((u) => [u.code, u]))
  const below = (u: RegionUnit): boolean => {
    for (let p = byCode.get(u.parent); p; p = byCode.get(p.parent)) if (p.code === parent) return true
    return false
  }
  return units.filter((u) => u.level === 'district' && below(u))
}
