/**
 * A placement of unknown outcome whose lookup is refused (`invalid-request`: the venue was closed
 * meanwhile) fails at once as of unknown outcome, rather than asking again for `giveUpAfterMs` (virtual
 * time).
 */
import { expect } from 'chai'
import { asyncScheduler, catchError, of } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { placeWithoutDuplicates } from '../../../lib/venues/kit/trading/place-without-duplicates.js'

const cutOff = new VenueError({
  kind: 'timeout',
  venue: 'bybit',
  retryable: false,
  message: 'POST /v5/order/create: the client was closed after the request was sent (1 attempt)',
})
const closed = new VenueError({ kind: 'invalid-request', venue: 'bybit', message: 'bybit venue is closed' })

describe('kit: a placement of unknown outcome whose lookup is refused', () => {
  it('fails at once as of unknown outcome, not a refusal, and sends no second create', () => {
    const scheduler = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
    let creates = 0
    let lookups = 0
    scheduler.run(({ cold, expectObservable }) => {
      const placed$ = placeWithoutDuplicates({
        venue: 'bybit',
        clientOrderId: 'cid-1',
        create: () => {
          creates += 1
          return cold('10ms #', {}, cutOff)
        },
        lookup: () => {
          lookups += 1
          return cold('#', {}, closed)
        },
        now: () => asyncScheduler.now(),
        recvWindowMs: 1000,
        scheduler: asyncScheduler,
        log: silentLogger,
      }).pipe(
        catchError((e: unknown) => {
          const v = e as VenueError
          return of(`${v.kind} ${String(v.retryable)} ${/outcome unknown \(lookup refused/.test(v.message)}`)
        }),
      )
      expectObservable(placed$).toBe('10ms (f|)', { f: 'timeout false true' })
    })
    expect({ creates, lookups }).to.deep.equal({ creates: 1, lookups: 1 })
  })
})
