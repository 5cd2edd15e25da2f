// Labels and the role → organisation-type rule. GET /api/v1/meta/enums is the source of truth for
// what may be registered; these constants are the fallback and the labels for display.

import type { EnumOption, EnumRole, Enums, ListingKind, ListingStatus, OrgStatus, OrgType, Role } from './types'

export const ROLE_LABELS: Record<Role, string> = {
  supplier: '高校/科研院所人员',
  demander: '企业人员',
  broker: '技术经纪人',
  reviewer: '登记机构人员',
  bureau: '科技管理部门人员',
  admin: '管理员',
}

export const ORG_TYPE_LABELS: Record<string, string> = {
  university: '高等院校',
  institute: '科研院所',
  enterprise: '企业',
  broker_firm: '技术转移机构',
  agency: '技术合同登记机构',
  bureau: '科技管理部门',
}

/** Which organisation types a self-registering role may belong to. */
export const ROLE_ORG_TYPES: Record<string, OrgType[]> = {
  supplier: ['university', 'institute'],
  demander: ['enterprise'],
  broker: ['broker_firm'],
  reviewer: ['agency'],
  bureau: ['bureau'],
}

/** Roles anyone may register as (admins are created by operators). */
export const REGISTRABLE_ROLES: EnumRole[] = (['supplier', 'demander', 'broker', 'reviewer', 'bureau'] as const).map(
  (r) => ({ value: r, label: ROLE_LABELS[r], org_types: ROLE_ORG_TYPES[r] }),
)

export const ORG_STATUS: Record<OrgStatus, { label: string; tag: 'warning' | 'success' | 'danger' }> = {
  pending: { label: '待认证', tag: 'warning' },
  verified: { label: '已认证', tag: 'success' },
  rejected: { label: '已驳回', tag: 'danger' },
}

export function roleLabel(role: string | null | undefined, enums?: Partial<Enums> | null): string {
  if (!role) return ''
  const fromApi = enums?.roles?.find((r) => r.value === role)?.label
  return fromApi || ROLE_LABELS[role as Role] || role
}

export function orgTypeLabel(type: string | null | undefined, enums?: Partial<Enums> | null): string {
  if (!type) return ''
  const fromApi = enums?.org_types?.find((t) => t.value === type)?.label
  return fromApi || ORG_TYPE_LABELS[type] || type
}

export function orgStatusLabel(status: string | null | undefined): string {
  if (!status) return ''
  return ORG_STATUS[status as OrgStatus]?.label ?? status
}

export function orgStatusTag(status: string | null | undefined): 'warning' | 'success' | 'danger' | 'info' {
  return ORG_STATUS[status as OrgStatus]?.tag ?? 'info'
}

/** The roles offered on the registration form: the API's list, or the built-in one. */
export function registrableRoles(enums?: Partial<Enums> | null): EnumRole[] {
  return enums?.roles?.length ? enums.roles : REGISTRABLE_ROLES
}

/**
 * The organisation types offered for a role, as select options, in the order the rule lists them.
 * An unknown or empty role offers nothing.
 */
export function orgTypesForRole(role: string | null | undefined, enums?: Partial<Enums> | null): EnumOption[] {
  if (!role) return []
  const apiRole = enums?.roles?.find((r) => r.value === role)
  const types = apiRole?.org_types?.length ? apiRole.org_types : (ROLE_ORG_TYPES[role] ?? [])
  return types.map((t) => ({ value: t, label: orgTypeLabel(t, enums) }))
}

// ---- listings ----

/** Fallbacks for GET /meta/enums (the API's lists win). */
export const FIELDS = [
  '电子信息',
  '先进制造',
  '航空航天',
  '现代交通',
  '生物医药和医疗器械',
  '新材料及其应用',
  '新能源与高效节能',
  '环境保护与资源综合利用',
  '核应用技术',
  '农业',
  '城市建设与社会发展',
  '其他',
]
export const IP_TYPES = ['发明专利', '实用新型', '外观设计', '软件著作权', '集成电路布图', '植物新品种', '技术秘密', '其他']
export const COOP_MODES = ['转让', '许可', '作价入股', '合作开发', '技术服务']
export const PRICE_TYPES: EnumOption[] = [
  { value: 'negotiable', label: '面议' },
  { value: 'indicative', label: '参考价' },
  { value: 'floor', label: '底价' },
  { value: 'firm', label: '一口价' },
]

export const KIND_LABELS: Record<ListingKind, string> = { achievement: '成果', need: '需求' }

/** What search finds: the two kinds of listing, and open challenges (揭榜挂帅 榜单). */
export type HitKind = ListingKind | 'challenge'
export const HIT_KINDS: HitKind[] = ['achievement', 'need', 'challenge']
const HIT_KIND_LABELS: Record<HitKind, string> = { ...KIND_LABELS, challenge: '榜单' }

/** The kind a search hit names (the API sends it as a plain string). */
export function asHitKind(kind: string): HitKind {
  return kind === 'challenge' ? 'challenge' : asKind(kind)
}

/** The page of a search hit: a listing's, or a challenge's. */
export function hitPath(kind: HitKind, id: number): string {
  return kind === 'challenge' ? `/challenges/${id}` : listingPath(kind, id)
}

/** Path segment of a kind in the API and in the app: achievements, needs. */
export function kindPath(kind: ListingKind): 'achievements' | 'needs' {
  return kind === 'need' ? 'needs' : 'achievements'
}

/** The kind a listing's kind field names (the API sends it as a plain string). */
export function asKind(kind: string): ListingKind {
  return kind === 'need' ? 'need' : 'achievement'
}

export function kindLabel(kind: string | null | undefined): string {
  return HIT_KIND_LABELS[kind as HitKind] ?? kind ?? ''
}

/** The app's page of a listing. */
export function listingPath(kind: ListingKind, id: number): string {
  return `/${kindPath(kind)}/${id}`
}

/** 技术成熟度 (1–9), short descriptions after the usual technology-readiness scale. */
export const MATURITY_LEVELS: { value: number; label: string }[] = [
  { value: 1, label: '基本原理被发现' },
  { value: 2, label: '形成技术概念' },
  { value: 3, label: '关键功能实验验证' },
  { value: 4, label: '实验室环境验证' },
  { value: 5, label: '相关环境验证' },
  { value: 6, label: '相关环境演示' },
  { value: 7, label: '真实环境演示' },
  { value: 8, label: '定型试用' },
  { value: 9, label: '批量应用' },
]

export function maturityLabel(level: number | null | undefined): string {
  if (!level) return '未填写'
  const m = MATURITY_LEVELS.find((l) => l.value === level)
  return m ? `${level} 级（${m.label}）` : `${level} 级`
}

export function priceTypeLabel(value: string | null | undefined, enums?: Partial<Enums> | null): string {
  if (!value) return ''
  return (enums?.price_types ?? PRICE_TYPES).find((p) => p.value === value)?.label ?? value
}

/** The colours of Element Plus' el-tag, which every status is shown with. */
export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** How a status is shown: its Chinese label in a tag of its colour (StatusTag, the lists' tags). */
export interface StatusStyle {
  label: string
  tag: TagType
}

export const LISTING_STATUS: Record<ListingStatus, StatusStyle> = {
  draft: { label: '草稿', tag: 'info' },
  pending: { label: '待审核', tag: 'warning' },
  published: { label: '已发布', tag: 'success' },
  rejected: { label: '已驳回', tag: 'danger' },
  closed: { label: '已关闭', tag: 'info' },
}

const CLOSE_REASON_LABELS: Record<string, string> = { dealt: '已成交', withdrawn: '已撤回', expired: '已过期' }

/** The status of a listing as shown: closed ones by why they closed. */
export function listingStatusLabel(status: string | null | undefined, closeReason?: string | null): string {
  if (!status) return ''
  if (status === 'closed') return CLOSE_REASON_LABELS[closeReason ?? ''] ?? '已关闭'
  return LISTING_STATUS[status as ListingStatus]?.label ?? status
}

export function listingStatusTag(status: string | null | undefined, closeReason?: string | null): TagType {
  if (status === 'closed' && closeReason === 'dealt') return 'primary'
  return LISTING_STATUS[status as ListingStatus]?.tag ?? 'info'
}

/**
 * The search filter's value for a region code: the province (35), the city (3501) or the
 * district (350102) — codes ending in 0000 or 00 stand for the whole province or city.
 */
export function regionPrefix(code: string): string {
  if (/^\d{2}0000$/.test(code)) return code.slice(0, 2)
  if (/^\d{4}00$/.test(code)) return code.slice(0, 4)
  return code
}

/** The region code (six digits) that a search prefix stands for: 35 → 350000, 3501 → 350100. */
export function regionFromPrefix(prefix: string): string {
  return /^\d{2}$|^\d{4}$/.test(prefix) ? prefix.padEnd(6, '0') : prefix
}
