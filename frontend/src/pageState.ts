// What the list and detail pages share: a paginated list filtered by one tab or by several filters
// kept in the query string (?status=accepted, ?phase=ended, with defaults left out), one resource
// loaded by id with its loading, not-found and error states, and submitting a form (on a page or
// in a dialog) with the API's field messages.

import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { ElMessage, ElMessageBox, type FormInstance, type FormRules } from 'element-plus'
import { ApiError, applyFieldErrors, errorMessage } from './api'
import { usePagedList, type PagedList } from './composables'
import { pageFromQuery, queryOneOf, withPage } from './query'
import type { Page } from './types'

export interface TabbedList<T, S extends string> {
  tab: ComputedRef<S>
  list: PagedList<T>
  /** Changes the tab: a new URL, then its first page. */
  setTab: (s: S) => Promise<void>
}

/**
 * A paginated list under tabs (the query parameter param, one of tabs, def when absent); fetchPage
 * gets the tab. Loads the first time at once.
 */
export function useTabbedList<T, S extends string>(
  param: string,
  tabs: readonly S[],
  fetchPage: (tab: S, page: number, size: number) => Promise<Page<T>>,
  { def = tabs[0], onLoaded }: { def?: S; onLoaded?: (items: T[]) => void } = {},
): TabbedList<T, S> {
  const route = useRoute()
  const router = useRouter()
  const tab = computed<S>(() => queryOneOf(route.query[param], tabs, def))

  const list = usePagedList<T>((page, size) => fetchPage(tab.value, page, size), {
    ...pageFromQuery(route.query),
    onLoaded: (items) => {
      onLoaded?.(items)
      void syncQuery(tab.value)
    },
  })

  function syncQuery(s: S) {
    const query: Record<string, string> = s === def ? {} : { [param]: s }
    return router.replace({ query: withPage(query, list.page.value, list.size.value) }).catch(() => {})
  }

  async function setTab(s: S) {
    list.page.value = 1
    await syncQuery(s)
    await list.load()
  }

  void list.load()
  return { tab, list, setTab }
}

/**
 * A paginated list under filters kept in the query string (?status=verified&q=…): filters is the
 * page's reactive record, read from the URL by the page; each load writes it back with the page,
 * search text trimmed, leaving out what is empty or at its default. Loads the first time at once.
 */
export function useListPage<T, F extends Record<string, string>>(
  filters: F,
  defaults: Partial<F>,
  fetchPage: (page: number, size: number) => Promise<Page<T>>,
  { onLoaded }: { onLoaded?: (items: T[]) => void } = {},
): PagedList<T> {
  const route = useRoute()
  const router = useRouter()
  const list = usePagedList<T>(fetchPage, {
    ...pageFromQuery(route.query),
    onLoaded: (items) => {
      onLoaded?.(items)
      syncQuery()
    },
  })

  function syncQuery() {
    const query: Record<string, string> = {}
    for (const [k, v] of Object.entries(filters)) {
      const t = v.trim()
      if (t && t !== (defaults[k] ?? '')) query[k] = t
    }
    router.replace({ query: withPage(query, list.page.value, list.size.value) }).catch(() => {})
  }

  void list.load()
  return list
}

export interface Detail<T> {
  data: Ref<T | null>
  loading: Ref<boolean>
  notFound: Ref<boolean>
  loadError: Ref<string>
  /** Loads (again); a failure keeps what was shown before only when it is a reload. */
  load: () => Promise<void>
}

/** One resource by id (fetch with { silent: true }): a 404 is "not found", anything else an error. */
export function useDetail<T>(fetch: () => Promise<T>, onLoaded?: (data: T) => void): Detail<T> {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(true)
  const notFound = ref(false)
  const loadError = ref('')

  // Loads are numbered and only the newest may show what it got: a page
  // that loads again when its region changes must not show the first
  // answer (the whole market, the larger) because it arrived last.
  let asked = 0
  async function load() {
    const mine = ++asked
    loading.value = true
    loadError.value = ''
    notFound.value = false
    try {
      const got = await fetch()
      if (mine !== asked) return
      data.value = got
      onLoaded?.(got)
    } catch (e) {
      if (mine !== asked) return
      if (e instanceof ApiError && e.status === 404) notFound.value = true
      else loadError.value = errorMessage(e, '加载失败，请稍后再试')
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  void load()
  return { data, loading, notFound, loadError, load }
}

/**
 * Saving a form the server checks: the messages of an earlier try go first (so that none stays
 * under a field that is now right); the API's field messages land in errors (bound to the form
 * items' :error), any other refusal goes to refused (by default shown as its message). saving
 * is true while send() runs; save() passes its arguments on to send().
 */
export function useSave<A extends unknown[]>(
  errors: Record<string, string>,
  send: (...args: A) => Promise<void>,
  refused: (e: unknown) => void = (e) => ElMessage.error(errorMessage(e)),
): { saving: Ref<boolean>; save: (...args: A) => Promise<void> } {
  const saving = ref(false)
  async function save(...args: A) {
    applyFieldErrors(errors, null)
    saving.value = true
    try {
      await send(...args)
    } catch (e) {
      if (!applyFieldErrors(errors, e)) refused(e)
    } finally {
      saving.value = false
    }
  }
  return { saving, save }
}

/** The refusal of a save shown as its message, or as fallback when it has none. */
export const showRefusal = (fallback: string) => (e: unknown) => ElMessage.error(errorMessage(e, fallback))

/**
 * Submitting a form: the client rules (and check(), if any) first, then saving as useSave does.
 */
export function useFormSubmit(
  formRef: Ref<FormInstance | undefined>,
  errors: Record<string, string>,
  send: () => Promise<void>,
  check: () => boolean = () => true,
  refused?: (e: unknown) => void,
): { saving: Ref<boolean>; submit: () => Promise<void> } {
  const { saving, save } = useSave(errors, send, refused)
  async function submit() {
    const valid = await formRef.value?.validate().catch(() => false)
    if (!check() || !valid) return
    await save()
  }
  return { saving, submit }
}

/** What FormDialog shows and runs: open or not, busy while confirming, and the confirming act. */
export interface DialogState {
  visible: Ref<boolean>
  busy: Readonly<Ref<boolean>>
  confirm: () => Promise<void>
}

export interface DialogForm<R> {
  /** Runs each time the dialog opens: empty the fields (the API's messages are cleared here). */
  reset: () => void
  /** Sends the form; the dialog closes once it resolves. */
  send: () => Promise<R>
  /** After closing, with what send() resolved to (e.g. emit done). */
  done?: (r: R) => void
  /** What to tell the user once it is done, if anything (shown before done runs). */
  said?: () => string | undefined
  /** A check of its own before the client rules; false keeps the dialog open and sends nothing. */
  check?: () => boolean
  /** The el-form with client rules, if any: validated before sending, cleared on opening. */
  formRef?: Ref<FormInstance | undefined>
  /** A refusal without field messages (the request wrapper has shown it unless the call was silent). */
  refused?: (e: unknown) => void
}

/**
 * A dialog that sends one form: fresh each time it opens; confirm() checks, sends, closes; the
 * API's field messages land in errors (bound to the form items' :error) and keep it open.
 */
export function useDialogForm<R>(
  visible: Ref<boolean>,
  errors: Record<string, string>,
  { reset, send, done, said, check = () => true, formRef, refused }: DialogForm<R>,
): DialogState {
  const busy = ref(false)
  watch(visible, (open) => {
    if (!open) return
    reset()
    applyFieldErrors(errors, null)
    formRef?.value?.clearValidate()
  })
  async function confirm() {
    if (!check()) return
    if (formRef && !(await formRef.value?.validate().catch(() => false))) return
    busy.value = true
    try {
      const r = await send()
      visible.value = false
      const message = said?.()
      if (message) ElMessage.success(message)
      done?.(r)
    } catch (e) {
      if (!applyFieldErrors(errors, e)) refused?.(e)
    } finally {
      busy.value = false
    }
  }
  return { visible, busy, confirm }
}

/** The client rules of EventFields (title, start unless optional, end) for an el-form. */
export function eventFormRules(titleLabel: string, { startOptional = false } = {}): FormRules {
  const picked = (what: string) => [{ required: true, message: `请选择${what}`, trigger: 'change' }]
  return {
    title: [
      { required: true, message: `请填写${titleLabel}`, trigger: 'blur' },
      { min: 4, max: 200, message: '标题 4–200 个字符', trigger: 'blur' },
    ],
    ...(startOptional ? {} : { starts: picked('开始时间') }),
    ends: picked('结束时间'),
  }
}

export interface Busy<M> {
  /** What is being acted on now (a row's id, the act's name), idle when nothing is. */
  busy: Ref<M>
  /**
   * Runs one act of the page with busy at mark; act resolves to what to tell the user, shown once
   * it succeeded. A refusal is the request wrapper's to show and changes nothing else: false then.
   */
  run: (mark: M, act: () => Promise<string>) => Promise<boolean>
}

/** The buttons of a page or a list that act one at a time, each busy while its request runs. */
export function useBusy<M>(idle: M): Busy<M> {
  const busy = ref(idle) as Ref<M>
  async function run(mark: M, act: () => Promise<string>): Promise<boolean> {
    busy.value = mark
    try {
      ElMessage.success(await act())
      return true
    } catch {
      return false
    } finally {
      busy.value = idle
    }
  }
  return { busy, run }
}

/**
 * Asks before an act that cannot be taken back: message, under title, with 取消 and the button
 * (button says the act). true when the user confirms, false when they cancel or close the box.
 */
export async function confirmed(
  message: string,
  title: string,
  button: string,
  type: 'warning' | 'info' = 'warning',
): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: button, cancelButtonText: '取消', type })
    return true
  } catch {
    return false
  }
}
