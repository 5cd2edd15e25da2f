import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { configureApi } from '@/api'
import { DEFAULT_MARKET_NAME, policeFilingLink, useSiteStore } from './site'

const fuzhou = { market_name: '福州网上技术市场', host: '福州市科学技术局', icp: '闽ICP备2023012345号-1', police_filing: '闽公网安备 35010202001234号', hotline: '0591-87654321', updated_at: '2026-12-07T00:00:00Z' }

beforeEach(() => {
  setActivePinia(createPinia())
  configureApi({ notify: () => {}, onTokens: () => {}, onAuthLost: () => {} })
})
afterEach(() => vi.unstubAllGlobals())

describe('site store', () => {
  it('names the tab after the page and the market, once, whichever arrives first', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(fuzhou), { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    const site = useSiteStore()
    site.pageTitle = '搜索成果与需求'
    await nextTick()
    expect(document.title).toBe(`搜索成果与需求 - ${DEFAULT_MARKET_NAME}`)
    await Promise.all([site.load(), site.load()])
    await nextTick()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(document.title).toBe('搜索成果与需求 - 福州网上技术市场')
    site.pageTitle = ''
    await nextTick()
    expect(document.title).toBe('福州网上技术市场')
  })

  it('links a 公安备案 number to its query page', () => {
    expect(policeFilingLink('闽公网安备 35010202001234号')).toBe('https://beian.mps.gov.cn/#/query/webSearch?code=35010202001234')
  })
})
