/**
 * The call's deadline bounds every create of a placement: a resend after a search that found nothing
 * is sent only before it, else the placement fails saying nothing was placed (virtual time).
 */
import { expect } from 'chai'
import { asyncScheduler, catchError, of } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Order } from '../../../lib/core/model.js'
import { placeWithoutDuplicates } from '../../../lib/venues/kit/trading/place-without-duplicates.js'

const ORDER: Order = {
  venue: 'bybit',
  symbol: 'BTC/USDT',
  id: '1',
  clientOrderId: 'cid-1',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  price: new Decimal('15600'),
  quantity: new Decimal('0.1'),
  filledQuantity: new Decimal(0),
  status: 'new',
  createdAt: new Date(0),
  timestamp: new Date(0),
  rawTimestamp: 0,
}

const unavailable = new VenueError({ kind: 'temporary', venue: 'bybit', status: 503, message: 'HTTP 503' })

describe('kit: a placement within its deadline', () => {
  let scheduler: TestScheduler
  beforeEach(() => {
    scheduler = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
  })

  /** One placement called at 0 whose first create fails at 10 ms; every lookup answers `found`. */
  function run(
    found: Order | undefined,
    deadlineMs: number,
    expected: string,
    values: Record<string, unknown>,
  ) {
    const sendBys: (number | undefined)[] = []
    scheduler.run(({ cold, expectObservable }) => {
      const placed$ = placeWithoutDuplicates({
        venue: 'bybit',
        clientOrderId: 'cid-1',
        create: (sendBy) => {
          sendBys.push(sendBy)
          return sendBys.length === 1 ? cold('10ms #', {}, unavailable) : cold('10ms (a|)', { a: ORDER })
        },
        lookup: () => cold('5ms (u|)', { u: found }),
        now: () => asyncScheduler.now(),
        recvWindowMs: 1000,
        scheduler: asyncScheduler,
        log: silentLogger,
        options: { graceMs: 0 },
        deadlineMs,
        calledAt: 0,
      })
      const shown = placed$.pipe(
        catchError((e: unknown) => {
          const v = e as VenueError
          return of({ kind: v.kind, retryable: v.retryable, id: v.clientOrderId ?? v.message.slice(0, 11) })
        }),
      )
      expectObservable(shown).toBe(expected, values)
    })
    return sendBys
  }

  it('absent once the receive window passed, after the deadline: not sent again, fails as not placed', () => {
    // failed at 10; conclusive from 1010; lookups at 10, 265, 770, 1775 (absent, conclusive): 1780
    const sendBys = run(undefined, 500, '1780ms (f|)', {
      f: { kind: 'temporary', retryable: true, id: 'order cid-1' },
    })
    expect(sendBys, 'creates, each with its send-by time').to.deep.equal([500])
  })

  it('found by a lookup: the order, whatever the deadline', () => {
    const sendBys = run(ORDER, 500, '15ms (a|)', { a: ORDER })
    expect(sendBys).to.deep.equal([500])
  })

  it('absent before the deadline: sent once more, by the same deadline of the call', () => {
    // conclusive at 1780, within the deadline of 5000: resend 1780-1790
    const sendBys = run(undefined, 5000, '1790ms (a|)', { a: ORDER })
    expect(sendBys).to.deep.equal([5000, 5000])
  })
})
