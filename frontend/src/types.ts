// Shapes of the JSON API (base /api/v1). Keep in step with the Go handlers.

export type Role = 'supplier' | 'demander' | 'broker' | 'reviewer' | 'admin'
export type OrgType = 'university' | 'institute' | 'enterprise' | 'agency' | 'broker_firm' | 'bureau'
export type OrgStatus = 'pending' | 'verified' | 'rejected'

export interface User {
  id: number
  username: string
  name: string
  role: Role
  org_id: number | null
  phone: string
  email: string
  disabled: boolean
  created_at: string
  // Admin lists may join the organisation's name; optional everywhere else.
  org_name?: string
}

/** An organisation as its members and admins see it. */
export interface Org extends PublicOrg {
  reject_reason: string
  verified_at: string | null
  created_at: string
}

export interface Session {
  user: User
  org: Org | null
}

export interface TokenResponse extends Session {
  access_token: string
  refresh_token: string
  token_type: string
  expires_in: number
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  size: number
}

export interface EnumRole {
  value: string
  label: string
  org_types: string[]
}

export interface EnumOption {
  value: string
  label: string
}

export interface Region {
  code: string
  name: string
}

export interface Enums {
  roles: EnumRole[]
  org_types: EnumOption[]
  regions: Region[]
  /** 行业领域 */
  fields: string[]
  /** 知识产权类型 */
  ip_types: string[]
  /** 合作方式 */
  coop_modes: string[]
  /** 价格类型: negotiable 面议, indicative 参考价, floor 底价, firm 一口价 */
  price_types: EnumOption[]
}

/** The public part of an organisation (GET /orgs/{id} for non-members). */
export interface PublicOrg {
  id: number
  name: string
  type: OrgType
  region: string
  region_name: string
  status: OrgStatus
}

// ---- listings ----

export type ListingKind = 'achievement' | 'need'
export type ListingStatus = 'draft' | 'pending' | 'published' | 'rejected' | 'closed'
export type CloseReason = '' | 'dealt' | 'withdrawn' | 'expired'
export type PriceType = 'negotiable' | 'indicative' | 'floor' | 'firm'
export type ListingAction = 'submit' | 'revise' | 'withdraw' | 'renew' | 'approve' | 'reject'

/** What achievements and needs share. Money is integer fen; times are RFC 3339 (UTC). */
export interface ListingBase {
  id: number
  external_id: string | null
  org_id: number
  title: string
  summary: string
  keywords: string[]
  field: string
  region: string
  coop_modes: string[]
  /** Omitted when the caller may not see the contact. */
  contact_name?: string
  contact_phone?: string
  contact_email?: string
  status: ListingStatus
  close_reason: CloseReason
  reject_reason: string
  published_at: string | null
  created_at: string
  updated_at: string
}

export interface Achievement extends ListingBase {
  discipline: string
  ip_type: string
  patent_numbers: string[]
  /** 0 = 未填写, else 1–9 */
  maturity: number
  price_type: PriceType
  price_fen: number
  valid_until: string | null
}

export interface Need extends ListingBase {
  budget_min_fen: number
  budget_max_fen: number
  budget_negotiable: boolean
  deadline: string | null
}

export type Listing = Achievement | Need

// ---- search ----

export interface SearchHit {
  kind: ListingKind
  id: number
  external_id: string
  title: string
  score: number
  /** HTML fragments: matched text in <mark>, everything else escaped by the server. */
  highlights?: { title?: string[]; summary?: string[] } | null
}

export interface FacetCount {
  value: string
  count: number
}

export interface SearchResult extends Page<SearchHit> {
  facets: Partial<Record<'kind' | 'field' | 'region' | 'ip_type' | 'coop_modes' | 'maturity', FacetCount[]>>
}

// ---- notifications ----

export interface Notification {
  id: number
  kind: string
  title: string
  body: string
  /** A frontend path such as /achievements/12, or ''. */
  link: string
  read_at: string | null
  created_at: string
}

export interface NotificationPage extends Page<Notification> {
  unread: number
}

export interface ApiErrorBody {
  error: {
    code: string
    message: string
    fields?: Record<string, string>
  }
}
