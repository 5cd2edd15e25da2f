import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { configureApi } from '@/api'
import { setTokens } from '@/tokens'
import { json } from '@/testing'
import { NOTIFICATION_POLL_MS, useNotificationsStore } from './notifications'


const note = (id: number, read = false) => ({
  id,
  kind: 'achievement.approve',
  title: `通知 ${id}`,
  body: '',
  link: `/achievements/${id}`,
  read_at: read ? '2026-03-01T00:00:00Z' : null,
  created_at: '2026-03-01T00:00:00Z',
})

beforeEach(() => {
  localStorage.clear()
  setTokens('A', 'R')
  setActivePinia(createPinia())
  configureApi({ notify: () => {}, onTokens: () => {}, onAuthLost: () => {} })
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('notifications store', () => {
  it('polls the unread count once a minute until stopped', async () => {
    vi.useFakeTimers()
    const fetchMock = vi.fn(async () => json(200, { items: [note(2), note(1, true)], total: 2, unread: 1, page: 1, size: 20 }))
    vi.stubGlobal('fetch', fetchMock)
    const store = useNotificationsStore()
    store.start()
    store.start() // a second start does not add a second timer
    await vi.waitFor(() => expect(store.unread).toBe(1))
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toContain('/api/v1/notifications?page=1&size=20')
    await vi.advanceTimersByTimeAsync(NOTIFICATION_POLL_MS)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    store.stop()
    expect(store.unread).toBe(0)
    await vi.advanceTimersByTimeAsync(NOTIFICATION_POLL_MS * 2)
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('marks one or all read, sending ids only when given', async () => {
    const bodies: unknown[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (url.endsWith('/notifications/read')) {
          bodies.push(JSON.parse(String(init?.body)))
          return json(204)
        }
        return json(200, { items: [note(3), note(2)], total: 2, unread: 2, page: 1, size: 20 })
      }),
    )
    const store = useNotificationsStore()
    await store.refresh()
    expect(store.unread).toBe(2)
    await store.markRead([3])
    expect(bodies[0]).toEqual({ ids: [3] })
    expect(store.items.find((n) => n.id === 3)?.read_at).toBeTruthy()
    await store.markRead()
    expect(bodies[1]).toEqual({})
  })
})
