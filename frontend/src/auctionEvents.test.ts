import { describe, expect, it, vi } from 'vitest'
import { AuctionEvents } from './auctionEvents'
import type { BidEvent } from './deals'

/** A stand-in for EventSource that the test drives. */
class FakeSource {
  readyState = 0
  onerror: ((ev: Event) => unknown) | null = null
  closed = false
  listeners: Record<string, ((e: Event) => void)[]> = {}
  constructor(readonly url: string) {}
  addEventListener(type: string, fn: (e: Event) => void) {
    ;(this.listeners[type] ??= []).push(fn)
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
  emit(type: string, data: unknown, id = '') {
    const e = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id })
    for (const fn of this.listeners[type] ?? []) fn(e)
  }
}

/** AuctionEvents on a FakeSource per stream it opens, each pushed onto sources as it opens. */
function watchAuction(id: number, handlers: ConstructorParameters<typeof AuctionEvents>[1], sources: FakeSource[]) {
  return new AuctionEvents(id, handlers, (url) => {
    const s = new FakeSource(url)
    sources.push(s)
    return s as unknown as EventSource
  })
}

describe('AuctionEvents', () => {
  it('delivers bids and closes, and resumes from the last id after the browser gave up', () => {
    vi.useFakeTimers()
    const sources: FakeSource[] = []
    const bids: BidEvent[] = []
    const closed = vi.fn()
    const open = vi.fn()
    const events = watchAuction(3, { bid: (b) => bids.push(b), closed, open }, sources)
    events.start()
    expect(sources[0].url).toBe('/api/v1/auctions/3/events')
    expect(events.state.value).toBe('connecting')
    sources[0].emit('hello', { server_time: new Date().toISOString() })
    expect(events.state.value).toBe('open')
    expect(open).toHaveBeenCalledTimes(1)
    sources[0].emit('bid', { lot_id: 7, amount_fen: 100_000, bid_id: 1, bid_count: 1, server_time: new Date().toISOString() }, '41')
    sources[0].emit('closed', { lot_id: 7, status: 'sold', price_fen: 100_000, server_time: new Date().toISOString() }, '42')
    expect(bids.map((b) => b.amount_fen)).toEqual([100_000])
    expect(closed).toHaveBeenCalledWith(expect.objectContaining({ status: 'sold' }))

    // The browser reconnects by itself while CONNECTING…
    sources[0].readyState = 0
    sources[0].onerror?.(new Event('error'))
    expect(events.state.value).toBe('reconnecting')
    expect(sources).toHaveLength(1)
    // …and gives up when CLOSED: we reconnect after a pause, from the last id.
    sources[0].readyState = 2
    sources[0].onerror?.(new Event('error'))
    vi.advanceTimersByTime(3000)
    expect(sources).toHaveLength(2)
    expect(sources[1].url).toBe('/api/v1/auctions/3/events?last_event_id=42')

    events.stop()
    expect(sources[1].closed).toBe(true)
    vi.useRealTimers()
  })

  it("starts from the snapshot's last event id and hears admissions", () => {
    const sources: FakeSource[] = []
    const admission = vi.fn()
    const events = watchAuction(3, { bid: vi.fn(), closed: vi.fn(), admission }, sources)
    events.start(40)
    expect(sources[0].url).toBe('/api/v1/auctions/3/events?last_event_id=40')
    expect(events.state.value).toBe('connecting')
    sources[0].emit('applied', { admission_id: 9, status: 'applied', server_time: new Date().toISOString() }, '43')
    sources[0].emit('admitted', { admission_id: 9, status: 'admitted', server_time: new Date().toISOString() }, '44')
    expect(admission.mock.calls.map((c) => c[0].status)).toEqual(['applied', 'admitted'])
    events.stop()
  })

  it('resumes from the id hello gives when no event came since', () => {
    vi.useFakeTimers()
    const sources: FakeSource[] = []
    const events = watchAuction(3, { bid: vi.fn(), closed: vi.fn() }, sources)
    events.start()
    sources[0].emit('hello', { last_event_id: 57, server_time: new Date().toISOString() }, '57')
    sources[0].readyState = 2
    sources[0].onerror?.(new Event('error'))
    vi.advanceTimersByTime(3000)
    expect(sources[1].url).toBe('/api/v1/auctions/3/events?last_event_id=57')
    events.stop()
    vi.useRealTimers()
  })

  it('on reset closes the stream, lets the page reload and reopens from the fresh snapshot', async () => {
    vi.useFakeTimers()
    const sources: FakeSource[] = []
    const bids: number[] = []
    let snapshots = 0
    // The first reload fails (the network is still down), the second gives snapshot 90.
    const reset = vi.fn(async () => {
      snapshots++
      if (snapshots === 1) throw new Error('offline')
      return 90
    })
    const events = watchAuction(3, { bid: (b) => bids.push(b.amount_fen), closed: vi.fn(), reset }, sources)
    events.start(40)
    sources[0].emit('reset', { last_event_id: 88, server_time: new Date().toISOString() })
    expect(sources[0].closed).toBe(true)
    expect(events.state.value).toBe('reconnecting')
    expect(reset).toHaveBeenCalledTimes(1)
    // A late event of the closed stream changes nothing.
    sources[0].emit('bid', { lot_id: 7, amount_fen: 1, bid_id: 1, bid_count: 1, server_time: new Date().toISOString() }, '41')
    await vi.advanceTimersByTimeAsync(0)
    expect(sources).toHaveLength(1) // the reload failed: no stream yet…
    await vi.advanceTimersByTimeAsync(3000) // …it is tried again after a pause
    expect(reset).toHaveBeenCalledTimes(2)
    expect(sources).toHaveLength(2)
    expect(sources[1].url).toBe('/api/v1/auctions/3/events?last_event_id=90')
    sources[1].emit('hello', { last_event_id: 90, server_time: new Date().toISOString() }, '90')
    expect(events.state.value).toBe('open')
    sources[1].emit('bid', { lot_id: 7, amount_fen: 200_000, bid_id: 2, bid_count: 2, server_time: new Date().toISOString() }, '91')
    expect(bids).toEqual([200_000])
    events.stop()
    vi.useRealTimers()
  })

  it('without a reset handler reopens from the newest event the server named', () => {
    const sources: FakeSource[] = []
    const events = watchAuction(3, { bid: vi.fn(), closed: vi.fn() }, sources)
    events.start(40)
    sources[0].emit('reset', { last_event_id: 88, server_time: new Date().toISOString() })
    expect(sources[0].closed).toBe(true)
    expect(sources[1].url).toBe('/api/v1/auctions/3/events?last_event_id=88')
    events.stop()
  })
})
