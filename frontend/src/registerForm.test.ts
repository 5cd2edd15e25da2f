import { describe, expect, it } from 'vitest'
import { creditCodeError, emptyRegisterForm, registerFormBody, registerFormErrors, type RegisterFormContext } from './registerForm'

const ctx: RegisterFormContext = {
  type: 'transfer',
  tech_wan: 10,
  buyer_division: '350104',
  buyer_party_type: '有限责任公司',
  buyer_linked: false,
  natural_person_types: ['个体经营', '自然人'],
}

describe('the 登记表 fields', () => {
  it('checks a credit code by its GB 32100 check character', () => {
    expect(creditCodeError('91350100M000100Y43')).toBe('')
    expect(creditCodeError('91350100m000100y43 ')).toBe('')
    expect(creditCodeError('91350100M000100Y44')).toContain('校验位')
    expect(creditCodeError('91350100M000100Y4')).toContain('18 位')
    expect(creditCodeError('9135010OM000100Y43')).toContain('大写字母')
  })

  it('asks what the server asks, under the same fields', () => {
    const f = emptyRegisterForm()
    expect(Object.keys(registerFormErrors(f, ctx)).sort()).toEqual(
      ['buyer_credit_code', 'expected_investment_fen', 'expected_output_fen', 'socio_economic_objective'].sort(),
    )
    // A buyer of the market gives its verified code; a natural person, abroad or in 港澳台 none.
    expect(registerFormErrors(f, { ...ctx, buyer_linked: true })).not.toHaveProperty('buyer_credit_code')
    expect(registerFormErrors(f, { ...ctx, buyer_party_type: '自然人' })).not.toHaveProperty('buyer_credit_code')
    const abroad = registerFormErrors(f, { ...ctx, buyer_division: '800000' })
    expect(abroad).not.toHaveProperty('buyer_credit_code')
    expect(abroad.buyer_country).toContain('国家')
    expect(registerFormErrors(f, { ...ctx, type: 'consulting' })).not.toHaveProperty('expected_investment_fen')

    const filled = { ...f, buyer_credit_code: '91350100M000100Y43', socio_economic_objective: '工商业发展', expected_investment_wan: 0, expected_output_wan: 30 }
    expect(registerFormErrors(filled, ctx)).toEqual({})
    expect(registerFormErrors({ ...filled, project_source: 'national' }, ctx).plan_number).toBeTruthy()
    const parts = { ...filled.tech_parts_wan, technology_fen: 6, service_fen: 3 }
    expect(registerFormErrors({ ...filled, tech_parts_wan: parts }, ctx).tech_parts).toContain('之和')
    expect(registerFormErrors({ ...filled, tech_parts_wan: { ...parts, service_fen: 4 } }, ctx)).toEqual({})
  })

  it('sends amounts in fen and no plan number outside a plan', () => {
    const body = registerFormBody({ ...emptyRegisterForm(), plan_number: '2023H01', expected_output_wan: 1.5 })
    expect(body.plan_number).toBe('')
    expect(body.expected_output_fen).toBe(1_500_000)
    expect(body).not.toHaveProperty('expected_investment_fen')
  })
})
