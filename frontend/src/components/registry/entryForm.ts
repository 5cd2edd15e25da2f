import { computed, reactive, type Ref } from 'vue'
import { api } from '@/api'
import { useDialogForm, type DialogState } from '@/pageState'

export interface EntryForm<Out> {
  /** Fills the form each time the dialog opens: from the entry being changed, or blank. */
  fill: () => void
  /** The body to send, the whole form. */
  body: () => unknown
  /** After saving, with what the server saved. */
  done: (saved: Out) => void
}

/**
 * The form of a registry entry's dialog (FormDialog): the field messages of the API (those of
 * `fields` beside their field, any other as an alert) and its confirm, which creates at `path`
 * (POST) or updates the entry (PUT path/id), then closes the dialog and hands over what the server
 * saved.
 */
export function useEntryForm<Out>(
  path: string,
  fields: string[],
  entryId: () => number | undefined,
  visible: Ref<boolean>,
  { fill, body, done }: EntryForm<Out>,
): { errors: Record<string, string>; otherErrors: Readonly<Ref<string[]>>; dialog: DialogState } {
  const errors = reactive<Record<string, string>>({})
  const otherErrors = computed(() =>
    Object.entries(errors)
      .filter(([k, v]) => v && !fields.includes(k))
      .map(([, v]) => v),
  )
  const dialog = useDialogForm<Out>(visible, errors, {
    reset: fill,
    send: () => {
      const id = entryId()
      return id ? api.put<Out>(`${path}/${id}`, body(), { silent: true }) : api.post<Out>(path, body(), { silent: true })
    },
    said: () => (entryId() ? '已保存' : '已登记'),
    done,
    refused: (e) => (errors.other = (e as Error).message),
  })
  return { errors, otherErrors, dialog }
}
