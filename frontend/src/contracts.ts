// Technology contracts and their registration (技术合同认定登记): API shapes, Chinese labels and the
// pure rules the pages share — the form model ↔ API body, the caller's part in a contract, the
// review clock, the audit log as a readable timeline, and amounts in Chinese capitals (大写).
// What the caller may do with a contract or an amendment is the server's `actions`.
// Money is integer fen; dates (signed_on, valid_*) come as RFC 3339 midnights in Asia/Shanghai.

import type { StatusStyle } from './enums'
import { fenToWan, formatDate, formatDateTime, formatFen, wanToFen } from './format'
import type { ContractTypeOption, EnumOption, Role } from './types'
import { emptyRegisterForm, registerFormBody, registerFormFrom, type RegisterFormFields } from './registerForm'

import type { components } from './api/schema'

type S = components['schemas']

// ---- API shapes ----

export type ContractStatus = S['ContractStatus']

export type Contract = S['ContractView']

/** A verified registration agency (GET /agencies). */
export type Agency = S['PublicOrg']

export type Certificate = S['CertifiedView']
/** The public check of a registration number (GET /verify/:no): the certificate and where the registration stands. */
export type Verification = S['Verification']

export type AmendmentKind = S['AmendmentKind']

export type AmendmentStatus = S['AmendmentStatus']

/** A step of a contract the server may list in its `actions`, or `certificate` (the registration certificate). */
export type ContractAction = S['ContractAction'] | 'certificate'

export type Amendment = S['Amendment']

/** An amendment in the agency's queue (GET /amendments), with its contract. */
export type QueuedAmendment = S['QueuedAmendment']

/** One audit-log row of a contract (GET /contracts/{id}/timeline); before/after are JSON text. */
export type AuditEntry = S['AuditLog']

// ---- labels and fallbacks for GET /meta/enums ----

export const CONTRACT_TYPES: ContractTypeOption[] = [
  { value: 'development', label: '技术开发', subtypes: ['委托开发', '合作开发'] },
  { value: 'transfer', label: '技术转让', subtypes: ['专利权转让', '专利申请权转让', '技术秘密转让'] },
  { value: 'license', label: '技术许可', subtypes: ['专利实施许可', '技术秘密使用许可'] },
  { value: 'consulting', label: '技术咨询', subtypes: ['技术咨询'] },
  { value: 'service', label: '技术服务', subtypes: ['技术服务', '技术培训', '技术中介'] },
]

export const PARTY_TYPES = [
  '高等院校',
  '科研机构',
  '医疗卫生机构',
  '其他事业单位',
  '国有企业',
  '集体企业',
  '有限责任公司',
  '股份有限公司',
  '私营企业',
  '外资企业',
  '港澳台商投资企业',
  '境外企业',
  '个体经营',
  '自然人',
  '机关',
  '社会团体',
  '其他',
]

export const REJECTION_GROUNDS: EnumOption[] = [
  { value: 'not_technology_contract', label: '不属于技术合同' },
  { value: 'unclear_terms', label: '当事人、标的或价款不明确' },
  { value: 'approval_missing', label: '缺少依法应当取得的批准' },
  { value: 'name_mismatch', label: '合同名称与内容不符' },
  { value: 'restrictive_clauses', label: '含有非法垄断技术、妨碍技术进步的条款' },
  { value: 'seal_problem', label: '未加盖印章或印章不符' },
  { value: 'proof_missing', label: '缺少必要的证明材料' },
]

export const CONTRACT_STATUS: Record<ContractStatus, StatusStyle> = {
  draft: { label: '草稿', tag: 'info' },
  confirmed: { label: '双方已确认', tag: 'primary' },
  submitted: { label: '审查中', tag: 'warning' },
  needs_correction: { label: '待补正', tag: 'danger' },
  registered: { label: '已登记', tag: 'success' },
  rejected: { label: '不予登记', tag: 'danger' },
}

export const CONTRACT_STATUSES = Object.keys(CONTRACT_STATUS) as ContractStatus[]

/** Labels of the amendment kinds. */
export const AMENDMENT_KIND_LABELS: Record<AmendmentKind, string> = { change: '变更登记', cancel: '注销登记' }

export const AMENDMENT_STATUS: Record<AmendmentStatus, StatusStyle> = {
  submitted: { label: '待审查', tag: 'warning' },
  registered: { label: '已登记', tag: 'success' },
  rejected: { label: '已驳回', tag: 'danger' },
}

export function contractTypeLabel(value: string, types: ContractTypeOption[] = CONTRACT_TYPES): string {
  return types.find((t) => t.value === value)?.label ?? value
}

/** "技术转让 · 专利权转让" (a type with one subtype of its own name shows once). */
export function contractKindLabel(c: { type: string; subtype: string }, types: ContractTypeOption[] = CONTRACT_TYPES): string {
  const t = contractTypeLabel(c.type, types)
  return !c.subtype || c.subtype === t ? t : `${t} · ${c.subtype}`
}

export function groundLabel(value: string, grounds: EnumOption[] = REJECTION_GROUNDS): string {
  return grounds.find((g) => g.value === value)?.label ?? value
}

/** The party type an organisation of a market type most likely is ('' when it cannot be told). */
export function partyTypeForOrg(orgType: string | null | undefined): string {
  return ({ university: '高等院校', institute: '科研机构', bureau: '机关' } as Record<string, string>)[orgType ?? ''] ?? ''
}

/** The registration steps (el-steps): 起草 → 双方确认 → 提交登记 → 审查 → 登记. */
export const CONTRACT_STEPS = ['起草合同', '双方确认', '提交登记', '登记审查', '登记完成'] as const

/** The active step of a contract and whether it ended in a refusal. */
export function contractStep(c: Pick<Contract, 'status'>): { active: number; status: 'process' | 'error' | 'success' } {
  switch (c.status) {
    case 'draft':
      return { active: 1, status: 'process' }
    case 'confirmed':
      return { active: 2, status: 'process' }
    case 'submitted':
      return { active: 3, status: 'process' }
    case 'needs_correction':
      return { active: 3, status: 'error' }
    case 'rejected':
      return { active: 4, status: 'error' }
    case 'registered':
      return { active: 5, status: 'success' }
  }
  return { active: 0, status: 'process' }
}

// ---- the form ----

/** The contract form as people fill it: amounts in 万元, dates as "YYYY-MM-DD" (Beijing). */
export type ContractForm = Pick<
  Contract,
  | 'deal_id'
  | 'title'
  | 'type'
  | 'subtype'
  | 'subject'
  | 'field'
  | 'seller_party_type'
  | 'seller_division'
  | 'buyer_org_id'
  | 'buyer_name'
  | 'buyer_party_type'
  | 'buyer_division'
  | 'broker_org_id'
  | 'payment_terms'
  | 'signed_on'
  | 'valid_from'
  | 'valid_to'
> & { contract_wan: number | null; tech_wan: number | null; agency_id: number | null } & RegisterFormFields

/** Today in Beijing, "2026-11-20". */
export function todayShanghai(now: number = Date.now()): string {
  return formatDate(new Date(now).toISOString())
}

/** The same calendar day n years later ("2026-11-20" → "2028-11-20"; 29 Feb → 28 Feb). */
export function addYears(day: string, n: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return ''
  const y = Number(m[1]) + n
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const d = m[2] === '02' && m[3] === '29' && !leap ? '28' : m[3]
  return `${y}-${m[2]}-${d}`
}

export function emptyContractForm(today: string = todayShanghai()): ContractForm {
  return {
    deal_id: null,
    title: '',
    type: '',
    subtype: '',
    subject: '',
    field: '',
    seller_party_type: '',
    seller_division: '',
    buyer_org_id: null,
    buyer_name: '',
    buyer_party_type: '',
    buyer_division: '',
    broker_org_id: null,
    contract_wan: null,
    tech_wan: null,
    payment_terms: '',
    signed_on: today,
    valid_from: today,
    valid_to: addYears(today, 2),
    agency_id: null,
    ...emptyRegisterForm(),
  }
}

/** The form of an existing contract (for editing a draft or a contract returned for correction). */
export function formFromContract(c: Contract): ContractForm {
  return {
    deal_id: c.deal_id,
    title: c.title,
    type: c.type,
    subtype: c.subtype,
    subject: c.subject,
    field: c.field,
    seller_party_type: c.seller_party_type,
    seller_division: c.seller_division,
    buyer_org_id: c.buyer_org_id,
    buyer_name: c.buyer_name,
    buyer_party_type: c.buyer_party_type,
    buyer_division: c.buyer_division,
    broker_org_id: c.broker_org_id,
    contract_wan: fenToWan(c.contract_amount_fen),
    tech_wan: fenToWan(c.tech_amount_fen),
    payment_terms: c.payment_terms,
    signed_on: formatDate(c.signed_on),
    valid_from: formatDate(c.valid_from),
    valid_to: formatDate(c.valid_to),
    agency_id: c.agency_id,
    ...registerFormFrom(c),
  }
}

/** The body of POST /contracts and PUT /contracts/{id}. */
export function contractBody(f: ContractForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    title: f.title.trim(),
    type: f.type,
    subtype: f.subtype,
    subject: f.subject.trim(),
    field: f.field,
    seller_party_type: f.seller_party_type,
    seller_division: f.seller_division,
    buyer_name: f.buyer_name.trim(),
    buyer_party_type: f.buyer_party_type,
    buyer_division: f.buyer_division,
    contract_amount_fen: wanToFen(f.contract_wan),
    tech_amount_fen: wanToFen(f.tech_wan),
    payment_terms: f.payment_terms.trim(),
    signed_on: f.signed_on,
    valid_from: f.valid_from,
    valid_to: f.valid_to,
    agency_id: f.agency_id ?? 0,
    ...registerFormBody(f),
  }
  if (f.deal_id) body.deal_id = f.deal_id
  if (f.buyer_org_id) body.buyer_org_id = f.buyer_org_id
  if (f.broker_org_id) body.broker_org_id = f.broker_org_id
  return body
}

/** A contract's name from the achievement it sells: "X技术" → "X技术合同", "X装置" → "X装置技术合同". */
export function contractTitleFor(achievementTitle: string): string {
  const t = achievementTitle.trim()
  return t.endsWith('技术') ? `${t}合同` : `${t}技术合同`
}

/** The subtypes offered for a type; a type with a single subtype needs no choice. */
export function subtypesOf(type: string, types: ContractTypeOption[] = CONTRACT_TYPES): string[] {
  return types.find((t) => t.value === type)?.subtypes ?? []
}

// ---- the caller's part ----

export interface Viewer {
  userId: number | null
  orgId: number | null
  role: Role | null
}

export type ContractSide = 'seller' | 'buyer' | 'broker' | 'reviewer' | 'admin' | 'none'

/** The viewer's part in a contract, for the words "我方为卖方" (a reviewer's organisation is the agency). */
export function contractSide(c: Contract, v: Viewer): ContractSide {
  if (!v.role) return 'none'
  if (v.role === 'reviewer') return v.orgId === c.agency_id ? 'reviewer' : 'none'
  if (v.orgId && v.orgId === c.seller_org_id) return 'seller'
  if (v.orgId && v.orgId === c.buyer_org_id) return 'buyer'
  if (v.orgId && v.orgId === c.broker_org_id) return 'broker'
  return v.role === 'admin' ? 'admin' : 'none'
}

export const SIDE_LABELS: Record<ContractSide, string> = {
  seller: '卖方',
  buyer: '买方',
  broker: '中介方',
  reviewer: '登记机构',
  admin: '管理员',
  none: '',
}

/** Whether the buyer must confirm: only a buyer that is an organisation of the market. */
export function buyerConfirms(c: Pick<Contract, 'buyer_org_id'>): boolean {
  return !!c.buyer_org_id
}

export type ReviewAction = 'return' | 'reject' | 'approve' | 'register'

/** The review decisions the server offers the caller on a contract, in the desk's order. */
export function reviewOffered(c: Pick<Contract, 'actions'>): ReviewAction[] {
  return (['return', 'reject', 'approve', 'register'] as const).filter((a) => c.actions.includes(a))
}

/**
 * Why registering is or is not (yet) the caller's, read from what the server offers: a contract of
 * 500 万元 or more is approved by one reviewer and registered by another.
 */
export function reviewNote(c: Pick<Contract, 'actions' | 'first_approval_by'>): string {
  const review = reviewOffered(c)
  if (review.includes('approve')) return '技术交易额 500 万元以上：需一名审查员复核同意后，由另一名审查员登记'
  if (!c.first_approval_by || !review.length) return ''
  return review.includes('register') ? '已有审查员复核同意，可以登记' : '您已复核同意，等待另一名审查员登记'
}

export type ClockLevel = 'ok' | 'warning' | 'overdue'

/** The review clock of a submitted contract: "已等待 3 / 15 个工作日". */
export function reviewClock(c: Pick<Contract, 'status' | 'waited_working_days' | 'deadline_working_days'>): {
  text: string
  level: ClockLevel
  left: number
} {
  const waited = c.waited_working_days || 0
  const deadline = c.deadline_working_days || 15
  const left = deadline - waited
  const level: ClockLevel = left < 0 ? 'overdue' : left <= 3 ? 'warning' : 'ok'
  const tail = left < 0 ? `，已超期 ${-left} 个工作日` : `，剩余 ${left} 个工作日`
  return { text: `已等待 ${waited} / ${deadline} 个工作日${c.status === 'submitted' ? tail : ''}`, level, left }
}

// ---- the timeline (audit log) ----

const EDIT_LABELS: Record<string, string> = {
  title: '合同名称',
  type: '合同类型',
  subtype: '子类',
  subject: '标的',
  field: '技术领域',
  seller_party_type: '卖方主体类型',
  seller_division: '卖方所在地',
  buyer_name: '买方',
  buyer_party_type: '买方主体类型',
  buyer_division: '买方所在地',
  broker_name: '中介方',
  contract_amount_fen: '合同金额',
  tech_amount_fen: '技术交易额',
  payment_terms: '支付方式',
  signed_on: '签订日期',
  valid_from: '有效期起',
  valid_to: '有效期止',
  agency_id: '登记机构',
  seller_credit_code: '卖方统一社会信用代码',
  buyer_credit_code: '买方统一社会信用代码',
  buyer_country: '买方国家或地区',
  project_source: '项目来源',
  plan_number: '计划编号',
  ip_kinds: '知识产权',
  socio_economic_objective: '社会经济目标',
  expected_investment_fen: '预计新增投资',
  expected_output_fen: '预计新增产值',
}

function parseJSON(s: string): Record<string, unknown> {
  if (!s) return {}
  try {
    const v = JSON.parse(s)
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function shown(key: string, v: unknown, regionName: (code: string) => string): string {
  if (v === null || v === undefined || v === '') return '（空）'
  if (key.endsWith('_fen')) return formatFen(Number(v))
  if (key === 'signed_on' || key.startsWith('valid_')) return formatDate(String(v))
  if (key.endsWith('_division')) return regionName(String(v))
  if (key === 'type') return contractTypeLabel(String(v))
  if (key === 'agency_id') return `#${v}`
  if (Array.isArray(v)) return v.length ? v.join('、') : '（空）'
  const s = String(v)
  return s.length > 60 ? `${s.slice(0, 60)}…` : s
}

/** "合同金额：120 万元 → 100 万元" for each field an edit changed. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  regionName: (code: string) => string = (c) => c,
): string[] {
  const out: string[] = []
  for (const [key, label] of Object.entries(EDIT_LABELS)) {
    if (!(key in after)) continue
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue
    out.push(`${label}：${shown(key, before[key], regionName)} → ${shown(key, after[key], regionName)}`)
  }
  return out
}

export interface TimelineItem {
  id: number
  at: string
  /** Who, as a part in the contract (卖方, 买方, 登记机构审查员) and by name when known: "卖方 · 陈晓明（福州大学）". */
  who: string
  title: string
  details: string[]
  tone: 'primary' | 'success' | 'warning' | 'danger' | 'info'
}

/** One audit row as people read it. */
export function describeAudit(
  e: AuditEntry,
  opts: { regionName?: (code: string) => string; grounds?: EnumOption[] } = {},
): TimelineItem {
  const before = parseJSON(e.before)
  const after = parseJSON(e.after)
  const regionName = opts.regionName ?? ((c: string) => c)
  const item: TimelineItem = {
    id: e.id,
    at: formatDateTime(e.created_at),
    who: '卖方',
    title: e.action,
    details: [],
    tone: 'primary',
  }
  const comment = typeof after.review_comment === 'string' ? after.review_comment : ''
  const reviewer = e.actor_name ? '登记机构审查员' : `登记机构审查员（用户 ${e.actor_id}）`
  switch (e.action) {
    case 'contract.create':
      item.title = '起草合同'
      item.details.push(`${shown('title', after.title, regionName)}，合同金额 ${formatFen(Number(after.contract_amount_fen))}，技术交易额 ${formatFen(Number(after.tech_amount_fen))}`)
      break
    case 'contract.file':
      item.title = '上传合同文本'
      if (after.file_name) item.details.push(`${after.file_name}（${formatFileSize(Number(after.file_size))}）`)
      break
    case 'contract.confirm': {
      const buyer = !before.buyer_confirmed_at && !!after.buyer_confirmed_at
      item.who = buyer ? '买方' : '卖方'
      item.title = `${item.who}确认合同`
      if (after.status === 'confirmed') item.details.push('双方均已确认，可以提交登记')
      item.tone = 'success'
      break
    }
    case 'contract.edit':
      item.title = '修改合同'
      item.details.push(...changedFields(before, after, regionName))
      if (!item.details.length) item.details.push('内容未变')
      item.tone = 'info'
      break
    case 'contract.submit':
      item.title = '提交登记'
      break
    case 'contract.resubmit':
      item.title = '补正后重新提交（审查时限重新计算）'
      break
    case 'contract.return':
      item.who = reviewer
      item.title = '退回补正'
      if (comment) item.details.push(`补正要求：${comment}`)
      item.tone = 'warning'
      break
    case 'contract.approve':
      item.who = reviewer
      item.title = '复核同意'
      if (comment) item.details.push(`意见：${comment}`)
      item.tone = 'success'
      break
    case 'contract.register':
      item.who = reviewer
      item.title = '认定登记'
      if (after.registration_no) item.details.push(`登记编号 ${after.registration_no}`)
      if (comment) item.details.push(`意见：${comment}`)
      item.tone = 'success'
      break
    case 'contract.reject': {
      item.who = reviewer
      item.title = '不予登记'
      const grounds = Array.isArray(after.reject_grounds) ? (after.reject_grounds as string[]) : []
      if (grounds.length) item.details.push(`理由：${grounds.map((g) => groundLabel(g, opts.grounds)).join('；')}`)
      if (comment) item.details.push(`说明：${comment}`)
      item.tone = 'danger'
      break
    }
    default:
      if (e.action.startsWith('contract.amendment.')) describeAmendment(e.action.slice('contract.amendment.'.length), after, item, reviewer)
  }
  if (e.actor_name) item.who = `${item.who} · ${e.actor_name}${e.actor_org ? `（${e.actor_org}）` : ''}`
  return item
}

function describeAmendment(what: string, a: Record<string, unknown>, item: TimelineItem, reviewer: string) {
  const kind = AMENDMENT_KIND_LABELS[a.kind as AmendmentKind] ?? '变更或注销登记'
  if (what === 'change' || what === 'cancel') {
    item.title = `申请${AMENDMENT_KIND_LABELS[what]}`
    if (what === 'change') {
      item.details.push(`变更后合同金额 ${formatFen(Number(a.contract_amount_fen))}，技术交易额 ${formatFen(Number(a.tech_amount_fen))}`)
    }
    if (a.reason) item.details.push(`原因：${a.reason}`)
    item.tone = 'warning'
    return
  }
  item.who = reviewer
  item.title = what === 'registered' ? `${kind}已登记` : `${kind}申请被驳回`
  if (a.review_comment) item.details.push(`意见：${a.review_comment}`)
  item.tone = what === 'registered' ? 'success' : 'danger'
}

// ---- formatting ----

/** "1.2 MB", "830 KB", "512 字节". */
export function formatFileSize(bytes: number): string {
  const b = Number(bytes) || 0
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)} MB`
  if (b >= 1024) return `${Math.round(b / 1024)} KB`
  return `${b} 字节`
}

const yuanFmt = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** Integer fen as 元 with two decimals: 123456789 → "1,234,567.89 元". */
export function formatYuan(fen: number | null | undefined): string {
  return `${yuanFmt.format((Number(fen) || 0) / 100)} 元`
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖'
const DIGIT_UNITS = ['', '拾', '佰', '仟']
const GROUP_UNITS = ['', '万', '亿', '万亿']

/** 1–9999 in capitals, zeros inside read once (1010 → 壹仟零壹拾). */
function fourDigits(v: number): string {
  let s = ''
  let zero = false
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(v / 10 ** i) % 10
    if (d === 0) {
      if (s) zero = true
      continue
    }
    if (zero) s += '零'
    zero = false
    s += DIGITS[d] + DIGIT_UNITS[i]
  }
  return s
}

function integerWords(n: number): string {
  const groups: number[] = []
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000)
  let out = ''
  let gap = false
  for (let g = groups.length - 1; g >= 0; g--) {
    const v = groups[g]
    if (v === 0) {
      if (out) gap = true
      continue
    }
    if (out && (gap || v < 1000)) out += '零'
    out += fourDigits(v) + GROUP_UNITS[g]
    gap = false
  }
  return out
}

/** An amount in Chinese capitals as written on contracts and cheques: 1234500 fen → 壹万贰仟叁佰肆拾伍元整. */
export function amountInWords(fen: number | null | undefined): string {
  let f = Math.round(Number(fen) || 0)
  const sign = f < 0 ? '负' : ''
  f = Math.abs(f)
  const yuan = Math.floor(f / 100)
  const jiao = Math.floor(f / 10) % 10
  const cents = f % 10
  if (!jiao && !cents) return `${sign}${yuan ? integerWords(yuan) : '零'}元整`
  let s = yuan ? `${integerWords(yuan)}元` : ''
  if (jiao) s += `${DIGITS[jiao]}角`
  else if (yuan) s += '零'
  if (cents) s += `${DIGITS[cents]}分`
  return sign + s
}

/** The contract's part of a certificate, as both the certificate and the public check show it. */
export type CertifiedContract = Pick<
  Certificate,
  'title' | 'type' | 'subtype' | 'field' | 'seller' | 'seller_credit_code' | 'buyer' | 'buyer_credit_code' | 'buyer_place' | 'broker' | 'signed_on' | 'valid_from' | 'valid_to'
>

/**
 * The rows (label, value) naming the contract on its 登记证明: the certificate page and the public
 * check (查验) must say the same, in the same order.
 */
export function certificateRows(x: CertifiedContract, types: ContractTypeOption[] = CONTRACT_TYPES): [string, string][] {
  return [
    ['合同名称', x.title],
    ['合同类型', contractKindLabel(x, types)],
    ['技术领域', x.field],
    ['卖方（技术输出方）', certificateParty(x.seller, x.seller_credit_code)],
    ['买方（技术吸纳方）', certificateParty(x.buyer, x.buyer_credit_code, x.buyer_place)],
    ...(x.broker ? [['中介方', x.broker] as [string, string]] : []),
    ['签订日期', formatDate(x.signed_on)],
    ['有效期', `${formatDate(x.valid_from)} 至 ${formatDate(x.valid_to)}`],
  ]
}

/** A party as the certificate names it: its name, its 统一社会信用代码 and, for a buyer outside the mainland, where. */
export function certificateParty(name: string, creditCode: string, place = ''): string {
  const more = [creditCode && `统一社会信用代码 ${creditCode}`, place].filter(Boolean).join('；')
  return more ? `${name}（${more}）` : name
}
