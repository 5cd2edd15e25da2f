// What a user says about themself, as registering and 我的账户 both ask it: the limits are the
// server's (models: name 1–50, phone up to 20, email up to 100 characters).

import type { FormRules } from 'element-plus'

/** The client rules for name, phone and email. */
export const contactRules: FormRules = {
  name: [
    { required: true, message: '请输入姓名', trigger: 'blur' },
    { max: 50, message: '姓名不能超过 50 个字符', trigger: 'blur' },
  ],
  phone: [{ max: 20, message: '电话不能超过 20 个字符', trigger: 'blur' }],
  email: [
    { type: 'email', message: '请输入正确的电子邮箱', trigger: 'blur' },
    { max: 100, message: '邮箱不能超过 100 个字符', trigger: 'blur' },
  ],
}
