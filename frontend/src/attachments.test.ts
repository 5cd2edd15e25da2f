import { describe, expect, it } from 'vitest'
import { attachmentPath, categoriesFor, fileProblem, formatSize, groupAttachments, mediaOf, videoUrlProblem } from './attachments'
import type { ListingAttachment } from './types'

describe('attachments', () => {
  it('tells what a chosen file will be, as far as a name and type tell', () => {
    expect(mediaOf({ name: '样品.PNG', type: '' })).toBe('image')
    expect(mediaOf({ name: 'x', type: 'image/jpeg' })).toBe('image')
    expect(mediaOf({ name: '证书.pdf', type: 'application/pdf' })).toBe('pdf')
    expect(mediaOf({ name: 'a.docx', type: 'application/msword' })).toBeNull()
  })
  it('refuses what the API refuses before sending it', () => {
    expect(fileProblem({ name: 'a.webp', type: 'image/webp', size: 10 })).toContain('WebP')
    expect(fileProblem({ name: 'a.txt', type: 'text/plain', size: 10 })).toContain('PNG')
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 11 << 20 })).toBe('文件不能超过 10 MB')
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toBe('文件是空的')
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 100 })).toBe('')
  })
  it('takes https video links only', () => {
    expect(videoUrlProblem('https://v.example.cn/watch/1')).toBe('')
    expect(videoUrlProblem('http://v.example.cn/1')).toContain('https')
    expect(videoUrlProblem('javascript:alert(1)')).toContain('https')
    expect(videoUrlProblem('https://u:p@v.example.cn/')).toContain('用户名')
    expect(videoUrlProblem('https://v.example.cn/a b')).toContain('空白')
    expect(videoUrlProblem(' ')).toBe('请填写视频链接')
  })
  it('offers documents only for a PDF', () => {
    expect(categoriesFor('pdf')).not.toContain('photo')
    expect(categoriesFor('image')[0]).toBe('photo')
  })
  it('says sizes and addresses', () => {
    expect(formatSize(500)).toBe('500 B')
    expect(formatSize(2048)).toBe('2 KB')
    expect(formatSize(3.5 * (1 << 20))).toBe('3.5 MB')
    expect(attachmentPath('need', { listing_id: 4, id: 9 }, 'thumb')).toBe('/needs/4/attachments/9/thumb')
  })
  it('groups images, documents and videos', () => {
    const a = (id: number, media: ListingAttachment['media']) => ({ id, media }) as ListingAttachment
    const g = groupAttachments([a(1, 'pdf'), a(2, 'image'), a(3, 'video'), a(4, 'image')])
    expect(g.images.map((x) => x.id)).toEqual([2, 4])
    expect(g.files.map((x) => x.id)).toEqual([1])
    expect(g.videos.map((x) => x.id)).toEqual([3])
  })
})
