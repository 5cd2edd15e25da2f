// Listing attachments (images, PDFs, video links): labels, sizes, addresses and the checks a page
// makes before sending. The API decides by the file's content; these only spare a useless upload.

import { kindPath } from './enums'
import type { AttachmentCategory, ListingAttachment, ListingKind } from './types'

/** The categories and their names, as the API knows them (models.AttachmentCategoryLabels). */
export const CATEGORY_LABELS: Record<AttachmentCategory, string> = {
  photo: '图片',
  patent_certificate: '专利证书',
  test_report: '检测报告',
  valuation_report: '评估报告',
  video: '视频',
  other: '其他',
}

/** What a file may be filed as: images anything but a video, PDFs documents only. */
export function categoriesFor(media: 'image' | 'pdf'): AttachmentCategory[] {
  return media === 'image'
    ? ['photo', 'patent_certificate', 'test_report', 'valuation_report', 'other']
    : ['patent_certificate', 'test_report', 'valuation_report', 'other']
}

/** The size limit of one file, as the API enforces it by default (TM_ATTACHMENT_MB). */
export const MAX_ATTACHMENT_BYTES = 10 << 20

/** The media a chosen file will be, judged by its name and type; null: the API would refuse it. */
export function mediaOf(f: { name: string; type: string }): 'image' | 'pdf' | null {
  if (/^image\/(png|jpeg)$/.test(f.type) || /\.(png|jpe?g)$/i.test(f.name)) return 'image'
  if (f.type === 'application/pdf' || /\.pdf$/i.test(f.name)) return 'pdf'
  return null
}

/** The Chinese reason a file cannot be attached, or '' when it may be sent. */
export function fileProblem(f: { name: string; type: string; size: number }, max = MAX_ATTACHMENT_BYTES): string {
  if (/\.webp$/i.test(f.name) || f.type === 'image/webp') return '暂不支持 WebP 图片，请转换为 PNG 或 JPEG 后上传'
  if (!mediaOf(f)) return '只接受 PNG、JPEG 图片或 PDF 文件'
  if (f.size > max) return `文件不能超过 ${max >> 20} MB`
  if (f.size === 0) return '文件是空的'
  return ''
}

/** The Chinese reason a video link is refused, or '' (https only, as the API checks). */
export function videoUrlProblem(raw: string): string {
  const s = raw.trim()
  if (!s) return '请填写视频链接'
  if (/\s/.test(s)) return '视频链接不能包含空白'
  let u: URL
  try {
    u = new URL(s)
  } catch {
    return '视频链接须以 https:// 开头'
  }
  if (u.protocol !== 'https:' || !u.hostname) return '视频链接须以 https:// 开头'
  if (u.username || u.password) return '视频链接不能包含用户名或密码'
  return ''
}

/** A size for people: 812 KB, 3.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1 << 20) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1 << 20)).toFixed(1)} MB`
}

/** The API address of an attachment's file or thumbnail. */
export function attachmentPath(kind: ListingKind, a: Pick<ListingAttachment, 'listing_id' | 'id'>, what: 'content' | 'thumb'): string {
  return `/${kindPath(kind)}/${a.listing_id}/attachments/${a.id}/${what}`
}

/** Images first, then documents, then videos, as the detail page shows them. */
export function groupAttachments(list: ListingAttachment[] | undefined): {
  images: ListingAttachment[]
  files: ListingAttachment[]
  videos: ListingAttachment[]
} {
  const all = list ?? []
  return {
    images: all.filter((a) => a.media === 'image'),
    files: all.filter((a) => a.media === 'pdf'),
    videos: all.filter((a) => a.media === 'video'),
  }
}
