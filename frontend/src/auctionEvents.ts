// The live events of one auction: GET /api/v1/auctions/{id}/events (Server-Sent Events).
//   event: hello   data {"last_event_id","server_time"}  (its id: the stream continues after it)
//   event: bid     data BidEvent      (with an increasing id)
//   event: closed  data ClosedEvent   (with an increasing id)
//   event: applied / admitted  data AdmissionEvent (an enterprise applied, an admin confirmed a deposit;
//                                  which organisation stays private)
//   event: reset   data {"last_event_id","server_time"}  (the stream ends)
// A page starts the stream from the last_event_id of its snapshot (GET /auctions/{id}), so it replays
// nothing it already shows and misses nothing that happened after. Without an id the server sends only
// new events.
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed.
// When the browser gives up (the answer was not an event stream), we reconnect after a pause and
// pass the last id as ?last_event_id=. Every server_time feeds the server clock.
// When more was missed than the server replays, it sends reset: we close the stream, the page reloads
// the auction (the reset handler answers the fresh snapshot's last_event_id) and we reopen from there.

import { onBeforeUnmount, ref, type Ref } from 'vue'
import { API_BASE } from './api'
import { noteServerTime } from './clock'
import type { AdmissionEvent, BidEvent, ClosedEvent } from './deals'

export type StreamState = 'connecting' | 'open' | 'reconnecting'

export interface AuctionEventHandlers {
  bid: (ev: BidEvent) => void
  closed: (ev: ClosedEvent) => void
  /** An application to bid arrived or was admitted. */
  admission?: (ev: AdmissionEvent) => void
  /** Called on every (re)connection: the page may reload what a replay cannot give. */
  open?: () => void
  /**
   * The server could not replay all that was missed: reload the auction and answer the fresh
   * snapshot's last_event_id; the stream reopens from it. Without it the stream reopens from the
   * newest event the server named, and the page shows what it had.
   */
  reset?: () => Promise<number | string | undefined>
}

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'> & {
  onerror: ((this: EventSource, ev: Event) => unknown) | null
}
export type EventSourceFactory = (url: string) => EventSourceLike

const CLOSED = 2

export class AuctionEvents {
  readonly state: Ref<StreamState> = ref('connecting')
  private source: EventSourceLike | null = null
  private lastId = ''
  private retry: ReturnType<typeof setTimeout> | null = null
  private stopped = false

  constructor(
    private readonly auctionId: number,
    private readonly handlers: AuctionEventHandlers,
    private readonly factory: EventSourceFactory = (url) => new EventSource(url),
    private readonly retryMs = 3000,
  ) {}

  url(): string {
    const base = `${API_BASE}/auctions/${this.auctionId}/events`
    return this.lastId ? `${base}?last_event_id=${encodeURIComponent(this.lastId)}` : base
  }

  /** Opens the stream, from after fromId when given (the snapshot's last_event_id). */
  start(fromId?: number | string): void {
    this.stopped = false
    if (fromId !== undefined && fromId !== null && String(fromId) !== '') this.lastId = String(fromId)
    this.connect()
  }

  stop(): void {
    this.stopped = true
    if (this.retry) clearTimeout(this.retry)
    this.retry = null
    this.source?.close()
    this.source = null
  }

  private connected = false

  private connect(): void {
    this.state.value = this.connected ? 'reconnecting' : 'connecting'
    this.connected = true
    const es = this.factory(this.url())
    this.source = es
    es.addEventListener('hello', (e) => {
      this.state.value = 'open'
      // The stream continues after this id: a reconnection without any event since resumes from it.
      const id = (e as MessageEvent).lastEventId
      if (id) this.lastId = id
      noteServerTime(parse<{ server_time: string }>(e)?.server_time)
      this.handlers.open?.()
    })
    es.addEventListener('reset', (e) => {
      if (this.source !== es) return
      es.close()
      this.source = null
      const data = parse<{ last_event_id?: number; server_time?: string }>(e)
      noteServerTime(data?.server_time)
      this.reset(data?.last_event_id)
    })
    // Events of a stream already replaced (after a reset) are not ours any more.
    es.addEventListener('bid', (e) => this.source === es && this.deliver(e, this.handlers.bid))
    es.addEventListener('closed', (e) => this.source === es && this.deliver(e, this.handlers.closed))
    for (const type of ['applied', 'admitted']) {
      es.addEventListener(type, (e) => this.source === es && this.deliver(e, (ev: AdmissionEvent) => this.handlers.admission?.(ev)))
    }
    es.onerror = () => {
      if (this.stopped || this.source !== es) return
      if (es.readyState === CLOSED) {
        es.close()
        this.state.value = 'reconnecting'
        this.retry = setTimeout(() => {
          this.retry = null
          if (!this.stopped) this.connect()
        }, this.retryMs)
      } else {
        this.state.value = 'reconnecting'
      }
    }
  }

  /** Reloads through the page's reset handler, then reopens from the fresh snapshot; retries on failure. */
  private reset(newest?: number): void {
    this.state.value = 'reconnecting'
    const reopen = (fromId: number | string | undefined) => {
      if (this.stopped) return
      this.lastId = fromId !== undefined && fromId !== null ? String(fromId) : ''
      this.connect()
    }
    if (!this.handlers.reset) {
      reopen(newest)
      return
    }
    this.handlers.reset().then(reopen, () => {
      if (this.stopped) return
      this.retry = setTimeout(() => {
        this.retry = null
        this.reset(newest)
      }, this.retryMs)
    })
  }

  private deliver<T extends { server_time: string }>(e: Event, handler: (data: T) => void): void {
    const id = (e as MessageEvent).lastEventId
    if (id) this.lastId = id
    const data = parse<T>(e)
    if (!data) return
    noteServerTime(data.server_time)
    handler(data)
  }
}

function parse<T>(e: Event): T | null {
  try {
    return JSON.parse(String((e as MessageEvent).data)) as T
  } catch {
    return null
  }
}

/**
 * Listens to an auction's live events while the component is mounted. With deferred, the page
 * calls start(lastEventId) once its snapshot is loaded.
 */
export function useAuctionEvents(auctionId: number, handlers: AuctionEventHandlers, { deferred = false } = {}): AuctionEvents {
  const events = new AuctionEvents(auctionId, handlers)
  if (!deferred && typeof EventSource !== 'undefined') events.start()
  onBeforeUnmount(() => events.stop())
  return events
}
