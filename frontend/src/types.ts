// Shapes of the JSON API (base /api/v1): aliases of the types generated from
// the OpenAPI document (src/api/schema.ts), which the Go types named by the
// route table generate. Change a shape in Go, then run `npm run gen:api`;
// CI fails when the generated file is stale. Only frontend-only types are
// written here by hand.
import type { components } from './api/schema'

type S = components['schemas']

export type Role = S['Role']
export type OrgType = S['OrgType']
export type OrgStatus = S['OrgStatus']
export type User = S['User']

/** What the caller may do with an organisation now (computed by the server). */
export type OrgAction = 'request_verification' | 'manage_members' | 'verify' | 'reject'

/**
 * An organisation as its active members and market admins see it. A pending member gets only the
 * public fields (and no actions); the evidence fields are there once sent.
 */
export type Org = S['Organization']
/** The public part of an organisation (GET /orgs/{id} for non-members, org search, agencies). */
export type PublicOrg = S['PublicOrg']

// ---- memberships ----

export type MembershipStatus = S['MembershipStatus']
/** 机构管理员 or member. */
export type OrgRole = S['OrgRole']
export type MembershipAction = S['MembershipAction']
/** How a user belongs to their organisation. */
export type Membership = S['Membership']
/** A membership in a member list (GET /orgs/{id}/members, GET /admin/memberships). */
export type Member = S['Member']

/** GET /me: the user, the organisation and the membership. */
export type Session = S['Me']
/** POST /auth/login, /auth/refresh, /me/password. */
export type TokenResponse = S['Session']

/** A page of a list: {items, total, page, size}; every generated *Page type is one. */
export type Page<T> = Omit<S['OfferPage'], 'items'> & { items: T[] }
/** A whole list: {items, total}; every generated *List type is one. */
export type List<T> = Omit<S['AdmissionList'], 'items'> & { items: T[] }
/** A whole short list: {items}; every generated *Items type is one. */
export type Items<T> = Omit<S['MatchHitItems'], 'items'> & { items: T[] }

export type Enums = S['EnumSets']
/** Who runs the market (GET /site): the name in the header and title, the footer's filings and hotline. */
export type Site = S['Site']
export type SiteInput = S['SiteInput']
export type EnumRole = S['RoleInfo']
export type EnumOption = S['Label']
export type Region = S['Region']
export type ContractTypeOption = S['ContractType']

// ---- listings ----

/** Which kind of listing a page shows (the API's kind fields are these two words). */
export type ListingKind = 'achievement' | 'need'
export type ListingStatus = S['ListingStatus']
export type CloseReason = S['CloseReason']
export type PriceType = S['PriceType']
export type ListingAction = S['ListingAction']
export type QualityHint = S['Hint']
/** Money is integer fen; times are RFC 3339 (UTC). */
export type Achievement = S['Achievement']
export type Need = S['Need']
export type Listing = Achievement | Need
/** 收藏: a star; `available` is false once the listing left publication (then no org name, no link). */
export type Favourite = S['Favourite']
export type Starred = S['Starred']
/** 我有意向: an organisation's interest in a listing; for brokers a lead (with candidates and actions). */
export type Interest = S['Interest']
export type InterestStatus = S['InterestStatus']
export type LeadAction = S['LeadAction']

// ---- search ----

/** highlights are HTML fragments: matched text in <mark>, everything else escaped by the server. */
export type SearchHit = S['SearchHit']
export type FacetCount = S['FacetCount']
export type SearchResult = S['SearchResult']

// ---- matching (supply–demand matches, the broker pipeline, saved searches) ----

/** A listing of the other kind that fits one listing (GET /needs/{id}/matches, /achievements/{id}/matches). */
export type MatchSuggestion = S['MatchHit']
/** POST /field-suggestion: field '' when the index has too little to go on. */
export type FieldSuggestion = S['FieldSuggestion']
export type MatchStatus = S['MatchStatus']
export type MatchAction = S['MatchAction']
export type MatchResponse = S['Response']
export type MatchNote = S['MatchNote']
export type MatchContact = S['Contact']
/** A broker's introduction of an achievement to a need. */
export type Match = S['Match']
/** POST /matches: source is recommendation, manual or roadshow. */
export type MatchProposal = S['MatchProposal']
/** A roadshow visitor's intent (意向) for an achievement, for brokers to turn into matches. */
export type RoadshowIntent = S['Intent']
/** One broker's year of matches (对接活动). */
export type BrokerStats = S['BrokerStats']
/** One broker firm's or transfer institution's year: match activity, 促成额 and the plan's threshold. */
export type FirmStats = S['FirmStats']
export type BrokerPerformance = S['Performance']
/** The registry (名录) of technology brokers and transfer institutions. */
export type TechnologyBroker = S['TechnologyBroker']
export type BrokerInput = S['BrokerInput']
export type TransferInstitution = S['TransferInstitution']
export type InstitutionInput = S['InstitutionInput']
/** A stored search: params are GET /search parameters (q, kind, field, …, price_min_fen). */
export type SavedSearch = S['SavedSearch']

// ---- notifications ----

export type Notification = S['Notification']
export type NotificationPage = S['NotificationPage']

export type ApiErrorBody = S['ErrorResponse']

// ---- answers that wrap others ----

/** GET /time */
export type Clock = S['Clock']
/** GET /auctions/{id}: the auction, the id its live events follow, the server's time. */
export type AuctionDetail = S['AuctionDetail']
/** POST /lots/{id}/bids */
export type BidPlaced = S['BidPlaced']
/** POST /offers/{id}/accept */
export type OfferAccepted = S['OfferAccepted']
/** GET /stats/breakdown */
export type Breakdown = S['Breakdown']
export type DealBreakdown = S['DealBreakdown']
export type DealStatsBy = 'channel' | 'event' | 'broker'
/** GET /targets, GET /incentives/{year}: a year's whole list. */
export type TargetsOfYear = S['TargetYear']
export type AwardsOfYear = S['AwardYear']
/** GET /admin/feedback */
export type FeedbackByField = S['FeedbackByField']

// ---- confidential detail, buyer feedback, reports ----

export type AccessStatus = S['AccessStatus']
export type AccessRequest = S['AccessRequest']
/** GET /{kind}/{id}/confidential */
export type ConfidentialView = S['ConfidentialView']
export type FeedbackReason = 'early_stage' | 'advantage_unclear' | 'route_unclear' | 'vague' | 'price' | 'other'
export type ReasonCount = S['ReasonCount']
export type FeedbackSummary = S['FeedbackSummary']
export type FieldFeedback = S['FieldFeedback']
export type ReportStatus = S['ReportStatus']
export type ListingReport = S['ListingReport']

/** The caller's 工作台 (GET /my/workspace): to-do items by role. */
export type Workspace = S['Workspace']
export type WorkItem = S['WorkItem']
export type WorkEntry = S['WorkEntry']
// ---- home page and articles ----

/** GET /home: everything the home page shows, the same for every visitor. */
export type Home = S['Home']
export type HomeListing = S['HomeListing']
export type HomeEvent = S['HomeEvent']
export type FieldCount = S['FieldCount']
/** A 通知公告 or 政策法规; body is HTML the server sanitised (absent in lists). */
export type Article = S['Article']
export type ArticleInput = S['ArticleInput']
export type ArticleCategory = S['ArticleCategory']
export type ArticleStatus = S['ArticleStatus']

// ---- attachments ----
/** A listing's image, PDF or video link; `visibility` confidential ones reach only the detail's readers. */
export type ListingAttachment = S['ListingAttachment']
export type AttachmentCategory = S['AttachmentCategory']
export type AttachmentVisibility = S['AttachmentVisibility']
