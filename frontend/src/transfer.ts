// Files through the API with the session's bearer token: multipart uploads (the contract text) and
// downloads of what a plain link cannot fetch because it needs the token (the contract PDF, the
// incentives CSV). Failures become ApiError with the API's Chinese message, like api.ts; a 401
// refreshes the session once and retries.

import { ApiError, buildUrl, errorFromResponse, NETWORK_ERROR_MESSAGE, refreshSession, type QueryValue } from './api'
import { getAccessToken } from './tokens'

async function send(method: string, url: string, body?: FormData | string): Promise<Response> {
  const attempt = () => {
    const token = getAccessToken()
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
    if (typeof body === 'string') headers['Content-Type'] = 'application/json'
    return fetch(url, { method, body, headers }).then((res) => ({
      res,
      token,
    }))
  }
  let res: Response
  try {
    const first = await attempt()
    res = first.res
    if (res.status === 401 && first.token && (await refreshSession(first.token)) === 'ok') res = (await attempt()).res
  } catch {
    throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE)
  }
  if (!res.ok) throw await errorFromResponse(res)
  return res
}

/** POSTs one file as multipart field `field`; resolves to the JSON answer. */
export async function uploadFile<T>(path: string, file: Blob, filename: string, field = 'file'): Promise<T> {
  const form = new FormData()
  form.append(field, file, filename)
  const res = await send('POST', buildUrl(path), form)
  return (await res.json()) as T
}

/** POSTs one file (field "file") with form fields; resolves to the JSON answer. */
export async function uploadForm<T>(path: string, file: Blob, filename: string, fields: Record<string, string>): Promise<T> {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', file, filename)
  const res = await send('POST', buildUrl(path), form)
  return (await res.json()) as T
}

/** The file name in a Content-Disposition header, if any. */
export function dispositionName(header: string | null): string {
  if (!header) return ''
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header)
  return plain ? plain[1].trim() : ''
}

/** Fetches an API file with the session and hands it to the browser as a download. */
export async function downloadFile(path: string, fallbackName: string, query?: Record<string, QueryValue>): Promise<void> {
  await saveAs(await send('GET', buildUrl(path, query)), fallbackName)
}

/** Fetches an API file with the session (a confidential attachment needs the token, which an
 * <img src> cannot send) and answers an object URL for it; the caller revokes it. */
export async function fetchObjectURL(path: string): Promise<string> {
  const res = await send('GET', buildUrl(path))
  return URL.createObjectURL(await res.blob())
}

/** POSTs a JSON body to an API route that answers with a file (a PDF drawn from a form), and downloads it. */
export async function downloadPosted(path: string, body: unknown, fallbackName: string): Promise<void> {
  await saveAs(await send('POST', buildUrl(path), JSON.stringify(body)), fallbackName)
}

async function saveAs(res: Response, fallbackName: string): Promise<void> {
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = dispositionName(res.headers.get('Content-Disposition')) || fallbackName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
