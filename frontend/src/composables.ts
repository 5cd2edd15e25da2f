import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

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
