import { describe, expect, it } from 'vitest'
import { ClockOffset, noteServerTime, serverNowMs } from './clock'

describe('ClockOffset', () => {
  it('takes the largest recent sample (a sample can only under-estimate)', () => {
    const c = new ClockOffset(3)
    expect(c.known).toBe(false)
    c.add(10_000, 1_000) // 9000
    c.add(10_500, 1_000) // 9500: arrived sooner
    c.add(10_100, 1_000) // 9100: delayed
    expect(c.offset).toBe(9_500)
    c.add(10_000, 1_000)
    c.add(10_000, 1_000)
    c.add(10_000, 1_000) // the old best sample has gone
    expect(c.offset).toBe(9_000)
  })
  it('ignores nonsense', () => {
    const c = new ClockOffset()
    c.add(Number.NaN, 1)
    expect(c.known).toBe(false)
  })
})

it('runs on the server clock, not the computer clock', () => {
  // The server is an hour ahead of this computer.
  noteServerTime(new Date(Date.now() + 3_600_000).toISOString())
  expect(Math.abs(serverNowMs() - (Date.now() + 3_600_000))).toBeLessThan(1_000)
})
