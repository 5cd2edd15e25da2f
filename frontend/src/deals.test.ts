import { describe, expect, it } from 'vitest'
import {
  applyBidEvent,
  applyClosedEvent,
  auctionPhase,
  beijingMonth,
  beijingWallToRfc3339,
  BidKeys,
  bidFromEvent,
  formatClock,
  formatCountdown,
  groupByBeijingDay,
  isExtended,
  leaderState,
  lotPhase,
  mergeBid,
  bidRecordPage,
  minBidFen,
  monthRange,
  shiftMonth,
  statusStyle,
  toBeijingWall,
  DEAL_STATUS,
  DEAL_ACTIONS,
  ADMISSION_STATUS,
  can,
  dealActions,
  leadChangesFor,
  mergeLotSnapshot,
  type Auction,
  type BidEvent,
  type Lot,
} from './deals'
import type { StatusStyle } from './enums'

const lot: Lot = {
  id: 7,
  auction_id: 3,
  achievement_id: 11,
  seller_org_id: 2,
  title: '钙钛矿电池',
  start_price_fen: 100_000,
  increment_fen: 10_000,
  ends_at: '2026-11-23T10:00:00Z',
  current_price_fen: 0,
  attachments: [],
  leader_org_id: null,
  bid_count: 0,
  status: 'open',
  deal_id: null,
  starts_at: '2026-11-23T09:00:00Z',
  updated_at: '2026-11-23T09:00:00Z',
  ip_type: '发明专利',
  patent_numbers: ['ZL202010000000.7'],
  inventors: ['林志强'],
  legal_status: '有效',
  patent_holder: '福州大学',
  transfer_mode: '转让',
  pricing_basis: '',
  valuation_ref: '',
  actions: [],
}

const bid = (over: Partial<BidEvent> = {}): BidEvent => ({
  lot_id: 7,
  amount_fen: 100_000,
  bid_id: 1,
  bidder_org_id: 5,
  ends_at: '2026-11-23T10:00:00Z',
  extended: false,
  bid_count: 1,
  created_at: '2026-11-23T09:30:00Z',
  server_time: '2026-11-23T09:30:00Z',
  ...over,
})

describe('bids', () => {
  it('starts at the start price, then current price plus one increment', () => {
    expect(minBidFen(lot)).toBe(100_000)
    expect(minBidFen({ ...lot, bid_count: 2, current_price_fen: 120_000 })).toBe(130_000)
  })

  it('tells the viewer whether it leads', () => {
    expect(leaderState(lot, 5)).toBe('none')
    const led = { ...lot, bid_count: 1, leader_org_id: 5 }
    expect(leaderState(led, 5)).toBe('mine')
    expect(leaderState(led, 6)).toBe('other')
    expect(leaderState(led, null)).toBe('other')
  })

  it('applies live bids in order and ignores stale or foreign ones', () => {
    const a = applyBidEvent(lot, bid())
    expect(a).toMatchObject({ current_price_fen: 100_000, leader_org_id: 5, bid_count: 1 })
    const b = applyBidEvent(a, bid({ bid_id: 2, amount_fen: 110_000, bidder_org_id: 6, bid_count: 2, ends_at: '2026-11-23T10:04:00Z', extended: true }))
    expect(b).toMatchObject({ current_price_fen: 110_000, leader_org_id: 6, bid_count: 2, ends_at: '2026-11-23T10:04:00Z' })
    expect(applyBidEvent(b, bid())).toBe(b) // replayed after a reconnection
    expect(applyBidEvent(b, bid({ lot_id: 8, bid_count: 9 }))).toBe(b)
  })

  it('closes a lot', () => {
    const sold = applyClosedEvent({ ...lot, bid_count: 1, current_price_fen: 100_000 }, { lot_id: 7, status: 'sold', price_fen: 100_000, server_time: '' })
    expect(sold.status).toBe('sold')
    expect(applyClosedEvent(lot, { lot_id: 8, status: 'unsold', price_fen: 0, server_time: '' })).toBe(lot)
  })

  it('keeps a history highest first, each bid once', () => {
    let h = mergeBid([], bidFromEvent(bid()))
    h = mergeBid(h, bidFromEvent(bid({ bid_id: 2, amount_fen: 110_000 })))
    h = mergeBid(h, bidFromEvent(bid({ bid_id: 2, amount_fen: 110_000 })))
    expect(h.map((b) => b.id)).toEqual([2, 1])
    expect(h[1].created_at).toBe('2026-11-23T09:30:00Z')
    // An event that carries the bid's own time shows it rather than the sending time.
    expect(bidFromEvent(bid({ created_at: '2026-11-23T09:29:58Z' })).created_at).toBe('2026-11-23T09:29:58Z')
    // The server's record (with the real time) replaces the one built from an event.
    h = mergeBid(h, { id: 1, lot_id: 7, org_id: 5, amount_fen: 100_000, created_at: '2026-11-23T09:10:00Z' }, true)
    expect(h.map((b) => [b.id, b.created_at])).toEqual([
      [2, '2026-11-23T09:30:00Z'],
      [1, '2026-11-23T09:10:00Z'],
    ])
  })

  it('pages a bid record: the first page live, a later page as the server sent it', () => {
    const rec = (id: number, amount_fen: number, created_at = '2026-11-23T09:00:00Z') => ({ id, lot_id: 7, org_id: 5, amount_fen, created_at })
    // The live history: the server's first page and, above it, a bid that arrived as an event.
    const live = [rec(4, 140_000, '2026-11-23T09:04:00Z'), rec(3, 130_000), rec(2, 120_000)]
    expect(bidRecordPage(live, [], 1, 2).map((b) => b.id)).toEqual([4, 3])
    // A larger first page fetched from the server: merged with the live bids, each once, the server's record winning.
    const fetched = [rec(4, 140_000, '2026-11-23T09:03:59Z'), rec(3, 130_000), rec(2, 120_000), rec(1, 110_000)]
    const first = bidRecordPage([rec(5, 150_000), ...live], fetched, 1, 50)
    expect(first.map((b) => b.id)).toEqual([5, 4, 3, 2, 1])
    expect(first[1].created_at).toBe('2026-11-23T09:03:59Z')
    // A later page is what the server sent for it, whatever arrived live since.
    expect(bidRecordPage(live, [rec(1, 110_000)], 2, 3).map((b) => b.id)).toEqual([1])
    expect(bidRecordPage(live, [], 3, 3)).toEqual([])
  })

  it('reuses a client key only for a retry of the same attempt', () => {
    let n = 0
    const keys = new BidKeys(() => `k${++n}`)
    expect(keys.keyFor(7, 100)).toBe('k1')
    expect(keys.keyFor(7, 100)).toBe('k1') // retry after a network failure
    expect(keys.keyFor(7, 110)).toBe('k2') // another amount is another attempt
    keys.settle(7)
    expect(keys.keyFor(7, 110)).toBe('k3')
    expect(keys.keyFor(8, 110)).toBe('k4')
  })
})

describe('phases', () => {
  const auction: Auction = {
    id: 3,
    title: 't',
    description: '',
    starts_at: '2026-11-23T09:00:00Z',
    ends_at: '2026-11-23T10:00:00Z',
    anti_snipe_minutes: 5,
    deposit_fen: 0,
    created_at: '2026-11-01T00:00:00Z',
    announced_at: '2026-11-01T00:00:00Z',
    viewing_starts_at: null,
    viewing_ends_at: null,
    registration_starts_at: null,
    registration_ends_at: null,
    offer_id: null,
    lots: [lot],
    phase: 'live',
    actions: [],
  }
  it('follows the server clock and the lots', () => {
    expect(auctionPhase(auction, Date.parse('2026-11-23T08:59:59Z'))).toBe('upcoming')
    expect(auctionPhase(auction, Date.parse('2026-11-23T09:00:00Z'))).toBe('live')
    // Past the end but not hammered yet: still live.
    expect(auctionPhase(auction, Date.parse('2026-11-23T10:00:01Z'))).toBe('live')
    expect(auctionPhase({ ...auction, lots: [{ ...lot, status: 'sold' }] }, Date.parse('2026-11-23T10:00:01Z'))).toBe('ended')
    expect(lotPhase(lot, Date.parse('2026-11-23T08:00:00Z'))).toBe('upcoming')
    expect(lotPhase(lot, Date.parse('2026-11-23T09:30:00Z'))).toBe('live')
    expect(lotPhase(lot, Date.parse('2026-11-23T10:00:00Z'))).toBe('closing')
    expect(lotPhase({ ...lot, status: 'unsold' }, 0)).toBe('closed')
  })
  it('knows when anti-sniping moved the end', () => {
    expect(isExtended(lot, auction)).toBe(false)
    expect(isExtended({ ends_at: '2026-11-23T10:03:00Z' }, auction)).toBe(true)
  })
})

describe('time', () => {
  it('formats countdowns', () => {
    expect(formatCountdown(65_000)).toBe('01:05')
    expect(formatCountdown(3_600_000 + 61_000)).toBe('01:01:01')
    expect(formatCountdown(2 * 86_400_000 + 5_000)).toBe('2天 00:00:05')
    expect(formatCountdown(-5)).toBe('00:00')
  })
  it('converts Beijing wall time both ways', () => {
    expect(toBeijingWall('2026-11-23T16:30:00Z')).toBe('2026-11-24 00:30')
    expect(formatClock('2026-11-23T16:30:05Z')).toBe('00:30:05')
    expect(beijingWallToRfc3339('2026-11-24 00:30')).toBe('2026-11-24T00:30:00+08:00')
    expect(beijingWallToRfc3339('2026-11-24')).toBe('2026-11-24T00:00:00+08:00')
    expect(beijingWallToRfc3339('')).toBeNull()
    expect(Date.parse(beijingWallToRfc3339(toBeijingWall('2026-11-23T16:30:00Z'))!)).toBe(Date.parse('2026-11-23T16:30:00Z'))
  })
  it('pages through months in Beijing time', () => {
    expect(beijingMonth(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12')
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' })
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
  })
  it('groups by Beijing day', () => {
    const g = groupByBeijingDay(
      [{ at: '2026-11-23T01:00:00Z' }, { at: '2026-11-23T15:00:00Z' }, { at: '2026-11-23T17:00:00Z' }],
      (x) => x.at,
    )
    expect(g.map((d) => [d.day, d.weekday, d.items.length])).toEqual([
      ['2026-11-23', '周一', 2],
      ['2026-11-24', '周二', 1],
    ])
  })
})

it('labels unknown statuses as they are', () => {
  expect(statusStyle(DEAL_STATUS, 'confirmed').label).toBe('已成交')
  expect(statusStyle(DEAL_STATUS, 'weird')).toEqual({ label: 'weird', tag: 'info' })
})

describe('deal actions', () => {
  it('labels every deal status, the seller\'s confirmation step included', () => {
    expect(statusStyle(DEAL_STATUS, 'awaiting_seller').label).toBe('待卖方确认公示')
    expect(statusStyle(DEAL_STATUS, 'forfeited').tag).toBe('danger')
  })
  it('shows the actions the server offers, in its order, and drops unknown ones', () => {
    expect(dealActions({ actions: ['approve_notice', 'decline_notice'] })).toEqual(['approve_notice', 'decline_notice'])
    expect(dealActions({ actions: [] })).toEqual([])
    expect(dealActions({ actions: ['sign', 'something_newer' as never] })).toEqual(['sign'])
  })
  it('sends each action where the server takes it', () => {
    expect(DEAL_ACTIONS.publish.request(7)).toEqual({ path: '/notices', body: { deal_id: 7 } })
    expect(DEAL_ACTIONS.approve_notice.request(7).path).toBe('/deals/7/approve-notice')
    expect(DEAL_ACTIONS.decline_notice.request(7).path).toBe('/deals/7/decline-notice')
    expect(DEAL_ACTIONS.sign.request(7).path).toBe('/deals/7/confirm')
  })
  it('labels every deal and admission status in Chinese', () => {
    for (const map of [DEAL_STATUS, ADMISSION_STATUS] as Record<string, StatusStyle>[]) {
      for (const style of Object.values(map)) expect(style.label).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(statusStyle(ADMISSION_STATUS, 'forfeited').label).toBe('保证金已罚没')
  })
  it('reads what the caller may do from the actions', () => {
    expect(can({ actions: ['object'] }, 'object')).toBe(true)
    expect(can({ actions: [] }, 'object')).toBe(false)
    expect(can(null, 'object')).toBe(false)
  })
})

describe('lot actions kept current', () => {
  const ev = (bidder: number, count: number): BidEvent => ({
    lot_id: 7, amount_fen: 110_000, bid_id: count, bidder_org_id: bidder, ends_at: lot.ends_at, extended: false, bid_count: count, created_at: lot.ends_at, server_time: lot.ends_at,
  })
  it('notices a bid that gives the viewer the lead or takes it away', () => {
    expect(leadChangesFor({ ...lot, leader_org_id: 5, bid_count: 1 }, ev(6, 2), 5)).toBe(true)
    expect(leadChangesFor({ ...lot, leader_org_id: 6, bid_count: 1 }, ev(5, 2), 5)).toBe(true)
    expect(leadChangesFor({ ...lot, leader_org_id: 6, bid_count: 1 }, ev(8, 2), 5)).toBe(false)
    expect(leadChangesFor({ ...lot, leader_org_id: 5, bid_count: 2 }, ev(6, 2), 5)).toBe(false) // already applied
    expect(leadChangesFor(lot, ev(6, 1), null)).toBe(false)
  })
  it('takes the actions of a fresh snapshot, and its price only when it is newer', () => {
    const shown = { ...lot, bid_count: 3, current_price_fen: 130_000, actions: [] }
    const older = { ...lot, bid_count: 2, current_price_fen: 120_000, actions: ['bid'] }
    expect(mergeLotSnapshot(shown, older)).toEqual({ ...shown, actions: ['bid'] })
    const newer = { ...lot, bid_count: 4, current_price_fen: 140_000, actions: ['bid'] }
    expect(mergeLotSnapshot(shown, newer)).toEqual(newer)
    const hammered = { ...lot, bid_count: 3, status: 'sold' as const, actions: [] }
    expect(mergeLotSnapshot({ ...shown, actions: ['bid'] }, hammered).status).toBe('sold')
  })
})
