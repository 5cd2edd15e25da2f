import { describe, expect, it } from 'vitest'
import {
  addYears,
  amountInWords,
  changedFields,
  contractBody,
  contractKindLabel,
  contractSide,
  contractTitleFor,
  contractStep,
  describeAudit,
  emptyContractForm,
  formatFileSize,
  formatYuan,
  formFromContract,
  partyTypeForOrg,
  reviewNote,
  reviewOffered,
  reviewClock,
  subtypesOf,
  todayShanghai,
  type AuditEntry,
  type Contract,
  type Viewer,
  certificateParty,
  certificateRows,
} from './contracts'

function contract(over: Partial<Contract> = {}): Contract {
  return {
    id: 7,
    deal_id: 3,
    title: '石墨烯导热膜制备技术转让合同',
    type: 'transfer',
    subtype: '专利权转让',
    subject: '专利 ZL2023 的转让',
    field: '新材料及其应用',
    seller_org_id: 10,
    seller_name: '闽江理工大学',
    seller_party_type: '高等院校',
    seller_division: '350102',
    buyer_org_id: 20,
    buyer_name: '榕城新材料有限公司',
    buyer_party_type: '有限责任公司',
    buyer_division: '350104',
    broker_org_id: null,
    broker_name: '',
    contract_amount_fen: 120_000_000,
    tech_amount_fen: 100_000_000,
    payment_terms: '一次性支付',
    signed_on: '2026-11-19T16:00:00Z',
    valid_from: '2026-11-19T16:00:00Z',
    valid_to: '2028-11-19T16:00:00Z',
    agency_id: 30,
    file_name: '',
    file_size: 0,
    file_sha256: '',
    status: 'draft',
    seller_confirmed_at: null,
    buyer_confirmed_at: null,
    submitted_at: null,
    disputed: false,
    first_approval_by: null,
    registration_no: null,
    registered_at: null,
    registered_by: null,
    reject_grounds: [],
    review_comment: '',
    created_at: '2026-11-20T01:00:00Z',
    updated_at: '2026-11-20T01:00:00Z',
    waited_working_days: 0,
    deadline_working_days: 15,
    actions: [],
    seller_credit_code: '91350100M000100Y43',
    buyer_credit_code: '',
    buyer_country: '',
    project_source: 'provincial',
    plan_number: '2023H0101',
    ip_kinds: ['专利'],
    socio_economic_objective: '工商业发展',
    expected_investment_fen: 0,
    expected_output_fen: 500_000_000,
    tech_parts: { technology_fen: 100_000_000, consulting_fen: 0, service_fen: 0, training_fen: 0, brokerage_fen: 0, other_fen: 0 },
    ...over,
  }
}

const seller: Viewer = { userId: 1, orgId: 10, role: 'supplier' }
const buyer: Viewer = { userId: 2, orgId: 20, role: 'demander' }
const reviewer: Viewer = { userId: 3, orgId: 30, role: 'reviewer' }

describe('amountInWords', () => {
  it.each([
    [0, '零元整'],
    [100, '壹元整'],
    [1_000, '壹拾元整'],
    [123_456_789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    [120_000_000, '壹佰贰拾万元整'],
    [100_100, '壹仟零壹元整'],
    [101_000, '壹仟零壹拾元整'],
    [1_000_100, '壹万零壹元整'],
    [10_000_000_000, '壹亿元整'],
    [10_001_000_000, '壹亿零壹万元整'],
    [10_010_000_000, '壹亿零壹拾万元整'],
    [10_000_000_100, '壹亿零壹元整'],
    [105, '壹元零伍分'],
    [50, '伍角'],
    [7, '柒分'],
    [-250, '负贰元伍角'],
  ])('%d fen → %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words)
  })
})

describe('money and sizes', () => {
  it('formats 元 with two decimals and file sizes', () => {
    expect(formatYuan(123_456_789)).toBe('1,234,567.89 元')
    expect(formatFileSize(512)).toBe('512 字节')
    expect(formatFileSize(2048)).toBe('2 KB')
    expect(formatFileSize(3 * 1024 * 1024)).toBe('3.0 MB')
  })
})

describe('form', () => {
  it('defaults to today and two years of validity', () => {
    const f = emptyContractForm('2026-11-20')
    expect([f.signed_on, f.valid_from, f.valid_to]).toEqual(['2026-11-20', '2026-11-20', '2028-11-20'])
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28')
    expect(todayShanghai(Date.parse('2026-11-19T17:00:00Z'))).toBe('2026-11-20')
  })

  it('round-trips a contract through the form into the API body in fen', () => {
    const f = formFromContract(contract())
    expect(f.contract_wan).toBe(120)
    expect(f.signed_on).toBe('2026-11-20')
    const body = contractBody({ ...f, title: '  合同  ' })
    expect(body).toMatchObject({
      deal_id: 3,
      title: '合同',
      buyer_org_id: 20,
      contract_amount_fen: 120_000_000,
      tech_amount_fen: 100_000_000,
      signed_on: '2026-11-20',
      valid_to: '2028-11-20',
      agency_id: 30,
      project_source: 'provincial',
      plan_number: '2023H0101',
      ip_kinds: ['专利'],
      // A stated 0 stays stated: a transfer must give it.
      expected_investment_fen: 0,
      expected_output_fen: 500_000_000,
      tech_parts: { technology_fen: 100_000_000, consulting_fen: 0 },
    })
    expect(body).not.toHaveProperty('broker_org_id')
  })

  it('knows subtypes, labels and party types', () => {
    expect(subtypesOf('license')).toEqual(['专利实施许可', '技术秘密使用许可'])
    expect(subtypesOf('nope')).toEqual([])
    expect(contractKindLabel({ type: 'consulting', subtype: '技术咨询' })).toBe('技术咨询')
    expect(contractKindLabel({ type: 'transfer', subtype: '专利权转让' })).toBe('技术转让 · 专利权转让')
    expect(partyTypeForOrg('university')).toBe('高等院校')
    expect(partyTypeForOrg('enterprise')).toBe('')
    expect(contractTitleFor('石墨烯导热膜制备技术')).toBe('石墨烯导热膜制备技术合同')
    expect(contractTitleFor('海水净化装置 ')).toBe('海水净化装置技术合同')
  })
})

describe('who may do what', () => {
  it('tells the sides apart', () => {
    const c = contract()
    expect(contractSide(c, seller)).toBe('seller')
    expect(contractSide(c, buyer)).toBe('buyer')
    expect(contractSide(c, reviewer)).toBe('reviewer')
    expect(contractSide(c, { userId: 9, orgId: 99, role: 'reviewer' })).toBe('none')
    expect(contractSide(c, { userId: 9, orgId: 1, role: 'admin' })).toBe('admin')
  })

  it('offers the review decisions the server lists, in the desk\'s order', () => {
    expect(reviewOffered(contract({ status: 'submitted', actions: ['register', 'return', 'reject'] }))).toEqual(['return', 'reject', 'register'])
    expect(reviewOffered(contract({ actions: ['edit', 'upload', 'confirm'] }))).toEqual([])
  })

  it('explains the second review of 500 万元 or more from the actions', () => {
    const big = contract({ status: 'submitted', tech_amount_fen: 500_000_000 })
    expect(reviewNote({ ...big, actions: ['return', 'reject', 'approve'] })).toContain('复核同意后')
    expect(reviewNote({ ...big, first_approval_by: 3, actions: ['return', 'reject'] })).toContain('另一名审查员')
    expect(reviewNote({ ...big, first_approval_by: 3, actions: ['return', 'reject', 'register'] })).toBe('已有审查员复核同意，可以登记')
    expect(reviewNote({ ...big, first_approval_by: 3, actions: [] })).toBe('')
    expect(reviewNote(contract({ status: 'submitted', actions: ['return', 'reject', 'register'] }))).toBe('')
  })

  it('reads the review clock', () => {
    expect(reviewClock(contract({ status: 'submitted', waited_working_days: 3 }))).toMatchObject({ level: 'ok', left: 12 })
    expect(reviewClock(contract({ status: 'submitted', waited_working_days: 13 })).level).toBe('warning')
    const late = reviewClock(contract({ status: 'submitted', waited_working_days: 17 }))
    expect(late.level).toBe('overdue')
    expect(late.text).toBe('已等待 17 / 15 个工作日，已超期 2 个工作日')
  })

  it('places the contract on the steps', () => {
    expect(contractStep(contract())).toEqual({ active: 1, status: 'process' })
    expect(contractStep(contract({ status: 'needs_correction' }))).toEqual({ active: 3, status: 'error' })
    expect(contractStep(contract({ status: 'registered' }))).toEqual({ active: 5, status: 'success' })
  })
})

describe('timeline', () => {
  const entry = (action: string, before: object | null, after: object, actor = 1): AuditEntry => ({
    id: 1,
    actor_id: actor,
    action,
    entity: 'contract',
    entity_id: 7,
    before: before ? JSON.stringify(before) : '',
    after: JSON.stringify(after),
    created_at: '2026-11-20T02:03:00Z',
    actor_name: '',
    actor_org: '',
  })

  it('lists what an edit changed', () => {
    const before = contract({ status: 'needs_correction' })
    const after = { ...before, tech_amount_fen: 90_000_000, buyer_division: '350103', ip_kinds: ['专利', '技术秘密'], plan_number: '2023H0102' }
    expect(changedFields(before as never, after as never, (c) => (c === '350103' ? '台江区' : c))).toEqual([
      '买方所在地：350104 → 台江区',
      '技术交易额：100 万元 → 90 万元',
      '计划编号：2023H0101 → 2023H0102',
      '知识产权：专利 → 专利、技术秘密',
    ])
  })

  it('describes each action in Chinese', () => {
    const c = contract()
    const buyerConfirm = describeAudit(entry('contract.confirm', c, { ...c, buyer_confirmed_at: 'x', status: 'confirmed' }))
    expect(buyerConfirm).toMatchObject({ who: '买方', title: '买方确认合同', at: '2026-11-20 10:03' })
    expect(buyerConfirm.details).toEqual(['双方均已确认，可以提交登记'])
    const ret = describeAudit(entry('contract.return', c, { ...c, review_comment: '请补充盖章页' }, 5))
    expect(ret).toMatchObject({ title: '退回补正', tone: 'warning', details: ['补正要求：请补充盖章页'] })
    expect(ret.who).toContain('审查员')
    const reg = describeAudit(entry('contract.register', c, { ...c, registration_no: '2026350102000001' }))
    expect(reg.details).toEqual(['登记编号 2026350102000001'])
    const rej = describeAudit(entry('contract.reject', c, { ...c, reject_grounds: ['unclear_terms'], review_comment: '价款不明' }))
    expect(rej.details).toEqual(['理由：当事人、标的或价款不明确', '说明：价款不明'])
    const file = describeAudit(entry('contract.file', c, { ...c, file_name: 'a.pdf', file_size: 2048 }))
    expect(file).toMatchObject({ title: '上传合同文本', details: ['a.pdf（2 KB）'] })
    const amend = describeAudit(entry('contract.amendment.cancel', null, { kind: 'cancel', reason: '双方协议解除' }))
    expect(amend).toMatchObject({ title: '申请注销登记', details: ['原因：双方协议解除'] })
    const amendDone = describeAudit(entry('contract.amendment.registered', null, { kind: 'change', review_comment: '' }))
    expect(amendDone.title).toBe('变更登记已登记')
  })

  it('names who acted when the API says', () => {
    const c = contract()
    const named = { ...entry('contract.confirm', c, { ...c, buyer_confirmed_at: 'x' }), actor_name: '林晓红', actor_org: '福耀玻璃' }
    expect(describeAudit(named).who).toBe('买方 · 林晓红（福耀玻璃）')
    const reg = { ...entry('contract.register', c, { ...c, registration_no: '2026350102000001' }, 5), actor_name: '王审查', actor_org: '福州市技术合同登记站' }
    expect(describeAudit(reg).who).toBe('登记机构审查员 · 王审查（福州市技术合同登记站）')
    expect(describeAudit(entry('contract.register', c, c, 5)).who).toBe('登记机构审查员（用户 5）')
  })
})

describe('certificateRows', () => {
  const x = {
    title: '玻璃镀膜技术许可',
    type: 'license',
    subtype: '',
    field: '新材料',
    seller: '福州大学',
    seller_credit_code: '12350000488000000X',
    buyer: '福耀玻璃',
    buyer_credit_code: '',
    buyer_place: '',
    broker: '',
    signed_on: '2026-03-01',
    valid_from: '2026-03-01',
    valid_to: '2027-02-28',
  }
  it('names the contract in the certificate order, with the broker only when there is one', () => {
    const rows = certificateRows(x)
    expect(rows.map(([k]) => k)).toEqual(['合同名称', '合同类型', '技术领域', '卖方（技术输出方）', '买方（技术吸纳方）', '签订日期', '有效期'])
    expect(rows[3][1]).toBe('福州大学（统一社会信用代码 12350000488000000X）')
    expect(rows[6][1]).toBe('2026-03-01 至 2027-02-28')
    expect(certificateRows({ ...x, broker: '福州技术经纪公司' })[5]).toEqual(['中介方', '福州技术经纪公司'])
  })
})

describe('certificateParty', () => {
  it('names a party with its credit code and, abroad, where it is', () => {
    expect(certificateParty('福州大学', '12350000488000000X')).toBe('福州大学（统一社会信用代码 12350000488000000X）')
    expect(certificateParty('Acme GmbH', '', '境外：德国')).toBe('Acme GmbH（境外：德国）')
    expect(certificateParty('张三', '')).toBe('张三')
  })
})
