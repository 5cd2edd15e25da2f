// Password length as the server counts it: in characters (code points), not
// bytes or UTF-16 units, so 8 Chinese characters are a valid password.

import type { FormItemRule } from 'element-plus'

export const MIN_PASSWORD_CHARS = 8
export const MAX_PASSWORD_CHARS = 128

/** The Chinese message for a password of the wrong length, or null. */
export function passwordLengthError(pw: string): string | null {
  const n = [...pw].length
  if (n < MIN_PASSWORD_CHARS) return `密码至少 ${MIN_PASSWORD_CHARS} 个字符`
  if (n > MAX_PASSWORD_CHARS) return `密码不能超过 ${MAX_PASSWORD_CHARS} 个字符`
  return null
}

/** A form rule for a new password's length (emptiness is the `required` rule's to report). */
export const passwordLengthRule: FormItemRule = {
  validator: (_rule, value: string, cb) => {
    const err = value ? passwordLengthError(value) : null
    if (err) cb(new Error(err))
    else cb()
  },
  trigger: 'blur',
}

/**
 * A form rule for typing the new password again: it must be there (emptyMessage) and match
 * password(), checked as it is typed.
 */
export function confirmPasswordRule(password: () => string, emptyMessage: string): FormItemRule {
  return {
    validator: (_rule, value: string, cb) => {
      if (!value) cb(new Error(emptyMessage))
      else if (value !== password()) cb(new Error('两次输入的密码不一致'))
      else cb()
    },
    trigger: ['blur', 'change'],
  }
}
