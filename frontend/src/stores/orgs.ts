import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { api } from '@/api'
import type { PublicOrg } from '@/types'

/**
 * Organisations by id (GET /orgs/{id}, public part), for rows and pages that carry only an
 * org_id. Each id is fetched once; a failed fetch leaves the id to be shown instead.
 */
export const useOrgsStore = defineStore('orgs', () => {
  const byId = reactive<Record<number, PublicOrg>>({})
  const inflight = new Map<number, Promise<PublicOrg | null>>()

  function get(id: number): Promise<PublicOrg | null> {
    if (byId[id]) return Promise.resolve(byId[id])
    let p = inflight.get(id)
    if (!p) {
      p = api
        .get<PublicOrg>(`/orgs/${id}`, undefined, { silent: true })
        .then((o) => {
          byId[id] = o
          return o
        })
        .catch(() => null)
        .finally(() => inflight.delete(id))
      inflight.set(id, p)
    }
    return p
  }

  /** Fetches the organisations of these ids that are not known yet. */
  async function loadMany(ids: Array<number | null | undefined>): Promise<void> {
    const want = [...new Set(ids.filter((id): id is number => !!id))]
    await Promise.all(want.map(get))
  }

  /** The name of an organisation, or "#id" until it is known. */
  function name(id: number | null | undefined): string {
    if (!id) return '—'
    return byId[id]?.name ?? `#${id}`
  }

  return { byId, get, loadMany, name }
})
