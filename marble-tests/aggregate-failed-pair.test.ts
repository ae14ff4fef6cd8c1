import { map, NEVER, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../lib/core/errors.js'
import type { OrderBook } from '../lib/core/model.js'
import { bestBidAsk$, mergedBook$, spread$, watchPair, type PairState } from '../streams/aggregate/index.js'
import { BINANCE, BYBIT, book, newScheduler, quoteText } from './aggregate-pairs-support.js'

// A pair whose stream fails (its venue never reached) must not take the other pairs down with it.

const unreachable = new VenueError({ kind: 'network', venue: 'binance', message: 'cannot reach binance' })
const unknownSymbol = new VenueError({ kind: 'invalid-request', venue: 'binance', message: 'unknown symbol' })

describe('aggregates over a pair that fails', () => {
  function pairs(
    scheduler: TestScheduler,
    bybit: Observable<OrderBook>,
    binance: Observable<OrderBook>,
  ): Observable<PairState>[] {
    return [
      watchPair(BYBIT, bybit, NEVER, { staleAfterMs: 100, scheduler }),
      watchPair(BINANCE, binance, NEVER, { staleAfterMs: 100, scheduler }),
    ]
  }

  it('bestBidAsk$ goes on with the others, the failed pair flagged with its error', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const bybit = hot('-a---b---c', {
        a: book('bybit', '100'),
        b: book('bybit', '101'),
        c: book('bybit', '102'),
      })
      const binance = hot<OrderBook>('--x-#', { x: book('binance', '150') }, unreachable)
      const best = bestBidAsk$(pairs(scheduler, bybit, binance), { scheduler }).pipe(
        map(
          (q) =>
            `${q.bid?.venue ?? '-'} ${q.bid?.price.toString() ?? '-'} | ${q.venues.map(quoteText).join(' ')}`,
        ),
      )
      expectObservable(best, '^---------!').toBe('nax-yb---c', {
        n: '- - | bybit:connecting binance:connecting',
        a: 'bybit 100 | bybit:fresh binance:connecting',
        x: 'binance 150 | bybit:fresh binance:fresh',
        y: 'bybit 100 | bybit:fresh binance:disconnected(network)',
        b: 'bybit 101 | bybit:fresh binance:disconnected(network)',
        c: 'bybit 102 | bybit:fresh binance:disconnected(network)',
      })
    })
  })

  it('fails with the last error once every pair has failed', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const down = new VenueError({ kind: 'network', venue: 'bybit', message: 'cannot reach bybit' })
      const bybit = hot<OrderBook>('-a----#', { a: book('bybit', '100') }, down)
      const binance = hot<OrderBook>('---#', {}, unreachable)
      const best = bestBidAsk$(pairs(scheduler, bybit, binance), { scheduler }).pipe(
        map((q) => q.venues.map(quoteText).join(' ')),
      )
      expectObservable(best).toBe(
        'na-x--#',
        {
          n: 'bybit:connecting binance:connecting',
          a: 'bybit:fresh binance:connecting',
          x: 'bybit:fresh binance:disconnected(network)',
        },
        down,
      )
    })
  })

  it('fails at once on an error of the request itself (invalid-request)', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const bybit = hot('-a----b', { a: book('bybit', '100'), b: book('bybit', '101') })
      const binance = hot<OrderBook>('---#', {}, unknownSymbol)
      const best = bestBidAsk$(pairs(scheduler, bybit, binance), { scheduler }).pipe(
        map((q) => q.venues.map(quoteText).join(' ')),
      )
      expectObservable(best).toBe(
        'na-#',
        { n: 'bybit:connecting binance:connecting', a: 'bybit:fresh binance:connecting' },
        unknownSymbol,
      )
    })
  })

  it('mergedBook$ and spread$ go on too', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const bybit = hot('-a---b', { a: book('bybit', '100'), b: book('bybit', '101') })
      const binance = hot<OrderBook>('--x-#', { x: book('binance', '150') }, unreachable)
      const merged = mergedBook$(pairs(scheduler, bybit, binance), { scheduler }).pipe(
        map(
          (m) => `${m.bids.map((l) => l.price.toString()).join(',')} | ${m.venues.map(quoteText).join(' ')}`,
        ),
      )
      expectObservable(merged, '^-----!').toBe('nax-yb', {
        n: ' | bybit:connecting binance:connecting',
        a: '100 | bybit:fresh binance:connecting',
        x: '150,100 | bybit:fresh binance:fresh',
        y: '100 | bybit:fresh binance:disconnected(network)',
        b: '101 | bybit:fresh binance:disconnected(network)',
      })
      const [a, b] = pairs(scheduler, bybit, binance)
      const spreads = spread$(a as Observable<PairState>, b as Observable<PairState>, { scheduler }).pipe(
        map((s) => `${s.stale ? 'stale' : 'fresh'} ${quoteText(s.a)} ${quoteText(s.b)}`),
      )
      expectObservable(spreads, '^-----!').toBe('nax-yb', {
        n: 'stale bybit:connecting binance:connecting',
        a: 'stale bybit:fresh binance:connecting',
        x: 'fresh bybit:fresh binance:fresh',
        y: 'stale bybit:fresh binance:disconnected(network)',
        b: 'stale bybit:fresh binance:disconnected(network)',
      })
    })
  })
})
