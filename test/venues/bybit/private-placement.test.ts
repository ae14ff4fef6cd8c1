import { expect } from 'chai'
import { asyncScheduler, catchError, defer, mergeMap, of, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError, type ErrorKind } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Order } from '../../../lib/core/model.js'
import { hasCode } from '../../../lib/venues/kit/error-table.js'
import {
  placeWithoutDuplicates as place,
  type PlacementSteps,
  type ReconcileOptions,
} from '../../../lib/venues/kit/trading/place-without-duplicates.js'
import { bybitErrorBody } from '../../../lib/venues/bybit/context.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'
import { BYBIT_SPEC } from '../../../lib/venues/bybit/spec.js'

/** The kit's placement as the Bybit driver binds it: its duplicate client order id codes. */
const placeWithoutDuplicates = (steps: Omit<PlacementSteps, 'venue' | 'isDuplicate'>) =>
  place({
    ...steps,
    venue: 'bybit',
    isDuplicate: (e) => hasCode(e, 'bybit', BYBIT_SPEC.errors.duplicateClientOrderId),
  })

/** The error of a Bybit answer with `retCode`, as the driver reads it. */
const bybitError = (retCode: number, retMsg: string) =>
  specResponseError(
    BYBIT_SPEC,
    bybitErrorBody,
    { status: 200, headers: {}, body: JSON.stringify({ retCode, retMsg, result: {}, time: 0 }) },
    { method: 'POST', path: '/v5/order/create', retryAfterMs: undefined },
    0,
  )

const ORDER: Order = {
  venue: 'bybit',
  symbol: 'BTC/USDT',
  id: '1321003749386327552',
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

const err = (kind: ErrorKind) => new VenueError({ kind, venue: 'bybit', message: `fake ${kind}` })

type Cold = TestScheduler['createColdObservable']

/** A failure as a plain value: its kind, whether it may be retried, whether it names the client order id. */
function failed(e: unknown) {
  const v = e as VenueError
  return { failed: v.kind, retryable: v.retryable, namesId: v.message.includes('cid-1') }
}

describe('bybit safe placement (virtual time)', () => {
  let scheduler: TestScheduler
  beforeEach(() => {
    scheduler = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
  })

  /**
   * Runs one placement; `creates` and `lookups` are the answers of successive calls (the last lookup
   * answer repeats). A failure is emitted as `{ failed: kind, retryable }` so marbles can hold it.
   */
  function run(
    creates: ((cold: Cold) => Observable<Order>)[],
    lookups: ((cold: Cold) => Observable<Order | undefined>)[],
    expected: string,
    values: Record<string, unknown>,
    options: ReconcileOptions = {},
    recvWindowMs = 1000,
  ): { creates: number; lookups: number } {
    const count = { creates: 0, lookups: 0 }
    scheduler.run(({ cold, expectObservable }) => {
      const placed$ = placeWithoutDuplicates({
        clientOrderId: 'cid-1',
        create: () =>
          defer(() => {
            const answer = creates[count.creates++]
            if (!answer) throw new Error('unexpected create')
            return answer(cold)
          }),
        lookup: () =>
          defer(() => {
            const answer = lookups[Math.min(count.lookups++, lookups.length - 1)]
            if (!answer) throw new Error('unexpected lookup')
            return answer(cold)
          }),
        now: () => asyncScheduler.now(),
        recvWindowMs,
        scheduler: asyncScheduler,
        log: silentLogger,
        options,
      })
      expectObservable(placed$.pipe(catchError((e: unknown) => of(failed(e))))).toBe(expected, values)
    })
    return count
  }

  it('an answered create is the result; nothing is looked up', () => {
    const n = run([(cold) => cold('10ms (a|)', { a: ORDER })], [], '10ms (a|)', { a: ORDER })
    expect(n).to.deep.equal({ creates: 1, lookups: 0 })
  })

  it('a lost answer: the lookup finds the order and nothing is sent again', () => {
    const n = run(
      [(cold) => cold('10ms #', {}, err('network'))],
      [(cold) => cold('5ms (a|)', { a: ORDER })],
      '15ms (a|)',
      { a: ORDER },
    )
    expect(n).to.deep.equal({ creates: 1, lookups: 1 })
  })

  it('an unreadable 2xx answer (decode) is an unknown outcome: looked up, found, not sent again', () => {
    const n = run(
      [(cold) => cold('10ms #', {}, err('decode'))],
      [(cold) => cold('5ms (a|)', { a: ORDER })],
      '15ms (a|)',
      { a: ORDER },
    )
    expect(n).to.deep.equal({ creates: 1, lookups: 1 })
  })

  it('the first create and the resend after a search must both go out by the call plus the deadline', () => {
    const sendBys: (number | undefined)[] = []
    scheduler.run(({ cold, expectObservable }) => {
      let creates = 0
      const placed$ = cold('100ms (x|)').pipe(
        mergeMap(() =>
          placeWithoutDuplicates({
            clientOrderId: 'cid-1',
            create: (sendBy) => {
              sendBys.push(sendBy)
              return creates++ === 0 ? cold('10ms #', {}, err('timeout')) : cold('10ms (a|)', { a: ORDER })
            },
            lookup: () => cold('5ms (u|)', { u: undefined }),
            now: () => asyncScheduler.now(),
            recvWindowMs: 0,
            scheduler: asyncScheduler,
            log: silentLogger,
            options: { graceMs: 0 },
            deadlineMs: 500,
            calledAt: 40,
          }),
        ),
      )
      // called at 40; the create fails at 110, the lookup 110-115 is conclusive: resend at 115
      expectObservable(placed$).toBe('125ms (a|)', { a: ORDER })
    })
    expect(sendBys).to.deep.equal([540, 540])
  })

  it('a lagging venue: lookups back off (250, 500 ms) until the order shows', () => {
    const n = run(
      [(cold) => cold('10ms #', {}, err('timeout'))],
      [
        (cold) => cold('5ms (u|)', { u: undefined }),
        (cold) => cold('5ms (u|)', { u: undefined }),
        (cold) => cold('5ms (a|)', { a: ORDER }),
      ],
      // lookups start at 10, 265, 770
      '775ms (a|)',
      { a: ORDER },
    )
    expect(n).to.deep.equal({ creates: 1, lookups: 3 })
  })

  it('definitively absent only after the receive window and grace: then one resend', () => {
    // failure at 10; conclusive from 10 + 1000 + 2000 = 3010; lookups start at 10, 265, 770, 1775, 3780
    const n = run(
      [(cold) => cold('10ms #', {}, err('temporary')), (cold) => cold('10ms (a|)', { a: ORDER })],
      [(cold) => cold('5ms (u|)', { u: undefined })],
      '3795ms (a|)',
      { a: ORDER },
    )
    expect(n).to.deep.equal({ creates: 2, lookups: 5 })
  })

  it('the resend is never repeated: a second unknown outcome fails without a third create', () => {
    // failure at 10, conclusive at once (window 0, grace 0): lookup 10-15 absent, resend 15-25 fails,
    // lookup 25-30 absent: fail, never a third create
    const n = run(
      [(cold) => cold('10ms #', {}, err('network')), (cold) => cold('10ms #', {}, err('network'))],
      [(cold) => cold('5ms (u|)', { u: undefined })],
      '30ms (f|)',
      { f: { failed: 'network', retryable: false, namesId: true } },
      { graceMs: 0 },
      0,
    )
    expect(n).to.deep.equal({ creates: 2, lookups: 2 })
  })

  it('a duplicate client id reply is answered by a lookup, not an error', () => {
    const n = run(
      [(cold) => cold('10ms #', {}, bybitError(170141, 'Duplicate clientOrderId'))],
      [(cold) => cold('5ms (a|)', { a: ORDER })],
      '15ms (a|)',
      { a: ORDER },
    )
    expect(n).to.deep.equal({ creates: 1, lookups: 1 })
  })

  it('a duplicate client id whose order the lookups never find: an unknown outcome (timeout), not a refusal', () => {
    // the venue said an order with this id exists: its id must stay taken, so the failure must not read
    // as invalid-request (a refusal that placed nothing)
    const n = run(
      [(cold) => cold('10ms #', {}, bybitError(170141, 'Duplicate clientOrderId'))],
      [(cold) => cold('5ms (u|)', { u: undefined })],
      // absent for certain once the receive window and grace passed (lookups at 10, 265, 770, 1775, 3780)
      '3785ms (f|)',
      { f: { failed: 'timeout', retryable: false, namesId: true } },
    )
    expect(n).to.deep.equal({ creates: 1, lookups: 5 })
  })

  it('a timestamp refusal is sent once more at once (nothing was placed)', () => {
    const n = run(
      [
        (cold) => cold('10ms #', {}, bybitError(10002, 'time window')),
        (cold) => cold('10ms (a|)', { a: ORDER }),
      ],
      [],
      '20ms (a|)',
      { a: ORDER },
    )
    expect(n).to.deep.equal({ creates: 2, lookups: 0 })
  })

  for (const kind of ['invalid-request', 'insufficient-funds', 'auth', 'rate-limit'] as const) {
    it(`a ${kind} refusal is final: no lookup, no resend`, () => {
      const n = run([(cold) => cold('10ms #', {}, err(kind))], [], '10ms (f|)', {
        f: { failed: kind, retryable: err(kind).retryable, namesId: false },
      })
      expect(n).to.deep.equal({ creates: 1, lookups: 0 })
    })
  }

  it('lookups that keep failing never lead to a resend', () => {
    // failure at 10, give up at 10 + 5000: lookups at 10, 265, 770, 1775, 3780, 5785 (the last one ends past it)
    const n = run(
      [(cold) => cold('10ms #', {}, err('network'))],
      [(cold) => cold('5ms #', {}, err('network'))],
      '5790ms (f|)',
      { f: { failed: 'network', retryable: false, namesId: true } },
      { giveUpAfterMs: 5000 },
    )
    expect(n).to.deep.equal({ creates: 1, lookups: 6 })
  })
})
