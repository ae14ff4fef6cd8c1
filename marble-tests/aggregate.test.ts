import { expect } from 'chai'
import { map, NEVER, take, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../lib/core/decimal.js'
import { VenueError } from '../lib/core/errors.js'
import type { BookLevel, OrderBook, UnifiedSymbol, VenueId } from '../lib/core/model.js'
import type { VenueEvent } from '../lib/venues/contract/index.js'
import {
  bestBidAsk$,
  mergedBook$,
  spread$,
  watchPair,
  type BestBidAsk,
  type CrossSpread,
  type MarketPair,
  type MergedBook,
  type MergedLevel,
  type PairQuote,
  type PairState,
  type VenuePrice,
} from '../streams/aggregate/index.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

const SYM: UnifiedSymbol = 'BTC/USDT'
const BYBIT: MarketPair = ['bybit', SYM]
const BINANCE: MarketPair = ['binance', SYM]

type Side = ReadonlyArray<readonly [price: string, size: string]>
const levels = (side: Side): BookLevel[] =>
  side.map(([p, s]) => ({ price: new Decimal(p), size: new Decimal(s) }))
function book(venue: VenueId, bids: Side, asks: Side): OrderBook {
  return {
    venue,
    symbol: SYM,
    bids: levels(bids),
    asks: levels(asks),
    timestamp: new Date(0),
    rawTimestamp: 0,
  }
}

const at = new Date(0)
const disconnected = (venue: VenueId, channel = 'public'): VenueEvent => ({
  type: 'disconnected',
  venue,
  at,
  channel,
  reason: 'socket closed',
})
const reconnecting = (venue: VenueId, channel = 'public'): VenueEvent => ({
  type: 'reconnecting',
  venue,
  at,
  channel,
  attempt: 1,
  delayMs: 1000,
})
const connected = (venue: VenueId): VenueEvent => ({
  type: 'connected',
  venue,
  at,
  channel: 'public',
  reconnect: true,
})
const resync = (venue: VenueId, symbol: UnifiedSymbol): VenueEvent => ({
  type: 'resync',
  venue,
  at,
  symbol,
  reason: 'gap',
})

// Results as text: Decimals compare by value this way, and a failing marble reads like the diagram.
const quoteText = (q: PairQuote) => `${q.venue}:${q.stale ? q.staleReason : 'fresh'}:${q.ageMs ?? '-'}`
const quotesText = (qs: readonly PairQuote[]) => qs.map(quoteText).join(' ')
const priceText = (p: VenuePrice | undefined) =>
  p ? `${p.venue} ${p.size.toString()}@${p.price.toString()}` : '-'
const bestText = (b: BestBidAsk) =>
  `t${b.at.getTime()} ${priceText(b.bid)} / ${priceText(b.ask)} spread ${b.spread?.toString() ?? '-'} | ${quotesText(b.venues)}`
const levelText = (l: MergedLevel) =>
  `${l.price.toString()}x${l.size.toString()}(${l.venues.map((v) => `${v.venue} ${v.size.toString()}@${v.price.toString()}`).join('+')})`
const mergedText = (m: MergedBook) =>
  `t${m.at.getTime()} bids ${m.bids.map(levelText).join(' ')} | asks ${m.asks.map(levelText).join(' ')} | ${quotesText(m.venues)}`
const dec = (d: Decimal | undefined) => d?.toString() ?? '-'
const spreadText = (s: CrossSpread) =>
  `t${s.at.getTime()} ${s.stale ? 'stale' : 'fresh'} ${dec(s.buyASellB)} ${dec(s.buyBSellA)} ${dec(s.midDiff)} ${dec(s.midDiffBps)} | ${quotesText([s.a, s.b])}`

/** How many timers are pending at `frame`: the silence window must not outlive a subscription. */
function pendingAt(scheduler: TestScheduler, frame: number): { count: number | undefined } {
  const seen: { count: number | undefined } = { count: undefined }
  scheduler.schedule(() => {
    seen.count = scheduler.actions.length
  }, frame)
  return seen
}

describe('watchPair (marble)', () => {
  it('starts connecting, turns silent after the window, disconnected at once, fresh on the next book', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const b = book('bybit', [['100', '2']], [['101', '1']])
      const c = book('bybit', [['99', '1']], [['101', '1']])
      const d = book('bybit', [['99', '1']], [['100', '1']])
      const e = book('bybit', [['98', '1']], [['100', '1']])
      const books = hot('  --a--b--------c--d----e-|', { a, b, c, d, e })
      const events = hot(' ------------------x------', { x: disconnected('bybit') })
      const expected = '   C-a--b----S---c--dX---e-|'
      const fresh = (book: OrderBook, t: number): PairState => ({
        pair: BYBIT,
        book,
        stale: false,
        staleReason: undefined,
        lastBookAt: t,
      })
      expectObservable(watchPair(BYBIT, books, events, { staleAfterMs: 5, scheduler })).toBe(expected, {
        C: { pair: BYBIT, book: undefined, stale: true, staleReason: 'connecting', lastBookAt: undefined },
        a: fresh(a, 2),
        b: fresh(b, 5),
        S: { pair: BYBIT, book: b, stale: true, staleReason: 'silent', lastBookAt: 5 },
        c: fresh(c, 14),
        d: fresh(d, 17),
        X: { pair: BYBIT, book: d, stale: true, staleReason: 'disconnected', lastBookAt: 17 },
        e: fresh(e, 22),
      })
      expectSubscriptions(events.subscriptions).toBe('^-----------------------!')
    })
  })

  it("reacts only to its venue's market-data channels and its own symbol's resync", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const b = book('bybit', [['100', '2']], [['101', '1']])
      const books = hot(' -a-----------b-', { a, b })
      const events = hot('--p-o-s-r-dgc--', {
        p: disconnected('bybit', 'private'),
        o: disconnected('binance'),
        s: resync('bybit', 'ETH/USDT'),
        r: resync('bybit', SYM),
        d: disconnected('bybit'),
        g: reconnecting('bybit'),
        c: connected('bybit'),
      })
      const reasons = watchPair(BYBIT, books, events, { staleAfterMs: 100, scheduler }).pipe(
        map((s) => `${s.stale ? s.staleReason : 'fresh'} ${s.book === b ? 'b' : s.book === a ? 'a' : '-'}`),
      )
      // the second drop (reconnecting) repeats the stale state and is not emitted; `connected` is no book
      expectObservable(reasons, '^--------------!').toBe('Ca------R-X--b-', {
        C: 'connecting -',
        a: 'fresh a',
        R: 'resync a',
        X: 'disconnected a',
        b: 'fresh b',
      })
    })
  })

  it('ignores the account channels of every venue', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book('binance', [['100', '1']], [['101', '1']])
      const books = hot(' -a-------', { a })
      const events = hot('--p-w-u-g', {
        p: disconnected('binance', 'private'),
        w: disconnected('binance', 'ws-api'),
        u: reconnecting('binance', 'user-data'),
        g: reconnecting('binance', 'public'),
      })
      const reasons = watchPair(BINANCE, books, events, { staleAfterMs: 100, scheduler }).pipe(
        map((s) => (s.stale ? s.staleReason : 'fresh')),
      )
      expectObservable(reasons).toBe('Ca------X', { C: 'connecting', a: 'fresh', X: 'disconnected' })
    })
  })

  it('keeps connecting (no silence window) before the first book, and a drop then says disconnected', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const books = hot(' ------------a', { a })
      const events = hot('---d---------', { d: disconnected('bybit') })
      const reasons = watchPair(BYBIT, books, events, { staleAfterMs: 5, scheduler }).pipe(
        map((s) => (s.stale ? s.staleReason : 'fresh')),
      )
      expectObservable(reasons, '^------------!').toBe('C--X--------a', {
        C: 'connecting',
        X: 'disconnected',
        a: 'fresh',
      })
    })
  })

  it('restarts the silence window on every book', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const x = book('bybit', [['100', '1']], [['101', '1']])
      const books = hot(' -a---b---c---------', { a: x, b: x, c: x })
      const reasons = watchPair(BYBIT, books, NEVER, { staleAfterMs: 5, scheduler }).pipe(
        map((s) => `${s.stale ? s.staleReason : 'fresh'}${s.lastBookAt ?? ''}`),
      )
      expectObservable(reasons).toBe('Ca---b---c----S----', {
        C: 'connecting',
        a: 'fresh1',
        b: 'fresh5',
        c: 'fresh9',
        S: 'silent9',
      })
    })
  })

  it('waits 5000 ms by default, on the default scheduler', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const reasons = watchPair(BYBIT, cold('a', { a }), NEVER).pipe(
        map((s) => (s.stale ? s.staleReason : 'fresh')),
      )
      expectObservable(reasons).toBe('(Ca) 4996ms S', { C: 'connecting', a: 'fresh', S: 'silent' })
    })
  })

  it("passes the books' error through and stops watching events", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const boom = new VenueError({ kind: 'invalid-request', message: 'unknown symbol' })
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const books = hot(' -a--#', { a }, boom)
      const events = hot<VenueEvent>('-----')
      const reasons = watchPair(BYBIT, books, events, { staleAfterMs: 100, scheduler }).pipe(
        map((s) => (s.stale ? s.staleReason : 'fresh')),
      )
      expectObservable(reasons).toBe('Ca--#', { C: 'connecting', a: 'fresh' }, boom)
      expectSubscriptions(events.subscriptions).toBe('^---!')
    })
  })

  it('leaves no silence timer behind after an unsubscribe', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const books = hot(' -a-----', { a })
      const pending = pendingAt(scheduler, 5)
      const reasons = watchPair(BYBIT, books, NEVER, { staleAfterMs: 10, scheduler }).pipe(
        map((s) => (s.stale ? s.staleReason : 'fresh')),
      )
      expectObservable(reasons, '^--!').toBe('Ca-', { C: 'connecting', a: 'fresh' })
      scheduler.flush()
      expect(pending.count).to.equal(0)
    })
  })

  it('leaves no silence timer behind when the subscriber leaves from inside the book it is given', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const pending = pendingAt(scheduler, 5)
      const reasons = watchPair(BYBIT, cold('a', { a }), NEVER, { staleAfterMs: 10, scheduler }).pipe(
        take(2),
        map((s) => (s.stale ? s.staleReason : 'fresh')),
      )
      expectObservable(reasons).toBe('(Ca|)', { C: 'connecting', a: 'fresh' })
      scheduler.flush()
      expect(pending.count).to.equal(0)
    })
  })

  it('errors with invalid-request on a bad staleAfterMs', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const books = cold<OrderBook>('-')
      expectObservable(watchPair(BYBIT, books, NEVER, { staleAfterMs: 0 })).toBe(
        '#',
        undefined,
        new VenueError({
          kind: 'invalid-request',
          message: 'staleAfterMs must be a number of ms > 0, got 0',
        }),
      )
    })
  })
})

/** Two pairs watched through `watchPair`, with shared events. */
function twoPairs(
  scheduler: TestScheduler,
  bybit: Observable<OrderBook>,
  binance: Observable<OrderBook>,
  events: Observable<VenueEvent>,
  staleAfterMs: number,
): [Observable<PairState>, Observable<PairState>] {
  return [
    watchPair(BYBIT, bybit, events, { staleAfterMs, scheduler }),
    watchPair(BINANCE, binance, events, { staleAfterMs, scheduler }),
  ]
}

describe('bestBidAsk$ (marble)', () => {
  it('takes the best fresh prices, drops a disconnected venue at once, skips unchanged results', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book(
        'bybit',
        [
          ['100', '1'],
          ['99', '1'],
        ],
        [
          ['102', '1'],
          ['103', '1'],
        ],
      )
      const c = book(
        'bybit',
        [
          ['100', '1'],
          ['98', '4'],
        ],
        [
          ['102', '1'],
          ['104', '2'],
        ],
      )
      const b = book('binance', [['101', '2']], [['103', '1']])
      const d = book('binance', [['99', '3']], [['101.5', '2']])
      const bybit = hot('  -a---c----', { a, c })
      const binance = hot('--b-----d-', { b, d })
      const events = hot(' ------x---', { x: disconnected('binance') })
      const expected = '   nab---x-d-'
      const best = bestBidAsk$(twoPairs(scheduler, bybit, binance, events, 100), { scheduler })
      expectObservable(best.pipe(map(bestText)), '^---------!').toBe(expected, {
        n: 't0 - / - spread - | bybit:connecting:- binance:connecting:-',
        a: 't1 bybit 1@100 / bybit 1@102 spread 2 | bybit:fresh:0 binance:connecting:-',
        b: 't2 binance 2@101 / bybit 1@102 spread 1 | bybit:fresh:1 binance:fresh:0',
        x: 't6 bybit 1@100 / bybit 1@102 spread 2 | bybit:fresh:1 binance:disconnected:4',
        d: 't8 bybit 1@100 / binance 2@101.5 spread 1.5 | bybit:fresh:3 binance:fresh:0',
      })
    })
  })

  it('reports a crossed market across venues as a negative spread, and none once the crosser goes silent', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book('bybit', [['100', '1']], [['101', '1']])
      const b = book('binance', [['101.25', '0.5']], [['102', '1']])
      const bybit = hot('  -a-a-a-a-a', { a })
      const binance = hot('--b-------', { b })
      const best = bestBidAsk$(twoPairs(scheduler, bybit, binance, NEVER, 4), { scheduler })
      expectObservable(best.pipe(map(bestText)), '^---------!').toBe('nab---s---', {
        n: 't0 - / - spread - | bybit:connecting:- binance:connecting:-',
        a: 't1 bybit 1@100 / bybit 1@101 spread 1 | bybit:fresh:0 binance:connecting:-',
        b: 't2 binance 0.5@101.25 / bybit 1@101 spread -0.25 | bybit:fresh:1 binance:fresh:0',
        s: 't6 bybit 1@100 / bybit 1@101 spread 1 | bybit:fresh:1 binance:silent:4',
      })
    })
  })
})

describe('mergedBook$ (marble)', () => {
  it('sums fresh venues at equal prices, to depth, and drops each venue once silent', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book(
        'bybit',
        [
          ['100', '1'],
          ['99', '2'],
        ],
        [
          ['101', '1'],
          ['102', '1'],
        ],
      )
      const c = book(
        'bybit',
        [
          ['100', '1'],
          ['99', '2'],
        ],
        [
          ['101', '1'],
          ['102', '1'],
        ],
      )
      const b = book(
        'binance',
        [
          ['100', '3'],
          ['98', '1'],
        ],
        [
          ['101', '2'],
          ['103', '5'],
        ],
      )
      const bybit = hot('  -a---c-----', { a, c })
      const binance = hot('--b--------', { b })
      const expected = '   nab----s--e'
      const merged = mergedBook$(twoPairs(scheduler, bybit, binance, NEVER, 5), { depth: 2, scheduler })
      const bybitOnly =
        'bids 100x1(bybit 1@100) 99x2(bybit 2@99) | asks 101x1(bybit 1@101) 102x1(bybit 1@102)'
      expectObservable(merged.pipe(map(mergedText))).toBe(expected, {
        n: 't0 bids  | asks  | bybit:connecting:- binance:connecting:-',
        a: `t1 ${bybitOnly} | bybit:fresh:0 binance:connecting:-`,
        b:
          't2 bids 100x4(bybit 1@100+binance 3@100) 99x2(bybit 2@99)' +
          ' | asks 101x3(bybit 1@101+binance 2@101) 102x1(bybit 1@102) | bybit:fresh:1 binance:fresh:0',
        s: `t7 ${bybitOnly} | bybit:fresh:2 binance:silent:5`,
        e: 't10 bids  | asks  | bybit:silent:5 binance:silent:8',
      })
    })
  })

  it('merges at fee-adjusted prices and keeps each venue its own price', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book('bybit', [['99', '2']], [['102.01', '1']])
      const b = book('binance', [['100', '3']], [['101', '2']])
      const bybit = hot('  -a-', { a })
      const binance = hot('--b', { b })
      const fees = { binance: new Decimal('0.01') }
      const merged = mergedBook$(twoPairs(scheduler, bybit, binance, NEVER, 100), {
        depth: 5,
        fees,
        scheduler,
      })
      expectObservable(merged.pipe(map(mergedText)), '^--!').toBe('nab', {
        n: 't0 bids  | asks  | bybit:connecting:- binance:connecting:-',
        a: 't1 bids 99x2(bybit 2@99) | asks 102.01x1(bybit 1@102.01) | bybit:fresh:0 binance:connecting:-',
        // 100 × 0.99 = 99 and 101 × 1.01 = 102.01: both land on bybit's levels
        b:
          't2 bids 99x5(bybit 2@99+binance 3@100) | asks 102.01x3(bybit 1@102.01+binance 2@101)' +
          ' | bybit:fresh:1 binance:fresh:0',
      })
    })
  })

  it('errors with invalid-request before subscribing anything when the depth or a fee is bad', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<PairState>('a')
      const error = (message: string) => new VenueError({ kind: 'invalid-request', message })
      expectObservable(mergedBook$([source], { depth: 0 })).toBe(
        '#',
        undefined,
        error('depth must be a positive integer, got 0'),
      )
      // the fee of a venue with no fresh pair yet is checked too
      expectObservable(mergedBook$([source], { fees: { coinbase: new Decimal('1') } })).toBe(
        '#',
        undefined,
        error('the coinbase fee must be between -1 and 1, got 1'),
      )
      expectSubscriptions(source.subscriptions).toBe([])
    })
  })
})

describe('spread$ (marble)', () => {
  it('gives the differences only while both pairs are fresh', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const a = book(
        'bybit',
        [
          ['99', '1'],
          ['98', '1'],
        ],
        [['101', '1']],
      )
      const c = book(
        'bybit',
        [
          ['99', '1'],
          ['97', '5'],
        ],
        [['101', '1']],
      )
      const b = book('binance', [['102', '1']], [['103', '1']])
      const d = book('binance', [['100.5', '1']], [['101.5', '1']])
      const bybit = hot('  -a-----c---', { a, c })
      const binance = hot('--b-----d--', { b, d })
      const events = hot(' -----r-----', { r: resync('binance', SYM) })
      const expected = '   nab--r--d--'
      const [sa, sb] = twoPairs(scheduler, bybit, binance, events, 100)
      expectObservable(spread$(sa, sb, { scheduler }).pipe(map(spreadText)), '^----------!').toBe(expected, {
        n: 't0 stale - - - - | bybit:connecting:- binance:connecting:-',
        a: 't1 stale - - - - | bybit:fresh:0 binance:connecting:-',
        b: 't2 fresh 1 -4 2.5 250 | bybit:fresh:1 binance:fresh:0',
        r: 't5 stale - - - - | bybit:fresh:4 binance:resync:3',
        d: 't8 fresh -0.5 -2.5 1 100 | bybit:fresh:1 binance:fresh:0',
      })
    })
  })
})
