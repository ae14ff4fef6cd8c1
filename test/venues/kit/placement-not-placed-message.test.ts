/**
 * A placement found never placed, whose deadline passed before it could be sent again, fails retryable,
 * and its message says the same: nothing was placed and placing it again is safe (virtual time).
 */
import { expect } from 'chai'
import { asyncScheduler } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { placeWithoutDuplicates } from '../../../lib/venues/kit/trading/place-without-duplicates.js'

const unavailable = new VenueError({ kind: 'temporary', venue: 'bybit', status: 503, message: 'HTTP 503' })

describe('kit: a placement not placed, past its deadline', () => {
  it('fails retryable, saying it may be placed again, and not that its answer was lost', () => {
    const scheduler = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
    let failure: VenueError | undefined
    scheduler.run(({ cold, flush }) => {
      placeWithoutDuplicates({
        venue: 'bybit',
        clientOrderId: 'cid-1',
        create: () => cold('10ms #', {}, unavailable),
        lookup: () => cold('5ms (u|)', { u: undefined }),
        now: () => asyncScheduler.now(),
        recvWindowMs: 1000,
        scheduler: asyncScheduler,
        log: silentLogger,
        options: { graceMs: 0 },
        deadlineMs: 500,
        calledAt: 0,
      }).subscribe({ error: (e: unknown) => (failure = e as VenueError) })
      flush()
    })
    expect(failure).to.be.instanceOf(VenueError)
    const { kind, retryable, message } = failure as VenueError
    expect({ kind, retryable }).to.deep.equal({ kind: 'temporary', retryable: true })
    expect(message).to.match(/^order cid-1: not placed: /)
    expect(message).to.include('safe to place again')
    // a 503 is an answer: the create's outcome was unknown, not its answer lost
    expect(message).not.to.include('went unanswered')
    expect(message).to.match(/: HTTP 503$/)
  })
})
