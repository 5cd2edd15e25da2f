import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { ApiError } from './api'
import { eventFormRules, useDetail, useFormSubmit } from './pageState'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('useDetail', () => {
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
})

it('asks for the start only when it is not optional', () => {
  expect(Object.keys(eventFormRules('拍卖标题', { startOptional: true }))).toEqual(['title', 'ends'])
  expect(Object.keys(eventFormRules('路演标题'))).toEqual(['title', 'starts', 'ends'])
})
