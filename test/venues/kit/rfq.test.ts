import { expect } from 'chai'
import { catchError, defer, map, mergeMap, of, takeUntil, throwError, timer, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError, type ErrorKind } from '../../../lib/core/errors.js'
import type { Fill, Side } from '../../../lib/core/model.js'
import type { RfqExecution, RfqQuote, RfqRequest, RfqWire } from '../../../lib/venues/contract/rfq.js'
import { rfqSurface, type RfqSurfaceOptions } from '../../../lib/venues/kit/rfq/index.js'

const d = (s: string) => new Decimal(s)
const REQUEST: RfqRequest = { symbol: 'BTC/USD', side: 'two-way', quantity: d('1') }

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

function quoteAt(id: string, at: number, lifeMs: number): RfqQuote {
  return {
    venue: 'falconx',
    symbol: 'BTC/USD',
    id,
    side: 'two-way',
    quantity: d('1'),
    bid: d('99'),
    ask: d('101'),
    expiresAt: new Date(at + lifeMs),
    timestamp: new Date(at),
    rawTimestamp: at,
  }
}

function executionOf(quote: RfqQuote, side: Side, tradeId = `t-${quote.id}`): RfqExecution {
  const at = quote.timestamp
  const fill: Fill = {
    venue: quote.venue,
    symbol: quote.symbol,
    tradeId,
    orderId: quote.id,
    side,
    price: side === 'buy' ? d('101') : d('99'),
    quantity: quote.quantity,
    fee: d('0'),
    feeAsset: 'USD',
    timestamp: at,
    rawTimestamp: at.getTime(),
  }
  return {
    quote,
    fill,
    order: {
      venue: quote.venue,
      symbol: quote.symbol,
      id: quote.id,
      clientOrderId: quote.id,
      side,
      type: 'market',
      timeInForce: 'FOK',
      quantity: quote.quantity,
      filledQuantity: quote.quantity,
      averagePrice: fill.price,
      status: 'filled',
      createdAt: at,
      timestamp: at,
      rawTimestamp: at.getTime(),
    },
  }
}

/** A scripted wire: `accepts[i]` answers the i-th accept, `lookups[i]` the i-th lookup. */
function scriptedWire(
  scheduler: TestScheduler,
  script: {
    readonly lifeMs?: number
    readonly quotes?: ReadonlyArray<(n: number) => Observable<RfqQuote>>
    readonly accepts?: ReadonlyArray<(q: RfqQuote, side: Side) => Observable<RfqExecution>>
    readonly lookups?: ReadonlyArray<(q: RfqQuote, side: Side) => Observable<RfqExecution | undefined>>
  },
) {
  const calls = { quotes: [] as number[], accepts: [] as number[], lookups: [] as number[] }
  const wire: RfqWire = {
    venue: 'falconx',
    requestQuote: () =>
      defer(() => {
        const n = calls.quotes.length
        calls.quotes.push(scheduler.now())
        const scripted = script.quotes?.[n]
        return scripted ? scripted(n) : of(quoteAt(`q${n}`, scheduler.now(), script.lifeMs ?? 3000))
      }),
    accept: (q, side) =>
      defer(() => {
        const n = calls.accepts.length
        calls.accepts.push(scheduler.now())
        const scripted = script.accepts?.[n]
        return scripted ? scripted(q, side) : of(executionOf(q, side))
      }),
    lookup: (q, side) =>
      defer(() => {
        const n = calls.lookups.length
        calls.lookups.push(scheduler.now())
        const scripted = script.lookups?.[n]
        return scripted ? scripted(q, side) : of(undefined)
      }),
  }
  return { wire, calls }
}

const fail = (kind: ErrorKind) => () =>
  throwError(() => new VenueError({ kind, venue: 'falconx', message: kind }))
/** An execution's quote id, or an error's kind. */
const outcome = (x$: Observable<RfqExecution>) =>
  x$.pipe(
    map((x) => `x:${x.quote.id}`),
    catchError((e: unknown) => of(`e:${e instanceof VenueError ? e.kind : String(e)}`)),
  )

function surface(scheduler: TestScheduler, wire: RfqWire, options: RfqSurfaceOptions = {}) {
  return rfqSurface(wire, { scheduler, backoff: { initialMs: 100, maxMs: 400 }, ...options })
}

describe('RFQ kit', () => {
  describe('quote$', () => {
    it('refuses a request without exactly one positive amount, sending nothing', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {})
        const { rfq } = surface(scheduler, wire)
        const kinds = (r: RfqRequest) =>
          rfq.quote$(r).pipe(
            map((q) => q.id),
            catchError((e: VenueError) => of(e.kind)),
          )
        expectObservable(kinds({ symbol: 'BTC/USD', side: 'buy' })).toBe('(a|)', { a: 'invalid-request' })
        expectObservable(kinds({ ...REQUEST, quoteQuantity: d('5') })).toBe('(a|)', { a: 'invalid-request' })
        expectObservable(kinds({ ...REQUEST, quantity: d('0') })).toBe('(a|)', { a: 'invalid-request' })
        expectObservable(kinds({ ...REQUEST, quantity: d('-1') })).toBe('(a|)', { a: 'invalid-request' })
        expectObservable(kinds({ symbol: 'BTC/USD', side: 'sell', quoteQuantity: d('100') })).toBe('(a|)', {
          a: 'q0',
        })
        scheduler.flush()
        expect(calls.quotes).to.have.length(1)
      })
    })
  })

  describe('accept', () => {
    it('executes a valid quote once and puts its order on orders$ and its fill on fills$', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {})
        const { rfq, orders$, fills$ } = surface(scheduler, wire)
        const fills: string[] = []
        const orders: string[] = []
        fills$.subscribe((f) => fills.push(f.tradeId))
        orders$.subscribe((o) => orders.push(`${o.clientOrderId} ${o.status}`))
        const quote = quoteAt('q', 0, 1000)
        expectObservable(outcome(rfq.accept(quote, 'buy'))).toBe('(a|)', { a: 'x:q' })
        scheduler.flush()
        expect(calls.accepts).to.deep.equal([0])
        expect(fills).to.deep.equal(['t-q'])
        expect(orders).to.have.length(1)
        expect(orders[0]).to.match(/ filled$/)
      })
    })

    it('refuses a quote at or past its expiry with expired, sending nothing', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {})
        const { rfq } = surface(scheduler, wire)
        const quote = quoteAt('q', 0, 1000)
        // accepted at 1000 ms: the expiry itself
        const late$ = timer(1000).pipe(mergeMap(() => outcome(rfq.accept(quote, 'buy'))))
        expectObservable(late$).toBe('1000ms (a|)', { a: 'e:expired' })
        scheduler.flush()
        expect(calls.accepts).to.deep.equal([])
      })
    })

    it('resolves a timed-out accept by looking the quote up, and sends it once', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable, cold }) => {
        const { wire, calls } = scriptedWire(scheduler, {
          accepts: [() => cold('50ms #', {}, new VenueError({ kind: 'timeout', message: 'no answer' }))],
          lookups: [(q, side) => of(executionOf(q, side))],
        })
        const { rfq, fills$ } = surface(scheduler, wire)
        const fills: string[] = []
        fills$.subscribe((f) => fills.push(f.tradeId))
        expectObservable(outcome(rfq.accept(quoteAt('q', 0, 5000), 'sell'))).toBe('150ms (a|)', { a: 'x:q' })
        scheduler.flush()
        expect(calls.accepts).to.deep.equal([0])
        expect(calls.lookups).to.deep.equal([150])
        expect(fills).to.deep.equal(['t-q'])
      })
    })

    it('asks again with the backoff while the lookup fails retryably', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {
          accepts: [fail('temporary')],
          lookups: [fail('network'), fail('temporary'), (q, side) => of(executionOf(q, side))],
        })
        const { rfq } = surface(scheduler, wire)
        // lookups at 100, 100 + 200, 300 + 400
        expectObservable(outcome(rfq.accept(quoteAt('q', 0, 5000), 'buy'))).toBe('700ms (a|)', { a: 'x:q' })
        scheduler.flush()
        expect(calls.lookups).to.deep.equal([100, 300, 700])
        expect(calls.accepts).to.have.length(1)
      })
    })

    it('sends a never-executed accept once more while the quote is valid, where the venue refuses a second execution', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, { accepts: [fail('timeout')], lookups: [] })
        const { rfq } = surface(scheduler, wire, { resendOnce: true })
        expectObservable(outcome(rfq.accept(quoteAt('q', 0, 5000), 'buy'))).toBe('100ms (a|)', { a: 'x:q' })
        scheduler.flush()
        expect(calls.accepts).to.deep.equal([0, 100])
      })
    })

    it('never sends a second time without resendOnce: looks up until the quote expires, then fails expired', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, { accepts: [fail('timeout')] })
        const { rfq } = surface(scheduler, wire)
        // lookups at 100, 300, 700, 1100 (400 cap): undefined each; the quote expires at 1000
        expectObservable(outcome(rfq.accept(quoteAt('q', 0, 1000), 'buy'))).toBe('1100ms (a|)', {
          a: 'e:expired',
        })
        scheduler.flush()
        expect(calls.accepts).to.deep.equal([0])
        expect(calls.lookups).to.deep.equal([100, 300, 700, 1100])
      })
    })

    it('never sends a third time: a resent accept with an unknown outcome is only looked up', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {
          accepts: [fail('timeout'), fail('temporary')],
          lookups: [() => of(undefined), () => of(undefined), (q, side) => of(executionOf(q, side))],
        })
        const { rfq } = surface(scheduler, wire, { resendOnce: true })
        expectObservable(outcome(rfq.accept(quoteAt('q', 0, 5000), 'buy'))).toBe('700ms (a|)', { a: 'x:q' })
        scheduler.flush()
        expect(calls.accepts).to.deep.equal([0, 100])
        expect(calls.lookups).to.deep.equal([100, 300, 700])
      })
    })

    it('passes on a refusal that leaves no doubt (insufficient funds) without a lookup', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, { accepts: [fail('insufficient-funds')] })
        const { rfq } = surface(scheduler, wire, { resendOnce: true })
        expectObservable(outcome(rfq.accept(quoteAt('q', 0, 5000), 'buy'))).toBe('(a|)', {
          a: 'e:insufficient-funds',
        })
        scheduler.flush()
        expect(calls.lookups).to.deep.equal([])
      })
    })

    it('takes a second accept of a quote the venue refused outright, not of one whose outcome needed a lookup', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {
          accepts: [fail('insufficient-funds'), (q, s) => of(executionOf(q, s)), fail('timeout')],
          lookups: [fail('auth')],
        })
        const { rfq } = surface(scheduler, wire)
        const refused = quoteAt('r', 0, 5000)
        expectObservable(outcome(rfq.accept(refused, 'buy'))).toBe('(a|)', { a: 'e:insufficient-funds' })
        expectObservable(outcome(rfq.accept(refused, 'buy'))).toBe('(a|)', { a: 'x:r' })
        const unknown = quoteAt('u', 0, 5000)
        expectObservable(outcome(rfq.accept(unknown, 'buy'))).toBe('100ms (a|)', { a: 'e:auth' })
        expectObservable(timer(200).pipe(mergeMap(() => outcome(rfq.accept(unknown, 'buy'))))).toBe(
          '200ms (a|)',
          { a: 'e:invalid-request' },
        )
        scheduler.flush()
        expect(calls.accepts).to.deep.equal([0, 0, 0])
      })
    })

    it('refuses a second accept of one quote and a side a one-sided quote lacks', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {})
        const { rfq } = surface(scheduler, wire)
        const quote = quoteAt('q', 0, 5000)
        expectObservable(outcome(rfq.accept(quote, 'buy'))).toBe('(a|)', { a: 'x:q' })
        expectObservable(outcome(rfq.accept(quote, 'buy'))).toBe('(a|)', { a: 'e:invalid-request' })
        expectObservable(outcome(rfq.accept({ ...quoteAt('b', 0, 5000), side: 'buy' }, 'sell'))).toBe(
          '(a|)',
          {
            a: 'e:invalid-request',
          },
        )
        scheduler.flush()
        expect(calls.accepts).to.have.length(1)
      })
    })

    it('puts a fill seen before on fills$ once', () => {
      const scheduler = newScheduler()
      scheduler.run(() => {
        const { wire } = scriptedWire(scheduler, {
          accepts: [(q, s) => of(executionOf(q, s, 'same')), (q, s) => of(executionOf(q, s, 'same'))],
        })
        const { rfq, fills$ } = surface(scheduler, wire)
        const fills: string[] = []
        fills$.subscribe((f) => fills.push(f.tradeId))
        rfq.accept(quoteAt('a', 0, 5000), 'buy').subscribe()
        rfq.accept(quoteAt('b', 0, 5000), 'buy').subscribe()
        scheduler.flush()
        expect(fills).to.deep.equal(['same'])
      })
    })
  })

  describe('quotes$', () => {
    it('asks for a fresh quote a margin before each expires, until unsubscribed', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, { lifeMs: 3000 })
        const { rfq } = surface(scheduler, wire, { marginMs: 500 })
        expectObservable(rfq.quotes$(REQUEST).pipe(map((q) => q.id)), '^ 6000ms !').toBe(
          'a 2499ms b 2499ms c',
          { a: 'q0', b: 'q1', c: 'q2' },
        )
        scheduler.flush()
        expect(calls.quotes).to.deep.equal([0, 2500, 5000])
      })
    })

    it('ends with the driver: quotes$ and remaining$ complete when `until` says so', () => {
      const scheduler = newScheduler()
      scheduler.run(({ cold, expectObservable }) => {
        const { wire } = scriptedWire(scheduler, { lifeMs: 3000 })
        const closed$ = cold('4000ms c')
        const { rfq } = surface(scheduler, wire, { marginMs: 500, until: () => takeUntil(closed$) })
        expectObservable(rfq.quotes$(REQUEST).pipe(map((q) => q.id))).toBe('a 2499ms b 1499ms |', {
          a: 'q0',
          b: 'q1',
        })
        expectObservable(rfq.remaining$(quoteAt('q', 0, 10_000)).pipe(map(String))).toBe(
          'a 999ms b 999ms c 999ms d 999ms |',
          { a: '10000', b: '9000', c: '8000', d: '7000' },
        )
      })
    })

    it('asks every everyMs when that is sooner', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire } = scriptedWire(scheduler, { lifeMs: 3000 })
        const { rfq } = surface(scheduler, wire)
        expectObservable(rfq.quotes$(REQUEST, { everyMs: 1000 }).pipe(map((q) => q.id)), '^ 2500ms !').toBe(
          'a 999ms b 999ms c',
          { a: 'q0', b: 'q1', c: 'q2' },
        )
      })
    })

    it('retries a retryable failure with the backoff, and fails on one that is not', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire, calls } = scriptedWire(scheduler, {
          lifeMs: 3000,
          quotes: [fail('temporary'), fail('rate-limit'), (n) => of(quoteAt(`q${n}`, scheduler.now(), 3000))],
        })
        const { rfq } = surface(scheduler, wire)
        expectObservable(rfq.quotes$(REQUEST).pipe(map((q) => q.id)), '^ 400ms !').toBe('300ms a', {
          a: 'q2',
        })
        const refused = scriptedWire(scheduler, { quotes: [fail('auth')] })
        const kinds = surface(scheduler, refused.wire)
          .rfq.quotes$(REQUEST)
          .pipe(
            map((q) => q.id),
            catchError((e: VenueError) => of(e.kind)),
          )
        expectObservable(kinds).toBe('(a|)', { a: 'auth' })
        scheduler.flush()
        expect(calls.quotes).to.deep.equal([0, 100, 300])
        expect(refused.calls.quotes).to.have.length(1)
      })
    })
  })

  describe('remaining$', () => {
    it('counts down once a second, gives 0 at the expiry and completes', () => {
      const scheduler = newScheduler()
      scheduler.run(({ expectObservable }) => {
        const { wire } = scriptedWire(scheduler, {})
        const { rfq } = surface(scheduler, wire)
        expectObservable(rfq.remaining$(quoteAt('q', 0, 2500))).toBe('a 999ms b 999ms c 499ms (d|)', {
          a: 2500,
          b: 1500,
          c: 500,
          d: 0,
        })
        expectObservable(rfq.remaining$(quoteAt('old', -5000, 1000))).toBe('(d|)', { d: 0 })
      })
    })
  })
})
