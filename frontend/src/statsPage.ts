// What the statistics pages share: the year they show, kept in ?year= (the default year left out),
// and the region, kept in ?region= (left out for the whole market).

import { computed, type WritableComputedRef, type ComputedRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { queryInt } from './query'

/**
 * The page's year (?year=, else `latest()`), at most `ahead` years past it, and the years to offer:
 * `count` of them counting down from latest() + ahead. Setting the year replaces the URL.
 */
export function useYearQuery(
  latest: () => number,
  { count = 5, ahead = 0 }: { count?: number; ahead?: number } = {},
): { year: WritableComputedRef<number>; years: ComputedRef<number[]> } {
  const route = useRoute()
  const router = useRouter()
  const year = computed({
    get: () => Math.min(queryInt(route.query.year, latest()), latest() + ahead),
    set: (y: number) => {
      const query = { ...route.query }
      delete query.year
      if (y !== latest()) query.year = String(y)
      void router.replace({ query })
    },
  })
  const years = computed(() => Array.from({ length: count }, (_, i) => latest() + ahead - i))
  return { year, years }
}

/** The page's region (?region=, a division or zone code; '' for the whole market). Setting it replaces the URL. */
export function useRegionQuery(): WritableComputedRef<string> {
  const route = useRoute()
  const router = useRouter()
  return computed({
    get: () => (typeof route.query.region === 'string' ? route.query.region : ''),
    set: (code: string) => {
      const query = { ...route.query }
      delete query.region
      if (code) query.region = code
      void router.replace({ query })
    },
  })
}
