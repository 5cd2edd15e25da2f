// The 工作台: how each to-do item of GET /my/workspace is named, where it is done, and where each
// entry opens. The server counts and lists; the page only says and links.

import { MATCH_STATUS, MATCH_STATUSES } from './matching'
import type { MatchStatus, Role, WorkEntry, WorkItem } from './types'

export const WORKSPACE_PATH = '/workspace'

export interface WorkItemView {
  /** What the count counts. */
  label: string
  /** One line on what to do there. */
  hint: string
  /** The page where it is done. */
  link: string
  /** Where one entry opens (the list page when entries have no page of their own). */
  entryLink: (e: WorkEntry) => string
  /** Shown as a stage of the pipeline (brokers) rather than as a card. */
  stage?: boolean
}

const fixed = (path: string) => () => path

const ITEMS: Record<string, WorkItemView> = {
  achievements_pending: { label: '待审核成果', hint: '审核通过后公开发布', link: '/moderation', entryLink: (e) => `/achievements/${e.id}` },
  needs_pending: { label: '待审核需求', hint: '审核通过后公开发布', link: '/moderation?tab=need', entryLink: (e) => `/needs/${e.id}` },
  reports_open: { label: '待处理举报', hint: '驳回或下架被举报的发布', link: '/admin/reports', entryLink: fixed('/admin/reports') },
  verifications_pending: { label: '待认证机构', hint: '核对统一社会信用代码与营业执照', link: '/admin/orgs', entryLink: fixed('/admin/orgs') },
  memberships_pending: {
    label: '待审批成员',
    hint: '登记机构、科技管理部门的加入申请由市场管理员审批',
    link: '/admin/members',
    entryLink: fixed('/admin/members'),
  },
  objections_pending: { label: '待裁决异议', hint: '成交公示收到的异议：成立或驳回', link: '/notices', entryLink: (e) => `/notices/${e.id}` },
  deals_awaiting_seller: { label: '待确认公示', hint: '经纪人代为发起的成交公示，等待本机构作为卖方确认', link: '/my/deals', entryLink: fixed('/my/deals') },
  contracts_to_confirm: { label: '待确认合同', hint: '合同草稿等待本方确认后才能提交登记', link: '/contracts', entryLink: (e) => `/contracts/${e.id}` },
  matches_to_answer: { label: '待答复对接', hint: '经纪人推荐的对接，同意后双方可见联系方式', link: '/my/matches?status=proposed', entryLink: (e) => `/matches/${e.id}` },
  achievements_expiring: {
    label: '即将到期的成果',
    hint: '30 天内到期或超过 30 天未确认：确认仍有效，或续期',
    link: '/my/listings?status=published',
    entryLink: (e) => `/achievements/${e.id}`,
  },
  needs_expiring: {
    label: '即将到期的需求',
    hint: '30 天内截止或超过 30 天未确认：确认仍有效，或续期',
    link: '/my/listings?status=published',
    entryLink: (e) => `/needs/${e.id}`,
  },
  access_requests_pending: { label: '待处理查看申请', hint: '他人申请查看本机构发布的保密详情', link: '/my/access-requests', entryLink: fixed('/my/access-requests') },
  live_bids: { label: '竞拍中的出价', hint: '本机构出过价、仍在进行的拍品', link: '/auctions', entryLink: (e) => `/auctions/${e.id}` },
  interest_leads: {
    label: '意向线索',
    hint: '企业与高校对成果、需求表达的意向，跟进或转为对接',
    link: '/workbench?tab=leads',
    entryLink: fixed('/workbench?tab=leads'),
  },
  roadshow_intents: { label: '路演意向', hint: '企业在本机构路演上表达的意向，可转为对接', link: '/workbench?tab=intents', entryLink: (e) => `/roadshows/${e.id}` },
  contracts_submitted: { label: '待审查合同', hint: '按提交先后排列，超过时限前完成认定登记', link: '/review', entryLink: (e) => `/contracts/${e.id}` },
  amendments_submitted: { label: '待审查变更、注销', hint: '已登记合同的变更与注销申请', link: '/review', entryLink: (e) => `/contracts/${e.id}` },
}

for (const s of MATCH_STATUSES) {
  ITEMS[`matches_${s}`] = {
    label: MATCH_STATUS[s as MatchStatus].label,
    hint: '本机构的对接',
    link: `/workbench`,
    entryLink: (e) => `/matches/${e.id}`,
    stage: true,
  }
}

/** How the page shows an item; an item it does not know still shows, under its key, linking nowhere new. */
export function workItemView(key: string): WorkItemView {
  return ITEMS[key] ?? { label: key, hint: '', link: WORKSPACE_PATH, entryLink: fixed(WORKSPACE_PATH) }
}

/** The items split into the pipeline's stages and the cards, each in the server's order. */
export function splitWorkItems(items: WorkItem[]): { stages: WorkItem[]; cards: WorkItem[] } {
  return {
    stages: items.filter((i) => workItemView(i.key).stage),
    cards: items.filter((i) => !workItemView(i.key).stage),
  }
}

/** How many things wait, over the cards (the pipeline's stages are work in progress, not to-dos). */
export function pendingTotal(items: WorkItem[]): number {
  return splitWorkItems(items).cards.reduce((n, i) => n + i.count, 0)
}

const LEADS: Partial<Record<Role, string>> = {
  admin: '审核、认证与裁决：处理完的事项会从这里消失。',
  supplier: '本机构待确认、待答复与即将到期的事项。',
  demander: '本机构待确认、待答复、即将到期的事项与竞拍中的出价。',
  broker: '本机构对接的各阶段、路演意向与待审核的发布。',
  reviewer: '本机构受理的合同审查队列（按工作日计时）与变更、注销申请。',
}

export function workspaceLead(role: Role | null | undefined): string {
  return (role && LEADS[role]) || ''
}

/** A review entry's clock: "已等待 3 / 15 个工作日". */
export function reviewClockText(e: WorkEntry): string {
  if (!e.deadline_working_days) return ''
  return `已等待 ${e.waited_working_days ?? 0} / ${e.deadline_working_days} 个工作日`
}

/**
 * Where login lands: the ?redirect= asked for, else a member's 工作台; a member still waiting for
 * approval goes to the waiting page.
 */
export function landingPath(memberActive: boolean, redirect: string | null): string {
  if (redirect) return redirect
  return memberActive ? WORKSPACE_PATH : '/waiting'
}
