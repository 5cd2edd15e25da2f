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

/** What the caller may do with an organisation now (computed by the server). */
export type OrgAction = 'request_verification' | 'manage_members' | 'verify' | 'reject'

/**
 * An organisation as its active members and market admins see it. A pending member gets only the
 * public fields (and no actions); the evidence fields are there once sent.
 */
export interface Org extends PublicOrg {
  reject_reason?: string
  verified_at: string | null
  created_at: string
  /** Verification evidence: 统一社会信用代码, 法定代表人, the licence document (GET /orgs/{id}/licence). */
  credit_code?: string
  legal_rep?: string
  licence_name?: string
  licence_type?: string
  licence_size?: number
  verification_requested_at?: string | null
  actions?: OrgAction[]
}

// ---- memberships ----

export type MembershipStatus = 'pending' | 'active' | 'suspended' | 'refused'
/** 机构管理员 or member. */
export type OrgRole = 'admin' | 'member'
export type MembershipAction = 'approve' | 'refuse' | 'suspend' | 'reinstate' | 'make_admin'

/** How a user belongs to their organisation. */
export interface Membership {
  id: number
  user_id: number
  org_id: number
  org_role: OrgRole
  status: MembershipStatus
  decided_at: string | null
  note: string
  created_at: string
  updated_at: string
}

/** A membership in a member list (GET /orgs/{id}/members, GET /admin/memberships). */
export interface Member extends Membership {
  username: string
  name: string
  role: Role
  phone: string
  email: string
  org_name: string
  org_type: OrgType
  actions: MembershipAction[]
}

export interface Session {
  user: User
  org: Org | null
  /** Always sent by the API; an answer without it counts as an active membership. */
  membership?: Membership | null
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
  /** 技术合同类型与子类; 当事人主体类型; 不予登记理由 (the store always fills them). */
  contract_types?: ContractTypeOption[]
  party_types?: string[]
  rejection_grounds?: EnumOption[]
}

export interface ContractTypeOption {
  value: string
  label: string
  subtypes: string[]
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
export type ListingAction = 'submit' | 'revise' | 'withdraw' | 'renew' | 'confirm' | 'relist' | 'approve' | 'reject'

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
  /** When the owner last said it still stands (publishing counts). */
  last_confirmed_at?: string | null
  /** Set when an admin took it down on a report. */
  takedown_reason?: string
  org_name?: string
  org_verified?: boolean
  has_confidential?: boolean
  /** Only for the owner, admins and users whose access request was granted. */
  confidential_detail?: string
  confidential_undertaking?: string
  /** 0–100 */
  completeness?: number
  /** Only for the owner organisation. */
  quality_hints?: QualityHint[]
}

export interface QualityHint {
  field: string
  message: string
  points: number
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
  org_name?: string
  org_verified?: boolean
}

export interface FacetCount {
  value: string
  count: number
}

export interface SearchResult extends Page<SearchHit> {
  facets: Partial<Record<'kind' | 'field' | 'region' | 'ip_type' | 'coop_modes' | 'maturity', FacetCount[]>>
}

// ---- matching (supply–demand matches, the broker pipeline, saved searches) ----

/** A listing of the other kind that fits one listing (GET /needs/{id}/matches, /achievements/{id}/matches). */
export interface MatchSuggestion {
  kind: ListingKind
  id: number
  external_id: string
  title: string
  score: number
  /** Chinese sentences, e.g. 共同关键词：石墨烯、导热膜 */
  reasons: string[]
}

/** POST /field-suggestion: field '' when the index has too little to go on. */
export interface FieldSuggestion {
  field: string
  confidence: number
  reasons: string[]
}

export type MatchStatus = 'proposed' | 'contacted' | 'negotiating' | 'agreed' | 'failed'
export type MatchResponse = 'pending' | 'accepted' | 'declined'

export interface MatchNote {
  id: number
  author_id: number
  body: string
  /** The match's status when the note was written. */
  status: MatchStatus | ''
  created_at: string
}

export interface MatchContact {
  side: 'supplier' | 'demander'
  org: string
  name: string
  phone: string
  email: string
}

/** A broker's introduction of an achievement to a need. */
export interface Match {
  id: number
  need_id: number
  achievement_id: number
  broker_id: number
  broker_org_id: number
  supplier_org_id: number
  demander_org_id: number
  status: MatchStatus
  supplier_response: MatchResponse
  demander_response: MatchResponse
  source: string
  score: number
  reasons: string[]
  agreed_price_fen: number
  deal_id: number | null
  created_at: string
  updated_at: string
  need_title: string
  achievement_title: string
  /** GET /matches/{id} only. */
  notes?: MatchNote[]
  /** Only once both sides accepted (or for the broker running it, and admins). */
  contacts?: MatchContact[]
}

/** A roadshow visitor's intent (意向) for an achievement, for brokers to turn into matches. */
export interface RoadshowIntent {
  id: number
  roadshow_id: number
  achievement_id: number
  org_id: number
  note: string
  created_at: string
  achievement_title: string
  org_name: string
}

/** One broker's (or, without broker_id, one firm's) year. */
export interface BrokerStats {
  broker_id?: number
  name: string
  org_id: number
  matches: Partial<Record<MatchStatus, number>>
  total: number
  deals: number
  amount_fen: number
}

export interface BrokerPerformance {
  year: number
  brokers: BrokerStats[]
  firms: BrokerStats[]
}

/** A stored search: params are GET /search parameters (q, kind, field, …, price_min_fen). */
export interface SavedSearch {
  id: number
  name: string
  params: Record<string, string>
  created_at: string
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

// ---- confidential detail, buyer feedback, reports ----

export type AccessStatus = 'pending' | 'granted' | 'refused'

export interface AccessRequest {
  id: number
  kind: ListingKind
  listing_id: number
  listing_title: string
  owner_org_id: number
  requester_id: number
  requester_org_id: number
  requester_name: string
  requester_org: string
  message: string
  undertaking_text: string
  undertaking_at: string | null
  status: AccessStatus
  refuse_reason: string
  decided_at: string | null
  created_at: string
}

/** GET /{kind}/{id}/confidential */
export interface ConfidentialView {
  has_confidential: boolean
  undertaking: string | null
  detail: string | null
  request: AccessRequest | null
}

export type FeedbackReason = 'early_stage' | 'advantage_unclear' | 'route_unclear' | 'vague' | 'price' | 'other'

export interface ReasonCount {
  reason: FeedbackReason
  label: string
  count: number
}

export interface FeedbackSummary {
  total: number
  reasons: ReasonCount[]
  others: string[]
}

export interface FieldFeedback {
  field: string
  total: number
  reasons: ReasonCount[]
}

export type ReportStatus = 'open' | 'dismissed' | 'taken_down'

export interface ListingReport {
  id: number
  kind: ListingKind
  listing_id: number
  listing_title: string
  reason: string
  status: ReportStatus
  resolution: string
  resolved_at: string | null
  created_at: string
  reporter_name?: string
}
