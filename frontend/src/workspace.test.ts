import { describe, expect, it } from 'vitest'
import { landingPath, pendingTotal, reviewClockText, splitWorkItems, workItemView, workspaceLead, WORKSPACE_PATH } from './workspace'
import type { WorkItem } from './types'

const item = (key: string, count: number): WorkItem => ({ key, count, entries: [] })

describe('workItemView', () => {
  it('names each item and links it to the page where it is done', () => {
    expect(workItemView('contracts_submitted')).toMatchObject({ label: '待审查合同', link: '/review' })
    expect(workItemView('contracts_submitted').entryLink({ id: 7, title: '', note: '', urgent: false })).toBe('/contracts/7')
    expect(workItemView('live_bids').entryLink({ id: 3, title: '', note: '', urgent: false })).toBe('/auctions/3')
    expect(workItemView('matches_to_answer').link).toBe('/my/matches?status=proposed')
    expect(workItemView('needs_pending').link).toBe('/moderation?tab=need')
    expect(workItemView('matches_negotiating')).toMatchObject({ label: '洽谈中', stage: true })
  })

  it('still shows an item it does not know', () => {
    expect(workItemView('something_new')).toMatchObject({ label: 'something_new', link: WORKSPACE_PATH })
  })
})

describe('splitWorkItems and pendingTotal', () => {
  const items = [item('matches_proposed', 4), item('roadshow_intents', 2), item('matches_agreed', 1), item('needs_pending', 3)]
  it('puts the pipeline’s stages apart, in order', () => {
    const { stages, cards } = splitWorkItems(items)
    expect(stages.map((s) => s.key)).toEqual(['matches_proposed', 'matches_agreed'])
    expect(cards.map((s) => s.key)).toEqual(['roadshow_intents', 'needs_pending'])
  })
  it('counts the to-dos, not the work in progress', () => {
    expect(pendingTotal(items)).toBe(5)
    expect(pendingTotal([])).toBe(0)
  })
})

describe('reviewClockText', () => {
  it('says the working days waited against the deadline', () => {
    expect(reviewClockText({ id: 1, title: '', note: '', urgent: false, waited_working_days: 3, deadline_working_days: 15 })).toBe(
      '已等待 3 / 15 个工作日',
    )
    expect(reviewClockText({ id: 1, title: '', note: '', urgent: false, deadline_working_days: 30 })).toBe('已等待 0 / 30 个工作日')
    expect(reviewClockText({ id: 1, title: '', note: '', urgent: false })).toBe('')
  })
})

describe('landingPath', () => {
  it('sends a member to the 工作台 and one still waiting to the waiting page, unless redirected', () => {
    expect(landingPath(true, null)).toBe('/workspace')
    expect(landingPath(false, null)).toBe('/waiting')
    expect(landingPath(true, '/contracts/3')).toBe('/contracts/3')
    expect(landingPath(false, '/account')).toBe('/account')
  })
})

describe('workspaceLead', () => {
  it('speaks to each role', () => {
    expect(workspaceLead('reviewer')).toContain('工作日')
    expect(workspaceLead(null)).toBe('')
  })
})
