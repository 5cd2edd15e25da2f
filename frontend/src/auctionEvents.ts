// The live events of one auction: GET /api/v1/auctions/{id}/events (Server-Sent Events).
//   event: hello   data {"server_time"}
//   event: bid     data BidEvent      (with an increasing id)
//   event: closed  data ClosedEvent   (with an increasing id)
//   event: applied / admitted  data AdmissionEvent (an enterprise applied, an admin confirmed a deposit;
//                                  which organisation stays private)
// A page starts the stream from the last_event_id of its snapshot (GET /auctions/{id}), so it replays
// nothing it already shows and misses nothing that happened after.
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed.
// When the browser gives up (the answer was not an event stream), we reconnect after a pause and
// pass the last id as ?last_event_id=. Every server_time feeds the server clock.

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
      noteServerTime(parse<{ server_time: string }>(e)?.server_time)
      this.handlers.open?.()
    })
    es.addEventListener('bid', (e) => this.deliver(e, this.handlers.bid))
    es.addEventListener('closed', (e) => this.deliver(e, this.handlers.closed))
    for (const type of ['applied', 'admitted']) {
      es.addEventListener(type, (e) => this.deliver(e, (ev: AdmissionEvent) => this.handlers.admission?.(ev)))
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
