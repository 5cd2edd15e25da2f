import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { api } from '@/api'
import type { Site } from '@/types'

/** What a market says before its own name has loaded. */
export const DEFAULT_MARKET_NAME = '网上技术市场'

/**
 * Who runs the market (GET /site), fetched once per page load: the header, the footer and the tab title
 * show it. The title of the current page is kept here too, so the tab reads 「页面 - 市场名称」 whenever
 * either changes.
 */
export const useSiteStore = defineStore('site', () => {
  const site = ref<Site | null>(null)
  const pageTitle = ref('')
  let loading: Promise<void> | null = null

  const marketName = computed(() => site.value?.market_name || DEFAULT_MARKET_NAME)

  function load(): Promise<void> {
    if (site.value) return Promise.resolve()
    loading ??= api
      .get<Site>('/site', undefined, { auth: false })
      .then((s) => {
        site.value = s
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  watch([pageTitle, marketName], ([page, market]) => {
    document.title = page ? `${page} - ${market}` : market
  })

  return { site, marketName, pageTitle, load, set: (s: Site) => (site.value = s) }
})

/** The 公安备案 query page for a filing number such as 闽公网安备 35010202001234号. */
export function policeFilingLink(filing: string): string {
  const code = filing.match(/\d{14}/)?.[0] ?? ''
  return `https://beian.mps.gov.cn/#/query/webSearch?code=${code}`
}
