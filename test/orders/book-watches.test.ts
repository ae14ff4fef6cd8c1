import { expect } from 'chai'
import { Observable, Subject, throwError, VirtualAction, VirtualTimeScheduler } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { OrderBook, UnifiedSymbol, VenueId } from '../../lib/core/model.js'
import { createBookWatches, UNWATCH_AFTER_MS } from '../../lib/orders/book-watches.js'
import { TradingState } from '../../lib/orders/trading-state.js'
import { createRisk } from '../../lib/risk/index.js'
import type { VenueEvent } from '../../lib/venues/contract/events.js'
import { T } from './support.js'

const d = (x: string) => new Decimal(x)
const U: UnifiedSymbol = 'UNW/USD'

/** A book view whose best bid and ask are the given prices. */
const bookOf = (venue: VenueId, symbol: UnifiedSymbol, bid: string, ask: string): OrderBook => ({
  venue,
  symbol,
  bids: [{ price: d(bid), size: d('1') }],
  asks: [{ price: d(ask), size: d('1') }],
  timestamp: new Date(0),
  rawTimestamp: 0,
})

/**
 * Book watches over books fed by the test, on a virtual clock; `log` says when each book was asked for
 * (`+`) and let go (`-`), `marks` when the manager's marks were told of a change.
 */
function setup(options: { refuse?: ReadonlySet<string> } = {}) {
  const clock = new VirtualTimeScheduler(VirtualAction, Infinity)
  const log: string[] = []
  const feeds = new Map<string, Subject<OrderBook>>()
  const events = new Subject<VenueEvent>()
  const client = {
    orderBook$: (venue: VenueId, symbol: UnifiedSymbol): Observable<OrderBook> => {
      const key = `${venue} ${symbol}`
      if (options.refuse?.has(key))
        return throwError(
          () => new VenueError({ kind: 'invalid-request', venue, message: `unknown symbol ${symbol}` }),
        )
      return new Observable<OrderBook>((subscriber) => {
        log.push(`+${key} ${clock.now()}`)
        const feed = new Subject<OrderBook>()
        feeds.set(key, feed)
        const s = feed.subscribe(subscriber)
        return () => {
          s.unsubscribe()
          log.push(`-${key} ${clock.now()}`)
        }
      })
    },
    events$: () => events.asObservable(),
  }
  const model = new TradingState(() => clock.now())
  const marksChanged = new Subject<void>()
  const marks: number[] = []
  marksChanged.subscribe(() => marks.push(clock.now()))
  const needed = new Set<string>()
  const books = createBookWatches({
    client,
    model,
    marksChanged,
    scheduler: clock,
    log: silentLogger,
    needed: (venue, symbol) => needed.has(`${venue} ${symbol}`),
  })
  const at = (ms: number, work: () => void) => clock.schedule(work, ms)
  const feed = (venue: VenueId, symbol: UnifiedSymbol, bid: string, ask: string) =>
    feeds.get(`${venue} ${symbol}`)?.next(bookOf(venue, symbol, bid, ask))
  const end = (venue: VenueId, symbol: UnifiedSymbol) => feeds.get(`${venue} ${symbol}`)?.complete()
  return { clock, log, events, model, marks, needed, books, at, feed, end }
}

describe('book watches', () => {
  it('a book that ended is no watch: the next watch asks for it again', () => {
    const { log, books, feed, end, model } = setup()
    books.watch('mock', T)
    feed('mock', T, '100', '101')
    books.watch('mock', T) // watched: nothing asked
    expect(log).to.deep.equal([`+mock ${T} 0`])
    end('mock', T) // the book's stream completes
    // its last mid still marks, but is no price to check orders by
    expect(model.mark('mock', T)?.toFixed()).to.equal('100.5')
    expect(model.mid('mock', T)).to.equal(undefined)
    books.watch('mock', T)
    expect(log).to.deep.equal([`+mock ${T} 0`, `-mock ${T} 0`, `+mock ${T} 0`])
  })

  it('a risk check waits for a live mid, not a stale one', () => {
    const { clock, books, feed, end } = setup()
    books.watch('mock', T)
    feed('mock', T, '100', '101')
    end('mock', T)
    const waited: number[] = []
    books.midFor('mock', T, 5000).subscribe(() => waited.push(clock.now()))
    expect(waited, 'a stale mid is not enough').to.deep.equal([])
    clock.schedule(() => feed('mock', T, '102', '103'), 1000)
    clock.flush()
    expect(waited).to.deep.equal([1000])
  })

  it('keeps the mid of a watched book; one no longer needed is unwatched after the delay, its mid forgotten', () => {
    const { clock, log, model, marks, books, at, feed } = setup()
    at(0, () => books.watch('mock', T))
    at(10, () => feed('mock', T, '100', '101'))
    at(20, () => books.watch('mock', T)) // already watched: not asked again
    at(1000, () => books.unwatchLater('mock', T))
    at(1000 + UNWATCH_AFTER_MS - 1, () =>
      expect(model.mark('mock', T)?.toFixed(), 'still watched').to.equal('100.5'),
    )
    clock.flush()
    expect(log).to.deep.equal([`+mock ${T} 0`, `-mock ${T} ${1000 + UNWATCH_AFTER_MS}`])
    expect(model.mark('mock', T)).to.equal(undefined)
    expect(marks).to.deep.equal([10, 1000 + UNWATCH_AFTER_MS])
  })

  it('a book needed again before the delay keeps its watch; unwatched after a later delay', () => {
    const { clock, log, model, needed, books, at, feed } = setup()
    at(0, () => books.watch('mock', T))
    at(10, () => feed('mock', T, '100', '101'))
    at(1000, () => books.unwatchLater('mock', T))
    at(2000, () => books.unwatchLater('mock', T)) // one pending unwatch is enough
    at(30_000, () => needed.add(`mock ${T}`)) // an order on it again
    at(40_000, () => books.unwatchLater('mock', T)) // needed: nothing to do
    at(100_000, () => needed.delete(`mock ${T}`))
    at(100_000, () => books.unwatchLater('mock', T))
    at(100_000 + UNWATCH_AFTER_MS - 1, () => expect(model.mark('mock', T)?.toFixed()).to.equal('100.5'))
    clock.flush()
    expect(log).to.deep.equal([`+mock ${T} 0`, `-mock ${T} ${100_000 + UNWATCH_AFTER_MS}`])
  })

  it('close unwatches every book, pending unwatches and stale mids included; nothing is watched after', () => {
    const { clock, log, events, model, marks, books, at, feed } = setup()
    at(0, () => books.watch('mock', T))
    at(0, () => books.watch('mock', U))
    at(10, () => feed('mock', T, '100', '101'))
    at(20, () => books.unwatchLater('mock', U))
    at(500, () => books.close())
    at(600, () => books.watch('mock', 'OTH/USD'))
    at(700, () =>
      events.next({
        type: 'reconnecting',
        venue: 'mock',
        at: new Date(0),
        channel: 'public',
        attempt: 1,
        delayMs: 1,
      }),
    )
    clock.flush()
    expect(log).to.have.members([`+mock ${T} 0`, `+mock ${U} 0`, `-mock ${T} 500`, `-mock ${U} 500`])
    expect(log).to.have.length(4)
    expect(marks, 'no unwatch after close').to.deep.equal([10])
    expect(model.mid('mock', T)?.toFixed(), 'events no longer followed').to.equal('100.5')
  })

  it('a public connection dropping or a book resyncing makes its mids stale: still marks, no mid to check by', () => {
    const { clock, events, model, books, at, feed } = setup()
    const base = { venue: 'mock', at: new Date(0) } as const
    at(0, () => books.watch('mock', T))
    at(10, () => feed('mock', T, '100', '101'))
    at(20, () => events.next({ ...base, type: 'disconnected', channel: 'private', reason: 'gone' }))
    at(21, () => expect(model.mid('mock', T)?.toFixed(), 'a private drop').to.equal('100.5'))
    at(30, () => events.next({ ...base, type: 'resync', symbol: T, reason: 'gap' }))
    at(31, () => expect(model.mid('mock', T), 'resyncing').to.equal(undefined))
    at(40, () => feed('mock', T, '100', '102'))
    at(41, () => expect(model.mid('mock', T)?.toFixed(), 'its next view').to.equal('101'))
    at(50, () => events.next({ ...base, type: 'disconnected', channel: 'public', reason: 'gone' }))
    clock.flush()
    expect(model.mid('mock', T)).to.equal(undefined)
    expect(model.mark('mock', T)?.toFixed()).to.equal('101')
  })

  describe('midFor', () => {
    it('with a mark known, emits at once and watches nothing', () => {
      const { clock, log, model, books } = setup()
      model.setMid('mock', T, d('100.5'))
      const got: unknown[] = []
      books.midFor('mock', T, 5000).subscribe((m) => got.push(m))
      clock.flush()
      expect(got).to.deep.equal([undefined])
      expect(log).to.deep.equal([])
    })

    it('waits for the first mid of a book not watched yet, which stays watched', () => {
      const { clock, log, books, at, feed } = setup()
      const got: string[] = []
      at(0, () =>
        books.midFor('mock', T, 5000).subscribe({
          next: (m) => got.push(`${String(m)} ${clock.now()}`),
          complete: () => got.push(`done ${clock.now()}`),
        }),
      )
      at(1000, () => feed('mock', T, '100', '101'))
      clock.flush()
      expect(got).to.deep.equal(['100.5 1000', 'done 1000'])
      expect(log).to.deep.equal([`+mock ${T} 0`])
    })

    it('gives up at the deadline when no book comes: the risk check refuses as the manager does', () => {
      const { clock, model, books, at } = setup()
      const got: string[] = []
      at(100, () =>
        books.midFor('mock', T, 5000).subscribe({
          next: (m) => got.push(`${String(m)} ${clock.now()}`),
          complete: () => got.push(`done ${clock.now()}`),
        }),
      )
      clock.flush()
      expect(got).to.deep.equal(['undefined 5000', 'done 5000'])
      const order = {
        venue: 'mock',
        symbol: T,
        side: 'buy',
        type: 'limit',
        price: d('99.5'),
        quantity: d('0.1'),
        clientOrderId: 'p4',
      } as const
      const refused = createRisk({ now: () => clock.now(), priceBand: '0.05' }).check(order, model)
      expect(refused).to.include({ kind: 'risk-rejected', rule: 'price-band', value: 'no mid' })
      expect(refused?.message).to.equal(
        'order p4 (buy 0.1 TST/USD) refused by risk rule price-band: no live mid of the mock TST/USD ' +
          'book to check the order against: its book gave none in time, or is reconnecting (the order ' +
          'manager watches the books of its `markets` option from the start, and of each symbol once ordered)',
      )
    })

    it('fails with the refusal of a book the venue will not stream; the next watch asks again', () => {
      const { clock, books } = setup({ refuse: new Set([`mock ${U}`]) })
      const errors: unknown[] = []
      books.midFor('mock', U, 5000).subscribe({ error: (e: unknown) => errors.push(e) })
      books.midFor('mock', U, 5000).subscribe({ error: (e: unknown) => errors.push(e) })
      clock.flush()
      expect(errors).to.have.length(2)
      expect(errors[0]).to.be.instanceOf(VenueError).and.include({ kind: 'invalid-request' })
      expect((errors[1] as Error).message).to.equal('unknown symbol UNW/USD')
    })
  })
})
