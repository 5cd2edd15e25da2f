import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '@/api'
import type { Agency } from '@/contracts'

/** The verified registration agencies (GET /agencies), fetched once per page load. */
export const useAgenciesStore = defineStore('agencies', () => {
  const items = ref<Agency[]>([])
  let loading: Promise<void> | null = null
  let loaded = false

  function load(): Promise<void> {
    if (loaded) return Promise.resolve()
    loading ??= api
      .get<{ items: Agency[] }>('/agencies', undefined, { auth: false })
      .then((r) => {
        items.value = r.items ?? []
        loaded = true
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  /** The agency of a region (the seller registers where it is), else the only one there is. */
  function suggest(region: string): Agency | undefined {
    return items.value.find((a) => a.region === region) ?? (items.value.length === 1 ? items.value[0] : undefined)
  }

  function name(id: number | string | null | undefined): string {
    return items.value.find((a) => String(a.id) === String(id))?.name ?? (id ? `#${id}` : '')
  }

  return { items, load, suggest, name }
})
