import { expect } from 'chai'
import { catchError, of } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { VenueError } from '../lib/core/errors.js'
import { beforeSendDeadline } from '../lib/venues/kit/trading/send-deadline.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

const asText = catchError((e: VenueError) => of(`${e.kind}: ${e.message}`))

describe('beforeSendDeadline (marble)', () => {
  it('fails with rate-limit at sendBy when the step has not answered', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const late$ = cold('800ms (a|)').pipe(beforeSendDeadline(500, scheduler, 'bybit', 'the symbol map'))
      expectObservable(late$.pipe(asText)).toBe('500ms (e|)', {
        e: 'rate-limit: not sent within its deadline: still waiting for the symbol map',
      })
    })
  })

  it('passes a step that answers in time, and sets no limit without a deadline', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold('400ms (a|)').pipe(beforeSendDeadline(500, scheduler, 'bybit', 'x'))).toBe(
        '400ms (a|)',
      )
      expectObservable(cold('9000ms (a|)').pipe(beforeSendDeadline(undefined, scheduler, 'bybit', 'x'))).toBe(
        '9000ms (a|)',
      )
    })
  })
})
