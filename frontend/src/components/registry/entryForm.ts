import { computed, reactive, ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { api, applyFieldErrors } from '@/api'

/**
 * The form of a registry entry's dialog: the field messages of the API (those of `fields` beside
 * their field, any other as an alert) and save, which creates at `path` (POST) or updates the
 * entry (PUT path/id), then closes the dialog and hands over what the server saved.
 */
export function useEntryForm<Out>(
  path: string,
  fields: string[],
  entryId: () => number | undefined,
  done: (saved: Out) => void,
  visible: Ref<boolean>,
) {
  const errors = reactive<Record<string, string>>({})
  const busy = ref(false)
  const otherErrors = computed(() =>
    Object.entries(errors)
      .filter(([k, v]) => v && !fields.includes(k))
      .map(([, v]) => v),
  )
  async function save(body: unknown) {
    applyFieldErrors(errors, null)
    busy.value = true
    const id = entryId()
    try {
      const saved = id ? await api.put<Out>(`${path}/${id}`, body, { silent: true }) : await api.post<Out>(path, body, { silent: true })
      visible.value = false
      ElMessage.success(id ? '已保存' : '已登记')
      done(saved)
    } catch (e) {
      if (!applyFieldErrors(errors, e)) errors.other = (e as Error).message
    } finally {
      busy.value = false
    }
  }
  return { errors, busy, otherErrors, save, reset: () => applyFieldErrors(errors, null) }
}
