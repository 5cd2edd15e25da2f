import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import {
  approverOf,
  formatBytes,
  hasEvidence,
  licenceProblem,
  memberButtons,
  membershipActive,
  membershipStatusLabel,
  normaliseCreditCode,
  useMemberAct,
  waitingState,
} from './membership'
import { useAuthStore } from './stores/auth'

describe('membership labels and buttons', () => {
  it('names every status in Chinese', () => {
    expect(['pending', 'active', 'suspended', 'refused'].map(membershipStatusLabel)).toEqual(['待审核', '正常', '已暂停', '已拒绝'])
  })

  it('shows the buttons the server lists, in its order, and nothing else', () => {
    expect(memberButtons(['approve', 'refuse']).map((b) => b.label)).toEqual(['批准', '拒绝'])
    expect(memberButtons(['suspend', 'make_admin']).map((b) => b.path)).toEqual(['suspend', 'make-admin'])
    expect(memberButtons(['delete_everything', 'reinstate'])).toHaveLength(1)
    expect(memberButtons(null)).toEqual([])
    expect(memberButtons(['approve'])[0].done('陈晓明')).toBe('已批准「陈晓明」加入')
  })

  it('has a market admin approve agencies and bureaus, the organisation admin everyone else', () => {
    expect(approverOf('agency')).toBe('市场管理员')
    expect(approverOf('bureau')).toBe('市场管理员')
    expect(approverOf('university')).toBe('机构管理员')
    expect(approverOf('enterprise')).toBe('机构管理员')
  })
})

describe('the waiting page', () => {
  const fzu = { name: '福州大学', type: 'university' as const }

  it('says who approves a pending request', () => {
    const s = waitingState({ status: 'pending' }, fzu)
    expect(s.tone).toBe('warning')
    expect(s.title).toBe('您加入「福州大学」的申请正在等待审核')
    expect(s.detail).toContain('「福州大学」的机构管理员')
    expect(waitingState({ status: 'pending' }, { name: '福州市技术合同登记站', type: 'agency' }).detail).toContain('市场管理员')
  })

  it('tells suspended and refused members apart', () => {
    expect(waitingState({ status: 'suspended' }, fzu).title).toContain('已被暂停')
    expect(waitingState({ status: 'refused' }, fzu).title).toContain('未获批准')
    expect(waitingState({ status: 'active' }, fzu).tone).toBe('success')
  })

  it('counts only an active membership (or none sent) as acting for the organisation', () => {
    expect(membershipActive({ status: 'active' })).toBe(true)
    expect(membershipActive(null)).toBe(true)
    expect(membershipActive({ status: 'pending' })).toBe(false)
    expect(membershipActive({ status: 'suspended' })).toBe(false)
  })
})

describe('verification evidence', () => {
  it('takes PDF, PNG and JPEG licences up to 5 MB', () => {
    expect(licenceProblem({ name: '营业执照.pdf', size: 1000 })).toBe('')
    expect(licenceProblem({ name: 'scan.JPG', size: 1000 })).toBe('')
    expect(licenceProblem({ name: 'scan', size: 1000, type: 'image/png' })).toBe('')
    expect(licenceProblem({ name: '执照.docx', size: 1000 })).toBe('只接受 PDF、PNG 或 JPEG 文件')
    expect(licenceProblem({ name: '执照.pdf', size: 5 * 1024 * 1024 + 1 })).toBe('文件不能超过 5 MB')
    expect(licenceProblem(null)).toContain('请上传')
  })

  it('reads a credit code as the server does', () => {
    expect(normaliseCreditCode(' 91350100 m000100y43 ')).toBe('91350100M000100Y43')
  })

  it('knows when the evidence is complete and shows sizes in KB and MB', () => {
    expect(hasEvidence({ credit_code: '91350100M000100Y43', legal_rep: '张三', licence_name: 'a.pdf' })).toBe(true)
    expect(hasEvidence({ credit_code: '91350100M000100Y43', legal_rep: '', licence_name: 'a.pdf' })).toBe(false)
    expect(formatBytes(812 * 1024)).toBe('812 KB')
    expect(formatBytes(1.4 * 1024 * 1024)).toBe('1.4 MB')
  })
})

describe('the session of a member still waiting', () => {
  beforeEach(() => setActivePinia(createPinia()))
  const user = { id: 9, username: 'li', name: '李四', role: 'supplier', org_id: 3 }
  const org = { id: 3, name: '福州大学', type: 'university', status: 'verified', actions: [] }
  const membership = (status: string, org_role = 'member') => ({ id: 5, user_id: 9, org_id: 3, org_role, status })

  it('holds no role, no verification and no organisation actions until approved', () => {
    const auth = useAuthStore()
    auth.setSession({ user, org, membership: membership('pending') } as never)
    expect(auth.memberActive).toBe(false)
    expect(auth.role).toBeNull()
    expect(auth.hasRole('supplier')).toBe(false)
    expect(auth.orgVerified).toBe(false)
    expect(auth.orgActions).toEqual([])

    auth.setSession({ user, org: { ...org, actions: ['manage_members'] }, membership: membership('active', 'admin') } as never)
    expect(auth.memberActive).toBe(true)
    expect(auth.hasRole('supplier')).toBe(true)
    expect(auth.orgVerified).toBe(true)
    expect(auth.orgActions).toEqual(['manage_members'])
  })
})

describe('useMemberAct', () => {
  it('opens the dialog on the member and the act a button chose', () => {
    const { dialogOpen, target, action, act } = useMemberAct()
    expect(dialogOpen.value).toBe(false)
    const m = { id: 7, name: '林晓红' } as never
    act(m, 'approve')
    expect([dialogOpen.value, target.value, action.value]).toEqual([true, m, 'approve'])
  })
})
