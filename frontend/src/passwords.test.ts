import { describe, expect, it } from 'vitest'
import { passwordLengthError } from './passwords'

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
