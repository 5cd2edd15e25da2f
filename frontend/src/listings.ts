// Listings (科技成果 and 技术需求): the edit form's model, what is sent to the API, and the
// owner's buttons among the actions the server lists.

import { endOfDayShanghai, fenToWan, formatDate, wanToFen } from './format'
import type { Achievement, Listing, ListingAction, ListingKind, Need, PriceType } from './types'

/** Splits "a；b, c、d" into ["a", "b", "c", "d"] (trimmed, no empties, no repeats), as the server does. */
export function splitList(s: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const part of s.split(/[;；,，、\n]/)) {
    const t = part.trim()
    if (t && !seen.has(t)) {
      seen.add(t)
      out.push(t)
    }
  }
  return out
}

/** What the edit form binds to; both kinds share one model (each uses its own part). */
export interface ListingForm {
  title: string
  summary: string
  /** Separated by ；, ， or 、 */
  keywords: string
  field: string
  region: string
  coop_modes: string[]
  contact_name: string
  contact_phone: string
  contact_email: string
  // achievement
  discipline: string
  ip_type: string
  patent_numbers: string
  maturity: number
  price_type: PriceType
  /** 万元 */
  price_wan: number | null
  /** YYYY-MM-DD (Beijing), or '' */
  valid_until: string
  // need
  budget_negotiable: boolean
  budget_min_wan: number | null
  budget_max_wan: number | null
  deadline: string
  /** 保密详情 and the undertaking a requester accepts; sent only when the form loaded them. */
  confidential_detail: string
  confidential_undertaking: string
}

export function emptyListingForm(region = ''): ListingForm {
  return {
    title: '',
    summary: '',
    keywords: '',
    field: '',
    region,
    coop_modes: [],
    contact_name: '',
    contact_phone: '',
    contact_email: '',
    discipline: '',
    ip_type: '',
    patent_numbers: '',
    maturity: 0,
    price_type: 'negotiable',
    price_wan: null,
    valid_until: '',
    budget_negotiable: false,
    budget_min_wan: null,
    budget_max_wan: null,
    deadline: '',
    confidential_detail: '',
    confidential_undertaking: '',
  }
}

/** The form for an existing listing. */
export function formFromListing(kind: ListingKind, l: Listing): ListingForm {
  const f = emptyListingForm(l.region)
  Object.assign(f, {
    title: l.title,
    summary: l.summary,
    keywords: (l.keywords ?? []).join('；'),
    field: l.field,
    coop_modes: [...(l.coop_modes ?? [])],
    contact_name: l.contact_name ?? '',
    contact_phone: l.contact_phone ?? '',
    contact_email: l.contact_email ?? '',
    confidential_detail: l.confidential_detail ?? '',
    confidential_undertaking: l.confidential_undertaking ?? '',
  })
  if (kind === 'need') {
    const n = l as Need
    f.budget_negotiable = n.budget_negotiable
    f.budget_min_wan = fenToWan(n.budget_min_fen)
    f.budget_max_wan = fenToWan(n.budget_max_fen)
    f.deadline = formatDate(n.deadline)
  } else {
    const a = l as Achievement
    f.discipline = a.discipline
    f.ip_type = a.ip_type
    f.patent_numbers = (a.patent_numbers ?? []).join('；')
    f.maturity = a.maturity || 0
    f.price_type = a.price_type || 'negotiable'
    f.price_wan = fenToWan(a.price_fen)
    f.valid_until = formatDate(a.valid_until)
  }
  return f
}

/** The body of POST/PUT /achievements or /needs (a full replacement). */
export function listingPayload(kind: ListingKind, f: ListingForm): Record<string, unknown> {
  const base = {
    title: f.title.trim(),
    summary: f.summary.trim(),
    keywords: splitList(f.keywords),
    field: f.field,
    region: f.region,
    coop_modes: f.coop_modes,
    contact_name: f.contact_name.trim(),
    contact_phone: f.contact_phone.trim(),
    contact_email: f.contact_email.trim(),
    confidential_detail: f.confidential_detail.trim(),
    confidential_undertaking: f.confidential_detail.trim() ? f.confidential_undertaking.trim() : '',
  }
  if (kind === 'need') {
    return {
      ...base,
      budget_negotiable: f.budget_negotiable,
      budget_min_fen: f.budget_negotiable ? 0 : wanToFen(f.budget_min_wan),
      budget_max_fen: f.budget_negotiable ? 0 : wanToFen(f.budget_max_wan),
      deadline: endOfDayShanghai(f.deadline),
    }
  }
  return {
    ...base,
    discipline: f.discipline.trim(),
    ip_type: f.ip_type,
    patent_numbers: splitList(f.patent_numbers),
    maturity: f.maturity || 0,
    price_type: f.price_type,
    price_fen: f.price_type === 'negotiable' ? 0 : wanToFen(f.price_wan),
    valid_until: endOfDayShanghai(f.valid_until),
  }
}

/** What the owner organisation may do: edit (a page), or a workflow action. */
export type OwnerAction = Extract<ListingAction, 'edit' | 'submit' | 'revise' | 'confirm' | 'withdraw' | 'relist' | 'renew'>

const OWNER_ACTIONS: OwnerAction[] = ['edit', 'submit', 'revise', 'confirm', 'withdraw', 'relist', 'renew']

export const ACTION_LABELS: Record<OwnerAction | 'approve' | 'reject', string> = {
  edit: '编辑',
  submit: '提交审核',
  revise: '改回草稿',
  withdraw: '撤回',
  renew: '重新发布',
  confirm: '确认仍有效',
  relist: '续期重新发布',
  approve: '通过',
  reject: '驳回',
}

/**
 * The owner's buttons among the actions the server lists for the caller, in the order they show.
 * (A table renders its slot once with an empty row, hence no actions at all.)
 */
export function ownerActions(l: { actions?: string[] }): OwnerAction[] {
  return OWNER_ACTIONS.filter((a) => may(l, a))
}

/** Whether the caller may take an action on the listing now, as the server says. */
export function may(l: { actions?: string[] } | null | undefined, action: ListingAction): boolean {
  return !!l?.actions?.includes(action)
}
