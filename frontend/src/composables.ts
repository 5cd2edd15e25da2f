import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { errorMessage } from './api'
import { useAuthStore } from './stores/auth'
import type { Page } from './types'

/** True while the media query matches (e.g. a phone-sized viewport). */
export function useMediaQuery(query: string): Ref<boolean> {
  const matches = ref(false)
  let mql: MediaQueryList | null = null
  const update = () => {
    matches.value = !!mql?.matches
  }
  if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
    mql = window.matchMedia(query)
    matches.value = mql.matches
  }
  onMounted(() => {
    mql?.addEventListener('change', update)
    update()
  })
  onBeforeUnmount(() => mql?.removeEventListener('change', update))
  return matches
}

export const NARROW_QUERY = '(max-width: 768px)'

/**
 * For the acts a visitor is offered but needs an account for (揭榜, 报名, 提出异议, 联系方式 …):
 * toLogin() sends them to the login page, which brings them back to this page afterwards;
 * loggedIn() is true when they have an account and does that when they have not.
 */
export function useLoginFirst(): { toLogin: () => void; loggedIn: () => boolean } {
  const auth = useAuthStore()
  const route = useRoute()
  const router = useRouter()
  const toLogin = () => void router.push({ path: '/login', query: { redirect: route.fullPath } })
  function loggedIn() {
    if (!auth.isLoggedIn) toLogin()
    return auth.isLoggedIn
  }
  return { toLogin, loggedIn }
}

export interface PagedList<T> {
  items: Ref<T[]>
  total: Ref<number>
  page: Ref<number>
  size: Ref<number>
  loading: Ref<boolean>
  loadError: Ref<string>
  /** Loads the current page (stepping back when it lies past the end). */
  load: () => Promise<void>
  /** Loads the first page (after a filter changed). */
  search: () => Promise<void>
}

/**
 * One paginated API list: fetchPage(page, size) → {items, total}. A response that arrives after a
 * newer request started is dropped; onLoaded runs after each load that was kept. A list the API
 * returns whole ({items, total} without paging) may ignore page and size.
 */
export function usePagedList<T>(
  fetchPage: (page: number, size: number) => Promise<Pick<Page<T>, 'items' | 'total'>>,
  opts: { page?: number; size?: number; onLoaded?: (items: T[]) => void } = {},
): PagedList<T> {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(opts.page ?? 1)
  const size = ref(opts.size ?? 20)
  const loading = ref(false)
  const loadError = ref('')
  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    loadError.value = ''
    let stepBack = false
    try {
      const res = await fetchPage(page.value, size.value)
      if (mine !== seq) return
      items.value = res.items ?? []
      total.value = res.total ?? 0
      // A page past the end (e.g. after acting on the last row of it): step back.
      stepBack = items.value.length === 0 && total.value > 0 && page.value > 1
      if (stepBack) page.value = Math.max(1, Math.ceil(total.value / size.value))
    } catch (e) {
      if (mine !== seq) return
      items.value = []
      total.value = 0
      loadError.value = errorMessage(e, '加载失败')
    } finally {
      if (mine === seq) loading.value = false
    }
    if (stepBack) return load()
    opts.onLoaded?.(items.value)
  }

  function search(): Promise<void> {
    page.value = 1
    return load()
  }

  return { items, total, page, size, loading, loadError, load, search }
}
