import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '@/api'
import type { Notification, NotificationPage } from '@/types'

export const NOTIFICATION_POLL_MS = 60_000

/** The logged-in user's notifications: the unread count (polled) and the latest few. */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([])
  const unread = ref(0)
  const total = ref(0)
  const loading = ref(false)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh(): Promise<void> {
    loading.value = true
    try {
      const res = await api.get<NotificationPage>('/notifications', { page: 1, size: 20 }, { silent: true })
      items.value = res.items ?? []
      unread.value = res.unread ?? 0
      total.value = res.total ?? 0
    } catch {
      // a missed poll is retried by the next one
    } finally {
      loading.value = false
    }
  }

  /** Marks these notifications read (all of them when ids is empty). */
  async function markRead(ids: number[] = []): Promise<void> {
    await api.post('/notifications/read', ids.length ? { ids } : {})
    const now = new Date().toISOString()
    let changed = 0
    for (const n of items.value) {
      if (!n.read_at && (!ids.length || ids.includes(n.id))) {
        n.read_at = now
        changed++
      }
    }
    unread.value = ids.length ? Math.max(0, unread.value - changed) : 0
    void refresh()
  }

  /** Starts polling (and fetches now); calling it again does not start a second timer. */
  function start(): void {
    if (timer) return
    void refresh()
    timer = setInterval(() => void refresh(), NOTIFICATION_POLL_MS)
  }

  function stop(): void {
    if (timer) clearInterval(timer)
    timer = null
    items.value = []
    unread.value = 0
    total.value = 0
  }

  return { items, unread, total, loading, refresh, markRead, start, stop }
})
