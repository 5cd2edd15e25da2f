// Labels and the role → organisation-type rule. GET /api/v1/meta/enums is the source of truth for
// what may be registered; these constants are the fallback and the labels for display.

import type { EnumOption, EnumRole, Enums, OrgStatus, Role } from './types'

export const ROLE_LABELS: Record<Role, string> = {
  supplier: '高校/科研院所人员',
  demander: '企业人员',
  broker: '技术经纪人',
  reviewer: '登记机构人员',
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
export const ROLE_ORG_TYPES: Record<string, string[]> = {
  supplier: ['university', 'institute'],
  demander: ['enterprise'],
  broker: ['broker_firm'],
  reviewer: ['agency'],
}

/** Roles anyone may register as (admins are created by operators). */
export const REGISTRABLE_ROLES: EnumRole[] = (['supplier', 'demander', 'broker', 'reviewer'] as const).map(
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
