import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '@/api'
import { REGISTRABLE_ROLES, ORG_TYPE_LABELS } from '@/enums'
import type { Enums } from '@/types'

export const useEnumsStore = defineStore('enums', () => {
  const enums = ref<Enums>({
    roles: REGISTRABLE_ROLES,
    org_types: Object.entries(ORG_TYPE_LABELS).map(([value, label]) => ({ value, label })),
    regions: [],
  })
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  /** Fetches GET /meta/enums once; later calls reuse it. */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    if (!loading) {
      loading = api
        .get<Enums>('/meta/enums', undefined, { auth: false })
        .then((e) => {
          enums.value = {
            roles: e.roles?.length ? e.roles : enums.value.roles,
            org_types: e.org_types?.length ? e.org_types : enums.value.org_types,
            regions: e.regions ?? [],
          }
          loaded.value = true
        })
        .finally(() => {
          loading = null
        })
    }
    return loading
  }

  function regionName(code: string | null | undefined): string {
    if (!code) return ''
    return enums.value.regions.find((r) => r.code === code)?.name ?? code
  }

  return { enums, loaded, load, regionName }
})
