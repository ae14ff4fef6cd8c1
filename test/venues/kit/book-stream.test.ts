import { expect } from 'chai'
import { EMPTY, NEVER, Observable, concat, map, of, take, throwError, toArray } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { BookChange, BookLevel, OrderBook, UnifiedSymbol } from '../../../lib/core/model.js'
import { consecutiveUpdateIds } from '../../../lib/book/sequence-rules.js'
import { createMockVenue, MOCK_CAPABILITIES, type MockVenue } from '../../../lib/venues/mock/index.js'
import type { Venue } from '../../../lib/venues/contract/index.js'
import { BookResyncError, bookFromChanges, orderBook$ } from '../../../lib/venues/kit/book-stream.js'

const SYM: UnifiedSymbol = 'BTC/USDT'
const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
const text = (levels: readonly BookLevel[]) =>
  levels.map((l) => `${l.price.toString()}:${l.size.toString()}`).join(' ')
const bookText = (b: OrderBook) => `${b.sequence} | ${text(b.bids)} | ${text(b.asks)}`

/** A venue whose book stream is whatever the test scripts, one Observable per subscription. */
function scriptedVenue(streams: Array<Observable<BookChange>>): Venue & { subscriptions: number } {
  const mock = createMockVenue()
  const venue = {
    ...mock,
    id: 'mock' as const,
    capabilities: MOCK_CAPABILITIES,
    bookSequence: consecutiveUpdateIds,
    subscriptions: 0,
    bookChanges$: () => {
      const next = streams[venue.subscriptions++]
      return next ?? NEVER
    },
  }
  return venue
}

const level = (price: string, size: string): BookLevel => ({
  price: new Decimal(price),
  size: new Decimal(size),
})
const change = (isSnapshot: boolean, sequence: number, bids: BookLevel[], asks: BookLevel[]): BookChange => ({
  venue: 'mock',
  symbol: SYM,
  isSnapshot,
  sequence,
  bids,
  asks,
  timestamp: new Date(0),
  rawTimestamp: 0,
})

describe('orderBook$', () => {
  let mock: MockVenue | undefined
  afterEach(() => mock?.close())

  it('follows a seeded mock venue exactly, through sequence gaps and disconnects', () => {
    scheduler().run(({ cold, flush }) => {
      mock = createMockVenue({ seed: 7, intervalMs: 10 })
      const m = mock
      const seen: string[] = []
      const truth: string[] = []
      const sub = orderBook$(m, SYM, { depth: 20 }).subscribe((view) => {
        seen.push(bookText(view))
        const venueBook = m.book(SYM)
        truth.push(
          `${view.sequence} | ${text(venueBook.bids.slice(0, 20))} | ${text(venueBook.asks.slice(0, 20))}`,
        )
      })
      cold('500ms a 499ms b 499ms c').subscribe((f) =>
        f === 'b' ? m.faults.disconnect() : m.faults.gap(SYM),
      )
      cold('3000ms a').subscribe(() => sub.unsubscribe())
      flush()
      expect(seen.length).to.be.greaterThan(200)
      // every view the consumer saw equals the venue's own book at that moment
      expect(seen).to.deep.equal(truth)
    })
  })

  it('resubscribes for a fresh snapshot after a gap, and drops stale changes', () => {
    const a = level('100', '1')
    const b = level('101', '1')
    const venue = scriptedVenue([
      of(change(true, 10, [a], [b]), change(false, 10, [level('100', '9')], []), change(false, 12, [], [])),
      of(change(true, 20, [level('99', '2')], [b]), change(false, 21, [level('99', '3')], [])),
    ])
    const views: string[] = []
    scheduler().run(({ flush }) => {
      orderBook$(venue, SYM).subscribe((v) => views.push(bookText(v)))
      flush()
    })
    expect(venue.subscriptions).to.equal(2)
    expect(views).to.deep.equal(['10 | 100:1 | 101:1', '20 | 99:2 | 101:1', '21 | 99:3 | 101:1'])
  })

  it('resyncs a crossed book', () => {
    const venue = scriptedVenue([
      of(
        change(true, 1, [level('100', '1')], [level('101', '1')]),
        change(false, 2, [level('102', '1')], []),
      ),
      concat(of(change(true, 5, [level('100', '1')], [level('101', '1')])), EMPTY),
    ])
    const views: string[] = []
    scheduler().run(({ flush }) => {
      orderBook$(venue, SYM).subscribe((v) => views.push(bookText(v)))
      flush()
    })
    expect(venue.subscriptions).to.equal(2)
    expect(views).to.deep.equal(['1 | 100:1 | 101:1', '5 | 100:1 | 101:1'])
  })

  it('resyncs a book sent a level priced at or below zero, never showing it', () => {
    const venue = scriptedVenue([
      of(change(true, 1, [level('100', '1')], [level('101', '1')]), change(false, 2, [level('0', '5')], [])),
      of(change(true, 5, [level('100', '2')], [level('101', '1')])),
    ])
    const views: string[] = []
    const resyncs: string[] = []
    scheduler().run(({ flush }) => {
      orderBook$(venue, SYM, { onResync: (e) => resyncs.push(e.result.kind) }).subscribe((v) =>
        views.push(bookText(v)),
      )
      flush()
    })
    expect(resyncs).to.deep.equal(['invalid'])
    expect(views).to.deep.equal(['1 | 100:1 | 101:1', '5 | 100:2 | 101:1'])
  })

  it('backs off when the book keeps breaking, at most the backoff ceiling', () => {
    const broken = () =>
      of(change(true, 1, [level('100', '1')], [level('101', '1')]), change(false, 3, [], []))
    const venue = scriptedVenue([broken(), broken(), broken(), broken()])
    scheduler().run(({ flush }) => {
      orderBook$(venue, SYM, { resyncBackoff: { jitter: 'none', initialMs: 100 } }).subscribe()
      flush()
    })
    // 4 scripted streams, then NEVER: every broken stream was resubscribed
    expect(venue.subscriptions).to.equal(5)
  })

  it('passes errors that are not about the book through', () => {
    const venue = scriptedVenue([throwError(() => new VenueError({ kind: 'auth', message: 'no' }))])
    let error: unknown
    orderBook$(venue, SYM).subscribe({ error: (e) => (error = e) })
    expect(error).to.be.instanceOf(VenueError).and.to.have.property('kind', 'auth')
    expect(venue.subscriptions).to.equal(1)
  })

  it('refuses a depth the venue does not offer, before subscribing to anything', () => {
    const venue = scriptedVenue([])
    const limited = {
      ...venue,
      capabilities: {
        ...MOCK_CAPABILITIES,
        marketData: { ...MOCK_CAPABILITIES.marketData, bookDepths: [1, 50] },
      },
    }
    let error: VenueError | undefined
    orderBook$(limited, SYM, { depth: 70 }).subscribe({ error: (e: VenueError) => (error = e) })
    expect(error?.kind).to.equal('invalid-request')
    expect(error?.message).to.equal(
      'mock does not support book depth 70: depth must be a whole number from 1 to 50 (served from its 1, 50 level books)',
    )
    expect(venue.subscriptions).to.equal(0)
  })

  it('streams the next deeper depth the venue offers and cuts the views to the one asked for', () => {
    const bids = Array.from({ length: 12 }, (_, i) => level(String(100 - i), '1'))
    const asks = Array.from({ length: 12 }, (_, i) => level(String(101 + i), '2'))
    const asked: Array<number | undefined> = []
    const venue = scriptedVenue([of(change(true, 1, bids, asks))])
    const limited: Venue = {
      ...venue,
      capabilities: {
        ...MOCK_CAPABILITIES,
        marketData: { ...MOCK_CAPABILITIES.marketData, bookDepths: [1, 50] },
      },
      bookChanges$: (symbol, options) => {
        asked.push(options?.depth)
        return venue.bookChanges$(symbol, options)
      },
    }
    const views: OrderBook[] = []
    orderBook$(limited, SYM, { depth: 7 }).subscribe((v) => views.push(v))
    expect(asked).to.deep.equal([50])
    expect(views.map((v) => [v.bids.length, v.asks.length, v.bids[6]?.price.toString()])).to.deep.equal([
      [7, 7, '94'],
    ])
  })

  it('keeps a diff-depth book whole: a level beyond the depth shown moves up when better ones go', () => {
    // a venue without fixed depths (Binance) never sends a level again that a trim would have dropped
    const venue = scriptedVenue([
      of(
        change(true, 1, [level('100', '1'), level('99', '1'), level('98', '1')], [level('101', '1')]),
        change(false, 2, [level('100', '0')], []),
        change(false, 3, [level('99', '0')], []),
      ),
    ])
    const views: string[] = []
    orderBook$(venue, SYM, { depth: 2 }).subscribe((v) => views.push(bookText(v)))
    expect(views).to.deep.equal(['1 | 100:1 99:1 | 101:1', '2 | 99:1 98:1 | 101:1', '3 | 98:1 | 101:1'])
  })

  it('retries a failure the venue may recover from, with backoff, and then streams', () => {
    new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    }).run(({ expectObservable }) => {
      const venue = scriptedVenue([
        throwError(() => new VenueError({ kind: 'network', message: 'getaddrinfo ENOTFOUND' })),
        throwError(() => new VenueError({ kind: 'circuit-open', message: 'failing fast' })),
        of(change(true, 1, [level('100', '1')], [level('101', '1')])),
      ])
      const views = orderBook$(venue, SYM, { resyncBackoff: { initialMs: 100, jitter: 'none' } }).pipe(
        map((v) => v.bids[0]?.price.toString()),
      )
      // 100 ms, then 200 ms: the backoff doubles while the venue stays down
      expectObservable(views).toBe('300ms (a|)', { a: '100' })
    })
  })
})

describe('bookFromChanges', () => {
  it('errors with BookResyncError describing the gap', async () => {
    const venue = scriptedVenue([of(change(true, 1, [], []), change(false, 5, [], []))])
    let error: unknown
    const views = await new Promise<OrderBook[]>((resolve) =>
      bookFromChanges(venue, SYM)
        .pipe(take(5), toArray())
        .subscribe({ next: resolve, error: (e) => ((error = e), resolve([])) }),
    )
    expect(views).to.deep.equal([])
    expect(error).to.be.instanceOf(BookResyncError)
    expect((error as BookResyncError).message).to.contain('expected 2, got 5')
    expect((error as BookResyncError).retryable).to.equal(true)
  })
})
