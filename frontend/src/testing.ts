// What the unit tests of the API wrapper and the stores share: a fetch stub that answers from a
// routing function and records each request, and the answers it gives. Only tests import this.

import { vi } from 'vitest'

/** A JSON answer (no body when body is undefined, e.g. a 204). */
export function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

/** The API's refusal: { error: { code, message, fields? } }. */
export function refusal(status: number, code: string, message: string, fields?: Record<string, string>): Response {
  return json(status, { error: { code, message, ...(fields ? { fields } : {}) } })
}

export type Call = { url: string; method: string; auth: string | null; body: unknown }

/** Stubs fetch with route (given each request and its number, from 1); returns the requests seen. */
export function stubFetch(route: (c: Call, n: number) => Response | Promise<Response>): Call[] {
  const calls: Call[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers)
    const c: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      auth: headers.get('Authorization'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    calls.push(c)
    return route(c, calls.length)
  })
  vi.stubGlobal('fetch', fn)
  return calls
}
