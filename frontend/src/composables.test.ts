import { describe, expect, it, vi } from 'vitest'
import { ApiError } from './api'
import { usePagedList } from './composables'

describe('usePagedList', () => {
  it('loads a page and steps back from a page past the end', async () => {
    const fetchPage = vi.fn(async (page: number, size: number) =>
      page > 2 ? { items: [], total: 25, page, size } : { items: [`p${page}`], total: 25, page, size },
    )
    const onLoaded = vi.fn()
    const list = usePagedList(fetchPage, { page: 5, size: 20, onLoaded })
    await list.load()
    expect(list.page.value).toBe(2)
    expect(list.items.value).toEqual(['p2'])
    expect(list.total.value).toBe(25)
    expect(onLoaded).toHaveBeenCalledTimes(1)
    await list.search()
    expect(list.page.value).toBe(1)
    expect(list.items.value).toEqual(['p1'])
  })

  it('keeps only the newest response and shows errors in Chinese', async () => {
    let resolveFirst: (v: { items: string[]; total: number; page: number; size: number }) => void = () => {}
    const fetchPage = vi
      .fn()
      .mockImplementationOnce(() => new Promise((r) => (resolveFirst = r)))
      .mockImplementationOnce(async () => ({ items: ['new'], total: 1, page: 1, size: 20 }))
      .mockImplementationOnce(async () => {
        throw new ApiError(403, 'forbidden', '无权执行该操作')
      })
    const list = usePagedList<string>(fetchPage)
    const first = list.load()
    await list.load()
    resolveFirst({ items: ['old'], total: 1, page: 1, size: 20 })
    await first
    expect(list.items.value).toEqual(['new'])
    expect(list.loading.value).toBe(false)
    await list.load()
    expect(list.items.value).toEqual([])
    expect(list.loadError.value).toBe('无权执行该操作')
  })
})
