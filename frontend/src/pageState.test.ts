import { describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { ApiError } from './api'
import { confirmed, eventFormRules, showRefusal, useBusy, useDetail, useDialogForm, useFormSubmit, useSave } from './pageState'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('useDetail', () => {
  it('shows the newest load, however late an older answer comes', async () => {
    const answers: Array<(v: string) => void> = []
    const d = useDetail(() => new Promise<string>((resolve) => answers.push(resolve)))
    void d.load()
    answers[1]('鼓楼区')
    await flush()
    expect(d.data.value).toBe('鼓楼区')
    expect(d.loading.value).toBe(false)
    answers[0]('全市场')
    await flush()
    expect(d.data.value).toBe('鼓楼区')
  })

  it('loads at once and tells not found from other failures', async () => {
    const onLoaded = vi.fn()
    const ok = useDetail(async () => ({ id: 1 }), onLoaded)
    expect(ok.loading.value).toBe(true)
    await flush()
    expect(ok.data.value).toEqual({ id: 1 })
    expect(onLoaded).toHaveBeenCalledWith({ id: 1 })
    expect(ok.loading.value).toBe(false)

    const gone = useDetail(async () => {
      throw new ApiError(404, 'notice_not_found', '公示不存在')
    })
    await flush()
    expect(gone.notFound.value).toBe(true)
    expect(gone.loadError.value).toBe('')

    const broken = useDetail(async () => {
      throw new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试')
    })
    await flush()
    expect(broken.notFound.value).toBe(false)
    expect(broken.loadError.value).toBe('网络连接失败，请检查网络后重试')
  })
})

describe('useFormSubmit', () => {
  it('sends only when valid, and puts the API field messages on the fields', async () => {
    const validate = vi.fn(async () => true)
    const formRef = ref({ validate } as never)
    const errors: Record<string, string> = { title: '' }
    const send = vi.fn(async () => {
      throw new ApiError(422, 'invalid_input', '输入有误', { title: '标题至少 4 个字符' })
    })
    let allowed = false
    const { saving, submit } = useFormSubmit(formRef, errors, send, () => allowed)
    await submit()
    expect(send).not.toHaveBeenCalled()
    allowed = true
    await submit()
    expect(send).toHaveBeenCalledTimes(1)
    expect(errors.title).toBe('标题至少 4 个字符')
    expect(saving.value).toBe(false)
  })

  it('hands a refusal without field messages to refused, after clearing the old ones', async () => {
    const formRef = ref({ validate: async () => true } as never)
    const errors: Record<string, string> = { title: '标题至少 4 个字符' }
    const refused = vi.fn()
    const gone = new ApiError(409, 'listing_changed', '条目已被修改')
    const { submit } = useFormSubmit(formRef, errors, async () => Promise.reject(gone), undefined, refused)
    await submit()
    expect(refused).toHaveBeenCalledWith(gone)
    expect(errors.title).toBe('')
  })
})

describe('useSave', () => {
  it('passes its arguments on, is saving while it runs, and shows a refusal without field messages', async () => {
    const { ElMessage } = await import('element-plus')
    const shown = vi.spyOn(ElMessage, 'error').mockImplementation((() => {}) as never)
    const errors: Record<string, string> = { title: '标题至少 4 个字符' }
    let during = false
    const { saving, save } = useSave(
      errors,
      async (publish: boolean) => {
        during = saving.value
        if (publish) throw new TypeError('')
      },
      showRefusal('保存失败，请稍后再试'),
    )
    await save(false)
    expect(during).toBe(true)
    expect(errors.title).toBe('')
    expect(shown).not.toHaveBeenCalled()
    await save(true)
    expect(shown).toHaveBeenCalledWith('保存失败，请稍后再试')
    expect(saving.value).toBe(false)
    shown.mockRestore()
  })
})

describe('useDialogForm', () => {
  it('starts fresh on opening, closes only once sent, and keeps field messages open', async () => {
    const visible = ref(false)
    const errors: Record<string, string> = { reason: '' }
    const form = { reason: 'old' }
    let fail: ApiError | null = new ApiError(422, 'invalid_input', '输入有误', { reason: '请填写驳回理由' })
    const done = vi.fn()
    const refused = vi.fn()
    let allowed = false
    const { ElMessage } = await import('element-plus')
    const told = vi.spyOn(ElMessage, 'success').mockImplementation((() => {}) as never)
    const dialog = useDialogForm(visible, errors, {
      said: () => '已驳回',
      reset: () => (form.reason = ''),
      check: () => allowed,
      send: async () => {
        if (fail) throw fail
        return 7
      },
      done,
      refused,
    })

    errors.reason = 'stale'
    visible.value = true
    await nextTick()
    expect(form.reason).toBe('')
    expect(errors.reason).toBe('')

    await dialog.confirm() // the page's own check says no: nothing is sent
    expect(done).not.toHaveBeenCalled()
    expect(errors.reason).toBe('')

    allowed = true
    await dialog.confirm()
    expect(errors.reason).toBe('请填写驳回理由')
    expect(visible.value).toBe(true)
    expect(refused).not.toHaveBeenCalled()

    fail = new ApiError(409, 'already_decided', '已处理')
    await dialog.confirm()
    expect(refused).toHaveBeenCalledWith(fail)
    expect(visible.value).toBe(true)

    expect(told).not.toHaveBeenCalled()

    fail = null
    await dialog.confirm()
    expect(visible.value).toBe(false)
    expect(done).toHaveBeenCalledWith(7)
    expect(told).toHaveBeenCalledWith('已驳回')
    expect(dialog.busy.value).toBe(false)
    told.mockRestore()
  })
})

it('asks for the start only when it is not optional', () => {
  expect(Object.keys(eventFormRules('拍卖标题', { startOptional: true }))).toEqual(['title', 'ends'])
  expect(Object.keys(eventFormRules('路演标题'))).toEqual(['title', 'starts', 'ends'])
})

describe('confirmed', () => {
  it('is true when the user confirms and false when they cancel, asking with 取消 and the act', async () => {
    const { ElMessageBox } = await import('element-plus')
    const box = vi.spyOn(ElMessageBox, 'confirm')
    box.mockResolvedValueOnce('confirm' as never)
    expect(await confirmed('撤回挂牌？', '确认撤牌', '撤牌')).toBe(true)
    expect(box).toHaveBeenLastCalledWith('撤回挂牌？', '确认撤牌', {
      confirmButtonText: '撤牌',
      cancelButtonText: '取消',
      type: 'warning',
    })
    box.mockRejectedValueOnce('cancel')
    expect(await confirmed('确认通过？', '审核通过', '通过', 'info')).toBe(false)
    expect(box).toHaveBeenLastCalledWith('确认通过？', '审核通过', { confirmButtonText: '通过', cancelButtonText: '取消', type: 'info' })
    box.mockRestore()
  })
})

describe('useBusy', () => {
  it('marks what is busy while the act runs, tells the user on success, and says whether it succeeded', async () => {
    const { ElMessage } = await import('element-plus')
    const told = vi.spyOn(ElMessage, 'success').mockImplementation((() => {}) as never)
    const { busy, run } = useBusy(0)
    let during = -1
    expect(
      await run(7, async () => {
        during = busy.value
        return '已撤牌'
      }),
    ).toBe(true)
    expect(during).toBe(7)
    expect(busy.value).toBe(0)
    expect(told).toHaveBeenCalledWith('已撤牌')
    told.mockClear()
    expect(await run(8, async () => Promise.reject(new ApiError(409, 'offer_closed', '该挂牌项目已结束')))).toBe(false)
    expect(busy.value).toBe(0)
    expect(told).not.toHaveBeenCalled()
    told.mockRestore()
  })
})
