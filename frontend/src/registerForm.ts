// The 技术合同登记表's part of a contract: the parties' 统一社会信用代码 (checked by the GB 32100 check
// character), a buyer in 港澳台 (7100) or abroad (境外 8000, with its country), the project's source and
// plan number, the intellectual property involved, the socio-economic objective, what a transfer is
// expected to bring, and what the technology transaction amount is made of. The server checks all of
// it again; these checks only say it sooner, under the same fields.

import { fenToWan, wanToFen } from './format'
import type { components } from './api/schema'

type S = components['schemas']

export type RegisterFormChoices = S['RegisterFormEnums']
export type TechParts = S['TechParts']

/** What the form shows before GET /meta/enums answers: nothing to choose from yet. */
export const NO_REGISTER_FORM_CHOICES: RegisterFormChoices = {
  abroad_regions: [],
  countries: [],
  natural_person_types: [],
  project_sources: [],
  ip_kinds: [],
  socio_economic_objectives: [],
  tech_parts: [],
}

export const DIVISION_HK_MACAO_TAIWAN = '710000'
export const DIVISION_ABROAD = '800000'

export type TechPartKey = keyof TechParts

/** The 登记表 fields as people fill them: amounts in 万元. */
export interface RegisterFormFields {
  seller_credit_code: string
  buyer_credit_code: string
  buyer_country: string
  project_source: string
  plan_number: string
  ip_kinds: string[]
  socio_economic_objective: string
  expected_investment_wan: number | null
  expected_output_wan: number | null
  tech_parts_wan: Record<TechPartKey, number | null>
}

const PART_KEYS: TechPartKey[] = ['technology_fen', 'consulting_fen', 'service_fen', 'training_fen', 'brokerage_fen', 'other_fen']

export function emptyRegisterForm(): RegisterFormFields {
  return {
    seller_credit_code: '',
    buyer_credit_code: '',
    buyer_country: '',
    project_source: 'none',
    plan_number: '',
    ip_kinds: [],
    socio_economic_objective: '',
    expected_investment_wan: null,
    expected_output_wan: null,
    tech_parts_wan: Object.fromEntries(PART_KEYS.map((k) => [k, null])) as Record<TechPartKey, number | null>,
  }
}

/** The fields of a saved contract. */
export function registerFormFrom(c: S['Contract']): RegisterFormFields {
  // 0 is a stated amount (a transfer expecting no new investment), not an empty field.
  const wan = (fen: number | null | undefined) => (fen == null ? null : (fenToWan(fen) ?? 0))
  return {
    seller_credit_code: c.seller_credit_code,
    buyer_credit_code: c.buyer_credit_code,
    buyer_country: c.buyer_country,
    project_source: c.project_source || 'none',
    plan_number: c.plan_number,
    ip_kinds: [...(c.ip_kinds ?? [])],
    socio_economic_objective: c.socio_economic_objective,
    expected_investment_wan: wan(c.expected_investment_fen),
    expected_output_wan: wan(c.expected_output_fen),
    tech_parts_wan: Object.fromEntries(PART_KEYS.map((k) => [k, c.tech_parts[k] ? fenToWan(c.tech_parts[k]) : null])) as Record<
      TechPartKey,
      number | null
    >,
  }
}

/** The 登记表 part of the contract's body; no parts given leaves the breakdown to the contract's type. */
export function registerFormBody(f: RegisterFormFields): Record<string, unknown> {
  const body: Record<string, unknown> = {
    seller_credit_code: f.seller_credit_code.trim().toUpperCase(),
    buyer_credit_code: f.buyer_credit_code.trim().toUpperCase(),
    buyer_country: f.buyer_country,
    project_source: f.project_source,
    plan_number: f.project_source === 'none' ? '' : f.plan_number.trim(),
    ip_kinds: f.ip_kinds,
    socio_economic_objective: f.socio_economic_objective,
    tech_parts: Object.fromEntries(PART_KEYS.map((k) => [k, wanToFen(f.tech_parts_wan[k])])),
  }
  if (f.expected_investment_wan != null) body.expected_investment_fen = wanToFen(f.expected_investment_wan)
  if (f.expected_output_wan != null) body.expected_output_fen = wanToFen(f.expected_output_wan)
  return body
}

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** What is wrong with a 统一社会信用代码 (GB 32100), or '' when it is well formed. */
export function creditCodeError(raw: string): string {
  const code = raw.trim().toUpperCase()
  if (code.length !== 18) return '统一社会信用代码应为 18 位'
  if ([...code].some((c) => !CODE_CHARS.includes(c))) return '统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）'
  if (!/^\d{6}$/.test(code.slice(2, 8))) return '统一社会信用代码第 3–8 位应为行政区划代码'
  const sum = CODE_WEIGHTS.reduce((s, w, i) => s + CODE_CHARS.indexOf(code[i]) * w, 0)
  return CODE_CHARS[(31 - (sum % 31)) % 31] === code[17] ? '' : '统一社会信用代码校验位不正确，请核对'
}

export function offMainland(division: string): boolean {
  return division === DIVISION_HK_MACAO_TAIWAN || division === DIVISION_ABROAD
}

/** What the rest of the contract form says that the 登记表 checks depend on. */
export interface RegisterFormContext {
  type: string
  tech_wan: number | null
  buyer_division: string
  buyer_party_type: string
  /** The buyer is an organisation of the market (its verified code is used when none is typed). */
  buyer_linked: boolean
  natural_person_types: string[]
}

/** Whether the buyer has a credit code to give: not abroad, not a natural person. */
export function buyerHasCreditCode(ctx: RegisterFormContext): boolean {
  return !offMainland(ctx.buyer_division) && !ctx.natural_person_types.includes(ctx.buyer_party_type)
}

/** The field messages of the 登记表 part, as the server would give them (keys are the API's). */
export function registerFormErrors(f: RegisterFormFields, ctx: RegisterFormContext): Record<string, string> {
  const out: Record<string, string> = {}
  if (f.seller_credit_code.trim()) {
    const e = creditCodeError(f.seller_credit_code)
    if (e) out.seller_credit_code = `卖方${e}`
  }
  if (buyerHasCreditCode(ctx)) {
    if (f.buyer_credit_code.trim()) {
      const e = creditCodeError(f.buyer_credit_code)
      if (e) out.buyer_credit_code = `买方${e}`
    } else if (!ctx.buyer_linked) out.buyer_credit_code = '请填写买方的统一社会信用代码'
  }
  if (ctx.buyer_division === DIVISION_ABROAD && !f.buyer_country) out.buyer_country = '买方在境外的，请选择国家或地区'
  if (f.project_source !== 'none' && !f.plan_number.trim()) out.plan_number = '来自科技计划的项目请填写计划编号'
  if (!f.socio_economic_objective) out.socio_economic_objective = '请选择社会经济目标'
  if (ctx.type === 'transfer') {
    if (f.expected_investment_wan == null) out.expected_investment_fen = '技术转让合同须填写预计新增投资（可为 0）'
    if (f.expected_output_wan == null) out.expected_output_fen = '技术转让合同须填写预计新增产值（可为 0）'
  }
  const parts = PART_KEYS.map((k) => wanToFen(f.tech_parts_wan[k]))
  const tech = wanToFen(ctx.tech_wan)
  if (parts.some((p) => p > 0) && parts.reduce((a, b) => a + b, 0) !== tech) out.tech_parts = '技术交易额构成各项之和应等于技术交易额'
  return out
}

/** "7100 港澳台" for the 登记表's regions beyond the divisions; the division's name otherwise. */
export function divisionLabel(code: string, choices: RegisterFormChoices, regionName: (c: string) => string): string {
  return choices.abroad_regions.find((r) => r.code === code)?.name ?? regionName(code)
}
