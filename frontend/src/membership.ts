// Memberships and verification: Chinese labels, the membership acts as buttons (each shown only when
// the server lists it in `actions`), who approves a request to join, what the waiting page says, and
// the client-side checks of the verification form (the server checks the credit code's GB 32100
// check character and the licence's content).

import { ref } from 'vue'
import type { StatusStyle, TagType } from './enums'
import type { Member, Membership, MembershipAction, MembershipStatus, Org, OrgRole, OrgType } from './types'


export const MEMBERSHIP_STATUS: Record<MembershipStatus, StatusStyle> = {
  pending: { label: '待审核', tag: 'warning' },
  active: { label: '正常', tag: 'success' },
  suspended: { label: '已暂停', tag: 'danger' },
  refused: { label: '已拒绝', tag: 'info' },
}

/** The filters of a member list, in the order pages show them. */
export const MEMBERSHIP_FILTERS = ['pending', 'active', 'suspended', 'refused'] as const

export function membershipStatusLabel(s: string | null | undefined): string {
  return (s && MEMBERSHIP_STATUS[s as MembershipStatus]?.label) || s || ''
}

export function membershipStatusTag(s: string | null | undefined): TagType {
  return (s && MEMBERSHIP_STATUS[s as MembershipStatus]?.tag) || 'info'
}

export const ORG_ROLE_LABELS: Record<OrgRole, string> = { admin: '机构管理员', member: '成员' }

export function orgRoleLabel(r: string | null | undefined): string {
  return (r && ORG_ROLE_LABELS[r as OrgRole]) || ''
}

export interface MemberActionSpec {
  label: string
  /** POST /memberships/{id}/{path} */
  path: string
  button: 'primary' | 'success' | 'warning' | 'danger' | 'default'
  /** What happens, said in the confirmation dialog. */
  explain: string
  /** The success message, with the member's name. */
  done: (name: string) => string
}

/** The acts on a membership, in the order the server lists them. */
export const MEMBER_ACTIONS: Record<MembershipAction, MemberActionSpec> = {
  approve: {
    label: '批准',
    path: 'approve',
    button: 'success',
    explain: '批准后，该用户即成为本机构成员，可以按其身份以机构名义发布、交易和签约。',
    done: (n) => `已批准「${n}」加入`,
  },
  refuse: {
    label: '拒绝',
    path: 'refuse',
    button: 'danger',
    explain: '拒绝后，该用户不能以本机构名义进行任何操作；说明将通知申请人。',
    done: (n) => `已拒绝「${n}」的加入申请`,
  },
  suspend: {
    label: '暂停',
    path: 'suspend',
    button: 'warning',
    explain: '暂停后，该成员立即退出登录，不能再以机构名义操作；可随时恢复。',
    done: (n) => `已暂停「${n}」的成员资格`,
  },
  reinstate: {
    label: '恢复',
    path: 'reinstate',
    button: 'primary',
    explain: '恢复后，该成员重新以机构名义操作。',
    done: (n) => `已恢复「${n}」的成员资格`,
  },
  make_admin: {
    label: '移交管理员',
    path: 'make-admin',
    button: 'default',
    explain: '移交后，该成员成为机构管理员，负责审批成员和实名认证；原管理员（您）成为普通成员，需重新登录。',
    done: (n) => `已将机构管理员移交给「${n}」`,
  },
}

/** The server's actions as buttons, in its order; unknown actions are left out. */
export function memberButtons(actions: readonly string[] | null | undefined): (MemberActionSpec & { action: MembershipAction })[] {
  return (actions ?? [])
    .filter((a): a is MembershipAction => a in MEMBER_ACTIONS)
    .map((a) => ({ action: a, ...MEMBER_ACTIONS[a] }))
}

/**
 * Who approves a request to join an organisation of this type: registration agencies and bureaus
 * gain official powers, so only a market admin approves their members.
 */
export function approverOf(type: OrgType | string | null | undefined): string {
  return type === 'agency' || type === 'bureau' ? '市场管理员' : '机构管理员'
}

/** A session acts for its organisation only with an active membership (none sent counts as active). */
export function membershipActive(m: Pick<Membership, 'status'> | null | undefined): boolean {
  return !m || m.status === 'active'
}

export interface WaitingState {
  tone: 'warning' | 'error' | 'info' | 'success'
  title: string
  detail: string
}

/** What the waiting page says about a membership and its organisation (public facts only). */
export function waitingState(m: Pick<Membership, 'status'> | null | undefined, org: Pick<Org, 'name' | 'type'> | null | undefined): WaitingState {
  const name = org?.name ?? '所选机构'
  const approver = approverOf(org?.type)
  const whose = approver === '市场管理员' ? '市场管理员（网上技术市场运营方）' : `「${name}」的机构管理员`
  switch (m?.status) {
    case 'pending':
      return {
        tone: 'warning',
        title: `您加入「${name}」的申请正在等待审核`,
        detail: `须由${whose}批准。批准前，您不能以该机构名义发布、交易、签约或查看机构内部信息。`,
      }
    case 'suspended':
      return {
        tone: 'error',
        title: `您在「${name}」的成员资格已被暂停`,
        detail: `暂停期间不能以该机构名义进行任何操作。如有疑问，请联系${whose}恢复。`,
      }
    case 'refused':
      return {
        tone: 'info',
        title: `您加入「${name}」的申请未获批准`,
        detail: `您不能以该机构名义进行操作。如有疑问，请联系${whose}；如代表其他机构，请另行注册账户。`,
      }
    default:
      return { tone: 'success', title: `您已是「${name}」的成员`, detail: '可以按您的身份使用全部功能。' }
  }
}

// ---- verification evidence ----

export const MAX_LICENCE_BYTES = 5 << 20
const LICENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg']
const LICENCE_EXT = /\.(pdf|png|jpe?g)$/i

/** The licence file's problem in Chinese, or '' when it may be sent (the server checks its content). */
export function licenceProblem(file: { name: string; size: number; type?: string } | null | undefined): string {
  if (!file) return '请上传营业执照或登记证书（PDF 或图片）'
  if (!LICENCE_EXT.test(file.name) && !LICENCE_TYPES.includes(file.type ?? '')) return '只接受 PDF、PNG 或 JPEG 文件'
  if (file.size > MAX_LICENCE_BYTES) return '文件不能超过 5 MB'
  if (file.size === 0) return '文件是空的'
  return ''
}

/** What people type as a credit code, as the server reads it (trimmed, upper case, no inner spaces). */
export function normaliseCreditCode(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase()
}

/** A byte size as people read it: 812 KB, 1.4 MB. */
export function formatBytes(n: number | null | undefined): string {
  if (!n || n < 0) return ''
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The organisation sent its evidence (credit code, legal representative and licence). */
export function hasEvidence(org: Pick<Org, 'credit_code' | 'legal_rep' | 'licence_name'> | null | undefined): boolean {
  return !!(org?.credit_code && org.legal_rep && org.licence_name)
}

/**
 * The act MemberActionDialog confirms, for the pages that list members (an organisation's own and
 * the market admins'): act(m, a), from a MemberList button, opens it on that member and act.
 */
export function useMemberAct() {
  const dialogOpen = ref(false)
  const target = ref<Member | null>(null)
  const action = ref<MembershipAction | null>(null)
  function act(m: Member, a: MembershipAction) {
    target.value = m
    action.value = a
    dialogOpen.value = true
  }
  return { dialogOpen, target, action, act }
}
