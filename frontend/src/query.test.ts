import { describe, expect, it } from 'vitest'
import { emptySearch, hasFilters, parseSearchQuery, queryInt, queryString, searchToApi, searchToQuery } from './query'

describe('query helpers', () => {
  it('reads strings and positive integers', () => {
    expect(queryString('a')).toBe('a')
    expect(queryString(['b', 'c'])).toBe('b')
    expect(queryString(undefined)).toBe('')
    expect(queryInt('3', 1)).toBe(3)
    expect(queryInt('0', 1)).toBe(1)
    expect(queryInt('x', 20)).toBe(20)
  })
})

describe('search state in the URL', () => {
  it('round-trips a full search through the query string', () => {
    const s = {
      ...emptySearch(),
      q: '石墨烯 导热',
      kind: 'achievement' as const,
      field: '新材料及其应用',
      region: '3501',
      ip_type: '发明专利',
      coop_mode: '转让',
      maturity_min: 3,
      maturity_max: 7,
      price_min: 10,
      price_max: 120.5,
      sort: 'price_asc' as const,
      page: 2,
      size: 50,
    }
    const q = searchToQuery(s)
    expect(q).toEqual({
      q: '石墨烯 导热',
      kind: 'achievement',
      field: '新材料及其应用',
      region: '3501',
      ip_type: '发明专利',
      coop_mode: '转让',
      maturity_min: '3',
      maturity_max: '7',
      price_min: '10',
      price_max: '120.5',
      sort: 'price_asc',
      page: '2',
      size: '50',
    })
    expect(parseSearchQuery(q)).toEqual(s)
  })

  it('leaves defaults out of the URL', () => {
    expect(searchToQuery(emptySearch())).toEqual({})
    expect(hasFilters(emptySearch())).toBe(false)
    expect(hasFilters({ ...emptySearch(), q: 'x', page: 3 })).toBe(false)
    expect(hasFilters({ ...emptySearch(), maturity_max: 5 })).toBe(true)
  })

  it('keeps a search for challenges (揭榜挂帅) in the URL', () => {
    expect(parseSearchQuery({ kind: 'challenge', q: '储能' }).kind).toBe('challenge')
    expect(searchToQuery({ ...emptySearch(), kind: 'challenge' }).kind).toBe('challenge')
  })

  it('drops malformed values instead of sending them', () => {
    const s = parseSearchQuery({
      kind: 'auction',
      region: '35x',
      maturity_min: '0',
      maturity_max: '12',
      price_min: '-5',
      price_max: 'abc',
      sort: 'random',
      page: '-1',
      size: '7',
    })
    expect(s).toEqual(emptySearch())
  })

  it('sends prices to the API in fen, and leaves empty filters out', () => {
    const api = searchToApi({ ...emptySearch(), q: ' 導熱膜 ', price_min: 0.5, price_max: 120 })
    expect(api.q).toBe('導熱膜')
    expect(api.price_min_fen).toBe(500_000)
    expect(api.price_max_fen).toBe(120_000_000)
    expect(api.maturity_min).toBeNull()
    expect(api.kind).toBe('')
    expect(api.page).toBe(1)
    expect(api.size).toBe(20)
  })
})
