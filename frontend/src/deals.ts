// The deals desk (交易大厅): listing trade (挂牌), auctions (竞价拍卖) with live bids, roadshows (路演)
// and negotiated deals under public notice (协议成交公示). API shapes, Chinese labels and the pure
// rules the pages share (bid defaults, live updates, countdowns, Beijing wall time ↔ RFC 3339).
// Money is integer fen; times are RFC 3339 (UTC) from the API and shown in Asia/Shanghai.

import type { StatusStyle } from './enums'
import { beijingParts, formatDateTime } from './format'

import type { components } from './api/schema'

type S = components['schemas']

// ---- API shapes ----

export type LotStatus = S['LotStatus']
export type AdmissionStatus = S['AdmissionStatus']
export type AuctionPhase = S['AuctionPhase']
export type OfferStatus = S['OfferStatus']
export type NoticeStatus = S['NoticeStatus']
export type ObjectionStatus = S['ObjectionStatus']
export type DealMode = S['DealMode']
/** A broker's notice waits for the seller (awaiting_seller) before it goes public. */
export type DealStatus = S['DealStatus']
/** What the caller may do with a deal now, as the server says (its `actions`). */
export type DealAction = 'publish' | 'approve_notice' | 'decline_notice' | 'sign'

/** One achievement under the hammer (the reserve price never leaves the server). */
export type Lot = S['Lot']

export type Auction = S['Auction']

export type AuctionPage = S['AuctionHall']

export type Admission = S['Admission']

export type BidRecord = S['Bid']

/** SSE `event: bid`, `applied`/`admitted` and `closed`: the Go types of the auction's live events
 * (listed under the stream route's x-events); the stream adds server_time to each. */
export type BidEvent = S['BidEvent']
export type AdmissionEvent = S['AdmissionEvent']
export type ClosedEvent = S['ClosedEvent']
/** SSE `event: hello` and `reset`. */
export type StreamMark = S['StreamMark']

export type Offer = S['Offer']

/** first_accept: 先到先得摘牌; period: 挂牌期内登记意向，期满确定受让方（多家转竞价）. */
export type OfferMode = S['OfferMode']

/** An enterprise's registration of interest (意向受让登记) in a period offer. */
export type OfferRegistration = S['OfferRegistration']
export type RegistrationStatus = S['RegistrationStatus']

export type Objection = S['Objection']

export type Notice = S['Notice']

export type Deal = S['Deal']

/** 成交公告: a concluded deal of any channel (GET /results). */
export type DealResult = S['DealResult']
export type DealChannel = S['DealChannel']

/** A deal in 我的成交 (GET /my/deals), with the title of what it sells. */
export type TitledDeal = S['TitledDeal']

/** POST /notices and the seller's answer to a broker's notice: the notice is null while it waits for the seller. */
export type PublishedDeal = S['Published']

export type RoadshowSlot = S['RoadshowSlot']

export type Roadshow = S['RoadshowView']
export type RoadshowSeatView = S['SeatView']

// ---- labels ----

export const LOT_STATUS: Record<LotStatus, StatusStyle> = {
  open: { label: '竞价中', tag: 'primary' },
  sold: { label: '已成交', tag: 'success' },
  unsold: { label: '流拍', tag: 'info' },
}

export const ADMISSION_STATUS: Record<AdmissionStatus, StatusStyle> = {
  applied: { label: '待确认保证金', tag: 'warning' },
  admitted: { label: '已获准竞买', tag: 'success' },
  released: { label: '保证金已退还', tag: 'info' },
  forfeited: { label: '保证金已罚没', tag: 'danger' },
}

export const PHASE_LABELS: Record<AuctionPhase, string> = { upcoming: '即将开始', live: '正在进行', ended: '已结束' }

export const OFFER_STATUS: Record<OfferStatus, StatusStyle> = {
  open: { label: '挂牌中', tag: 'primary' },
  accepted: { label: '已摘牌', tag: 'success' },
  expired: { label: '已截止', tag: 'info' },
  withdrawn: { label: '已撤牌', tag: 'info' },
  auctioned: { label: '已转竞价', tag: 'warning' },
}

export const OFFER_MODE_LABELS: Record<OfferMode, string> = {
  first_accept: '先到先得',
  period: '挂牌期满确定受让方',
}

export const REGISTRATION_STATUS: Record<RegistrationStatus, StatusStyle> = {
  pending: { label: '待确认保证金', tag: 'warning' },
  qualified: { label: '登记有效', tag: 'success' },
}

export const NOTICE_STATUS: Record<NoticeStatus, StatusStyle> = {
  open: { label: '公示中', tag: 'warning' },
  confirmed: { label: '已确认成交', tag: 'success' },
  cancelled: { label: '已撤销', tag: 'danger' },
}

export const OBJECTION_STATUS: Record<ObjectionStatus, StatusStyle> = {
  pending: { label: '待处理', tag: 'warning' },
  upheld: { label: '异议成立', tag: 'danger' },
  dismissed: { label: '已驳回', tag: 'info' },
}

export const DEAL_MODE_LABELS: Record<DealMode, string> = {
  listing: '挂牌交易',
  auction: '竞价拍卖',
  roadshow: '路演',
  negotiated: '协议成交',
}

/** The channels of the results (成交公告), in the order the page shows them. */
export const DEAL_CHANNELS: DealChannel[] = ['listing', 'auction', 'roadshow', 'negotiated', 'challenge']

export const DEAL_CHANNEL_LABELS: Record<DealChannel, string> = {
  listing: '挂牌交易',
  auction: '竞价拍卖',
  roadshow: '路演',
  negotiated: '协议成交',
  challenge: '揭榜挂帅',
}

/** The legal states and transfer modes an auction announcement states of a lot (models.LegalStatuses, TransferModes). */
export const LEGAL_STATUSES = ['有效', '审中', '授权'] as const
export const TRANSFER_MODES = ['转让', '许可', '作价入股'] as const

export const DEAL_STATUS: Record<DealStatus, StatusStyle> = {
  open: { label: '待公示', tag: 'warning' },
  awaiting_seller: { label: '待卖方确认公示', tag: 'warning' },
  noticed: { label: '公示中', tag: 'warning' },
  awaiting_signature: { label: '待签约', tag: 'primary' },
  confirmed: { label: '已成交', tag: 'success' },
  cancelled: { label: '已撤销', tag: 'danger' },
  forfeited: { label: '买受人已放弃', tag: 'danger' },
}

/** A request the page sends for an action: a path under /api/v1 and its body. */
export interface ActionRequest {
  path: string
  body?: unknown
}

/** The buttons of a deal's actions: label, the request, what to ask first, what to say after. */
export const DEAL_ACTIONS: Record<
  DealAction,
  { label: string; request: (dealId: number) => ActionRequest; ask: string; done: string; primary: boolean }
> = {
  publish: {
    label: '发布公示',
    request: (id) => ({ path: '/notices', body: { deal_id: id } }),
    ask: '发布后成交信息公开公示，公示期内任何人可提出异议；由技术经纪人发布的，须卖方确认后才公开。',
    done: '已发布公示',
    primary: true,
  },
  approve_notice: {
    label: '确认公示',
    request: (id) => ({ path: `/deals/${id}/approve-notice` }),
    ask: '确认后成交信息即公开公示，公示期从现在开始计算。',
    done: '已确认，成交进入公示',
    primary: true,
  },
  decline_notice: {
    label: '谢绝公示',
    request: (id) => ({ path: `/deals/${id}/decline-notice` }),
    ask: '谢绝后该公示不公开，成交退回待公示，经纪人可修改后重新提交。',
    done: '已谢绝公示',
    primary: false,
  },
  sign: {
    label: '确认签约',
    request: (id) => ({ path: `/deals/${id}/confirm` }),
    ask: '确认以该价格成交并签约？',
    done: '已确认成交',
    primary: true,
  },
}

/** The deal's actions the page knows how to show, in the server's order. */
export function dealActions(d: Pick<Deal, 'actions'>): DealAction[] {
  return knownActions(d, DEAL_ACTIONS)
}

/** The actions of a resource that the page has a button for, in the server's order. */
export function knownActions<A extends string>(r: { actions?: string[] | null }, known: Record<A, unknown>): A[] {
  return (r.actions ?? []).filter((a): a is A => a in known)
}

/** Whether the server lists the action for the caller on the resource. */
export function can(r: { actions?: string[] | null } | null | undefined, action: string): boolean {
  return !!r?.actions?.includes(action)
}

/** The style of a status from one of the maps above; unknown values show as they are. */
export function statusStyle(map: Record<string, StatusStyle>, status: string | null | undefined): StatusStyle {
  return (status && map[status]) || { label: status ?? '', tag: 'info' }
}

// ---- auctions ----

/** The lowest bid the rule accepts now: the start price first, then current price + one increment. */
export function minBidFen(lot: Pick<Lot, 'bid_count' | 'start_price_fen' | 'current_price_fen' | 'increment_fen'>): number {
  return lot.bid_count > 0 ? lot.current_price_fen + lot.increment_fen : lot.start_price_fen
}

/** Who leads a lot, as the viewer's organisation sees it. */
export function leaderState(lot: Pick<Lot, 'bid_count' | 'leader_org_id'>, viewerOrgId: number | null | undefined): 'none' | 'mine' | 'other' {
  if (!lot.bid_count || !lot.leader_org_id) return 'none'
  return viewerOrgId && lot.leader_org_id === viewerOrgId ? 'mine' : 'other'
}

/** A lot after a live bid; an event older than what the lot already shows changes nothing. */
export function applyBidEvent(lot: Lot, ev: BidEvent): Lot {
  if (ev.lot_id !== lot.id || ev.bid_count <= lot.bid_count) return lot
  return {
    ...lot,
    current_price_fen: ev.amount_fen,
    leader_org_id: ev.bidder_org_id,
    bid_count: ev.bid_count,
    ends_at: ev.ends_at,
  }
}

/** A lot after the hammer fell. */
export function applyClosedEvent(lot: Lot, ev: ClosedEvent): Lot {
  if (ev.lot_id !== lot.id) return lot
  return { ...lot, status: ev.status, current_price_fen: ev.price_fen || lot.current_price_fen }
}

/** A bid record from a live event, with the bid's own time (the server's clock at sending if absent). */
export function bidFromEvent(ev: BidEvent): BidRecord {
  return { id: ev.bid_id, lot_id: ev.lot_id, org_id: ev.bidder_org_id, amount_fen: ev.amount_fen, created_at: ev.created_at }
}

/**
 * Whether a live bid moves the lead to or from the viewer's organisation: the lot's actions (bid)
 * then change, and the page asks the server for them again.
 */
export function leadChangesFor(lot: Pick<Lot, 'leader_org_id' | 'bid_count'>, ev: BidEvent, viewerOrgId: number | null | undefined): boolean {
  if (!viewerOrgId || ev.bid_count <= lot.bid_count) return false
  return (lot.leader_org_id === viewerOrgId) !== (ev.bidder_org_id === viewerOrgId)
}

/**
 * A lot as shown, brought up to a fresh snapshot: the snapshot's actions always (the server's word
 * on what the viewer may do), its price, leader and status when it is at least as new as what the
 * live events already showed.
 */
export function mergeLotSnapshot(shown: Lot, fresh: Lot): Lot {
  const newer = fresh.bid_count >= shown.bid_count || fresh.status !== 'open'
  return newer ? { ...fresh } : { ...shown, actions: fresh.actions }
}

/** Adds a bid to a history (highest first), once; with replace, it takes the place of a known one. */
export function mergeBid(history: BidRecord[], bid: BidRecord, replace = false): BidRecord[] {
  const known = history.some((b) => b.id === bid.id)
  if (known && !replace) return history
  const rest = known ? history.filter((b) => b.id !== bid.id) : history
  return [...rest, bid].sort((a, b) => b.amount_fen - a.amount_fen || b.id - a.id)
}

/**
 * The bids one page of a lot's record (出价记录, highest first) shows. The first page is the live
 * history (the server's first page kept current by live bids) with what was fetched for it, the
 * server's records winning; a later page is the server's page as fetched, which live bids only push
 * further down (the page fetches it again when they arrive).
 */
export function bidRecordPage(live: BidRecord[], fetched: BidRecord[], page: number, size: number): BidRecord[] {
  if (page > 1) return fetched.slice(0, size)
  let h = live
  for (const b of fetched) h = mergeBid(h, b, true)
  return h.slice(0, size)
}

/** Whether anti-sniping moved the lot's end past the auction's. */
export function isExtended(lot: Pick<Lot, 'ends_at'>, auction: Pick<Auction, 'ends_at'>): boolean {
  return Date.parse(lot.ends_at) > Date.parse(auction.ends_at)
}

/** Where an auction stands at the server time now (ms). */
export function auctionPhase(a: Auction, now: number): AuctionPhase {
  if (now < Date.parse(a.starts_at)) return 'upcoming'
  if (a.lots && a.lots.length && a.lots.every((l) => l.status !== 'open')) return 'ended'
  if (!a.lots?.length && now >= Date.parse(a.ends_at)) return 'ended'
  return 'live'
}

/** The phase of one lot: not started, open for bids, waiting for the hammer, or closed. */
export function lotPhase(lot: Lot, now: number): 'upcoming' | 'live' | 'closing' | 'closed' {
  if (lot.status !== 'open') return 'closed'
  if (now < Date.parse(lot.starts_at)) return 'upcoming'
  if (now >= Date.parse(lot.ends_at)) return 'closing'
  return 'live'
}

/**
 * client_key of bid attempts: one key per attempt (lot and amount), kept for a retry of that same
 * attempt after a network or server failure, forgotten once the server answered it either way.
 */
export class BidKeys {
  private pending = new Map<number, { amount: number; key: string }>()
  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The key of an attempt to bid amount on a lot: the pending one when it is a retry. */
  keyFor(lotId: number, amount: number): string {
    const p = this.pending.get(lotId)
    if (p && p.amount === amount) return p.key
    const key = this.newKey()
    this.pending.set(lotId, { amount, key })
    return key
  }

  /** The attempt got an answer (accepted or refused): the next one needs a new key. */
  settle(lotId: number): void {
    this.pending.delete(lotId)
  }
}

// ---- time ----

/** "2天 03:04:05", "03:04:05" or "04:05" for a duration in ms (never negative). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(total / 86400)
  const h = Math.floor((total % 86400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  const clock = h || d ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`
  return d ? `${d}天 ${clock}` : clock
}

/** Beijing wall time "2026-11-23 17:05" of an instant (ms or RFC 3339), as the date pickers show it. */
export function toBeijingWall(t: number | string): string {
  const ms = typeof t === 'number' ? t : Date.parse(t)
  return Number.isNaN(ms) ? '' : formatDateTime(new Date(ms).toISOString())
}

/** "17:05:09" in Beijing time. */
export function formatClock(t: number | string): string {
  const ms = typeof t === 'number' ? t : Date.parse(t)
  if (Number.isNaN(ms)) return ''
  const p = beijingParts(new Date(ms))
  return `${p.hour}:${p.minute}:${p.second}`
}

/** A Beijing wall time "2026-11-23 17:05" (or a date "2026-11-23") as RFC 3339; null for ''. */
export function beijingWallToRfc3339(wall: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec((wall ?? '').trim())
  if (!m) return null
  return `${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}+08:00`
}

/** The Beijing calendar month "2026-11" of an instant. */
export function beijingMonth(ms: number): string {
  const p = beijingParts(new Date(ms))
  return `${p.year}-${p.month}`
}

/** The first instant of a Beijing month and of the next one, as RFC 3339 (for ?from=&to=). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number)
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  return { from: `${month}-01T00:00:00+08:00`, to: `${next}-01T00:00:00+08:00` }
}

/** The month before or after "2026-11". */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + delta
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** Items grouped by the Beijing day of `at(item)`, in order: [{ day: "2026-11-23", weekday: "周一", items }]. */
export function groupByBeijingDay<T>(items: T[], at: (item: T) => string): { day: string; weekday: string; items: T[] }[] {
  const groups: { day: string; weekday: string; items: T[] }[] = []
  for (const item of items) {
    const wall = toBeijingWall(at(item))
    const day = wall.slice(0, 10)
    let g = groups.find((x) => x.day === day)
    if (!g) {
      const weekday = WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? ''
      g = { day, weekday: `周${weekday}`, items: [] }
      groups.push(g)
    }
    g.items.push(item)
  }
  return groups
}
