import { describe, expect, it } from 'vitest'
import { districtsUnder, regionOptions, zoneParents, type RegionUnit } from './regions'

const u = (code: string, name: string, parent: string, level: RegionUnit['level']): RegionUnit => ({ code, name, parent, level, covers: [] })
const tree: RegionUnit[] = [
  u('350000', '福建省', '', 'province'),
  u('350100', '福州市', '350000', 'city'),
  u('350102', '福州市鼓楼区', '350100', 'district'),
  u('350181', '福清市', '350100', 'district'),
  u('350500', '泉州市', '350000', 'city'),
  u('330000', '浙江省', '', 'province'),
  { ...u('FZGXQ', '福州高新区', '350100', 'zone'), covers: ['350102'] },
]

describe('regionOptions', () => {
  it('nests provinces, cities, districts, the zones last among their parent’s children', () => {
    const opts = regionOptions(tree)
    expect(opts.map((o) => o.label)).toEqual(['福建省', '浙江省'])
    const fuzhou = opts[0].children![0]
    expect(fuzhou.children!.map((o) => o.value)).toEqual(['350102', '350181', 'FZGXQ'])
    expect(fuzhou.children![2].label).toBe('福州高新区（功能区）')
    expect(opts[0].children![1]).toEqual({ value: '350500', label: '泉州市' })
  })
  it('keeps only what a bureau may open', () => {
    const opts = regionOptions(tree, '350100')
    expect(opts.map((o) => o.value)).toEqual(['350100'])
    expect(opts[0].children).toHaveLength(3)
    expect(regionOptions(tree, '350102')).toEqual([{ value: '350102', label: '福州市鼓楼区' }])
  })
})


describe('a zone’s parent and the districts it may cover', () => {
  it('sits under a province or a city', () => {
    expect(zoneParents(tree).map((u) => u.code)).toEqual(['350000', '350100', '350500', '330000'])
  })
  it('covers districts below its parent only, however deep', () => {
    expect(districtsUnder(tree, '350100').map((u) => u.code)).toEqual(['350102', '350181'])
    expect(districtsUnder(tree, '350000').map((u) => u.code)).toEqual(['350102', '350181'])
    expect(districtsUnder(tree, '350500')).toEqual([])
    expect(districtsUnder(tree, '')).toEqual([])
  })
})
