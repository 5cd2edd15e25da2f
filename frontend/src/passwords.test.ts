import { describe, expect, it } from 'vitest'
import { confirmPasswordRule, passwordLengthError } from './passwords'

describe('password length', () => {
  it('counts characters, not bytes or UTF-16 units', () => {
    expect(passwordLengthError('密码密码密码密码')).toBeNull()
    expect(passwordLengthError('密码密码密码密')).toBe('密码至少 8 个字符')
    expect(passwordLengthError('Abc-1234')).toBeNull()
    // Seven emoji are 14 UTF-16 units but seven characters.
    expect(passwordLengthError('😀'.repeat(7))).toBe('密码至少 8 个字符')
    expect(passwordLengthError('码'.repeat(128))).toBeNull()
    expect(passwordLengthError('p'.repeat(129))).toBe('密码不能超过 128 个字符')
  })
})

describe('typing the new password again', () => {
  // What the rule's validator says about value: the message, or '' when it passes.
  function said(typed: string, value: string): string {
    const rule = confirmPasswordRule(() => typed, '请再次输入新密码')
    let out = 'not called'
    rule.validator!(rule, value, (e?: string | Error) => (out = e instanceof Error ? e.message : ''), {}, {})
    return out
  }
  it('asks for it, then wants the same password as typed now', () => {
    expect(said('Abc-1234', '')).toBe('请再次输入新密码')
    expect(said('Abc-1234', 'Abc-12345')).toBe('两次输入的密码不一致')
    expect(said('Abc-1234', 'Abc-1234')).toBe('')
  })
})
