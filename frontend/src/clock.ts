// The server's clock, as countdowns use it: the server decides when an auction starts and ends,
// not the visitor's (possibly wrong) computer clock.
//
// Every server_time the API sends (GET /time, lists, bid answers, live events) is a sample. A sample
// was stamped before it arrived, so "server time − local time at arrival" can only under-estimate
// the offset: the best estimate is the largest of the recent samples. Local time is the monotonic
// performance.now(), so a change of the computer's clock does not move the countdowns.

import { onBeforeUnmount, ref, type Ref } from 'vue'
import { api } from './api'
import type { Clock } from './types'

/** Keeps the recent offset samples and estimates the offset from them. */
export class ClockOffset {
  private samples: number[] = []
  constructor(private readonly keep = 8) {}

  /** Adds a sample: the server time (ms) and the local monotonic time (ms) it stands for. */
  add(serverMs: number, localMs: number): void {
    if (!Number.isFinite(serverMs) || !Number.isFinite(localMs)) return
    this.samples.push(serverMs - localMs)
    if (this.samples.length > this.keep) this.samples.shift()
  }

  get known(): boolean {
    return this.samples.length > 0
  }

  /** server time = local monotonic time + offset. */
  get offset(): number {
    return this.samples.length ? Math.max(...this.samples) : 0
  }
}

const monotonic = (): number =>
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now()

// Before the first sample the computer's clock stands in.
const clock = new ClockOffset()
const fallbackOffset = Date.now() - monotonic()

/** The server's time now (ms since the epoch). */
export function serverNowMs(): number {
  return monotonic() + (clock.known ? clock.offset : fallbackOffset)
}

/** Takes a server_time (RFC 3339) as a sample; rttMs, when known, counts half the round trip in. */
export function noteServerTime(serverTime: string | null | undefined, rttMs = 0): void {
  if (!serverTime) return
  const ms = Date.parse(serverTime)
  if (Number.isNaN(ms)) return
  clock.add(ms + Math.max(0, rttMs) / 2, monotonic())
  now.value = serverNowMs()
}

/** Asks GET /time, measuring the round trip. */
export async function syncServerClock(): Promise<void> {
  const sent = monotonic()
  try {
    const r = await api.get<Clock>('/time', undefined, { silent: true, auth: false })
    noteServerTime(r.server_time, monotonic() - sent)
  } catch {
    // The next server_time that arrives will do.
  }
}

const now = ref(serverNowMs())
let users = 0
let timer: ReturnType<typeof setInterval> | null = null

/**
 * The server's time (ms), ticking twice a second while a component that uses it is mounted; the
 * first user also asks GET /time.
 */
export function useServerNow(): Ref<number> {
  users += 1
  if (!timer) {
    now.value = serverNowMs()
    timer = setInterval(() => {
      now.value = serverNowMs()
    }, 500)
    if (!clock.known) void syncServerClock()
  }
  onBeforeUnmount(() => {
    users -= 1
    if (users <= 0 && timer) {
      clearInterval(timer)
      timer = null
      users = 0
    }
  })
  return now
}
